"""The plain-JSON summaries of a run: ``summary.json`` (coverage) and ``siting.json`` (plan)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import shapely

from servicecircle.coverage import Coverage, break_key
from servicecircle.demand import Demand
from servicecircle.planning import SitingPlan
from servicecircle.sources.area import StudyArea


def _text(value: Any) -> str | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _clean(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), 3)


def coverage_summary(
    coverage: Coverage, *, area: StudyArea, demand: Demand, mode: str | None = None
) -> dict[str, Any]:
    """The plain-JSON summary of a coverage run (``summary.json``).

    Keys: ``mode``, ``minutes``, ``network`` (``nodes``, ``edges``),
    ``n_outlets``, ``population_total``, ``population_covered`` and
    ``coverage_share`` keyed by break, ``by_class`` (class -> ``total`` and
    ``covered`` keyed by break), ``standard`` (coverage by each outlet type's
    own minutes), ``unreachable_people`` (on the road network, but no
    outlet reaches them), ``off_network`` (``people``, ``units``,
    ``limit_m`` and the ``places`` listed, most people first: demand farther
    than ``max_snap_m`` from every road, not among the gaps), ``gaps``
    (ranked), ``must_cover_uncovered``, ``units``, ``assumptions``,
    ``study_area`` (with the ``extent`` and its ``basis``), ``demand_quality``
    (:meth:`DemandQuality.to_json <servicecircle.demand.quality.DemandQuality.to_json>`
    of the final estimate, with the map estimate's as ``map_estimate``; ``None``
    when the demand was not measured).
    """
    settings = coverage.settings
    keys = [break_key(b) for b in settings.breaks]
    units = coverage.demand
    main_mode = mode or settings.mode
    network = coverage.networks.get(main_mode) or next(iter(coverage.networks.values()))
    by_class: dict[str, Any] = {}
    for cls, part in coverage.by_class.groupby("class", sort=False):
        by_class[str(cls)] = {
            "total": {
                break_key(m): _clean(t)
                for m, t in zip(part["minutes"], part["total"], strict=False)
            },
            "covered": {
                break_key(m): _clean(c)
                for m, c in zip(part["minutes"], part["covered"], strict=False)
            },
        }
    standard_covered = float(units.loc[units["covered"], "people"].sum())
    total = float(units["people"].sum())
    gaps = [
        {
            "rank": int(row["rank"]),
            "people": _clean(row["people"]),
            "nearest_minutes": _clean(row["nearest_minutes"]),
            "units": int(row["units"]),
            "classes": row["classes"],
            "township": _text(row["township"]),
            "community": _text(row["community"]),
            "lon": _clean(row.geometry.representative_point().x),
            "lat": _clean(row.geometry.representative_point().y),
        }
        for _, row in coverage.gaps.iterrows()
    ]
    must = coverage.must_cover
    must_uncovered = [
        {
            "name": row["name"],
            "class": row["class"],
            "people": _clean(row["people"]),
            "share_covered": _clean(row["share_covered"]),
        }
        for _, row in must[~must["covered"]].iterrows()
    ]
    unit_rows = [
        {
            "level": row["level"],
            "name": row["name"],
            "township": _text(row["township"]),
            "people": _clean(row["people"]),
            "covered": {k: _clean(row[f"covered_{k}"]) for k in keys},
            "share": {k: _clean(row[f"share_{k}"]) for k in keys},
        }
        for _, row in coverage.units.iterrows()
    ]
    speeds = {
        name: {"mode": kind.mode, "minutes": kind.minutes}
        for name, kind in settings.outlet_types.items()
    }
    return {
        "mode": main_mode,
        "minutes": [float(b) for b in settings.breaks],
        "network": {"nodes": int(network["nodes"]), "edges": int(network["edges"])},
        "networks": coverage.networks,
        "n_outlets": int(len(coverage.outlets)),
        "population_total": _clean(total),
        "population_covered": {
            k: _clean(coverage.covered(b)) for k, b in zip(keys, settings.breaks, strict=False)
        },
        "coverage_share": {
            k: _clean(coverage.share(b)) for k, b in zip(keys, settings.breaks, strict=False)
        },
        "standard": {
            "covered": _clean(standard_covered),
            "share": _clean(standard_covered / total if total else 0.0),
        },
        "unreachable_people": _clean(
            units.loc[~units["reachable"] & ~_flag(units, "off_network"), "people"].sum()
        ),
        "off_network": off_network_summary(coverage),
        "demand_quality": demand.quality.to_json() if demand.quality is not None else None,
        "by_class": by_class,
        "gaps": gaps,
        "must_cover_uncovered": must_uncovered,
        "units": unit_rows,
        "assumptions": {
            "demand": demand.assumptions,
            "outlet_types": speeds,
            "mode": main_mode,
            "breaks": [float(b) for b in settings.breaks],
            "max_snap_m": settings.max_snap_m,
            "prefer_connected_m": settings.prefer_connected_m,
            "connected_piece_m": settings.connected_piece_m,
            "gap_join_m": settings.gap_join_m,
            "must_cover_share": settings.must_cover_share,
            "walk_off_m": settings.walk_off_m,
            "speeds_kmh": {
                name: settings.travel_mode(name).speed_kmh for name in coverage.networks
            },
            "data_sources": [area.source, area.attribution],
            "notes": list(area.notes),
        },
        "study_area": {
            "name": area.name,
            "source": area.source,
            "bounds": list(area.bounds),
            "extent": {
                "basis": area.extent_basis,
                "bounds": [float(v) for v in shapely.bounds(area.extent)],
            },
        },
    }


def _flag(units: pd.DataFrame, column: str) -> pd.Series:
    """A boolean column of ``units``, all False where it is missing (older results)."""
    if column not in units.columns:
        return pd.Series(False, index=units.index)
    return units[column].fillna(False).astype(bool)


def off_network_summary(coverage: Coverage, *, listed: int = 50) -> dict[str, Any]:
    """``summary.json``'s ``off_network``: totals and the first ``listed`` places.

    Returns
    -------
    dict
        ``people``, ``units``, ``limit_m`` and ``places`` (``people``,
        ``class``, ``road_m``, ``township``, ``community``, ``lon``, ``lat``).
    """
    table = coverage.off_network
    places = [
        {
            "people": _clean(row["people"]),
            "class": _text(row["class"]),
            "road_m": _clean(row["road_m"]),
            "township": _text(row["township"]),
            "community": _text(row["community"]),
            "lon": _clean(row.geometry.x),
            "lat": _clean(row.geometry.y),
        }
        for _, row in table.head(listed).iterrows()
    ]
    return {
        "people": _clean(float(table["people"].sum()) if len(table) else 0.0),
        "units": int(len(table)),
        "limit_m": float(coverage.settings.max_snap_m),
        "places": places,
    }


def _number(value: Any) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), 6)


def siting_summary(plan: SitingPlan) -> dict[str, Any]:
    """The plain-JSON summary of a siting plan (``siting.json``)."""
    result = plan.result
    request = plan.request
    chosen = [
        {
            "rank": int(row["rank"]),
            "name": row["name"],
            "type": row["type"],
            "source": row["source"],
            "lon": round(row.geometry.x, 6),
            "lat": round(row.geometry.y, 6),
            "newly_covered": _number(row["newly_covered"]),
            "cumulative_share": _number(row["cumulative_share"]),
            "gaps": [int(g) for g in str(row["gaps"]).split(",") if g],
            "must_cover": [m for m in str(row["must_cover"]).split("; ") if m],
            "reasons": row["reasons"],
        }
        for _, row in plan.chosen.iterrows()
    ]

    def by_class(column: str) -> dict[str, Any]:
        return {
            str(row["class"]): {
                "total": _number(row["people"]),
                "covered": _number(row[column]),
                "share": _number(row[column] / row["people"] if row["people"] else 0.0),
            }
            for _, row in plan.by_class.iterrows()
        }

    return {
        "model": {"mclp": "mclp", "min": "min_outlets", "pmedian": "pmedian"}[request.model],
        "solver_model": result.model,
        "method": result.method,
        "status": result.status,
        "objective": _number(result.objective),
        "bound": _number(result.bound),
        "gap": _number(result.gap),
        "sense": result.sense,
        "seconds": _number(result.seconds),
        "request": {
            "new": dict(request.new) if isinstance(request.new, Mapping) else request.new,
            "target": request.target,
            "new_types": list(request.new_types),
            "must_cover": list(request.must_cover),
            "capacity": request.capacity,
            "class_weights": dict(request.class_weights),
            "time_limit": request.time_limit,
            "seed": request.seed,
        },
        "chosen": chosen,
        "curve": [
            {"n_new": int(n), "covered": _number(c), "share": _number(sh)}
            for n, c, sh in zip(
                plan.curve["n_new"], plan.curve["covered"], plan.curve["share"], strict=True
            )
        ],
        "coverage_before": by_class("covered_before"),
        "coverage_after": by_class("covered_after"),
        "share_before": _number(result.share_before),
        "share_after": _number(result.share_after),
        "mean_minutes": _number(result.mean_minutes),
        "people_beyond_cutoff": _number(result.people_beyond_cutoff),
        "uncoverable_must_cover": int(np.size(result.uncoverable_must_cover)),
        "by_unit": plan.by_unit.to_dict(orient="records"),
        "notes": list(result.notes),
    }
