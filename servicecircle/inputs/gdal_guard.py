"""GDAL as a reader of planners' files only: no other drivers, no network.

GDAL chooses a driver from a file's *content*, and many drivers follow what a
file names: a 200-byte VRT file called ``outlets.geojson`` makes GDAL open any
file the server can read, or fetch any URL through ``/vsicurl/``; a GeoJSON
``"crs": {"type": "link", "properties": {"href": "http://..."}}`` makes the
GeoJSON driver itself fetch that URL. Uploaded files are data, never
instructions, so the GDAL that :mod:`pyogrio` bundles is locked down once per
process, when this module is imported:

* only the drivers the project reads and writes stay registered
  (:data:`ALLOWED_DRIVERS`: GeoPackage, GeoJSON, ESRI Shapefile); VRT and
  every driver that opens URLs (HTTP, WFS, OAPIF, ...) are deregistered
  (``GDAL_SKIP``);
* ``/vsicurl/`` and the virtual file systems built on it accept no file
  (``CPL_VSIL_CURL_ALLOWED_FILENAME``), ``/vsistdin/`` is off, SQLite virtual
  tables over other files are refused;
* every HTTP request GDAL would make (``CPLHTTPFetch``) is answered with an
  error in-process by a fetch callback, so nothing leaves the machine; PROJ's
  grid downloads are off too.

Every module of servicecircle that calls pyogrio imports this one first.
Readers also check each file's signature before GDAL sees it, and open it
with the driver of its format (see :func:`driver_path`).
"""

from __future__ import annotations

import ctypes
import logging
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pyogrio
import pyproj

logger = logging.getLogger(__name__)

#: The GDAL vector drivers that stay registered: what servicecircle reads and writes.
ALLOWED_DRIVERS: Final[frozenset[str]] = frozenset({"GPKG", "GeoJSON", "ESRI Shapefile"})

#: A file name no request can have: ``/vsicurl/`` then opens nothing.
_NO_REMOTE_FILE: Final = "/servicecircle/remote-files-are-disabled"

_CONFIG: Final[dict[str, str]] = {
    "CPL_VSIL_CURL_ALLOWED_FILENAME": _NO_REMOTE_FILE,
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".servicecircle-remote-files-are-disabled",
    "CPL_ALLOW_VSISTDIN": "NO",
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",
    "GDAL_VRT_ENABLE_PYTHON": "NO",
    "GDAL_ALLOW_REMOTE_RESOURCE_TO_ACCESS_LOCAL_FILE": "NO",
    "GDAL_HTTP_MAX_RETRY": "0",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_NETRC": "NO",
}


@dataclass(frozen=True)
class GuardState:
    """What the lock-down achieved in this process.

    Attributes
    ----------
    drivers
        The vector drivers still registered.
    network_blocked
        True when GDAL's HTTP requests are refused in-process (the fetch
        callback is installed).
    """

    drivers: frozenset[str]
    network_blocked: bool


class _HTTPResult(ctypes.Structure):
    """GDAL's ``CPLHTTPResult`` (cpl_http.h), as far as an error result needs it."""

    _fields_ = [
        ("nStatus", ctypes.c_int),
        ("pszContentType", ctypes.c_void_p),
        ("pabyData", ctypes.c_void_p),
        ("nDataLen", ctypes.c_int),
        ("nDataAlloc", ctypes.c_int),
        ("pszErrBuf", ctypes.c_void_p),
        ("papszHeaders", ctypes.c_void_p),
        ("nMimePartCount", ctypes.c_int),
        ("pasMimePart", ctypes.c_void_p),
    ]


_FETCH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_void_p,  # CPLHTTPResult *
    ctypes.c_char_p,  # const char *pszURL
    ctypes.c_void_p,  # CSLConstList papszOptions
    ctypes.c_void_p,  # GDALProgressFunc
    ctypes.c_void_p,  # void *pProgressArg
    ctypes.c_void_p,  # CPLHTTPFetchWriteFunc
    ctypes.c_void_p,  # void *pWriteArg
    ctypes.c_void_p,  # void *pUserData
)

_state: GuardState | None = None
_callback: Any = None  # kept alive for as long as GDAL may call it
refused_urls: list[str] = []
"""URLs GDAL tried to fetch in this process and was refused (for logs and tests)."""


