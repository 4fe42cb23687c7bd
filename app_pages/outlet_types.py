"""The outlet-types table of the outlets page, in the planner's words.

Each type is a row: its name, travel mode and minutes. Known types and modes
are shown and chosen by their labels (社区就业服务站, 步行) and read back as
their keys (``community_window``, ``walk``); a name the planner types that is
no known type's label is a new type under that name.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from app_pages import _state, _tables
from app_pages._labels import md_escape, tr, type_label
from app_pages._state import lang
from servicecircle.errors import InputDataError
from servicecircle.network import modes_by_name
from servicecircle.supply.outlets import DEFAULT_OUTLET_TYPES, OutletType

BASE_KEY = "outlets.types_base"  # the table the types editor starts from, per language
EDITOR_KEY = "outlets.types_editor"


def _columns() -> tuple[str, str, str]:
    """The table's column names in the session's language: type, mode, minutes."""
    return tr("outlets.type"), tr("outlets.mode"), tr("outlets.minutes")


def _base(types: dict[str, OutletType]) -> pd.DataFrame:
    """The table of ``types`` as the planner reads it (labels, not keys)."""
    type_column, mode_column, minutes_column = _columns()
    return pd.DataFrame(
        {
            type_column: [type_label(t.name) for t in types.values()],
            mode_column: [tr(f"mode.{t.mode}") for t in types.values()],
            minutes_column: [float(t.minutes) for t in types.values()],
        }
    )


def types_from_rows(
    rows: list[dict[str, object]], type_keys: dict[str, str], mode_keys: dict[str, str]
) -> dict[str, OutletType]:
    """The valid types of the edited rows: labels read back as keys, incomplete rows left out."""
    type_column, mode_column, minutes_column = _columns()
    types: dict[str, OutletType] = {}
    for row in rows:
        name = str(row.get(type_column) or "").strip()
        mode = mode_keys.get(str(row.get(mode_column) or ""))
        try:
            minutes = float(row.get(minutes_column))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if not name or mode is None or math.isnan(minutes):
            continue
        key = type_keys.get(name, name)
        types[key] = OutletType(key, mode, minutes)
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
    type_column, mode_column, minutes_column = _columns()
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
            mode_column: st.column_config.SelectboxColumn(options=list(mode_keys), required=True),
            minutes_column: st.column_config.NumberColumn(
                min_value=1.0, max_value=180.0, step=1.0, required=True
            ),
        },
    )
    types = types_from_rows(edited.to_dict("records"), type_keys, mode_keys)
    if not types:
        raise InputDataError(tr("outlets.types_empty"))
    st.caption(
        " · ".join(
            f"{md_escape(type_label(t.name))}: {tr(f'mode.{t.mode}')}, "
            f"{t.minutes:g} {tr('outlets.minutes')}"
            for t in types.values()
        )
    )
    return types
