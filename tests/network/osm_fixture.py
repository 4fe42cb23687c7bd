"""Small OSM XML files written by the tests, in metres from a corner in Nanjing."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

import geopandas as gpd
import shapely

LON0, LAT0 = 118.78, 32.04
M_PER_DEG_LAT = 111_320.0
M_PER_DEG_LON = M_PER_DEG_LAT * math.cos(math.radians(LAT0))


def lonlat(x: float, y: float) -> tuple[float, float]:
    """Degrees of the point ``x`` m east and ``y`` m north of the corner."""
    return LON0 + x / M_PER_DEG_LON, LAT0 + y / M_PER_DEG_LAT


def points(xys: list[tuple[float, float]], **columns: list) -> gpd.GeoDataFrame:
    """A WGS-84 point layer at metric offsets from the corner."""
    return gpd.GeoDataFrame(
        dict(columns),
        geometry=[shapely.Point(*lonlat(x, y)) for x, y in xys],
        crs=4326,
    )


@dataclass
class OsmFile:
    """Nodes and ways to write as OSM XML; node ids are given by the caller."""

    nodes: dict[int, tuple[float, float]] = field(default_factory=dict)
    ways: list[tuple[int, list[int], dict[str, str]]] = field(default_factory=list)
    bounds: tuple[float, float, float, float] | None = None

    def way(self, way_id: int, coords: dict[int, tuple[float, float]], **tags: str) -> None:
        """A way through the nodes ``coords`` (id -> metres), in that order."""
        for node, xy in coords.items():
            self.nodes.setdefault(node, xy)
        refs = list(coords)
        self.ways.append((way_id, refs, dict(tags)))

    def closed_way(self, way_id: int, coords: dict[int, tuple[float, float]], **tags: str) -> None:
        """A closed way: through ``coords`` and back to the first node."""
        self.way(way_id, coords, **tags)
        self.ways[-1][1].append(next(iter(coords)))

    def text(self) -> str:
        """The file's XML."""
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
        if self.bounds is not None:
            west, south = lonlat(self.bounds[0], self.bounds[1])
            east, north = lonlat(self.bounds[2], self.bounds[3])
            lines.append(
                f'  <bounds minlat="{south:.7f}" minlon="{west:.7f}" '
                f'maxlat="{north:.7f}" maxlon="{east:.7f}"/>'
            )
        for node, (x, y) in sorted(self.nodes.items()):
            lon, lat = lonlat(x, y)
            lines.append(f'  <node id="{node}" lat="{lat:.8f}" lon="{lon:.8f}" version="1"/>')
        for way_id, refs, tags in self.ways:
            lines.append(f'  <way id="{way_id}" version="1">')
            lines += [f'    <nd ref="{r}"/>' for r in refs]
            lines += [f"    <tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags.items()]
            lines.append("  </way>")
        lines.append("</osm>")
        return "\n".join(lines) + "\n"

    def write(self, path: Path) -> Path:
        """Write the file to ``path`` and return it."""
        path.write_text(self.text(), encoding="utf-8")
        return path


def main_street(osm: OsmFile, *, first_node: int = 1, way_id: int = 1) -> None:
    """A straight residential street along y = 0 from x = 0 to 1,000 m, a node every 100 m."""
    osm.way(
        way_id,
        {first_node + i: (100.0 * i, 0.0) for i in range(11)},
        highway="residential",
    )
