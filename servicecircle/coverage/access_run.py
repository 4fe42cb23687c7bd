"""Capacity-aware accessibility of today's outlets, from a :class:`~.measure.Coverage`.

:func:`accessibility_from` builds the outlets × demand-units travel minutes
(each outlet on its own type's network, up to its catchment), takes each
outlet's staff, and gives an :class:`Accessibility`: staff per 10,000
residents reachable per demand unit (2SFCA and E2SFCA), each outlet's load
and the three-way split of people (rules: :mod:`.accessibility`), also by
township/street and community.

Staff: the outlets' ``staff`` column (its file's count, else its type's
standard: :mod:`.staffing`) where it holds a number, else ``staff`` (default
:data:`~.accessibility.DEFAULT_STAFF`, one). Catchment: each outlet's type's
standard minutes (``Coverage.outlets["minutes"]``), or ``cutoff_minutes`` for
all. Capacity: staff × people per staff member, which is ``people_per_staff``
when given, else the type's standard of one staff member per
``residents_per_staff`` residents where it has one, else
:data:`~.accessibility.DEFAULT_PEOPLE_PER_STAFF`.

By township and community, staff per 10,000 is the people-weighted mean of
its demand units' values (``sum P_i A_i / sum P_i``: the staff shared out to
its residents per 10,000 of them); the split's people are summed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix

from servicecircle.coverage.accessibility import (
    DEFAULT_PEOPLE_PER_STAFF,
    DEFAULT_STAFF,
    CapacitySplit,
    DecayBands,
    FloatArray,
    FloatingCatchment,
    capacity_split,
    catchment_weights,
    floating_catchment,
)
from servicecircle.coverage.measure import Coverage
from servicecircle.coverage.tables import people, people_by_unit
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.network import Network
from servicecircle.reach import travel_times

#: Columns of :attr:`Accessibility.by_unit` after ``level``, ``township``, ``unit``, ``people``.
SPLIT_COLUMNS: tuple[str, ...] = ("served", "over_capacity", "out_of_reach")

#: Columns of the outlets kept in :attr:`Accessibility.outlets` where they have them.
DESCRIBED_COLUMNS: tuple[str, ...] = ("outlet_type", "tier", "staff_source")


@dataclass(frozen=True, eq=False)
class Accessibility:
    """Staff per 10,000 residents, outlets' load and who is served within capacity.

    Attributes
    ----------
    units
        Per demand unit (indexed like ``Coverage.demand``): ``people``,
        ``township``, ``community``, ``staff_per_10k`` (2SFCA),
        ``staff_per_10k_e2sfca`` and ``served``, ``over_capacity``,
        ``out_of_reach`` (people; they add up to ``people``).
    outlets
        Per outlet (indexed like ``Coverage.outlets``): ``name``,
        ``outlet_type``, ``tier`` and ``staff_source`` (where the outlets
        have them), ``staff``,
        ``catchment_minutes``, ``catchment_people`` (people in its catchment),
        ``weighted_people`` (E2SFCA-weighted), ``load`` (catchment people per
        staff member; NaN without staff), ``people_per_staff``, ``capacity``
        (staff × people per staff), ``served`` and
        ``utilisation`` (served / capacity; NaN without capacity).
    by_unit
        ``level`` (``total``, ``township``, ``community``), ``township``,
        ``unit``, ``people``, ``staff_per_10k``, ``staff_per_10k_e2sfca``
        (people-weighted means) and the split's people summed.
    people_per_staff
        People per staff member of outlets whose type sets none.
    bands
        The E2SFCA bands used.
    """

    units: pd.DataFrame
    outlets: pd.DataFrame
    by_unit: pd.DataFrame
    people_per_staff: float
    bands: DecayBands = field(default_factory=DecayBands)

    def heaviest(self, count: int = 5) -> pd.DataFrame:
        """The ``count`` outlets with the most people in reach per staff member."""
        return self.outlets.sort_values("load", ascending=False, na_position="last").head(count)


def outlet_staff(outlets: pd.DataFrame, staff: float | None = None) -> FloatArray:
    """Staff of each outlet: its ``staff`` column where a number, else ``staff`` (default 1)."""
    fallback = DEFAULT_STAFF if staff is None else float(staff)
    if "staff" in outlets.columns:
        column = pd.to_numeric(outlets["staff"], errors="coerce")
        values = column.fillna(fallback).to_numpy(float)
    else:
        values = np.full(len(outlets), fallback)
    if np.any(~(values >= 0)):
        raise InputDataError(msg("msg.access.negative", what=msg("msg.access.what.staff")))
    return values


def outlet_people_per_staff(
    coverage: Coverage, people_per_staff: float | None = None
) -> FloatArray:
    """People one staff member of each outlet serves: given, else its type's, else 5,000."""
    if people_per_staff is not None:
        if not people_per_staff >= 0:
            raise InputDataError(
                msg("msg.access.negative", what=msg("msg.access.what.people_per_staff"))
            )
        return np.full(len(coverage.outlets), float(people_per_staff))
    types = coverage.settings.outlet_types
    keys = coverage.outlets.get("outlet_type", pd.Series(None, index=coverage.outlets.index))
    standards = [getattr(types.get(str(key)), "residents_per_staff", None) for key in keys]
    return np.array(
        [DEFAULT_PEOPLE_PER_STAFF if per is None else float(per) for per in standards], dtype=float
    )


