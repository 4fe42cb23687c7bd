"""Benchmark reading a study area from OSM extracts against the readers it is built on.

Data: the shared Liechtenstein PBF (28,000 road nodes) and Nanjing Xuanwu OSM
XML (a Chinese district, 3,300 nodes); ``--quick``: the committed Vaduz XML
(tests/data/vaduz.osm) and pyrosm's own small test PBF.

* ours: :func:`servicecircle.inputs.study_area_from` (every layer: roads,
  nodes, buildings, land use, premises, boundaries, grounds).
* XML peer, osmnx's public readers each parsing the file themselves:
  ``graph_from_xml`` on the file's roads-only copy and ``features_from_xml``
  with the same tags, through the same normalisation (our previous XML path).
* PBF peer, pyrosm's reads of the same layers (network with nodes, buildings,
  land use, premise POIs and named features, boundaries, grounds) with its
  default engine, without our normalisation (ours reads all but the
  boundaries from one decode, pyrosm's ``engine="in_memory"``).

Checks (exit 1 on any disagreement): the XML layers equal the osmnx peer's
exactly (every column, every geometry); the PBF edges, road nodes, buildings
and land use count as pyrosm's (its polygons, for buildings and land use); and
every layer of every extract has the row count and the content digest stored
in ``load_reference.json`` (measured with the reader before it was made
faster), so a faster reader that reads something else fails.
``--wrong-peer`` drops a row from the peer's buildings: the run must fail.
``--write-reference`` rewrites the stored digests (only after checking a change
of content is intended).

Times: best of ``--repeats`` runs, CPU (user + system, all threads) and wall.

    .venv/bin/python benchmarks/bench_load.py [--quick]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import tempfile
import warnings
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from _common import REPO, Agreement, ratio_line, timed_best  # isort: skip
from servicecircle.inputs import study_area_from
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.osm_graph import (
    FEATURE_TAGS,
    area_from_graph_and_features,
    edge_tags_kept,
    simplify_roads,
)
from servicecircle.inputs.osm_xml import roads_only_xml

DATA = REPO.parent / "shared" / "data"
FULL = (DATA / "liechtenstein-2013-08-03.osm.pbf", DATA / "nanjing-xuanwu.osm.xml")
REFERENCE = Path(__file__).resolve().parent / "load_reference.json"
LAYERS = ("nodes", "edges", "buildings", "landuse", "premises", "boundaries", "grounds")


def quick_files() -> tuple[Path, Path]:
    """pyrosm's test PBF (in its package, no download) and the committed Vaduz XML."""
    import pyrosm

    return Path(pyrosm.get_data("test_pbf")), REPO / "tests" / "data" / "vaduz.osm"


def layer_digest(frame: gpd.GeoDataFrame) -> str:
    """A digest of a layer's rows: every column as text, geometries as WKT to 1e-7 degrees."""
    text = pd.DataFrame(frame.drop(columns="geometry")).astype(str)
    text["geometry"] = frame.geometry.to_wkt(rounding_precision=7)
    hashed = pd.util.hash_pandas_object(text, index=False).to_numpy()
    return hashlib.sha1(hashed.tobytes()).hexdigest()[:16]


def osmnx_area(path: Path) -> StudyArea:
    """The study area from osmnx's public XML readers (each parses its file itself)."""
    import osmnx as ox

    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        roads = Path(folder) / "roads.osm"
        roads_only_xml(path, roads)
        with edge_tags_kept():
            graph = ox.graph_from_xml(roads, bidirectional=False, simplify=False, retain_all=True)
    features = ox.features_from_xml(path, tags=FEATURE_TAGS)
    return area_from_graph_and_features(
        simplify_roads(graph), features, name=path.name, source=f"xml:{path}"
    )


def pyrosm_layers(path: Path) -> dict[str, Any]:
    """pyrosm's reads of the layers our PBF reader takes from it."""
    import pyrosm

    from servicecircle.inputs.area import GROUND_TAGS
    from servicecircle.inputs.osm_pbf import _premise_filter, private_pbf
    from servicecircle.inputs.premise_names import DEFAULT_PREMISE_NAMES as names

    with private_pbf(path) as private:
        osm = pyrosm.OSM(str(private))
        nodes, edges = osm.get_network(network_type="all", nodes=True)
        read = {"nodes": nodes, "edges": edges, "buildings": osm.get_buildings()}
        read["landuse"] = osm.get_landuse()
        read["pois"] = osm.get_pois(custom_filter=_premise_filter())
        read["named"] = osm.get_data_by_custom_criteria(
            custom_filter=dict.fromkeys(names.ignored_keys, True),
            filter_type="exclude",
            osm_keys_to_keep=list(names.name_keys),
        )
        read["boundaries"] = osm.get_boundaries()
        read["grounds"] = osm.get_data_by_custom_criteria(
            custom_filter=GROUND_TAGS, filter_type="keep", keep_nodes=False
        )
    return read


