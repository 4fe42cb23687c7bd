r"""A gridded population raster (GeoTIFF), read safely over the study area only.

WorldPop (EPSG:4326, 3 arc-seconds), GHSL (Mollweide, ESRI:54009, 100 m) and a
bureau's own 100 m census grid are GeoTIFFs whose cells hold people. They are
read with rasterio like every planner's file is read with GDAL elsewhere, as
data only:

* the file must start with a TIFF signature (``II*\0``, ``MM\0*``, or
  BigTIFF's ``II+\0``, ``MM\0+``): a VRT document, or anything else, named
  ``.tif`` is refused before GDAL sees it;
* it is opened with the GTiff driver only, inside a :class:`rasterio.Env` in
  which ``/vsicurl/`` accepts no file, sibling files (``.aux.xml``,
  ``.ovr``, ``.msk``, world files) are neither listed nor read, PAM files are
  neither read nor written, and GDAL's block cache is bounded;
* the file is held to the server's ``file_mb`` limit, and the cells read (the
  window over the study area) and any one compressed block to its
  ``raster_cells`` limit (``SERVICECIRCLE_MAX_RASTER_CELLS``).

Cells marked as no data (the band's nodata value, NaN, a negative count or
the file's mask) are "no data", which is not the same as 0 people: the
estimate is kept where the grid says nothing.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import pyproj
import shapely
from affine import Affine
from shapely.geometry.base import BaseGeometry

from servicecircle._progress import Said
from servicecircle.errors import InputDataError, error_detail
from servicecircle.i18n.message import msg
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.signatures import what_it_looks_like
from servicecircle.inputs.size_checks import check_file_size
from servicecircle.limits import Limits, current_limits

logger = logging.getLogger(__name__)

TIFF_SIGNATURES: Final = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
"""The first four bytes of a TIFF (little-, big-endian) and a BigTIFF."""

RASTER_SUFFIXES: Final = frozenset({".tif", ".tiff", ".gtiff"})

#: A file name no request can have: ``/vsicurl/`` then opens nothing.
_NO_REMOTE_FILE: Final = "/servicecircle/remote-files-are-disabled"

GDAL_OPTIONS: Final[dict[str, str | int]] = {
    "CPL_VSIL_CURL_ALLOWED_FILENAME": _NO_REMOTE_FILE,
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".servicecircle-remote-files-are-disabled",
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    "GDAL_PAM_ENABLED": "NO",
    "GDAL_SKIP": "VRT,GDALG",
    "GDAL_VRT_ENABLE_PYTHON": "NO",
    "CPL_ALLOW_VSISTDIN": "NO",
    "GDAL_ALLOW_REMOTE_RESOURCE_TO_ACCESS_LOCAL_FILE": "NO",
    "GDAL_HTTP_MAX_RETRY": "0",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_NETRC": "NO",
    "GTIFF_REPORT_COMPD_CS": "NO",
    "GDAL_CACHEMAX": 256,  # MB
    "CHECK_DISK_FREE_SPACE": "NO",
}
"""The GDAL configuration every population raster is opened in."""


@dataclass(frozen=True, eq=False)
class PopulationGrid:
    """The cells of a population raster over the study area.

    Attributes
    ----------
    people
        People per cell, ``(rows, cols)`` float; NaN where the grid has no data.
    transform
        The affine transform of ``people`` (its top-left cell is ``(0, 0)``).
    crs
        The raster's coordinate system.
    source
        The file's name.
    notes
        What was assumed while reading.
    """

    people: np.ndarray
    transform: Affine
    crs: pyproj.CRS
    source: str
    notes: tuple[Said, ...] = field(default_factory=tuple)

    @property
    def shape(self) -> tuple[int, int]:
        """Rows and columns read."""
        return (int(self.people.shape[0]), int(self.people.shape[1]))

    def cell_of(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Flat index of the cell holding each point (raster CRS); -1 outside the window."""
        cols, rows = _apply(~self.transform, np.asarray(x, float), np.asarray(y, float))
        cols, rows = np.floor(cols), np.floor(rows)
        n_rows, n_cols = self.shape
        ok = np.isfinite(cols) & np.isfinite(rows)
        ok &= (cols >= 0) & (cols < n_cols) & (rows >= 0) & (rows < n_rows)
        flat = np.full(len(np.atleast_1d(cols)), -1, dtype=np.int64)
        flat[ok] = rows[ok].astype(np.int64) * n_cols + cols[ok].astype(np.int64)
        return flat

    def cell_polygons(self, flat: np.ndarray) -> np.ndarray:
        """The outline of each cell ``flat`` (raster CRS)."""
        rows, cols = np.divmod(np.asarray(flat, dtype=np.int64), self.shape[1])
        corners = [(cols, rows), (cols + 1, rows), (cols + 1, rows + 1), (cols, rows + 1)]
        xy = [_apply(self.transform, c.astype(float), r.astype(float)) for c, r in corners]
        ring = np.stack([np.stack([x, y], axis=-1) for x, y in xy], axis=1)
        return np.asarray(shapely.polygons(ring))

    def cell_centres(self, flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The centre of each cell ``flat`` (raster CRS)."""
        rows, cols = np.divmod(np.asarray(flat, dtype=np.int64), self.shape[1])
        return _apply(self.transform, cols + 0.5, rows + 0.5)


def _apply(transform: Affine, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``transform`` applied to arrays of coordinates."""
    a, b, c, d, e, f = transform[:6]
    return a * x + b * y + c, d * x + e * y + f


def check_geotiff(path: Path) -> None:
    """Refuse a file that does not start like a TIFF (a VRT named ``.tif``, say)."""
    with path.open("rb") as handle:
        head = handle.read(512)
    if head[:4] in TIFF_SIGNATURES:
        return
    raise InputDataError(
        msg("msg.demand.grid.not_geotiff", file=path.name, looks=what_it_looks_like(head))
    )


def _window(
    transform: Affine, width: int, height: int, bounds: tuple[float, float, float, float]
) -> tuple[int, int, int, int] | None:
    """(row0, col0, rows, cols) of the cells over ``bounds`` (raster CRS); None if none."""
    west, south, east, north = bounds
    xs = np.array([west, east, east, west])
    ys = np.array([south, south, north, north])
    cols, rows = _apply(~transform, xs, ys)
    col0 = max(0, math.floor(float(np.min(cols))))
    col1 = min(width, math.ceil(float(np.max(cols))))
    row0 = max(0, math.floor(float(np.min(rows))))
    row1 = min(height, math.ceil(float(np.max(rows))))
    if col1 <= col0 or row1 <= row0:
        return None
    return row0, col0, row1 - row0, col1 - col0


def _raster_crs(dataset: Any, name: str) -> pyproj.CRS:
    if dataset.crs is None:
        raise InputDataError(msg("msg.demand.grid.no_crs", file=name))
    try:
        return pyproj.CRS.from_wkt(dataset.crs.to_wkt())
    except pyproj.exceptions.CRSError as error:
        raise InputDataError(
            msg("msg.demand.grid.bad_crs", file=name, detail=error_detail(error))
        ) from error


def extent_in_crs(extent: BaseGeometry, crs: pyproj.CRS) -> BaseGeometry:
    """The study extent (WGS-84) in ``crs``, its edges densified first."""
    import geopandas as gpd

    dense = shapely.segmentize(extent, 0.001)
    moved: BaseGeometry = gpd.GeoSeries([dense], crs=WGS84).to_crs(crs).iloc[0]
    return moved


def _check_blocks(dataset: Any, limits: Limits, name: str) -> None:
    """Refuse a raster whose compressed blocks (strips, tiles) are each over the cell limit."""
    rows, cols = dataset.block_shapes[0]
    if rows * cols > limits.raster_cells:
        raise limits.exceeded(
            "raster_cells",
            msg("msg.demand.grid.blocks", file=name, rows=rows, cols=cols),
            found=msg("msg.demand.grid.blocks_advice"),
        )


def _check_north_up(transform: Affine, name: str) -> None:
    """Refuse a rotated grid (one not aligned with its coordinate axes)."""
    if not transform.is_rectilinear:
        raise InputDataError(msg("msg.demand.grid.rotated", file=name))


def _people_per_cell(band: np.ma.MaskedArray, name: str, notes: list[Said]) -> np.ndarray:
    """Band 1 as float people per cell, NaN for no data and below 0 (noted in ``notes``)."""
    people = np.ma.filled(band.astype(np.float64), np.nan)
    negative = people < 0
    if negative.any():
        notes.append(msg("msg.demand.grid.negative", file=name, count=int(negative.sum())))
        people[negative] = np.nan
    people[~np.isfinite(people)] = np.nan
    if not np.isfinite(people).any():
        raise InputDataError(msg("msg.demand.grid.no_data", file=name))
    return people


def read_population_grid(
    path: str | Path, extent: BaseGeometry, *, limits: Limits | None = None
) -> PopulationGrid:
    """Read the cells of a population GeoTIFF over ``extent`` (see the module docstring).

    Parameters
    ----------
    path
        The GeoTIFF; band 1 holds people per cell.
    extent
        The study extent, a polygon in WGS-84 (only the cells over its
        bounding box are read).
    limits
        The server's limits; defaults to :func:`~servicecircle.limits.current_limits`.

    Raises
    ------
    InputDataError
        For a file that is not a GeoTIFF, has no coordinate system, is rotated,
        does not overlap the study area or cannot be read.
    ResourceLimitError
        When the file or the cells over the study area are over a limit.
    """
    import rasterio
    from rasterio.errors import RasterioError
    from rasterio.session import DummySession
    from rasterio.windows import Window

    limits = limits or current_limits()
    path = Path(path)
    if not path.is_file():
        raise InputDataError(msg("msg.demand.file_not_found", file=str(path)))
    name = path.name
    check_file_size(path, limits, name)
    check_geotiff(path)
    notes: list[Said] = []
    try:
        with (
            rasterio.Env(session=DummySession(), **GDAL_OPTIONS),
            rasterio.open(str(path.resolve()), driver="GTiff") as dataset,
        ):
            crs = _raster_crs(dataset, name)
            transform = dataset.transform
            _check_north_up(transform, name)
            _check_blocks(dataset, limits, name)
            study = extent_in_crs(extent, crs)
            window = _window(transform, dataset.width, dataset.height, study.bounds)
            if window is None:
                raise InputDataError(msg("msg.demand.grid.elsewhere", file=name))
            row0, col0, rows, cols = window
            if rows * cols > limits.raster_cells:
                raise limits.exceeded(
                    "raster_cells",
                    msg("msg.demand.grid.cells", file=name, cells=rows * cols),
                    found=msg("msg.demand.grid.cells_advice"),
                )
            if dataset.count > 1:
                notes.append(msg("msg.demand.grid.bands", file=name, bands=dataset.count))
            band = dataset.read(1, window=Window(col0, row0, cols, rows), masked=True)
            a, b, c, d, e, f = transform[:6]
            window_transform = Affine(a, b, c + a * col0 + b * row0, d, e, f + d * col0 + e * row0)
    except RasterioError as error:
        raise InputDataError(
            msg("msg.demand.grid.unreadable", file=name, detail=error_detail(error))
        ) from error
    people = _people_per_cell(band, name, notes)
    notes.append(
        msg(
            "msg.demand.grid.read",
            file=name,
            rows=rows,
            cols=cols,
            people=float(np.nansum(people)),
        )
    )
    return PopulationGrid(
        people=people, transform=window_transform, crs=crs, source=name, notes=tuple(notes)
    )


__all__ = [
    "GDAL_OPTIONS",
    "RASTER_SUFFIXES",
    "TIFF_SIGNATURES",
    "PopulationGrid",
    "check_geotiff",
    "read_population_grid",
]
