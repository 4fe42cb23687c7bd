"""Writing files so that a failure or a kill never leaves half a file, and saying why it failed.

:func:`atomic_path` yields a temporary name beside the target; what the
caller writes there is flushed to disk and moved over the target with
:func:`os.replace` only when the block succeeds, so a reader sees the old
file or the new one, never part of one. :func:`write_text_atomic` is the
common case of a text file.

:func:`write_errors` turns what the operating system or GDAL says when a
file cannot be written into an :class:`~servicecircle.errors.OutputError`
whose message (:func:`output_error`) names the file, the reason
(:func:`failure_kind`: no permission, read-only disk, disk full, a file where
a folder should be...) and what to do. It is the one place that explains
failed writes: results, reports, maps, exports and project files.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from pyogrio.errors import DataLayerError, DataSourceError

from servicecircle.errors import OutputError, error_detail

logger = logging.getLogger(__name__)

#: With less free space than this after a failed write, the disk counts as full
#: (GDAL reports a full disk as e.g. "no such table: gpkg_contents").
DISK_FULL_BYTES: Final = 16 * 2**20

#: The errors pyogrio raises when GDAL cannot write a file or a layer: always a failed write.
GDAL_WRITE_ERRORS: Final = (DataSourceError, DataLayerError)

_FULL_CODES: Final = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
# GDAL's (SQLite's) words for the same causes, lower case
_FULL_TEXT: Final = ("disk is full", "no space left", "disk quota")
_READ_ONLY_TEXT: Final = ("read-only file system", "readonly database")
_DENIED_TEXT: Final = ("permission denied", "operation not permitted")
_IO_TEXT: Final = ("disk i/o error", "input/output error")
#: The error number an OutputError gets for a GDAL error of this kind.
_KIND_CODES: Final = {
    "full": errno.ENOSPC,
    "read-only": errno.EROFS,
    "denied": errno.EACCES,
    "io": errno.EIO,
}

_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.part")


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine.

    On Windows ``os.kill(pid, 0)`` would end the process, so the process is
    opened and its exit code read instead.
    """
    if sys.platform == "win32":  # pragma: no cover - tested on POSIX only
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # no permission to signal it: it exists
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    query_limited_information, still_active = 0x1000, 259
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (renames) to disk, where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory descriptors
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush a file's content to disk."""
    with Path(path).open("rb+") as handle:
        os.fsync(handle.fileno())


