"""Coverage tables: people covered in total, by class, township and community.

:func:`coverage_table` counts coverage at time breaks, :func:`standard_coverage_table`
at the service standard, :func:`plan_coverage_table` before and after a siting
plan, and :func:`scenario_coverage` picks the right one for a scenario.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from servicecircle.errors import InputDataError
from servicecircle.project.model import Scenario

#: Levels of a coverage table, in display order.
LEVELS: tuple[str, ...] = ("total", "class", "township", "community")
#: Admin-unit columns of the demand layer, coarse to fine.
UNIT_COLUMNS: tuple[str, ...] = ("township", "community")


def covered_mask(demand: pd.DataFrame, minutes: float) -> pd.Series:
    """True where ``minutes_to_nearest`` is at most ``minutes`` (missing = unreachable)."""
    if "minutes_to_nearest" not in demand.columns:
        raise InputDataError(
            "The demand layer has no 'minutes_to_nearest' column; run the coverage analysis."
        )
    reach = pd.to_numeric(demand["minutes_to_nearest"], errors="coerce")
    return (reach <= float(minutes)).fillna(False).astype(bool)


def _text(value: Any) -> str:
    """A name as text; empty for a missing one (None or NaN)."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _texts(demand: pd.DataFrame, column: str) -> np.ndarray:
    if column not in demand.columns:
        return np.full(len(demand), "", dtype=object)
    values = demand[column].astype(object)
    return values.where(values.notna(), "").astype(str).to_numpy()


def _grouped(
    demand: pd.DataFrame, people: np.ndarray, covered: np.ndarray, minutes: float
) -> pd.DataFrame:
    """People and people covered by total, class, township and community (one basis)."""
    base = pd.DataFrame({"people": people, "covered": covered})
    frames = [base.sum().to_frame().T.assign(level="total", township="", unit="")]
    if "class" in demand.columns:
        g = base.groupby(_texts(demand, "class"), sort=True).sum()
        frames.append(g.rename_axis("unit").reset_index().assign(level="class", township=""))
    if "township" in demand.columns:
        g = base.groupby(_texts(demand, "township"), sort=True).sum()
        frames.append(g.rename_axis("unit").reset_index().assign(level="township", township=""))
    if "community" in demand.columns:
        keys = [_texts(demand, "township"), _texts(demand, "community")]
        part = base.groupby(keys, sort=True).sum()
        part.index = part.index.set_names(["township", "unit"])
        frames.append(part.reset_index().assign(level="community"))
    table = pd.concat(frames, ignore_index=True).assign(minutes=float(minutes))
    table["share"] = table["covered"] / table["people"].where(table["people"] > 0)
    columns = ["level", "township", "unit", "minutes", "people", "covered", "share"]
    return table[columns].astype({"level": str, "township": str, "unit": str})


def coverage_table(demand: pd.DataFrame, *, minutes: Iterable[float]) -> pd.DataFrame:
    """People and people covered, in total, by class, by township and by community.

    Parameters
    ----------
    demand
        Demand units with ``people`` and ``minutes_to_nearest``; optional
        ``class``, ``township`` and ``community`` columns.
    minutes
        Breaks (minutes).

    Returns
    -------
    pandas.DataFrame
        Long table with columns ``level`` (``total``, ``class``,
        ``township``, ``community``), ``township`` (the community's township,
        else empty), ``unit``, ``minutes``, ``people``, ``covered``,
        ``share`` (0..1, NaN where nobody lives).
    """
    people = _people(demand)
    frames = [
        _grouped(demand, people, np.where(covered_mask(demand, m), people, 0.0), m) for m in minutes
    ]
    if not frames:
        return _grouped(demand, people, people * 0.0, math.nan).iloc[0:0]
    return pd.concat(frames, ignore_index=True)


def _people(demand: pd.DataFrame) -> np.ndarray:
    if "people" not in demand.columns:
        raise InputDataError("The demand layer has no 'people' column; estimate demand first.")
    return pd.to_numeric(demand["people"], errors="coerce").fillna(0.0).to_numpy(float)


def standard_coverage_table(demand: pd.DataFrame) -> pd.DataFrame:
    """Coverage at the service standard (each outlet type's own mode and minutes).

    Uses the demand layer's ``covered`` column (written by the coverage
    analysis). Same columns as :func:`coverage_table`, with ``minutes`` NaN.
    """
    if "covered" not in demand.columns:
        raise InputDataError(
            "The demand layer has no 'covered' column (coverage by the service standard); "
            "run the coverage analysis (servicecircle analyze) for this scenario."
        )
    people = _people(demand)
    covered = demand["covered"].astype(object).where(demand["covered"].notna(), False)
    mask = covered.astype(bool).to_numpy()
    return _grouped(demand, people, np.where(mask, people, 0.0), math.nan)


def _community_townships(demand: pd.DataFrame) -> dict[str, str]:
    """Community -> township, where the community's name lies in exactly one township.

    For ``by_unit`` rows written before they named the township: a name found
    in two townships (namesakes) is left out rather than given either one.
    """
    if "community" not in demand.columns or "township" not in demand.columns:
        return {}
    pairs = pd.DataFrame(
        {"community": _texts(demand, "community"), "township": _texts(demand, "township")}
    ).drop_duplicates()
    unique = pairs.groupby("community")["township"].nunique()
    pairs = pairs[pairs["community"].map(unique) == 1]
    return dict(zip(pairs["community"], pairs["township"], strict=True))


