"""Errors of reading a study area say Chinese in zh (and the same English as before in en)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message, say
from servicecircle.inputs import area_from_extract, study_area_from
from servicecircle.inputs.crs import resolve_crs
from servicecircle.inputs.extracts import CONFIG_VARIABLE
from servicecircle.inputs.osm_pbf import area_from_pbf
from servicecircle.inputs.osm_xml import area_from_xml
from tests.inputs.overpass_replay import replay_server

VADUZ_XML = Path(__file__).resolve().parents[1] / "data" / "vaduz.osm"

# Format names, codes and the planner's own syntax may stay Latin in zh; prose may not.
NAMES = {"OSM", "PBF", "EPSG", "WGS", "CGCS", "GCJ", "BD", "Nominatim", "bbox", "cgcs", "gk"}
SYNTAX = {"zone", "osm", "pbf", "Vaduz", "Liechtenstein"}


def _english_words(error: InputDataError, values: list[str]) -> set[str]:
    """Latin words in the zh text of ``error``, leaving out the values the planner gave."""
    (message,) = error.args
    assert isinstance(message, Message)
    zh = say(error, "zh")
    assert zh != str(error) and re.search(r"[\u4e00-\u9fff]", zh)
    for value in values:
        zh = zh.replace(value, "")
    return set(re.findall(r"[A-Za-z]{2,}", zh)) - NAMES - SYNTAX


@pytest.mark.parametrize(
    ("reader", "name"), [(area_from_pbf, "缺失.osm.pbf"), (area_from_xml, "缺失.osm")]
)
def test_osm_file_not_found_says_chinese(tmp_path: Path, reader, name) -> None:
    missing = tmp_path / name
    with pytest.raises(InputDataError, match="OSM file not found") as caught:
        reader(missing)
    assert "找不到 OSM 文件" in say(caught.value, "zh")
    assert _english_words(caught.value, [str(missing)]) == set()


def test_unknown_crs_says_chinese() -> None:
    with pytest.raises(InputDataError, match="is not recognised") as caught:
        resolve_crs("my-own-grid")
    assert "无法识别坐标系" in say(caught.value, "zh")
    assert _english_words(caught.value, ["'my-own-grid'"]) == set()


@pytest.mark.online
def test_place_not_found_says_chinese(osmnx_against) -> None:
    with replay_server(VADUZ_XML) as url:  # the recorded Nominatim knows no such place
        osmnx_against(url)
        with pytest.raises(InputDataError, match="found no boundary") as caught:
            study_area_from("place:Atlantis Township")
    assert "找不到地名" in say(caught.value, "zh")
    assert _english_words(caught.value, ["'Atlantis Township'"]) == set()


def test_missing_extract_says_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "servicecircle.toml"
    config.write_text(
        '[[extracts]]\nname = "南京市玄武区"\npath = "xuanwu.osm.pbf"\n', encoding="utf-8"
    )
    monkeypatch.setenv(CONFIG_VARIABLE, str(config))
    with pytest.raises(InputDataError, match="administrator") as caught:
        area_from_extract("南京市玄武区")
    assert "管理员" in say(caught.value, "zh")
    assert _english_words(caught.value, ["servicecircle.toml"]) == set()
