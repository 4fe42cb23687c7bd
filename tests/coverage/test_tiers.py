"""Coverage by tier and the A-E township grades on a hand-made grid (exact numbers).

The grid is 6 × 6 nodes, 100 m apart; walking at 4 km/h is 66.7 m a minute,
so a 3-minute standard reaches 200 m of road and a 6-minute one 400 m.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import shapely

from servicecircle.cli.language import set_message_lang
from servicecircle.cli.tiers import summary_with_tiers, tier_lines
from servicecircle.coverage import CoverageSettings, coverage_from, networks_for
from servicecircle.coverage.tiers import GRADE_BANDS, grade_of, tier_coverage
from servicecircle.demand import demand_from_area
from servicecircle.i18n.message import say
from servicecircle.results.schema import CoverageSummary
from servicecircle.results.summary import coverage_summary
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at

TYPES = {
    "win": OutletType("win", "walk", 3.0, "community"),
    "twn": OutletType("twn", "walk", 6.0, "township"),
}
#: (x, y, people): West 100 + 100 + 100 + 700, East 400 + 400 + 200
DEMAND = [
    (0, 0, 100),  # W1 0 m, T1 200 m
    (100, 0, 100),  # W1 100 m, T1 100 m
    (200, 200, 100),  # W1 400 m (out), T1 200 m
    (0, 100, 700),  # W1 100 m, T1 100 m
    (500, 500, 400),  # W2 0 m, T1 800 m (out)
    (400, 400, 400),  # W2 200 m, T1 600 m (out)
    (300, 200, 200),  # W2 500 m (out), T1 300 m
]


def _coverage():
    west, east = shapely.box(-50, -50, 250, 550), shapely.box(250, -50, 550, 550)
    area = grid_area(n=6, boundaries=[(8, "West", west), (8, "East", east)])
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
    return area, demand, coverage, networks


def test_coverage_by_tier_and_grades_on_a_hand_made_grid():
    _, _, coverage, networks = _coverage()
    tiers = tier_coverage(coverage, networks)
    assert tiers.covered["community"].tolist() == [True, True, False, True, True, True, False]
    assert tiers.covered["township"].tolist() == [True, True, True, True, False, False, True]
    assert not tiers.covered["county"].any()
    totals = tiers.totals.set_index("tier")
    assert totals.loc["community", "covered"] == pytest.approx(1700)
    assert totals.loc["township", "covered"] == pytest.approx(1200)
    assert totals.loc["township", "share"] == pytest.approx(0.6)
    assert totals.loc["county", "outlets"] == 0 and totals.loc["county", "covered"] == 0
    towns = tiers.townships.set_index("township")
    # West: 900 of 1,000 at the community tier, all at the township tier -> B (90 %)
    assert towns.loc["West", "share_community"] == pytest.approx(0.9)
    assert towns.loc["West", "share_township"] == pytest.approx(1.0)
    assert towns.loc["West", "grade"] == "B"
    # East: 800 of 1,000 at the community tier, 200 at the township tier -> E (20 %)
    assert towns.loc["East", "share_township"] == pytest.approx(0.2)
    assert towns.loc["East", "grade"] == "E"


def test_an_outlets_own_tier_beats_its_types():
    """The station at (100, 100) written 社区 in its file counts at the community tier."""
    area, demand, coverage, networks = _coverage()
    outlets = prepare_outlets(
        points_at(
            [(0, 0), (500, 500), (100, 100)],
            outlet_type=["win", "win", "twn"],
            层级=["", "", "社区"],
        ),
        area=area,
        types=TYPES,
    )
    again = coverage_from(
        area, demand, outlets, settings=coverage.settings, networks=networks, with_isochrones=False
    )
    tiers = tier_coverage(again, networks)
    assert not tiers.covered["township"].any()
    assert tiers.covered["community"].all()  # the 6-minute standard reaches every unit it did
    assert set(tiers.townships["grade"]) == {"E"}


@pytest.mark.parametrize(
    ("shares", "grade"),
    [
        ([0.95, 1.0], "A"),
        ([0.9499, 1.0], "B"),
        ([0.85, 0.99], "B"),
        ([0.84, 0.99], "C"),
        ([0.70, 0.99], "C"),
        ([0.69, 0.99], "D"),
        ([0.5, 0.5], "D"),
        ([0.49, 1.0], "E"),
        ([0.0, 0.0], "E"),
    ],
)
def test_grade_bands(shares, grade):
    assert grade_of(shares, GRADE_BANDS) == grade


def test_summary_json_holds_the_tiers_and_older_files_still_read():
    area, demand, coverage, networks = _coverage()
    summary = summary_with_tiers(
        coverage, networks, coverage_summary(coverage, area=area, demand=demand)
    )
    data = summary.to_json()
    grades = {row["township"]: row["grade"] for row in data["tiers"]["townships"]}
    assert grades == {"East": "E", "West": "B"}
    assert data["tiers"]["bands"]["A"] == 0.95
    assert CoverageSummary.from_json(data).tiers == summary.tiers
    assert data["assumptions"]["outlet_types"]["twn"]["tier"] == "township"
    del data["tiers"]
    for kind in data["assumptions"]["outlet_types"].values():
        for key in ("tier", "staff", "residents_per_staff", "opening_days"):
            del kind[key]
    older = CoverageSummary.from_json(data)
    assert older.tiers is None and older.assumptions.outlet_types["twn"].tier is None
    set_message_lang("zh")
    try:
        zh = [say(line, "zh") for line in tier_lines(summary.tiers)]
    finally:
        set_message_lang("en")
    assert "  社区（村）级：2 个网点，覆盖 1,700 人（85.0%）" in zh
    assert "  East：E 级（1,000 人；社区（村）级 80.0%、街道（乡镇）级 20.0%）" in zh
    assert zh.index(
        "  East：E 级（1,000 人；社区（村）级 80.0%、街道（乡镇）级 20.0%）"
    ) < zh.index("  West：B 级（1,000 人；社区（村）级 90.0%、街道（乡镇）级 100.0%）")
    en = [say(line, "en") for line in tier_lines(summary.tiers)]
    assert "  township/street: 1,200 people covered (60.0%), outlets: 1" in en
    assert tier_lines(None) == []
    assert not any("No outlets of the" in line for line in en)
    # without township stations every township scores 0 at that tier, and the lines say why
    no_station = coverage_summary(coverage, area=area, demand=demand)
    alone = summary_with_tiers(
        replace(coverage, outlets=coverage.outlets.iloc[:2]), networks, no_station
    )
    said = [say(line, "en") for line in tier_lines(alone.tiers)]
    assert "  No outlets of the township/street tier" in " ".join(said)
    assert {row.grade for row in alone.tiers.townships} == {"E"}
