"""``servicecircle batch REGIONS_FILE --osm EXTRACT ... --out DIR``: every region at once on Dask.

Each region of the regions file (counties or townships: a polygon with a code
and a name, Chinese column names accepted) is one task on a Dask cluster: a
``LocalCluster`` on this machine (``--workers N`` processes, one thread each,
``--worker-memory MB`` each) or a running scheduler (``--scheduler
tcp://HOST:PORT``). Each region is measured on its halo, with the analyze
options, and gets new sites with the site options (``--new`` / ``--target``);
its results go to ``DIR/regions/<code>/``, with its handover workbook
(:mod:`servicecircle.batch.region_task`). A region that fails is reported
while the others finish; running the command again skips the regions done.
With ``--groups FILE`` each region measures the key groups of its own people
(:mod:`servicecircle.batch.region_groups`). With site options a border pass
follows (:mod:`servicecircle.cli.batch_border`): the sites along each shared
border re-solved together, one task per border, and what it changed said per
region.
The regions' layers are then gathered into one GeoPackage and one summary
table (CSV and Excel) in ``DIR``. Exit status 1 when a region failed.

Dask is imported when the command runs, not when the command line starts.
"""

from __future__ import annotations

import argparse
import logging
import sys
from functools import partial
from typing import TYPE_CHECKING, Any

from servicecircle.cli.language import message_lang, said
from servicecircle.cli.options import number_in
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message, msg

if TYPE_CHECKING:
    from servicecircle.batch.cluster import ClusterFacts, ClusterSettings
    from servicecircle.batch.driver import BatchRun
    from servicecircle.batch.jobs import RegionJob, RegionOutcome

#: Help of ``--scheduler``.
SCHEDULER_HELP = (
    "where the regions run: local (default: a Dask LocalCluster on this machine) or the "
    "address of a running Dask scheduler, tcp://HOST:PORT (dask scheduler / dask worker on "
    "a few machines, or dask-jobqueue on Slurm)"
)


def add_batch_options(batch: argparse.ArgumentParser) -> None:
    """The regions file, the extract and where and how wide the batch runs."""
    batch.add_argument(
        "regions",
        metavar="REGIONS_FILE",
        help="the regions: polygons (GeoPackage, GeoJSON, zipped Shapefile) with a code "
        "(code, 代码, 区划代码) and a name (name, 名称, 县区, 乡镇)",
    )
    batch.add_argument(
        "--osm", required=True, metavar="EXTRACT", help="the OSM extract (.osm.pbf) covering them"
    )
    batch.add_argument("--scheduler", default="local", help=SCHEDULER_HELP)
    batch.add_argument(
        "--workers",
        type=number_in(1, 1024, low_included=True, whole=True),
        default=2,
        metavar="N",
        help="worker processes of the local cluster, one region each at a time (default 2)",
    )
    batch.add_argument(
        "--worker-memory",
        type=number_in(0, unit=msg("msg.batch.unit_mb")),
        metavar="MB",
        help="memory limit of each local worker in MB; a region past it fails alone "
        "(default: this machine's memory shared by the workers)",
    )
    batch.add_argument(
        "--dashboard",
        default=":8787",
        metavar="ADDRESS",
        help="address of the local cluster's Dask dashboard (default :8787; :0 any free port; "
        "none for no dashboard; it needs bokeh installed)",
    )
    batch.add_argument(
        "--no-split",
        dest="split",
        action="store_false",
        help="do not cut the extract per region first (each region then reads the whole "
        "extract); by default it is cut once when pyosmium is installed",
    )
    batch.add_argument("--out", required=True, metavar="DIR", help="output folder")


