"""Why a save failed, in words a planner can act on: full disk, read-only folder...

GDAL reports a full disk as "Failed to commit transaction" or, one step
later, "no such table: outlets"; Python as ``OSError`` with an errno. Both are
turned into an :class:`~servicecircle.errors.OutputError` that names the
cause, what to do, and that the previous file is unchanged.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Final

from pyogrio.errors import DataLayerError, DataSourceError

from servicecircle._io import free_bytes
from servicecircle.errors import OutputError

#: Below this much free space (bytes) a failed write is put down to a full disk.
FULL_DISK_BYTES: Final = 2 * 2**20

#: Failures of a write, the error types GDAL (through pyogrio) and Python raise.
WRITE_FAILURES: Final = (OSError, DataSourceError, DataLayerError)

_FULL_TEXT: Final = ("disk is full", "no space left", "disk quota")
_READ_ONLY_TEXT: Final = ("read-only file system", "readonly database")
_DENIED_TEXT: Final = ("permission denied", "operation not permitted")
_IO_TEXT: Final = ("disk i/o error", "input/output error")


def free_mb(folder: Path) -> float:
    """Free space in ``folder``'s file system, in MB (NaN when unknown)."""
    free = free_bytes(folder)
    return float("nan") if free is None else free / 2**20


def failure_kind(exc: BaseException, folder: Path) -> str:
    """``"full"``, ``"read-only"``, ``"denied"``, ``"io"``, ``"too large"`` or ``"other"``.

    Call it as soon as the write failed, before a partly written file is
    removed: a failure while the disk has almost no free space left is put down
    to a full disk, whatever words GDAL chose.
    """
    code = exc.errno if isinstance(exc, OSError) else None
    text = str(exc).lower()
    if code in (errno.ENOSPC, errno.EDQUOT) or any(t in text for t in _FULL_TEXT):
        return "full"
    if code == errno.EROFS or any(t in text for t in _READ_ONLY_TEXT):
        return "read-only"
    if code in (errno.EACCES, errno.EPERM) or any(t in text for t in _DENIED_TEXT):
        return "denied"
    if free_mb(folder) * 2**20 < FULL_DISK_BYTES:
        return "full"
    if code == errno.EFBIG:
        return "too large"
    if code == errno.EIO or any(t in text for t in _IO_TEXT):
        return "io"
    if "unable to open database file" in text and not os.access(folder, os.W_OK):
        return "denied"
    return "other"


def save_failure(exc: BaseException, target: Path, *, kind: str | None = None) -> OutputError:
    """The :class:`OutputError` that explains why saving ``target`` failed.

    Parameters
    ----------
    exc
        What the write raised.
    target
        The project file.
    kind
        What :func:`failure_kind` said when the write failed; worked out now
        when not given.
    """
    folder = target.parent
    kind = kind or failure_kind(exc, folder)
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    if kind == "full":
        reason = (
            f"the disk is full ({free_mb(folder):,.1f} MB free, the project needs more). "
            "Free some space or choose another folder"
        )
    elif kind == "read-only":
        reason = f"the folder {folder} is on a read-only disk. Choose another folder"
    elif kind == "denied":
        reason = (
            f"you may not write in the folder {folder} (permission denied). Choose a folder "
            "you can write to, or ask for write access to this one"
        )
    elif kind == "too large":
        reason = "the file would be larger than this system allows. Choose another disk"
    elif kind == "io":
        reason = f"the disk reported an error ({detail}). Check the disk or choose another folder"
    else:
        reason = (
            f"writing failed ({detail}). Check that the folder is writable and has free space, "
            "or choose another folder"
        )
    kept = "the previous file is unchanged" if target.exists() else "no file was written"
    return OutputError(f"Could not save the project to {target}: {reason}; {kept}.")


__all__ = ["FULL_DISK_BYTES", "WRITE_FAILURES", "failure_kind", "free_mb", "save_failure"]
