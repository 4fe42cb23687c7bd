"""A region's run on its halo: load the halo, keep the region's demand, measure, write.

The halo area holds every road and outlet that can serve someone inside the
region (:mod:`servicecircle.batch.halo`): the networks and today's outlets
are taken from all of it, so people near the border are served across it;
the demand is estimated on the halo and only the units whose point belongs to
the region (:mod:`servicecircle.batch.membership`) are measured and written,
so every unit of the batch is counted by exactly one region.

Each unit's coverage at every break (and by its outlets' standards) is the one
a run over the whole area gives. So is its ``minutes_to_nearest`` wherever an
outlet lies within the longest minutes measured; beyond that the nearest
outlet may stand outside the halo, and the region's minutes are an upper
bound of the whole run's (the unit is uncovered in both).
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from servicecircle.batch.jobs import NOTE_NO_DEMAND, NOTE_NO_OUTLETS, RegionJob, RegionOutcome
from servicecircle.batch.membership import points_in_region
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

    from servicecircle.batch.region_groups import RegionGroups
    from servicecircle.coverage import Coverage, CoverageSettings
    from servicecircle.demand import Demand
    from servicecircle.inputs.area import StudyArea
    from servicecircle.network import Network
    from servicecircle.results.schema import CoverageSummary
    from servicecircle.workflow.inputs import RunInputs


class NoDemandError(InputDataError):
    """A region with no demand unit: nobody to serve (the batch counts it done, with 0 people)."""


@dataclass(frozen=True)
class RegionCoverage:
    """The coverage of one region's demand, measured on its halo.

    Attributes
    ----------
    area
        The halo area (roads, buildings, boundaries of the halo).
    region
        The region's polygon (WGS-84).
    demand
        The demand inside the region.
    coverage
        Its coverage by today's outlets of the whole halo.
    networks
        The networks built on the halo, by mode name.
    summary
        The region's ``summary.json`` record (with its key groups' record).
    groups
        The key groups of the halo's units and the file's rows the region
        used (``None`` without a key-groups file).
    """

    area: StudyArea
    region: BaseGeometry
    demand: Demand
    coverage: Coverage
    networks: dict[str, Network]
    summary: CoverageSummary
    groups: RegionGroups | None = None


def halo_cut(area: StudyArea, halo: BaseGeometry, *, name: str | None = None) -> StudyArea:
    """``area`` cut to the ``halo`` polygon: roads touching it, land use whole.

    Roads are kept whole where they touch the halo
    (:func:`~servicecircle.inputs.clip.clip_area` without a road margin: the
    halo is the margin); buildings and premises whose inside point lies in the
    halo; land-use polygons that touch the halo are kept whole (not cut), so
    that the demand drawn from them inside the region is the same as in a run
    over the whole area.
    """
    from servicecircle.inputs.clip import clip_area

    clipped = clip_area(area, halo, name=name, road_margin_m=0.0)
    landuse = area.landuse[shapely.intersects(halo, area.landuse.geometry.to_numpy())]
    return dataclasses.replace(clipped, landuse=landuse.reset_index(drop=True))


def load_halo_area(job: RegionJob) -> StudyArea:
    """The halo of ``job`` from its extract (its own cut, or the whole extract clipped)."""
    from servicecircle.inputs import study_area_from

    area = study_area_from(job.extract, name=job.name)
    return halo_cut(area, shapely.from_wkb(job.halo_wkb), name=job.name)


def run_inputs(job: RegionJob) -> RunInputs:
    """The :class:`~servicecircle.workflow.inputs.RunInputs` of ``job``'s options."""
    from servicecircle.workflow.inputs import RunInputs

    options: dict[str, Any] = dict(job.inputs)
    if "breaks" in options:
        options["breaks"] = tuple(float(b) for b in options["breaks"])
    options.update(area=job.extract, boundary=None, name=job.name)
    return RunInputs(**options)


def halo_outlets(area: StudyArea, inputs: RunInputs, halo: BaseGeometry) -> gpd.GeoDataFrame:
    """Today's outlets inside the halo: from OSM, or the planner's file read whole.

    The planner's file may hold a province's outlets: it is read without the
    study area's distance check and cut to the halo before the outlets are
    checked against the roads.

    Raises
    ------
    InputDataError
        When no outlets are given.
    """
    if inputs.outlets is None:
        raise_no_outlets()
    if inputs.outlets == "osm":
        from servicecircle.supply.outlets import outlets_from_osm

        frame = outlets_from_osm(area)
    else:
        from servicecircle.inputs.files.read import read_layer
        from servicecircle.workflow.inputs import file_and_part

        path, layer = file_and_part(str(inputs.outlets))
        frame = read_layer(path, layer=layer, crs=inputs.crs, geometry="point").frame
    return frame[points_in_region(frame.geometry.to_numpy(), halo)]


