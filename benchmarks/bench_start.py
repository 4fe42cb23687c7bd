"""CPU of ``servicecircle info sample`` and of the app's first page, beside reading the data.

Target (issue 17): each under 1 s of CPU after set-up, other than reading the
data. Each run is a fresh interpreter (what a planner starts), measured by
this process as the child's user + system CPU (every thread, the
interpreter's start and exit included) and wall time from start to exit.

What counts as reading the data: the calls that parse the sample's files,
timed inside the child with ``time.process_time``: every pyrosm read of the
PBF (``servicecircle.inputs.osm_pbf._pyrosm``: opening the file and each
layer) and every pyogrio read (``pyogrio.read_dataframe``, ``read_info``,
``list_layers``: the sample's GeoJSON layers). Everything else is "other":
importing Python, pandas, geopandas, shapely, pyproj, pyrosm, streamlit and
folium, turning pyrosm's frames into the study area's layers, drawing the
map, printing, exiting.

Subjects:

* ``info``: ``servicecircle info sample`` as a planner types it (with its
  progress bar, output to /dev/null); it must exit 0 and print the sample's
  node count (checked against a fresh library read in this process).
* ``app``: the app opened by Streamlit's AppTest (``app.py``, a new session:
  it opens on the sample and draws the study-area page with its map); it must
  run without an exception, open on the sample and show its map. The AppTest
  harness itself costs CPU a real server does not spend on a page (its own
  imports); ``harness`` is the same harness running a one-line page, so
  "app - harness" is the page's own share.
* ``--server``: ``streamlit run app.py`` as ``servicecircle app`` starts it
  (headless, no file watcher), measured from /proc: "server start" is its
  CPU until it answers its health check and is idle; "server first page" is
  its CPU from then until it is idle again after a chromium page opened the
  app and the map's roads are drawn (wall: from the request to the drawn
  map). Needs Debian's chromium and Playwright (the browser tests' set-up).

Bytecode: an installed app (``pip install`` compiles it) or a checkout run
once has the compiled bytecode of its modules; a start reads it instead of
compiling the sources (0.15-0.2 s of CPU for the app's 150 modules). The
children write and read theirs under a private folder
(``PYTHONPYCACHEPREFIX``, nothing written in the checkouts), after one
unmeasured warm-up start of each subject; ``--cold-bytecode`` measures starts
that compile every module of the checkout, as a Python run with
``PYTHONDONTWRITEBYTECODE=1`` and no bytecode does.

``--repo DIR`` measures another checkout; ``--before DIR`` a second one (e.g.
a worktree of an older commit with a copy of ``static/vendor``: Streamlit
serves no link out of ``static/``), run in turn
with the first so both see the same load; ``--repeats N`` runs each subject
N times and prints the best and the median; ``--target S`` exits 1 when the
best "other" CPU of ``info`` or the app's own share (of ``--repo``) is over S.

    .venv/bin/python benchmarks/bench_start.py [--repeats 5] [--before DIR] [--target 1.0]
        [--only info|app] [--server] [--cold-bytecode] [--quick: the app only, 3 repeats]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from _common import REPO, Agreement  # isort: skip

#: Installed in the child before anything runs: times the reads (see the module docstring).
READING_HOOK = r"""
import importlib.abc, json, sys, time
sys.path.insert(0, REPO)
_reading = {"cpu": 0.0, "wall": 0.0, "calls": 0, "depth": 0}

def _timed(func):
    def reading(*args, **kwargs):
        if _reading["depth"]:  # a read inside a read counts once
            return func(*args, **kwargs)
        _reading["depth"] += 1
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            _reading["cpu"] += time.process_time() - cpu
            _reading["wall"] += time.perf_counter() - wall
            _reading["calls"] += 1
            _reading["depth"] -= 1
            if EACH_READ:  # a server never returns: its reads are written as they end
                _report()
    return reading

_READERS = {
    "servicecircle.inputs.osm_pbf": ("_pyrosm",),
    "pyogrio": ("read_dataframe", "read_info", "list_layers"),
}

class _AfterImport(importlib.abc.MetaPathFinder):
    # Wraps the readers as their module is loaded (nothing is imported earlier than usual).
    def find_spec(self, name, path, target=None):
        if name not in _READERS:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            for attr in _READERS[name]:
                setattr(module, attr, _timed(getattr(module, attr)))
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, _AfterImport())

def _report(**extra):
    with open(REPORT, "w") as out:
        json.dump({**_reading, **extra}, out)
"""

INFO = r"""
import contextlib, io
sys.argv = ["servicecircle", "info", "sample"]
from servicecircle.cli import main
shown = io.StringIO()
with contextlib.redirect_stdout(shown):
    status = main()
