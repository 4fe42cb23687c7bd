"""An output folder whose results change all at once: written aside, then moved in together.

``analyze`` and ``site`` write :data:`RESULT_FILES` into an ``--out`` folder
that may already hold an earlier run's. :func:`staged_outputs` yields a
staging folder inside it; only when the run succeeds are the new files moved
in, and every earlier result file is moved out at the same switch, so an
``analyze`` never leaves an old ``siting.json`` beside a new analysis. Other
files in the folder (reports, the planner's own files) are not touched.

The switch is journalled so that a kill at any moment leaves either the old
results or the new ones:

1. the staging folder gets a manifest naming the new files;
2. the old result files are moved into a ``previous`` folder (``summary.json``
   first, so readers stop trusting the folder at once);
3. the new files are moved in (``summary.json`` last);
4. the ``previous`` and staging folders are deleted.

:func:`recover_outputs` finishes or undoes a switch whose process was killed:
when every file in the manifest has left the staging folder the switch is
complete and the leftovers are deleted; otherwise the new files go back and
the old ones are restored. It runs before every write and read of a folder.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from servicecircle._io import fsync_dir, output_error, pid_alive, write_errors
from servicecircle.errors import OutputError
from servicecircle.i18n.message import msg

logger = logging.getLogger(__name__)

#: The files of a run, in the order they are moved in (``summary.json`` last).
RESULT_FILES: tuple[str, ...] = ("analysis.gpkg", "siting.gpkg", "siting.json", "summary.json")

STAGING_PREFIX = ".servicecircle-staging-"
PREVIOUS_PREFIX = ".servicecircle-previous-"
MANIFEST = "servicecircle-manifest.json"

_TOKEN = re.compile(r"^(?P<pid>\d+)-[0-9a-f]{8}$")


def check_output_folder(out: str | os.PathLike[str]) -> Path:
    """Refuse an ``--out`` that cannot be a folder, before any work is done.

    Raises
    ------
    OutputError
        When ``out`` (or one of its parents) is a file.
    """
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise OutputError(msg("msg.results.out_is_file", folder=str(folder)))
    for parent in folder.parents:
        if parent.exists() and not parent.is_dir():
            raise OutputError(
                msg("msg.results.out_parent_file", folder=str(folder), parent=str(parent))
            )
    return folder


def _token_of(name: str, prefix: str) -> str | None:
    if not name.startswith(prefix):
        return None
    token = name[len(prefix) :]
    return token if _TOKEN.match(token) else None


def _owner_gone(token: str) -> bool:
    pid = int(token.split("-", maxsplit=1)[0])
    return pid != os.getpid() and not pid_alive(pid)


def recover_outputs(out: str | os.PathLike[str]) -> None:
    """Finish or undo the switches of runs that were killed while writing into ``out``.

    Only switches of processes that no longer run are touched. A folder that
    cannot be changed (read-only) is left as it is, with a warning.
    """
    folder = Path(out)
    if not folder.is_dir():
        return
    tokens: set[str] = set()
    for entry in folder.iterdir():
        for prefix in (STAGING_PREFIX, PREVIOUS_PREFIX):
            token = _token_of(entry.name, prefix)
            if token is not None and entry.is_dir() and _owner_gone(token):
                tokens.add(token)
    for token in sorted(tokens):
        try:
            _settle(folder, token)
        except OSError as error:
            logger.warning("could not tidy an interrupted run in %s: %s", folder, error)


def _manifest(stage: Path) -> list[str] | None:
    try:
        names = json.loads((stage / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(names, list):
        return None
    return [name for name in names if name in RESULT_FILES]


def _settle(folder: Path, token: str) -> None:
    """Complete or roll back the switch ``token`` in ``folder`` (idempotent)."""
    stage = folder / f"{STAGING_PREFIX}{token}"
    previous = folder / f"{PREVIOUS_PREFIX}{token}"
    new = _manifest(stage) if stage.is_dir() else None
    if new is not None and any((stage / name).exists() for name in new):
        # not every new file was moved in: put them back and restore the old ones
        for name in new:
            if not (stage / name).exists() and (folder / name).exists():
                (folder / name).replace(stage / name)
        if previous.is_dir():
            for name in RESULT_FILES:
                if (previous / name).exists():
                    (previous / name).replace(folder / name)
        fsync_dir(folder)
        logger.warning("restored the results in %s that an interrupted run had moved", folder)
    shutil.rmtree(previous, ignore_errors=True)
    shutil.rmtree(stage, ignore_errors=True)


def _switch(stage: Path, folder: Path, token: str) -> list[str]:
    new = [name for name in RESULT_FILES if (stage / name).is_file()]
    if not new:
        raise RuntimeError("the run wrote no result files; nothing to publish")
    (stage / MANIFEST).write_text(json.dumps(new), encoding="utf-8")
    fsync_dir(stage)
    previous = folder / f"{PREVIOUS_PREFIX}{token}"
    previous.mkdir()
    for name in reversed(RESULT_FILES):  # summary.json first
        if (folder / name).exists():
            (folder / name).replace(previous / name)
    fsync_dir(folder)
    for name in new:  # summary.json last
        (stage / name).replace(folder / name)
    fsync_dir(folder)
    return new


def _named_in_folder(error: OutputError, stage: Path, folder: Path) -> OutputError:
    """The same error, naming the files where they were meant to go (not the staging folder)."""
    message = str(error).replace(str(stage), str(folder))
    if message == str(error):
        return error
    renamed = OutputError(message)
    renamed.errno = error.errno
    return renamed


@contextmanager
def staged_outputs(out: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a staging folder for one run's results; move them into ``out`` when the block succeeds.

    ``out`` is created when missing (and removed again when the run fails
    before writing anything into it). Write the :data:`RESULT_FILES` of the
    run into the yielded folder; on success every earlier result file in
    ``out`` is replaced or removed, all at one switch.

    Raises
    ------
    OutputError
        When ``out`` is a file or cannot be written (checked before the block
        runs, so a long computation is not wasted).
    """
    folder = check_output_folder(out)
    created = not folder.exists()
    token = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    stage = folder / f"{STAGING_PREFIX}{token}"
    with write_errors(folder):
        folder.mkdir(parents=True, exist_ok=True)
    recover_outputs(folder)
    with write_errors(folder / "summary.json"):
        stage.mkdir()
    switched = False
    try:
        try:
            yield stage
        except OutputError as error:
            raise _named_in_folder(error, stage, folder) from error.__cause__
        try:
            _switch(stage, folder, token)
        except OSError as error:
            raise output_error(error, folder / "summary.json") from error
        switched = True
    finally:
        try:
            _settle(folder, token)
        except OSError as error:
            logger.warning("could not tidy the staging folder in %s: %s", folder, error)
        if created and not switched:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty
