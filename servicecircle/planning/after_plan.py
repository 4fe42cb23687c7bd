"""The outlets after a siting plan, and staff per 10,000 and tier coverage before and after it.

A plan's new sites become outlets of the type the planner chose for them
(``chosen["type"]``; the candidates' new-outlet type, by default the
community window), each with that type's tier, travel mode, catchment
minutes and staff:

- **staff by the standard** (:func:`with_site_staff`): the type's fixed
  number, or one staff member per ``residents_per_staff`` residents within
  the site's own catchment (:func:`~servicecircle.coverage.staffing.outlets_with_staff`,
  the rule today's outlets follow when their file gives no count);
- **staff a staff-budget model allocated**: a ``staff`` column already in
  ``chosen`` (with ``staff_source`` ``"allocation"``) is kept, and
  ``existing_staff`` replaces today's outlets' counts (:func:`outlets_after_plan`).

:func:`plan_effect` measures today's outlets and the outlets after the plan
with the same functions ``analyze`` uses: the capacity-aware accessibility
(:func:`~servicecircle.coverage.access_run.accessibility_from`: staff per
10,000, load, the three-way split) and the coverage by tier with the
township/street grades (:func:`~servicecircle.coverage.tiers.tier_coverage`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd

from servicecircle.coverage.access_run import Accessibility, accessibility_from
from servicecircle.coverage.measure import Coverage, outlet_modes
from servicecircle.coverage.staffing import outlets_with_staff
from servicecircle.coverage.tiers import TierCoverage, tier_coverage
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.crs import WGS84
from servicecircle.network import Network
from servicecircle.siting import SitingProblem, SitingResult

#: Columns :func:`with_site_staff` adds to a plan's chosen sites.
SITE_STAFF_COLUMNS: Final[tuple[str, ...]] = ("tier", "staff", "staff_source")

#: ``staff_source`` of a new site whose staff a staff-budget model allocated.
ALLOCATED: Final = "allocation"


def _site_outlets(chosen: gpd.GeoDataFrame, coverage: Coverage) -> gpd.GeoDataFrame:
    """``chosen`` as outlets: ``name``, ``outlet_type``, ``mode``, ``minutes`` (WGS-84)."""
    names = chosen["name"] if "name" in chosen.columns else pd.Series(None, index=chosen.index)
    sites = gpd.GeoDataFrame(
        {
            "name": names.to_numpy(dtype=object),
            "outlet_type": chosen["type"].astype(str).to_numpy(),
        },
        geometry=chosen.to_crs(WGS84).geometry.to_numpy(),
        crs=WGS84,
    )
    unknown = sorted(set(sites["outlet_type"]) - set(coverage.settings.outlet_types))
    if unknown:
        raise InputDataError(
            msg(
                "msg.planning.unknown_new_types",
                unknown=unknown,
                types=list(coverage.settings.outlet_types),
            )
        )
    plan = outlet_modes(sites, coverage.settings)
    return sites.assign(mode=plan["mode"].to_numpy(), minutes=plan["minutes"].to_numpy())


def with_site_staff(
    chosen: gpd.GeoDataFrame,
    coverage: Coverage,
    networks: Mapping[str, Network],
    *,
    allocated: npt.ArrayLike | None = None,
) -> gpd.GeoDataFrame:
    """``chosen`` with each new site's ``tier``, ``staff`` and ``staff_source``.

    A site's tier is its type's; its staff is what a staff-budget model
    allocated (``allocated``, else ``chosen["staff"]``; ``staff_source``
    ``"allocation"``; NaN: none allocated), else
    its type's standard (``"standard"``): the fixed number, or one per
    ``residents_per_staff`` people of ``coverage``'s demand within the site's
    own minutes by its own mode, rounded up, at least one.

    Parameters
    ----------
    chosen
        The plan's new sites (``type``, ``name``, points).
    coverage
        Today's coverage: its settings hold the types, its demand the people.
    networks
        The network of each mode of the new types.
    allocated
        Staff of each site (in ``chosen``'s order) a staff-budget model
        allocated (:func:`allocated_staff`).
    """
    if len(chosen) == 0:
        return chosen.assign(**{c: pd.Series(dtype=object) for c in SITE_STAFF_COLUMNS})
    sites = _site_outlets(chosen, coverage)
    if allocated is not None:
        given = np.asarray(allocated, dtype=float).reshape(len(chosen))
    elif "staff" in chosen.columns:
        given = pd.to_numeric(chosen["staff"], errors="coerce").to_numpy(float)
    else:
        given = np.full(len(chosen), np.nan)
    staffed = outlets_with_staff(
        sites.assign(staff=given), coverage.demand, networks, coverage.settings
    )
    allocated = ~np.isnan(given)
    return chosen.assign(
        tier=staffed["tier"].to_numpy(),
        staff=staffed["staff"].to_numpy(float),
        staff_source=np.where(allocated, ALLOCATED, "standard"),
    )


def outlets_after_plan(
    coverage: Coverage,
    chosen: gpd.GeoDataFrame,
    networks: Mapping[str, Network],
    *,
    existing_staff: npt.ArrayLike | None = None,
) -> gpd.GeoDataFrame:
    """Today's outlets followed by the plan's new sites, each with its staff and tier.

    Parameters
    ----------
    coverage
        Today's coverage (:attr:`~servicecircle.coverage.Coverage.outlets`
        with ``mode``, ``minutes``, ``tier``, ``staff``).
    chosen
        The new sites (:attr:`~servicecircle.planning.plan.SitingPlan.chosen`);
        without ``staff_source`` they are staffed by :func:`with_site_staff`.
    networks
        The network of each mode of the new types.
    existing_staff
        Staff of today's outlets after the plan (in their order), when a
        staff-budget model moved staff; ``None`` (or NaN for an outlet) keeps today's.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns of today's outlets plus ``new_rank`` (the site's build order;
        missing for today's outlets); index 0..n-1.
    """
    if "staff_source" not in chosen.columns:
        chosen = with_site_staff(chosen, coverage, networks)
    today = coverage.outlets.copy()
    if existing_staff is not None:
        staff = np.asarray(existing_staff, dtype=float)
        if staff.shape != (len(today),):
            raise ValueError(f"existing_staff has {staff.size} values for {len(today)} outlets")
        moved = ~np.isnan(staff)
        today["staff"] = np.where(moved, staff, today["staff"].to_numpy(float))
        today["staff_source"] = np.where(moved, ALLOCATED, today["staff_source"].to_numpy())
    new = _site_outlets(chosen, coverage).assign(
        tier=chosen["tier"].to_numpy(),
        staff=pd.to_numeric(chosen["staff"], errors="coerce").to_numpy(float),
        staff_source=chosen["staff_source"].to_numpy(),
        new_rank=(
            chosen["rank"].to_numpy() if "rank" in chosen.columns else np.arange(1, len(chosen) + 1)
        ),
    )
    joined = pd.concat([today, new], ignore_index=True)
    joined["new_rank"] = pd.array(joined["new_rank"], dtype="Int64")
    return gpd.GeoDataFrame(joined, geometry="geometry", crs=WGS84)


@dataclass(frozen=True)
class AllocatedStaff:
    """Staff a staff-budget model gave today's outlets and the new sites (NaN: none given).

    ``existing`` is in today's outlets' order, ``new`` in the plan's build order.
    """

    existing: npt.NDArray[np.float64]
    new: npt.NDArray[np.float64]


def allocated_staff(
    result: SitingResult, problem: SitingProblem | None, n_existing: int
) -> AllocatedStaff | None:
    """The staff a staff-budget model's ``result`` posts, per outlet; ``None`` for other models.

    The allocation (``result.staff``: each open outlet's problem option and
    ``staff_after``) is mapped to sites by ``problem.site_of``: sites below
    ``n_existing`` are today's outlets, the others the new sites of
    ``result.sites``.
    """
    staff = getattr(result, "staff", None)
    if staff is None or problem is None:
        return None
    sites = problem.site_of[np.asarray(staff.options, dtype=np.int64)]
    after = np.asarray(staff.staff_after, dtype=float)
    existing = np.full(n_existing, np.nan)
    inside = sites < n_existing
    existing[sites[inside]] = after[inside]
    by_site = dict(zip(sites[~inside].tolist(), after[~inside].tolist(), strict=True))
    new = np.array([by_site.get(int(site.site), np.nan) for site in result.sites], dtype=float)
    return AllocatedStaff(existing=existing, new=new)


def staffed_sites(
    chosen: gpd.GeoDataFrame,
    coverage: Coverage,
    networks: Mapping[str, Network],
    result: SitingResult,
    problem: SitingProblem | None,
) -> gpd.GeoDataFrame:
    """:func:`with_site_staff` with the staff ``result``'s staff-budget model allocated, if any."""
    allocated = allocated_staff(result, problem, len(coverage.outlets))
    return with_site_staff(
        chosen, coverage, networks, allocated=allocated.new if allocated else None
    )


@dataclass(frozen=True, eq=False)
class PlanEffect:
    """Staff per 10,000, load, the three-way split and tier coverage, today and after the plan.

    Attributes
    ----------
    outlets
        The outlets after the plan (:func:`outlets_after_plan`): today's,
        then the new sites (``new_rank`` set).
    access_before, access_after
        The accessibility of today's outlets and of :attr:`outlets`.
    tiers_before, tiers_after
        The coverage by tier and the grades, today and after the plan.
    """

    outlets: gpd.GeoDataFrame
    access_before: Accessibility
    access_after: Accessibility
    tiers_before: TierCoverage
    tiers_after: TierCoverage

    @property
    def new_sites(self) -> gpd.GeoDataFrame:
        """The new sites among :attr:`outlets`."""
        return self.outlets[self.outlets["new_rank"].notna()]


def coverage_after_plan(coverage: Coverage, outlets: gpd.GeoDataFrame) -> Coverage:
    """``coverage`` whose outlets are ``outlets`` (the demand's people and places unchanged).

    Only the outlets and the demand's people and places are read by
    :func:`~servicecircle.coverage.access_run.accessibility_from` and
    :func:`~servicecircle.coverage.tiers.tier_coverage`; the other tables stay today's.
    """
    return dataclasses.replace(coverage, outlets=outlets)


def plan_effect(
    coverage: Coverage,
    chosen: gpd.GeoDataFrame,
    networks: Mapping[str, Network],
    *,
    existing_staff: npt.ArrayLike | None = None,
    before: tuple[Accessibility, TierCoverage] | None = None,
) -> PlanEffect:
    """Measure today's outlets and the outlets after the plan alike.

    Parameters
    ----------
    coverage
        Today's coverage.
    chosen
        The plan's new sites (:attr:`~servicecircle.planning.plan.SitingPlan.chosen`).
    networks
        The network of every mode of today's outlets and the new types.
    existing_staff
        Today's outlets' staff after a staff-budget model's allocation (see
        :func:`outlets_after_plan`).
    before
        Today's accessibility and tier coverage when already measured.
    """
    if before is None:
        before = (accessibility_from(coverage, networks), tier_coverage(coverage, networks))
    outlets = outlets_after_plan(coverage, chosen, networks, existing_staff=existing_staff)
    after = coverage_after_plan(coverage, outlets)
    return PlanEffect(
        outlets=outlets,
        access_before=before[0],
        access_after=accessibility_from(after, networks),
        tiers_before=before[1],
        tiers_after=tier_coverage(after, networks),
    )


__all__ = [
    "ALLOCATED",
    "SITE_STAFF_COLUMNS",
    "AllocatedStaff",
    "PlanEffect",
    "allocated_staff",
    "coverage_after_plan",
    "outlets_after_plan",
    "plan_effect",
    "staffed_sites",
    "with_site_staff",
]