def _libgdal() -> ctypes.CDLL | None:
    """The GDAL library pyogrio has loaded (never a second copy)."""
    folder = Path(pyogrio.__file__).parent
    candidates = sorted((folder.parent / f"{folder.name}.libs").glob("libgdal*.so*"))
    for candidate in candidates:
        try:
            return ctypes.CDLL(str(candidate), mode=os.RTLD_NOLOAD)
        except OSError:
            continue
    try:  # a GDAL from the system or conda, linked by name
        return ctypes.CDLL("libgdal.so", mode=os.RTLD_NOLOAD)
    except OSError:
        return None


def _block_http() -> bool:
    """Answer every ``CPLHTTPFetch`` with an error result; True when installed."""
    global _callback  # noqa: PLW0603 - GDAL's HTTP hook is process-wide; the callback must outlive the call
    lib = _libgdal()
    if lib is None:
        return False
    try:
        calloc = lib.VSICalloc
        strdup = lib.VSIStrdup
        install = lib.CPLHTTPSetFetchCallback
    except AttributeError:
        return False
    calloc.restype = ctypes.c_void_p
    calloc.argtypes = [ctypes.c_size_t, ctypes.c_size_t]
    strdup.restype = ctypes.c_void_p
    strdup.argtypes = [ctypes.c_char_p]
    install.restype = None  # void CPLHTTPSetFetchCallback(...)
    install.argtypes = [_FETCH_CALLBACK, ctypes.c_void_p]

    def refuse(url: bytes | None, *_: Any) -> int | None:
        refused_urls.append((url or b"").decode("utf-8", "replace"))
        logger.warning("refused a network request from GDAL: %r", url)
        # GDAL frees the result with CPLHTTPDestroyResult (VSIFree of each field):
        # allocate it, zeroed and over-sized, with GDAL's own allocator.
        pointer: int | None = calloc(4, ctypes.sizeof(_HTTPResult))
        if pointer:
            result = _HTTPResult.from_address(pointer)
            result.nStatus = 1
            result.pszErrBuf = strdup(b"network access is disabled for files read by servicecircle")
        return pointer

    _callback = _FETCH_CALLBACK(refuse)
    install(_callback, None)
    return True


def guard_gdal() -> GuardState:
    """Lock GDAL down in this process (idempotent) and return what was achieved."""
    global _state  # noqa: PLW0603 - the lock-down is process-wide and done once
    if _state is not None:
        return _state
    skip = [*sorted(set(pyogrio.list_drivers()) - ALLOWED_DRIVERS), "VRT", "GDALG"]
    pyogrio.set_gdal_config_options({**_CONFIG, "GDAL_SKIP": ",".join(dict.fromkeys(skip))})
    try:  # GDALAllRegister again applies GDAL_SKIP to the drivers already registered
        from pyogrio._ogr import _register_drivers
    except ImportError:  # pragma: no cover - a pyogrio without it: the signatures still hold
        logger.warning("pyogrio cannot re-register GDAL drivers; GDAL_SKIP not applied")
    else:
        with warnings.catch_warnings():  # "Unable to find driver X to unload": already gone
            warnings.simplefilter("ignore", RuntimeWarning)
            _register_drivers()
    drivers = frozenset(pyogrio.list_drivers())
    # PROJ's grid downloads, for pyproj too (pyproj.network re-exports it without __all__)
    pyproj.network.set_network_enabled(active=False)  # type: ignore[attr-defined]
    network = _block_http()
    if not network:
        logger.warning("GDAL's HTTP requests could not be blocked in-process")
    if drivers - ALLOWED_DRIVERS:
        logger.warning("GDAL drivers still registered: %s", sorted(drivers - ALLOWED_DRIVERS))
    _state = GuardState(drivers=drivers, network_blocked=network)
    return _state


def driver_path(path: Path, driver: str) -> str:
    """``path`` with GDAL's prefix that opens it with ``driver`` only.

    GeoPackage and GeoJSON have such a prefix (``GPKG:``, ``GeoJSON:``);
    a path with a colon of its own, and shapefiles, are returned as they are
    (the signature check and the driver allow-list then decide).
    """
    text = str(path)
    if ":" in text:
        return text
    prefix = {"GPKG": "GPKG:", "GeoJSON": "GeoJSON:"}.get(driver, "")
    return prefix + text


STATE: Final[GuardState] = guard_gdal()

__all__ = ["ALLOWED_DRIVERS", "STATE", "GuardState", "driver_path", "guard_gdal", "refused_urls"]
