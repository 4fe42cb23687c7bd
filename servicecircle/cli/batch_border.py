"""``servicecircle batch`` with site options: the border pass after the regions, on the cluster.

Runs :func:`~servicecircle.batch.border_step.run_border_pass` (one task per
border band, a bar of bands done / total), writes the table of what it changed
per region (``<边界二次优化>.csv``, and a sheet of the summary workbook) and
says it in a line, with a line for each region whose sites or people covered
changed. Then each region whose sites moved has its own files restated with
its final sites (:mod:`servicecircle.batch.border_regions`, one task each).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from servicecircle.cli.language import message_lang, said
from servicecircle.i18n.message import msg

if TYPE_CHECKING:
    from servicecircle.batch.border_bands import BandJob
    from servicecircle.batch.border_regions import FinalJob
    from servicecircle.batch.border_step import BorderRow
    from servicecircle.batch.cluster import ClusterSettings
    from servicecircle.batch.driver import RegionFailure
    from servicecircle.batch.jobs import RegionJob
    from servicecircle.results.xlsx_layer import Sheet


def border_step(
    args: argparse.Namespace, jobs: list[RegionJob], settings: ClusterSettings
) -> tuple[list[Path], list[Sheet], list[RegionFailure], list[BandJob], list[FinalJob]]:
    """Run the border pass of the sited regions, then their final runs.

    Returns its table, sheet, failures, bands and final runs.
    """
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
        return [], [], [], [], []
    done = sum(1 for band in bands if is_done(band, args.out))
    with region_bar(len(bands), done, "msg.batch.border", quiet=args.quiet) as on_region:
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
    path, sheet = write_border_table(rows, args.out, message_lang())
    finals, failed = final_step(args, jobs, bands, settings)
    return [path], [sheet], [*run.failed, *failed], bands, finals


@contextmanager
def region_bar(
    total: int, done: int, keys: str, *, quiet: bool
) -> Iterator[Callable[[int, RegionFailure | None], None]]:
    """A bar of tasks done / total; yields the ``on_region`` callback that moves it.

    ``keys`` names the messages ``<keys>.bar`` (the bar's title) and
    ``<keys>.failed`` (a failed region's line, said on stderr as it comes).
    """
    from tqdm import tqdm

    lang = message_lang()
    with tqdm(
        total=total,
        initial=done,
        desc=said(msg(f"{keys}.bar")),
        disable=quiet,
        bar_format="{desc}: {n_fmt}/{total_fmt} |{bar}| {elapsed}",
    ) as bar:

        def on_region(_count: int, failure: RegionFailure | None) -> None:
            bar.update(1)
            if failure is not None:
                detail = failure.error_zh if lang == "zh" else failure.error
                line = msg(f"{keys}.failed", code=failure.code, name=failure.name, error=detail)
                bar.write(said(line), file=sys.stderr)

        yield on_region


def final_step(
    args: argparse.Namespace,
    jobs: list[RegionJob],
    bands: list[BandJob],
    settings: ClusterSettings,
) -> tuple[list[FinalJob], list[RegionFailure]]:
    """Restate the files of each region whose sites moved with its final sites, on the cluster."""
    from servicecircle.batch.border_regions import final_jobs, run_final_pass
    from servicecircle.batch.markers import is_done

    lang = message_lang()
    finals = final_jobs(jobs, bands, args.out, lang=lang)
    if not finals:
        return [], []
    done = sum(1 for job in finals if is_done(job, args.out))
    with region_bar(len(finals), done, "msg.batch.final", quiet=args.quiet) as on_region:
        run = run_final_pass(finals, args.out, cluster=settings, on_region=on_region)
    restated = sum(1 for job in finals if is_done(job, args.out) and job.sites != job.first)
    if restated:
        print(said(msg("msg.batch.final.line", count=restated)))
    return finals, list(run.failed)


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
