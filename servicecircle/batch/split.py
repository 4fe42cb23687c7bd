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
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from servicecircle.batch.jobs import safe_folder_name

#: The relation types a cut keeps (with all their members).
KEPT_RELATIONS = frozenset({"multipolygon", "boundary"})

#: The name of each region's cut inside the cuts' folder.
CUT_SUFFIX = ".osm.pbf"


class _Halos:
    """The halo polygons of all regions, with a tree over their bounding boxes."""

    def __init__(self, halos: Mapping[str, BaseGeometry]) -> None:
        self.codes = list(halos)
        self.polygons = [halos[code] for code in self.codes]
        for polygon in self.polygons:
            shapely.prepare(polygon)
        self.tree = shapely.STRtree([shapely.box(*p.bounds) for p in self.polygons])

    def holding(self, x: float, y: float) -> list[int]:
        """The regions whose halo holds the point ``(x, y)``."""
        point = shapely.Point(x, y)
        return [int(i) for i in self.tree.query(point) if self.polygons[i].covers(point)]

    def near(self, bounds: tuple[float, float, float, float]) -> list[int]:
        """The regions whose halo's box meets the box ``bounds``."""
        return [int(i) for i in self.tree.query(shapely.box(*bounds))]


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


def _track(extract: Path, halos: _Halos) -> list[Any]:
    """One pass over ``extract``: per region, the nodes in its halo and what touches them."""
    import osmium

    trackers = [osmium.IdTracker() for _ in halos.codes]
    for obj in osmium.FileProcessor(str(extract)).with_locations():
        if isinstance(obj, osmium.osm.Node):
            if obj.location.valid():
                for i in halos.holding(obj.location.lon, obj.location.lat):
                    trackers[i].add_node(obj.id)
        elif isinstance(obj, osmium.osm.Way):
            bounds = _way_bounds(obj)
            for i in halos.near(bounds) if bounds is not None else []:
                if trackers[i].contains_any_references(obj):
                    trackers[i].add_way(obj.id)
        elif isinstance(obj, osmium.osm.Relation) and obj.tags.get("type") in KEPT_RELATIONS:
            for tracker in trackers:
                if tracker.contains_any_references(obj):
                    tracker.add_relation(obj.id)
    return trackers


def _write_cut(extract: Path, tracker: Any, target: Path) -> Path:
    """Complete ``tracker``'s references from ``extract`` and write what it holds to ``target``."""
    import osmium

    tracker.complete_backward_references(str(extract), relation_depth=0)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    writer = osmium.SimpleWriter(osmium.io.File(str(partial), "pbf"))
    try:
        for obj in osmium.FileProcessor(str(extract)).with_filter(tracker.id_filter()):
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
    trackers = _track(source, index)
    return {
        code: _write_cut(source, tracker, folder / f"{safe_folder_name(code)}{CUT_SUFFIX}")
        for code, tracker in zip(index.codes, trackers, strict=True)
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
