"""Read a study area from an OSM XML file (``.osm``, ``.osm.xml``, optionally ``.bz2``/``.gz``).

The file is checked before any XML parser sees it: its size against the
server's ``file_mb`` limit, its first bytes for ``<osm`` (no document type
declaration, so no entities), and a compressed file is unpacked once, in a
stream that counts the bytes, into a temporary plain copy; unpacking stops as
soon as it passes the ``inflated_mb`` limit, so a small ``.osm.gz`` that
would inflate to gigabytes never reaches the parser. Both parsers read that
checked copy.

The checked file is parsed once, streamed through expat
(:mod:`servicecircle.inputs.osm_xml_parse`), into the elements osmnx builds
its graphs and features from: roads from the highway ways and their nodes
(as osmnx ``graph_from_xml`` builds them from a file holding only those; it
turns *every* way into edges, buildings included), simplified with arrays
(:mod:`servicecircle.inputs.osm_xml_roads`); buildings, land use, premises
and boundaries as osmnx ``features_from_xml`` builds them, the way
geometries made in bulk (:mod:`servicecircle.inputs.osm_xml_features`).
Both give what osmnx's own functions give (tested to the bit).
"""

from __future__ import annotations

import bz2
import gzip
import logging
import tempfile
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from pyexpat import ExpatError
from typing import IO, Any

import shapely
from shapely.geometry.base import BaseGeometry

from servicecircle._progress import Progress, null_progress
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.data_date import xml_data_date
from servicecircle.inputs.osm_graph import (
    FEATURE_TAGS,
    area_from_roads_and_features,
    edge_tags_kept,
    edges_from_graph,
    simplify_roads,
)
from servicecircle.inputs.osm_xml_features import features_table
from servicecircle.inputs.osm_xml_parse import overpass_elements, roads_elements
from servicecircle.inputs.osm_xml_roads import road_layers
from servicecircle.limits import Limits, current_limits

logger = logging.getLogger(__name__)

XML_SUFFIXES = (".osm", ".osm.xml", ".xml", ".osm.bz2", ".osm.xml.bz2", ".osm.gz", ".osm.xml.gz")

#: Bytes unpacked at a time: the most a compressed file holds in memory at once.
_CHUNK = 1 << 20
#: Bytes looked at for the ``<osm`` signature.
_HEAD = 4096
_MAGIC = {b"\x1f\x8b": "gzip", b"BZh": "bzip2"}
_ADVICE = msg("msg.inputs.advice.export_osm")
#: Element attributes that osmnx's ``features_from_xml`` drops from its table.
_ELEMENT_ATTRIBUTES = {"changeset", "timestamp", "uid", "user", "version"}


def _open(path: Path) -> IO[bytes]:
    if path.suffix == ".bz2":
        return bz2.open(path, "rb")
    if path.suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def megabytes(size: int) -> str:
    """``size`` bytes in MB for a message: one decimal below 100 MB, none above."""
    value = size / 2**20
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def compression_of(path: Path) -> str | None:
    """``"gzip"``, ``"bzip2"`` or ``None`` (plain), from the file's first bytes, not its name."""
    with path.open("rb") as handle:
        head = handle.read(3)
    return next((kind for magic, kind in _MAGIC.items() if head.startswith(magic)), None)


def _unpacking(path: Path, kind: str | None) -> IO[bytes]:
    """``path`` opened for reading its unpacked bytes."""
    if kind == "gzip":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if kind == "bzip2":
        return bz2.open(path, "rb")
    return path.open("rb")


def _read(source: IO[bytes], size: int, shown: str, kind: str) -> bytes:
    """Read up to ``size`` unpacked bytes, turning a damaged stream into a planner's message."""
    try:
        return source.read(size)
    except (OSError, EOFError, zlib.error) as error:
        raise InputDataError(
            msg("msg.inputs.xml_unpack", file=shown, kind=kind, error=str(error), advice=_ADVICE)
        ) from error


