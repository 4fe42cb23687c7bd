"""``servicecircle batch`` with site options: the border pass after the regions, on the cluster.

Runs :func:`~servicecircle.batch.border_step.run_border_pass` (one task per
border band, a bar of bands done / total), writes the table of what it changed
per region (``<边界二次优化>.csv``, and a sheet of the summary workbook) and
says it in a line, with a line for each region whose sites or people covered
changed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from servicecircle.cli.language import message_lang, said
from servicecircle.i18n.message import msg

if TYPE_CHECKING:
    from servicecircle.batch.border_bands import BandJob
    from servicecircle.batch.border_step import BorderRow
    from servicecircle.batch.cluster import ClusterSettings
    from servicecircle.batch.driver import RegionFailure
    from servicecircle.batch.jobs import RegionJob
    from servicecircle.results.xlsx_layer import Sheet


def border_step(
    args: argparse.Namespace, jobs: list[RegionJob], settings: ClusterSettings
) -> tuple[list[Path], list[Sheet], list[RegionFailure], list[BandJob]]:
    """Run the border pass of the sited regions; return its table, sheet, failures and bands."""
    from tqdm import tqdm

    from servicecircle.batch.border_bands import band_jobs
    from servicecircle.batch.border_step import (
        border_rows,
        changed_bands,
        run_border_pass,
        write_border_table,
    )
    from servicecircle.batch.markers import is_done

    bands = band_jobs(jobs, args.out)
    if not bands:
        print(said(msg("msg.batch.border.none")))
        return [], [], [], []
    lang = message_lang()
    with tqdm(
        total=len(bands),
        initial=sum(1 for band in bands if is_done(band, args.out)),
        desc=said(msg("msg.batch.border.bar")),
        disable=args.quiet,
        bar_format="{desc}: {n_fmt}/{total_fmt} |{bar}| {elapsed}",
    ) as bar:

        def on_region(_count: int, failure: RegionFailure | None) -> None:
            bar.update(1)
            if failure is not None:
                detail = failure.error_zh if lang == "zh" else failure.error
                line = msg(
                    "msg.batch.border.failed", code=failure.code, name=failure.name, error=detail
                )
                bar.write(said(line), file=sys.stderr)

        bands, run = run_border_pass(
            bands,
            args.out,
            extract=args.osm,
            cluster=settings,
            split=args.split,
            on_region=on_region,
        )
    rows = border_rows(jobs, bands, args.out)
    print_border_lines(rows, changed_bands(bands, args.out), len(bands))
    path, sheet = write_border_table(rows, args.out, lang)
    return [path], [sheet], list(run.failed), bands


def print_border_lines(rows: Sequence[BorderRow], changed: int, bands: int) -> None:
    """Say what the border pass changed: a line, then one per region whose numbers changed."""
    moved = sum(r.moved_away for r in rows)
    people = sum(r.gained for r in rows)
    line = msg(
        "msg.batch.border.line",
        bands=bands,
        changed=changed,
        moved=moved,
        people=f"{people:,.0f}",
    )
    print(said(line))
    for row in rows:
        if row.total_changed:
            print(
                said(
                    msg(
                        "msg.batch.border.region",
                        name=row.name,
                        code=row.code,
                        kept=row.kept,
                        away=row.moved_away,
                        moved_in=row.moved_in,
                        before=f"{row.covered_before:,.0f}",
                        after=f"{row.covered_after:,.0f}",
                    )
                )
            )
