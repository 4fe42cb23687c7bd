"""The output folder of a run: ``analysis.gpkg``, ``summary.json`` and the siting files.

:data:`ANALYSIS_LAYERS` and :data:`SITING_LAYERS` are the one list of the
layers a run writes. :func:`write_analysis` and :func:`write_siting` write
the files (each atomically; ``analyze`` / ``site`` write them into a staging
folder, see :mod:`servicecircle.results.staging`); :func:`read_results` reads
a folder back as :class:`~servicecircle.results.bundle.Results`. A missing or
damaged file, or one written by another version, gives an
:class:`~servicecircle.errors.InputDataError` naming the command that writes
it again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import geopandas as gpd
import pandas as pd
import pyogrio

from servicecircle._io import atomic_path, write_errors, write_text_atomic
from servicecircle._progress import Said
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs import gdal_guard  # locks GDAL down before any pyogrio use
from servicecircle.planning.naming import candidate_labels, site_labels
from servicecircle.results._codec import JsonValue, SchemaError, json_ready
from servicecircle.results.bundle import Results
from servicecircle.results.gpkg_version import creation_options
from servicecircle.results.schema import CoverageSummary, SchemaVersionError, SitingSummary
from servicecircle.results.staging import recover_outputs

if TYPE_CHECKING:  # reading a folder needs neither the coverage nor the siting code
    from servicecircle.coverage import Coverage
    from servicecircle.planning.plan import SitingPlan

ANALYSIS_LAYERS: tuple[str, ...] = (
    "demand",
    "outlets",
    "isochrones",
    "gaps",
    "units",
    "must_cover",
    "off_network",
    "roads",
    "key_groups",
)
"""Layers of ``analysis.gpkg``. ``off_network`` holds the demand units farther than
the snapping limit from every road (points, most people first: ``unit``,
``people``, ``class``, ``road_m``, ``township``, ``community``); they are also
flagged ``off_network`` in ``demand`` and are never among the ``gaps``.
``roads`` is the study area's own road network for maps without a basemap
(``name``, ``highway``; main and named roads, simplified, see
:func:`servicecircle.network.roads.map_roads`); it is left out when not given.
``key_groups`` (a table without geometry, ``--groups``; else left out) holds each
key group per township and community: coverage by break and at the standard,
staff per 10,000 and the three-way split
(:func:`servicecircle.results.group_records.group_layer`)."""

SITING_LAYERS: tuple[str, ...] = (
    "chosen",
    "chosen_areas",
    "candidates",
    "demand_after",
    "curve",
    "by_unit",
    "staff",
)
"""Layers of ``siting.gpkg``: the new sites, the service area of each
(``chosen_areas``: ``rank``, ``name``, ``type``, ``mode``, ``minutes``,
``people``; see :func:`servicecircle.coverage.site_areas.site_service_areas`),
all candidates, the demand with the new sites (``demand_after``) and two
attribute tables without geometry (``curve``, ``by_unit``). ``chosen_areas``
is left out when not given, ``demand_after`` and ``by_unit`` when empty.
``staff`` (a plan with staff posted, ``site --staff``; else left out) holds
every open outlet (points): ``name``, ``existing``, ``outlet_type``, ``rank``
(new sites), ``staff_before``, ``staff_added``, ``staff``,
``people_per_staff``, ``capacity``, ``served_before`` (today), ``served``
(see :func:`servicecircle.planning.staff_plan.staff_table`)."""

S = TypeVar("S", CoverageSummary, SitingSummary)


# --------------------------------------------------------------------------- write


def write_json(data: Mapping[str, object], path: Path) -> Path:
    """Write ``data`` as UTF-8 JSON atomically (write aside, then rename).

    NaN and infinite numbers are written as ``null`` so the file is strict JSON.

    Raises
    ------
    OutputError
        When the file cannot be written (no permission, read-only or full disk).
    """
    text = json.dumps(json_ready(data), ensure_ascii=False, indent=2, allow_nan=False)
    with write_errors(path):
        path.parent.mkdir(parents=True, exist_ok=True)
    return write_text_atomic(path, text)


def _text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy with object columns as text (or empty), which every GeoPackage field can hold."""
    frame = frame.copy()
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    for column in frame.columns:
        if column != geometry and frame[column].dtype == object:
            frame[column] = frame[column].map(
                lambda v: v if v is None or isinstance(v, str) else str(v)
            )
    return frame


