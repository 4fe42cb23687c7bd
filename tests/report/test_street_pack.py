"""Street packs on real CLI outputs: one A4 page per street, its name, communities and gaps.

The PDF text is read with ``pdftotext`` and the numbers looked for are those of
``summary.json`` formatted as people are printed (``3,757``). One Chinese
pack is kept as a PNG in ``test-artifacts/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import say
from servicecircle.maps.static_frame import local_crs
from servicecircle.report.street_map import street_map
from servicecircle.report.street_pack import (
    Limits,
    render_street_html,
    street_map_uri,
    write_street_packs,
    write_street_pdf,
)
from servicecircle.results.bundle import Results
from servicecircle.results.folder import read_results
from tests.report.real_outputs import copy_outputs, read_json, write_json
from tests.report.written_numbers import people_text as _people

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) not installed",
)


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, flags=re.MULTILINE)
    assert found, info.stdout
    return int(found.group(1))


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    return re.sub(r"\s+", "", out.stdout)


@pytest.fixture(scope="module")
def packs(outputs_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    folder = tmp_path_factory.mktemp("packs")
    results = read_results(outputs_dir)
    return {lang: write_street_packs(results, folder / lang, lang=lang) for lang in ("zh", "en")}


def test_one_page_per_street_with_its_communities_and_gaps(
    packs: dict[str, list[Path]], outputs: dict[str, Any]
) -> None:
    summary = outputs["summary"]
    streets = [u for u in summary["units"] if u["level"] == "township"]
    largest = f"{max(summary['minutes']):g}"
    for lang, pdfs in packs.items():
        assert len(pdfs) == len(streets)
        for street, pdf in zip(streets, pdfs, strict=True):
            assert _pages(pdf) == 1, pdf
            text = _text(pdf)
            assert street["name"] in text
            assert _people(street["people"]) in text
            communities = [
                u
                for u in summary["units"]
                if u["level"] == "community" and u["township"] == street["name"]
            ]
            assert communities
            for community in communities:
                assert community["name"] in text
                assert _people(community["people"]) in text
                assert _people(community["covered"][largest]) in text
            for gap in summary["gaps"]:
                if gap["township"] == street["name"]:
                    assert f"{gap['rank']}{_people(gap['people'])}{gap['community']}" in text
            if lang == "zh":
                assert "各社区（村）覆盖情况" in text and "服务缺口" in text
            else:
                assert "Communities" in text and "Gaps" in text


def test_new_outlets_serving_a_street_are_listed(
    packs: dict[str, list[Path]], outputs: dict[str, Any]
) -> None:
    summary, siting = outputs["summary"], outputs["siting"]
    streets = [u["name"] for u in summary["units"] if u["level"] == "township"]
    for street, pdf in zip(streets, packs["zh"], strict=True):
        ranks = {g["rank"] for g in summary["gaps"] if g["township"] == street}
        text = _text(pdf)
        for site in siting["chosen"]:
            here = sum(g["people"] for g in site["newly_by_community"] if g["township"] == street)
            if ranks.intersection(site["gaps"]) or here > 0.5:
                assert f"新增网点{site['rank']}" in text
            if here > 0.5:
                assert _people(here) in text


def test_chinese_pack_renders_as_png(packs: dict[str, list[Path]]) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("street_pack_zh-*.png"):
        old.unlink()
    stem = ARTIFACTS / "street_pack_zh"
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(packs["zh"][0]), str(stem)], check=True)
    pngs = sorted(ARTIFACTS.glob("street_pack_zh-*.png"))
    assert len(pngs) == 1 and pngs[0].stat().st_size > 20_000


def test_rows_over_the_limit_are_counted_in_a_note(outputs_dir: Path) -> None:
    results = read_results(outputs_dir)
    street = next(u for u in results.coverage.units if u.level == "township")
    communities = [
        u for u in results.coverage.units if u.level == "community" and u.township == street.name
    ]
    assert len(communities) >= 2
    html = render_street_html(
        results,
        str(street.name),
        lang="zh",
        limits=Limits(communities=1, gaps=0, sites=0),
        map_uri="",
    )
    assert f"另有 {len(communities) - 1} 项未列出" in html
    assert communities[0].name in html and communities[1].name not in html


def test_a_street_without_demand_is_mapped_on_its_outline(outputs_dir: Path) -> None:
    results = read_results(outputs_dir)
    layers = {**results.layers, "demand": results.layers["demand"].iloc[0:0]}
    empty = Results(coverage=results.coverage, siting=results.siting, layers=layers)
    street = next(u for u in results.coverage.units if u.level == "township")
    fig = street_map(empty, str(street.name), [], lang="zh")
    assert fig is not None
    ax = fig.axes[0]
    units = results.layers["units"]
    outline = units[(units["level"] == "township") & (units["name"] == street.name)]
    west, south, east, north = outline.to_crs(local_crs([outline])).total_bounds
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x0 <= west < east <= x1 and y0 <= south < north <= y1
    assert (x1 - x0) < 3 * (east - west) and (y1 - y0) < 3 * (north - south)
    assert not ax.get_xlabel() and not ax.get_ylabel()


def test_no_townships_says_so(outputs_dir: Path, tmp_path: Path) -> None:
    folder = copy_outputs(outputs_dir, tmp_path / "run")
    summary = read_json(folder / "summary.json")
    summary["units"] = []
    write_json(summary, folder / "summary.json")
    results = read_results(folder)
    with pytest.raises(InputDataError) as caught:
        write_street_packs(results, tmp_path / "packs", lang="zh")
    said = say(caught.value, "zh")
    assert "乡镇（街道）边界" in said and "--boundaries" in said
    assert not (tmp_path / "packs").exists()


def test_a_street_with_many_communities_still_fits_one_page(
    outputs_dir: Path, tmp_path: Path
) -> None:
    results = read_results(outputs_dir)
    street = next(u for u in results.coverage.units if u.level == "township")
    community = next(
        u for u in results.coverage.units if u.level == "community" and u.township == street.name
    )
    many = tuple(replace(community, name=f"第{i}社区") for i in range(1, 41))
    crowded = Results(
        coverage=replace(results.coverage, units=(*results.coverage.units, *many)),
        siting=results.siting,
        layers=results.layers,
    )
    pdf = write_street_pdf(crowded, str(street.name), tmp_path / "crowded.pdf", lang="zh")
    assert _pages(pdf) == 1
    text = _text(pdf)
    assert "第1社区" in text and "第40社区" not in text
    shown = sum(f"第{i}社区" in text for i in range(1, 41))  # after the street's own communities
    assert f"另有{40 - shown}项未列出" in text


def test_a_township_without_outline_still_gets_a_map(outputs_dir: Path) -> None:
    results = read_results(outputs_dir)
    units = results.layers["units"]
    layers = {**results.layers, "units": units[units["level"] != "township"]}
    street = next(u for u in results.coverage.units if u.level == "township")
    without = Results(coverage=results.coverage, siting=results.siting, layers=layers)
    uri = street_map_uri(without, str(street.name), lang="zh")
    assert uri is not None and uri.startswith("data:image/png;base64,")
    assert street_map_uri(results, str(street.name), lang="zh") != uri  # the print map