def unpack_osm_xml(path: Path, target: Path, *, limits: Limits | None = None) -> int:
    """Write the OSM XML held in ``path`` (plain, gzip or bzip2) to ``target`` as plain XML.

    The stream is checked for ``<osm`` before anything is written and counted
    as it is unpacked, one chunk at a time; it stops as soon as the count
    passes the limit (``inflated_mb`` for a compressed file, ``file_mb`` for a
    plain one), so memory stays at one chunk whatever the file inflates to.

    Returns
    -------
    int
        The number of bytes written.

    Raises
    ------
    ResourceLimitError
        When the unpacked XML passes the limit (the partial copy is removed).
    InputDataError
        When the stream is damaged or does not hold OpenStreetMap XML.
    """
    from servicecircle.inputs.signatures import check_osm_xml

    limits = limits or current_limits()
    kind = compression_of(path)
    name, limit_mb = (
        ("file_mb", limits.file_mb) if kind is None else ("inflated_mb", limits.inflated_mb)
    )
    most = int(limit_mb * 2**20)
    written = 0
    try:
        with _unpacking(path, kind) as source, target.open("wb") as sink:
            chunk = _read(source, _HEAD, path.name, kind or "XML")
            check_osm_xml(chunk, path.name)
            while chunk:
                written += len(chunk)
                if written > most:
                    mb = megabytes(written)
                    what = (
                        msg(
                            "msg.inputs.xml_packed_unpacks",
                            file=path.name,
                            packed=megabytes(path.stat().st_size),
                            kind=kind,
                            mb=mb,
                        )
                        if kind
                        else msg("msg.inputs.xml_unpacks", file=path.name, mb=mb)
                    )
                    raise limits.exceeded(name, what, found=msg("msg.inputs.advice.pbf_or_cut"))
                sink.write(chunk)
                chunk = _read(source, _CHUNK, path.name, kind or "XML")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return written


@contextmanager
def checked_osm_xml(path: Path, *, limits: Limits | None = None) -> Iterator[Path]:
    """Yield a plain OSM XML file holding ``path``'s data, checked against the server's limits.

    A plain ``.osm`` file is checked (size, signature) and yielded as it is;
    a compressed one (or one whose name does not say what it holds) is
    unpacked to a temporary copy by :func:`unpack_osm_xml`, removed afterwards.

    Raises
    ------
    ResourceLimitError
        For a file over ``file_mb`` or one that unpacks to more than ``inflated_mb``.
    InputDataError
        For a file that is not OpenStreetMap XML.
    """
    from servicecircle.inputs.signatures import check_osm_xml

    limits = limits or current_limits()
    size = path.stat().st_size
    if size > limits.file_mb * 2**20:
        raise limits.exceeded(
            "file_mb",
            msg("msg.inputs.file_mb", file=path.name, mb=megabytes(size)),
            found=msg("msg.inputs.advice.pbf_smaller"),
        )
    if compression_of(path) is None and path.suffix.lower() not in (".gz", ".bz2"):
        with path.open("rb") as handle:
            check_osm_xml(handle.read(_HEAD), path.name)
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="servicecircle-osm-") as folder:
        plain = Path(folder) / "area.osm"
        unpack_osm_xml(path, plain, limits=limits)
        yield plain


def osm_xml_bounds(path: Path) -> BaseGeometry | None:
    """The area an OSM XML file states it covers, from its ``<bounds>`` elements (WGS-84).

    Reads the elements before the first node, way or relation: ``<bounds
    minlat= minlon= maxlat= maxlon=>`` (openstreetmap.org, JOSM: several are
    united) or osmosis' ``<bound box="S,W,N,E">``. osmnx ignores them.

    Returns
    -------
    shapely geometry or None
        The (union of the) boxes, or ``None`` when the file states none or
        states only degenerate or out-of-range ones.
    """
    boxes: list[BaseGeometry] = []
    with _open(path) as handle:
        try:
            for _, element in ET.iterparse(handle, events=("start",)):
                if element.tag in ("node", "way", "relation"):
                    break
                if element.tag == "bounds":
                    values = [element.get(k) for k in ("minlon", "minlat", "maxlon", "maxlat")]
                elif element.tag == "bound":
                    south_west_north_east = (element.get("box") or "").split(",")
                    if len(south_west_north_east) != 4:
                        continue
                    south, west, north, east = south_west_north_east
                    values = [west, south, east, north]
                else:
                    continue
                box = _box(values)
                if box is not None:
                    boxes.append(box)
        except ET.ParseError:
            pass  # the full read reports a damaged file with its own message
    return shapely.union_all(boxes) if boxes else None


def _box(values: list[str | None]) -> BaseGeometry | None:
    """A WGS-84 box from ``[west, south, east, north]`` texts, or ``None`` when not one."""
    try:
        west, south, east, north = (float(v) for v in values)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        return None
    return shapely.box(west, south, east, north)