def raise_no_outlets() -> None:
    """Raise the planner's error for a batch without today's outlets."""
    raise InputDataError(msg("msg.batch.no_outlets"))


def region_demand(demand: Demand, region: BaseGeometry) -> Demand:
    """``demand`` with only the units (and areas) that belong to ``region``."""
    units = demand.units[points_in_region(demand.units.geometry.to_numpy(), region)]
    areas = demand.areas[points_in_region(demand.areas.geometry.to_numpy(), region)]
    return dataclasses.replace(demand, units=units, areas=areas)


def _settings_and_outlets(
    area: StudyArea, inputs: RunInputs, halo: BaseGeometry
) -> tuple[gpd.GeoDataFrame, CoverageSettings]:
    """Today's outlets of the halo, checked and typed, and the coverage settings."""
    from servicecircle.inputs.fields import field_column
    from servicecircle.supply.outlets import prepare_outlets
    from servicecircle.workflow.prepare import coverage_settings, one_standard_for_all

    raw = halo_outlets(area, inputs, halo)
    settings = coverage_settings(inputs)
    if inputs.outlets == "osm" or field_column(raw.columns, "outlet_type") is None:
        raw, settings = one_standard_for_all(raw, settings)
    return prepare_outlets(raw, area=area, types=settings.outlet_types), settings


def region_coverage(
    area: StudyArea, job: RegionJob, *, scratch: Path | None = None
) -> RegionCoverage:
    """Measure the coverage of ``job``'s region on its halo ``area`` (already cut).

    Parameters
    ----------
    area
        The halo area (:func:`load_halo_area`, or :func:`halo_cut` of an
        area in memory).
    job
        The region and the planner's options.
    scratch
        A folder for the planner's files cut to the halo
        (:func:`~servicecircle.batch.region_files.halo_inputs`); ``None``
        reads them whole (they must then lie within 50 km of the halo).

    Returns
    -------
    RegionCoverage
        The region's demand and its coverage by every outlet of the halo.
    """
    from servicecircle.coverage import coverage_from
    from servicecircle.results.summary import coverage_summary
    from servicecircle.workflow.inputs import with_user_boundaries
    from servicecircle.workflow.prepare import estimate_demand
    from servicecircle.workflow.sensitivity import coverage_networks

    region = shapely.from_wkb(job.region_wkb)
    inputs = run_inputs(job)
    if scratch is not None:
        from servicecircle.batch.region_files import halo_inputs

        inputs = halo_inputs(inputs, shapely.from_wkb(job.halo_wkb), scratch)
    area = with_user_boundaries(area, inputs)
    outlets, settings = _settings_and_outlets(area, inputs, shapely.from_wkb(job.halo_wkb))
    demand, demand_area = estimate_demand(area, inputs)
    groups = _halo_groups(job, inputs, demand.units)
    demand = region_demand(demand, region)
    if len(demand.units) == 0:
        raise NoDemandError(msg("msg.batch.no_demand", region=job.name, code=job.code))
    if job.site is None:
        networks = coverage_networks(area, outlets, settings)
    else:  # the new outlets' type and its network, as `site` measures them
        from servicecircle.batch.region_siting import DEFAULT_NEW_TYPE
        from servicecircle.coverage import networks_for
        from servicecircle.workflow.prepare import modes_needed, with_new_type

        new_type = str(job.site.get("new_type") or DEFAULT_NEW_TYPE)
        settings = with_new_type(settings, new_type)
        in_use = {*outlets["outlet_type"].astype(str), new_type} if len(outlets) else {new_type}
        networks = networks_for(area, modes_needed(settings, in_use), settings=settings)
    if len(outlets):
        coverage = coverage_from(area, demand, outlets, settings=settings, networks=networks)
    else:  # nobody in reach today: the region that needs siting most
        from servicecircle.batch.region_unserved import unserved_coverage

        coverage = unserved_coverage(area, demand, outlets, settings=settings, networks=networks)
    summary = coverage_summary(coverage, area=demand_area, demand=demand, mode=inputs.mode)
    summary = _with_tiers(summary, coverage, networks)
    if groups is not None:
        from servicecircle.workflow.key_groups import key_groups_record

        record, _ = key_groups_record(coverage, networks, groups.groups)
        summary = dataclasses.replace(summary, groups=record)
    return RegionCoverage(area, region, demand, coverage, networks, summary, groups)


