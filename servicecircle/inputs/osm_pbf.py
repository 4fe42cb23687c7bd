"""Read a study area from an OSM ``.osm.pbf`` extract with pyrosm.

Before pyrosm sees the file, its blocks are walked (:func:`check_pbf`): the
signature, a file cut off in the middle, and the size its blocks unpack to
(against the server's ``inflated_mb`` limit; a PBF is compressed data too).

pyrosm keeps the result of every read in ``<tempdir>/pyrosm/cache``, keyed by
the file's path, so an uploaded extract's roads and buildings would stay on
the server after the upload itself is removed, and could be served to a later
read of another file saved under the same path. Each read here therefore
goes through a private link to the file, whose cache entries are removed when
the read ends, successful or not.
"""

from __future__ import annotations

import logging
import os
import shutil
import struct
import tempfile
import warnings
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from servicecircle._progress import Progress, null_progress
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import GROUND_TAGS, NO_EXTENT, PREMISE_KINDS, StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.data_date import pbf_data_date
from servicecircle.inputs.normalize import (
    boundaries_layer,
    buildings_layer,
    edges_layer,
    grounds_layer,
    landuse_layer,
    nodes_layer,
)
from servicecircle.inputs.pbf_blocks import MAX_BLOB, MAX_HEADER, pbf_header_block, protobuf_fields
from servicecircle.inputs.premise_names import DEFAULT_PREMISE_NAMES
from servicecircle.inputs.premises import premises_layer
from servicecircle.inputs.roads import RoadTable
from servicecircle.limits import Limits, current_limits

logger = logging.getLogger(__name__)


_DAMAGED = msg("msg.inputs.advice.fresh_pbf")


def _exactly(handle: BinaryIO, size: int, shown: str, offset: int, total: int) -> bytes:
    data = handle.read(size)
    if len(data) < size:
        raise InputDataError(
            msg(
                "msg.inputs.pbf_cut_off",
                file=shown,
                offset=offset,
                size=size,
                total=total,
                advice=_DAMAGED,
            )
        )
    return data


def check_pbf(path: Path, *, limits: Limits | None = None) -> int:
    """Walk the blocks of a PBF file and return the bytes they unpack to.

    Checks the signature (the first block is an ``OSMHeader``), that every
    block lies whole inside the file, that no block is larger than the format
    allows, and that the blocks together unpack to no more than the
    ``inflated_mb`` limit (pyrosm unpacks exactly the size a block declares).
    Only one block is in memory at a time.

    Raises
    ------
    ResourceLimitError
        When the file is over ``file_mb`` or unpacks to more than ``inflated_mb``.
    InputDataError
        When the file is not a PBF extract, or is damaged or cut off.
    """
    from servicecircle.inputs.osm_xml import megabytes
    from servicecircle.inputs.signatures import check_osm_pbf

    limits = limits or current_limits()
    shown = path.name
    total = path.stat().st_size
    if total > limits.file_mb * 2**20:
        raise limits.exceeded("file_mb", msg("msg.inputs.file_mb", file=shown, mb=megabytes(total)))
    unpacked = 0
    with path.open("rb") as handle:
        check_osm_pbf(handle.read(4 + MAX_HEADER), shown)
        handle.seek(0)
        offset = 0
        while offset < total:
            (length,) = struct.unpack(">I", _exactly(handle, 4, shown, offset, total))
            if not 0 < length <= MAX_HEADER:
                raise InputDataError(
                    msg(
                        "msg.inputs.pbf_bad_header",
                        file=shown,
                        offset=offset,
                        length=length,
                        advice=_DAMAGED,
                    )
                )
            try:
                header = protobuf_fields(_exactly(handle, length, shown, offset, total))
                size = header.get(3)
                if not isinstance(size, int) or not 0 < size <= MAX_BLOB:
                    raise ValueError(msg("msg.inputs.pbf_block_size", size=size))
                blob = protobuf_fields(_exactly(handle, size, shown, offset, total))
            except InputDataError:
                raise
            except ValueError as error:
                raise InputDataError(
                    msg(
                        "msg.inputs.pbf_damaged_at",
                        file=shown,
                        offset=offset,
                        detail=error,
                        advice=_DAMAGED,
                    )
                ) from error
            raw = blob.get(1)
            declared = blob.get(2)
            block = len(raw) if isinstance(raw, bytes) else declared
            if not isinstance(block, int) or not 0 <= block <= MAX_BLOB:
                raise InputDataError(
                    msg("msg.inputs.pbf_unsized_block", file=shown, offset=offset, advice=_DAMAGED)
                )
            unpacked += block
            if unpacked > limits.inflated_mb * 2**20:
                raise limits.exceeded(
                    "inflated_mb",
                    msg("msg.inputs.pbf_unpacks", file=shown, mb=megabytes(unpacked)),
                    found=msg("msg.inputs.advice.cut_county"),
                )
            offset = handle.tell()
    return unpacked


