"""Two scenarios side by side: coverage gained, demand units changed, sites added.

:func:`compare_scenarios` compares coverage in total, by class, township and
community; :func:`demand_changes` maps the demand units whose coverage
changed; :func:`sites_changed` lists outlets and new sites added or removed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.coverage import LEVELS, covered_mask, standard_mask
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.crs import WGS84
from servicecircle.results.project.coverage import has_plan, plan_demand, scenario_coverage
from servicecircle.results.project.model import Scenario

logger = logging.getLogger(__name__)


def _knows_breaks(scenario: Scenario) -> bool:
    """True when the scenario's outcome is known per demand unit in minutes (any break)."""
    demand = plan_demand(scenario)
    return demand is not None and "minutes_to_nearest" in demand.columns


def compare_scenarios(
    a: Scenario, b: Scenario, *, minutes: Iterable[float] | None = None
) -> pd.DataFrame:
    """Coverage of two scenarios side by side: total, by class, township and community.

    Each side is the scenario's outcome: today's outlets for an analyze
    scenario, today's outlets plus the new sites for a site scenario.

    Parameters
    ----------
    a, b
        The scenarios; ``b`` is read as the change from ``a`` (e.g. ``today``
        and ``+5 outlets``).
    minutes
        Breaks to compare at; ``None`` (default) compares at the service
        standard, each outlet type's own mode and minutes, which is what a
        siting plan optimises and what every scenario can report. When a site
        scenario's outputs hold its plan's coverage only at the service
        standard (no ``demand_after`` layer with ``minutes_to_nearest``), the
        comparison is made at the service standard and ``attrs["basis"]``
        says so (with a logged warning).

    Returns
    -------
    pandas.DataFrame
        Columns ``level``, ``township``, ``unit``, ``minutes`` (NaN at the
        service standard), ``people``, ``covered_a``, ``covered_b``,
        ``gained`` (people newly covered, negative where coverage was lost),
        ``share_a``, ``share_b``. ``attrs`` holds ``scenario_a``,
        ``scenario_b``, ``basis`` (``"standard"`` or ``"minutes"``),
        ``people_gained`` (in total, at the service standard or the largest
        break compared), ``sites_a``, ``sites_b``, ``sites_added`` and
        ``sites_removed`` (see :func:`sites_changed`).

    Raises
    ------
    InputDataError
        See :func:`scenario_coverage`.
    """
    breaks = _breaks_known_to_both(a, b, minutes)
    keys = ["level", "township", "unit", "minutes"]
    result = _side_by_side(
        scenario_coverage(a, minutes=breaks), scenario_coverage(b, minutes=breaks), keys
    )
    result = result[[*keys, "people", "covered_a", "covered_b", "gained", "share_a", "share_b"]]
    result = result.copy()
    total = result[result["level"] == "total"]
    changes = sites_changed(a, b)
    result.attrs = {
        "scenario_a": a.name,
        "scenario_b": b.name,
        "basis": "standard" if breaks is None else "minutes",
        "requested_minutes": None if minutes is None else [float(m) for m in minutes],
        "people_gained": float(total["gained"].iloc[-1]) if len(total) else 0.0,
        "sites_a": int((changes["change"] != "added").sum()),
        "sites_b": int((changes["change"] != "removed").sum()),
        "sites_added": int((changes["change"] == "added").sum()),
        "sites_removed": int((changes["change"] == "removed").sum()),
    }
    return result


def _breaks_known_to_both(
    a: Scenario, b: Scenario, minutes: Iterable[float] | None
) -> list[float] | None:
    """``minutes`` as numbers, or ``None`` (the service standard) when a side lacks them."""
    breaks = None if minutes is None else [float(m) for m in minutes]
    standard_only = [s.name for s in (a, b) if not _knows_breaks(s)]
    if breaks is not None and standard_only:
        logger.warning(
            "scenario %s holds its plan's coverage only at the service standard; comparing "
            "at the service standard instead of at %s minutes",
            ", ".join(map(repr, standard_only)),
            ", ".join(f"{m:g}" for m in breaks),
        )
        return None
    return breaks


