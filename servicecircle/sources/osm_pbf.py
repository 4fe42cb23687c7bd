"""Read a study area from an OSM ``.osm.pbf`` extract with pyrosm."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from pathlib import Path

from servicecircle.errors import InputDataError
from servicecircle.sources.area import PREMISE_KINDS, StudyArea
from servicecircle.sources.normalize import (
    boundaries_layer,
    buildings_layer,
    edges_layer,
    landuse_layer,
    nodes_layer,
    premises_layer,
)

logger = logging.getLogger(__name__)

Progress = Callable[[float, str], None]


def _premise_filter() -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for rules in PREMISE_KINDS.values():
        for key, values in rules.items():
            merged.setdefault(key, [])
            merged[key].extend(v for v in values if v not in merged[key])
    return merged


def area_from_pbf(
    path: str | Path, *, name: str | None = None, progress: Progress | None = None
) -> StudyArea:
    """Read every study-area layer from an OSM PBF extract.

    Parameters
    ----------
    path
        A ``.osm.pbf`` file.
    name
        Display name; defaults to the file name.
    progress
        Optional callback ``(fraction, message)``.

    Returns
    -------
    StudyArea
        Layers in WGS-84.

    Raises
    ------
    InputDataError
        If the file is missing, not a PBF, or holds no roads.
    """
    import pyrosm

    path = Path(path)
    if not path.is_file():
        raise InputDataError(f"OSM file not found: {path}. Check the path and try again.")
    report = progress or (lambda fraction, message: None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            osm = pyrosm.OSM(str(path))
            report(0.05, "roads")
            nodes, edges = osm.get_network(network_type="all", nodes=True)
        except Exception as error:  # pyrosm raises bare errors on corrupt files
            raise InputDataError(
                f"Could not read {path.name} as an OSM PBF extract ({error}). "
                "Download a fresh .osm.pbf extract (e.g. from Geofabrik) and try again."
            ) from error
        if edges is None or len(edges) == 0:
            raise InputDataError(
                f"{path.name} contains no roads or paths; choose an extract that covers "
                "the study area's road network."
            )
        edge_layer = edges_layer(edges)
        node_layer = nodes_layer(nodes, edge_layer)
        report(0.45, "buildings")
        buildings = buildings_layer(osm.get_buildings())
        report(0.65, "land use")
        landuse = landuse_layer(osm.get_landuse())
        report(0.8, "premises")
        premises = premises_layer(osm.get_pois(custom_filter=_premise_filter()))
        report(0.9, "boundaries")
        boundaries = boundaries_layer(osm.get_boundaries())
    report(1.0, "done")
    logger.info(
        "read %d edges, %d buildings, %d land-use areas, %d premises, %d boundaries from %s",
        len(edge_layer),
        len(buildings),
        len(landuse),
        len(premises),
        len(boundaries),
        path.name,
    )
    return StudyArea(
        name=name or path.name,
        source=f"pbf:{path}",
        nodes=node_layer,
        edges=edge_layer,
        buildings=buildings,
        landuse=landuse,
        premises=premises,
        boundaries=boundaries,
    )
