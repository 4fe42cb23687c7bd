"""Messages about an uploaded layer name the rows of the planner's file (issue 10).

The demand page joins an uploaded relocation or industrial layer to the
sample's and to the areas drawn on the map. The people counts are read
before the join, so a bad cell is named by its row in the file as Excel shows
it, not by its position in the joined layer, and counts under another column
name (人口) are kept.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import shown, texts

BOX = "POLYGON((24.944 60.170,24.947 60.170,24.947 60.172,24.944 60.172,24.944 60.170))"
EXCEL_HINT = "（行号与 Excel 中一致，表头为第 1 行）"


def _demand_page(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/demand.py").run()
    assert not app.exception and not app.error, texts(app.error)
    assert app.checkbox(key="demand.sample_layers").value  # the sample's areas are joined


@pytest.mark.parametrize(
    ("uploader", "what"),
    [
        ("demand.relocation_upload", "安置区"),
        ("demand.industrial_upload", "工业用地"),
    ],
)
def test_a_bad_people_cell_is_named_by_its_row_in_the_file(
    app: AppTest, uploader: str, what: str
) -> None:
    _demand_page(app)
    # row 1 header, row 2 a count, row 3 left empty, row 4 the bad cell
    csv = f'name,people,wkt\nA,100,"{BOX}"\n\nB,约300,"{BOX}"\n'
    app.file_uploader(key=uploader).upload("areas.csv", csv.encode()).run()
    assert not app.exception
    (message,) = [shown(e) for e in texts(app.error)]
    assert message.startswith(f"areas.csv：{what}的人口列 'people' 中，")  # said in Chinese
    assert f"第 4 行{EXCEL_HINT}为非数字的文字：'约300'" in message
    assert "result.demand" in app.session_state  # the rest of the page still works


def test_a_bad_demand_point_is_named_by_its_row_in_the_file(app: AppTest) -> None:
    _demand_page(app)
    csv = "name,lon,lat,人口\nA,24.945,60.170,100\nB,24.946,60.171,\nC,24.946,60.170,n/a\n"
    app.file_uploader(key="demand.points_upload").upload("points.csv", csv.encode()).run()
    assert not app.exception
    (message,) = [shown(e) for e in texts(app.error)]
    assert "points.csv：需求点的人口列 '人口' 中，" in message
    assert f"第 4 行{EXCEL_HINT}为非数字的文字：'n/a'" in message
    assert "第 3 行没有填写" in message


def test_counts_under_another_column_name_are_joined_to_the_sample(app: AppTest) -> None:
    from servicecircle.inputs.sample import sample_layer

    _demand_page(app)
    sample = float(sample_layer("relocation")["people"].sum())
    csv = f'name,人口,wkt\n安置区,"1,500","{BOX}"\n'
    app.file_uploader(key="demand.relocation_upload").upload("安置.csv", csv.encode()).run()
    assert not app.exception and not app.error, texts(app.error)
    relocation = app.session_state["result.demand"].by_class()["relocation"]
    assert relocation == pytest.approx(sample + 1500)
