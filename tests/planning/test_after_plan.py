"""Staff per 10,000, the three-way split and the grades after a plan, on a hand-made grid.

The grid is 6 × 6 nodes, 100 m apart, walked at 4 km/h (66.7 m a minute):
a window's 3.5 minutes reach 233 m of road, a station's 5 minutes 333 m, so
no unit lies on a catchment's edge. Windows serve 500 people per staff
member, stations 200; today's three outlets have one staff member each (their
file's 人员). The plan adds one station N at (500, 400).

By hand (units: (x, y) people, township; catchments in metres of road):

====  ===========  ====  =====  =====================  ==========================
unit  place        ppl   town   outlets in reach       nearest first
====  ===========  ====  =====  =====================  ==========================
u1    (0, 0)       100   West   W1 0, T1 300           W1, T1
u2    (100, 0)     100   West   W1 100, T1 200         W1, T1
u3    (200, 200)   100   West   T1 100                 T1
u4    (0, 100)     700   West   W1 100, T1 200         W1, T1
u5    (500, 500)   400   East   W2 0, (N 100)          W2, (N)
u6    (400, 400)   400   East   W2 200, (N 100)        W2 / (N, W2)
u7    (300, 200)   200   East   T1 200                 T1
====  ===========  ====  =====  =====================  ==========================

Split, nearest outlet first: W1 is asked 900 for 500 places, T1 300 for 200,
W2 800 for 500 (today) -> served 500 + 200 + 500 = 1,200, over capacity 800.
After, N (staff: 800 people in reach / 200 = 4, capacity 800) takes u6's 400
first, W2 then serves all of u5: served 500 + 200 + 400 + 400 = 1,500, over
capacity 500. East's served goes from 250 + 250 + 133⅓ to 400 + 400 + 133⅓.

2SFCA: W1 1/900, W2 1/800, T1 1/1,200, N 4/800 staff per person in reach;
West's people-weighted mean is (900 × (1/900 + 1/1,200) + 100/1,200) × 10⁴ /
1,000 = 18⅓; East's (800/800 + 200/1,200) × 10⁴ / 1,000 = 11⅔ today and
(800 × (1/800 + 4/800) + 200/1,200) × 10⁴ / 1,000 = 51⅔ after; the whole
area 3 staff -> 15 and 7 staff -> 35 per 10,000 (everyone is in reach).

Tiers: East's community share stays 800/1,000; its township share goes from
200/1,000 (u7 only) to 1,000/1,000, so its grade goes from E to C (the lowest
share, 0.8, is at least 0.70); West stays B (0.9 and 1.0).
"""

from __future__ import annotations

import pytest
import shapely

from servicecircle.coverage import CoverageSettings, coverage_from, networks_for
from servicecircle.demand import demand_from_area
from servicecircle.planning.after_plan import outlets_after_plan, plan_effect, with_site_staff
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at

TYPES = {
    "win": OutletType("win", "walk", 3.5, "community", residents_per_staff=500.0),
    "twn": OutletType("twn", "walk", 5.0, "township", residents_per_staff=200.0),
}
DEMAND = [
    (0, 0, 100),
    (100, 0, 100),
    (200, 200, 100),
    (0, 100, 700),
    (500, 500, 400),
    (400, 400, 400),
    (300, 200, 200),
]


def _grid(names: tuple[str, ...] = ("W1", "W2", "T1")):
    """The grid's area, its networks and today's coverage by the outlets ``names``."""
    west, east = shapely.box(-50, -50, 250, 550), shapely.box(250, -50, 550, 550)
    area = grid_area(n=6, boundaries=[(8, "West", west), (8, "East", east)])
    demand = demand_from_area(
        area,
        user_points=points_at([(x, y) for x, y, _ in DEMAND], people=[p for *_, p in DEMAND]),
        user_mode="replace",
    )
    places = {"W1": ((0, 0), "win"), "W2": ((500, 500), "win"), "T1": ((200, 100), "twn")}
    outlets = prepare_outlets(
        points_at(
            [places[name][0] for name in names],
            outlet_type=[places[name][1] for name in names],
            name=list(names),
            人员=[1] * len(names),
        ),
        area=area,
        types=TYPES,
    )
    settings = CoverageSettings(outlet_types=TYPES, breaks=(3.5, 5.0))
    networks = networks_for(area, {"walk"}, settings=settings)
    coverage = coverage_from(
        area, demand, outlets, settings=settings, networks=networks, with_isochrones=False
    )
    return area, coverage, networks


