"""Files the report page hands over: safe names, MIME types and deferred downloads.

A deferred download is a callable ``st.download_button`` runs when it is
clicked, outside the script run, where the session state cannot be read: it
writes into a temporary folder inside the session folder captured when the
button was drawn (or the system's, when the session has ended meanwhile) and
removes the folder right after.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from app_pages import _state

BUILT_KEY = "report.built"  # {(what, results key): {file name: bytes}}

MIME = {
    "gpkg": "application/geopackage+sqlite3",
    "geojson": "application/geo+json",
    "csv": "text/csv",
    "shp": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
    "pdf": "application/pdf",
    "png": "image/png",
}


def file_stem(text: str) -> str:
    """A safe file-name stem from a study-area or scenario name (keeps Chinese text)."""
    stem = re.sub(r"[^\w\-]+", "_", str(text), flags=re.UNICODE).strip("_")
    return stem[:60] or "servicecircle"


def deferred(file_name: str, write: Callable[[Path], object]) -> Callable[[], bytes]:
    """A deferred download: ``write(path)`` into a scratch folder, then the file's bytes.

    Parameters
    ----------
    file_name
        The name of the file in the scratch folder (its suffix picks the format).
    write
        Writes the file at the path it is given.
    """
    scratch = _state.session_folder()

    def build() -> bytes:
        where = scratch if scratch.is_dir() else None
        with tempfile.TemporaryDirectory(prefix="download-", dir=where) as folder:
            path = Path(folder) / file_name
            write(path)
            return path.read_bytes()

    return build


def download_button(
    label: str, data: bytes | Callable[[], bytes], *, file_name: str, mime: str, key: str
) -> None:
    """A button that hands over ``data`` (or what it builds when clicked) as ``file_name``.

    Clicking it does not run the page again (``on_click="ignore"``).
    """
    st.download_button(
        label,
        data=data,
        file_name=file_name,
        mime=mime,
        key=key,
        on_click="ignore",
        icon=":material/download:",
    )


def built(what: str, key: str) -> dict[str, bytes]:
    """The files kept by :func:`keep_built` for ``what`` built from ``key`` (none yet: empty)."""
    cache = st.session_state.get(BUILT_KEY)
    if not isinstance(cache, dict):
        return {}
    found = cache.get((what, key))
    return found if isinstance(found, dict) else {}


def keep_built(what: str, key: str, files: dict[str, bytes]) -> None:
    """Keep ``files`` built from ``key`` for the session, in place of ``what`` built before."""
    cache = st.session_state.get(BUILT_KEY)
    cache = {k: v for k, v in cache.items() if k[0] != what} if isinstance(cache, dict) else {}
    cache[(what, key)] = files
    st.session_state[BUILT_KEY] = cache
