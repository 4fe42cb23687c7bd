"""summary.json's accessibility record and the lines ``analyze`` prints about it."""

from __future__ import annotations

import doctest
import json

import pytest

from servicecircle.cli import main
from servicecircle.cli.access_lines import access_lines
from servicecircle.coverage import CoverageSettings, coverage_from
from servicecircle.coverage.access_run import accessibility_from
from servicecircle.demand import demand_from_area
from servicecircle.i18n.message import say
from servicecircle.network import WALK, network_from_area
from servicecircle.results import access_records
from servicecircle.results.access_records import AccessSummary, access_record
from servicecircle.results.folder import read_summary
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at


def test_doctests() -> None:
    assert doctest.testmod(access_records).failed == 0


@pytest.fixture(scope="module")
def grid_accessibility():
    """Two outlets on a street grid (as tests/coverage/test_accessibility.py, known numbers)."""
    area = grid_area(n=6)
    types = {"w": OutletType("w", "walk", 15.0), "s": OutletType("s", "walk", 5.0)}
    outlets = prepare_outlets(
        points_at([(0, 0), (500, 500)], outlet_type=["w", "s"], staff=[2, None], name=["甲", "乙"]),
        area=area,
        types=types,
    )
    xys = [(0, 0), (200, 300), (500, 500), (500, 400), (300, 500)]
    demand = demand_from_area(
        area, user_points=points_at(xys, people=[100, 200, 300, 400, 500]), user_mode="replace"
    )
    coverage = coverage_from(
        area, demand, outlets, settings=CoverageSettings(outlet_types=types), with_isochrones=False
    )
    return accessibility_from(
        coverage, {"walk": network_from_area(area, WALK)}, people_per_staff=300
    )


def test_the_record_holds_the_totals_and_the_heaviest_outlets(grid_accessibility) -> None:
    record = access_record(grid_accessibility)
    assert record.measured
    assert record.people == 1500 and record.staff == 3 and record.capacity == 900
    assert (record.served, record.over_capacity, record.out_of_reach) == (900, 600, 0)
    # people-weighted mean of the units' staff per 10,000 = staff shared out / people
    assert record.staff_per_10k == pytest.approx(3 / 1500 * 1e4)
    assert record.band_weights == (1.0, 0.68, 0.22) and record.band_minutes == ()
    assert [o.name for o in record.heaviest] == ["乙", "甲"]
    assert record.heaviest[0].load == 1200 and record.heaviest[0].utilisation == 1.0
    again = AccessSummary.from_json(json.loads(json.dumps(record.to_json())))
    assert again == record


def test_the_record_lists_every_outlet_with_its_type_tier_and_staff_source(
    grid_accessibility,
) -> None:
    record = access_record(grid_accessibility, heaviest=1)
    assert [o.name for o in record.heaviest] == ["乙"]
    assert [o.name for o in record.outlets] == ["乙", "甲"]  # every outlet, heaviest first
    second, first = record.outlets
    assert (first.outlet_type, first.staff_source, first.staff) == ("w", "file", 2.0)
    assert (second.outlet_type, second.staff_source) == ("s", "standard")
    assert first.tier is not None and second.tier is not None
    assert first.capacity == 600 and first.catchment_people == 1500
    assert sum(o.served for o in record.outlets) == pytest.approx(record.served)
    data = record.to_json()
    for outlet in data["outlets"]:  # a file written before the outlets' type was kept
        del outlet["outlet_type"], outlet["tier"], outlet["staff_source"]
    old = AccessSummary.from_json(data)
    assert old.outlets[0].outlet_type is None and old.outlets[0].load == 1200
    del data["outlets"]
    assert AccessSummary.from_json(data).outlets == ()


def test_the_lines_say_the_numbers_in_both_languages(grid_accessibility) -> None:
    lines = access_lines(access_record(grid_accessibility))
    zh = [say(line, "zh") for line in lines]
    en = [say(line, "en") for line in lines]
    assert "每万名居民可达工作人员 20.00 人" in zh[0]
    assert "共 3 名工作人员，按人员配置标准可服务 900 人；能力内可服务 900 人（60.0%）" in zh[0]
    assert len(lines) == 2  # no township boundaries: no line per township
    assert "20.00 staff per 10,000 residents" in en[0]
    assert "600 are within reach but over capacity (40.0%)" in en[0]
    assert (
        zh[-1] == "负荷最重的网点：乙（每名工作人员对应服务圈内 1,200 人）、"
        "甲（每名工作人员对应服务圈内 750 人）。"
    )
    assert access_lines(AccessSummary()) == []


def test_analyze_writes_and_prints_the_accessibility(tmp_path, capsys) -> None:
    assert main(["--lang", "zh", "-q", "analyze", "sample", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "每万名居民可达工作人员" in printed and "负荷最重的网点" in printed
    record = read_summary(tmp_path).accessibility
    assert record.measured and record.staff == 3
    assert record.people == pytest.approx(read_summary(tmp_path).population_total, rel=1e-9)
    split = record.served + record.over_capacity + record.out_of_reach
    assert split == pytest.approx(record.people, abs=0.01)
    townships = [u for u in record.units if u.level == "township"]
    assert sum(u.people for u in townships) == pytest.approx(record.people, abs=0.01)
    for unit in record.units:
        parts = unit.served + unit.over_capacity + unit.out_of_reach
        assert parts == pytest.approx(unit.people, abs=0.01)


def test_a_summary_written_before_the_accessibility_still_reads(tmp_path) -> None:
    assert main(["-q", "analyze", "sample", "--no-sensitivity", "--out", str(tmp_path)]) == 0
    path = tmp_path / "summary.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["accessibility"]["measured"] is True
    del data["accessibility"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_summary(tmp_path).accessibility == AccessSummary()
