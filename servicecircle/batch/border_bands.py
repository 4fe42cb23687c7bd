"""The border bands of a sited batch: one job per pair of neighbouring regions.

After every region is sited (each with its neighbours' existing outlets
fixed), the border pass (:mod:`servicecircle.batch.border_run`) re-solves
the sites along each shared border. :func:`band_jobs` makes one
:class:`BandJob` per pair of regions that share a border: its *band* (the
border grown by the halo distance, inside the two regions) is where its sites
are free; its *reach* (the border grown by twice the halo) holds the people
those sites can serve; the area loaded is the reach grown by the halo, so a
band is loaded like a region, never the two regions whole. Each first-pass
site within the halo of a border is free in exactly one band (its nearest
border); every other first-pass site and every existing outlet is fixed.
The bands are re-solved from the first pass's sites, side by side. Where
three or more regions meet, two bands re-solved side by side could each
count on a site the other moves away (people near the corner then served by
neither) or both move a site to serve the same people (counted twice). So
within :data:`CORNER_HALOS` halos of a third region (any region but the
band's two, one touching only at a point too) no site is free and no site
moves in: the first pass's sites stay there. A band's sites then serve only
its two regions' people farther than two halos from any third region, which
no other band's sites reach; and each band states the people covered only
there (:attr:`BandJob.counted_wkb`), so that every person is counted by at
most one band and the bands' gains add up to the gain of all of them
together. The price, bounded: sites within three halos of a corner keep
their first-pass places.

A band's :attr:`BandJob.fingerprint` hashes what it reads: the markers of
its two regions (a region run again writes a new one), the sites it starts
from (free and fixed, those of a third region near a corner too), its shapes
and the options. Its marker records the fingerprint, so a band is skipped on
a rerun only while none of these changed (:mod:`servicecircle.batch.markers`).
The first pass's sites are read from each region's ``siting.gpkg`` once and
kept in :data:`FIRST_PASS_FILE` (with the region's marker's hash), since the
final runs (:mod:`servicecircle.batch.border_regions`) rewrite
``siting.gpkg`` with the final sites.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from servicecircle.batch.halo import halo_polygon
from servicecircle.batch.jobs import RegionJob, safe_folder_name
from servicecircle.batch.markers import is_done, marker_stamp
from servicecircle.batch.membership import points_in_region

#: The folder under the batch's output folder holding one folder per border band.
BORDERS_FOLDER = "borders"
#: The statement of a band's pass, in its folder.
BORDER_FILE = "border.json"
#: A region's first-pass sites, kept before its final run rewrites ``siting.gpkg``.
FIRST_PASS_FILE = "border_first_pass.json"  # noqa: S105 - a file name
#: Within this many halos of a third region no site is free in a band (see above).
CORNER_HALOS = 3.0
#: Regions closer than this (degrees, about 0.1 m) touch.
TOUCH_DEG = 1e-6


@dataclass(frozen=True)
class BandJob:
    """One border band to re-solve: plain data only, so that it pickles to any worker.

    Attributes
    ----------
    area
        The band as a region job: ``region_wkb`` its reach (the people its
        sites can serve), ``halo_wkb`` the area loaded, with the batch's
        extract, options and siting options.
    codes, names
        The two regions' codes and names.
    regions_wkb
        The two regions' polygons (WKB, WGS-84).
    band_wkb
        Where the band's sites may go (WKB, WGS-84).
    free
        The first pass's sites free in this band: ``(lon, lat, region code)``.
    fixed
        Every other first-pass site inside the area loaded: ``(lon, lat)``.
    counted_wkb
        Where the band states the people covered (WKB, WGS-84): its reach
        less two halos around any third region (empty: the whole reach).
    fingerprint
        A hash of what the band reads (its regions' markers, its sites,
        shapes and options): a band done with another one runs again.
    """

    area: RegionJob
    codes: tuple[str, str]
    names: tuple[str, str]
    regions_wkb: tuple[bytes, bytes]
    band_wkb: bytes
    free: tuple[tuple[float, float, str], ...] = ()
    fixed: tuple[tuple[float, float], ...] = ()
    counted_wkb: bytes = b""
    fingerprint: str = ""

    @property
    def code(self) -> str:
        """The band's code: the two regions' codes."""
        return self.area.code

    @property
    def name(self) -> str:
        """The band's name: the two regions' names."""
        return self.area.name

    def folder(self, out_dir: str | os.PathLike[str]) -> Path:
        """The band's output folder under ``out_dir``: ``borders/<code>``."""
        return Path(out_dir) / BORDERS_FOLDER / safe_folder_name(self.code)

    def regions(self) -> list[BaseGeometry]:
        """The two regions' polygons."""
        return [shapely.from_wkb(wkb) for wkb in self.regions_wkb]

    def band(self) -> BaseGeometry:
        """Where the band's sites may go."""
        return shapely.from_wkb(self.band_wkb)

    def counted(self) -> BaseGeometry:
        """Where the band states the people covered."""
        return shapely.from_wkb(self.counted_wkb or self.area.region_wkb)


