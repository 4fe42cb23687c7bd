"""Audit a demand estimate against the raw OpenStreetMap data, independently of the estimate.

For each extract, prints what issue 11 asks the closing note to compare before and
after: estimated population, density (per km² of the study area's box and of
residential land), the share of people placed in buildings that carry a
non-residential tag or stand in non-residential grounds, people off the road
network (more than 500 m from any road, or unreachable), and the 15-minute
walking coverage by a fixed grid of outlets (one every 800 m over the box, the
same before and after, so only the demand and the network change).

The non-residential check reads the raw file itself (OSM XML with ElementTree,
PBF with pyrosm) and applies its own simple rule, not servicecircle's:

* a building with any of shop, office, amenity, tourism, leisure, healthcare,
  craft, public_transport, railway, man_made, sport, government, historic, or a
  building value such as commercial, retail, office, school, hospital, ...;
* or a building standing in university, college, school, hospital, stadium,
  sports centre, park, mall, commercial, retail or industrial grounds, unless
  tagged dormitory, apartments, residential or house.

Run from the repository, or with ``--repo`` against another checkout (e.g. a git
worktree of the state before a change)::

    .venv/bin/python benchmarks/demand_audit.py ../shared/data/nanjing-xuanwu.osm.xml
    git worktree add /tmp/before issue11-before
    .venv/bin/python benchmarks/demand_audit.py --repo /tmp/before ../shared/data/*.osm*
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyproj
import shapely

NON_RESIDENTIAL_KEYS = [
    "shop",
    "office",
    "amenity",
    "tourism",
    "leisure",
    "healthcare",
    "craft",
    "public_transport",
    "railway",
    "man_made",
    "sport",
    "government",
    "historic",
]
NON_RESIDENTIAL_BUILDINGS = set(
    [
        "commercial",
        "retail",
        "office",
        "industrial",
        "warehouse",
        "school",
        "university",
        "college",
        "kindergarten",
        "hospital",
        "public",
        "civic",
        "government",
        "church",
        "temple",
        "mosque",
        "cathedral",
        "chapel",
        "train_station",
        "transportation",
        "stadium",
        "sports_hall",
        "hotel",
        "supermarket",
        "parking",
        "garage",
        "garages",
        "service",
        "fire_station",
        "museum",
    ]
)
HOMES = {"dormitory", "apartments", "residential", "house", "detached", "terrace"}
GROUNDS = {
    ("amenity", "university"),
    ("amenity", "college"),
    ("amenity", "school"),
    ("amenity", "hospital"),
    ("leisure", "stadium"),
    ("leisure", "sports_centre"),
    ("leisure", "park"),
    ("shop", "mall"),
    ("landuse", "commercial"),
    ("landuse", "retail"),
    ("landuse", "industrial"),
}
OFF_ROAD_M = 500.0
GRID_M = 800.0


def _xml_polygons(path: Path) -> list[tuple[dict[str, str], Any]]:
    """(tags, polygon) of every closed way of an OSM XML file (relations left out)."""
    nodes: dict[str, tuple[float, float]] = {}
    found = []
    for _, element in ET.iterparse(path, events=("end",)):
        if element.tag == "node":
            nodes[element.attrib["id"]] = (
                float(element.attrib["lon"]),
                float(element.attrib["lat"]),
            )
            element.clear()
        elif element.tag == "way":
            refs = [nd.attrib["ref"] for nd in element.iter("nd")]
            tags = {t.attrib["k"]: t.attrib["v"] for t in element.iter("tag")}
            if len(refs) >= 4 and refs[0] == refs[-1] and all(r in nodes for r in refs):
                found.append((tags, shapely.Polygon([nodes[r] for r in refs])))
            element.clear()
    return found


def _pbf_polygons(path: Path) -> list[tuple[dict[str, str], Any]]:
    import pyrosm

    osm = pyrosm.OSM(str(path))
    found = []
    frames = [osm.get_buildings(), osm.get_landuse()]
    frames.append(
        osm.get_data_by_custom_criteria(
            custom_filter={"amenity": True, "leisure": True, "shop": ["mall"]},
            filter_type="keep",
        )
    )
    for frame in frames:
        if frame is None:
            continue
        for record in frame.to_dict("records"):
            geometry = record.pop("geometry")
            if geometry is None or geometry.geom_type not in ("Polygon", "MultiPolygon"):
                continue
            tags = {k: str(v) for k, v in record.items() if isinstance(v, str) and v}
            if isinstance(record.get("tags"), str):
                with contextlib.suppress(ValueError):
                    tags.update(json.loads(record["tags"]))
            found.append((tags, geometry))
    return found


def non_residential_shapes(path: Path) -> tuple[Any, Any]:
    """(non-residential buildings, non-residential grounds) as arrays of polygons."""
    polygons = _pbf_polygons(path) if path.name.endswith(".pbf") else _xml_polygons(path)
    buildings, grounds, homes_in_grounds = [], [], []
    for tags, polygon in polygons:
        if any(
            (key, tags.get(key)) in GROUNDS for key in ("amenity", "leisure", "shop", "landuse")
        ):
            grounds.append(polygon)
        building = tags.get("building")
        if not building or building == "no":
            continue
        if building in HOMES and not any(tags.get(k) for k in NON_RESIDENTIAL_KEYS):
            homes_in_grounds.append(polygon)
            continue
        if building in NON_RESIDENTIAL_BUILDINGS or any(tags.get(k) for k in NON_RESIDENTIAL_KEYS):
            buildings.append(polygon)
    return (
        np.asarray(buildings, dtype=object),
        np.asarray(grounds, dtype=object),
        np.asarray(homes_in_grounds, dtype=object),
    )


def audit(path: Path) -> dict[str, Any]:
    from servicecircle.coverage import CoverageSettings, coverage_from
    from servicecircle.demand import demand_from_area
    from servicecircle.inputs import study_area_from
    from servicecircle.supply.outlets import prepare_outlets

    started = time.process_time(), time.perf_counter()
    area = study_area_from(path)
    demand = demand_from_area(area)
    units = demand.units
    people = units["people"].to_numpy(float)
    west, south, east, north = area.bounds
    geod = pyproj.Geod(ellps="WGS84")
    box_km2 = abs(geod.geometry_area_perimeter(shapely.box(west, south, east, north))[0]) / 1e6
    crs = area.local_crs()
    residential = area.landuse[area.landuse["landuse"] == "residential"].to_crs(crs)
    residential_km2 = float(shapely.union_all(residential.geometry.to_numpy()).area) / 1e6

    buildings, grounds, homes = non_residential_shapes(path)
    points = units.geometry.to_numpy()
    in_building = np.zeros(len(units), dtype=bool)
    if buildings.size:
        hit, _ = shapely.STRtree(buildings).query(points, predicate="within")
        in_building[hit] = True
    in_grounds = np.zeros(len(units), dtype=bool)
    if grounds.size:
        hit, _ = shapely.STRtree(grounds).query(points, predicate="within")
        in_grounds[hit] = True
    in_home = np.zeros(len(units), dtype=bool)
    if homes.size:
        hit, _ = shapely.STRtree(homes).query(points, predicate="within")
        in_home[hit] = True
    flagged = in_building | (in_grounds & ~in_home)

    metric_points = units.to_crs(crs).geometry.to_numpy()
    roads = area.edges.to_crs(crs).geometry.to_numpy()
    tree = shapely.STRtree(roads)
    _, distance = tree.query_nearest(metric_points, return_distance=True, all_matches=False)
    off_road = distance > OFF_ROAD_M

    local = shapely.box(
        *gpd.GeoSeries([shapely.box(west, south, east, north)], crs=4326).to_crs(crs).total_bounds
    )
    xmin, ymin, xmax, ymax = local.bounds
    xs = np.arange(xmin + GRID_M / 2, xmax, GRID_M)
    ys = np.arange(ymin + GRID_M / 2, ymax, GRID_M)
    grid = gpd.GeoDataFrame(
        {"name": [f"grid {i}" for i in range(xs.size * ys.size)]},
        geometry=shapely.points(*np.meshgrid(xs, ys)).ravel(),
        crs=crs,
    ).to_crs(4326)
    outlets = prepare_outlets(grid, area=area)
    coverage = coverage_from(
        area, demand, outlets, settings=CoverageSettings(breaks=(15,)), with_isochrones=False
    )
    covered = coverage.demand["covered_15" if "covered_15" in coverage.demand else "covered"]
    reachable = coverage.demand.get("reachable")
    total = float(people.sum())
    return {
        "extract": path.name,
        "people": round(total),
        "people_by_class": {
            str(k): round(float(v)) for k, v in units.groupby("class")["people"].sum().items()
        },
        "box_km2": round(box_km2, 2),
        "density_per_km2_box": round(total / box_km2),
        "density_per_km2_residential_land": round(total / residential_km2)
        if residential_km2
        else None,
        "share_people_nonresidential": round(float(people[flagged].sum()) / total, 4),
        "people_nonresidential_tag": round(float(people[in_building].sum())),
        "people_in_nonresidential_grounds": round(
            float(people[in_grounds & ~in_home & ~in_building].sum())
        ),
        "people_off_road_500m": round(float(people[off_road].sum())),
        "people_unreachable": None
        if reachable is None
        else round(float(people[~reachable.to_numpy(bool)].sum())),
        "grid_outlets": len(outlets),
        "coverage_15min_grid": round(float(people[covered.to_numpy(bool)].sum()) / total, 4),
        "cpu_s": round(time.process_time() - started[0], 1),
        "wall_s": round(time.perf_counter() - started[1], 1),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("extracts", nargs="+", type=Path)
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    sys.path.insert(0, str(args.repo.resolve()))
    for path in args.extracts:
        print(json.dumps(audit(path.resolve()), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
