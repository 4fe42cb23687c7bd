"""The summaries of a run as records: :func:`coverage_summary` and :func:`siting_summary`.

They turn the live results (:class:`~servicecircle.coverage.Coverage`,
:class:`~servicecircle.planning.plan.SitingPlan`) into the records of
:mod:`servicecircle.results.schema`, rounded as the files store them
(people and shares to 3 decimals in ``summary.json``, 6 in ``siting.json``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle.coverage import Coverage, break_key
from servicecircle.coverage.site_areas import site_service_areas
from servicecircle.demand import Demand
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.naming import public_source
from servicecircle.network import Network
from servicecircle.network.roads import map_roads
from servicecircle.planning.capacity import applied_existing_capacity
from servicecircle.planning.plan import SitingPlan
from servicecircle.results._codec import json_ready
from servicecircle.results.bundle import Results
from servicecircle.results.demand_records import DemandAssumptions, DemandQualitySummary
from servicecircle.results.folder import analysis_layers, siting_layers
from servicecircle.results.schema import (
    Assumptions,
    ChosenSite,
    ClassBeforeAfter,
    ClassCoverage,
    CoverageSummary,
    CurvePoint,
    Extent,
    Gap,
    MapDataDate,
    ModelName,
    MustCoverArea,
    NetworkSize,
    NetworkStats,
    OffNetwork,
    OffNetworkPlace,
    OutletStandardSummary,
    SitingRequestSummary,
    SitingSummary,
    StandardCoverage,
    StudyAreaSummary,
    UnitBeforeAfter,
    UnitCoverage,
)
from servicecircle.results.site_gains import site_gains
from servicecircle.results.staff_records import staff_record


def _text(value: Any) -> str | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _clean(value: Any) -> float | None:
    """A number of ``summary.json``: 3 decimals, ``None`` when missing or not finite."""
    return None if value is None or not np.isfinite(value) else round(float(value), 3)


def _number(value: Any) -> float | None:
    """A number of ``siting.json``: 6 decimals, ``None`` when missing or not finite."""
    return None if value is None or not np.isfinite(value) else round(float(value), 6)


def _exact(value: Any) -> float | None:
    """A number kept as computed (``None`` when missing or not finite)."""
    return None if value is None or not np.isfinite(value) else float(value)


# --------------------------------------------------------------------------- summary.json


def _by_class(coverage: Coverage) -> dict[str, ClassCoverage]:
    by_class: dict[str, ClassCoverage] = {}
    for cls, part in coverage.by_class.groupby("class", sort=False):
        minutes = [break_key(m) for m in part["minutes"]]
        by_class[str(cls)] = ClassCoverage(
            total={k: _clean(t) for k, t in zip(minutes, part["total"], strict=False)},
            covered={k: _clean(c) for k, c in zip(minutes, part["covered"], strict=False)},
        )
    return by_class


def _gaps(coverage: Coverage) -> tuple[Gap, ...]:
    gaps = []
    for _, row in coverage.gaps.iterrows():
        point = row.geometry.representative_point()
        gaps.append(
            Gap(
                rank=int(row["rank"]),
                people=_clean(row["people"]),
                nearest_minutes=_clean(row["nearest_minutes"]),
                units=int(row["units"]),
                classes=str(row["classes"]),
                township=_text(row["township"]),
                community=_text(row["community"]),
                lon=_clean(point.x),
                lat=_clean(point.y),
                road=_text(row["road"]) if "road" in row.index else None,
                road_m=_clean(row["road_m"]) if "road_m" in row.index else None,
            )
        )
    return tuple(gaps)


def _must_cover_uncovered(coverage: Coverage) -> tuple[MustCoverArea, ...]:
    must = coverage.must_cover
    return tuple(
        MustCoverArea(
            name=_text(row["name"]),
            class_=str(row["class"]),
            people=_clean(row["people"]),
            share_covered=_clean(row["share_covered"]),
        )
        for _, row in must[~must["covered"]].iterrows()
    )


def _units(coverage: Coverage) -> tuple[UnitCoverage, ...]:
    keys = [break_key(b) for b in coverage.settings.breaks]
    return tuple(
        UnitCoverage(
            level=str(row["level"]),
            name=_text(row["name"]),
            township=_text(row["township"]),
            people=_clean(row["people"]),
            covered={k: _clean(row[f"covered_{k}"]) for k in keys},
            share={k: _clean(row[f"share_{k}"]) for k in keys},
        )
        for _, row in coverage.units.iterrows()
    )


def _assumptions(coverage: Coverage, area: StudyArea, demand: Demand, mode: str) -> Assumptions:
    settings = coverage.settings
    return Assumptions(
        demand=DemandAssumptions.from_json(json_ready(demand.assumptions), "assumptions.demand"),
        outlet_types={
            name: OutletStandardSummary(
                mode=kind.mode,
                minutes=float(kind.minutes),
                tier=kind.tier,
                staff=float(kind.staff),
                residents_per_staff=kind.residents_per_staff,
                opening_days=float(kind.opening_days),
            )
            for name, kind in settings.outlet_types.items()
        },
        mode=mode,
        breaks=tuple(float(b) for b in settings.breaks),
        max_snap_m=float(settings.max_snap_m),
        prefer_connected_m=float(settings.prefer_connected_m),
        connected_piece_m=float(settings.connected_piece_m),
        gap_join_m=float(settings.gap_join_m),
        must_cover_share=float(settings.must_cover_share),
        walk_off_m=float(settings.walk_off_m),
        speeds_kmh={name: settings.travel_mode(name).speed_kmh for name in coverage.networks},
        data_sources=(public_source(area.source), str(area.attribution)),
        notes=tuple(area.notes),
        data_date=MapDataDate(**vars(area.data_date)) if area.data_date else None,
    )


def _study_area(area: StudyArea) -> StudyAreaSummary:
    west, south, east, north = (float(v) for v in area.bounds)
    x0, y0, x1, y1 = (float(v) for v in shapely.bounds(area.extent))
    return StudyAreaSummary(
        name=str(area.name),
        source=public_source(area.source),
        bounds=(west, south, east, north),
        extent=Extent(basis=str(area.extent_basis), bounds=(x0, y0, x1, y1)),
    )


def _flag(units: pd.DataFrame, column: str) -> pd.Series:
    """A boolean column of ``units``, all False where it is missing (older results)."""
    if column not in units.columns:
        return pd.Series(False, index=units.index)
    return units[column].fillna(False).astype(bool)


def coverage_summary(
    coverage: Coverage, *, area: StudyArea, demand: Demand, mode: str | None = None
) -> CoverageSummary:
    """The summary of a coverage run (``summary.json``), see :class:`CoverageSummary`.

    Parameters
    ----------
    coverage
        The coverage run.
    area, demand
        The study area and the demand estimate it was measured on.
    mode
        The main travel mode (default the settings' mode).
    """
    settings = coverage.settings
    keys = [break_key(b) for b in settings.breaks]
    units = coverage.demand
    main_mode = mode or settings.mode
    network = coverage.networks.get(main_mode) or next(iter(coverage.networks.values()))
    standard_covered = float(units.loc[units["covered"], "people"].sum())
    total = float(units["people"].sum())
    unreachable = units.loc[~units["reachable"] & ~_flag(units, "off_network"), "people"].sum()
    quality = json_ready(demand.quality.to_json()) if demand.quality is not None else None
    return CoverageSummary(
        mode=main_mode,
        minutes=tuple(float(b) for b in settings.breaks),
        network=NetworkSize(nodes=int(network["nodes"]), edges=int(network["edges"])),
        networks={
            name: NetworkStats.from_json(json_ready(stats))
            for name, stats in coverage.networks.items()
        },
        n_outlets=len(coverage.outlets),
        population_total=_clean(total),
        population_covered={
            k: _clean(coverage.covered(b)) for k, b in zip(keys, settings.breaks, strict=False)
        },
        coverage_share={
            k: _clean(coverage.share(b)) for k, b in zip(keys, settings.breaks, strict=False)
        },
        standard=StandardCoverage(
            covered=_clean(standard_covered),
            share=_clean(standard_covered / total if total else 0.0),
        ),
        unreachable_people=_clean(unreachable),
        off_network=off_network_summary(coverage),
        demand_quality=(
            DemandQualitySummary.from_json(quality, "demand_quality") if quality else None
        ),
        by_class=_by_class(coverage),
        gaps=_gaps(coverage),
        must_cover_uncovered=_must_cover_uncovered(coverage),
        units=_units(coverage),
        assumptions=_assumptions(coverage, area, demand, main_mode),
        study_area=_study_area(area),
    )


def off_network_summary(coverage: Coverage, *, listed: int = 50) -> OffNetwork:
    """People off the road network: totals and the first ``listed`` places, most people first."""
    table = coverage.off_network
    places = tuple(
        OffNetworkPlace(
            people=_clean(row["people"]),
            class_=_text(row["class"]),
            road_m=_clean(row["road_m"]),
            township=_text(row["township"]),
            community=_text(row["community"]),
            lon=_clean(row.geometry.x),
            lat=_clean(row.geometry.y),
        )
        for _, row in table.head(listed).iterrows()
    )
    return OffNetwork(
        people=_clean(float(table["people"].sum()) if len(table) else 0.0),
        units=len(table),
        limit_m=float(coverage.settings.max_snap_m),
        places=places,
    )


# --------------------------------------------------------------------------- siting.json

#: ``siting.json``'s name of each request model.
_MODEL_NAMES: dict[str, ModelName] = {"mclp": "mclp", "min": "min_outlets", "pmedian": "pmedian"}


def _chosen(plan: SitingPlan) -> tuple[ChosenSite, ...]:
    gains = site_gains(plan.gains)
    return tuple(
        ChosenSite(
            rank=int(row["rank"]),
            name=_text(row["name"]),
            type=str(row["type"]),
            source=_text(row["source"]),
            lon=round(float(row.geometry.x), 6),
            lat=round(float(row.geometry.y), 6),
            newly_covered=_number(row["newly_covered"]),
            cumulative_share=_number(row["cumulative_share"]),
            gaps=tuple(int(g) for g in str(row["gaps"]).split(",") if g),
            must_cover=tuple(m for m in str(row["must_cover"]).split("; ") if m),
            reasons=str(row["reasons"]),
            township=_text(row.get("township")),
            community=_text(row.get("community")),
            road=_text(row.get("road")),
            road_m=_number(row.get("road_m")),
            **gains.get(int(row["rank"]), {}),
        )
        for _, row in plan.chosen.iterrows()
    )


def _class_table(plan: SitingPlan, column: str) -> dict[str, ClassBeforeAfter]:
    return {
        str(row["class"]): ClassBeforeAfter(
            total=_number(row["people"]),
            covered=_number(row[column]),
            share=_number(row[column] / row["people"] if row["people"] else 0.0),
        )
        for _, row in plan.by_class.iterrows()
    }


def _by_unit(plan: SitingPlan) -> tuple[UnitBeforeAfter, ...]:
    return tuple(
        UnitBeforeAfter(
            level=str(row["level"]),
            name=_text(row["name"]),
            township=_text(row["township"]),
            people=_exact(row["people"]),
            covered_before=_exact(row["covered_before"]),
            covered_after=_exact(row["covered_after"]),
            share_before=_exact(row["share_before"]),
            share_after=_exact(row["share_after"]),
        )
        for _, row in plan.by_unit.iterrows()
    )


def siting_summary(plan: SitingPlan) -> SitingSummary:
    """The summary of a siting plan (``siting.json``), see :class:`SitingSummary`."""
    result = plan.result
    request = plan.request
    curve = plan.curve
    return SitingSummary(
        model=_MODEL_NAMES[request.model],
        solver_model=str(result.model),
        method=str(result.method),
        status=str(result.status),
        objective=_number(result.objective),
        bound=_number(result.bound),
        gap=_number(result.gap),
        sense=str(result.sense),
        seconds=_number(result.seconds),
        request=SitingRequestSummary(
            new=dict(request.new) if isinstance(request.new, Mapping) else request.new,
            target=request.target,
            new_types=tuple(request.new_types),
            must_cover=tuple(request.must_cover),
            capacity=request.capacity,
            existing_capacity=request.existing_capacity,
            existing_capacity_by_outlet=applied_existing_capacity(plan.problem),
            class_weights=dict(request.class_weights),
            time_limit=request.time_limit,
            seed=request.seed,
        ),
        chosen=_chosen(plan),
        curve=tuple(
            CurvePoint(n_new=int(n), covered=_number(c), share=_number(s))
            for n, c, s in zip(curve["n_new"], curve["covered"], curve["share"], strict=True)
        ),
        coverage_before=_class_table(plan, "covered_before"),
        coverage_after=_class_table(plan, "covered_after"),
        share_before=_number(result.share_before),
        share_after=_number(result.share_after),
        mean_minutes=_number(result.mean_minutes),
        people_beyond_cutoff=_number(result.people_beyond_cutoff),
        uncoverable_must_cover=int(np.size(result.uncoverable_must_cover)),
        by_unit=_by_unit(plan),
        notes=tuple(result.notes),
        n_candidates=len(plan.candidates),
        dropped=int(plan.dropped),
        staff=staff_record(plan),
    )


# --------------------------------------------------------------------------- both


def results_of(
    coverage: Coverage,
    plan: SitingPlan | None = None,
    *,
    area: StudyArea,
    demand: Demand,
    mode: str | None = None,
    networks: Mapping[str, Network] | None = None,
) -> Results:
    """The :class:`Results` of a run held in memory, as ``read_results`` reads them back.

    The summaries and the map layers are those ``analyze`` / ``site`` write,
    so the report built from them is the report of the written folder,
    without writing one.

    Parameters
    ----------
    coverage
        The coverage run.
    plan
        The siting plan, or ``None`` without one.
    area, demand, mode
        As for :func:`coverage_summary`.
    networks
        Networks already built, by mode name, for the new sites' service
        areas (``chosen_areas``; those missing are built from ``area``).
    """
    layers = analysis_layers(coverage, roads=map_roads(area.edges, extent=area.extent))
    if plan is not None:
        areas = site_service_areas(
            plan.chosen,
            settings=coverage.settings,
            networks=networks,
            area=area,
            demand=coverage.demand,
        )
        layers.update(siting_layers(plan, areas=areas))
    return Results(
        coverage=coverage_summary(coverage, area=area, demand=demand, mode=mode),
        siting=siting_summary(plan) if plan is not None else None,
        layers={k: v for k, v in layers.items() if isinstance(v, gpd.GeoDataFrame)},
    )
