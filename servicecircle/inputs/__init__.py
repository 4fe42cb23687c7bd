"""Study areas and planners' layers in: OSM PBF, OSM XML, online osmnx, the sample.

Use :func:`study_area_from` with one of

- ``"sample"``: the embedded sample (offline);
- a path to ``.osm.pbf`` (pyrosm) or ``.osm`` / ``.osm.xml`` (optionally
  ``.bz2`` / ``.gz``; osmnx);
- ``"place:NAME"``, ``"bbox:W,S,E,N"`` or a boundary polygon file
  (``.geojson``, ``.gpkg``, ``.zip``, ``.shp``): downloaded online through osmnx;
- ``"extract:NAME"``: an extract the server's administrator listed by name
  (:mod:`servicecircle.inputs.extracts`).

Every file is checked against the server's limits
(:func:`~servicecircle.limits.current_limits`) before it is parsed, and every
online area before it is downloaded.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TypeAlias

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from servicecircle._progress import Progress
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import LAYER_NAMES, StudyArea, utm_crs_for
from servicecircle.inputs.clip import clip_area
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.naming import name_of_outline, named, public_source

Boundary: TypeAlias = BaseGeometry | gpd.GeoDataFrame | gpd.GeoSeries | str | Path

POLYGON_FILE_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip", ".shp")

__all__ = [
    "LAYER_NAMES",
    "StudyArea",
    "area_from_extract",
    "boundary_polygon",
    "clip_area",
    "study_area_from",
    "utm_crs_for",
]


def _is_xml(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".osm", ".osm.xml", ".osm.bz2", ".osm.gz", ".osm.xml.bz2", ".osm.xml.gz"))


def boundary_polygon(boundary: Boundary) -> BaseGeometry:
    """Return one WGS-84 polygon from a geometry, a layer, or a polygon file.

    Several features are dissolved into one.

    Raises
    ------
    InputDataError
        If the input holds no polygon.
    """
    if isinstance(boundary, BaseGeometry):
        return boundary
    if isinstance(boundary, str | Path):
        from servicecircle.inputs.files.read import read_layer

        boundary = read_layer(Path(boundary), geometry="polygon").frame
    series = boundary.geometry if isinstance(boundary, gpd.GeoDataFrame) else boundary
    if series.crs is not None:
        series = series.to_crs(WGS84)
    series = series[series.geom_type.isin(("Polygon", "MultiPolygon"))]
    if len(series) == 0:
        raise InputDataError(msg("msg.inputs.boundary_no_polygons"))
    return shapely.union_all(series.to_numpy())


def study_area_from(
    spec: str | Path,
    *,
    boundary: Boundary | None = None,
    progress: Progress | None = None,
    name: str | None = None,
) -> StudyArea:
    """Load a study area from the sample, a local OSM file or an online source.

    Parameters
    ----------
    spec
        ``"sample"``, a ``.osm.pbf`` / OSM XML path, ``"place:NAME"``,
        ``"bbox:W,S,E,N"``, ``"extract:NAME"`` (listed by the administrator),
        or a boundary polygon file to download online.
    boundary
        Optional polygon (geometry, layer or file) to clip the area to.
    progress
        Optional callback ``(fraction, message)``.
    name
        The study area's name; by default the name in the boundary (the
        ``name`` column of ``boundary`` or of a boundary file, the OSM
        administrative boundary an extract was cut around), the place, or
        the file's name (:func:`servicecircle.inputs.naming.default_name`).

    Returns
    -------
    StudyArea
        All layers in WGS-84; its ``source`` names a file by its base name
        only (:func:`servicecircle.inputs.naming.public_source`), never the
        folder it was read from.

    Raises
    ------
    ResourceLimitError
        For a file, or an online area, over the server's limits.
    InputDataError
        For a spec that names nothing usable or a file that cannot be read.
    OfflineError
        For an online spec without internet.
    """
    text = str(spec).strip()
    if text.lower() == "sample":
        from servicecircle.inputs.sample import sample_area

        area = sample_area(progress=progress)
    elif text.lower().startswith("place:"):
        from servicecircle.inputs.online import area_from_polygon, polygon_from_place

        place = text.split(":", 1)[1].strip()
        if not place:
            raise InputDataError(msg("msg.inputs.place_needs_name"))
        area = area_from_polygon(
            polygon_from_place(place), name=place, source=text, progress=progress
        )
    elif text.lower().startswith("extract:"):  # listed by the administrator, by name
        area = area_from_extract(text.split(":", 1)[1], progress=progress)
    elif text.lower().startswith("bbox:"):
        from servicecircle.inputs.online import area_from_polygon, parse_bbox

        polygon = shapely.box(*parse_bbox(text.split(":", 1)[1]))
        area = area_from_polygon(
            polygon, name=text, source=text, progress=progress, extent_basis="bbox"
        )
    else:
        area = _area_from_file(text, progress)
    outline = _outline(boundary)
    if boundary is not None:
        area = clip_area(area, boundary_polygon(outline if outline is not None else boundary))
    area = dataclasses.replace(area, source=public_source(area.source))
    return named(area, name, outline=outline)


def area_from_extract(
    name: str,
    *,
    config: Path | None = None,
    progress: Progress | None = None,
    study_name: str | None = None,
) -> StudyArea:
    """Load the extract the administrator listed as ``name``, as a study area named after it.

    Its source is ``extract:NAME``; ``study_name`` overrides the name. The
    listing is read by :mod:`servicecircle.inputs.extracts`.
    """
    from servicecircle.inputs.extracts import extract_named

    extract = extract_named(name, config)
    area = study_area_from(extract.path, progress=progress, name=study_name or extract.name)
    return dataclasses.replace(area, source=extract.source)


def _area_from_file(text: str, progress: Progress | None) -> StudyArea:
    """The study area of a file: an OSM extract, or a boundary polygon to download inside."""
    path = Path(text).expanduser()
    lower = path.name.lower()
    if not path.exists():
        raise InputDataError(msg("msg.inputs.unknown_source", text=text))
    if path.is_dir():
        raise InputDataError(msg("msg.inputs.source_is_folder", path=str(path)))
    if lower.endswith(".pbf"):
        from servicecircle.inputs.osm_pbf import area_from_pbf

        area = area_from_pbf(path, progress=progress)
    elif _is_xml(path):
        from servicecircle.inputs.osm_xml import area_from_xml

        area = area_from_xml(path, progress=progress)
    elif lower.endswith(POLYGON_FILE_SUFFIXES):
        from servicecircle.inputs.files.read import read_layer
        from servicecircle.inputs.online import area_from_polygon

        drawn = read_layer(path, geometry="polygon").frame
        area = area_from_polygon(
            boundary_polygon(drawn),
            name=name_of_outline(drawn) or path.stem,
            source=f"polygon:{path}",
            progress=progress,
        )
    else:
        raise InputDataError(msg("msg.inputs.unsupported_file", file=path.name))
    return area


def _outline(boundary: Boundary | None) -> gpd.GeoDataFrame | None:
    """The boundary as a layer (a file read once), or None for a bare geometry."""
    if isinstance(boundary, str | Path):
        from servicecircle.inputs.files.read import read_layer

        return read_layer(Path(boundary), geometry="polygon").frame
    if isinstance(boundary, gpd.GeoDataFrame):
        return boundary
    return None