def _zigzag(value: int) -> int:
    """A protobuf ``sint64`` from its zigzag-encoded varint."""
    return (value >> 1) ^ -(value & 1)


def pbf_header_bbox(path: Path) -> BaseGeometry | None:
    """The bounding box stated in the header of a PBF extract (WGS-84), or ``None``.

    Extracts cut by osmium, osmconvert or Geofabrik carry the box (or the
    box of the polygon) they were cut to in their ``OSMHeader`` block
    (``HeaderBBox``, nanodegrees). Files without one, with an unreadable or
    compressed-otherwise header, or a degenerate box give ``None``. Call
    after :func:`check_pbf`, which vouches for the block sizes.
    """
    try:
        data = pbf_header_block(path)
        box = protobuf_fields(data).get(1) if data is not None else None
        if not isinstance(box, bytes):
            return None
        sides = protobuf_fields(box)
        if not all(isinstance(sides.get(k), int) for k in (1, 2, 3, 4)):
            return None
        left, right, top, bottom = (_zigzag(int(sides[k])) / 1e9 for k in (1, 2, 3, 4))
    except (OSError, ValueError, struct.error, zlib.error):
        return None
    if not (-180 <= left < right <= 180 and -90 <= bottom < top <= 90):
        return None
    return shapely.box(left, bottom, right, top)


@contextmanager
def private_pbf(path: Path) -> Iterator[Path]:
    """Yield a path to ``path``'s data that no other read uses; clear pyrosm's cache for it after.

    The path is a hard link in a private temporary folder (a copy when the
    file cannot be linked), so pyrosm's result cache, keyed by path, neither
    serves another file's results nor keeps this one's after the read.
    """
    from servicecircle.inputs.pyrosm_import import import_pyrosm

    pyrosm = import_pyrosm()

    with tempfile.TemporaryDirectory(prefix="servicecircle-pbf-") as folder:
        private = Path(folder) / path.name
        try:
            os.link(path, private)
        except OSError:
            shutil.copyfile(path, private)
        try:
            yield private
        finally:
            pyrosm.OSM.clear_cache(str(private))


def _premise_filter() -> dict[str, list[str]]:
    """The tags of premises (:data:`PREMISE_KINDS`), merged by key, for pyrosm."""
    merged: dict[str, list[str]] = {}
    for rules in PREMISE_KINDS.values():
        for key, values in rules.items():
            merged.setdefault(key, [])
            merged[key].extend(v for v in values if v not in merged[key])
    return merged


def _premise_features(osm: Any, path: Path, shown: str) -> gpd.GeoDataFrame | None:
    """Features tagged as premises, and named features that may be premises by name.

    pyrosm cannot select by a name's words: the second read takes every
    feature with a name key (:data:`DEFAULT_PREMISE_NAMES.name_keys`) that
    carries none of the keys ruled out for premises by name (roads, stops,
    shops, ...), and :func:`premises_layer` keeps those whose names match.
    """
    import pandas as pd

    names = DEFAULT_PREMISE_NAMES
    tagged = _pyrosm(path, shown, lambda: osm.get_pois(custom_filter=_premise_filter()))
    named = _pyrosm(
        path,
        shown,
        lambda: osm.get_data_by_custom_criteria(
            custom_filter=dict.fromkeys(names.ignored_keys, True),
            filter_type="exclude",
            osm_keys_to_keep=list(names.name_keys),
        ),
    )
    parts = [part for part in (tagged, named) if part is not None and len(part)]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=WGS84)