def batch_site(args: argparse.Namespace) -> dict[str, Any] | None:
    """The siting options of the regions, or ``None`` when no site is asked for.

    Raises
    ------
    InputDataError
        As ``site`` does, for ``--new`` with ``--target``.
    """
    if args.new is None and args.target is None and args.model != "min":
        return None
    from servicecircle.cli.pipeline import siting_request

    request = siting_request(args)  # the same checks as ``site``
    return {
        "model": request.model,
        "new": args.new,
        "target": args.target,
        "must_cover": list(request.must_cover),
        "capacity": args.capacity,
        "existing_capacity": args.existing_capacity,
        "time_limit": args.time_limit,
        "seed": args.seed,
        "new_type": args.new_type,
        "candidates": args.candidates,
        "exclude": args.exclude,
    }


def batch_jobs(args: argparse.Namespace) -> list[RegionJob]:
    """The regions of ``args`` as jobs; those still to run read their cut of the extract."""
    from servicecircle.batch.job_list import can_split, region_jobs, with_cuts
    from servicecircle.batch.markers import is_done
    from servicecircle.batch.regions import read_regions
    from servicecircle.cli.pipeline import run_inputs

    args.area, args.boundary, args.name = args.osm, None, None
    inputs = run_inputs(args)
    if inputs.outlets is None:
        raise InputDataError(msg("msg.batch.no_outlets"))
    regions = read_regions(args.regions, crs=args.crs)
    groups = getattr(args, "groups", None) or None
    if groups is not None:  # a file that cannot be used stops the batch before any region runs
        from servicecircle.batch.region_groups import read_groups_file

        read_groups_file(groups, args.crs)
    jobs = region_jobs(regions, args.osm, inputs=inputs, site=batch_site(args), groups=groups)
    pending = [job for job in jobs if not is_done(job, args.out)]
    if not (pending and args.split and can_split()):
        return jobs
    cut = {job.code: job for job in with_cuts(pending, args.out)}
    return [cut.get(job.code, job) for job in jobs]


def cluster_lines(facts: ClusterFacts, *, dashboard: bool = True) -> list[Message]:
    """What the batch runs on: workers, memory limit (and the dashboard)."""
    memory = (
        msg("msg.batch.memory_unlimited")
        if facts.memory_limit_mb is None
        else msg("msg.batch.memory_mb", mb=f"{facts.memory_limit_mb:,.0f}")
    )
    lines = [
        msg(
            "msg.batch.cluster_line",
            scheduler=msg("msg.batch.local") if facts.scheduler == "local" else facts.scheduler,
            workers=facts.workers,
            threads=facts.threads,
            memory=memory,
        )
    ]
    if not dashboard:
        return lines
    if facts.dashboard is not None:
        lines.append(msg("msg.batch.dashboard", address=facts.dashboard))
    else:
        lines.append(msg("msg.batch.no_dashboard"))
    return lines


def cluster_settings(args: argparse.Namespace) -> ClusterSettings:
    """Where and how wide the batch runs, from the command line."""
    from servicecircle.batch.cluster import ClusterSettings

    return ClusterSettings(
        scheduler=args.scheduler,
        workers=int(args.workers),
        memory_mb=args.worker_memory,
        dashboard=None if args.dashboard.strip().lower() == "none" else args.dashboard,
    )


def run_with_bar(args: argparse.Namespace, jobs: list[RegionJob]) -> BatchRun[RegionOutcome]:
    """Run ``jobs``, drawing regions done / total and telling each failure as it comes."""
    from tqdm import tqdm

    from servicecircle.batch.driver import RegionFailure, run_batch
    from servicecircle.batch.region_task import region_with_workbook

    settings = cluster_settings(args)
    bar = tqdm(
        total=len(jobs),
        desc=said(msg("msg.batch.bar")),
        disable=args.quiet,
        bar_format="{desc}: {n_fmt}/{total_fmt} |{bar}| {elapsed}",
    )

    def on_start(facts: ClusterFacts) -> None:
        for line in cluster_lines(facts):
            bar.write(said(line), file=sys.stderr)

    def on_region(_count: int, failure: RegionFailure | None) -> None:
        bar.update(1)
        if failure is not None:
            bar.write(said(failure.message(message_lang())), file=sys.stderr)

    with bar:
        done_before = sum(1 for job in jobs if _done(job, args.out))
        bar.update(done_before)
        if done_before:
            pending = len(jobs) - done_before
            bar.write(said(msg("msg.batch.skipping", skipped=done_before, pending=pending)))
        return run_batch(
            jobs,
            args.out,
            run=partial(region_with_workbook, lang=message_lang()),
            cluster=settings,
            on_start=on_start,
            on_region=on_region,
        )