def outlet_minutes(
    networks: Mapping[str, Network],
    coverage: Coverage,
    catchment: FloatArray,
) -> csr_matrix:
    """Outlets × demand units travel minutes, each outlet on its mode's network up to its catchment.

    Explicit zeros (an outlet and a unit at the same spot) are kept. Without
    outlets (a batch region no outlet reaches) the matrix has no row.
    """
    outlets, units = coverage.outlets, coverage.demand
    modes = outlets["mode"].astype(str).to_numpy()
    indices: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * len(outlets)
    data: list[np.ndarray] = [np.zeros(0)] * len(outlets)
    for mode in sorted(set(modes)):
        rows = np.flatnonzero(modes == mode)
        times = travel_times(
            networks[mode],
            outlets.iloc[rows],
            units,
            cutoff_minutes=float(catchment[rows].max()),
            max_snap_m=coverage.settings.max_snap_m,
        ).minutes
        for i, row in enumerate(rows):
            start, end = times.indptr[i], times.indptr[i + 1]
            indices[row], data[row] = times.indices[start:end], times.data[start:end]
    indptr = np.concatenate([[0], np.cumsum([len(x) for x in indices])])
    return csr_matrix(
        (
            np.concatenate([np.zeros(0), *data]),
            np.concatenate([np.zeros(0, dtype=np.int64), *indices]).astype(np.int64),
            indptr,
        ),
        shape=(len(outlets), len(units)),
    )


def access_by_unit(units: pd.DataFrame) -> pd.DataFrame:
    """People-weighted staff per 10,000 and the split's people, in total, by township, community.

    ``units`` as :attr:`Accessibility.units`; a township or community's staff per
    10,000 is ``sum P_i A_i / sum P_i`` over its units (0 where nobody lives).
    """
    weight = units["people"].to_numpy(float)
    measures = {
        "staff_weighted": weight * units["staff_per_10k"].to_numpy(float),
        "e2sfca_weighted": weight * units["staff_per_10k_e2sfca"].to_numpy(float),
        **{name: units[name].to_numpy(float) for name in SPLIT_COLUMNS},
    }
    table = people_by_unit(units, measures, levels=("total", "township", "community"))
    total = table["people"].to_numpy(float)
    for name, summed in (
        ("staff_per_10k", "staff_weighted"),
        ("staff_per_10k_e2sfca", "e2sfca_weighted"),
    ):
        values = table[summed].to_numpy(float)
        table[name] = np.divide(values, total, out=np.zeros_like(values), where=total > 0)
    columns = ["level", "township", "unit", "people", "staff_per_10k", "staff_per_10k_e2sfca"]
    return table[[*columns, *SPLIT_COLUMNS]]