def roads_only_xml(path: Path, target: Path) -> int:
    """Write to ``target`` the nodes and highway ways of the OSM XML file ``path``.

    The file osmnx ``graph_from_xml`` reads to build the roads the way
    :func:`area_from_xml` builds them (from the one parse of the whole file):
    the reference of the tests and of ``benchmarks/bench_load.py``.

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
    path: str | Path,
    *,
    name: str | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
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
    limits
        The server's limits; defaults to :func:`~servicecircle.limits.current_limits`.

    Raises
    ------
    ResourceLimitError
        If the file, or what it unpacks to, is over the server's limits.
    InputDataError
        If the file is missing, is not OSM XML, or holds no roads.
    """
    path = Path(path)
    if not path.is_file():
        raise InputDataError(msg("msg.inputs.osm_not_found", path=str(path)))
    report = progress or null_progress
    report(0.02, msg("msg.inputs.step.checking"))
    with checked_osm_xml(path, limits=limits) as plain:
        roads, features = _roads_and_features(plain, shown=path.name, report=report)
        bounds = osm_xml_bounds(plain)
        data_date = xml_data_date(plain)
    area = area_from_roads_and_features(
        roads,
        features,
        name=name or path.name,
        source=f"xml:{path}",
        extent=bounds,
        extent_basis="osm_bounds",
        data_date=data_date,
    )
    report(1.0, msg("msg.inputs.step.done"))
    logger.info(
        "read %d edges and %d buildings from %s", len(area.roads), len(area.buildings), path.name
    )
    return area


def _roads_and_features(plain: Path, *, shown: str, report: Progress) -> tuple[Any, Any]:
    """The (nodes, edges) road layers and osmnx features table of a checked, plain OSM XML file.

    The file is parsed once (:func:`~servicecircle.inputs.osm_xml_parse.overpass_elements`)
    and its elements given to what makes the layers osmnx's ``graph_from_xml``
    (the highway ways and their nodes only, ``bidirectional=False``,
    unsimplified, every component) and :func:`simplify_roads` give, with
    arrays (:func:`~servicecircle.inputs.osm_xml_roads.road_layers`; osmnx
    itself for the inputs that does not cover), and to what makes the table
    osmnx's ``features_from_xml`` (:data:`FEATURE_TAGS`) builds from the file
    it parses itself, with the way geometries made in bulk
    (:func:`~servicecircle.inputs.osm_xml_features.features_table`).
    ``shown`` names the planner's file in messages.
    """
    import osmnx as ox
    from osmnx.features import _create_gdf
    from shapely.geometry import Polygon

    report(0.05, msg("msg.inputs.step.roads"))
    try:
        read = overpass_elements(plain)
    except (ExpatError, OSError, KeyError, ValueError) as error:
        raise InputDataError(
            msg("msg.inputs.xml_unreadable", file=shown, error=str(error), advice=_ADVICE)
        ) from error
    if not any(e["type"] == "way" and "highway" in e["tags"] for e in read["elements"]):
        raise InputDataError(msg("msg.inputs.osm_no_roads", file=shown))
    try:
        with edge_tags_kept():
            layers = road_layers(read)
            graph = None if layers is not None else _osmnx_roads(read)
    except (KeyError, ValueError, IndexError, ox._errors.GraphSimplificationError) as error:
        raise InputDataError(
            msg(
                "msg.inputs.xml_no_network",
                file=shown,
                kind=type(error).__name__,
                error=str(error),
                advice=_ADVICE,
            )
        ) from error
    if graph is not None:
        if len(graph) == 0:
            raise InputDataError(msg("msg.inputs.xml_no_nodes", file=shown, advice=_ADVICE))
        layers = edges_from_graph(graph)
    report(0.5, msg("msg.inputs.step.features"))
    try:
        features = features_table(read, FEATURE_TAGS)
        if features is None:  # a way without nodes: osmnx says what it says of it
            features = _create_gdf([read], Polygon(), FEATURE_TAGS)
    except ox._errors.InsufficientResponseError:
        return layers, None
    except (KeyError, ValueError, TypeError) as error:
        raise InputDataError(
            msg(
                "msg.inputs.xml_features",
                file=shown,
                kind=type(error).__name__,
                error=str(error),
                advice=_ADVICE,
            )
        ) from error
    return layers, features.drop(columns=list(set(features.columns) & _ELEMENT_ATTRIBUTES))


def _osmnx_roads(read: dict[str, Any]) -> Any:
    """The simplified osmnx road graph of the parsed file (inside :func:`edge_tags_kept`)."""
    from osmnx.graph import _create_graph

    return simplify_roads(_create_graph([roads_elements(read)], bidirectional=False))
