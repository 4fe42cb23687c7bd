"""Site facts on a real Chinese extract (Nanjing Xuanwu, ``../shared/data``, skipped when absent).

The extract has no admin boundaries, so every new site is placed by its
nearest named road (checked against a brute-force distance to every named
road); its gains by class and by (no) community add up to what it newly
covers, and the plan states once, in Chinese, how good it is among the
candidates compared.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from servicecircle.coverage import coverage_from, networks_for
from servicecircle.demand import demand_from_area
from servicecircle.planning.explain import solver_statement
from servicecircle.planning.plan import plan_sites
from servicecircle.planning.request import SitingRequest
from servicecircle.results.summary import siting_summary
from servicecircle.supply.candidates import candidates_around_gaps, combine_candidates

NANJING = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nanjing-xuanwu.osm.xml"


@pytest.fixture(scope="module")
def xuanwu_plan():
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
    plan = plan_sites(
        area,
        coverage,
        candidates,
        request=SitingRequest(model="mclp", new=3, time_limit=20, seed=0),
        networks=networks,
    )
    return area, plan


def test_every_new_site_is_placed_by_its_nearest_named_road(xuanwu_plan) -> None:
    area, plan = xuanwu_plan
    assert len(plan.chosen) > 0
    crs = area.local_crs()
    names = area.edges["name"]
    named = area.edges[names.notna() & (names.astype(str).str.strip() != "")].to_crs(crs)
    for _, site in plan.chosen.to_crs(crs).iterrows():
        assert site["township"] is None and site["community"] is None  # no boundaries
        distances = named.geometry.distance(site.geometry).to_numpy()
        nearest = int(np.argmin(distances))
        assert site["road_m"] == pytest.approx(distances[nearest], abs=0.5)
        ties = set(named["name"].to_numpy()[np.isclose(distances, distances[nearest], atol=0.5)])
        assert site["road"] in ties
        assert any(ch >= "\u4e00" for ch in site["road"])


def test_gains_add_up_and_the_plan_is_stated_once_among_the_candidates(xuanwu_plan) -> None:
    _, plan = xuanwu_plan
    summary = siting_summary(plan)
    assert summary.n_candidates == len(plan.candidates) > 0
    for site in summary.chosen:
        assert site.newly_covered > 0  # a site adding nobody is not recommended
        assert sum(site.newly_by_class.values()) == pytest.approx(site.newly_covered, abs=1e-3)
        people = sum(g.people for g in site.newly_by_community)
        assert people == pytest.approx(site.newly_covered, abs=1e-3)
    gained = sum(s.newly_covered for s in summary.chosen)
    total = sum(c.total for c in summary.coverage_after.values())
    assert gained == pytest.approx((summary.share_after - summary.share_before) * total, rel=1e-4)
    sentence = solver_statement(summary, "zh")
    assert sentence.startswith(f"在比较的 {summary.n_candidates:,} 个候选点位中，该方案")
    proven = summary.gap is not None and summary.gap <= 1e-6
    assert ("可证明为最优" in sentence) == proven