def _side_by_side(ca: pd.DataFrame, cb: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Two coverage tables merged on ``keys``, with people gained and both shares."""
    merged = ca[[*keys, "people", "covered"]].merge(
        cb[[*keys, "people", "covered"]], on=keys, how="outer", suffixes=("_a", "_b")
    )
    merged["people"] = merged["people_a"].combine_first(merged["people_b"])
    merged["covered_a"] = merged["covered_a"].fillna(0.0)
    merged["covered_b"] = merged["covered_b"].fillna(0.0)
    merged["gained"] = merged["covered_b"] - merged["covered_a"]
    denominator = merged["people"].where(merged["people"] > 0)
    merged["share_a"] = merged["covered_a"] / denominator
    merged["share_b"] = merged["covered_b"] / denominator
    order = {level: i for i, level in enumerate(LEVELS)}
    merged["_order"] = merged["level"].map(order).fillna(len(LEVELS))
    return merged.sort_values(
        ["minutes", "_order", "township", "unit"], na_position="first"
    ).reset_index(drop=True)


def _sites(scenario: Scenario) -> gpd.GeoDataFrame:
    parts = []
    for layer in ("outlets", "chosen"):
        frame = scenario.layers.get(layer)
        if frame is None or frame.empty:
            continue
        pts = frame.to_crs(WGS84) if frame.crs is not None else frame
        name = (
            pts["name"].astype(object)
            if "name" in pts.columns
            else pd.Series([None] * len(pts), index=pts.index)
        )
        parts.append(
            gpd.GeoDataFrame(
                {"layer": layer, "name": name.to_numpy()},
                geometry=pts.geometry.representative_point().to_numpy(),
                crs=WGS84,
            )
        )
    if not parts:
        return gpd.GeoDataFrame({"layer": [], "name": []}, geometry=[], crs=WGS84)
    sites = pd.concat(parts, ignore_index=True)
    return gpd.GeoDataFrame(sites, geometry="geometry", crs=WGS84)


def sites_changed(a: Scenario, b: Scenario) -> gpd.GeoDataFrame:
    """Outlets and chosen sites of both scenarios, marked ``added``/``removed``/``kept``.

    Sites are matched by position (to about 1 cm), in WGS-84.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``change``, ``layer`` (``outlets`` or ``chosen``), ``name``,
        ``geometry`` (Point, EPSG:4326).
    """
    sa, sb = _sites(a), _sites(b)

    def _keys(frame: gpd.GeoDataFrame) -> list[tuple[float, float]]:
        return [(round(p.x, 7), round(p.y, 7)) for p in frame.geometry]

    ka, kb = _keys(sa), _keys(sb)
    set_a, set_b = set(ka), set(kb)
    rows = [
        sa.assign(change=["kept" if k in set_b else "removed" for k in ka]),
        sb[[k not in set_a for k in kb]].assign(change="added"),
    ]
    out = pd.concat(rows, ignore_index=True)
    return gpd.GeoDataFrame(
        out[["change", "layer", "name", "geometry"]], geometry="geometry", crs=WGS84
    )


def _no_changes(demand: pd.DataFrame | None, *, complete: bool) -> gpd.GeoDataFrame:
    crs = demand.crs if isinstance(demand, gpd.GeoDataFrame) else WGS84
    columns: dict[str, Any] = {"change": pd.Series([], dtype=object)}
    for column in ("class", "township", "community"):
        columns[column] = pd.Series([], dtype=object)
    columns.update(
        people=pd.Series([], dtype=float),
        minutes_a=pd.Series([], dtype=float),
        minutes_b=pd.Series([], dtype=float),
    )
    out = gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    out.attrs["complete"] = complete
    return out


def demand_changes(a: Scenario, b: Scenario, *, minutes: float | None = 15.0) -> gpd.GeoDataFrame:
    """Demand units whose coverage differs between the outcomes of ``a`` and ``b``.

    Both scenarios need their outcome per demand unit with the same units
    (same index): the ``demand`` layer of an analyze scenario, the
    ``demand_after`` layer of a site scenario.

    Parameters
    ----------
    minutes
        Break to compare at; ``None`` for the service standard (the demand
        layer's ``covered`` column).

    Returns
    -------
    geopandas.GeoDataFrame
        The changed units of ``b`` with ``change`` (``gained`` or ``lost``),
        ``people``, ``minutes_a`` and ``minutes_b``. ``attrs["complete"]`` is
        False (and the frame empty) when a site scenario's outputs give its
        plan's coverage only as totals, not per unit.
    """
    da, db = plan_demand(a), plan_demand(b)
    unknown = [s for s, d in ((a, da), (b, db)) if d is None and has_plan(s)]
    if unknown:
        logger.warning(
            "scenario %s holds its plan's coverage only as totals by class and unit, not per "
            "demand unit; no demand changes to map",
            ", ".join(repr(s.name) for s in unknown),
        )
        return _no_changes(a.layers.get("demand"), complete=False)
    da, db = _same_units(a, b, da, db)
    if minutes is None:
        before, after = standard_mask(da), standard_mask(db)
    else:
        before, after = covered_mask(da, minutes), covered_mask(db, minutes)
    changed = before != after
    out = db.loc[changed].copy()
    keep = [c for c in ("class", "township", "community", "people") if c in out.columns]
    result = gpd.GeoDataFrame(
        {
            "change": np.where(after[changed], "gained", "lost"),
            **{c: out[c] for c in keep},
            "minutes_a": _reach_minutes(da.loc[changed]),
            "minutes_b": _reach_minutes(out),
        },
        geometry=out.geometry,
        crs=db.crs,
    )
    result.attrs["complete"] = True
    return result


def _same_units(
    a: Scenario, b: Scenario, da: pd.DataFrame | None, db: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both outcomes per demand unit, checked to hold the same units."""
    if da is None or db is None:
        missing = a if da is None else b
        raise InputDataError(msg("msg.results.project.no_demand", scenario=missing.name))
    if not da.index.equals(db.index):
        raise InputDataError(msg("msg.results.project.other_units", first=a.name, second=b.name))
    return da, db


def _reach_minutes(frame: pd.DataFrame) -> pd.Series:
    """``minutes_to_nearest`` as numbers (NaN where missing or unknown)."""
    if "minutes_to_nearest" not in frame.columns:
        return pd.Series(np.nan, index=frame.index)
    return pd.to_numeric(frame["minutes_to_nearest"], errors="coerce")
