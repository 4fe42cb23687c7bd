"""Coverage analysis on synthetic grids (exact numbers) and on the sample."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.demand import demand_from_area
from servicecircle.errors import InputDataError
from servicecircle.network import WALK, network_from_area
from servicecircle.results.summary import coverage_summary
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at

WALK_M_PER_MIN = 4000 / 60


def settings(**kwargs) -> CoverageSettings:
    types = {"w": OutletType("w", "walk", kwargs.pop("standard", 15.0))}
    return CoverageSettings(outlet_types=types, **kwargs)


def outlets_at(area, xys):
    return prepare_outlets(
        points_at(xys, outlet_type=["w"] * len(xys)), area=area, types={"w": OutletType("w")}
    )


def user_demand(area, xys, people):
    return demand_from_area(area, user_points=points_at(xys, people=people), user_mode="replace")


def test_minutes_to_nearest_are_network_distances():
    area = grid_area(n=6)
    xys = [(0, 0), (100, 0), (200, 300), (500, 500), (250, 400)]
    demand = user_demand(area, xys, [1, 1, 1, 1, 1])
    coverage = coverage_from(
        area, demand, outlets_at(area, [(0, 0)]), settings=settings(), with_isochrones=False
    )
    expected = np.array([0, 100, 500, 1000, 650]) / WALK_M_PER_MIN
    assert np.allclose(coverage.demand["minutes_to_nearest"], expected, atol=0.02)
    assert coverage.demand["covered_5"].tolist() == [True, True, False, False, False]
    assert coverage.demand["covered_10"].tolist() == [True, True, True, False, True]
    assert coverage.demand["covered_15"].tolist() == [True, True, True, True, True]


def test_nearest_of_several_outlets_and_the_standard_per_type():
    area = grid_area(n=6)
    demand = user_demand(area, [(500, 500), (0, 0)], [3, 4])
    types = {"w": OutletType("w", "walk", 5.0), "e": OutletType("e", "ebike", 30.0)}
    outlets = prepare_outlets(
        points_at([(0, 0), (500, 400)], outlet_type=["w", "e"]), area=area, types=types
    )
    coverage = coverage_from(
        area, demand, outlets, settings=CoverageSettings(outlet_types=types), with_isochrones=False
    )
    nearest = coverage.demand["nearest_outlet"].tolist()
    assert nearest == [1, 0]
    # 100 m by e-bike at 18 km/h
    assert coverage.demand["minutes_to_nearest"].iloc[0] == pytest.approx(100 / 300, abs=1e-3)
    assert coverage.demand["covered"].all()


def test_stranded_demand_is_unreachable_not_dropped():
    area = grid_area(n=4, island=True)
    far = 4 * 100 + 2000 + 50
    demand = user_demand(area, [(0, 0), (far, 0)], [10, 7])
    coverage = coverage_from(
        area, demand, outlets_at(area, [(0, 0)]), settings=settings(), with_isochrones=False
    )
    assert coverage.demand["reachable"].tolist() == [True, False]
    assert np.isnan(coverage.demand["minutes_to_nearest"].iloc[1])
    summary = coverage_summary(coverage, area=area, demand=demand).to_json()
    assert summary["unreachable_people"] == pytest.approx(7)
    assert summary["gaps"][0]["nearest_minutes"] is None


def test_gaps_are_grouped_and_ranked_by_people():
    area = grid_area(n=11)  # 1 km square
    xys = [(1000, 1000), (1000, 950), (0, 1000), (0, 0)]
    demand = user_demand(area, xys, [30, 40, 5, 100])
    coverage = coverage_from(
        area,
        demand,
        outlets_at(area, [(0, 0)]),
        settings=settings(breaks=(5.0,), standard=5.0),
        with_isochrones=False,
    )
    gaps = coverage.gaps
    assert gaps["rank"].tolist() == [1, 2]
    assert gaps["people"].tolist() == pytest.approx([70, 5])
    assert gaps["units"].tolist() == [2, 1]
    assert gaps["nearest_minutes"].iloc[0] == pytest.approx(1950 / WALK_M_PER_MIN, abs=0.05)
    points = shapely.points(np.c_[coverage.demand.geometry.x, coverage.demand.geometry.y][:2])
    assert shapely.contains(gaps.geometry.iloc[0], points).all()


def test_must_cover_areas_not_covered_are_listed():
    near = shapely.box(0, 0, 100, 100)
    far = shapely.box(800, 800, 1000, 1000)
    area = grid_area(n=11, landuse=[("industrial", near), ("industrial", far)])
    demand = demand_from_area(area)
    coverage = coverage_from(
        area,
        demand,
        outlets_at(area, [(0, 0)]),
        settings=settings(breaks=(5.0,), standard=5.0),
        with_isochrones=False,
    )
    must = coverage.must_cover.sort_values("area_id")
    assert must["covered"].tolist() == [True, False]
    summary = coverage_summary(coverage, area=area, demand=demand).to_json()
    assert len(summary["must_cover_uncovered"]) == 1
    assert summary["must_cover_uncovered"][0]["class"] == "industrial"


def test_units_table_and_conservation():
    west, east = shapely.box(-50, -50, 250, 550), shapely.box(250, -50, 550, 550)
    area = grid_area(n=6, boundaries=[(8, "West", west), (8, "East", east)])
    demand = user_demand(area, [(0, 0), (100, 100), (500, 500)], [10, 20, 30])
    coverage = coverage_from(
        area,
        demand,
        outlets_at(area, [(0, 0)]),
        settings=settings(breaks=(5.0, 15.0)),
        with_isochrones=False,
    )
    units = coverage.units.set_index("name")
    assert units.loc["West", "people"] == pytest.approx(30)
    assert units.loc["East", "people"] == pytest.approx(30)
    assert units.loc["West", "share_5"] == pytest.approx(1.0)
    assert units.loc["East", "covered_5"] == pytest.approx(0.0)
    summary = coverage_summary(coverage, area=area, demand=demand).to_json()
    totals = sum(c["total"]["15"] for c in summary["by_class"].values())
    assert totals == pytest.approx(summary["population_total"]) == pytest.approx(60)


def test_bad_cases_have_clear_messages():
    area = grid_area(n=4)
    demand = user_demand(area, [(0, 0)], [1])
    empty = outlets_at(area, [(0, 0)]).iloc[0:0]
    with pytest.raises(InputDataError, match="no existing outlets"):
        coverage_from(area, demand, empty, settings=settings())
    with pytest.raises(InputDataError, match="far outside the study area"):
        outlets_at(area, [(50_000, 0)])
    no_demand = demand_from_area(grid_area(n=4))
    with pytest.raises(InputDataError, match="No demand was found"):
        coverage_from(area, no_demand, outlets_at(area, [(0, 0)]), settings=settings())
    with pytest.raises(InputDataError, match="ascending"):
        CoverageSettings(breaks=(15.0, 5.0))


def test_outlet_off_the_network_reaches_nothing():
    area = grid_area(n=4)
    demand = user_demand(area, [(0, 0)], [1])
    off = outlets_at(area, [(150, 1200)])  # 900 m from the nearest street
    coverage = coverage_from(
        area, demand, off, settings=settings(max_snap_m=300.0), with_isochrones=False
    )
    assert not coverage.demand["reachable"].any()
    assert coverage.share(15) == 0


def test_demand_far_from_every_road_is_off_the_network_not_a_gap():
    from servicecircle.reach import nearest_sites

    area = grid_area(n=6)  # streets up to x, y = 500 m
    demand = user_demand(area, [(0, 0), (250, 1300), (500, 500)], [10, 7, 3])
    coverage = coverage_from(
        area,
        demand,
        outlets_at(area, [(0, 0)]),
        settings=settings(breaks=(5.0,), standard=5.0),
        with_isochrones=False,
    )
    assert coverage.demand["off_network"].tolist() == [False, True, False]
    assert coverage.demand["road_m"].iloc[1] == pytest.approx(800, rel=0.01)
    assert coverage.off_network["people"].tolist() == [7]
    assert coverage.off_network["road_m"].iloc[0] == pytest.approx(800, rel=0.01)
    assert coverage.gaps["people"].sum() == pytest.approx(3)  # 15 minutes from the outlet
    summary = coverage_summary(coverage, area=area, demand=demand).to_json()
    assert summary["off_network"]["people"] == pytest.approx(7)
    assert summary["off_network"]["units"] == 1
    assert summary["off_network"]["limit_m"] == 500
    assert summary["unreachable_people"] == pytest.approx(0)
    assert [g["people"] for g in summary["gaps"]] == [3]
    # a candidate next to it is off the network too: no site can reach it
    beside = points_at([(250, 1290)])
    reach = nearest_sites(network_from_area(area, WALK), beside, coverage.demand, max_snap_m=500.0)
    assert np.isinf(reach["minutes"].iloc[1])


def test_routes_past_the_bounds_count_and_demand_beyond_them_is_no_gap(tmp_path):
    from servicecircle.inputs import study_area_from
    from tests.network.osm_fixture import OsmFile, main_street
    from tests.network.osm_fixture import points as points_near_nanjing

    osm = OsmFile(bounds=(0.0, -50.0, 1000.0, 300.0))
    main_street(osm)  # y = 0, x 0..1,000 m
    # out past the bounds and back in: the only way to the street at y = 200
    osm.way(
        2,
        {11: (1000.0, 0.0), 50: (1300.0, 0.0), 51: (1300.0, 200.0), 70: (800.0, 200.0)},
        highway="residential",
    )
    osm.way(3, {70: (800.0, 200.0), 71: (200.0, 200.0)}, highway="residential")
    area = study_area_from(osm.write(tmp_path / "edge.osm"))
    layer = points_near_nanjing([(500.0, 210.0), (1300.0, 600.0)], people=[20, 9])
    demand = demand_from_area(area, user_points=layer, user_mode="replace")
    outlets = prepare_outlets(
        points_near_nanjing([(0.0, 0.0)], outlet_type=["w"]),
        area=area,
        types={"w": OutletType("w")},
    )
    coverage = coverage_from(
        area, demand, outlets, settings=settings(breaks=(15.0, 60.0)), with_isochrones=False
    )
    units = coverage.demand
    inside = units[units["people"] == 20]
    walked = 1000 + 300 + 200 + 500 + 300 + 10  # along the road outside the bounds
    assert inside["minutes_to_nearest"].iloc[0] == pytest.approx(walked / WALK_M_PER_MIN, rel=0.01)
    beyond = units[units["people"] == 9]
    assert len(beyond) == 0 or not beyond["in_extent"].any()
    assert coverage.gaps["people"].tolist() == [20]
