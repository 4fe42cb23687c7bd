"""The planner's province-wide files cut to one region's halo.

A batch's relocation and industrial areas, demand points, township
boundaries and buildings are usually one file each for the whole province.
The readers refuse features far (50 km) from the study area, as a guard
against a file in the wrong coordinate system; so each region reads a copy of
each file holding only the features that touch its halo, written in the
system the run reads its files in. Today's outlets are cut the same way when
read (:func:`~servicecircle.batch.region_area.halo_outlets`).

Files stated in GCJ-02 or BD-09 (``crs``) are read as given: a copy would
have to be written back in the offset system.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.workflow.inputs import file_and_part

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from servicecircle.inputs.files.raw import GeometryKind
    from servicecircle.workflow.inputs import RunInputs

#: The files cut to the halo, with the kind of geometry each holds.
CUT_FILES: dict[str, GeometryKind] = {
    "relocation": "polygon",
    "industrial": "polygon",
    "demand_points": "point",
    "boundaries": "polygon",
    "buildings": "polygon",
}


def halo_inputs(inputs: RunInputs, halo: BaseGeometry, folder: Path) -> RunInputs:
    """``inputs`` reading copies of its files that hold only the features touching ``halo``.

    Parameters
    ----------
    inputs
        The planner's inputs.
    halo
        The halo polygon (WGS-84).
    folder
        Where the copies go (``<field>/<file name>.gpkg``; a temporary folder).

    Returns
    -------
    RunInputs
        The inputs with each of :data:`CUT_FILES` given pointing at its copy;
        a file with no feature in the halo is left out (``None``: for the
        township boundaries, the region's units are then named after the
        extract's own boundaries).

    Raises
    ------
    InputDataError
        When the planner's demand points replace the estimate and none lies
        in the halo.
    """
    changes: dict[str, Any] = {}
    for name, kind in CUT_FILES.items():
        given = getattr(inputs, name)
        if given is not None:
            changes[name] = cut_file(str(given), kind, inputs.crs, halo, folder / name)
    points = inputs.demand_points
    if points and changes.get("demand_points") is None and inputs.demand_mode == "replace":
        name = Path(file_and_part(points)[0]).name
        raise InputDataError(msg("msg.batch.no_demand_points", file=name))
    return dataclasses.replace(inputs, **changes)


def cut_file(
    given: str, kind: GeometryKind, crs: str | None, halo: BaseGeometry, folder: Path
) -> str | None:
    """A copy of the planner's file ``given`` holding only the features touching ``halo``.

    Parameters
    ----------
    given
        The file as the planner gave it (``FILE::LAYER`` picks a layer).
    kind
        ``"point"`` or ``"polygon"``.
    crs
        The coordinate system the planner stated for the files (``None``:
        each file's own); the copy is written in it.
    halo
        The halo polygon (WGS-84).
    folder
        Where the copy goes (``<file name>.gpkg``).

    Returns
    -------
    str or None
        The copy's path; ``given`` itself when the files are stated in GCJ-02
        or BD-09 (read as given); ``None`` when no feature touches the halo.
    """
    from servicecircle.inputs.crs import resolve_crs
    from servicecircle.inputs.files.read import read_layer

    system = resolve_crs(crs)
    if system is not None and system.crs_text is None:
        return given
    path, layer = file_and_part(given)
    frame = read_layer(path, layer=layer, crs=crs, geometry=kind).frame
    kept = frame[shapely.intersects(halo, frame.geometry.to_numpy())]
    if len(kept) == 0:
        return None
    copy = folder / f"{Path(path).stem}.gpkg"
    copy.parent.mkdir(parents=True, exist_ok=True)
    kept = kept.to_crs(system.crs_text) if system is not None else kept
    kept.to_file(copy, layer=Path(path).stem, driver="GPKG")
    return str(copy)
