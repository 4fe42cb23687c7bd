"""The outlet-types table of the outlets page, in the planner's words: the standards table.

Each type is a row: its name, tier (层级), travel mode and minutes, staff
(人员: a fixed number, or one per 每名人员服务人口 residents in the catchment)
and days open a week (开放天数), as
:class:`~servicecircle.supply.outlets.OutletType` holds them. Known types,
tiers and modes are shown and chosen by their labels (社区就业服务站,
社区（村）级, 步行) and read back as their keys (``community_window``,
``community``, ``walk``); a name the planner types that is no known type's
label is a new type under that name. A blank or invalid standard cell keeps
the type's default (:data:`~servicecircle.supply.outlets.DEFAULT_OUTLET_TYPES`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from app_pages import _state, _tables
from app_pages._labels import md_escape, tr, type_label
from app_pages._state import lang
from servicecircle.errors import InputDataError
from servicecircle.network import modes_by_name
from servicecircle.supply.cells import TIERS
from servicecircle.supply.outlets import DEFAULT_OUTLET_TYPES, OutletType

BASE_KEY = "outlets.types_base"  # the table the types editor starts from, per language
EDITOR_KEY = "outlets.types_editor"


#: The standard columns after type, mode and minutes: field -> UI string key.
STANDARD_COLUMNS: dict[str, str] = {
    "tier": "outlets.tier",
    "staff": "outlets.staff",
    "residents_per_staff": "outlets.residents_per_staff",
    "opening_days": "outlets.opening_days",
}


def _columns() -> tuple[str, str, str]:
    """The table's column names in the session's language: type, mode, minutes."""
    return tr("outlets.type"), tr("outlets.mode"), tr("outlets.minutes")


def _standard_columns() -> dict[str, str]:
    """Field -> the table's column name in the session's language (层级, 人员, ...)."""
    return {field: tr(key) for field, key in STANDARD_COLUMNS.items()}


def _base(types: dict[str, OutletType]) -> pd.DataFrame:
    """The table of ``types`` as the planner reads it (labels, not keys)."""
    type_column, mode_column, minutes_column = _columns()
    named = _standard_columns()
    kinds = list(types.values())
    return pd.DataFrame(
        {
            type_column: [type_label(t.name) for t in kinds],
            named["tier"]: [tr(f"tier.{t.tier}") for t in kinds],
            mode_column: [tr(f"mode.{t.mode}") for t in kinds],
            minutes_column: [float(t.minutes) for t in kinds],
            named["staff"]: [float(t.staff) for t in kinds],
            named["residents_per_staff"]: [
                float(t.residents_per_staff) if t.residents_per_staff else None for t in kinds
            ],
            named["opening_days"]: [float(t.opening_days) for t in kinds],
        }
    )


def _number(value: object, low: float, high: float) -> float | None:
    """``value`` as a number in ``(low, high]``, else None (blank, text, out of range)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if not math.isnan(number) and low < number <= high else None


def _standard(row: Mapping[str, object], base: OutletType, tier_keys: dict[str, str]) -> OutletType:
    """``base`` with the row's tier, staff, residents per staff and days open (valid cells)."""
    named = _standard_columns()
    tier = tier_keys.get(str(row.get(named["tier"]) or ""), base.tier)
    staff = _number(row.get(named["staff"]), 0.0, 10_000.0)
    days = _number(row.get(named["opening_days"]), 0.0, 7.0)
    per_resident = base.residents_per_staff
    if named["residents_per_staff"] in row:
        per_resident = _number(row.get(named["residents_per_staff"]), 0.0, 10_000_000.0)
    return OutletType(
        base.name,
        base.mode,
        base.minutes,
        tier,
        staff if staff is not None else base.staff,
        per_resident,
        days if days is not None else base.opening_days,
    )


