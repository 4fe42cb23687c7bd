"""``servicecircle export DIR``: the files, the coordinate system, the language, the refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pyogrio
import pyproj
import pytest

from servicecircle.cli import main
from servicecircle.cli.parser import build_parser
from tests.report.real_outputs import SAMPLE_SITE, cli_outputs


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cli_outputs(tmp_path_factory, SAMPLE_SITE)


def test_help_lists_export_and_its_options() -> None:
    parser = build_parser()
    args = parser.parse_args(["export", "out", "--crs", "gk:39", "--fields", "en"])
    assert (args.dir, args.crs, args.fields) == ("out", "gk:39", "en")
    assert args.formats == "gpkg,geojson,shp,csv,xlsx"


def test_export_in_chinese_and_cgcs2000(
    run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "交付"
    status = main(
        ["--lang", "zh", "-q", "export", str(run), "--out", str(out), "--crs", "cgcs2000"]
    )
    printed = capsys.readouterr()
    assert status == 0, printed.err
    assert "EPSG:4490" in printed.out
    assert "远离路网人口" in printed.err  # the empty layer, named in Chinese
    assert "GeoJSON" in printed.err  # not WGS-84: a word about web maps
    gpkg = next(out.glob("*.gpkg"))
    written = re.findall(r"已写入 (.+)", printed.out)
    assert str(gpkg) in written and str(out / "fields.csv") in written
    assert {p.name for p in out.iterdir()} >= {"geojson", "shp", "csv", "fields.csv"}
    assert len(list(out.glob("*.xlsx"))) == 1
    layer = pyogrio.read_info(gpkg, layer="覆盖缺口")
    assert pyproj.CRS(layer["crs"]).to_epsg() == 4490
    assert "人口" in list(layer["fields"])
    header = pd.read_csv(out / "csv" / "gaps.csv", encoding="utf-8-sig").columns
    assert {"序号", "人口", "代表点经度", "代表点纬度", "面积（平方米）"} <= set(header)
    assert "2000 国家大地坐标系" in printed.out  # the system said in Chinese
    # why each site was chosen, said in Chinese from the people and gaps it serves
    chosen = pd.read_csv(out / "csv" / "chosen.csv", encoding="utf-8-sig")
    for reason, people in zip(chosen["选址理由"], chosen["新覆盖人口"], strict=True):
        assert reason.startswith(f"新覆盖 {people:,} 人"), reason
        assert not re.search(r"[A-Za-z]{3,}", reason.replace("#", "")), reason


def test_english_fields_default_from_lang_and_formats(run: Path, tmp_path: Path) -> None:
    status = main(["-q", "export", str(run), "--out", str(tmp_path), "--format", "csv"])
    assert status == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "fields.csv"]
    header = pd.read_csv(tmp_path / "csv" / "demand.csv", encoding="utf-8-sig").columns
    assert {"People", "Township / street", "Lon", "Lat"} <= set(header)
    main(
        [
            "-q",
            "--lang",
            "en",
            "export",
            str(run),
            "--out",
            str(tmp_path / "zh"),
            "--format",
            "csv",
            "--fields",
            "zh",
        ]
    )
    header = pd.read_csv(tmp_path / "zh" / "csv" / "demand.csv", encoding="utf-8-sig").columns
    assert {"人口", "经度", "纬度"} <= set(header)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--crs", "gcj02"], "偏移坐标系"),
        (["--crs", "gk"], "高斯-克吕格"),  # the sample is in Helsinki
        (["--crs", "gk:50"], "25–45"),
        (["--format", "gpkg,kmz"], "kmz"),
    ],
)
def test_refusals_say_what_to_do_in_chinese(
    run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    status = main(["--lang", "zh", "-q", "export", str(run), "--out", str(tmp_path), *args])
    err = capsys.readouterr().err
    assert status == 2
    assert said in err
    assert "Traceback" not in err


def test_a_folder_without_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--lang", "zh", "-q", "export", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2
    assert "analyze" in err
    assert not (tmp_path / "export").exists()
