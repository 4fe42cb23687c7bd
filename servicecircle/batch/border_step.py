"""The border pass as a driver step: one task per border band, then what it changed per region.

After the regions are sited, :func:`run_border_pass` makes the border bands
of the regions done (:func:`~servicecircle.batch.border_bands.band_jobs`),
cuts the extract once for them (as for the regions), and runs each band as a
task on the cluster (:func:`~servicecircle.batch.border_run.run_band`),
resumable like the regions: a band marked done is skipped on a rerun while
its fingerprint holds (what it reads: both regions' markers, its sites; a
region run again makes its bands run again). Each
band loads only its area (the border and three halos), so a worker holds
about what a region needs. :func:`border_rows` reads the bands' statements
back, one row per region: its bands, first-pass sites kept, moved away and
moved in, the people covered near its borders before and after, and whether
its total changed; :func:`border_sheet` is that table as the summary
workbook's sheet and CSV.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from servicecircle.batch.border_bands import BORDER_FILE, BandJob, BandOutcome
from servicecircle.batch.cluster import ClusterSettings
from servicecircle.batch.driver import BatchRun, OnRegion, OnStart, run_batch
from servicecircle.batch.jobs import RegionJob
from servicecircle.batch.markers import is_done
from servicecircle.i18n import t
from servicecircle.results.field_names import Field, Kind
from servicecircle.results.xlsx_layer import Sheet


def cut_bands(
    bands: Sequence[BandJob], extract: str, out_dir: str | os.PathLike[str], *, split: bool
) -> list[BandJob]:
    """``bands`` reading ``extract``; those still to run read their own cut when ``split``."""
    from servicecircle.batch.job_list import can_split, with_cuts

    bands = [
        dataclasses.replace(
            b, area=dataclasses.replace(b.area, extract=extract, extract_is_cut=False)
        )
        for b in bands
    ]
    pending = [b for b in bands if not is_done(b, out_dir)]
    if not (pending and split and can_split()):
        return bands
    cut = {area.code: area for area in with_cuts([b.area for b in pending], out_dir)}
    return [dataclasses.replace(b, area=cut.get(b.code, b.area)) for b in bands]


def run_border_pass(
    bands: Sequence[BandJob],
    out_dir: str | os.PathLike[str],
    *,
    extract: str,
    cluster: ClusterSettings,
    split: bool = True,
    on_start: OnStart | None = None,
    on_region: OnRegion | None = None,
) -> tuple[list[BandJob], BatchRun[BandOutcome]]:
    """Re-solve every border band not yet done, one task each.

    Parameters
    ----------
    bands
        The border bands (:func:`~servicecircle.batch.border_bands.band_jobs`
        of the batch's regions).
    out_dir
        The batch's output folder (bands write into ``borders/<a>~<b>/``).
    extract
        The whole OSM extract.
    cluster
        Where to run.
    split
        Cut the extract once per band first (when pyosmium is installed).
    on_start, on_region
        Told when the cluster is up and after each band.

    Returns
    -------
    tuple
        The bands and the run (outcomes, bands skipped as done, failures).
    """
    from servicecircle.batch.border_run import run_band

    bands = cut_bands(bands, extract, out_dir, split=split)
    run = run_batch(
        bands, out_dir, run=run_band, cluster=cluster, on_start=on_start, on_region=on_region
    )
    return bands, run


@dataclass
class BorderRow:
    """What the border pass changed for one region (summed over its bands)."""

    code: str
    name: str
    bands: int = 0
    changed: int = 0
    sites_before: int = 0
    kept: int = 0
    moved_away: int = 0
    moved_in: int = 0
    covered_before: float = 0.0
    covered_after: float = 0.0

    @property
    def gained(self) -> float:
        """People newly covered near the region's borders (negative: fewer)."""
        return self.covered_after - self.covered_before

    @property
    def total_changed(self) -> bool:
        """Whether the region's people covered changed."""
        return abs(self.gained) > 1e-6 or self.moved_away + self.moved_in > 0


def read_statement(band: BandJob, out_dir: str | os.PathLike[str]) -> dict[str, object] | None:
    """A band's statement (``border.json``), or ``None`` when it has none."""
    path = band.folder(out_dir) / BORDER_FILE
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and is_done(band, out_dir) else None


def border_rows(
    jobs: Sequence[RegionJob], bands: Sequence[BandJob], out_dir: str | os.PathLike[str]
) -> list[BorderRow]:
    """One row per region with a border band done, in the batch's order."""
    rows = {job.code: BorderRow(job.code, job.name) for job in jobs}
    for band in bands:
        statement = read_statement(band, out_dir)
        if statement is None:
            continue
        records = statement.get("regions")
        for record in records if isinstance(records, list) else []:
            row = rows.get(str(record["code"]))
            if row is None:
                continue
            row.bands += 1
            row.changed += int(bool(statement.get("changed")))
            for key in ("sites_before", "kept", "moved_away", "moved_in"):
                setattr(row, key, getattr(row, key) + int(record[key]))
            row.covered_before += float(record["covered_before"])
            row.covered_after += float(record["covered_after"])
    return [row for row in rows.values() if row.bands]


def changed_bands(bands: Sequence[BandJob], out_dir: str | os.PathLike[str]) -> int:
    """How many of ``bands`` (done, now or before) changed their sites."""
    return sum(
        1
        for band in bands
        if (statement := read_statement(band, out_dir)) is not None and statement.get("changed")
    )


def border_table(rows: Sequence[BorderRow], lang: str) -> tuple[pd.DataFrame, list[Field]]:
    """The rows as a table (headers in ``lang``) and its fields."""
    columns: list[tuple[str, Kind, list[object]]] = [
        ("batch.col.region_code", "text", [r.code for r in rows]),
        ("batch.col.region_name", "text", [r.name for r in rows]),
        ("batch.border.col.bands", "count", [r.bands for r in rows]),
        ("batch.border.col.changed", "count", [r.changed for r in rows]),
        ("batch.border.col.sites_before", "count", [r.sites_before for r in rows]),
        ("batch.border.col.kept", "count", [r.kept for r in rows]),
        ("batch.border.col.moved_away", "count", [r.moved_away for r in rows]),
        ("batch.border.col.moved_in", "count", [r.moved_in for r in rows]),
        ("batch.border.col.covered_before", "people", [round(r.covered_before) for r in rows]),
        ("batch.border.col.covered_after", "people", [round(r.covered_after) for r in rows]),
        ("batch.border.col.gained", "people", [round(r.gained) for r in rows]),
        (
            "batch.border.col.total_changed",
            "text",
            [t(f"batch.border.{'yes' if r.total_changed else 'no'}", lang) for r in rows],
        ),
    ]
    table = pd.DataFrame({t(key, lang): values for key, _, values in columns})
    fields = [
        Field(column=t(key, lang), kind=kind, short="", label="", meaning="")
        for key, kind, _ in columns
    ]
    return table, fields


def write_border_table(
    rows: Sequence[BorderRow], out_dir: str | os.PathLike[str], lang: str
) -> tuple[Path, Sheet]:
    """Write the table as ``<边界二次优化>.csv`` in ``out_dir``; return it and its sheet."""
    from servicecircle._io import atomic_path
    from servicecircle.results.csv_layer import write_csv

    table, fields = border_table(rows, lang)
    path = Path(out_dir) / f"{t('batch.border.file', lang)}.csv"
    with atomic_path(path) as temporary:
        write_csv(table, temporary)
    return path, Sheet(t("batch.border.sheet", lang), table, fields)


def border_sites(
    jobs: Sequence[RegionJob], bands: Sequence[BandJob], out_dir: str | os.PathLike[str], lang: str
) -> gpd.GeoDataFrame:
    """The sites the border pass touched: kept, moved away and moved in, with region and band.

    Field names and values in ``lang``; one row per site of each band done.
    """
    import shapely

    from servicecircle.inputs.crs import WGS84

    names = {job.code: job.name for job in jobs}
    rows: list[dict[str, object]] = []
    points = []
    for band in bands:
        statement = read_statement(band, out_dir)
        sites = statement.get("sites") if statement is not None else None
        for site in sites if isinstance(sites, list) else []:
            code = str(site["region"])
            rows.append(
                {
                    t("batch.col.region_code", lang): code,
                    t("batch.col.region_name", lang): names.get(code, code),
                    t("batch.border.col.band", lang): band.name,
                    t("batch.border.col.status", lang): t(f"batch.border.{site['status']}", lang),
                }
            )
            points.append(shapely.Point(float(site["lon"]), float(site["lat"])))
    columns = [
        t(key, lang)
        for key in (
            "batch.col.region_code",
            "batch.col.region_name",
            "batch.border.col.band",
            "batch.border.col.status",
        )
    ]
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns), geometry=points, crs=WGS84)


def write_border_sites(
    jobs: Sequence[RegionJob],
    bands: Sequence[BandJob],
    out_dir: str | os.PathLike[str],
    target: Path,
    lang: str,
) -> int:
    """Add the border pass's sites as a layer of the gathered GeoPackage ``target``.

    Returns the rows written (none when no band is done).
    """
    import pyogrio

    frame = border_sites(jobs, bands, out_dir, lang)
    if len(frame) == 0:
        return 0
    pyogrio.write_dataframe(
        frame, target, layer=t("batch.border.layer", lang), driver="GPKG", geometry_type="Point"
    )
    return len(frame)
