"""Tables shown by the app: every ``st.dataframe`` goes through :func:`show_table`.

Also the by-unit tables the pages share (townships and their communities).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from app_pages._labels import tr
from servicecircle.demand.admin import UNIT_KEYS
from servicecircle.results.csv_layer import neutralise_cell, neutralise_formulas

NO_FORMULA_PATTERN = r"^(?![\t\r]|\s*[=+\-@]).+$"
"""Text an editable table accepts (``validate=`` of a text column): no formula.

An editor's toolbar downloads its table as CSV too. Its text is what the
planner types (never an upload); this pattern, checked as they type, keeps
out what a spreadsheet would run as a formula (as
:func:`~servicecircle.results.export.neutralise_formulas` finds it). The editor's
table itself is not neutralised: a ``'`` in front would change the names
being edited."""


def show_table(
    frame: pd.DataFrame, *, column_config: Mapping[str, Any] | None = None, **options: Any
) -> Any:
    """Show ``frame`` with ``st.dataframe`` so that its CSV download is safe to open.

    Streamlit's table toolbar downloads any table as CSV. Text a spreadsheet
    would run as a formula (an outlet name ``=HYPERLINK(...)`` from a planner's
    upload, a scenario name ``+1``) gets a ``'`` in front, as in every export
    (:func:`servicecircle.results.export.neutralise_formulas`); numbers are untouched.
    Column names are treated the same way, and ``column_config`` follows them.
    Every table of the app goes through here. Defaults: ``hide_index=True``,
    ``width="stretch"``; other options go to ``st.dataframe``.
    """
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    config = {neutralise_cell(name): value for name, value in (column_config or {}).items()}
    return st.dataframe(neutralise_formulas(frame), column_config=config or None, **options)


def township_names(units: pd.DataFrame) -> list[str]:
    """A community's township for each row of a by-unit table ("" for townships and totals).

    Two communities of one name (two 新村) in different townships are two rows;
    this column tells them apart.
    """
    if "township" not in units.columns:
        return [""] * len(units)
    levels = units["level"] if "level" in units.columns else pd.Series("", index=units.index)
    return [
        str(town) if level == "community" and isinstance(town, str) else ""
        for level, town in zip(levels, units["township"], strict=True)
    ]


def demand_by_unit(units: pd.DataFrame) -> pd.DataFrame:
    """People per township and per community of the demand units.

    A community is known by its township and its name together
    (:data:`~servicecircle.demand.admin.UNIT_KEYS`): two 新村 in different
    townships are two rows. Units outside every township still count for
    their community (township empty).

    Returns
    -------
    pandas.DataFrame
        ``level``, ``township`` (a community's township, None otherwise),
        ``name`` and ``people``; townships first, each level sorted by name.
    """
    parts = []
    for level, keys in UNIT_KEYS.items():
        if level not in units.columns or not units[level].notna().any():
            continue
        inside = units[units[level].notna()]
        sums = inside.groupby(keys, dropna=False, sort=True)["people"].sum().reset_index()
        parts.append(
            pd.DataFrame(
                {
                    "level": level,
                    "township": sums["township"] if level == "community" else None,
                    "name": sums[level].astype(str),
                    "people": sums["people"].to_numpy(float),
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=["level", "township", "name", "people"])
    return pd.concat(parts, ignore_index=True)


def unit_frame(units: pd.DataFrame) -> pd.DataFrame:
    """The level, township (of a community), name and people of each unit, headed in words."""
    return pd.DataFrame(
        {
            tr("demand.unit_level"): [tr(f"demand.level.{v}") for v in units["level"]],
            tr("demand.level.township"): township_names(units),
            tr("field.name"): units["name"].astype(str).to_numpy(),
            tr("common.people"): units["people"].round(0).astype(int).to_numpy(),
        }
    )
