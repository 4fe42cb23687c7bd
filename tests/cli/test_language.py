"""The command line speaks Chinese on request: ``--lang zh`` or ``SERVICECIRCLE_LANG=zh``.

Errors, warnings (the GCJ-02 offset of an outlets file) and progress steps are
said in the chosen language; English stays the default, and the ``--lang`` of
``report``/``map`` (the output's language) sets the messages' language too.
"""

from __future__ import annotations

import logging

import pytest

from servicecircle.cli import main
from servicecircle.cli.language import ENV_VAR, set_message_lang
from tests.china_grid import grid_osm, outlets_csv


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_message_lang("en")


@pytest.fixture(scope="module")
def street_grid(tmp_path_factory: pytest.TempPathFactory):
    return grid_osm().write(tmp_path_factory.mktemp("lang") / "grid.osm")


def _site_with_unknown_type(street_grid, tmp_path, *options: str) -> list[str]:
    csv = tmp_path / "outlets.csv"
    csv.write_bytes(outlets_csv("wgs84"))
    site = ["site", str(street_grid), "--outlets", str(csv), "--new", "1"]
    return [*options, *site, "--new-type", "nosuch", "--out", str(tmp_path / "out")]


def test_zh_error_and_progress(street_grid, tmp_path, capsys) -> None:
    code = main(_site_with_unknown_type(street_grid, tmp_path, "--lang", "zh"))
    err = capsys.readouterr().err
    assert code == 2
    assert "servicecircle: 未知的 `--new-type`「nosuch」" in err
    assert "Unknown --new-type" not in err
    assert "加载研究区域" in err and "loading study area" not in err


def test_english_is_the_default_and_the_env_var_chooses(
    street_grid, tmp_path, capsys, monkeypatch
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert main(_site_with_unknown_type(street_grid, tmp_path, "-q")) == 2
    err = capsys.readouterr().err
    assert "servicecircle: Unknown --new-type 'nosuch'; use one of " in err
    assert "未知" not in err

    monkeypatch.setenv(ENV_VAR, "zh")
    assert main(_site_with_unknown_type(street_grid, tmp_path, "-q")) == 2
    assert "未知的 `--new-type`" in capsys.readouterr().err


def test_zh_offset_warning(street_grid, tmp_path, caplog) -> None:
    csv = tmp_path / "网点.csv"
    csv.write_bytes(outlets_csv("gcj02"))
    args = ["--lang", "zh", "-q", "analyze", str(street_grid), "--outlets", str(csv)]
    with caplog.at_level(logging.WARNING):
        assert main([*args, "--out", str(tmp_path / "out")]) == 0
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    said = [text for text in warnings if "--crs gcj02" in text]
    assert len(said) == 1, warnings
    assert said[0].startswith("网点.csv") and "run again" not in said[0]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--lang", "zh", "report", "{dir}", "--lang", "en"], "The folder"),
        (["--lang", "en", "map", "{dir}", "--lang", "zh"], "文件夹"),
        (["--lang", "zh", "map", "{dir}"], "文件夹"),
    ],
)
def test_the_subcommand_lang_sets_the_messages_too(tmp_path, capsys, options, expected) -> None:
    missing = str(tmp_path / "nothere")
    assert main(["-q", *[missing if o == "{dir}" else o for o in options]]) == 2
    assert expected in capsys.readouterr().err


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--lang", "zh"], "请按从小到大的顺序给出时间标准且不要重复"),
        ([], "give the breaks in ascending order without repeats"),
    ],
)
def test_option_value_errors_are_said_in_the_chosen_language(capsys, options, expected) -> None:
    assert main([*options, "analyze", "sample", "--minutes", "15,5"]) == 2
    assert expected in capsys.readouterr().err


@pytest.mark.parametrize(
    ("value", "chinese", "english"),
    [
        (["--new", "0"], "请给出整数（不少于 1），而不是 0", "a whole number at least 1, not 0"),
        (["--target", "x"], "「x」不是比例；请给出比例（大于 0 且不超过 1", "'x' is not a share"),
    ],
)
def test_number_errors_in_both_languages(capsys, value, chinese, english) -> None:
    assert main(["--lang", "zh", "site", "sample", *value]) == 2
    assert chinese in capsys.readouterr().err
    assert main(["--lang", "en", "site", "sample", *value]) == 2
    assert english in capsys.readouterr().err
