"""Extracts the server's administrator lists by name (servicecircle.toml, SERVICECIRCLE_CONFIG)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message
from servicecircle.inputs import area_from_extract, study_area_from
from servicecircle.inputs.extracts import (
    CONFIG_VARIABLE,
    config_path,
    configured_extracts,
    extract_named,
)

REPO = Path(__file__).resolve().parents[2]
VADUZ = REPO / "tests" / "data" / "vaduz.osm"
HIDDEN = "ADMINONLY_k3"  # the folder the administrator keeps extracts in: never said


def _said(error: InputDataError) -> dict[str, str]:
    (message,) = error.args
    assert isinstance(message, Message)
    return {lang: message.text(lang) for lang in ("zh", "en")}


@pytest.fixture()
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A configuration listing the Vaduz fixture (relative path) and a missing file."""
    folder = tmp_path / HIDDEN
    folder.mkdir()
    shutil.copyfile(VADUZ, folder / "vaduz.osm")
    path = folder / "servicecircle.toml"
    path.write_text(
        "[[extracts]]\n"
        'name = "瓦杜兹"\n'
        'path = "vaduz.osm"\n\n'
        "[[extracts]]\n"
        'name = "南京市玄武区"\n'
        f'path = "{folder}/xuanwu.osm.pbf"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(CONFIG_VARIABLE, str(path))
    return path


def test_listed_extracts_are_offered_by_name_and_load(config: Path) -> None:
    assert [e.name for e in configured_extracts()] == ["瓦杜兹", "南京市玄武区"]
    assert HIDDEN not in repr(configured_extracts())  # a listing never shows the paths
    area = area_from_extract("瓦杜兹")
    assert area.name == "瓦杜兹" and area.source == "extract:瓦杜兹"
    assert len(area.edges) > 100
    same = study_area_from("extract:瓦杜兹", name="瓦杜兹中心区")  # the command line's AREA
    assert same.name == "瓦杜兹中心区" and same.source == "extract:瓦杜兹"
    assert HIDDEN not in repr(area.summary())


def test_a_missing_file_is_said_by_its_entry_never_its_path(config: Path) -> None:
    with pytest.raises(InputDataError) as caught:
        area_from_extract("南京市玄武区")
    said = _said(caught.value)
    for text in said.values():
        assert "南京市玄武区" in text and "servicecircle.toml" in text
        assert HIDDEN not in text and "xuanwu" not in text
    assert "找不到" in said["zh"] and "administrator" in said["en"]


def test_a_path_is_never_an_extract(config: Path) -> None:
    """Only names the administrator listed load: a path a planner typed is no name."""
    for typed in (str(VADUZ), str(config.parent / "vaduz.osm"), "vaduz.osm", "../vaduz.osm"):
        with pytest.raises(InputDataError) as caught:
            extract_named(typed)
        assert "请从列表中选择" in _said(caught.value)["zh"]


def test_without_a_configuration_there_are_no_extracts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CONFIG_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    assert config_path() is None and configured_extracts() == ()
    (tmp_path / "servicecircle.toml").write_text(
        f'[[extracts]]\nname = "瓦杜兹"\npath = "{VADUZ}"\n', encoding="utf-8"
    )
    assert [e.name for e in configured_extracts()] == ["瓦杜兹"]  # the working folder's file


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[[extracts]\nname = 1", "无法读取"),  # not TOML
        ('[[extracts]]\nname = "瓦杜兹"\n', "第 1 条缺少名称或路径"),
        ('[[extracts]]\npath = "a.osm"\n', "第 1 条缺少名称或路径"),
        ('extracts = "a.osm"\n', "无法读取"),
    ],
)
def test_a_broken_configuration_says_what_to_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, key: str
) -> None:
    path = tmp_path / HIDDEN / "servicecircle.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(CONFIG_VARIABLE, str(path))
    with pytest.raises(InputDataError) as caught:
        configured_extracts()
    said = _said(caught.value)
    assert key in said["zh"] and "servicecircle.toml" in said["zh"]
    assert HIDDEN not in said["zh"] + said["en"]
