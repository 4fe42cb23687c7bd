"""The report's existing outlets, each with the people in its service area.

Each demand unit counts once, for its nearest outlet (the ``nearest_outlet``
column of the ``demand`` layer, the outlet's row in the ``outlets`` layer),
and only when it reaches that outlet within the outlet's own standard
minutes (the ``minutes`` column of ``outlets``; else the largest break).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.i18n.labels import mode_label, outlet_type_label
from servicecircle.report.formatting import (
    Row,
    fmt_minutes_key,
    fmt_people,
    fmt_share,
    is_blank,
    name_text,
    number,
)
from servicecircle.report.strings import text


def _served_people(
    outlets: gpd.GeoDataFrame, demand: gpd.GeoDataFrame | None, main: float
) -> list[float | None]:
    """People whose nearest outlet is each outlet, within its standard (``None``: unknown)."""
    unknown: list[float | None] = [None] * len(outlets)
    if demand is None or not {"nearest_outlet", "minutes_to_nearest", "people"} <= set(demand):
        return unknown
    nearest = pd.to_numeric(demand["nearest_outlet"], errors="coerce")
    if nearest.isna().all():
        return unknown
    minutes = pd.to_numeric(demand["minutes_to_nearest"], errors="coerce").to_numpy(float)
    people = pd.to_numeric(demand["people"], errors="coerce").fillna(0.0).to_numpy(float)
    standard = (
        pd.to_numeric(outlets["minutes"], errors="coerce").fillna(main).to_numpy(float)
        if "minutes" in outlets.columns
        else np.full(len(outlets), main)
    )
    out: list[float | None] = []
    for i in range(len(outlets)):
        mine = (nearest.to_numpy(float) == i) & (np.nan_to_num(minutes, nan=np.inf) <= standard[i])
        out.append(float(people[mine].sum()))
    return out


def _standard(row: pd.Series, main: float, lang: str) -> str:
    minutes = number(row.get("minutes"))
    mode = row.get("mode")
    return text(
        "doc.col.standard_value",
        lang,
        mode=mode_label(str(mode), lang) if not is_blank(mode) else "",
        minutes=fmt_minutes_key(minutes if minutes is not None else main),
    ).strip()


def outlet_rows(
    outlets: gpd.GeoDataFrame | None,
    demand: gpd.GeoDataFrame | None,
    *,
    total: float | None,
    main: float,
    lang: str,
) -> list[Row]:
    """Each existing outlet: name, type, standard, people served and their share of everyone."""
    if outlets is None or not len(outlets):
        return []
    outlets = outlets.reset_index(drop=True)
    served = _served_people(outlets, demand, main)
    rows = []
    for i, row in outlets.iterrows():
        kind = row.get("outlet_type")
        people = served[int(str(i))]
        rows.append(
            {
                "name": name_text(row.get("name"), lang),
                "type": outlet_type_label(str(kind), lang) if not is_blank(kind) else "—",
                "standard": _standard(row, main, lang),
                "served": fmt_people(people),
                "share": fmt_share(people / total if people is not None and total else None),
            }
        )
    return rows
