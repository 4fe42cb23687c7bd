"""The app's tables are safe to download as CSV (issue 10).

Streamlit's table toolbar downloads every ``st.dataframe`` as CSV. A cell a
spreadsheet would run as a formula (an outlet name ``=HYPERLINK(...)`` from a
planner's upload) is shown, and so downloaded, with a ``'`` in front; numbers
stay numbers. The outlet-types editor holds only what the planner types, and
refuses names that start a formula.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from app_pages._tables import NO_FORMULA_PATTERN
from servicecircle.results.export import neutralise_cell
from tests.app.conftest import REPO, texts

FORMULA = '=HYPERLINK("http://x","y")'


def _tables_script() -> None:
    import pandas as pd
    import streamlit as st

    from app_pages import _tables

    _tables.show_table(
        pd.DataFrame(
            {
                "=名称": ["=1+1", "-2", "@SUM(A1)", "城关镇", None, " +3"],
                "人数": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0],
            }
        ),
        column_config={
            "=名称": st.column_config.TextColumn("名称"),
            "人数": st.column_config.NumberColumn(format="percent"),
        },
    )


def test_show_table_neutralises_text_and_keeps_numbers() -> None:
    at = AppTest.from_function(_tables_script)
    at.run()
    assert not at.exception, at.exception
    (table,) = at.dataframe
    frame = table.value
    assert list(frame.columns) == ["'=名称", "人数"]
    names = frame["'=名称"].tolist()
    assert names[:4] == ["'=1+1", "'-2", "'@SUM(A1)", "城关镇"]
    assert names[4] is None or names[4] != names[4]  # an empty cell stays empty
    assert names[5] == "' +3"
    assert frame["人数"].tolist() == [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0]
    config = json.loads(table.proto.columns)
    assert config["'=名称"]["label"] == "名称"  # the column's settings follow its new name
    assert config["人数"]["type_config"]["format"] == "percent"


def test_an_uploaded_outlet_name_is_shown_with_a_quote(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/outlets.py").run()
    app.radio(key="outlets.source").set_value("upload").run()
    quoted = FORMULA.replace('"', '""')
    csv = f'name,lon,lat\n"{quoted}",24.945,60.170\n正常站,24.938,60.168\n'.encode()
    app.file_uploader(key="outlets.upload").upload("outlets.csv", csv).run()
    assert not app.exception and not app.error, texts(app.error)
    (table,) = [d.value for d in app.dataframe if "名称" in d.value.columns]  # the outlets
    assert table["名称"].tolist() == ["'" + FORMULA, "正常站"]
    assert table["经度"].tolist() == [24.945, 24.938]  # numbers untouched
    # only the table is neutralised: the outlet keeps its name for the analysis
    assert app.session_state["result.outlets"]["name"].tolist() == [FORMULA, "正常站"]


def test_every_table_of_the_app_goes_through_show_table() -> None:
    """A new ``st.dataframe`` in app_pages/ must use _tables.show_table instead."""
    for page in sorted((REPO / "app_pages").glob("*.py")):
        text = page.read_text(encoding="utf-8")
        calls = re.findall(r"\bst\.(dataframe|table|data_editor)\(", text)
        if page.name == "_tables.py":
            assert calls == ["dataframe"], calls  # inside show_table
        elif page.name == "outlet_types.py":
            assert calls == ["data_editor"], calls  # the types editor, checked below
            assert "validate=_tables.NO_FORMULA_PATTERN" in text
        else:
            assert calls == [], (page.name, calls)


@pytest.mark.parametrize("name", ["community_window", "零工市场", "a=b", "1 号站", "x-1"])
def test_type_names_the_editor_accepts(name: str) -> None:
    assert re.fullmatch(NO_FORMULA_PATTERN, name)
    assert neutralise_cell(name) == name  # the same rule as the exports


@pytest.mark.parametrize("name", ["=1+1", " =1", "+1", "-x", "@SUM(A1)", "\tx", "\rx", ""])
def test_type_names_the_editor_refuses(name: str) -> None:
    assert not re.fullmatch(NO_FORMULA_PATTERN, name)
    assert neutralise_cell(name) != name or name == ""  # the same rule as the exports