def types_from_rows(
    rows: list[dict[str, object]],
    type_keys: dict[str, str],
    mode_keys: dict[str, str],
    tier_keys: dict[str, str] | None = None,
    known: Mapping[str, OutletType] = DEFAULT_OUTLET_TYPES,
) -> dict[str, OutletType]:
    """The valid types of the edited rows: labels read back as keys, incomplete rows left out.

    A row's tier, staff and days open that are blank or invalid are those of
    the ``known`` type of the same key (else :class:`OutletType`'s defaults).
    """
    type_column, mode_column, minutes_column = _columns()
    tiers = tier_keys if tier_keys is not None else {tr(f"tier.{tier}"): tier for tier in TIERS}
    types: dict[str, OutletType] = {}
    for row in rows:
        name = str(row.get(type_column) or "").strip()
        mode = mode_keys.get(str(row.get(mode_column) or ""))
        try:
            minutes = float(row.get(minutes_column))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if not name or mode is None or math.isnan(minutes) or minutes <= 0:
            continue
        key = type_keys.get(name, name)
        default = known.get(key) or OutletType(key)
        base = OutletType(
            key,
            mode,
            minutes,
            default.tier,
            default.staff,
            default.residents_per_staff,
            default.opening_days,
        )
        types[key] = _standard(row, base, tiers)
    return types


def types_editor() -> dict[str, OutletType]:
    """The outlet-types table (editable); returns the valid types.

    The table starts from the types kept in the session, so edits survive
    visits to other pages; while the page is shown it keeps the same start.
    """
    code = lang()
    base_key, editor_key = f"{BASE_KEY}.{code}", f"{EDITOR_KEY}.{code}"
    current = _state.outlet_types()
    if editor_key not in st.session_state or base_key not in st.session_state:
        st.session_state[base_key] = _base(current)
    type_keys = {type_label(key): key for key in {**DEFAULT_OUTLET_TYPES, **current}}
    mode_keys = {tr(f"mode.{mode}"): mode for mode in modes_by_name()}
    tier_keys = {tr(f"tier.{tier}"): tier for tier in TIERS}
    type_column, mode_column, minutes_column = _columns()
    named = _standard_columns()
    edited = st.data_editor(
        st.session_state[base_key],
        key=editor_key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            type_column: st.column_config.TextColumn(
                required=True, validate=_tables.NO_FORMULA_PATTERN
            ),
            named["tier"]: st.column_config.SelectboxColumn(options=list(tier_keys), required=True),
            mode_column: st.column_config.SelectboxColumn(options=list(mode_keys), required=True),
            minutes_column: st.column_config.NumberColumn(
                min_value=1.0, max_value=180.0, step=1.0, required=True
            ),
            named["staff"]: st.column_config.NumberColumn(
                min_value=0.5, max_value=1000.0, step=1.0
            ),
            named["residents_per_staff"]: st.column_config.NumberColumn(
                min_value=100.0, max_value=1_000_000.0, step=500.0
            ),
            named["opening_days"]: st.column_config.NumberColumn(
                min_value=1.0, max_value=7.0, step=1.0
            ),
        },
    )
    known = {**DEFAULT_OUTLET_TYPES, **current}
    types = types_from_rows(edited.to_dict("records"), type_keys, mode_keys, tier_keys, known)
    if not types:
        raise InputDataError(tr("outlets.types_empty"))
    st.caption(" · ".join(_said(t) for t in types.values()))
    return types


def _said(kind: OutletType) -> str:
    """One type's standard in a line: name, tier, mode, minutes, staff, days open."""
    staff = (
        tr("outlets.staff_per", people=f"{kind.residents_per_staff:,.0f}")
        if kind.residents_per_staff
        else tr("outlets.staff_fixed", staff=f"{kind.staff:g}")
    )
    return (
        f"{md_escape(type_label(kind.name))}: {tr(f'tier.{kind.tier}')}, "
        f"{tr(f'mode.{kind.mode}')} {kind.minutes:g} {tr('outlets.minutes')}, {staff}, "
        f"{tr('outlets.days_open', days=f'{kind.opening_days:g}')}"
    )
