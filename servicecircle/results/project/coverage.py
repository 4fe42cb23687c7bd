"""Coverage of a scenario's outcome, from the one coverage table.

:func:`scenario_coverage` gives a scenario's coverage in total, by class,
township and community (:func:`servicecircle.coverage.coverage_table`): at
time breaks or at the service standard; :func:`plan_coverage_table` reads a
siting plan's coverage before and after from ``siting.json``.
:func:`scenario_tables` makes the coverage tables a scenario keeps.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from servicecircle.coverage import TABLE_COLUMNS, coverage_table, unit_names
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg

if TYPE_CHECKING:  # model.py builds a scenario's tables with this module
    from servicecircle.results.project.model import Scenario


def _text(value: Any) -> str:
    """A name as text; empty for a missing one (None or NaN)."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _community_townships(demand: pd.DataFrame) -> dict[str, str]:
    """Community -> township, where the community's name lies in exactly one township.

    For ``by_unit`` rows written before they named the township: a name found
    in two townships (namesakes) is left out rather than given either one.
    """
    if "community" not in demand.columns or "township" not in demand.columns:
        return {}
    pairs = pd.DataFrame(
        {"community": unit_names(demand, "community"), "township": unit_names(demand, "township")}
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
    rows = [*_class_rows(siting), *_unit_rows(siting, demand)]
    columns = ["level", "township", "unit", "people", "covered_before", "covered_after"]
    return pd.DataFrame(rows, columns=columns).astype({"level": str, "township": str, "unit": str})


def _class_rows(siting: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The total and the rows by class of ``siting.json``'s coverage before and after."""
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
    if not rows:
        return rows
    keys = ("people", "covered_before", "covered_after")
    total = {key: float(sum(r[key] for r in rows)) for key in keys}
    return [{"level": "total", "township": "", "unit": "", **total}, *rows]


def _unit_rows(siting: Mapping[str, Any], demand: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows by township and community of ``siting.json``'s ``by_unit``."""
    township_of = _community_townships(demand)
    rows: list[dict[str, Any]] = []
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
    return rows


def scenario_tables(
    summary: Mapping[str, Any], layers: Mapping[str, pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """The coverage tables a scenario keeps besides the run's own (``curve``, ``by_unit``).

    Parameters
    ----------
    summary
        The scenario's summaries: ``analysis`` (``summary.json``) and, after
        a siting run, ``siting`` (``siting.json``).
    layers
        Its layers: ``demand`` and, after a siting run, ``demand_after``.

    Returns
    -------
    dict
        ``coverage``: today's coverage at the breaks of ``summary.json``
        (:func:`~servicecircle.coverage.coverage_table`); ``plan_coverage``
        after a siting run: its coverage before and after the new sites at
        the service standard (:func:`plan_coverage_table`).
    """
    tables = {}
    today = today_coverage(summary, layers)
    if today is not None:
        tables["coverage"] = today
    plan = plan_coverage(summary, layers)
    if plan is not None:
        tables["plan_coverage"] = plan
    return tables


def today_coverage(
    summary: Mapping[str, Any], layers: Mapping[str, pd.DataFrame]
) -> pd.DataFrame | None:
    """Today's coverage at the breaks of ``summary.json`` (None without demand or breaks)."""
    breaks = [float(m) for m in summary["analysis"].get("minutes", [])]
    if "demand" not in layers or not breaks:
        return None
    return coverage_table(layers["demand"], breaks)


def plan_coverage(
    summary: Mapping[str, Any], layers: Mapping[str, pd.DataFrame]
) -> pd.DataFrame | None:
    """A siting run's coverage before and after (None without a plan or demand)."""
    if "siting" not in summary or "demand" not in layers:
        return None
    return plan_coverage_table(summary["siting"], layers.get("demand_after", layers["demand"]))


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
        Columns of :func:`~servicecircle.coverage.coverage_table`;
        ``minutes`` is NaN for the service standard.

    Raises
    ------
    InputDataError
        When the scenario has no demand layer, or when coverage at a break is
        asked of a site scenario whose outputs hold the plan's coverage only at
        the service standard.
    """
    demand = plan_demand(scenario)
    if minutes is not None:
        return _at_breaks(scenario, demand, [float(m) for m in minutes])
    if demand is not None and "covered" in demand.columns:
        return coverage_table(demand, None)
    if has_plan(scenario):
        return _plan_after(scenario)
    if demand is None:
        raise InputDataError(msg("msg.results.project.no_demand", scenario=scenario.name))
    return coverage_table(demand, None)


def _at_breaks(
    scenario: Scenario, demand: pd.DataFrame | None, breaks: list[float]
) -> pd.DataFrame:
    """The scenario's coverage at ``breaks``, from its demand layer or stored table."""
    if demand is not None and "minutes_to_nearest" in demand.columns:
        return coverage_table(demand, breaks)
    if demand is None and has_plan(scenario):
        raise InputDataError(msg("msg.results.project.standard_only", scenario=scenario.name))
    if "coverage" in scenario.tables and not has_plan(scenario):
        table = scenario.tables["coverage"]
        return table[table["minutes"].isin(breaks)].reset_index(drop=True)
    raise InputDataError(msg("msg.results.project.no_minutes", scenario=scenario.name))


def _plan_after(scenario: Scenario) -> pd.DataFrame:
    """A site scenario's coverage after its new sites, from its by-class and by-unit totals."""
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
    return out[list(TABLE_COLUMNS)].reset_index(drop=True)
