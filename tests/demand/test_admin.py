"""Townships and communities: same names kept apart, named distinctly, never merged or lost."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.demand import demand_from_area
from servicecircle.demand.admin import admin_levels, admin_units
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import say
from servicecircle.inputs.normalize import boundaries_layer
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at, to_wgs

# metres from the 6 × 6 grid's corner (streets every 100 m, 0..500)
WEST = shapely.box(-50, -50, 250, 550)
EAST = shapely.box(250, -50, 550, 550)
SOUTH_WEST = shapely.box(-50, -50, 250, 250)
NORTH_WEST = shapely.box(-50, 250, 250, 550)
SOUTH_EAST = shapely.box(250, -50, 550, 250)
NORTH_EAST = shapely.box(250, 250, 550, 550)


def demand_in(boundaries, points):
    """Demand of the planner's points (x, y, people) only, within ``boundaries``."""
    area = grid_area(boundaries=boundaries)
    xys = [(x, y) for x, y, _ in points]
    layer = points_at(xys, people=[p for _, _, p in points])
    return area, demand_from_area(area, user_points=layer, user_mode="replace")


def keys(demand):
    """(township, community) of every unit, None where missing."""
    frame = demand.units[["township", "community"]].astype(object)
    return [tuple(None if pd.isna(v) else v for v in row) for row in frame.itertuples(index=False)]


def table(coverage, level):
    """{(township, name): people} of one level of the coverage-by-unit table."""
    rows = coverage.units[coverage.units["level"] == level]
    return {
        (None if pd.isna(t) else t, n): p
        for t, n, p in zip(rows["township"], rows["name"], rows["people"], strict=True)
    }


def coverage_of(area, demand):
    types = {"w": OutletType("w", "walk", 15.0)}
    outlets = prepare_outlets(points_at([(0, 0)], outlet_type=["w"]), area=area, types=types)
    return coverage_from(
        area,
        demand,
        outlets,
        settings=CoverageSettings(outlet_types=types),
        with_isochrones=False,
    )


def test_same_community_name_in_two_townships_stays_apart():
    area, demand = demand_in(
        [
            (8, "West", WEST),
            (8, "East", EAST),
            (10, "新村", SOUTH_WEST),
            (10, "新村", SOUTH_EAST),
            (10, "老街", NORTH_WEST),
        ],
        [(50, 50, 10), (60, 60, 5), (450, 50, 20), (50, 450, 7), (450, 450, 3)],
    )
    assert keys(demand) == [
        ("West", "新村"),
        ("West", "新村"),
        ("East", "新村"),
        ("West", "老街"),
        ("East", None),
    ]
    assert not [n for n in [str(n) for n in demand.assumptions["notes"]] if "新村" in n]
    coverage = coverage_of(area, demand)
    assert table(coverage, "community") == {
        ("East", "新村"): 20,
        ("West", "新村"): 15,
        ("West", "老街"): 7,
    }
    assert table(coverage, "township") == {(None, "East"): 23, (None, "West"): 22}
    # each row keeps its own polygon
    rows = coverage.units.set_index(["level", "township", "name"])
    expected = to_wgs([SOUTH_EAST, SOUTH_WEST]).to_numpy()
    got = [rows.loc[("community", t, "新村"), "geometry"] for t in ("East", "West")]
    assert [g.equals_exact(e, 1e-9) for g, e in zip(got, expected, strict=True)] == [True, True]
    # 100 m from the outlet (1.5 min) and 500 m (7.5 min): one covered at 5 minutes, one not
    covered = coverage.units.set_index(["level", "township", "name"])["covered_5"]
    assert covered[("community", "West", "新村")] == 15
    assert covered[("community", "East", "新村")] == 0


def test_same_name_twice_in_one_township_is_numbered_with_a_note():
    area, demand = demand_in(
        [(8, "West", WEST), (10, "新村", SOUTH_WEST), (10, "新村", NORTH_WEST)],
        [(50, 50, 10), (50, 450, 4)],
    )
    assert keys(demand) == [("West", "新村"), ("West", "新村 (2)")]
    assert [str(n) for n in demand.assumptions["notes"]] == [
        "2 community boundaries in West are named '新村'; they are kept apart as '新村', "
        "'新村 (2)' (in file order). If they are one community, make them one feature "
        "(a multipolygon) in the boundaries file."
    ]
    coverage = coverage_of(area, demand)
    assert table(coverage, "community") == {("West", "新村"): 10, ("West", "新村 (2)"): 4}
    assert coverage.units.geometry.notna().all()


def test_repeated_township_name_is_numbered():
    _, demand = demand_in(
        [(8, "Town", WEST), (8, "Town", EAST)], [(50, 50, 1), (450, 50, 2), (460, 60, 3)]
    )
    assert keys(demand) == [("Town", None), ("Town (2)", None), ("Town (2)", None)]
    assert len([str(n) for n in demand.assumptions["notes"]]) == 1
    assert (
        "2 township boundaries are named 'Town'" in [str(n) for n in demand.assumptions["notes"]][0]
    )


def test_communities_outside_every_township_are_kept_apart():
    area, demand = demand_in(
        [(8, "West", WEST), (10, "新村", SOUTH_EAST), (10, "新村", NORTH_EAST)],
        [(450, 50, 6), (450, 450, 8), (50, 50, 1)],
    )
    assert keys(demand) == [(None, "新村"), (None, "新村 (2)"), ("West", None)]
    assert (
        "2 community boundaries outside every township are named '新村'"
        in ([str(n) for n in demand.assumptions["notes"]][0])
    )
    coverage = coverage_of(area, demand)
    assert table(coverage, "community") == {(None, "新村"): 6, (None, "新村 (2)"): 8}
    assert coverage.units.geometry.notna().all()