import servicecircle
_report(status=status, out=shown.getvalue(), library=servicecircle.__file__)
sys.exit(status)
"""

SERVER = r"""
sys.argv = [
    "streamlit", "run", PAGE, "--server.headless", "true", "--server.port", PORT,
    "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
    "--server.fileWatcherType", "none", "--server.runOnSave", "false",
]
from streamlit.web import cli
cli.main()
"""

APP = r"""
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(PAGE, default_timeout=600)
at.run()
problem = [str(e.value) for e in at.exception]
opened = None
if PAGE.endswith("app.py") and not problem:
    from app_pages._state import AREA_KEY
    area = at.session_state[AREA_KEY] if AREA_KEY in at.session_state else None
    opened = getattr(area, "source", None)
maps = len(at.get("component_instance")) + len(at.get("iframe"))  # folium or a Leaflet page
import servicecircle
_report(problem=problem, opened=opened, maps=maps, library=servicecircle.__file__)
"""


@dataclass(frozen=True)
class Run:
    """One fresh interpreter: its CPU and wall seconds, the reads' share, and what it reported."""

    cpu: float
    wall: float
    reading_cpu: float
    reading_wall: float
    report: dict[str, object]

    @property
    def other(self) -> float:
        """CPU seconds spent on anything but reading the data."""
        return self.cpu - self.reading_cpu


def child_script(code: str, repo: Path, report: Path, page: str = "", port: int = 0) -> str:
    """``code`` after the reading hook, with the names the hook and the subjects use."""
    return (
        f"REPO = {str(repo)!r}\nREPORT = {str(report)!r}\nPAGE = {page!r}\n"
        f"PORT = {str(port)!r}\nEACH_READ = {bool(port)!r}\n" + READING_HOOK + code
    )


def child_env(bytecode: Path | None) -> dict[str, str]:
    """The children's environment: bytecode written and read under ``bytecode`` (None: as is)."""
    env = dict(os.environ)
    if bytecode is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    return env


def run_child(code: str, repo: Path, env: dict[str, str], page: str = "") -> Run:
    """Run ``code`` after the reading hook in a fresh interpreter; measure it from here."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        script = child_script(code, repo, report, page)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
            env=env,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if not report.exists():
            raise SystemExit(f"the child failed ({done.returncode}):\n{done.stderr[-3000:]}")
        reported = json.loads(report.read_text())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(cpu, wall, float(reported["cpu"]), float(reported["wall"]), reported)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: The first page's map: a streamlit-folium component (before) or a Leaflet page in st.iframe.
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"], iframe[data-testid="stIFrame"]'


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settled_cpu(pid: int, quiet: float = 0.02, period: float = 0.5) -> float:
    """The CPU of ``pid`` once it stops working (under ``quiet`` s over ``period`` s, twice)."""
    last, calm = process_cpu(pid), 0
    while calm < 2:
        time.sleep(period)
        now = process_cpu(pid)
        calm = calm + 1 if now - last < quiet else 0
        last = now
    return last


def run_server(repo: Path, env: dict[str, str]) -> tuple[Run, Run]:
    """``streamlit run app.py``: its start, then its first page in chromium (each a :class:`Run`).

    The first page's CPU is the server's from healthy until it is idle again
    after the map's roads are drawn in the browser; its wall time is from the
    browser's request to the drawn map.
    """
    from playwright.sync_api import sync_playwright

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        script = child_script(SERVER, repo, report, str(repo / "app.py"), port)
        start = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-c", script],
            cwd=repo,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    if server.poll() is not None or time.perf_counter() - start > 300:
                        raise SystemExit("the streamlit server did not start") from None
                    time.sleep(0.1)
            started = Run(settled_cpu(server.pid), time.perf_counter() - start, 0.0, 0.0, {})
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
                shown = time.perf_counter()
                page.goto(url)
                roads = page.frame_locator(MAP_FRAME).first.locator("path.leaflet-interactive")
                roads.first.wait_for(timeout=300_000)
                wall = time.perf_counter() - shown
                cpu = settled_cpu(server.pid) - started.cpu
                browser.close()
            read = json.loads(report.read_text()) if report.exists() else {"cpu": 0, "wall": 0}
        finally:
            server.terminate()
            server.wait(timeout=30)
    page_run = Run(cpu, wall, float(read["cpu"]), float(read["wall"]), {"maps": 1})
    return started, page_run


def sample_nodes() -> int:
    """The sample's road-node count, read here by the library (what ``info`` must print)."""
    import warnings

    from servicecircle.inputs import study_area_from

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return int(study_area_from("sample").summary()["nodes"])


def line(name: str, runs: list[Run]) -> str:
    """Best and median of the runs: CPU, reading, other, wall."""

    def both(values: list[float]) -> str:
        return f"{min(values):6.2f} (median {statistics.median(values):5.2f})"

    return (
        f"{name:<17} CPU {both([r.cpu for r in runs])} | reading "
        f"{both([r.reading_cpu for r in runs])} | other {both([r.other for r in runs])} | "
        f"wall {both([r.wall for r in runs])} s"
    )