@dataclass(frozen=True)
class BandOutcome:
    """What one band's pass gave: whether it changed the sites, or its error."""

    code: str
    name: str
    changed: bool = False
    path: str | None = None
    cpu_s: float = 0.0
    wall_s: float = 0.0
    peak_rss_mb: float = 0.0
    error: str | None = None
    error_zh: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the band ran without error."""
        return self.error is None


def neighbour_pairs(regions: Sequence[BaseGeometry]) -> list[tuple[int, int, BaseGeometry]]:
    """Each pair of regions sharing a border (a line, not a point), with the border.

    >>> from shapely.geometry import box
    >>> [(i, j, round(b.length, 3)) for i, j, b in neighbour_pairs([box(0, 0, 1, 1),
    ...     box(1, 0, 2, 1), box(2, 1, 3, 2), box(5, 5, 6, 6)])]
    [(0, 1, 1.0)]
    """
    geoms = np.asarray(regions, dtype=object)
    tree = shapely.STRtree(geoms)
    pairs = []
    hits = tree.query(shapely.buffer(geoms, TOUCH_DEG), predicate="intersects")
    for i, j in zip(hits[0], hits[1], strict=True):
        if i >= j:
            continue
        border = shapely.intersection(geoms[i].boundary, shapely.buffer(geoms[j], TOUCH_DEG))
        if border.length > 10 * TOUCH_DEG:
            pairs.append((int(i), int(j), border))
    return sorted(pairs, key=lambda pair: (pair[0], pair[1]))


def chosen_sites(job: RegionJob, out_dir: str | os.PathLike[str]) -> list[tuple[float, float]]:
    """The sites ``job``'s ``siting.gpkg`` states (``chosen``), ``(lon, lat)``; none if absent."""
    import pyogrio

    from servicecircle.inputs import gdal_guard
    from servicecircle.inputs.crs import WGS84

    path = job.folder(out_dir) / "siting.gpkg"
    if not path.is_file():
        return []
    source = gdal_guard.driver_path(path, "GPKG")
    frame = pyogrio.read_dataframe(source, layer="chosen", columns=[])
    if len(frame) == 0:
        return []
    points = frame.to_crs(WGS84).geometry
    return [(float(p.x), float(p.y)) for p in points]


def first_pass_sites(job: RegionJob, out_dir: str | os.PathLike[str]) -> list[tuple[float, float]]:
    """The sites ``job``'s region chose in its own run, as ``(lon, lat)``; none if absent.

    Read from :data:`FIRST_PASS_FILE` when it belongs to the region's
    current marker; otherwise from its ``siting.gpkg`` (then just written by
    the region's run), and kept in :data:`FIRST_PASS_FILE` for the next time.
    """
    from servicecircle._io import write_text_atomic

    stamp = marker_stamp(job, out_dir)
    path = job.folder(out_dir) / FIRST_PASS_FILE
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = None
    if stamp is not None and isinstance(record, dict) and record.get("region") == stamp:
        return [(float(x), float(y)) for x, y in record["sites"]]
    sites = chosen_sites(job, out_dir)
    if stamp is not None:
        write_text_atomic(path, json.dumps({"region": stamp, "sites": sites}))
    return sites


