"""Capacity-aware accessibility: 2SFCA/E2SFCA on staff, load, the three-way split (by hand)."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix

from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.coverage import accessibility as accessibility_module
from servicecircle.coverage.access_run import access_by_unit, accessibility_from
from servicecircle.coverage.accessibility import (
    DecayBands,
    capacity_split,
    catchment_weights,
    floating_catchment,
)
from servicecircle.demand import demand_from_area
from servicecircle.errors import InputDataError
from servicecircle.network import WALK, network_from_area
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at


def tiny_minutes() -> csr_matrix:
    """Outlets A, B × units u0..u3; B and u2 at the same spot (an explicit zero)."""
    data = np.array([3.0, 12.0, 6.0, 0.0, 20.0])
    indices = np.array([0, 1, 1, 2, 3])
    indptr = np.array([0, 2, 5])
    return csr_matrix((data, indices, indptr), shape=(2, 4))


PEOPLE = np.array([1000.0, 3000.0, 2000.0, 500.0])
STAFF = np.array([2.0, 1.0])


def test_doctests() -> None:
    assert doctest.testmod(accessibility_module).failed == 0


def test_two_step_floating_catchment_by_hand() -> None:
    fc = floating_catchment(catchment_weights(tiny_minutes(), 15.0), PEOPLE, STAFF)
    # A: u0 + u1 = 4000 people for 2 staff; B: u1 + u2 (0 minutes) = 5000 for 1; u3 is 20 min away
    assert fc.catchment_people.tolist() == [4000.0, 5000.0]
    assert fc.staff_ratio == pytest.approx([2 / 4000, 1 / 5000], rel=1e-15)
    assert fc.staff_per_10k == pytest.approx([5.0, 7.0, 2.0, 0.0], rel=1e-12)


def test_enhanced_two_step_with_luo_qi_bands_by_hand() -> None:
    weights = catchment_weights(tiny_minutes(), 15.0, DecayBands())
    # bands 0-5, 5-10, 10-15 weigh 1, 0.68, 0.22: A-u0 3 min, A-u1 12, B-u1 6, B-u2 0
    assert weights.toarray().tolist() == [[1.0, 0.22, 0.0, 0.0], [0.0, 0.68, 1.0, 0.0]]
    fc = floating_catchment(weights, PEOPLE, STAFF)
    demand_a, demand_b = 1000 + 0.22 * 3000, 0.68 * 3000 + 2000
    assert fc.catchment_people == pytest.approx([demand_a, demand_b], rel=1e-15)
    expected = [2 / demand_a, 0.22 * 2 / demand_a + 0.68 / demand_b, 1 / demand_b, 0.0]
    assert fc.staff_per_10k == pytest.approx(np.array(expected) * 1e4, rel=1e-12)


def test_bands_in_minutes_and_on_their_limits() -> None:
    bands = DecayBands(weights=(1.0, 0.5), upper_minutes=(4.0, 8.0))
    minutes = np.array([0.0, 4.0, 4.01, 8.0, 8.5, 9.0])
    # a time on a limit is in that band; past the last limit, or past the catchment: 0
    assert bands.weigh(minutes, np.full(6, 9.0)).tolist() == [1.0, 1.0, 0.5, 0.5, 0.0, 0.0]
    assert bands.weigh(minutes, np.full(6, 6.0)).tolist() == [1.0, 1.0, 0.5, 0.0, 0.0, 0.0]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weights": (1.0, -0.1)},
        {"weights": ()},
        {"weights": (1.0, 0.5), "upper_minutes": (5.0,)},
        {"weights": (1.0, 0.5), "upper_minutes": (5.0, 5.0)},
    ],
)
def test_bad_bands_are_refused(kwargs) -> None:
    with pytest.raises(InputDataError, match="band"):
        DecayBands(**kwargs)


def test_negative_staff_is_refused() -> None:
    with pytest.raises(InputDataError, match="staff"):
        floating_catchment(catchment_weights(tiny_minutes(), 15.0), PEOPLE, [1.0, -1.0])


def test_missing_or_negative_people_are_refused() -> None:
    with pytest.raises(InputDataError, match="people"):
        capacity_split(tiny_minutes(), 15.0, [1.0, -2.0, 3.0, 4.0], STAFF)
    with pytest.raises(InputDataError, match="people"):
        floating_catchment(catchment_weights(tiny_minutes(), 15.0), PEOPLE[:3], STAFF)


def test_three_way_split_nearest_outlet_first_by_hand() -> None:
    split = capacity_split(tiny_minutes(), 15.0, PEOPLE, STAFF * 1500)
    # round 1: A serves u0's 1000 (spare 2000); B is asked 3000 + 2000 for 1500: 30 % each.
    # round 2: u1's other 2100 ask A, which has 2000 left.
    assert split.served == pytest.approx([1000, 900 + 2000, 600, 0], abs=1e-9)
    assert split.over_capacity == pytest.approx([0, 100, 1400, 0], abs=1e-9)
    assert split.out_of_reach.tolist() == [0, 0, 0, 500]
    assert split.outlet_served == pytest.approx([3000, 1500], abs=1e-9)


def test_ties_go_to_the_outlet_listed_first() -> None:
    minutes = csr_matrix(np.array([[5.0], [5.0]]))
    split = capacity_split(minutes, 10.0, [100.0], [60.0, 1000.0])
    assert split.outlet_served.tolist() == [60.0, 40.0]


@st.composite
def instances(draw):
    n_outlets = draw(st.integers(1, 5))
    n_units = draw(st.integers(1, 12))
    cells = st.one_of(st.none(), st.floats(0, 20, allow_nan=False))
    grid = [[draw(cells) for _ in range(n_units)] for _ in range(n_outlets)]
    rows, cols, data = [], [], []
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if value is not None:
                rows.append(i)
                cols.append(j)
                data.append(value)
    indptr = np.searchsorted(np.array(rows, dtype=int), np.arange(n_outlets + 1))
    minutes = csr_matrix((np.array(data), np.array(cols, dtype=int), indptr), (n_outlets, n_units))
    counts = st.one_of(st.just(0.0), st.floats(0.01, 5000))
    people = np.array(draw(st.lists(counts, min_size=n_units, max_size=n_units)))
    capacity = np.array(draw(st.lists(st.floats(0, 8000), min_size=n_outlets, max_size=n_outlets)))
    staff = np.array(draw(st.lists(st.floats(0, 5), min_size=n_outlets, max_size=n_outlets)))
    return minutes, people, capacity, staff


@settings(max_examples=150, deadline=None)
@given(instances())
def test_split_adds_up_and_leaves_no_capacity_idle_beside_unserved_people(instance) -> None:
    minutes, people, capacity, staff = instance
    split = capacity_split(minutes, 15.0, people, capacity)
    total = split.served + split.over_capacity + split.out_of_reach
    assert total == pytest.approx(people, abs=1e-6)
    assert float(total.sum()) == pytest.approx(float(people.sum()), abs=1e-6)
    assert np.all(split.outlet_served <= capacity + 1e-6)
    assert split.outlet_served.sum() == pytest.approx(split.served.sum(), abs=1e-6)
    inside = catchment_weights(minutes, 15.0).toarray() > 0
    full = split.outlet_served >= capacity - 1e-6
    for unit in np.flatnonzero(split.over_capacity > 1e-6):
        assert full[inside[:, unit]].all()  # every outlet in its reach is full
    assert np.all(split.out_of_reach[inside.any(axis=0)] == 0)
    # 2SFCA shares the staff of outlets with people in reach, never more
    fc = floating_catchment(catchment_weights(minutes, 15.0), people, staff)
    assert float(people @ fc.access) == pytest.approx(
        float(staff[fc.catchment_people > 0].sum()), rel=1e-9, abs=1e-9
    )


def test_aggregation_is_the_people_weighted_mean_and_the_summed_split() -> None:
    units = pd.DataFrame(
        {
            "township": ["东街道", "东街道", "西街道"],
            "community": ["甲社区", "乙社区", "甲社区"],
            "people": [1000.0, 3000.0, 500.0],
            "staff_per_10k": [4.0, 8.0, 2.0],
            "staff_per_10k_e2sfca": [1.0, 2.0, 3.0],
            "served": [1000.0, 2000.0, 0.0],
            "over_capacity": [0.0, 1000.0, 0.0],
            "out_of_reach": [0.0, 0.0, 500.0],
        }
    )
    table = access_by_unit(units).set_index(["level", "township", "unit"])
    total = table.loc[("total", "", "")]
    assert total["staff_per_10k"] == pytest.approx((4000 + 24000 + 1000) / 4500)
    east = table.loc[("township", "", "东街道")]
    assert east["staff_per_10k"] == pytest.approx(7.0)
    assert east["staff_per_10k_e2sfca"] == pytest.approx(1.75)
    assert east[["served", "over_capacity", "out_of_reach"]].tolist() == [3000, 1000, 0]
    # communities are (township, community) pairs: the two 甲社区 stay apart
    assert table.loc[("community", "西街道", "甲社区"), "staff_per_10k"] == pytest.approx(2.0)
    assert table.loc[("community", "东街道", "甲社区"), "staff_per_10k"] == pytest.approx(4.0)


def grid_run(types):
    """Outlets at (0,0) (type w, 2 staff) and (500,500) (type s, staff not given), five units."""
    area = grid_area(n=6)
    outlets = prepare_outlets(
        points_at([(0, 0), (500, 500)], outlet_type=["w", "s"], staff=[2, None]),
        area=area,
        types=types,
    )
    xys = [(0, 0), (200, 300), (500, 500), (500, 400), (300, 500)]
    demand = demand_from_area(
        area, user_points=points_at(xys, people=[100, 200, 300, 400, 500]), user_mode="replace"
    )
    coverage = coverage_from(
        area, demand, outlets, settings=CoverageSettings(outlet_types=types), with_isochrones=False
    )
    return coverage, {"walk": network_from_area(area, WALK)}


def test_capacity_from_each_types_residents_per_staff() -> None:
    types = {
        "w": OutletType("w", "walk", 15.0),
        "s": OutletType("s", "walk", 5.0, residents_per_staff=600.0),
    }
    coverage, networks = grid_run(types)
    result = accessibility_from(coverage, networks)
    # s: one staff member per 600 residents within its 5 minutes (1,200): 2 staff
    assert result.outlets["staff"].tolist() == [2.0, 2.0]
    assert result.outlets["people_per_staff"].tolist() == [5000.0, 600.0]
    assert result.outlets["capacity"].tolist() == [10_000.0, 1200.0]
    assert result.people_per_staff == 5000.0
    given = accessibility_from(coverage, networks, people_per_staff=100)
    assert given.outlets["capacity"].tolist() == [200.0, 200.0]


def test_accessibility_on_a_street_grid_with_each_types_catchment() -> None:
    types = {"w": OutletType("w", "walk", 15.0), "s": OutletType("s", "walk", 5.0)}
    coverage, networks = grid_run(types)
    result = accessibility_from(coverage, networks, people_per_staff=300)
    # walk 4 km/h: 100 m = 1.5 min. Outlet 0 (15 min, 2 staff) reaches all five:
    # (0,0) 0 min, (200,300) 7.5, (300,500) 12, (500,400) 13.5, (500,500) 15; outlet 1
    # (5 min, staff unknown: 1) reaches (500,500) 0, (500,400) 1.5 and (300,500) 3.
    outlets_table = result.outlets
    assert outlets_table["staff"].tolist() == [2.0, 1.0]
    assert outlets_table["catchment_people"].tolist() == pytest.approx([1500.0, 1200.0])
    assert outlets_table["load"].tolist() == pytest.approx([750.0, 1200.0])
    ratio_0, ratio_1 = 2 / 1500, 1 / 1200
    expected = [ratio_0, ratio_0, ratio_0 + ratio_1, ratio_0 + ratio_1, ratio_0 + ratio_1]
    assert result.units["staff_per_10k"].to_numpy() == pytest.approx(np.array(expected) * 1e4)
    units = result.units
    # nearest first: outlet 0 (capacity 600) serves (0,0) and (200,300), 300 people;
    # outlet 1 (capacity 300) is asked for 1200 and serves a quarter of each; the other
    # 900 turn to outlet 0, which serves a third of each with its 300 left
    assert units["served"].tolist() == pytest.approx([100, 200, 150, 200, 250])
    assert units["over_capacity"].tolist() == pytest.approx([0, 0, 150, 200, 250])
    assert outlets_table["served"].tolist() == pytest.approx([600.0, 300.0])
    assert units["out_of_reach"].sum() == 0
    assert (units[["served", "over_capacity", "out_of_reach"]].sum(axis=1)).tolist() == (
        pytest.approx(units["people"].tolist())
    )
    assert result.heaviest(1).index.tolist() == [1]