def _halo_groups(job: RegionJob, inputs: RunInputs, units: gpd.GeoDataFrame) -> RegionGroups | None:
    """The key groups of the halo's demand ``units`` (``None`` without a key-groups file)."""
    if job.groups is None:
        return None
    from servicecircle.batch.region_groups import read_groups_file, region_key_groups

    table = read_groups_file(job.groups, inputs.crs)
    halo, region = shapely.from_wkb(job.halo_wkb), shapely.from_wkb(job.region_wkb)
    return region_key_groups(table, units, halo, region)


def _with_tiers(
    summary: CoverageSummary, coverage: Coverage, networks: dict[str, Network]
) -> CoverageSummary:
    """``summary`` with the coverage by tier, as ``analyze`` writes it."""
    from servicecircle.coverage.tiers import tier_coverage
    from servicecircle.results.tier_records import tier_record

    return dataclasses.replace(summary, tiers=tier_record(tier_coverage(coverage, networks)))


def _covered(units: gpd.GeoDataFrame) -> dict[str, float]:
    columns = [c for c in units.columns if str(c).startswith("covered")]
    people = units["people"].to_numpy(float)
    return {str(c): float(people[units[c].to_numpy(bool)].sum()) for c in columns}


def outcome_of(
    job: RegionJob, measured: RegionCoverage, paths: list[str], sites: int | None
) -> RegionOutcome:
    """The small record of a region's run (times and memory are added by the caller)."""
    units = measured.coverage.demand
    by_class = {
        str(name): {"total": float(group["people"].sum()), **_covered(group)}
        for name, group in units.groupby("class")
    }
    outlets = measured.coverage.outlets
    own = points_in_region(outlets.geometry.to_numpy(), measured.region)
    people = float(units["people"].sum())
    staff = float(np.nansum(outlets.loc[own, "staff"].to_numpy(float)))
    groups = measured.groups
    figures = {}
    if groups is not None and measured.summary.groups is not None:
        from servicecircle.batch.region_groups import group_figures

        figures = group_figures(measured.summary.groups)
    return RegionOutcome(
        code=job.code,
        name=job.name,
        units=len(units),
        people=people,
        covered=_covered(units),
        covered_by_class=by_class,
        outlets_in_region=int(own.sum()),
        outlets_in_halo=len(outlets),
        sites_proposed=sites,
        note=None if len(outlets) else NOTE_NO_OUTLETS,
        staff=staff,
        staff_per_10k=staff / people * 10_000.0 if people > 0 else None,
        groups=figures,
        groups_rows=() if groups is None else groups.rows,
        groups_split=() if groups is None else groups.split,
        paths=tuple(paths),
    )


def region_results(job: RegionJob, out_dir: str | os.PathLike[str]) -> RegionOutcome:
    """Load ``job``'s halo, measure its region, write its results, return its outcome.

    The planner's files are cut to the halo in a temporary folder, removed after.
    """
    with tempfile.TemporaryDirectory(prefix="servicecircle-region-") as scratch:
        return _results_in(job, out_dir, Path(scratch))


def _results_in(job: RegionJob, out_dir: str | os.PathLike[str], scratch: Path) -> RegionOutcome:
    """:func:`region_results` with the planner's files cut into ``scratch``."""
    from servicecircle.network.roads import map_roads
    from servicecircle.results.folder import write_analysis

    area = load_halo_area(job)
    try:
        measured = region_coverage(area, job, scratch=scratch / "coverage")
    except NoDemandError:  # done: nobody to serve, nothing to site
        return RegionOutcome(job.code, job.name, note=NOTE_NO_DEMAND)
    folder = job.folder(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    roads = map_roads(area.edges, extent=measured.region)
    paths = [
        str(p) for p in write_analysis(measured.coverage, measured.summary, folder, roads=roads)
    ]
    sites = None
    if job.site is not None:
        from servicecircle.batch.region_siting import site_region

        written, sites = site_region(measured, job, folder, scratch=scratch / "siting")
        paths += written
    return outcome_of(job, measured, paths, sites)
