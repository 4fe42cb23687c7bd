"""Outlets page: a planner's file with Chinese column names and type values (inputs.fields)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import shown, texts


def _upload(app: AppTest, csv: bytes) -> AppTest:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/outlets.py").run()
    app.radio(key="outlets.source").set_value("upload").run()
    app.file_uploader(key="outlets.upload").upload("网点.csv", csv).run()
    assert not app.exception, app.exception
    return app


def test_chinese_types_give_each_outlet_its_standard(app: AppTest) -> None:
    csv = (
        "网点名称,网点类型,地址,经度,纬度\n"
        "东区驿站,就业驿站,东路1号,24.945,60.170\n"
        "西站,家门口服务站,西路2号,24.938,60.168\n"
        "北站,街道（乡镇）人社服务站,北路3号,24.941,60.171\n"
        "南区零工市场,零工市场,南路4号,24.943,60.166\n"
    ).encode("gbk")
    _upload(app, csv)
    assert not app.error, texts(app.error)
    outlets = app.session_state["result.outlets"]
    assert outlets["name"].tolist() == ["东区驿站", "西站", "北站", "南区零工市场"]
    assert outlets["outlet_type"].tolist() == [
        "employment_post",
        "doorstep_station",
        "community_window",
        "gig_market",
    ]
    assert outlets["address"].tolist() == ["东路1号", "西路2号", "北路3号", "南路4号"]
    table = next(d.value for d in app.dataframe if "东区驿站" in set(d.value.iloc[:, 0]))
    post, gig = table.iloc[0].tolist(), table.iloc[3].tolist()
    assert "就业服务驿站" in post and "步行" in post and 15.0 in post  # type, mode, minutes
    assert "零工市场" in gig and "电动自行车" in gig and 30.0 in gig
    assert table["地址"].tolist() == ["东路1号", "西路2号", "北路3号", "南路4号"]
    assert table.columns.tolist().index("地址") == 1  # beside the name


def test_outlets_without_addresses_have_no_address_column(app: AppTest) -> None:
    _upload(app, "名称,经度,纬度\n甲,24.945,60.170\n".encode())
    table = next(d.value for d in app.dataframe if "甲" in set(d.value.iloc[:, 0]))
    assert "地址" not in table.columns


def test_an_unknown_type_lists_the_known_ones_in_chinese(app: AppTest) -> None:
    csv = "名称,类型,经度,纬度\n甲,零工市场,24.945,60.170\n乙,培训学校,24.938,60.168\n"
    _upload(app, csv.encode("utf-8"))
    assert len(app.error) == 1
    said = shown(app.error[0].value)
    assert "“培训学校”（第 3 行）" in said
    assert "零工市场" in said and "家门口就业服务站" in said
    assert "result.outlets" not in app.session_state


def test_chosen_sites_show_the_planners_addresses(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/coverage.py").run()
    app.switch_page("app_pages/siting.py").run()
    app.multiselect(key="siting.sources").set_value(["upload"]).run()
    csv = (
        "点位名称,地址,经度,纬度\n东候选,东大街1号,24.951,60.1755\n西候选,西大街2号,24.938,60.168\n"
    )
    app.file_uploader(key="siting.candidates_upload").upload("候选.csv", csv.encode("gbk")).run()
    app.number_input(key="siting.new").set_value(2).run()
    app.button(key="siting.run").click().run()
    assert not app.exception and not app.error, texts(app.error)
    plan = app.session_state["result.siting"]
    assert set(plan.candidates["address"]) == {"东大街1号", "西大街2号"}
    table = next(d.value for d in app.dataframe if "地址" in d.value.columns)
    assert set(table["地址"]) == {"东大街1号", "西大街2号"}