def _outlet_table(
    outlets: gpd.GeoDataFrame,
    staff: FloatArray,
    catchment: FloatArray,
    plain: FloatingCatchment,
    enhanced: FloatingCatchment,
    split: CapacitySplit,
    per_staff: FloatArray,
) -> pd.DataFrame:
    """One row per outlet: staff, catchment, people in reach, load, capacity and served.

    The outlets' ``outlet_type``, ``tier`` and ``staff_source`` are kept where they have them.
    """
    capacity, served = split.capacity, split.outlet_served
    nan = np.full(len(staff), np.nan)
    people = plain.catchment_people
    names = outlets["name"] if "name" in outlets.columns else pd.Series("", index=outlets.index)
    described = {
        column: outlets[column].to_numpy(object)
        for column in DESCRIBED_COLUMNS
        if column in outlets.columns
    }
    return pd.DataFrame(
        {
            "name": names.astype(object).where(names.notna(), "").astype(str).to_numpy(),
            **described,
            "staff": staff,
            "catchment_minutes": catchment,
            "catchment_people": people,
            "weighted_people": enhanced.catchment_people,
            "load": np.divide(people, staff, out=nan.copy(), where=staff > 0),
            "people_per_staff": per_staff,
            "capacity": capacity,
            "served": served,
            "utilisation": np.divide(served, capacity, out=nan.copy(), where=capacity > 0),
        },
        index=outlets.index,
    )


def accessibility_from(
    coverage: Coverage,
    networks: Mapping[str, Network],
    *,
    staff: float | None = None,
    people_per_staff: float | None = None,
    cutoff_minutes: float | None = None,
    bands: DecayBands | None = None,
) -> Accessibility:
    """2SFCA and E2SFCA on staff, each outlet's load and the three-way split of people.

    Parameters
    ----------
    coverage
        Today's coverage (its outlets with ``mode``, ``minutes`` and
        ``staff``, its demand units with ``people``, ``township``,
        ``community``).
    networks
        The network of every mode of the outlets (as the coverage used).
    staff
        Staff of an outlet whose ``staff`` column is missing or empty
        (default one).
    people_per_staff
        People one staff member can serve, for every outlet (capacity =
        staff × this); ``None``: each type's ``residents_per_staff`` where
        set, else :data:`~.accessibility.DEFAULT_PEOPLE_PER_STAFF`.
    cutoff_minutes
        One catchment for every outlet instead of its type's standard.
    bands
        The E2SFCA bands (default Luo & Qi's weights on thirds of each
        catchment).
    """
    outlets, units = coverage.outlets, coverage.demand
    per_staff = outlet_people_per_staff(coverage, people_per_staff)
    staff_array = outlet_staff(outlets, staff)
    catchment = (
        np.full(len(outlets), float(cutoff_minutes))
        if cutoff_minutes is not None
        else outlets["minutes"].to_numpy(float)
    )
    bands = bands or DecayBands()
    minutes = outlet_minutes(networks, coverage, catchment)
    residents = people(units)
    plain = floating_catchment(catchment_weights(minutes, catchment), residents, staff_array)
    enhanced = floating_catchment(
        catchment_weights(minutes, catchment, bands), residents, staff_array
    )
    split = capacity_split(minutes, catchment, residents, staff_array * per_staff)
    table = pd.DataFrame(
        {
            "people": residents,
            "staff_per_10k": plain.staff_per_10k,
            "staff_per_10k_e2sfca": enhanced.staff_per_10k,
            "served": split.served,
            "over_capacity": split.over_capacity,
            "out_of_reach": split.out_of_reach,
        },
        index=units.index,
    )
    for column in ("township", "community"):
        if column in units.columns:
            table[column] = units[column].to_numpy()
    return Accessibility(
        units=table,
        outlets=_outlet_table(outlets, staff_array, catchment, plain, enhanced, split, per_staff),
        by_unit=access_by_unit(table),
        people_per_staff=DEFAULT_PEOPLE_PER_STAFF if people_per_staff is None else people_per_staff,
        bands=bands,
    )
