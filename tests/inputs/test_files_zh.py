"""Errors of reading a planner's layer file say Chinese in zh (and the same English in en)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message, say
from servicecircle.inputs.files.read import read_layer

# Format names, file parts and the planner's own syntax may stay Latin in zh; prose may not.
NAMES = {"zip", "Shapefile", "shp", "shx", "dbf", "prj", "cpg", "Excel", "WPS", "CSV", "UTF"}


def _english_words(error: InputDataError, values: list[str]) -> set[str]:
    """Latin words in the zh text of ``error``, leaving out the values the planner gave."""
    (message,) = error.args
    assert isinstance(message, Message)
    zh = say(error, "zh")
    assert zh != str(error) and re.search(r"[\u4e00-\u9fff]", zh)
    for value in values:
        zh = zh.replace(value, "")
    return set(re.findall(r"[A-Za-z]{2,}", zh)) - NAMES


def test_a_damaged_zip_says_chinese(tmp_path: Path) -> None:
    path = tmp_path / "网点.zip"
    path.write_bytes(b"PK\x03\x04 cut off here")
    with pytest.raises(InputDataError, match="is not a readable zip file") as caught:
        read_layer(path)
    detail = str(caught.value).split("(", 1)[1].split(")")[0]
    assert "不是可读取的 zip 压缩包" in say(caught.value, "zh")
    assert not _english_words(caught.value, [path.name, detail])


def test_a_shapefile_without_its_sidecars_says_chinese(tmp_path: Path) -> None:
    path = tmp_path / "outlets.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("outlets.shp", b"\x00" * 100)
    with pytest.raises(InputDataError, match=r"the \.shx and \.dbf files are missing") as caught:
        read_layer(path)
    zh = say(caught.value, "zh")
    assert "不完整：缺少 .shx、.dbf 文件" in zh
    assert zh.startswith("outlets.zip（其中的 Shapefile 文件 'outlets.shp'） 不完整")
    assert not _english_words(caught.value, ["outlets.zip", "'outlets.shp'"])


def test_coordinates_that_are_not_numbers_say_chinese_with_rows(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text("名称,经度,纬度\n甲,116.40,39.90\n乙,东经116度,39.91\n丙,,39.92\n", "utf-8")
    with pytest.raises(
        InputDataError, match=r"coordinates that are not numbers in row 3"
    ) as caught:
        read_layer(path)
    assert "(row numbers as Excel shows them; the header is row 1)" in str(caught.value)
    zh = say(caught.value, "zh")
    assert "第 3 行的坐标不是数字" in zh and "第 4 行没有坐标" in zh
    assert "（行号与 Excel 中一致，表头为第 1 行）" in zh
    assert not _english_words(caught.value, [path.name])


def test_an_unknown_column_says_chinese(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text("name,lon,lat\nA,116.40,39.90\n", "utf-8")
    with pytest.raises(InputDataError, match="there is no column 'x_gcj'") as caught:
        read_layer(path, lon_column="x_gcj", lat_column="lat")
    zh = say(caught.value, "zh")
    assert "没有名为 'x_gcj' 的列" in zh and "'name'、'lon'、'lat'" in zh
    assert not _english_words(caught.value, [path.name, "'x_gcj'", "'name'", "'lon'", "'lat'"])
