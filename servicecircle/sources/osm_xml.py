"""Read a study area from an OSM XML file (``.osm``, ``.osm.xml``, optionally ``.bz2``/``.gz``).

Roads go through osmnx ``graph_from_xml`` on a copy of the file reduced to
highway ways (``graph_from_xml`` turns *every* way into edges, buildings
included); buildings, land use, premises and boundaries through osmnx
``features_from_xml``.
"""

from __future__ import annotations

import bz2
import gzip
import logging
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import IO

from servicecircle.errors import InputDataError
from servicecircle.sources.area import StudyArea
from servicecircle.sources.osm_graph import (
    FEATURE_TAGS,
    area_from_graph_and_features,
    edge_tags_kept,
)

logger = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
XML_SUFFIXES = (".osm", ".osm.xml", ".xml", ".osm.bz2", ".osm.xml.bz2", ".osm.gz", ".osm.xml.gz")


def _open(path: Path) -> IO[bytes]:
    if path.suffix == ".bz2":
        return bz2.open(path, "rb")
    if path.suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def roads_only_xml(path: Path, target: Path) -> int:
    """Write to ``target`` the nodes and highway ways of the OSM XML file ``path``.

    Returns
    -------
    int
        The number of highway ways written.
    """
    nodes: dict[str, tuple[str, str]] = {}
    ways: list[ET.Element] = []
    used: set[str] = set()
    with _open(path) as handle:
        for _, element in ET.iterparse(handle, events=("end",)):
            if element.tag == "node":
                nodes[element.attrib["id"]] = (element.attrib["lat"], element.attrib["lon"])
                element.clear()
            elif element.tag == "way":
                if any(t.get("k") == "highway" for t in element.iter("tag")):
                    ways.append(element)
                    used.update(nd.attrib["ref"] for nd in element.iter("nd"))
                else:
                    element.clear()
            elif element.tag == "relation":
                element.clear()
    root = ET.Element("osm", version="0.6", generator="servicecircle")
    for node_id in sorted(used & nodes.keys(), key=int):
        lat, lon = nodes[node_id]
        ET.SubElement(root, "node", id=node_id, lat=lat, lon=lon)
    for way in ways:
        root.append(way)
    ET.ElementTree(root).write(target, encoding="utf-8", xml_declaration=True)
    return len(ways)


def area_from_xml(
    path: str | Path, *, name: str | None = None, progress: Progress | None = None
) -> StudyArea:
    """Read every study-area layer from an OSM XML file.

    Parameters
    ----------
    path
        ``.osm`` / ``.osm.xml`` file, optionally ``.bz2`` or ``.gz`` compressed.
    name
        Display name; defaults to the file name.
    progress
        Optional callback ``(fraction, message)``.

    Raises
    ------
    InputDataError
        If the file is missing, is not OSM XML, or holds no roads.
    """
    import osmnx as ox

    path = Path(path)
    if not path.is_file():
        raise InputDataError(f"OSM file not found: {path}. Check the path and try again.")
    report = progress or (lambda fraction, message: None)
    with tempfile.TemporaryDirectory(prefix="servicecircle-") as tmp:
        roads = Path(tmp) / "roads.osm"
        report(0.05, "roads")
        try:
            n_ways = roads_only_xml(path, roads)
        except (ET.ParseError, OSError, EOFError, KeyError) as error:
            raise InputDataError(
                f"Could not read {path.name} as OSM XML ({error}). Export the area again "
                "from OpenStreetMap (or use a .osm.pbf extract) and try again."
            ) from error
        if n_ways == 0:
            raise InputDataError(
                f"{path.name} contains no roads or paths; choose an extract that covers "
                "the study area's road network."
            )
        with edge_tags_kept():
            graph = ox.graph_from_xml(roads, bidirectional=False, simplify=True, retain_all=True)
    report(0.5, "buildings, land use, premises, boundaries")
    try:
        features = ox.features_from_xml(path, tags=FEATURE_TAGS)
    except ox._errors.InsufficientResponseError:
        features = None
    area = area_from_graph_and_features(
        graph, features, name=name or path.name, source=f"xml:{path}"
    )
    report(1.0, "done")
    logger.info(
        "read %d edges and %d buildings from %s", len(area.edges), len(area.buildings), path.name
    )
    return area
