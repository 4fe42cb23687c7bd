"""The commands that run the pipeline: analyze (coverage) and site (coverage and a plan).

Both read the planner's options into a :class:`~servicecircle.workflow.inputs.RunInputs`,
let :mod:`servicecircle.workflow` prepare the run, and print what came out.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from servicecircle._progress import Said
from servicecircle.cli.after_lines import print_plan_effect
from servicecircle.cli.language import said
from servicecircle.cli.options import parse_breaks
from servicecircle.cli.printing import (
    print_census_audit,
    print_coverage,
    print_demand_summary,
    print_plan,
    print_written,
)
from servicecircle.cli.progress import progress_bar
from servicecircle.cli.staff_lines import print_staff
from servicecircle.cli.tiers import print_tier_coverage, tiered_summary
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.workflow.inputs import RunInputs

if TYPE_CHECKING:
    from servicecircle.coverage import Coverage
    from servicecircle.demand import Demand
    from servicecircle.inputs.area import StudyArea
    from servicecircle.network import Network
    from servicecircle.planning.plan import SitingPlan
    from servicecircle.planning.request import SitingRequest
    from servicecircle.results.schema import CoverageSummary, SitingSummary
    from servicecircle.workflow.prepare import PreparedInputs

#: The notes on the planner's files are logged under the command line's name.
logger = logging.getLogger("servicecircle.cli")

#: Options that are not part of a run's parameters in a project.
NOT_PARAMETERS = ("handler", "quiet", "verbose", "project", "scenario")


def _note(note: Said) -> None:
    logger.warning("%s", said(note))


def run_inputs(args: argparse.Namespace) -> RunInputs:
    """The inputs of an analyze or site run from its options."""
    return RunInputs(
        area=str(args.area),
        boundary=args.boundary,
        name=args.name,
        outlets=args.outlets,
        mode=args.mode,
        speed_kmh=args.speed,
        breaks=parse_breaks(args.minutes),
        relocation=args.relocation,
        industrial=args.industrial,
        demand_points=args.demand,
        demand_mode=args.demand_mode,
        boundaries=args.boundaries,
        crs=args.crs,
        m2_per_person=args.m2_per_person,
        profile=args.profile,
        buildings=args.buildings,
        buildings_mode=args.buildings_mode,
        census=args.census,
        population_grid=args.population_grid,
        standards=getattr(args, "standards", None),
    )


def loaded_area(inputs: RunInputs, *, quiet: bool) -> StudyArea:
    """The study area of ``inputs``, loaded behind a progress bar."""
    from servicecircle.workflow.inputs import load_area

    with progress_bar(msg("msg.cli.bar.loading"), enabled=not quiet) as update:
        return load_area(inputs, progress=update)


def _print_census_audit(demand: Demand) -> None:
    print_census_audit(demand.assumptions.get("census_audit") or [])


def prepared_run(inputs: RunInputs, *, quiet: bool) -> tuple[StudyArea, PreparedInputs]:
    """The study area with the planner's boundaries, and the run's demand, outlets and settings.

    The census audit is printed as soon as the demand is estimated.
    """
    from servicecircle.workflow.inputs import with_user_boundaries
    from servicecircle.workflow.prepare import prepare_inputs

    area = with_user_boundaries(loaded_area(inputs, quiet=quiet), inputs, note=_note)
    prepared = prepare_inputs(area, inputs, note=_note, on_demand=_print_census_audit)
    return area, prepared


def checked_today(
    args: argparse.Namespace,
    area: StudyArea,
    coverage: Coverage,
    networks: dict[str, Network],
    summary: CoverageSummary,
) -> CoverageSummary:
    """``summary`` with today's coverage at walking speed ±20% (unless ``--no-sensitivity``)."""
    from servicecircle.workflow.sensitivity import coverage_sensitivity, with_coverage_sensitivity

    with progress_bar(msg("msg.sensitivity.step.speed"), enabled=not args.quiet) as update:
        record = coverage_sensitivity(area, coverage, networks, progress=update)
    return with_coverage_sensitivity(summary, record)


def checked_plan(
    args: argparse.Namespace,
    area: StudyArea,
    coverage: Coverage,
    plan: SitingPlan,
    networks: dict[str, Network],
    siting: SitingSummary,
) -> SitingSummary:
    """``siting`` with coverage after the plan at walking speed ±20% and each rule's cost."""
    from servicecircle.workflow.sensitivity import siting_sensitivity, with_siting_sensitivity

    with progress_bar(msg("msg.sensitivity.step.rules"), enabled=not args.quiet) as update:
        record = siting_sensitivity(area, coverage, plan, networks, progress=update)
    return with_siting_sensitivity(siting, record)


