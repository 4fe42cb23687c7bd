"""Cut the small OSM XML test file ``vaduz.osm`` out of the shared Liechtenstein extract.

Run once (needs ``pip install osmium`` and ../shared/data); the output is
committed so the tests do not need either. OSM data © OpenStreetMap
contributors, ODbL.
"""

from __future__ import annotations

import sys
from pathlib import Path

import osmium

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parents[1] / ".." / "shared" / "data" / "liechtenstein-2013-08-03.osm.pbf"
BBOX = (9.515, 47.133, 9.530, 47.145)  # west, south, east, north: central Vaduz


def main(target: Path = HERE / "vaduz.osm") -> None:
    west, south, east, north = BBOX
    inside: set[int] = set()
    for node in osmium.FileProcessor(str(SOURCE), osmium.osm.NODE):
        if west <= node.location.lon <= east and south <= node.location.lat <= north:
            inside.add(node.id)
    ways: set[int] = set()
    needed: set[int] = set()
    for way in osmium.FileProcessor(str(SOURCE), osmium.osm.WAY):
        refs = [n.ref for n in way.nodes]
        if any(r in inside for r in refs):
            ways.add(way.id)
            needed.update(refs)
    if target.exists():
        target.unlink()
    writer = osmium.SimpleWriter(str(target))
    for obj in osmium.FileProcessor(str(SOURCE)):
        if obj.is_node() and obj.id in needed:
            writer.add_node(obj)
        elif obj.is_way() and obj.id in ways:
            writer.add_way(obj)
        elif obj.is_relation():
            members = [m for m in obj.members if m.type == "w"]
            if members and all(m.ref in ways for m in members):
                writer.add_relation(obj)
    writer.close()
    print(f"wrote {target} ({target.stat().st_size:,} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
