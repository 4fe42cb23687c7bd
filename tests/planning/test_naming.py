"""New outlets and candidates: kept as a number and a place, worded in the reader's language."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.demand import demand_from_area
from servicecircle.inputs.roads import RoadTable
from servicecircle.maps.recipes import coverage_layers
from servicecircle.maps.web import compose_map
from servicecircle.network import mode_from_name, network_from_area
from servicecircle.planning.naming import candidate_label, site_label, site_labels
from servicecircle.planning.plan import plan_sites
from servicecircle.planning.request import SitingRequest
from servicecircle.report.siting_tables import chosen_rows
from servicecircle.results.summary import siting_summary
from servicecircle.supply.candidates import candidates_around_gaps, combine_candidates
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at, to_wgs

TYPES = {"w": OutletType("w", "walk", 5.0)}


def test_labels_in_each_language() -> None:
    assert site_label(3, "花径路", "zh") == "新增网点 3（花径路）"
    assert site_label(3, "Huajing Rd", "en") == "New outlet 3 (Huajing Rd)"
    assert site_label(2, None, "zh") == "新增网点 2"
    assert site_label(2, float("nan"), "en") == "New outlet 2"
    assert site_label(2, "  ", "zh") == "新增网点 2"
    assert candidate_label(12, "花径路", "zh") == "候选点位 12（花径路）"
    assert candidate_label(12, None, "en") == "Candidate 12"
    assert site_labels([1, 2], ["甲路", None], "zh") == ["新增网点 1（甲路）", "新增网点 2"]
    with pytest.raises(ValueError, match="lang"):
        site_label(1, "x", "fr")


def _named_streets(area):  # type: ignore[no-untyped-def]
    """The grid's edges, the east-west ones named by their row (y), the others unnamed."""
    edges = area.edges.copy()
    metric = edges.to_crs(edges.estimate_utm_crs()).geometry
    bounds = metric.bounds
    flat = (bounds["maxy"] - bounds["miny"]).abs() < 1.0
    row = ((bounds["miny"] - bounds["miny"].min()) / 100).round().astype(int)
    edges["name"] = [f"{r}号路" if f else None for r, f in zip(row, flat, strict=True)]
    return edges


def test_generated_candidates_carry_the_street_name_only() -> None:
    area = grid_area(n=11)
    edges = _named_streets(area)
    network = network_from_area(area, mode_from_name("walk"))
    gap = gpd.GeoDataFrame(
        {"people": [50.0]}, geometry=to_wgs([shapely.box(650, 650, 950, 950)]), crs=4326
    )
    named = candidates_around_gaps(network, gap, reach_m=100, spacing_m=1, edges=edges)
    assert len(named) == 25
    names = named["name"].tolist()
    # every grid node meets an east-west street: each site is named by it, and nothing more
    assert all(isinstance(n, str) and n.endswith("号路") for n in names), names
    assert {n for n in names} == {f"{r}号路" for r in range(6, 11)}
    bare = candidates_around_gaps(network, gap, reach_m=100, spacing_m=1)
    assert bare["name"].isna().all()  # no street names known: no invented name either


@pytest.mark.parametrize("kind", ["layer", "table"])
def test_a_site_off_named_streets_takes_the_nearest_named_road(kind: str) -> None:
    area = grid_area(n=11)
    edges = _named_streets(area)
    edges["name"] = [n if n == "10号路" else None for n in edges["name"]]  # y = 1000 m only
    network = network_from_area(area, mode_from_name("walk"))
    gap = gpd.GeoDataFrame(
        {"people": [50.0]}, geometry=to_wgs([shapely.box(650, 650, 950, 950)]), crs=4326
    )
    roads = edges if kind == "layer" else RoadTable.from_layers(area.nodes, edges)
    found = candidates_around_gaps(network, gap, reach_m=100, spacing_m=1, edges=roads)
    y = found.to_crs(network.crs).geometry.y.to_numpy()
    rows = np.round((y - y.min()) / 100).astype(int) + 6  # grid rows 6..10 (600..1000 m)
    assert set(rows) == {6, 7, 8, 9, 10} and len(found) == 25
    for row, name in zip(rows, found["name"], strict=True):
        # on 10号路, or within 300 m of it; the row at 600 m is 400 m away: no name
        assert name == ("10号路" if row >= 7 else None) or (row < 7 and pd.isna(name)), (row, name)


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    area = grid_area(n=11)
    people = points_at([(1000, 1000), (900, 1000), (0, 1000)], people=[50, 40, 20])
    demand = demand_from_area(area, user_points=people, user_mode="replace")
    outlets = prepare_outlets(points_at([(0, 0)], outlet_type=["w"]), area=area, types=TYPES)
    settings = CoverageSettings(breaks=(5.0,), outlet_types=TYPES)
    coverage = coverage_from(area, demand, outlets, settings=settings, with_isochrones=False)
    spots = points_at([(1000, 1000), (0, 1000)], name=["花径路", None])
    candidates = combine_candidates([spots])
    request = SitingRequest(model="mclp", new=2, new_types=("w",))
    return coverage, plan_sites(area, coverage, candidates, request=request)


def test_a_plan_keeps_the_place_and_each_reader_words_it(plan) -> None:  # type: ignore[no-untyped-def]
    coverage, chosen_plan = plan
    chosen = chosen_plan.chosen
    assert chosen["rank"].tolist() == [1, 2]
    assert chosen.iloc[0]["name"] == "花径路" and pd.isna(chosen.iloc[1]["name"])
    summary = siting_summary(chosen_plan)
    assert [row["name"] for row in chosen_rows(summary, "zh")] == [
        "新增网点 1（花径路）",
        "新增网点 2",
    ]
    assert [row["name"] for row in chosen_rows(summary, "en")] == [
        "New outlet 1 (花径路)",
        "New outlet 2",
    ]
    layers = coverage_layers(
        coverage, chosen_plan, lang="zh", minutes=5.0, candidates=chosen_plan.candidates
    )
    page = compose_map(layers, lang="zh").get_root().render()
    # as the map's script holds them: 新增网点 1（花径路）, 新增网点 2, 候选点位 1（花径路）
    for label in ("新增网点 1（花径路）", "新增网点 2", "候选点位 1（花径路）", "候选点位 2"):
        assert json.dumps(label)[1:-1] in page, label


def test_exported_layers_carry_the_labels_in_each_language(plan, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from servicecircle.results.export import export_layers
    from servicecircle.results.folder import siting_layers

    _, chosen_plan = plan
    layers = siting_layers(chosen_plan)
    chosen = layers["chosen"]
    names = list(chosen.columns)
    assert names[names.index("name") + 1 : names.index("name") + 3] == ["label_zh", "label_en"]
    assert chosen["label_zh"].tolist() == ["新增网点 1（花径路）", "新增网点 2"]
    assert chosen["label_en"].tolist() == ["New outlet 1 (花径路)", "New outlet 2"]
    assert layers["candidates"]["label_zh"].tolist() == ["候选点位 1（花径路）", "候选点位 2"]
    assert "label_zh" not in chosen_plan.chosen.columns  # the plan itself keeps the data only
    # as a GIS reads them back
    path = tmp_path / "siting.gpkg"
    export_layers({"chosen": chosen}, path)
    back = gpd.read_file(path, layer="chosen")
    assert back["label_zh"].tolist() == ["新增网点 1（花径路）", "新增网点 2"]
