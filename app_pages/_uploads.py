"""Uploaded files: kept as bytes, hashed by content, written for the readers.

The readers of the library take paths; an upload is written under its own
name into a folder of its own in the session's folder
(:func:`~app_pages._state.session_folder`) and removed right after reading.
A file over the server's size limit is refused before it is written.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app_pages._state import session_folder
from servicecircle.errors import OutputError
from servicecircle.limits import current_limits


class Upload(Protocol):
    """What the app reads of an uploaded file: an ``UploadedFile`` or a :class:`KeptUpload`."""

    @property
    def name(self) -> str:
        """The file's name as the planner's computer gave it."""

    def getvalue(self) -> bytes:
        """The file's bytes."""


@dataclass(frozen=True)
class KeptUpload:
    """An uploaded file, kept while the planner visits other pages.

    Has the ``name`` and ``getvalue()`` of Streamlit's ``UploadedFile``, the
    ``layer`` the planner chose in a file with several (None when the file
    holds one), the coordinate system ``crs`` chosen for it (a
    :func:`~servicecircle.inputs.crs.resolve_crs` name; None: detect) and the
    key of the ``widget`` it was uploaded with (not part of its content).
    """

    name: str
    data: bytes
    layer: str | None = None
    crs: str | None = None
    widget: str = ""

    def getvalue(self) -> bytes:
        """The file's bytes."""
        return self.data


def digest(data: bytes) -> str:
    """A short content hash, for cache and session keys."""
    return hashlib.sha256(data).hexdigest()[:24]


def check_upload_size(name: str, size: int) -> None:
    """Refuse a file over the server's ``file_mb`` limit, with the limit named.

    Raises
    ------
    ResourceLimitError
        When ``size`` bytes are over the limit.
    """
    limits = current_limits()
    if size > limits.file_mb * 2**20:
        raise limits.exceeded("file_mb", f"{name} is {size / 2**20:,.1f} MB")


@contextmanager
def saved_bytes(name: str, data: bytes) -> Iterator[Path]:
    """Write ``data`` as ``name`` into a folder of its own in the session's folder.

    The folder is removed afterwards. A file over the server's size limit is
    refused before it is written (:func:`check_upload_size`).

    Raises
    ------
    ResourceLimitError
        When the file is over the size limit.
    OutputError
        When the server cannot store the file (its disk is full).
    """
    safe = Path(name).name or "upload"
    check_upload_size(safe, len(data))
    scratch: tempfile.TemporaryDirectory[str] | None = None
    try:
        scratch = tempfile.TemporaryDirectory(prefix="upload-", dir=session_folder())
        path = Path(scratch.name) / safe
        path.write_bytes(data)
    except OSError as error:
        if scratch is not None:
            scratch.cleanup()
        raise OutputError(
            f"{safe} could not be stored on the server to be read ({error.strerror or error}). "
            "The server's disk may be full: try again later, or tell the administrator."
        ) from error
    with scratch:
        yield path


@contextmanager
def saved_upload(upload: Upload) -> Iterator[Path]:
    """Save an uploaded file to a private temporary folder under its own name."""
    with saved_bytes(str(upload.name), upload.getvalue()) as path:
        yield path