def _polygons(frame: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """The areas: (multi)polygons, invalid ones kept when made valid they still are."""
    import shapely

    if frame is None:
        return gpd.GeoDataFrame(geometry=[])
    geoms = frame.geometry.to_numpy()
    areas = shapely.get_type_id(geoms)
    repaired = shapely.get_type_id(shapely.make_valid(geoms))
    kept = ((areas == 3) | (areas == 6)) & ((repaired == 3) | (repaired == 6))
    return frame[kept]


def check_pbf(ours: StudyArea, read: dict[str, Any], agree: Agreement, shown: str) -> None:
    """Our layers count as pyrosm's reads of the same file."""
    edges = read["edges"]
    used = set(edges["u"].astype("int64")) | set(edges["v"].astype("int64"))
    road_nodes = len(set(read["nodes"]["id"].astype("int64")) & used)
    landuse = _polygons(read["landuse"])
    pairs = {
        "edges": (len(ours.edges), len(edges)),
        "road nodes": (len(ours.nodes), road_nodes),
        "buildings (polygons)": (len(ours.buildings), len(_polygons(read["buildings"]))),
        "land use (polygons)": (len(ours.landuse), int(landuse["landuse"].notna().sum())),
    }
    for what, (mine, theirs) in pairs.items():
        agree.check(mine == theirs, f"{shown}: {what}: ours {mine}, pyrosm {theirs}")


def check_same_layers(ours: StudyArea, theirs: StudyArea, agree: Agreement, shown: str) -> None:
    """Every layer equal to the peer's: columns and geometries."""
    for name in LAYERS:
        mine, reference = getattr(ours, name), getattr(theirs, name)
        same = len(mine) == len(reference)
        if same:
            try:
                pd.testing.assert_frame_equal(
                    pd.DataFrame(mine.drop(columns="geometry")),
                    pd.DataFrame(reference.drop(columns="geometry")),
                )
                same = bool(mine.geometry.geom_equals_exact(reference.geometry, 0).all())
            except AssertionError:
                same = False
        agree.check(same, f"{shown}: {name}: {len(mine)} rows, osmnx {len(reference)}, or differ")


def check_reference(ours: StudyArea, path: Path, stored: dict[str, Any], agree: Agreement) -> None:
    """Each layer's row count and digest as stored for this file."""
    expected = stored.get(path.name)
    if expected is None:
        agree.check(False, f"{path.name}: no stored reference in {REFERENCE.name}")
        return
    for name in LAYERS:
        layer = getattr(ours, name)
        found = {"rows": len(layer), "digest": layer_digest(layer)}
        agree.check(
            found == expected[name], f"{path.name}: {name} {found}, stored {expected[name]}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the small committed extracts")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--wrong-peer", action="store_true", help="alter the peer: must fail")
    parser.add_argument("--write-reference", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    import osmnx  # noqa: F401  (imported before timing: the load is measured, not imports)
    import pyrosm  # noqa: F401

    files = quick_files() if args.quick else FULL
    agree = Agreement()
    stored = json.loads(REFERENCE.read_text()) if REFERENCE.is_file() else {}
    for path in files:
        if not path.is_file():
            agree.check(False, f"{path} is absent (use --quick without the shared data)")
            continue
        ours_time, ours = timed_best(args.repeats, lambda p=path: study_area_from(p))
        if path.suffix == ".pbf":
            peer, (peer_time, read) = (
                "pyrosm",
                timed_best(args.repeats, lambda p=path: pyrosm_layers(p)),
            )
            if args.wrong_peer:
                read["buildings"] = _polygons(read["buildings"]).iloc[1:]
            check_pbf(ours, read, agree, path.name)
        else:
            peer, (peer_time, theirs) = (
                "osmnx",
                timed_best(args.repeats, lambda p=path: osmnx_area(p)),
            )
            if args.wrong_peer:
                theirs = dataclasses.replace(theirs, buildings=theirs.buildings.iloc[1:])
            check_same_layers(ours, theirs, agree, path.name)
        counts = ", ".join(f"{name} {len(getattr(ours, name))}" for name in LAYERS)
        print(f"{path.name}: {counts}")
        print(ratio_line(f"{peer} ({path.name[:14]})", peer_time, ours_time), flush=True)
        if args.write_reference:
            stored[path.name] = {
                n: {"rows": len(getattr(ours, n)), "digest": layer_digest(getattr(ours, n))}
                for n in LAYERS
            }
        else:
            check_reference(ours, path, stored, agree)
    if args.write_reference:
        REFERENCE.write_text(json.dumps(stored, indent=1, sort_keys=True) + "\n")
        print(f"wrote {REFERENCE}")
    agree.finish()


if __name__ == "__main__":
    main()
