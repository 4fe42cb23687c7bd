"""New sites for one region, with its neighbours' outlets fixed.

The region's coverage was measured with every outlet of its halo, so the
outlets just across the border already count as existing: the siting model
only proposes sites for the region's people that no outlet, on either side of
the border, serves. New sites are chosen among candidates inside the region.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servicecircle.batch.membership import points_in_region
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg

if TYPE_CHECKING:
    from servicecircle.batch.jobs import RegionJob
    from servicecircle.batch.region_area import RegionCoverage
    from servicecircle.planning.request import SitingRequest

#: The type of the new outlets when the siting options do not name one.
DEFAULT_NEW_TYPE = "community_window"

#: The keys of a job's ``site`` options that are not fields of a siting request.
NOT_REQUEST = ("new_type", "candidates", "exclude")


def siting_request(site: Mapping[str, Any]) -> SitingRequest:
    """The siting request of a job's ``site`` options (``new_type`` becomes ``new_types``)."""
    from servicecircle.planning.request import SitingRequest

    fields = {key: value for key, value in site.items() if key not in NOT_REQUEST}
    fields["new_types"] = (str(site.get("new_type") or DEFAULT_NEW_TYPE),)
    if "must_cover" in fields:
        fields["must_cover"] = tuple(fields["must_cover"])
    return SitingRequest(**fields)


def _cut_files(
    sources: list[str], exclude: str | None, job: RegionJob, scratch: Path
) -> tuple[list[str], str | None]:
    """The candidate files (not ``osm``/``auto``) and the exclusion file cut to the halo."""
    import shapely

    from servicecircle.batch.region_files import cut_file

    halo = shapely.from_wkb(job.halo_wkb)
    crs = job.inputs.get("crs")
    cut: list[str] = []
    for i, source in enumerate(sources):
        if source in {"osm", "auto", ""}:
            cut.append(source)
            continue
        copy = cut_file(source, "point", crs, halo, scratch / f"candidates_{i}")
        if copy is not None:
            cut.append(copy)
    if exclude is not None:
        exclude = cut_file(str(exclude), "polygon", crs, halo, scratch / "exclude")
    return cut, exclude


def site_region(
    measured: RegionCoverage, job: RegionJob, folder: Path, *, scratch: Path | None = None
) -> tuple[list[str], int]:
    """Choose new sites inside the region and write ``siting.gpkg`` and ``siting.json``.

    Parameters
    ----------
    measured
        The region's coverage on its halo (its settings know the new type).
    job
        The region and its ``site`` options.
    folder
        The region's output folder.
    scratch
        A folder for the candidate and exclusion files cut to the halo
        (:func:`~servicecircle.batch.region_files.cut_file`); ``None`` reads
        them whole.

    Returns
    -------
    tuple of (list of str, int)
        The files written and the number of new sites chosen.

    Raises
    ------
    InputDataError
        When no candidate site lies inside the region.
    """
    from servicecircle.coverage.site_areas import site_service_areas
    from servicecircle.planning.plan import plan_sites
    from servicecircle.results.folder import write_siting
    from servicecircle.results.summary import siting_summary
    from servicecircle.workflow.prepare import site_candidates

    site = dict(job.site or {})
    new_type = str(site.get("new_type") or DEFAULT_NEW_TYPE)
    sources = [part.strip() for part in str(site.get("candidates") or "auto").split(",")]
    exclude = site.get("exclude")
    if scratch is not None:
        sources, exclude = _cut_files(sources, exclude, job, scratch)
    candidates = site_candidates(
        measured.area,
        measured.coverage,
        measured.networks,
        sources=[source for source in sources if source],
        new_type=new_type,
        exclude=exclude,
        crs=job.inputs.get("crs"),
    )
    candidates = candidates[points_in_region(candidates.geometry.to_numpy(), measured.region)]
    if len(candidates) == 0:
        raise InputDataError(msg("msg.batch.no_candidates", region=job.name, code=job.code))
    plan = plan_sites(
        measured.area,
        measured.coverage,
        candidates,
        request=siting_request(site),
        networks=measured.networks,
    )
    areas = site_service_areas(
        plan.chosen,
        settings=measured.coverage.settings,
        networks=measured.networks,
        area=measured.area,
        demand=measured.coverage.demand,
    )
    written = write_siting(plan, siting_summary(plan), folder, title=job.name, areas=areas)
    return [str(path) for path in written], len(plan.chosen)
