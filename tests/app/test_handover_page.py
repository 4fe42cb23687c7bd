"""The report page hands over the workbook and the street packs (deferred downloads)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import openpyxl
from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from tests.app.conftest import texts

Downloads = dict[str, Callable[[], bytes]]


def _report_section(app: AppTest) -> AppTest:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/coverage.py").run()
    app.switch_page("app_pages/report.py").run()
    app.radio(key="report.section").set_value("report").run()
    assert not app.exception, app.exception
    assert not app.error, texts(app.error)
    return app


def _served(downloads: Downloads, suffix: str) -> bytes:
    names = [n for n in downloads if n.endswith(suffix)]
    assert len(names) == 1, (suffix, list(downloads))
    return downloads[names[0]]()


def test_workbook_and_street_packs_in_chinese(app: AppTest, downloads: Downloads) -> None:
    _report_section(app)
    units = app.session_state["result.coverage"].units
    townships = sorted(units.loc[units["level"] == "township", "name"].astype(str))
    assert townships
    assert t("report.handover.app.title", "zh") in [s.value for s in app.subheader]
    book = openpyxl.load_workbook(io.BytesIO(_served(downloads, "_工作簿.xlsx")))
    assert book.sheetnames[:3] == ["汇总", "街道（乡镇）", "社区（村）"]
    streets = [row[0] for row in book["街道（乡镇）"].iter_rows(min_row=2, values_only=True)]
    assert sorted(s for s in streets if s in townships) == townships
    archive = zipfile.ZipFile(io.BytesIO(_served(downloads, "_街道资料.zip")))
    names = archive.namelist()
    assert sorted(n.rsplit("/", 1)[-1].removesuffix(".pdf") for n in names) == townships
    assert all(n.split("/")[0].endswith("_街道资料") for n in names)
    assert all(archive.read(n).startswith(b"%PDF") for n in names)


def test_english_names_follow_the_report_language(app: AppTest, downloads: Downloads) -> None:
    _report_section(app)
    app.radio(key="report.lang").set_value("en").run()
    assert not app.exception
    book = openpyxl.load_workbook(io.BytesIO(_served(downloads, "_workbook.xlsx")))
    assert book.sheetnames[0] == "Summary"
    assert [n for n in downloads if n.endswith("_street_packs.zip")]