def plan_coverage_table(siting: Mapping[str, Any], demand: pd.DataFrame) -> pd.DataFrame:
    """Coverage before and after a siting plan at the service standard, from ``siting.json``.

    Parameters
    ----------
    siting
        ``siting.json`` of the run (``coverage_before``, ``coverage_after``,
        ``by_unit``).
    demand
        The run's demand layer (to find a community's township when its
        ``by_unit`` row does not name it).

    Returns
    -------
    pandas.DataFrame
        Columns ``level``, ``township``, ``unit``, ``people``,
        ``covered_before``, ``covered_after``; a community is the pair
        (``township``, ``unit``), so namesakes in different townships are
        separate rows.
    """
    before = siting.get("coverage_before") or {}
    after = siting.get("coverage_after") or {}
    rows: list[dict[str, Any]] = []
    for name in dict.fromkeys([*before, *after]):
        b, a = before.get(name) or {}, after.get(name) or {}
        rows.append(
            {
                "level": "class",
                "township": "",
                "unit": str(name),
                "people": float(b.get("total", a.get("total")) or 0.0),
                "covered_before": float(b.get("covered") or 0.0),
                "covered_after": float(a.get("covered") or 0.0),
            }
        )
    if rows:
        rows.insert(
            0,
            {
                "level": "total",
                "township": "",
                "unit": "",
                **{
                    key: float(sum(r[key] for r in rows))
                    for key in ("people", "covered_before", "covered_after")
                },
            },
        )
    township_of = _community_townships(demand)
    for unit in siting.get("by_unit") or []:
        level = str(unit.get("level", ""))
        if level not in ("township", "community"):
            continue
        name = _text(unit.get("name"))
        township = ""
        if level == "community":
            township = _text(unit["township"]) if "township" in unit else township_of.get(name, "")
        rows.append(
            {
                "level": level,
                "township": township,
                "unit": name,
                "people": float(unit.get("people") or 0.0),
                "covered_before": float(unit.get("covered_before") or 0.0),
                "covered_after": float(unit.get("covered_after") or 0.0),
            }
        )
    columns = ["level", "township", "unit", "people", "covered_before", "covered_after"]
    return pd.DataFrame(rows, columns=columns).astype({"level": str, "township": str, "unit": str})


def has_plan(scenario: Scenario) -> bool:
    """True when the scenario holds a siting plan (new sites on top of today's outlets)."""
    return bool(scenario.summary.get("siting"))


def plan_demand(scenario: Scenario) -> pd.DataFrame | None:
    """The demand units as they are in the scenario's outcome, when known per unit."""
    if not has_plan(scenario):
        return scenario.layers.get("demand")
    return scenario.layers.get("demand_after")


def scenario_coverage(
    scenario: Scenario, *, minutes: Iterable[float] | None = None
) -> pd.DataFrame:
    """Coverage of a scenario's outcome: today's outlets plus its new sites, if any.

    Parameters
    ----------
    scenario
        An analyze scenario (today's outlets) or a site scenario (today's
        outlets and the recommended new sites).
    minutes
        Breaks to count coverage at; ``None`` for the service standard (each
        outlet type's own mode and minutes, what siting optimises).

    Returns
    -------
    pandas.DataFrame
        Columns of :func:`coverage_table`; ``minutes`` is NaN for the
        service standard.

    Raises
    ------
    InputDataError
        When the scenario has no demand layer, or when coverage at a break is
        asked of a site scenario whose outputs hold the plan's coverage only at
        the service standard.
    """
    demand = plan_demand(scenario)
    if minutes is not None:
        breaks = [float(m) for m in minutes]
        if demand is not None and "minutes_to_nearest" in demand.columns:
            return coverage_table(demand, minutes=breaks)
        if demand is None and has_plan(scenario):
            raise InputDataError(
                f"Scenario {scenario.name!r} holds its new sites' coverage only at the service "
                "standard (each outlet type's own minutes), not by time break; compare the "
                "scenarios at the service standard instead."
            )
        if "coverage" in scenario.tables and not has_plan(scenario):
            table = scenario.tables["coverage"]
            return table[table["minutes"].isin(breaks)].reset_index(drop=True)
        raise InputDataError(
            f"Scenario {scenario.name!r} has no demand layer with 'minutes_to_nearest'; run "
            "the coverage analysis for it first."
        )
    if demand is not None and "covered" in demand.columns:
        return standard_coverage_table(demand)
    if has_plan(scenario):
        stored = scenario.tables.get("plan_coverage")
        table = (
            stored
            if stored is not None
            else plan_coverage_table(
                scenario.summary["siting"], scenario.layers.get("demand", pd.DataFrame())
            )
        )
        out = table.rename(columns={"covered_after": "covered"}).assign(minutes=math.nan)
        out["share"] = out["covered"] / out["people"].where(out["people"] > 0)
        columns = ["level", "township", "unit", "minutes", "people", "covered", "share"]
        return out[columns].reset_index(drop=True)
    if demand is None:
        raise InputDataError(
            f"Scenario {scenario.name!r} has no demand layer; run the coverage analysis for it."
        )
    return standard_coverage_table(demand)
