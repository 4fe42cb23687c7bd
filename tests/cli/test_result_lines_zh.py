"""The command line's result lines speak the ``--lang`` language.

With ``--lang zh`` the lines ``info``, ``analyze`` and ``site`` print on the
sample (counts, coverage, the plan and each site's reasons, demand quality,
people off the network, files written, the project saved) hold no Latin-script
word except a short allow-list: file names and paths the planner gave, the
names of the places in the data (OSM road names of the sample), the names
OpenStreetMap, ODbL, OSM and MCLP, and the grades A-E. English stays the default and says the
same numbers.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import pytest

from servicecircle.cli import main
from servicecircle.cli.language import set_message_lang
from servicecircle.cli.printing import demand_quality_lines, print_census_audit
from servicecircle.results.folder import read_summary

#: Latin words a Chinese line may hold: proper names and the file names of outputs.
ALLOWED = {"OpenStreetMap", "ODbL", "OSM", "MCLP", "analysis", "gpkg", "off_network"}
ALLOWED |= set("ABCDE")  # the grades of a township against the standards (issue 15: A-E)
ALLOWED |= {"SFCA"}  # 2SFCA / E2SFCA, the method's name (as MCLP)

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_'’-]*")


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_message_lang("en")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """``info``, ``analyze`` and ``site`` on the sample, in zh and en (printed lines, folders)."""
    out: dict[str, dict[str, object]] = {}
    for lang in ("zh", "en"):
        root = tmp_path_factory.mktemp(f"lines_{lang}")
        printed: dict[str, object] = {"root": root}
        for command, extra in (
            ("info", ()),
            ("analyze", ("--outlets", "osm", "--out", str(root / "a"))),
            (
                "site",
                (
                    *("--outlets", "osm", "--new", "2", "--out", str(root / "s")),
                    *("--project", str(root / "项目.gpkg")),
                ),
            ),
        ):
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                assert main(["--lang", lang, "-q", command, "sample", *extra]) == 0
            printed[command] = buffer.getvalue()
        out[lang] = printed
    return out


def _foreign_words(text: str, allowed: set[str]) -> list[str]:
    return [word for word in LATIN_WORD.findall(text) if word not in allowed]


def _place_names(folder: Path) -> set[str]:
    """The Latin words of the places' own names: chosen sites (OSM road names) and outlets."""
    siting = json.loads((folder / "siting.json").read_text(encoding="utf-8"))
    names = [str(site.get("name") or "") for site in siting["chosen"]]
    outlets = gpd.read_file(folder / "analysis.gpkg", layer="outlets")
    names += [str(name) for name in outlets["name"].dropna()]
    return {word for name in names for word in LATIN_WORD.findall(name)}


def test_zh_lines_have_no_english(runs) -> None:
    zh = runs["zh"]
    root = Path(str(zh["root"]))
    allowed = ALLOWED | _place_names(root / "s")
    for command in ("info", "analyze", "site"):
        text = re.sub(re.escape(str(root)) + r"\S*", "", str(zh[command]))  # the paths given
        assert text.strip(), command
        assert not _foreign_words(text, allowed), (command, text)


def test_zh_lines_say_what_the_english_lines_say(runs) -> None:
    zh, en = runs["zh"], runs["en"]
    assert str(zh["analyze"]).count("已写入 ") == str(en["analyze"]).count("wrote ") == 2
    assert str(zh["site"]).count("已写入 ") == str(en["site"]).count("wrote ") == 4
    assert "路网节点" in str(zh["info"]) and "  nodes " in str(en["info"])
    assert "© OpenStreetMap 贡献者" in str(zh["info"])
    assert "已将方案「方案 1」保存到项目" in str(zh["site"])
    assert "saved scenario 'scenario 1' to project" in str(en["site"])
    summary = json.loads((Path(str(zh["root"])) / "a" / "summary.json").read_text("utf-8"))
    people = f"{summary['population_total']:,.0f}"
    assert f"{people} 人，{summary['n_outlets']} 个网点：" in str(zh["analyze"])
    assert f"{people} people, {summary['n_outlets']} outlets: " in str(en["analyze"])
    share = summary["coverage_share"]["15"]
    assert f"15 分钟 {share:.1%}" in str(zh["analyze"])
    assert "最大覆盖模型（MCLP）：从 " in str(zh["site"]) and "新增网点 1" in str(zh["site"])
    assert "mclp: 2 new outlets from " in str(en["site"])


def test_zh_census_audit_and_totals(runs, capsys) -> None:
    set_message_lang("zh")
    audit = [
        {"census_name": "东山街道/西南社区", "estimate": 4200.0, "census": 5000.0, "ratio": 1.19,
         "status": "scaled", "level": "community"},
        {"census_name": None, "township": None, "community": None, "estimate": 300.0,
         "census": None, "ratio": None, "status": "no census total", "level": "outside"},
    ]  # fmt: skip
    print_census_audit(audit)
    printed = capsys.readouterr().out
    assert "普查人口核对（估算 → 普查，比值）：" in printed
    assert "  东山街道/西南社区：4,200 → 5,000，×1.19；已按普查数调整" in printed
    assert "不在任何普查区域内：300；无普查数" in printed
    assert not _foreign_words(printed, set())

    quality = read_summary(Path(str(runs["zh"]["root"])) / "a").demand_quality
    assert quality is not None
    scaled = replace(quality, top_down=("census totals",), map_estimate=quality)
    lines = demand_quality_lines(scaled)
    assert lines[0].startswith("需求质量（采用普查人口后）：常住人口 ")
    assert lines[1].startswith("  仅按地图估算：常住人口 ")
    assert not _foreign_words("\n".join(lines), set())
    set_message_lang("en")
    english = demand_quality_lines(scaled)
    assert english[0].startswith("demand quality, after the census totals: ")
    assert english[1].startswith("  the map estimate alone: ")


def test_zh_notes_on_stderr_carry_no_english_log_prefix(tmp_path) -> None:
    import subprocess
    import sys

    csv = tmp_path / "网点.csv"
    csv.write_bytes("名称,经度,纬度\n甲站,24.940,60.168\n乙站,24.948,60.174\n".encode())
    command = [sys.executable, "-m", "servicecircle.cli", "-q", "analyze", "sample"]
    command += ["--outlets", str(csv), "--out", str(tmp_path / "out")]
    runs = {
        lang: subprocess.run(
            [*command[:3], "--lang", lang, *command[3:]],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        ).stderr.splitlines()
        for lang in ("zh", "en")
    }
    notes = [line for line in runs["zh"] if "网点.csv" in line]
    assert notes and all(line.startswith("提示：网点.csv：") for line in notes), runs
    assert not _foreign_words("\n".join(notes), {"csv", "WGS-", "GCJ-", "BD-"})
    assert any(line.startswith("WARNING servicecircle.cli: 网点.csv: ") for line in runs["en"])