def print_sensitivity(summary: CoverageSummary, siting: SitingSummary | None = None) -> None:
    """Print the sensitivity checks that were run (nothing with ``--no-sensitivity``)."""
    from servicecircle.workflow.sensitivity import sensitivity_lines

    for line in sensitivity_lines(summary, siting):
        print(said(line))


def print_plan_checks(summary: CoverageSummary, siting: SitingSummary) -> None:
    """Print the staff posted, today's tiers, the plan's effect on staff and grades, the checks."""
    print_staff(siting.staff)
    print_tier_coverage(summary)
    print_plan_effect(siting)
    print_sensitivity(summary, siting)


def command_analyze(args: argparse.Namespace) -> int:
    """Coverage of today's outlets: write analysis.gpkg and summary.json.

    An earlier ``siting.gpkg`` / ``siting.json`` in ``--out`` is removed at the
    same switch, so the folder never pairs a new analysis with an old plan.
    """
    from servicecircle.cli.access_lines import print_accessibility, with_accessibility
    from servicecircle.cli.group_lines import key_groups_option, print_key_groups, with_key_groups
    from servicecircle.coverage import coverage_from
    from servicecircle.network.roads import map_roads
    from servicecircle.results.folder import write_analysis
    from servicecircle.results.staging import staged_outputs
    from servicecircle.workflow.sensitivity import coverage_networks

    inputs = run_inputs(args)
    with staged_outputs(args.out) as stage:
        area, prepared = prepared_run(inputs, quiet=args.quiet)
        groups = key_groups_option(args, area, prepared.demand)
        networks = coverage_networks(area, prepared.outlets, prepared.settings)
        with progress_bar(msg("msg.cli.bar.coverage"), enabled=not args.quiet) as update:
            coverage = coverage_from(
                area,
                prepared.demand,
                prepared.outlets,
                settings=prepared.settings,
                networks=networks,
                progress=update,
            )
        summary = tiered_summary(
            coverage, networks, area=prepared.demand_area, demand=prepared.demand, mode=args.mode
        )
        if args.sensitivity:
            summary = checked_today(args, area, coverage, networks, summary)
        summary, accessibility = with_accessibility(summary, coverage, networks)
        summary = with_key_groups(summary, coverage, networks, groups, accessibility)
        roads = map_roads(area.edges, extent=area.extent)
        paths = _published(write_analysis(coverage, summary, stage, roads=roads), args.out)
    save_to_project(args, area, args.out)
    print_coverage(summary)
    print_tier_coverage(summary)
    print_accessibility(summary)
    print_key_groups(summary)
    print_sensitivity(summary)
    print_demand_summary(summary)
    print_written(paths)
    return 0


def siting_request(args: argparse.Namespace) -> SitingRequest:
    """The siting request of ``site``'s options.

    Raises
    ------
    InputDataError
        When neither or both of ``--new`` and ``--target`` are given (except
        for ``--model min``).
    """
    from servicecircle.planning.request import SitingRequest

    if (args.new is None) == (args.target is None) and args.model != "min":
        raise InputDataError(msg("msg.cli.new_or_target"))
    model: Literal["mclp", "min", "pmedian"] = "min" if args.target is not None else args.model
    must = tuple(part.strip() for part in (args.must_cover or "").split(",") if part.strip())
    return SitingRequest(
        model=model,
        new=args.new,
        target=args.target,
        new_types=(args.new_type,),
        must_cover=must,
        capacity=args.capacity,
        existing_capacity=args.existing_capacity,
        staff=getattr(args, "staff", None),
        time_limit=args.time_limit,
        seed=args.seed,
        work_limit=getattr(args, "work_limit", None),
    )