def free_bytes(folder: Path) -> int | None:
    """Free space on the disk holding ``folder`` (or its nearest existing parent)."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return None


def _megabytes(count: int | None) -> str:
    return "unknown" if count is None else f"{count / 2**20:,.1f} MB"


def _blocking_file(path: Path) -> Path | None:
    """The first parent of ``path`` that is a file (so no folder can be made there)."""
    for parent in reversed(path.parents):
        if parent.is_file():
            return parent
    return None


def _says(error: BaseException, *phrases: str) -> bool:
    text = str(error).lower()
    return any(phrase in text for phrase in phrases)


def failure_kind(error: BaseException, target: str | os.PathLike[str]) -> str | None:
    """Why writing ``target`` failed, or ``None`` when ``error`` is no failed write.

    The error number of an :class:`OSError` says it, else GDAL's words
    ("database or disk is full", "attempt to write a readonly database"...),
    else the free space: GDAL reports a full disk also as "Failed to commit
    transaction" or, one step later, "no such table: outlets", so any write
    failure while less than :data:`DISK_FULL_BYTES` are free is put down to a
    full disk. Call it as soon as the write failed, before a partly written
    file is removed.

    Returns
    -------
    str or None
        ``"full"``, ``"read-only"``, ``"denied"``, ``"not a folder"`` (a file
        stands where a folder of the path should be), ``"is a folder"``,
        ``"name too long"``, ``"too large"``, ``"io"`` (the disk reported an
        error) or ``"other"``; ``None`` for a :class:`RuntimeError` that is
        neither pyogrio's (:data:`GDAL_WRITE_ERRORS`) nor explained by its
        words or the free space (a programming error, passed on unchanged).
    """
    if not isinstance(error, OSError | RuntimeError):
        return None
    path = Path(target)
    folder = path.parent
    code = error.errno if isinstance(error, OSError) else None
    if code in _FULL_CODES or _says(error, *_FULL_TEXT):
        return "full"
    if code == errno.EROFS or _says(error, *_READ_ONLY_TEXT):
        return "read-only"
    if code in (errno.EACCES, errno.EPERM) or _says(error, *_DENIED_TEXT):
        return "denied"
    if code in (errno.ENOTDIR, errno.EEXIST) and _blocking_file(path) is not None:
        return "not a folder"
    if code == errno.EISDIR:
        return "is a folder"
    if code == errno.ENAMETOOLONG:
        return "name too long"
    free = free_bytes(folder)
    if free is not None and free < DISK_FULL_BYTES:
        return "full"
    if code == errno.EFBIG:
        return "too large"
    if code == errno.EIO or _says(error, *_IO_TEXT):
        return "io"
    if _says(error, "unable to open database file") and not os.access(folder, os.W_OK):
        return "denied"
    if isinstance(error, (OSError, *GDAL_WRITE_ERRORS)):
        return "other"
    return None


def output_error(
    error: BaseException,
    target: str | os.PathLike[str],
    *,
    action: str = "write",
    keeps_previous: bool = False,
) -> OutputError:
    """An :class:`OutputError` saying why ``target`` could not be written, and what to do.

    Parameters
    ----------
    error
        What the write raised (an :class:`OSError`, or GDAL's error).
    target
        The file (or folder) that was to be written.
    action
        What was being done, as the message says it: ``"Cannot {action} {target}: ..."``
        (e.g. ``"save the project to"``).
    keeps_previous
        The write was atomic: end by saying that the previous file is
        unchanged (or that no file was written, when there was none).
    """
    if isinstance(error, OutputError):
        return error
    path = Path(target)
    kind = failure_kind(error, path) or "other"
    return _explained(error, path, kind, action=action, keeps_previous=keeps_previous)


def _explained(
    error: BaseException, path: Path, kind: str, *, action: str, keeps_previous: bool
) -> OutputError:
    """The :class:`OutputError` of :func:`output_error`, once the ``kind`` is known."""
    folder = path.parent
    detail = error.strerror if isinstance(error, OSError) and error.strerror else None
    detail = detail or error_detail(error)
    if kind == "denied":
        reason = (
            f"no permission to write in {folder}. Choose a folder you can write to, close the "
            "file if another program (QGIS, Excel) holds it open, or ask for write access to "
            "this one."
        )
    elif kind == "read-only":
        reason = f"{folder} is on a read-only disk. Choose a folder on a disk you can write to."
    elif kind == "full":
        reason = (
            f"the disk holding {folder} is full ({_megabytes(free_bytes(folder))} free). Free "
            "some space, or choose a folder on another disk."
        )
    elif kind == "not a folder":
        reason = (
            f"{_blocking_file(path)} is a file, not a folder. Choose a folder name that no "
            "file has."
        )
    elif kind == "is a folder":
        reason = "it is a folder. Choose a file name."
    elif kind == "name too long":
        reason = "the name is too long. Choose a shorter path."
    elif kind == "too large":
        reason = "the file would be larger than this disk allows. Choose a folder on another disk."
    elif kind == "io":
        reason = f"the disk reported an error ({detail}). Check the disk, or choose another folder."
    else:
        reason = (
            f"writing failed ({detail}). Check that the folder is writable and has free space, "
            "or choose another folder."
        )
    message = f"Cannot {action} {path}: {reason}"
    if keeps_previous:
        message += " The previous file is unchanged." if path.exists() else " No file was written."
    result = OutputError(message)
    # the error number, also for GDAL's errors (a filename would make str() "[Errno n] ...")
    code = error.errno if isinstance(error, OSError) else None
    result.errno = _KIND_CODES.get(kind) if code is None else code
    return result


@contextmanager
def write_errors(
    target: str | os.PathLike[str], *, action: str = "write", keeps_previous: bool = False
) -> Iterator[None]:
    """Turn a failed write of ``target`` into an :class:`OutputError` with a clear message.

    Every :class:`OSError` and pyogrio's write errors are turned (see
    :func:`failure_kind` and :func:`output_error`, which take ``action`` and
    ``keeps_previous``); another :class:`RuntimeError` only when its words or
    the free space say why the write failed; it passes unchanged otherwise.
    """
    try:
        yield
    except OutputError:
        raise
    except (OSError, RuntimeError) as error:
        kind = failure_kind(error, target)  # now, before a partly written file is removed
        if kind is None:
            raise
        raise _explained(
            error, Path(target), kind, action=action, keeps_previous=keeps_previous
        ) from error


def _temporary_for(target: Path, suffix: str) -> Path:
    token = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    return target.with_name(f".{target.name}.{token}.part{suffix}")


def remove_stale_temporaries(target: Path) -> None:
    """Delete temporary files that a killed write of ``target`` left beside it.

    Only files of processes that no longer run are removed, so a write in
    progress elsewhere is never disturbed.
    """
    if not target.parent.is_dir():
        return
    for leftover in target.parent.glob(f".{glob_escape(target.name)}.*.part*"):
        match = _TEMPORARY.match(leftover.name)
        if match is None or match["name"] != target.name:
            continue
        pid = int(match["pid"])
        if pid != os.getpid() and not pid_alive(pid):
            try:
                leftover.unlink(missing_ok=True)
            except OSError as error:  # e.g. no permission: the write itself will say so
                logger.warning("could not remove %s: %s", leftover, error)
            else:
                logger.info("removed %s left by an interrupted write", leftover.name)


def glob_escape(text: str) -> str:
    """``text`` with the glob wildcards ``*?[`` matched literally."""
    return re.sub(r"([*?\[])", r"[\1]", text)


@contextmanager
def atomic_path(
    target: str | os.PathLike[str],
    *,
    suffix: str | None = None,
    copy_existing: bool = False,
    action: str = "write",
) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it over ``target`` when the block succeeds.

    Temporary files that killed writes of ``target`` left behind are removed
    first (:func:`remove_stale_temporaries`).

    Parameters
    ----------
    target
        The file to write; its folder must exist.
    suffix
        Ending of the temporary name (default: the target's), for writers that
        choose the format from the name.
    copy_existing
        Start from a copy of the existing target (to add a layer to a GeoPackage).
    action
        What is being done, for the message of a failure (see :func:`output_error`).

    Raises
    ------
    OutputError
        When the file cannot be written (see :func:`write_errors`); the old
        file is then left as it was (the message says so) and no temporary
        file remains.
    """
    path = Path(target)
    temporary = _temporary_for(path, path.suffix if suffix is None else suffix)
    try:
        with write_errors(path, action=action, keeps_previous=True):
            remove_stale_temporaries(path)
            if copy_existing and path.exists():
                shutil.copyfile(path, temporary)
            yield temporary
            fsync_file(temporary)
            temporary.replace(path)
    finally:
        for extra in ("", "-journal", "-wal", "-shm"):
            try:
                Path(f"{temporary}{extra}").unlink(missing_ok=True)
            except OSError as error:  # pragma: no cover - the folder changed under our feet
                logger.warning("could not remove %s%s: %s", temporary, extra, error)
    fsync_dir(path.parent)


def write_text_atomic(target: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``target`` atomically (see :func:`atomic_path`); return the path."""
    path = Path(target)
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding=encoding)
    return path
