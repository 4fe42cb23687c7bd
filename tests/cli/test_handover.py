"""``servicecircle handover DIR``: the workbook and the street packs, named after the area."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from servicecircle.cli import main
from tests.report.real_outputs import SAMPLE_SITE, cli_outputs, copy_outputs

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cli_outputs(tmp_path_factory, SAMPLE_SITE)


def _summary(folder: Path) -> dict:
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def _townships(folder: Path) -> list[str]:
    return [u["name"] for u in _summary(folder)["units"] if u["level"] == "township"]


def test_chinese_names_workbook_and_one_pdf_per_street(
    site_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["-q", "handover", str(site_dir), "--out", str(tmp_path)])
    assert status == 0
    area = _summary(site_dir)["study_area"]["name"]  # 赫尔辛基市中心（示例）
    leading = re.match(r"\w+", area)
    assert leading
    books = list(tmp_path.glob("*_工作簿.xlsx"))
    assert len(books) == 1 and books[0].name.startswith(leading.group(0))
    assert "（" not in books[0].name and "/" not in books[0].name
    folders = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert len(folders) == 1 and folders[0].name.endswith("_街道资料")
    assert folders[0].name.startswith(leading.group(0))
    pdfs = sorted(p.stem for p in folders[0].glob("*.pdf"))
    assert pdfs == sorted(_townships(site_dir))
    written = capsys.readouterr().out
    assert written.count("wrote ") == 1 + len(pdfs)
    book = openpyxl.load_workbook(books[0])
    assert book.sheetnames[0] == "汇总"


def test_english_names(site_dir: Path, tmp_path: Path) -> None:
    assert main(["-q", "handover", str(site_dir), "--out", str(tmp_path), "--lang", "en"]) == 0
    books = list(tmp_path.glob("*_workbook.xlsx"))
    assert len(books) == 1 and not CJK.search(books[0].name)  # the sample's English name
    folder = next(tmp_path.glob("*_street_packs"))
    assert len(list(folder.glob("*.pdf"))) == len(_townships(site_dir))
    assert openpyxl.load_workbook(books[0]).sheetnames[0] == "Summary"


def test_writes_into_the_results_folder_by_default(site_dir: Path, tmp_path: Path) -> None:
    folder = copy_outputs(site_dir, tmp_path / "run")
    assert main(["-q", "handover", str(folder)]) == 0
    assert len(list(folder.glob("*_工作簿.xlsx"))) == 1
    assert len(list(folder.glob("*_街道资料/*.pdf"))) == len(_townships(folder))


def test_without_townships_the_workbook_and_a_chinese_message(
    site_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_outputs(site_dir, tmp_path / "run")
    summary = _summary(folder)
    summary["units"] = []
    (folder / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["-q", "handover", str(folder), "--out", str(out), "--lang", "zh"]) == 0
    assert [p.name.endswith("_工作簿.xlsx") for p in out.iterdir()] == [True]
    said = capsys.readouterr().err
    assert "没有乡镇（街道）边界" in said and "--boundaries" in said


def test_a_missing_folder_is_said_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["-q", "handover", str(tmp_path / "nowhere"), "--lang", "zh"])
    assert status != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and CJK.search(err)
