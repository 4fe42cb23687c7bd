"""The report's gap table prints every gap a recommended site cites."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from servicecircle.report.coverage_tables import MAX_ROWS, gap_rows
from servicecircle.results.folder import read_summary
from servicecircle.results.schema import CoverageSummary, Gap


def _gap(rank: int) -> Gap:
    return Gap(
        rank=rank,
        people=1000.0 - rank,
        nearest_minutes=20.0,
        units=1,
        classes="residential",
        township="东山街道",
        community=f"社区{rank}",
        lon=118.8,
        lat=32.0,
        road="花径路",
        road_m=50.0,
    )


def _summary(n: int, base: CoverageSummary) -> CoverageSummary:
    return dataclasses.replace(base, gaps=tuple(_gap(rank) for rank in range(1, n + 1)))


def test_the_first_rows_and_every_cited_gap(outputs_dir: Path) -> None:
    base = read_summary(outputs_dir)
    summary = _summary(MAX_ROWS + 15, base)
    rows, more = gap_rows(summary, "zh")
    assert [r["rank"] for r in rows] == [str(k) for k in range(1, MAX_ROWS + 1)]
    assert more == 15
    rows, more = gap_rows(summary, "zh", cited=[3, MAX_ROWS + 7, MAX_ROWS + 12])
    ranks = [int(r["rank"]) for r in rows]
    assert ranks == [*range(1, MAX_ROWS + 1), MAX_ROWS + 7, MAX_ROWS + 12]
    assert more == 13  # the count left out follows what is printed
    assert rows[-1]["community"] == f"社区{MAX_ROWS + 12}"