def area_from_pbf(
    path: str | Path,
    *,
    name: str | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
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
    limits
        The server's limits; defaults to :func:`~servicecircle.limits.current_limits`.

    Returns
    -------
    StudyArea
        Layers in WGS-84.

    Raises
    ------
    ResourceLimitError
        If the file is over the server's limits.
    InputDataError
        If the file is missing, not a PBF, damaged, or holds no roads.
    """
    path = Path(path)
    if not path.is_file():
        raise InputDataError(msg("msg.inputs.osm_not_found", path=str(path)))
    report = progress or null_progress
    report(0.02, msg("msg.inputs.step.checking"))
    check_pbf(path, limits=limits)
    stated = pbf_header_bbox(path)
    with private_pbf(path) as private:
        layers = _read_layers(private, shown=path.name, report=report)
    roads, buildings, landuse, premises, boundaries, grounds = layers
    report(1.0, msg("msg.inputs.step.done"))
    logger.info(
        "read %d edges, %d buildings, %d land-use areas, %d premises, %d boundaries from %s",
        len(roads),
        len(buildings),
        len(landuse),
        len(premises),
        len(boundaries),
        path.name,
    )
    return StudyArea(
        name=name or path.name,
        source=f"pbf:{path}",
        roads=roads,
        buildings=buildings,
        landuse=landuse,
        premises=premises,
        boundaries=boundaries,
        grounds=grounds,
        extent=stated if stated is not None else NO_EXTENT,
        extent_basis="pbf_header" if stated is not None else "data",
        data_date=pbf_data_date(path),
    )


def _pyrosm(private: Path, shown: str, read: Callable[[], Any]) -> Any:
    """Run one pyrosm read of ``private``, turning its bare errors into a planner's message.

    The message names the planner's file ``shown``, never the private link.
    """
    try:
        return read()
    except MemoryError:
        raise
    except Exception as error:  # pyrosm raises bare errors on corrupt files
        detail = str(error).replace(str(private), shown)
        detail = detail if len(detail) <= 300 else detail[:300] + "..."
        raise InputDataError(
            msg(
                "msg.inputs.pbf_unreadable",
                file=shown,
                kind=type(error).__name__,
                detail=detail,
                advice=_DAMAGED,
            )
        ) from error


def _read_layers(path: Path, *, shown: str, report: Progress) -> tuple[Any, ...]:
    """(roads, buildings, land use, premises, boundaries, grounds) of a checked PBF file.

    The roads are a :class:`~servicecircle.inputs.roads.RoadTable`; their
    GeoDataFrames are let go before the other layers are read.
    """
    from servicecircle.inputs.pyrosm_import import import_pyrosm

    pyrosm = import_pyrosm()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # One decode of the file serves every layer (the default engine decodes the
        # whole file again for each of the 7 reads, through a GeoParquet round trip);
        # boundaries keep the default engine, whose relation assembly they were read
        # with (the other assembles one Liechtenstein outline as two parts).
        osm = _pyrosm(path, shown, lambda: pyrosm.OSM(str(path), engine="in_memory"))
        outlines = _pyrosm(path, shown, lambda: pyrosm.OSM(str(path)))
        report(0.05, msg("msg.inputs.step.roads"))
        nodes, edges = _pyrosm(path, shown, lambda: osm.get_network(network_type="all", nodes=True))
        if edges is None or len(edges) == 0:
            raise InputDataError(msg("msg.inputs.osm_no_roads", file=shown))
        edge_layer = edges_layer(edges)
        roads = RoadTable.from_layers(nodes_layer(nodes, edge_layer), edge_layer)
        del nodes, edges, edge_layer
        report(0.45, msg("msg.inputs.step.buildings"))
        buildings = buildings_layer(_pyrosm(path, shown, osm.get_buildings))
        report(0.65, msg("msg.inputs.step.landuse"))
        landuse = landuse_layer(_pyrosm(path, shown, osm.get_landuse))
        report(0.8, msg("msg.inputs.step.premises"))
        premises = premises_layer(_premise_features(osm, path, shown))
        report(0.9, msg("msg.inputs.step.boundaries"))
        boundaries = boundaries_layer(_pyrosm(path, shown, outlines.get_boundaries))
        report(0.95, msg("msg.inputs.step.grounds"))
        grounds = grounds_layer(
            _pyrosm(
                path,
                shown,
                lambda: osm.get_data_by_custom_criteria(
                    custom_filter=GROUND_TAGS,
                    filter_type="keep",
                    keep_nodes=False,
                ),
            )
        )
    return roads, buildings, landuse, premises, boundaries, grounds
