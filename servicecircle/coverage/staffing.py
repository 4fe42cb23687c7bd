"""Each outlet's staff: from the planner's file, else from its type's standard.

An outlet's ``staff`` column (people) is what its file says (人员, 工作人员数,
``staff``; :func:`~servicecircle.supply.outlets.prepare_outlets`). Where the
file gives none, the type's standard applies
(:class:`~servicecircle.supply.outlets.OutletType`): its fixed ``staff``, or
one staff member per ``residents_per_staff`` residents in the outlet's
catchment — the people within its own minutes by its own mode, rounded up,
at least one.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.coverage.settings import CoverageSettings
from servicecircle.network import Network
from servicecircle.reach import travel_times

#: Where an outlet's staff count comes from: its file, or its type's standard.
STAFF_SOURCES = ("file", "standard")


def catchment_people(
    outlets: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    networks: Mapping[str, Network],
    settings: CoverageSettings,
) -> pd.Series:
    """People within each outlet's own minutes by its own mode (indexed like ``outlets``).

    ``outlets`` carry ``mode`` and ``minutes`` (the table of
    :attr:`~servicecircle.coverage.Coverage.outlets`); ``units`` carry ``people``.
    """
    people = units["people"].to_numpy(float)
    out = pd.Series(0.0, index=outlets.index)
    for (mode, minutes), group in outlets.groupby(["mode", "minutes"]):
        times = travel_times(
            networks[str(mode)],
            outlets.loc[group.index],
            units,
            cutoff_minutes=float(str(minutes)),
            max_snap_m=settings.max_snap_m,
        )
        reached = times.within()
        out.loc[group.index] = np.asarray(reached @ people, dtype=float).ravel()
    return out


def outlets_with_staff(
    outlets: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    networks: Mapping[str, Network],
    settings: CoverageSettings,
) -> gpd.GeoDataFrame:
    """A copy of ``outlets`` with a numeric ``staff`` (people) and its ``staff_source``.

    Parameters
    ----------
    outlets
        Outlets with ``outlet_type``, ``mode`` and ``minutes``, and optionally
        ``staff`` (NaN where the file gave none) and ``tier``.
    units
        Demand units with ``people`` (the catchment of a per-resident standard).
    networks
        The network of each mode the outlets use.
    settings
        The coverage settings holding the outlet types.

    Returns
    -------
    geopandas.GeoDataFrame
        ``staff`` (float, people), ``staff_source`` (``"file"`` or
        ``"standard"``) and ``tier`` (the type's where missing).
    """
    types = settings.outlet_types
    keys = outlets["outlet_type"].astype(str) if "outlet_type" in outlets.columns else None
    given = (
        pd.to_numeric(outlets["staff"], errors="coerce")
        if "staff" in outlets.columns
        else pd.Series(np.nan, index=outlets.index)
    )
    kinds = [types.get(k) for k in keys] if keys is not None else [None] * len(outlets)
    staff = given.to_numpy(float).copy()
    missing = np.isnan(staff)
    per_resident = missing & np.array(
        [k is not None and k.residents_per_staff is not None for k in kinds], bool
    )
    for position in np.flatnonzero(missing & ~per_resident):
        kind = kinds[position]
        staff[position] = kind.staff if kind is not None else 1.0
    if per_resident.any():
        chosen = outlets.iloc[np.flatnonzero(per_resident)]
        people = catchment_people(chosen, units, networks, settings).to_numpy(float)
        per = np.array(
            [
                float(getattr(kinds[p], "residents_per_staff", 1.0) or 1.0)
                for p in np.flatnonzero(per_resident)
            ],
            dtype=np.float64,
        )
        staff[per_resident] = np.maximum(1.0, np.ceil(people / per))
    tiers = [k.tier if k is not None else "community" for k in kinds]
    if "tier" in outlets.columns:
        tiers = [
            t if isinstance(t, str) and t else d
            for t, d in zip(outlets["tier"], tiers, strict=True)
        ]
    return outlets.assign(
        staff=staff,
        staff_source=np.where(missing, "standard", "file"),
        tier=tiers,
    )


__all__ = ["STAFF_SOURCES", "catchment_people", "outlets_with_staff"]