def test_a_numbered_name_already_used_is_skipped():
    _, demand = demand_in(
        [
            (8, "West", WEST),
            (10, "新村", SOUTH_WEST),
            (10, "新村 (2)", NORTH_WEST),
            (10, "新村", shapely.box(-40, -40, 40, 40)),
        ],
        [(0, 0, 1), (100, 100, 2), (100, 400, 3)],
    )
    # the small third polygon sits inside the first: the first polygon listed wins there
    names = sorted(set(demand.admin_units["name"]))
    assert names == ["West", "新村", "新村 (2)", "新村 (3)"]
    assert keys(demand) == [("West", "新村"), ("West", "新村"), ("West", "新村 (2)")]


def test_unnamed_boundaries_get_a_name_and_a_note():
    _, demand = demand_in(
        [(8, "West", WEST), (10, None, SOUTH_WEST), (10, None, NORTH_WEST)],
        [(50, 50, 1), (50, 450, 2)],
    )
    assert keys(demand) == [("West", "#1"), ("West", "#2")]  # the same in both languages
    note = demand.assumptions["notes"][0]
    assert "2 community boundaries in West have no name; shown as '#1', '#2'" in str(note)
    assert "有 2 个社区/村边界" in say(note, "zh") and "'#1'、'#2'" in say(note, "zh")


def test_the_same_boundary_given_twice_is_counted_once():
    _, demand = demand_in([(8, "West", WEST), (8, "West", WEST)], [(50, 50, 5)])
    assert list(demand.admin_units["name"]) == ["West"]
    assert keys(demand) == [("West", None)]
    assert [str(n) for n in demand.assumptions["notes"]] == [
        "The township boundary 'West' is given 2 times with the same outline; it is counted once."
    ]


def test_census_names_a_community_with_its_township_when_its_name_repeats():
    house = {"building": "apartments", "levels": 3}
    area = grid_area(
        buildings=[shapely.box(110, 110, 130, 130), shapely.box(410, 110, 430, 130)],
        building_tags=[house, house],
        boundaries=[
            (8, "West", WEST),
            (8, "East", EAST),
            (10, "新村", SOUTH_WEST),
            (10, "新村", SOUTH_EAST),
        ],
    )
    with pytest.raises(InputDataError, match=r"in 2 townships.*'West/新村'"):
        demand_from_area(area, census={"新村": 100})
    demand = demand_from_area(area, census={"West/新村": 100})
    people = demand.units.groupby("township")["people"].sum()
    assert people["West"] == pytest.approx(100)
    # the synthetic grid lies in Germany: the "elsewhere" profile, 45 m² per person
    assert people["East"] == pytest.approx(400 * 3 * 0.8 / 45, rel=1e-3)


def test_admin_levels():
    assert admin_levels([2, 6, 8, 10]) == (8, 10)
    assert admin_levels([8, 9, 10]) == (9, 10)
    assert admin_levels([6, 10, 11]) == (None, 10)
    assert admin_levels([8]) == (8, None)


def test_admin_units_of_no_boundaries():
    table_, notes = admin_units(None)
    assert len(table_) == 0 and notes == []


def test_boundaries_from_a_planner_file_keep_names_levels_and_ids():
    frame = gpd.GeoDataFrame(
        {
            "id": ["A01", "A02", "B01"],
            "NAME": ["城关镇", "新村", "新村"],
            "admin_level": ["街道", "社区", "10"],
        },
        geometry=to_wgs([WEST, SOUTH_WEST, NORTH_WEST]).to_numpy(),
        crs="EPSG:4326",
    )
    layer = boundaries_layer(frame)
    assert list(layer["name"]) == ["城关镇", "新村", "新村"]
    assert list(layer["admin_level"]) == [8, 10, 10]
    assert layer["osm_id"].dtype == "int64"
    admin, notes = admin_units(layer)
    assert list(zip(admin["level"], admin["township"], admin["name"], strict=True)) == [
        ("township", None, "城关镇"),
        ("community", "城关镇", "新村"),
        ("community", "城关镇", "新村 (2)"),
    ]
    assert len(notes) == 1


def test_siting_table_by_unit_keeps_namesakes_apart():
    from servicecircle.planning.plan_tables import unit_table

    units = gpd.GeoDataFrame(
        {
            "township": ["West", "West", "East", None],
            "community": ["新村", "新村", "新村", None],
            "people": [10.0, 5.0, 20.0, 1.0],
        },
        geometry=to_wgs([shapely.Point(0, 0)] * 4).to_numpy(),
    )
    out = unit_table(
        units, before=np.array([True, False, False, True]), after=units["people"].to_numpy()
    )
    rows = {
        (level, None if pd.isna(t) else t, name): (people, before)
        for level, t, name, people, before in out[
            ["level", "township", "name", "people", "covered_before"]
        ].itertuples(index=False)
    }
    assert rows == {
        ("township", None, "East"): (20.0, 0.0),
        ("township", None, "West"): (15.0, 10.0),
        ("community", "East", "新村"): (20.0, 0.0),
        ("community", "West", "新村"): (15.0, 10.0),
    }
