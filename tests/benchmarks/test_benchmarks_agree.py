"""The benchmarks cannot reward a wrong answer: each agrees with its peer on a tiny
instance, and fails (non-zero exit) when the peer's answer is altered on purpose.

Each benchmark runs as the script it is, in a fresh interpreter, with
``--wrong-peer`` for the second run (it changes one peer time, spopt's
objective, or the fresh library run's times).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
HAS_PANDANA = importlib.util.find_spec("pandana") is not None
HAS_SPOPT = importlib.util.find_spec("spopt") is not None and (
    importlib.util.find_spec("pulp") is not None
)

# (script, arguments of a tiny run)
TINY = {
    "reach": (
        "bench_reach.py",
        ["--quick", "--random-sites", "30"] + ([] if HAS_PANDANA else ["--skip-pandana"]),
    ),
    "isochrones": ("bench_isochrones.py", ["--quick", "--sites", "4", "--breaks", "5", "10"]),
    "siting": ("bench_siting.py", ["--tiny", "--time-limit", "2", "--spopt-time", "30"]),
    "app": ("bench_app.py", ["--quick", "--synthetic", "--no-apptest", "--outlets", "5"]),
}


def run(name: str, *extra: str) -> subprocess.CompletedProcess[str]:
    script, arguments = TINY[name]
    if name == "siting" and not HAS_SPOPT:
        pytest.skip("spopt and pulp (bench extra) are not installed")
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *arguments, *extra],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=BENCHMARKS.parent,
        check=False,
    )


@pytest.mark.parametrize("name", sorted(TINY))
def test_a_benchmark_agrees_with_its_peer_on_a_tiny_instance(name: str) -> None:
    done = run(name)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "agreement: all" in done.stdout
    assert "DISAGREEMENT" not in done.stdout


@pytest.mark.parametrize("name", sorted(TINY))
def test_a_wrong_peer_answer_makes_the_benchmark_fail(name: str) -> None:
    done = run(name, "--wrong-peer")
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    assert "DISAGREEMENT" in done.stdout
    assert "FAILED:" in done.stdout


def test_siting_ratios_only_for_a_plan_as_good_as_spopts() -> None:
    """With spopt's value made better than every plan of ours, no ratio is printed."""
    done = run("siting", "--wrong-peer")
    rows = [line for line in done.stdout.splitlines() if line.startswith("mclp     servicecircle")]
    assert rows
    assert all("worse plan" in row for row in rows)
    assert "ours did not reach spopt's value" in done.stdout
