"""Files a session writes stay in its own folder and go when it ends; secrets are never written.

Issue 10: temporary files of a session are removed when it ends, and the
planner's Tianditu key (part of an interactive map's tile addresses) is never
kept in a file on the server: the map is only downloaded.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.session_files import PREFIX, SessionFolder, remove_orphans
from tests.app.conftest import APP, REPO, TIMEOUT, texts

Downloads = dict[str, Callable[[], bytes]]


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary folder, as Python sees it, made private to this test."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _files(folder: Path, since: float = 0.0) -> Iterator[Path]:
    for root, _, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            try:
                if path.is_file() and path.stat().st_mtime >= since:
                    yield path
            except OSError:  # removed meanwhile by another process
                continue


def _holding(folder: Path, text: bytes, since: float = 0.0) -> list[Path]:
    """Files under ``folder`` (changed since ``since``) whose bytes contain ``text``."""
    found = []
    for path in _files(folder, since):
        try:
            if path.stat().st_size < 200 * 2**20 and text in path.read_bytes():
                found.append(path)
        except OSError:  # unreadable, or removed meanwhile by another process
            continue
    return found


def _dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# --------------------------------------------------------------------------- the folder


def test_the_folder_goes_with_its_object(tmp_path: Path) -> None:
    holder = SessionFolder(tmp_path)
    path = holder.path
    (path / "upload.csv").write_text("name,lon,lat\n")
    assert path.parent == tmp_path and path.name.startswith(f"{PREFIX}{os.getpid()}-")
    assert holder.alive
    del holder
    gc.collect()
    assert not path.exists()


def test_remove_empties_it_now(tmp_path: Path) -> None:
    holder = SessionFolder(tmp_path)
    (holder.path / "sub").mkdir()
    holder.remove()
    assert not holder.path.exists() and not holder.alive
    holder.remove()  # a second time does nothing


def test_folders_of_a_stopped_server_are_removed_not_those_of_running_ones(
    tmp_path: Path,
) -> None:
    stopped = tmp_path / f"{PREFIX}{_dead_pid()}-abc"
    running = tmp_path / f"{PREFIX}{os.getpid()}-abc"
    parent = tmp_path / f"{PREFIX}{os.getppid()}-abc"  # another process that runs
    unrelated = [tmp_path / f"{PREFIX}notapid", tmp_path / "servicecircle-export-1"]
    for folder in (stopped, running, parent, *unrelated):
        (folder / "sub").mkdir(parents=True)
    assert remove_orphans(tmp_path) == [stopped]
    assert not stopped.exists()
    assert all(f.exists() for f in (running, parent, *unrelated))


# --------------------------------------------------------------------------- in the app


def _coverage_and_project(at: AppTest) -> None:
    at.button(key="study.load").click().run()
    at.switch_page("app_pages/outlets.py").run()
    at.radio(key="outlets.source").set_value("upload").run()
    csv = b"name,lon,lat\nA,24.945,60.170\nB,24.938,60.168\n"
    at.file_uploader(key="outlets.upload").upload("outlets.csv", csv).run()
    at.switch_page("app_pages/coverage.py").run()
    at.switch_page("app_pages/report.py").run()
    at.radio(key="report.section").set_value("project").run()
    at.button(key="report.scenario_save").click().run()
    assert not at.exception and not at.error, texts(at.error)
    # the report is built into the session's folder
    at.radio(key="report.section").set_value("report").run()
    at.multiselect(key="report.report_formats").set_value(["html"]).run()
    at.button(key="report.report_build").click().run()
    assert not at.exception and not at.error, texts(at.error)


def test_a_sessions_files_are_removed_when_the_session_ends(private_tmp: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    _coverage_and_project(at)
    folder = at.session_state["session.folder"].path
    assert folder.parent == private_tmp
    written = sorted(p.relative_to(folder).parts[0] for p in _files(folder))
    assert written and set(written) == {"report"}, written  # uploads are removed once read
    assert (folder / "report").is_dir()
    del at  # Streamlit drops a session's state when the session ends
    gc.collect()
    assert not folder.exists()
    assert not list(_files(private_tmp))  # no other file was left behind either


def test_sessions_have_their_own_folders(private_tmp: Path) -> None:
    first = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    second = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for at in (first, second):
        at.run()
        _coverage_and_project(at)
    one, two = (at.session_state["session.folder"].path for at in (first, second))
    assert one != two and one.is_dir() and two.is_dir()
    del first
    gc.collect()
    assert not one.exists() and two.is_dir()


def test_the_tianditu_key_is_only_in_the_download(
    app: AppTest, downloads: Downloads, private_tmp: Path
) -> None:
    key = f"tk{uuid.uuid4().hex}"
    started = time.time() - 1
    app.selectbox(key="basemap").set_value("tianditu").run()
    app.text_input(key="tianditu_key").input(key).run()
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/coverage.py").run()
    app.switch_page("app_pages/report.py").run()
    app.button(key="report.map_html_build").click().run()
    assert not app.exception and not app.error, texts(app.error)
    (name,) = [n for n in downloads if n.endswith("_map.html")]
    assert key.encode() in downloads[name]()  # the planner's map has its basemap
    secret = key.encode()
    assert not _holding(REPO / "maps", secret)
    assert not _holding(private_tmp, secret)
    assert not _holding(Path(tempfile.gettempdir()), secret)
    system_tmp = Path(os.environ.get("TMPDIR") or "/tmp")
    assert not _holding(system_tmp, secret, since=started)
    assert not _holding(REPO, secret, since=started)