Results = dict[str, list[Run]]


def measure(
    repo: Path, only: str | None, one_line: Path, into: Results, server: bool, env: dict[str, str]
) -> None:
    """One run of each subject in ``repo``, added to ``into``."""
    if server and only in (None, "app"):
        started, page = run_server(repo, env)
        into["server start"].append(started)
        into["server first page"].append(page)
    if only in (None, "info"):
        into["info"].append(run_child(INFO, repo, env))
    if only in (None, "app"):
        into["app"].append(run_child(APP, repo, env, str(repo / "app.py")))
        into["harness"].append(run_child(APP, repo, env, str(one_line)))


def check(results: Results, repo: Path, nodes: int, agreement: Agreement) -> None:
    """Each run did what it is measured for, in the checkout it was meant to run."""
    for run in results["info"]:
        report = run.report
        agreement.check(report["status"] == 0, f"info exited {report['status']}")
        agreement.check(
            f"{nodes:,}" in str(report["out"]) or str(nodes) in str(report["out"]),
            f"info printed the sample's {nodes} road nodes",
        )
        agreement.check(str(report["library"]).startswith(str(repo)), "info ran the checkout")
    for run in results["app"]:
        report = run.report
        agreement.check(not report["problem"], f"the app ran without exception {report['problem']}")
        agreement.check(report["opened"] == "sample", f"the app opened on {report['opened']}")
        agreement.check(int(str(report["maps"])) >= 1, "the first page shows its map")
        agreement.check(str(report["library"]).startswith(str(repo)), "the app ran the checkout")
    for run in results["server first page"]:
        agreement.check(run.reading_cpu > 0, "the server's first page read the sample")


def summary(title: str, results: Results) -> tuple[float | None, float | None]:
    """Print the runs of one checkout; return the best other CPU of info and of the app's own."""
    print(title)
    for name, runs in results.items():
        if runs:
            print("  " + line(name, runs))
    info = min(r.other for r in results["info"]) if results["info"] else None
    own = None
    if results["app"]:
        harness = min(r.cpu for r in results["harness"])
        own = min(r.other for r in results["app"]) - harness
        print(f"  app's own share (best other CPU - best harness CPU): {own:.2f} s")
    return info, own


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--quick", action="store_true", help="the app only, 3 repeats (bash dev.sh bench)"
    )
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout to measure")
    parser.add_argument(
        "--before", type=Path, default=None, help="another checkout, measured in turn with --repo"
    )
    parser.add_argument("--target", type=float, default=None, help="fail above this other CPU")
    parser.add_argument("--only", choices=("info", "app"), default=None)
    parser.add_argument(
        "--server", action="store_true", help="also streamlit run app.py, opened in chromium"
    )
    parser.add_argument(
        "--cold-bytecode",
        action="store_true",
        help="no bytecode kept between starts: each compiles the checkout's modules",
    )
    args = parser.parse_args()
    if args.quick:
        args.only, args.repeats = args.only or "app", 3
    repos = [args.repo.resolve()] + ([args.before.resolve()] if args.before else [])
    agreement = Agreement()
    nodes = sample_nodes()
    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    subjects = ("info", "app", "harness", "server start", "server first page")
    results: dict[Path, Results] = {r: {name: [] for name in subjects} for r in repos}
    with tempfile.TemporaryDirectory() as folder:
        one_line = Path(folder) / "page.py"
        one_line.write_text('import streamlit as st\nst.write("one line")\n')
        env = child_env(None if args.cold_bytecode else Path(folder) / "bytecode")
        print("bytecode:", "compiled at each start" if args.cold_bytecode else "kept (warm-up)")
        if not args.cold_bytecode:  # the first start of an install compiles; not measured
            for repo in repos:
                warm_up = {name: [] for name in subjects}
                measure(repo, args.only, one_line, warm_up, args.server, env)
        for _ in range(max(args.repeats, 1)):
            for repo in reversed(repos):  # the checkouts in turn, under the same load
                measure(repo, args.only, one_line, results[repo], args.server, env)
    print(f"best of {max(args.repeats, 1)} fresh interpreters, seconds (CPU: user + system)")
    for repo in reversed(repos):
        check(results[repo], repo, nodes, agreement)
        info, own = summary(f"checkout {repo}", results[repo])
        if args.target is not None and repo == repos[0]:
            if info is not None:
                agreement.check(
                    info <= args.target, f"info other CPU {info:.2f} s <= {args.target}"
                )
            if own is not None:
                agreement.check(own <= args.target, f"app own CPU {own:.2f} s <= {args.target}")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    agreement.finish()  # exits 1 on any failed check
    return 0


if __name__ == "__main__":
    sys.exit(main())
