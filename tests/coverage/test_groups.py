"""Key groups on a hand-made grid: coverage, staff per 10,000, split and equity (exact numbers).

The grid is 6 × 6 nodes, 100 m apart (walk 4 km/h: 66.7 m a minute). Two
streets (West x < 250 m, East) of two communities each (South y < 250 m,
North). Outlets: community windows (3 min) at (0, 0) and (500, 500), a
township station (6 min) at (100, 100). At 3 minutes (200 m) the units at
(0, 400) and (300, 200) are not covered (1,100 of 2,000 people are); at 6
minutes (400 m) all are.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.coverage import CoverageSettings, coverage_from, networks_for
from servicecircle.coverage.access_run import SPLIT_COLUMNS, accessibility_from
from servicecircle.coverage.groups import EVERYONE, gini, group_coverage
from servicecircle.demand import demand_from_area
from servicecircle.demand.key_group_units import KeyGroups
from servicecircle.results.group_records import KeyGroupsSummary, group_record
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at

TYPES = {
    "win": OutletType("win", "walk", 3.0, "community"),
    "twn": OutletType("twn", "walk", 6.0, "township"),
}
#: (x, y, people)
DEMAND = [
    (0, 0, 100),
    (100, 0, 100),
    (200, 200, 100),
    (0, 400, 700),
    (500, 500, 400),
    (400, 400, 400),
    (300, 200, 200),
]


def _mad_gini(values, weights):
    """Gini as the mean absolute difference over all pairs, halved and over the mean."""
    x, w = np.asarray(values, float), np.asarray(weights, float)
    total = sum(
        wi * wj * abs(xi - xj)
        for (xi, wi), (xj, wj) in itertools.product(zip(x, w, strict=True), repeat=2)
    )
    mean = (w * x).sum() / w.sum()
    return total / (2 * w.sum() ** 2 * mean)


@pytest.fixture(scope="module")
def measured():
    boxes = {
        "West": shapely.box(-50, -50, 250, 550),
        "East": shapely.box(250, -50, 550, 550),
    }
    communities = [
        (10, f"{street}{part}", boxes[street].intersection(shapely.box(-50, y0, 550, y1)))
        for street in boxes
        for part, (y0, y1) in (("南", (-50, 250)), ("北", (250, 550)))
    ]
    area = grid_area(n=6, boundaries=[(8, name, box) for name, box in boxes.items()] + communities)
    demand = demand_from_area(
        area,
        user_points=points_at([(x, y) for x, y, _ in DEMAND], people=[p for *_, p in DEMAND]),
        user_mode="replace",
    )
    outlets = prepare_outlets(
        points_at([(0, 0), (500, 500), (100, 100)], outlet_type=["win", "win", "twn"]),
        area=area,
        types=TYPES,
    )
    settings = CoverageSettings(outlet_types=TYPES, breaks=(3.0, 6.0))
    networks = networks_for(area, {"walk"}, settings=settings)
    coverage = coverage_from(
        area, demand, outlets, settings=settings, networks=networks, with_isochrones=False
    )
    # 300 people per staff member: the windows are over capacity
    accessibility = accessibility_from(coverage, networks, people_per_staff=300.0)
    index = coverage.demand.index
    groups = KeyGroups(
        people=pd.DataFrame(
            {
                "aged_60_plus": [10.0, 0, 0, 0, 0, 0, 50.0],  # 50 in the uncovered unit
                "college_graduates": [0.0, 0, 0, 70.0, 40.0, 0, 0],
            },
            index=index,
        ),
        kinds={"aged_60_plus": "count", "college_graduates": "count"},
        source="g.csv",
    )
    return coverage, accessibility, groups, group_coverage(coverage, accessibility, groups)


def test_the_fixture_has_streets_and_communities(measured):
    coverage, *_ = measured
    assert coverage.demand["township"].tolist() == ["West"] * 4 + ["East"] * 3
    assert coverage.demand["community"].tolist() == [
        "West南",
        "West南",
        "West南",
        "West北",
        "East北",
        "East北",
        "East南",
    ]
    assert coverage.demand["covered_3"].tolist() == [True] * 3 + [False, True, True, False]
    assert coverage.demand["covered_6"].all()


def test_coverage_per_group_at_each_break_and_the_standard(measured):
    *_, result = measured
    totals = result.totals().set_index("group")
    assert totals.loc[EVERYONE, "share_3"] == pytest.approx(0.55)
    assert totals.loc["aged_60_plus", "people"] == 60.0
    assert totals.loc["aged_60_plus", "share_3"] == pytest.approx(10 / 60)
    assert totals.loc["aged_60_plus", "share_6"] == pytest.approx(1.0)
    assert totals.loc["college_graduates", "share_3"] == pytest.approx(40 / 110)
    # the gap to everyone, in percentage points
    assert totals.loc["aged_60_plus", "gap_3"] == pytest.approx((10 / 60 - 0.55) * 100)
    assert totals.loc["college_graduates", "gap_3"] == pytest.approx((40 / 110 - 0.55) * 100)
    assert totals.loc["college_graduates", "gap_6"] == 0.0
    widest = result.equity.widest.set_index("minutes")
    assert widest.loc[3.0, "highest"] == "college_graduates"
    assert widest.loc[3.0, "lowest"] == "aged_60_plus"
    assert widest.loc[3.0, "gap_pp"] == pytest.approx((40 / 110 - 10 / 60) * 100)
    by_street = result.coverage[
        (result.coverage["group"] == "aged_60_plus")
        & (result.coverage["level"] == "township")
        & (result.coverage["minutes"] == 3.0)
    ].set_index("unit")
    assert by_street.loc["West", "share"] == 1.0
    assert by_street.loc["East", "share"] == 0.0


def test_staff_per_10k_of_a_group_is_its_weighted_mean(measured):
    _, accessibility, groups, result = measured
    units = accessibility.units["staff_per_10k"].to_numpy()
    totals = result.totals().set_index("group")
    for group in groups.groups:
        weights = groups.people[group].to_numpy()
        expected = (units * weights).sum() / weights.sum()
        assert totals.loc[group, "staff_per_10k"] == pytest.approx(expected, rel=1e-12)
    assert totals.loc[EVERYONE, "staff_per_10k"] == pytest.approx(
        accessibility.by_unit.query("level == 'total'")["staff_per_10k"].iloc[0]
    )


def test_the_split_of_each_group_adds_up_to_its_people_everywhere(measured):
    _, accessibility, groups, result = measured
    access = result.access
    assert access.loc[access["group"] == EVERYONE, "over_capacity"].sum() > 0  # capacity bites
    sums = access[list(SPLIT_COLUMNS)].sum(axis=1)
    np.testing.assert_allclose(sums, access["people"], rtol=0, atol=1e-9)
    units = accessibility.units
    total = access[access["level"] == "total"].set_index("group")
    for group in groups.groups:
        weights = groups.people[group].to_numpy()
        for column in SPLIT_COLUMNS:
            share = units[column].to_numpy() / units["people"].to_numpy()
            assert total.loc[group, column] == pytest.approx((share * weights).sum())


def test_gini_against_hand_values_and_the_mean_absolute_difference():
    assert gini([0.0, 0.0, 3.0]) == pytest.approx(2 / 3)  # 12 / (2 · 9 · 1)
    assert gini([1.0, 2.0, 4.0], [1.0, 2.0, 1.0]) == pytest.approx(0.25)  # 18 / (2 · 16 · 2.25)
    assert gini([5.0, 5.0]) == 0.0
    assert gini([0.0, 0.0]) == 0.0
    assert np.isnan(gini([]))
    rng = np.random.default_rng(7)
    for _ in range(5):
        values, weights = rng.gamma(2.0, 3.0, 12), rng.integers(1, 9, 12).astype(float)
        assert gini(values, weights) == pytest.approx(_mad_gini(values, weights), rel=1e-12)
        assert gini(values) == pytest.approx(_mad_gini(values, np.ones(12)), rel=1e-12)
        # integer weights: the same as each value repeated
        assert gini(values, weights) == pytest.approx(
            gini(np.repeat(values, weights.astype(int))), rel=1e-12
        )


def test_the_gini_is_taken_across_communities(measured):
    _, accessibility, _, result = measured
    equity = result.equity
    assert (equity.gini_level, equity.gini_areas) == ("community", 4)
    rows = accessibility.by_unit.query("level == 'community'")
    values, people = rows["staff_per_10k"].to_numpy(), rows["people"].to_numpy()
    assert equity.gini_weighted == pytest.approx(_mad_gini(values, people), rel=1e-12)
    assert equity.gini_unweighted == pytest.approx(_mad_gini(values, np.ones(4)), rel=1e-12)
    assert equity.gini_weighted != pytest.approx(equity.gini_unweighted)


def test_the_record_reads_back_and_says_the_same_numbers(measured):
    *_, result = measured
    record = group_record(result)
    assert KeyGroupsSummary.from_json(record.to_json()) == record
    by_group = {row.group: row for row in record.groups}
    assert by_group["aged_60_plus"].shares["3"] == pytest.approx(10 / 60, abs=1e-6)
    assert by_group["aged_60_plus"].gap_pp["standard"] is not None
    row = by_group["college_graduates"]
    assert row.served + row.over_capacity + row.out_of_reach == pytest.approx(row.people)
    assert {area.level for area in record.areas} == {"township", "community"}
    assert record.gini_level == "community"


def test_groups_of_other_demand_units_are_refused(measured):
    coverage, accessibility, groups, _ = measured
    other = KeyGroups(people=groups.people.iloc[:-1], kinds=groups.kinds)
    with pytest.raises(ValueError, match="other demand units"):
        group_coverage(coverage, accessibility, other)