def _done(job: RegionJob, out: str) -> bool:
    from servicecircle.batch.markers import is_done

    return is_done(job, out)


def quiet_dask() -> None:
    """Keep Dask's own start and shutdown notes (its INFO and WARNING lines) off the screen."""
    import distributed  # noqa: F401 - sets up its loggers, whose levels are then raised

    for name in list(logging.root.manager.loggerDict):
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(logging.ERROR)


def print_run_lines(run: BatchRun[RegionOutcome]) -> None:
    """Say how the regions' run went: regions ran, skipped and failed, and the cluster."""
    if run.cluster is None:
        print(said(msg("msg.batch.all_done_before", total=run.total)))
    seconds = f"{run.wall_s:,.1f}"
    print(
        said(
            msg(
                "msg.batch.done_line",
                total=run.total,
                ran=len(run.ran),
                skipped=len(run.skipped),
                failed=len(run.failed),
                seconds=seconds,
            )
        )
    )
    for line in cluster_lines(run.cluster, dashboard=False) if run.cluster is not None else []:
        print(said(line))


def print_group_notes(args: argparse.Namespace, jobs: list[RegionJob]) -> None:
    """Say which rows of the key-groups file no region used, and which a border shares out."""
    if not getattr(args, "groups", None):
        return
    from servicecircle.batch.region_groups import file_notes, read_groups_file
    from servicecircle.batch.summary_table import region_rows

    rows = region_rows(jobs, args.out)
    done = [row.outcome for row in rows if row.status == "done"]
    table = read_groups_file(args.groups, args.crs)
    for note in file_notes(table, done, complete=len(done) == len(rows)):
        print(said(note), file=sys.stderr)


def command_batch(args: argparse.Namespace) -> int:
    """Run every region on Dask, then gather their layers and the summary table."""
    from servicecircle.batch.cluster import check_scheduler
    from servicecircle.batch.gather import gather_layers
    from servicecircle.batch.summary_table import write_summary
    from servicecircle.cli.printing import print_written

    check_scheduler(args.scheduler)
    if not args.verbose:
        quiet_dask()
    jobs = batch_jobs(args)
    run = run_with_bar(args, jobs)
    print_run_lines(run)
    lang = message_lang()
    from servicecircle.cli.batch_border import border_step  # sited: the border pass, then gather

    sited = any(job.site is not None for job in jobs)
    border_paths, border_sheets, border_failed, bands, finals = (
        border_step(args, jobs, cluster_settings(args)) if sited else ([], [], [], [], [])
    )
    from servicecircle.batch.border_final import border_changes, final_counts
    from servicecircle.batch.border_regions import with_rewritten
    from servicecircle.batch.summary_table import region_rows

    changes = with_rewritten(border_changes(bands, args.out), finals, args.out) if bands else None
    layers, _ = gather_layers(jobs, args.out, lang=lang, border=changes)
    if layers is not None and bands:
        from servicecircle.batch.border_step import write_border_sites

        write_border_sites(jobs, bands, args.out, layers, lang)
    if layers is None:
        print(said(msg("msg.batch.nothing_to_gather")), file=sys.stderr)
    paths = [] if layers is None else [layers]
    paths += write_summary(
        jobs,
        args.out,
        failed=run.failed,
        facts=run.cluster,
        wall_s=run.wall_s,
        lang=lang,
        extra=border_sheets,
        border_sites=None
        if changes is None
        else final_counts({r.code: r.outcome for r in region_rows(jobs, args.out)}, changes),
    )
    print_written([*paths, *border_paths])
    print_group_notes(args, jobs)
    if run.failed or border_failed:
        print(said(msg("msg.batch.failed_again")), file=sys.stderr)
        return 1
    return 0
