"""Writing files so that a failure or a kill never leaves half a file, and saying why it failed.

:func:`atomic_path` yields a temporary name beside the target; what the
caller writes there is flushed to disk and moved over the target with
:func:`os.replace` only when the block succeeds, so a reader sees the old
file or the new one, never part of one. :func:`write_text_atomic` is the
common case of a text file.

:func:`write_errors` turns what the operating system (or GDAL) says when a
file cannot be written into an :class:`~servicecircle.errors.OutputError`
whose message names the file, the reason (no permission, read-only disk,
disk full, a file where a folder should be) and what to do.
"""

from __future__ import annotations

import contextlib
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

from servicecircle.errors import OutputError

logger = logging.getLogger(__name__)

#: With less free space than this after a failed GDAL write, the disk counts as full
#: (GDAL reports a full disk as e.g. "no such table: gpkg_contents").
DISK_FULL_BYTES = 16 * 2**20

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
    with open(path, "rb+") as handle:
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


def output_error(error: OSError, target: str | os.PathLike[str]) -> OutputError:
    """An :class:`OutputError` saying why ``target`` could not be written, and what to do."""
    if isinstance(error, OutputError):
        return error
    path = Path(target)
    folder = path.parent
    code = error.errno
    if code in (errno.EACCES, errno.EPERM):
        message = (
            f"Cannot write {path}: no permission to write in {folder}. Choose a folder you "
            "can write to, close the file if another program (QGIS, Excel) holds it open, or "
            "ask for write access to this one."
        )
    elif code == errno.EROFS:
        message = (
            f"Cannot write {path}: {folder} is on a read-only disk. Choose a folder on a "
            "disk you can write to."
        )
    elif code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        message = (
            f"Cannot write {path}: the disk holding {folder} is full "
            f"({_megabytes(free_bytes(folder))} free). Free some space, or choose a folder "
            "on another disk."
        )
    elif code in (errno.ENOTDIR, errno.EEXIST) and _blocking_file(path) is not None:
        blocker = _blocking_file(path)
        message = (
            f"Cannot write {path}: {blocker} is a file, not a folder. Choose a folder name "
            "that no file has."
        )
    elif code == errno.EISDIR:
        message = f"Cannot write {path}: it is a folder. Choose a file name."
    elif code == errno.ENAMETOOLONG:
        message = f"Cannot write {path}: the name is too long. Choose a shorter path."
    else:
        reason = error.strerror or str(error) or type(error).__name__
        message = f"Cannot write {path}: {reason}. Choose another folder."
    result = OutputError(message)
    result.errno = code  # (setting filename too would make str() "[Errno n] ...")
    return result


@contextmanager
def write_errors(target: str | os.PathLike[str]) -> Iterator[None]:
    """Turn a failed write of ``target`` into an :class:`OutputError` with a clear message.

    An :class:`OSError` is explained by its error number. GDAL's errors
    (:class:`RuntimeError` from pyogrio) do not say that the disk is full, so
    after one the free space is checked: under :data:`DISK_FULL_BYTES` it is
    reported as a full disk; otherwise the error passes unchanged.
    """
    try:
        yield
    except OSError as error:
        raise output_error(error, target) from error
    except RuntimeError as error:
        free = free_bytes(Path(target).parent)
        if free is not None and free < DISK_FULL_BYTES:
            full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            raise output_error(full, target) from error
        raise


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
            with contextlib.suppress(OSError):
                leftover.unlink()
                logger.info("removed %s left by an interrupted write", leftover.name)


def glob_escape(text: str) -> str:
    """``text`` with the glob wildcards ``*?[`` matched literally."""
    return re.sub(r"([*?\[])", r"[\1]", text)


@contextmanager
def atomic_path(
    target: str | os.PathLike[str], *, suffix: str | None = None, copy_existing: bool = False
) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it over ``target`` when the block succeeds.

    Parameters
    ----------
    target
        The file to write; its folder must exist.
    suffix
        Ending of the temporary name (default: the target's), for writers that
        choose the format from the name.
    copy_existing
        Start from a copy of the existing target (to add a layer to a GeoPackage).

    Raises
    ------
    OutputError
        When the file cannot be written (see :func:`write_errors`); the old
        file is then left as it was and no temporary file remains.
    """
    path = Path(target)
    temporary = _temporary_for(path, path.suffix if suffix is None else suffix)
    try:
        with write_errors(path):
            remove_stale_temporaries(path)
            if copy_existing and path.exists():
                shutil.copyfile(path, temporary)
            yield temporary
            fsync_file(temporary)
            os.replace(temporary, path)
    finally:
        for extra in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{temporary}{extra}").unlink(missing_ok=True)


def write_text_atomic(target: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``target`` atomically (see :func:`atomic_path`); return the path."""
    path = Path(target)
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding=encoding)
    return path