@pytest.fixture(scope="module")
def today():
    _, coverage, networks = _grid()
    return coverage, networks


def _station(**columns):
    return points_at([(500, 400)], type=["twn"], name=["N"], rank=[1], **columns)


def _total(access):
    return access.by_unit[access.by_unit["level"] == "total"].iloc[0]


def _township(access, name):
    table = access.by_unit
    return table[(table["level"] == "township") & (table["unit"] == name)].iloc[0]


def test_the_new_station_is_staffed_by_its_types_standard(today):
    coverage, networks = today
    chosen = with_site_staff(_station(), coverage, networks)
    assert chosen["tier"].tolist() == ["township"]
    assert chosen["staff"].tolist() == [4.0]  # 800 people within 333 m, one per 200
    assert chosen["staff_source"].tolist() == ["standard"]


def test_adding_one_station_changes_the_split_and_the_grade(today):
    coverage, networks = today
    effect = plan_effect(coverage, _station(), networks)
    before, after = _total(effect.access_before), _total(effect.access_after)
    assert (before["served"], before["over_capacity"], before["out_of_reach"]) == pytest.approx(
        (1200, 800, 0)
    )
    assert (after["served"], after["over_capacity"], after["out_of_reach"]) == pytest.approx(
        (1500, 500, 0)
    )
    assert before["staff_per_10k"] == pytest.approx(15.0)
    assert after["staff_per_10k"] == pytest.approx(35.0)
    east_before, east_after = (
        _township(a, "East") for a in (effect.access_before, effect.access_after)
    )
    assert east_before["served"] == pytest.approx(500 + 400 / 3)
    assert east_after["served"] == pytest.approx(800 + 400 / 3)
    assert east_before["staff_per_10k"] == pytest.approx(35 / 3)
    assert east_after["staff_per_10k"] == pytest.approx(155 / 3)
    assert _township(effect.access_after, "West")["staff_per_10k"] == pytest.approx(55 / 3)
    grades = [
        dict(zip(t.townships["township"], t.townships["grade"], strict=True))
        for t in (effect.tiers_before, effect.tiers_after)
    ]
    assert grades == [{"East": "E", "West": "B"}, {"East": "C", "West": "B"}]
    table = effect.access_after.outlets
    loads = dict(zip(table["name"], table["load"], strict=True))
    assert loads == pytest.approx({"W1": 900, "W2": 800, "T1": 1200, "N": 200})


def test_the_split_adds_up_to_the_people_after_the_plan(today):
    coverage, networks = today
    effect = plan_effect(coverage, _station(), networks)
    units = effect.access_after.units
    people = units["people"].to_numpy()
    parts = units[["served", "over_capacity", "out_of_reach"]].sum(axis=1).to_numpy()
    assert parts == pytest.approx(people)
    by_unit = effect.access_after.by_unit
    assert (by_unit[["served", "over_capacity", "out_of_reach"]].sum(axis=1)).to_numpy() == (
        pytest.approx(by_unit["people"].to_numpy())
    )
    assert float(people.sum()) == pytest.approx(2000)


def test_a_staff_budgets_allocation_replaces_the_standard(today):
    """With N allocated 1 staff member (capacity 200) and T1 moved to 2 (capacity 400)."""
    coverage, networks = today
    chosen = with_site_staff(_station(staff=[1.0]), coverage, networks)
    assert chosen["staff_source"].tolist() == ["allocation"]
    outlets = outlets_after_plan(coverage, chosen, networks, existing_staff=[1, 1, 2])
    assert outlets["staff"].tolist() == [1, 1, 2, 1]
    assert outlets["new_rank"].isna().tolist() == [True, True, True, False]
    effect = plan_effect(coverage, chosen, networks, existing_staff=[1, 1, 2])
    # rank 0: W1 serves 500 of 900, T1 all 300 of u3 and u7 (100 places left), W2 all of u5
    # (100 left), N 200 of u6's 400; rank 1: T1's 100 places to West, W2's 100 to u6
    assert _total(effect.access_after)["served"] == pytest.approx(500 + 400 + 500 + 200)
    # everyone is within reach: 5 staff for 2,000 people
    assert _total(effect.access_after)["staff_per_10k"] == pytest.approx(25.0)