# long: the site run's steps in order, one call each; split, they would pass a dozen values around
def command_site(args: argparse.Namespace) -> int:
    """Choose new outlet sites: write siting.gpkg and siting.json (and the analysis).

    The analysis and the plan are moved into ``--out`` together, at one switch.
    """
    from servicecircle.cli.group_lines import key_groups_option, print_key_groups, with_key_groups
    from servicecircle.coverage import coverage_from, networks_for
    from servicecircle.coverage.site_areas import site_service_areas
    from servicecircle.network.roads import map_roads
    from servicecircle.planning.plan import plan_sites
    from servicecircle.results.folder import write_analysis, write_siting
    from servicecircle.results.staging import staged_outputs
    from servicecircle.results.summary import siting_summary
    from servicecircle.workflow.after_plan import with_plan_effect
    from servicecircle.workflow.prepare import modes_needed, site_candidates, with_new_type

    request = siting_request(args)
    inputs = run_inputs(args)
    with staged_outputs(args.out) as stage:
        area, prepared = prepared_run(inputs, quiet=args.quiet)
        groups = key_groups_option(args, area, prepared.demand)
        settings = with_new_type(prepared.settings, args.new_type)
        in_use = {*prepared.outlets["outlet_type"].astype(str), args.new_type}
        networks = networks_for(area, modes_needed(settings, in_use), settings=settings)
        with progress_bar(msg("msg.cli.bar.coverage"), enabled=not args.quiet) as update:
            coverage = coverage_from(
                area,
                prepared.demand,
                prepared.outlets,
                settings=settings,
                networks=networks,
                progress=update,
            )
        summary = tiered_summary(
            coverage, networks, area=prepared.demand_area, demand=prepared.demand, mode=args.mode
        )
        if args.sensitivity:
            summary = checked_today(args, area, coverage, networks, summary)
        summary = with_key_groups(summary, coverage, networks, groups)
        candidates = site_candidates(
            area,
            coverage,
            networks,
            sources=[part.strip() for part in args.candidates.split(",") if part.strip()],
            new_type=args.new_type,
            exclude=args.exclude,
            crs=args.crs,
            note=_note,
        )
        with progress_bar(msg("msg.cli.bar.siting"), enabled=not args.quiet) as update:
            plan = plan_sites(
                area, coverage, candidates, request=request, networks=networks, progress=update
            )
        roads = map_roads(area.edges, extent=area.extent)
        areas = site_service_areas(
            plan.chosen, settings=settings, networks=networks, area=area, demand=coverage.demand
        )
        siting = with_plan_effect(siting_summary(plan), coverage, plan, networks)
        if args.sensitivity:
            siting = checked_plan(args, area, coverage, plan, networks, siting)
        paths = write_analysis(coverage, summary, stage, roads=roads)
        paths += write_siting(plan, siting, stage, title=summary.study_area.name, areas=areas)
    paths = _published(paths, args.out)
    save_to_project(args, area, args.out)
    print_plan(plan, len(candidates))
    print_plan_checks(summary, siting)
    print_key_groups(summary)
    print_demand_summary(summary)
    print_written(paths)
    return 0


def save_to_project(args: argparse.Namespace, area: StudyArea, out_dir: str) -> Path | None:
    """Add the run in ``out_dir`` as a scenario to the project file ``--project`` (if given).

    The project is created when the file does not exist; a scenario of the same
    name is replaced. The project is loaded, changed and saved under its lock,
    so runs saving to the same project queue and none loses its scenario.
    Saving is atomic, so a failure leaves the old file intact; a file that is
    not a servicecircle project is never replaced.
    """
    if not args.project:
        return None
    from dataclasses import replace

    from servicecircle.inputs.naming import public_source, public_value
    from servicecircle.results.project import Project, scenario_from_outputs, update_project

    path = Path(args.project)
    parameters: dict[str, Any] = {  # files by their names: no server folder in a project
        key: value if key == "name" else public_value(value)
        for key, value in vars(args).items()
        if key not in NOT_PARAMETERS and isinstance(value, str | int | float | bool | type(None))
    }
    parameters["minutes"] = list(parse_breaks(args.minutes))
    scenario = scenario_from_outputs(
        out_dir, name=args.scenario or "scenario", parameters=parameters
    )
    names: list[str] = []

    def add(project: Project | None) -> Project:
        if project is None:
            project = Project(
                name=area.name,
                settings={
                    "area": area.name,
                    "source": public_source(area.source),
                    "mode": args.mode,
                },
                layers={"boundaries": area.boundaries},
            )
        default = msg("msg.cli.scenario_default", n=len(project.scenarios) + 1)
        names.append(args.scenario or said(default))
        return project.with_scenario(replace(scenario, name=names[-1]))

    update_project(path, add)
    print(said(msg("msg.cli.saved_scenario", name=names[-1], path=str(path))))
    return path


def _published(paths: Sequence[Path | str], out: str) -> list[Path]:
    """Where the files written into the staging folder are after the switch."""
    return [Path(out) / Path(path).name for path in paths]
