"""Cut an OSM extract once into one small file per region, each holding its halo.

A province's extract is too large to load in every region's run; each
region's run loads its own cut instead (:attr:`~servicecircle.batch.jobs.RegionJob.extract_is_cut`).
A cut holds, as ``osmium extract --strategy complete_ways`` would:

- every node inside the halo polygon;
- every way with a node inside it, whole (all its nodes, also those outside),
  so roads, buildings and land use are the same as in the whole extract;
- every multipolygon and boundary relation with a member inside it, whole
  (all member ways and their nodes), so land use, buildings with holes and
  admin boundaries are assembled as from the whole extract. Other relations
  (routes, turn restrictions) are left out: the project reads none of them.

The extract is read once in Python (nodes in the halos, ways and relations
touching them, all regions at once), then once per region by libosmium (in
C++) to add the referenced objects and write the cut. Needs ``osmium``
(pyosmium), the ``batch`` extra.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from servicecircle.batch.jobs import safe_folder_name

#: The relation types a cut keeps (with all their members).
KEPT_RELATIONS = frozenset({"multipolygon", "boundary"})

#: The name of each region's cut inside the cuts' folder.
CUT_SUFFIX = ".osm.pbf"


#: Nodes are tested against the halos this many at a time (vectorised).
NODE_CHUNK = 200_000


class _Halos:
    """The halo polygons of all regions, with a tree over their bounding boxes."""

    def __init__(self, halos: Mapping[str, BaseGeometry]) -> None:
        self.codes = list(halos)
        self.polygons = [halos[code] for code in self.codes]
        for polygon in self.polygons:
            shapely.prepare(polygon)
        self.boxes = [polygon.bounds for polygon in self.polygons]
        self.tree = shapely.STRtree([shapely.box(*box) for box in self.boxes])

    def holding(
        self, x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]
    ) -> Iterator[tuple[int, npt.NDArray[np.bool_]]]:
        """For each region whose halo holds some of the points, its index and which points."""
        for i, (west, south, east, north) in enumerate(self.boxes):
            near = np.flatnonzero((x >= west) & (x <= east) & (y >= south) & (y <= north))
            if near.size:
                held = np.zeros(x.size, dtype=bool)
                held[near] = shapely.intersects_xy(self.polygons[i], x[near], y[near])
                yield i, held

    def near(self, bounds: tuple[float, float, float, float]) -> list[int]:
        """The regions whose halo's box meets the box ``bounds``."""
        return [int(i) for i in self.tree.query(shapely.box(*bounds))]


class _Nodes:
    """Nodes waiting to be tested against the halos, in a chunk."""

    def __init__(self, halos: _Halos, trackers: list[Any]) -> None:
        self.halos, self.trackers = halos, trackers
        self.ids: list[int] = []
        self.xs: list[float] = []
        self.ys: list[float] = []

    def add(self, node_id: int, lon: float, lat: float) -> None:
        self.ids.append(node_id)
        self.xs.append(lon)
        self.ys.append(lat)
        if len(self.ids) >= NODE_CHUNK:
            self.flush()

    def flush(self) -> None:
        """Give each region's tracker the waiting nodes inside its halo."""
        if not self.ids:
            return
        ids = np.asarray(self.ids, dtype=np.int64)
        xs, ys = np.asarray(self.xs), np.asarray(self.ys)
        for i, held in self.halos.holding(xs, ys):
            add = self.trackers[i].add_node
            for node_id in ids[held].tolist():
                add(node_id)
        self.ids, self.xs, self.ys = [], [], []


def _way_bounds(way: Any) -> tuple[float, float, float, float] | None:
    """A way's bounding box from its nodes' locations (None when none is known)."""
    xs, ys = [], []
    for node in way.nodes:
        if node.location.valid():
            xs.append(node.location.lon)
            ys.append(node.location.lat)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def _track(extract: Path, halos: _Halos) -> tuple[list[Any], list[set[int]]]:
    """One pass over ``extract``: per region, the nodes in its halo and what touches them.

    Returns each region's tracker and the relations it keeps (the completion
    adds the relations that are members of those, which are not kept).
    """
    import osmium

    trackers = [osmium.IdTracker() for _ in halos.codes]
    relations: list[set[int]] = [set() for _ in halos.codes]
    nodes = _Nodes(halos, trackers)
    for obj in osmium.FileProcessor(str(extract)).with_locations():
        if isinstance(obj, osmium.osm.Node):
            if obj.location.valid():
                nodes.add(obj.id, obj.location.lon, obj.location.lat)
            continue
        nodes.flush()  # the nodes come first: every one is tested before the first way
        if isinstance(obj, osmium.osm.Way):
            bounds = _way_bounds(obj)
            for i in halos.near(bounds) if bounds is not None else []:
                if trackers[i].contains_any_references(obj):
                    trackers[i].add_way(obj.id)
        elif isinstance(obj, osmium.osm.Relation) and obj.tags.get("type") in KEPT_RELATIONS:
            for tracker, kept in zip(trackers, relations, strict=True):
                if tracker.contains_any_references(obj):
                    tracker.add_relation(obj.id)
                    kept.add(obj.id)
    nodes.flush()
    return trackers, relations


def _write_cut(extract: Path, tracker: Any, relations: set[int], target: Path) -> Path:
    """Complete ``tracker``'s references from ``extract`` and write what it holds to ``target``.

    The members of the kept ``relations`` are completed (their ways and those
    ways' nodes); a relation that is only a member of one (a boundary's
    ``subarea``) is not written: it would be incomplete.
    """
    import osmium

    tracker.complete_backward_references(str(extract), relation_depth=1)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    writer = osmium.SimpleWriter(osmium.io.File(str(partial), "pbf"))
    try:
        for obj in osmium.FileProcessor(str(extract)).with_filter(tracker.id_filter()):
            if not isinstance(obj, osmium.osm.Relation) or obj.id in relations:
                writer.add(obj)
    finally:
        writer.close()
    partial.replace(target)
    return target


def split_extract(
    extract: str | os.PathLike[str],
    halos: Mapping[str, BaseGeometry],
    out_dir: str | os.PathLike[str],
) -> dict[str, Path]:
    """Cut ``extract`` into one file per region, each holding the region's halo.

    Parameters
    ----------
    extract
        An OSM PBF or XML file (the province).
    halos
        The halo polygon (WGS-84) of each region, by region code.
    out_dir
        Where the cuts go: ``<code>.osm.pbf`` each (an existing cut is replaced).

    Returns
    -------
    dict
        The cut of each region, by code.
    """
    source = Path(extract)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    index = _Halos(halos)
    trackers, relations = _track(source, index)
    return {
        code: _write_cut(source, tracker, kept, folder / f"{safe_folder_name(code)}{CUT_SUFFIX}")
        for code, tracker, kept in zip(index.codes, trackers, relations, strict=True)
    }


def cut_counts(path: str | os.PathLike[str]) -> dict[str, int]:
    """How many nodes, ways and relations a cut holds (for tests and the batch's log).

    Returns
    -------
    dict
        ``{"nodes": n, "ways": n, "relations": n}``.
    """
    import osmium

    counts = np.zeros(3, dtype=np.int64)
    kinds = (osmium.osm.Node, osmium.osm.Way)
    for obj in osmium.FileProcessor(str(path)):
        counts[next((i for i, kind in enumerate(kinds) if isinstance(obj, kind)), 2)] += 1
    return {"nodes": int(counts[0]), "ways": int(counts[1]), "relations": int(counts[2])}