def test_the_siting_record_holds_before_and_after_and_reads_back(today):
    from servicecircle.results.after_records import PlanEffectSummary, plan_effect_record

    coverage, networks = today
    record = plan_effect_record(plan_effect(coverage, _station(), networks))
    assert record.measured
    assert [(s.rank, s.name, s.tier, s.staff, s.staff_source) for s in record.new_sites] == [
        (1, "N", "township", 4.0, "standard")
    ]
    after = record.accessibility_after
    assert [(o.name, o.load, o.new_rank) for o in after.heaviest] == [
        ("T1", 1200.0, None),
        ("W1", 900.0, None),
        ("W2", 800.0, None),
        ("N", 200.0, 1),
    ]
    assert (record.accessibility_before.staff, after.staff) == (3.0, 7.0)
    assert {row.township: row.grade for row in record.tiers_after.townships} == {
        "East": "C",
        "West": "B",
    }
    data = record.to_json()
    assert "new_rank" not in data["accessibility_after"]["heaviest"][0]  # today's outlets
    assert PlanEffectSummary.from_json(data) == record


def test_the_staff_models_allocation_is_mapped_to_todays_outlets_and_the_new_sites():
    """Two outlets today (1 and 0 staff), two candidates, 4 staff to post, one new site.

    Serving everyone (500 people, 100 per staff member) takes the candidate 2
    with 3 staff (300 people) and 1 staff member posted to outlet 1.
    """
    import numpy as np
    import scipy.sparse as sp

    from servicecircle.planning.after_plan import allocated_staff
    from servicecircle.siting import problem_from_matrix, solve
    from servicecircle.siting.staff import StaffTerms

    minutes = sp.csr_matrix(np.array([[5.0, 0, 0], [0, 5.0, 0], [0, 0, 5.0], [5.0, 0, 0]]))
    problem = problem_from_matrix(
        minutes, [100.0, 100.0, 300.0], minutes_break=10.0, fixed=[True, True, False, False]
    )
    terms = StaffTerms(
        budget=4,
        people_per_staff=np.full(4, 100.0),
        current=np.array([1.0, 0.0, 0.0, 0.0]),
        minimum=np.ones(4),
    )
    result = solve(problem, "staffed_mclp", p=1, staff=terms)
    assert [site.site for site in result.sites] == [2]
    allocated = allocated_staff(result, problem, 2)
    assert allocated is not None
    assert allocated.existing.tolist() == [1.0, 1.0]
    assert allocated.new.tolist() == [3.0]
    plain = solve(problem, "mclp", p=1)
    assert allocated_staff(plain, problem, 2) is None  # no staff model, no allocation


def test_a_staff_budget_plan_is_measured_with_its_allocation():
    """Without W2, 5 staff to post and one new station among N (500, 400) and C (0, 400).

    The budget serves the most people within capacity by opening N with its
    standard's 4 staff (800 people in reach, 200 each: u5 and u6) and posting
    the fifth to W1 (capacity 1,000 for West's 900 nearest it): 900 + 200 (T1,
    of u3 and u7's 300) + 800 = 1,900 served, 100 over capacity. Staff per
    10,000: 7 staff for 2,000 people all in reach = 35.
    """
    from servicecircle.planning.plan import plan_sites
    from servicecircle.planning.request import SitingRequest
    from servicecircle.supply.candidates import combine_candidates
    from servicecircle.workflow.after_plan import effect_of_plan

    area, coverage, networks = _grid(("W1", "T1"))
    candidates = combine_candidates([points_at([(500, 400), (0, 400)], name=["N", "C"])])
    request = SitingRequest(model="mclp", new=1, new_types=("twn",), staff=5)
    plan = plan_sites(area, coverage, candidates, request=request, networks=networks)
    assert plan.result.objective == pytest.approx(1900)
    assert plan.chosen[["name", "tier", "staff", "staff_source"]].values.tolist() == [
        ["N", "township", 4.0, "allocation"]
    ]
    effect = effect_of_plan(coverage, plan, networks)
    assert effect.outlets["staff"].tolist() == [2.0, 1.0, 4.0]  # W1, T1, N
    total = _total(effect.access_after)
    assert (total["served"], total["over_capacity"], total["out_of_reach"]) == pytest.approx(
        (1900, 100, 0)
    )
    assert total["staff_per_10k"] == pytest.approx(35.0)
    assert _total(effect.access_before)["staff_per_10k"] == pytest.approx(10.0)  # 2 staff
