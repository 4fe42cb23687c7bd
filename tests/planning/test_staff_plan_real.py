"""The staff model on a real Chinese extract (Nanjing Xuanwu; skipped when ../shared/data lacks it).

Xuanwu is dense: a community window's standard (one staff member, 5,000
people per staff member) leaves most people in its 15-minute circle unserved,
so the staff budget decides who is served. The staff model with as many
staff as new outlets can always staff the plain covering plan's sites one
each, so it serves at least what those sites serve within capacity (measured
here by the capacitated assignment of the siting package, not by the model),
and never more than the staff can serve or the circle holds.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from servicecircle.coverage import coverage_from, networks_for
from servicecircle.demand import demand_from_area
from servicecircle.planning.plan import plan_sites
from servicecircle.planning.request import SitingRequest
from servicecircle.planning.staff_plan import staff_terms
from servicecircle.siting.build_order import open_cover
from servicecircle.siting.models.capacitated import capacity_outcome
from servicecircle.supply.candidates import candidates_around_gaps, combine_candidates

NANJING = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nanjing-xuanwu.osm.xml"
P = 4


@pytest.fixture(scope="module")
def xuanwu():
    if not NANJING.exists():
        pytest.skip("the Nanjing OSM extract is not in ../shared/data")
    from servicecircle.inputs import study_area_from

    area = study_area_from(str(NANJING))
    demand = demand_from_area(area)
    outlets = area.nodes.iloc[[len(area.nodes) // 3, 2 * len(area.nodes) // 3]]
    outlets = outlets.reset_index(drop=True).assign(
        name=["甲", "乙"], outlet_type="community_window"
    )
    coverage = coverage_from(
        area, demand, outlets[["name", "outlet_type", "geometry"]], with_isochrones=False
    )
    networks = networks_for(area, {coverage.settings.mode}, settings=coverage.settings)
    network = networks[coverage.settings.mode]
    around = candidates_around_gaps(network, coverage.gaps, edges=area.edges, extent=area.extent)
    candidates = combine_candidates([around])

    def plan(staff):
        request = SitingRequest(model="mclp", new=P, staff=staff, time_limit=20, seed=0)
        return plan_sites(area, coverage, candidates, request=request, networks=networks)

    return coverage, plan(None), plan(P)


def test_the_staff_model_serves_at_least_the_covering_sites_staffed_one_each(xuanwu):
    coverage, plain, staffed = xuanwu
    problem = plain.problem
    terms = staff_terms(problem, coverage, "standard")
    one_each = np.where(problem.fixed, terms.current, 1.0)
    capped = dataclasses.replace(problem, capacity=terms.people_per_staff * one_each)
    _, _, served_plain = capacity_outcome(capped, plain.result.options, 0)
    result = staffed.result
    served = float(result.served_people.sum())
    assert served >= float(served_plain.sum()) - 1e-6 * served
    staff = result.staff
    assert staff is not None and staff.posted <= P
    most = float((staff.staff_after * staff.people_per_staff).sum())
    assert served <= most + 1e-6
    opened = np.concatenate([np.flatnonzero(problem.fixed), result.options])
    circle = float(problem.weights[open_cover(problem, opened)].sum())
    assert served <= circle + 1e-6
    assert result.bound >= result.objective - 1e-6 and result.gap >= 0


def test_the_plan_says_each_outlets_staff_and_people_served(xuanwu):
    _, _, staffed = xuanwu
    table = staffed.staff
    assert table is not None
    assert table["existing"].sum() == 2
    assert len(table) == 2 + len(staffed.chosen)
    assert (table["staff"] == table["staff_before"] + table["staff_added"]).all()
    assert (table["served"] <= table["capacity"] + 1e-6).all()
    assert table.loc[~table["existing"], "rank"].tolist() == staffed.chosen["rank"].tolist()
