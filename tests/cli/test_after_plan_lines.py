"""``site`` prints staff per 10,000, the three-way split, grades and load before → after the plan.

On the sample (two new community windows): the lines are Chinese with
``--lang zh`` (no Latin word beyond the allow-list of the zh result lines and
the places' own names), they say what ``siting.json``'s ``after_plan``
holds, the split after the plan adds up to the people of ``summary.json``,
and the new sites carry their tier and staff in ``siting.gpkg``.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import geopandas as gpd
import pytest

from servicecircle.cli import main
from servicecircle.cli.after_lines import after_lines
from servicecircle.cli.language import set_message_lang
from servicecircle.i18n.message import say
from servicecircle.results.schema import SitingSummary
from tests.cli.test_result_lines_zh import ALLOWED, LATIN_WORD


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_message_lang("en")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("after_plan") / "s"
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(
            ["--lang", "zh", "-q", "site", "sample", "--outlets", "osm", "--new", "2"]
            + ["--out", str(out), "--no-sensitivity"]
        )
    set_message_lang("en")
    assert code == 0
    return buffer.getvalue(), out


def _siting(out: Path) -> dict:
    return json.loads((out / "siting.json").read_text(encoding="utf-8"))


def _place_words(out: Path) -> set[str]:
    names = [str(site.get("name") or "") for site in _siting(out)["chosen"]]
    outlets = gpd.read_file(out / "analysis.gpkg", layer="outlets")
    names += [str(name) for name in outlets["name"].dropna()]
    return {word for name in names for word in LATIN_WORD.findall(name)}


def _block(printed: str) -> list[str]:
    """The before → after lines: from their head to the heaviest-loaded outlets."""
    lines = printed.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("方案实施前 → 后"))
    end = next(i for i, line in enumerate(lines) if "方案实施后负荷最重的网点" in line)
    return lines[start : end + 1]


def test_zh_before_after_lines_are_chinese(run) -> None:
    printed, out = run
    block = _block(printed)
    allowed = ALLOWED | _place_words(out)
    foreign = [w for line in block for w in LATIN_WORD.findall(line) if w not in allowed]
    assert not foreign, block
    record = _siting(out)["after_plan"]
    before, after = record["accessibility_before"], record["accessibility_after"]
    staff_new = sum(site["staff"] for site in record["new_sites"])
    assert [site["rank"] for site in record["new_sites"]] == [1, 2]
    assert after["staff"] == pytest.approx(before["staff"] + staff_new)
    assert block[0] == (
        f"方案实施前 → 后（现有 {len(before['outlets'])} 个网点，新增 2 个；工作人员 "
        f"{before['staff']:,.0f} → {after['staff']:,.0f} 人）："
    )
    total = block[1]
    per10k = f"{before['staff_per_10k']:.2f} → {after['staff_per_10k']:.2f}"
    assert total.startswith(f"  全域：每万名居民可达工作人员 {per10k} 人；")
    assert f"能力内可服务 {before['served']:,.0f} → {after['served']:,.0f} 人" in total
    townships = [u for u in after["units"] if u["level"] == "township"]
    grades = {
        key: {row["township"]: row["grade"] for row in record[key]["townships"]}
        for key in ("tiers_before", "tiers_after")
    }
    for unit in townships:
        line = next(line for line in block if line.startswith(f"  {unit['unit']}："))
        grade = (
            f"等级 {grades['tiers_before'][unit['unit']]} → {grades['tiers_after'][unit['unit']]}"
        )
        assert line.endswith(grade + "。"), line
    assert "新增网点 1" in block[-2] and "社区（村）级" in block[-2]


def test_the_split_after_the_plan_adds_up_to_the_people(run) -> None:
    _, out = run
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    after = _siting(out)["after_plan"]["accessibility_after"]
    parts = after["served"] + after["over_capacity"] + after["out_of_reach"]
    assert parts == pytest.approx(summary["population_total"], abs=0.01)
    for unit in after["units"]:
        split = unit["served"] + unit["over_capacity"] + unit["out_of_reach"]
        assert split == pytest.approx(unit["people"], abs=0.01)
    # the plan covers everyone at 15 minutes on the sample: nobody is out of reach after it
    assert _siting(out)["share_after"] == pytest.approx(1.0)
    assert after["out_of_reach"] == pytest.approx(0.0, abs=0.01)
    assert (
        after["staff_per_10k"] > _siting(out)["after_plan"]["accessibility_before"]["staff_per_10k"]
    )


def test_the_new_site_layer_carries_tier_and_staff(run) -> None:
    _, out = run
    chosen = gpd.read_file(out / "siting.gpkg", layer="chosen")
    assert chosen["tier"].tolist() == ["community", "community"]  # the community window's tier
    assert chosen["staff"].tolist() == [1.0, 1.0]  # its standard: one staff member
    assert chosen["staff_source"].tolist() == ["standard", "standard"]


def test_english_lines_and_older_files(run) -> None:
    _, out = run
    data = _siting(out)
    record = SitingSummary.from_json(data).after_plan
    english = [say(line, "en") for line in after_lines(record)]
    assert english[0].startswith("Before → after the plan (")
    assert "staff per 10,000 residents" in english[1]
    assert any(line.startswith("  Heaviest-loaded outlets after the plan: ") for line in english)
    del data["after_plan"]
    older = SitingSummary.from_json(data).after_plan
    assert not older.measured and after_lines(older) == []