def write_layers(layers: Mapping[str, pd.DataFrame], path: Path, *, title: str = "") -> Path:
    """Write layers into one GeoPackage, replacing the file atomically.

    GeoDataFrames become map layers; plain DataFrames become attribute tables
    (no geometry), as QGIS shows tables. ``title`` (the study area's name) is
    the description of every layer and leads its identifier (``玄武区 · gaps``),
    the names QGIS shows.

    Raises
    ------
    OutputError
        When the file cannot be written (no permission, read-only or full disk).
    """
    with write_errors(path):
        path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path, suffix=".gpkg") as temporary:
        for name, frame in layers.items():
            cells = _text_cells(frame)
            described: dict[str, dict[str, str]] = {
                **_described(title, name),
                **creation_options(temporary),  # GeoPackage 1.2: GDAL 3.6 opens it quietly
            }
            if isinstance(cells, gpd.GeoDataFrame):
                cells.to_file(temporary, layer=name, driver="GPKG", engine="pyogrio", **described)
            else:
                pyogrio.write_dataframe(cells, temporary, layer=name, driver="GPKG", **described)
    return path


def _described(title: str, layer: str) -> dict[str, dict[str, str]]:
    """The GeoPackage options naming a layer after the study area (none without a title)."""
    if not title:
        return {}
    return {"layer_options": {"IDENTIFIER": f"{title} · {layer}", "DESCRIPTION": title}}