def band_fingerprint(
    regions: tuple[RegionJob, RegionJob], out_dir: str | os.PathLike[str], band: BandJob
) -> str:
    """A hash of what ``band`` reads: its regions' markers, its sites, shapes and options."""
    record = {
        "regions": [marker_stamp(job, out_dir) for job in regions],
        "free": band.free,
        "fixed": band.fixed,
        "shapes": [
            band.band_wkb.hex(),
            band.area.region_wkb.hex(),
            band.area.halo_wkb.hex(),
            band.counted_wkb.hex(),
        ],
        "inputs": band.area.inputs,
        "site": band.area.site,
    }
    text = json.dumps(record, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def band_jobs(jobs: Sequence[RegionJob], out_dir: str | os.PathLike[str]) -> list[BandJob]:
    """One band job per pair of neighbouring sited regions done, from their first-pass sites.

    Regions not done, or run without siting, take no part.
    """
    sited = [job for job in jobs if job.site is not None and is_done(job, out_dir)]
    regions = [shapely.from_wkb(job.region_wkb) for job in sited]
    pairs = neighbour_pairs(regions)
    sites = [(x, y, job.code) for job in sited for x, y in first_pass_sites(job, out_dir)]
    every = {job.code: shapely.from_wkb(job.region_wkb) for job in jobs}
    bands = [
        _band_shapes(
            regions[i],
            regions[j],
            border,
            sited[i].halo_m,
            [r for code, r in every.items() if code not in (sited[i].code, sited[j].code)],
        )
        for i, j, border in pairs
    ]
    free = _free_sites(sites, sited, pairs, [band for band, _, _, _ in bands])
    out = []
    for k, ((i, j, _), (band, reach, loaded, counted)) in enumerate(zip(pairs, bands, strict=True)):
        a, b = sited[i], sited[j]
        mine = [site for site, owner in zip(sites, free, strict=True) if owner == k]
        inside = points_in_region(np.array([shapely.Point(s[:2]) for s in sites]), loaded)
        fixed = [
            s[:2] for s, owner, near in zip(sites, free, inside, strict=True) if near and owner != k
        ]
        area = replace(
            a,
            code=f"{a.code}~{b.code}",
            name=f"{a.name} / {b.name}",
            region_wkb=shapely.to_wkb(reach),
            halo_wkb=shapely.to_wkb(loaded),
        )
        job = BandJob(
            area=area,
            codes=(a.code, b.code),
            names=(a.name, b.name),
            regions_wkb=(a.region_wkb, b.region_wkb),
            band_wkb=shapely.to_wkb(band),
            free=tuple(mine),
            fixed=tuple(fixed),
            counted_wkb=b"" if counted is None else shapely.to_wkb(counted),
        )
        out.append(replace(job, fingerprint=band_fingerprint((a, b), out_dir, job)))
    return out


def _band_shapes(
    a: BaseGeometry,
    b: BaseGeometry,
    border: BaseGeometry,
    halo_m: float,
    others: Sequence[BaseGeometry],
) -> tuple[BaseGeometry, BaseGeometry, BaseGeometry, BaseGeometry | None]:
    """The band, the reach, the area loaded and where people are counted (``None``: the reach).

    The band leaves out :data:`CORNER_HALOS` halos around the ``others``
    (the regions but ``a`` and ``b``), the people counted two halos.
    """
    both = shapely.union(a, b)
    band = shapely.intersection(halo_polygon(border, halo_m), both)
    reach = shapely.intersection(halo_polygon(border, 2.0 * halo_m), both)
    loaded = halo_polygon(reach, halo_m)
    near = halo_polygon(reach, CORNER_HALOS * halo_m)
    third = [shapely.intersection(r, near) for r in others if shapely.intersects(r, near)]
    third = [part for part in third if not part.is_empty]
    if not third:
        return band, reach, loaded, None
    corner = shapely.union_all(third)
    band = shapely.difference(band, halo_polygon(corner, CORNER_HALOS * halo_m))
    counted = shapely.difference(reach, halo_polygon(corner, 2.0 * halo_m))
    return band, reach, loaded, counted


def _free_sites(
    sites: Sequence[tuple[float, float, str]],
    jobs: Sequence[RegionJob],
    pairs: Sequence[tuple[int, int, BaseGeometry]],
    bands: Sequence[BaseGeometry],
) -> list[int | None]:
    """For each site, the band it is free in (its region's nearest border within the halo)."""
    index = {job.code: i for i, job in enumerate(jobs)}
    owners: list[int | None] = []
    for x, y, code in sites:
        point = shapely.Point(x, y)
        near = [
            (shapely.distance(point, border), k)
            for k, (i, j, border) in enumerate(pairs)
            if index[code] in (i, j) and bands[k].covers(point)
        ]
        owners.append(min(near)[1] if near else None)
    return owners
