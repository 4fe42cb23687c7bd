"""The task a worker runs for one region: its run, then its handover workbook.

:func:`region_with_workbook` runs the region
(:func:`~servicecircle.batch.region_run.run_region`) and, when it worked,
writes the region's handover workbook (:mod:`servicecircle.report.workbook`:
summary, a sheet per level: streets and communities, gaps, new sites, outlets,
staffing, assumptions) into the region's folder, named as ``servicecircle
handover`` names it (``<region>_工作簿.xlsx``). It runs on the worker, so the
workbooks are written in parallel and are part of a region done: the
complete marker follows them (:func:`~servicecircle.batch.markers.run_and_mark`).
A workbook that cannot be written fails the region, which then runs again on
the next run of the batch.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from servicecircle.batch.jobs import NOTE_NO_DEMAND, RegionJob, RegionOutcome
from servicecircle.batch.region_run import run_region


def workbook_path(area_name: str, folder: Path, lang: str) -> Path:
    """The handover workbook's path for a region named ``area_name`` (as ``handover`` names it)."""
    from servicecircle.inputs.naming import shown_name
    from servicecircle.report.street_pack import file_stem
    from servicecircle.report.strings import text

    name = file_stem(shown_name(area_name, lang))
    return folder / text("handover.file.workbook", lang, name=name)


def write_region_workbook(job: RegionJob, out_dir: str | os.PathLike[str], lang: str) -> Path:
    """Write the handover workbook of ``job``'s results (already in its folder)."""
    from servicecircle.report.workbook import write_workbook
    from servicecircle.results.folder import read_results

    folder = job.folder(out_dir)
    results = read_results(folder)
    path = workbook_path(results.coverage.study_area.name, folder, lang)
    return write_workbook(results, path, lang=lang)


def region_with_workbook(
    job: RegionJob, out_dir: str | os.PathLike[str], *, lang: str = "zh"
) -> RegionOutcome:
    """Run ``job``'s region, then write its handover workbook in ``lang``; never raises.

    Returns
    -------
    RegionOutcome
        The run's outcome with the workbook among its ``paths``; or the
        run's error, or the workbook's (the region then counts as failed).
    """
    outcome = run_region(job, out_dir)
    if not outcome.ok or outcome.note == NOTE_NO_DEMAND:  # nobody to serve: no results to hand over
        return outcome
    try:
        path = write_region_workbook(job, out_dir, lang)
    except Exception as error:  # noqa: BLE001 - one region's failure must not stop the batch
        from servicecircle.errors import error_detail
        from servicecircle.i18n.message import Message, say

        said = error.args[0] if error.args else None
        english = say(said, "en") if isinstance(said, Message) else error_detail(error)
        chinese = say(said, "zh") if isinstance(said, Message) else english
        return dataclasses.replace(outcome, error=english, error_zh=chinese)
    return dataclasses.replace(outcome, paths=(*outcome.paths, str(path)))