def analysis_layers(
    coverage: Coverage, *, roads: gpd.GeoDataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """The :data:`ANALYSIS_LAYERS` of a coverage run, as written to ``analysis.gpkg``.

    ``roads`` (:func:`servicecircle.network.roads.map_roads`) is added when given.
    """
    layers: dict[str, pd.DataFrame] = {
        "demand": coverage.demand.reset_index(),
        "outlets": coverage.outlets.reset_index(drop=True),
        "isochrones": coverage.isochrones,
        "gaps": coverage.gaps,
        "units": coverage.units,
        "must_cover": coverage.must_cover,
        "off_network": coverage.off_network,
    }
    if roads is not None:
        layers["roads"] = roads
    return layers


def _labelled(frame: pd.DataFrame, number: str, labels: Callable[..., list[str]]) -> pd.DataFrame:
    """``frame`` with ``label_zh`` and ``label_en`` after ``name`` (``number`` and ``name``)."""
    if not len(frame) or number not in frame.columns or "name" not in frame.columns:
        return frame
    out = frame.copy()
    at = list(out.columns).index("name") + 1
    for offset, lang in enumerate(("zh", "en")):
        out.insert(at + offset, f"label_{lang}", labels(out[number], out["name"], lang))
    return out


def siting_layers(
    plan: SitingPlan, *, areas: gpd.GeoDataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """The :data:`SITING_LAYERS` of a plan, as written to ``siting.gpkg``.

    New outlets and candidates carry their names as a planner reads them in
    each language (``label_zh`` 新增网点 3（花径路）, ``label_en``) next to
    the place they stand at (``name``), for labels in a GIS. ``areas``, the
    service area of each new outlet
    (:func:`servicecircle.coverage.site_areas.site_service_areas`), is the
    ``chosen_areas`` layer when given.
    """
    layers: dict[str, pd.DataFrame] = {"chosen": _labelled(plan.chosen, "rank", site_labels)}
    if areas is not None:
        layers["chosen_areas"] = areas
    layers["candidates"] = _labelled(plan.candidates, "candidate_id", candidate_labels)
    if plan.demand_after is not None:
        layers["demand_after"] = plan.demand_after.reset_index()
    layers["curve"] = pd.DataFrame(plan.curve)
    if len(plan.by_unit):
        layers["by_unit"] = pd.DataFrame(plan.by_unit)
    if plan.staff is not None:
        layers["staff"] = plan.staff
    return layers


def write_analysis(
    coverage: Coverage,
    summary: CoverageSummary,
    out_dir: str | os.PathLike[str],
    *,
    roads: gpd.GeoDataFrame | None = None,
) -> list[Path]:
    """Write ``analysis.gpkg`` (layers :data:`ANALYSIS_LAYERS`) and ``summary.json``.

    The ``demand`` layer's ``minutes_to_nearest`` is empty (NULL) where no
    outlet can be reached; its ``off_network`` flag marks the units listed in
    the ``off_network`` layer (farther than the snapping limit from every road).
    ``roads`` is the ``roads`` layer (left out when ``None``).
    """
    out = Path(out_dir)
    layers = analysis_layers(coverage, roads=roads)
    if summary.groups is not None and summary.groups.areas:
        from servicecircle.results.group_records import group_layer

        layers["key_groups"] = group_layer(summary.groups)
    return [
        write_layers(layers, out / "analysis.gpkg", title=summary.study_area.name),
        write_json(summary.to_json(), out / "summary.json"),
    ]


def write_siting(
    plan: SitingPlan,
    summary: SitingSummary,
    out_dir: str | os.PathLike[str],
    *,
    title: str = "",
    areas: gpd.GeoDataFrame | None = None,
) -> list[Path]:
    """Write ``siting.gpkg`` (layers :data:`SITING_LAYERS`) and ``siting.json``.

    ``title`` (the study area's name) describes the layers, as in
    ``analysis.gpkg``; ``areas`` is the ``chosen_areas`` layer (left out when ``None``).
    """
    out = Path(out_dir)
    return [
        write_layers(siting_layers(plan, areas=areas), out / "siting.gpkg", title=title),
        write_json(summary.to_json(), out / "siting.json"),
    ]


# --------------------------------------------------------------------------- read


def _rerun_hint(folder: Path, command: str) -> Said:
    return msg("msg.results.rerun", command=command, folder=str(folder))


def _damaged(path: Path, what: Said, command: str) -> InputDataError:
    hint = _rerun_hint(path.parent, command)
    return InputDataError(msg("msg.results.damaged", path=str(path), what=what, hint=hint))


def _read_json(path: Path, command: str) -> JsonValue:
    if not path.is_file():
        hint = _rerun_hint(path.parent, command)
        raise InputDataError(
            msg("msg.results.missing", folder=str(path.parent), file=path.name, hint=hint)
        )
    try:
        data: JsonValue = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise _damaged(path, msg("msg.results.not_utf8"), command) from error
    except ValueError as error:
        raise _damaged(path, msg("msg.results.not_json", detail=str(error)), command) from error
    except OSError as error:
        raise InputDataError(
            msg("msg.results.unreadable", path=str(path), detail=str(error.strerror or error))
        ) from error
    return data


def read_record(path: Path, parse: Callable[[object], S], *, command: str) -> S:
    """Read a results file of a run with ``parse`` (``CoverageSummary.from_json``, ...).

    Raises
    ------
    InputDataError
        When the file is missing, not JSON, written by another version, or
        holds a value of the wrong kind; the message says which command
        writes it again.
    """
    data = _read_json(path, command)
    try:
        return parse(data)
    except SchemaVersionError as error:
        hint = _rerun_hint(path.parent, command)
        raise InputDataError(
            msg("msg.results.version", path=str(path), detail=error, hint=hint)
        ) from error
    except SchemaError as error:
        raise _damaged(path, str(error), command) from error


def read_summary(out_dir: str | os.PathLike[str]) -> CoverageSummary:
    """Read ``summary.json`` of an ``analyze`` / ``site`` folder.

    Raises
    ------
    InputDataError
        When the folder or the file is missing, or the file is damaged or of
        another version (see :func:`read_record`).
    """
    folder = Path(out_dir)
    if not folder.is_dir():
        raise InputDataError(msg("msg.results.no_folder", folder=str(folder)))
    recover_outputs(folder)
    return read_record(folder / "summary.json", CoverageSummary.from_json, command="analyze")


def read_siting_summary(out_dir: str | os.PathLike[str]) -> SitingSummary | None:
    """Read ``siting.json`` of a ``site`` folder (``None`` when there is none)."""
    path = Path(out_dir) / "siting.json"
    if not path.is_file():
        return None
    return read_record(path, SitingSummary.from_json, command="site")


def read_layers(
    path: Path, names: tuple[str, ...] | None = None, *, maps_only: bool = False
) -> dict[str, pd.DataFrame]:
    """Read the layers of a GeoPackage a run wrote (all of them, or ``names``).

    With ``maps_only``, attribute tables (layers without geometry) are left out.

    Raises
    ------
    InputDataError
        When the file is not a GeoPackage or a layer cannot be read.
    """
    command = "site" if path.name.startswith("siting") else "analyze"
    source = gdal_guard.driver_path(path, "GPKG")
    try:
        listed = [
            str(name)
            for name, geometry_type in pyogrio.list_layers(source)
            if geometry_type is not None or not maps_only
        ]
        wanted = listed if names is None else [name for name in names if name in listed]
        return {name: pyogrio.read_dataframe(source, layer=name) for name in wanted}
    except (RuntimeError, OSError) as error:
        raise _damaged(path, f"GDAL cannot read it ({error})", command) from error


def read_results(out_dir: str | os.PathLike[str]) -> Results:
    """Read an ``analyze`` / ``site`` output folder: both summaries and the map layers.

    The layers are those of ``analysis.gpkg`` and ``siting.gpkg`` that have
    geometry (attribute tables such as ``curve`` are in the summaries).

    Raises
    ------
    InputDataError
        When the folder is missing, has no ``summary.json``, or a file in it
        is damaged or of another version (the message says which command
        writes it again).
    """
    folder = Path(out_dir)
    coverage = read_summary(folder)
    layers: dict[str, gpd.GeoDataFrame] = {}
    for gpkg in (folder / "analysis.gpkg", folder / "siting.gpkg"):
        if gpkg.is_file():
            found = read_layers(gpkg, maps_only=True)
            layers.update(
                {
                    name: frame
                    for name, frame in found.items()
                    if isinstance(frame, gpd.GeoDataFrame)
                }
            )
    return Results(coverage=coverage, siting=read_siting_summary(folder), layers=layers)
