"""The sensitivity checks of a run, as the summaries store them.

:func:`coverage_sensitivity` measures today's coverage at walking speed
-20 %, as set and +20 % (:mod:`servicecircle.coverage.speed_sensitivity`);
:func:`siting_sensitivity` the same after the plan and what each must-cover
rule costs (:mod:`servicecircle.planning.rule_cost`). :func:`with_coverage_sensitivity`
and :func:`with_siting_sensitivity` put the records into ``summary.json`` and
``siting.json``'s summaries; :func:`sensitivity_lines` says them for the
command line. ``analyze`` and ``site`` run them unless ``--no-sensitivity``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from servicecircle._progress import Progress, null_progress, scaled
from servicecircle.coverage import Coverage, CoverageSettings, networks_for
from servicecircle.coverage.measure import outlet_modes
from servicecircle.coverage.speed_sensitivity import speed_sensitivity
from servicecircle.demand import Demand
from servicecircle.i18n import keys
from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.network import Network
from servicecircle.network.modes import mode_said
from servicecircle.planning.plan import SitingPlan
from servicecircle.planning.rule_cost import must_cover_costs
from servicecircle.results.bundle import Results
from servicecircle.results.schema import CoverageSummary, SitingSummary
from servicecircle.results.sensitivity_records import (
    MustCoverCost,
    SitingSensitivity,
    SpeedSensitivity,
    rule_cost_records,
    speed_record,
)
from servicecircle.results.summary import results_of
from servicecircle.workflow.after_plan import with_plan_effect

__all__ = [
    "checked_results",
    "coverage_networks",
    "coverage_sensitivity",
    "sensitivity_lines",
    "siting_sensitivity",
    "with_coverage_sensitivity",
    "with_siting_sensitivity",
]


def coverage_networks(
    area: StudyArea, outlets: gpd.GeoDataFrame, settings: CoverageSettings
) -> dict[str, Network]:
    """The networks :func:`~servicecircle.coverage.coverage_from` measures ``outlets`` on.

    Built once, they serve the coverage and its sensitivity check alike.
    """
    modes = {settings.mode} | set(outlet_modes(outlets, settings)["mode"])
    return networks_for(area, modes, settings=settings)


def _networks(
    area: StudyArea,
    outlets: gpd.GeoDataFrame,
    coverage: Coverage,
    networks: Mapping[str, Network] | None,
) -> dict[str, Network]:
    modes = set(outlet_modes(outlets, coverage.settings)["mode"])
    return networks_for(area, modes, networks, settings=coverage.settings)


def coverage_sensitivity(
    area: StudyArea,
    coverage: Coverage,
    networks: Mapping[str, Network] | None = None,
    *,
    progress: Progress | None = None,
) -> SpeedSensitivity:
    """Today's coverage at walking speed -20 %, as set and +20 % (``summary.json`` numbers).

    ``networks`` are reused (those missing are built with the coverage's settings).
    """
    (progress or null_progress)(0.0, msg("msg.sensitivity.step.speed"))
    outlets = coverage.outlets
    built = _networks(area, outlets, coverage, networks)
    cases = speed_sensitivity(area, built, outlets, coverage.demand, settings=coverage.settings)
    return speed_record(cases, digits=3)


def _outlets_after(coverage: Coverage, plan: SitingPlan) -> gpd.GeoDataFrame:
    """Today's outlets and the plan's new ones, with their ``outlet_type``."""
    chosen = plan.chosen
    new = gpd.GeoDataFrame(
        {"outlet_type": chosen["type"].astype(str).to_numpy()},
        geometry=chosen.geometry.to_numpy(),
        crs=WGS84,
    )
    today = coverage.outlets[["outlet_type", "geometry"]].to_crs(WGS84)
    joined = pd.concat([today, new], ignore_index=True)
    return gpd.GeoDataFrame(joined, geometry="geometry", crs=WGS84)


def siting_sensitivity(
    area: StudyArea,
    coverage: Coverage,
    plan: SitingPlan,
    networks: Mapping[str, Network] | None = None,
    *,
    progress: Progress | None = None,
) -> SitingSensitivity:
    """Coverage after the plan at walking speed ±20 % and each must-cover rule's cost.

    The rules are solved again with the plan's method, time limit and seed,
    one solve per rule (two for the fewest-outlets model), so they take up to
    that many time limits.
    """
    report = progress or null_progress
    report(0.0, msg("msg.sensitivity.step.speed"))
    outlets = _outlets_after(coverage, plan)
    built = _networks(area, outlets, coverage, networks)
    cases = speed_sensitivity(area, built, outlets, coverage.demand, settings=coverage.settings)
    report(0.2, msg("msg.sensitivity.step.rules"))
    costs = (
        must_cover_costs(plan.problem, plan.request, plan.result)
        if plan.problem is not None
        else ()
    )
    report(1.0, msg("msg.sensitivity.step.rules"))
    return SitingSensitivity(
        measured=True,
        speed_after=speed_record(cases, digits=6),
        must_cover_costs=rule_cost_records(costs),
    )


def with_coverage_sensitivity(
    summary: CoverageSummary, record: SpeedSensitivity
) -> CoverageSummary:
    """``summary`` holding the walking-speed check ``record``."""
    return dataclasses.replace(summary, sensitivity=record)


def with_siting_sensitivity(summary: SitingSummary, record: SitingSensitivity) -> SitingSummary:
    """``summary`` holding the checks after the plan ``record``."""
    return dataclasses.replace(summary, sensitivity=record)


def checked_results(
    coverage: Coverage,
    plan: SitingPlan | None = None,
    *,
    area: StudyArea,
    demand: Demand,
    mode: str | None = None,
    networks: Mapping[str, Network] | None = None,
    progress: Progress | None = None,
) -> Results:
    """:func:`~servicecircle.results.summary.results_of` with the sensitivity checks run.

    The plan's summary also holds its effect on staff per 10,000, the split
    and the grades (:func:`~servicecircle.workflow.after_plan.with_plan_effect`).

    What the app builds its report from: the same records as ``analyze`` and
    ``site`` write. The networks of ``networks`` (the app's cached ones) serve
    the new sites' service areas and the checks alike; only those missing are
    built, once.
    """
    report = progress or null_progress
    outlets = _outlets_after(coverage, plan) if plan is not None else coverage.outlets
    built = _networks(area, outlets, coverage, networks)
    results = results_of(coverage, plan, area=area, demand=demand, mode=mode, networks=built)
    today = coverage_sensitivity(area, coverage, built, progress=scaled(report, 0.0, 0.2))
    siting = results.siting
    if plan is not None and siting is not None:
        checks = siting_sensitivity(area, coverage, plan, built, progress=scaled(report, 0.2, 1))
        siting = with_plan_effect(with_siting_sensitivity(siting, checks), coverage, plan, built)
    covered = with_coverage_sensitivity(results.coverage, today)
    return dataclasses.replace(results, coverage=covered, siting=siting)


def _people(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _change(factor: float) -> Message:
    names = {0.8: "slower", 1.0: "as_set", 1.2: "faster"}
    name = next((n for f, n in names.items() if abs(f - factor) < 1e-9), None)
    if name is None:
        return msg("msg.sensitivity.change.other", factor=f"{factor:g}")
    return msg(f"msg.sensitivity.change.{name}")


def _speed_lines(record: SpeedSensitivity, when: str) -> list[Message]:
    if not record.measured:
        return []
    if not record.cases:
        return [msg("msg.sensitivity.no_walking")]
    lines = [
        msg(
            "msg.sensitivity.speed_head",
            when=msg(f"msg.sensitivity.when.{when}"),
            standard=msg("msg.sensitivity.standard"),
        )
    ]
    for case in record.cases:
        fields = {"mode": mode_said(case.mode), "speed": f"{case.speed_kmh:.1f}"}
        fields |= {"people": _people(case.standard_covered), "share": _share(case.standard_share)}
        lines.append(msg("msg.sensitivity.speed_case", change=_change(case.factor), **fields))
    return lines


def _class_said(name: str) -> Message | str:
    """A demand class's name for a message (产业集聚区 in zh), the name when it has none."""
    key = f"class.{name}"
    return msg(key) if key in keys("en") else name


def _rule_line(cost: MustCoverCost) -> list[Message]:
    fields = {
        "rule": _class_said(cost.rule),
        "outlets": cost.new_outlets,
        "with_people": _people(cost.covered_with),
        "with_share": _share(cost.share_with),
    }
    change = cost.cost_people or 0.0
    fields |= {
        "without_people": _people(cost.covered_without),
        "without_share": _share(cost.share_without),
        "cost_people": _people(abs(change)),
        "cost_share": _share(abs(cost.cost_share or 0.0)),
    }
    kind = "rule_cost" if change >= 0.5 else "rule_gain" if change <= -0.5 else "rule_free"
    line = msg(f"msg.sensitivity.{kind}", **fields)
    if cost.proved_optimal:
        return [line]
    gap = "-" if cost.gap is None else f"{100 * cost.gap:.2f}%"
    return [line, msg("msg.sensitivity.not_proved", status=msg(f"status.{cost.status}"), gap=gap)]


def sensitivity_lines(
    coverage: CoverageSummary | None = None, siting: SitingSummary | None = None
) -> list[Message]:
    """What the command line says about the checks (nothing for a check not run)."""
    lines = _speed_lines(coverage.sensitivity, "today") if coverage is not None else []
    if siting is not None:
        lines += _speed_lines(siting.sensitivity.speed_after, "after")
        for cost in siting.sensitivity.must_cover_costs:
            lines += _rule_line(cost)
    return lines
