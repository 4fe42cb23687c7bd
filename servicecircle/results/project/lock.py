"""One writer at a time per project file: an exclusive lock on a sidecar file.

Saving replaces the project file with :func:`os.replace`, so a lock on the
project file itself would sit on the old inode and the next writer would lock
the new one. The lock is taken instead on ``.NAME.gpkg.lock`` next to the
project (:func:`lock_path`), with :func:`fcntl.flock`:

* the kernel releases it when its process ends, even when killed, so a crashed
  save never blocks the next one;
* the holder removes the lock file before releasing it, and a process that
  acquired a lock checks that the file it locked is still the one at that path
  (else it takes the lock again), so no file is left behind and two processes
  never both believe they hold the lock;
* locks are per open file, so sessions of the app (threads of one process)
  queue as separate processes do.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from servicecircle._io import output_error
from servicecircle.errors import OutputError
from servicecircle.i18n.message import msg

logger = logging.getLogger(__name__)

#: Seconds a save waits for another save of the same project before giving up.
LOCK_TIMEOUT_S: Final = 300.0
#: What a failed save was doing, as its message says it: "Cannot save the project to ...".
SAVE_ACTION: Final = "save the project to"
#: Seconds between two attempts to take a lock that another process holds.
_POLL_S: Final = 0.05


def lock_path(target: Path) -> Path:
    """The sidecar lock file of the project ``target``: ``.NAME.gpkg.lock`` beside it."""
    return target.with_name(f".{target.name}.lock")


@contextmanager
def project_lock(target: Path, *, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the exclusive lock of the project file ``target`` for the ``with`` block.

    Parameters
    ----------
    target
        The project file (it need not exist yet; its folder must).
    timeout
        Seconds to wait for a save by another process or session to finish.

    Raises
    ------
    OutputError
        When the lock is still held after ``timeout`` seconds (the message says
        by which process), or when the lock file cannot be created (read-only
        folder, full disk).
    """
    path = lock_path(target)
    deadline = time.monotonic() + max(0.0, timeout)
    fd = _acquire(path, target, deadline, timeout)
    try:
        _write_owner(fd)
        yield
    finally:
        try:
            path.unlink(missing_ok=True)  # before unlocking: see the module docstring
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _acquire(path: Path, target: Path, deadline: float, timeout: float) -> int:
    """Open and lock ``path``; return its descriptor once the lock is on the live file."""
    waited = False
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise output_error(exc, target, action=SAVE_ACTION, keeps_previous=True) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = _read_owner(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                raise _timed_out(target, path, owner, timeout) from None
            if not waited:
                logger.warning("waiting for another save of %s (%s) to finish", target, owner)
                waited = True
            time.sleep(_POLL_S)
            continue
        except BaseException:
            os.close(fd)
            raise
        if _is_live(fd, path):
            return fd
        fcntl.flock(fd, fcntl.LOCK_UN)  # the holder removed it meanwhile: lock the new one
        os.close(fd)


def _is_live(fd: int, path: Path) -> bool:
    """True when the open file ``fd`` is still the file at ``path``."""
    try:
        current = path.stat()
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (opened.st_dev, opened.st_ino) == (current.st_dev, current.st_ino)


def _write_owner(fd: int) -> None:
    """Note this process in the lock file, for the message of a save that waits too long."""
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    except OSError:  # a full disk: the lock holds without the note
        pass


def _read_owner(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return f"process {text}" if text.isdigit() else "another process"


def _timed_out(target: Path, path: Path, owner: str, timeout: float) -> OutputError:
    return OutputError(
        msg(
            "msg.results.project.locked",
            target=str(target),
            owner=owner,
            seconds=timeout,
            lock=path.name,
        )
    )


__all__ = ["LOCK_TIMEOUT_S", "SAVE_ACTION", "lock_path", "project_lock"]
