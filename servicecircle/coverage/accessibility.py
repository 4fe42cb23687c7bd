"""Capacity-aware accessibility on staff: 2SFCA, E2SFCA, each outlet's load and who is served.

Everything here works on a sparse outlets × demand-units matrix of travel
minutes (:class:`servicecircle.reach.TravelTimes`'s ``minutes``: only pairs
within a cutoff stored, explicit zeros kept), each outlet's catchment minutes
(its type's standard, or a given cutoff), its staff and the people of each
unit. :mod:`.access_run` builds those from a :class:`~.measure.Coverage`.

Two-step floating catchment (2SFCA; Luo & Wang 2003, *Environment and
Planning B* 30(6):865-884), with band weights ``w`` (E2SFCA):

1. for every outlet ``j``, the weighted people in its catchment
   ``D_j = sum_i w(t_ij) P_i`` over units ``i`` with ``t_ij`` at most its
   catchment minutes, and the ratio ``R_j = S_j / D_j`` (staff per person;
   0 when ``D_j`` is 0);
2. for every unit ``i``, ``A_i = sum_j w(t_ij) R_j`` over the outlets whose
   catchment holds ``i``; *staff per 10,000 residents* is ``10,000 A_i``.

Plain 2SFCA is ``w = 1`` inside the catchment. E2SFCA (Luo & Qi 2009,
*Health & Place* 15(4):1100-1107) weights travel-time bands; their weights
1.00, 0.68 and 0.22 (a Gaussian decay sampled at the middle of three bands,
0-10, 10-20 and 20-30 minutes of a 30-minute catchment) are the default here,
with the bands the outlet's own catchment cut into three equal parts (0-5,
5-10 and 10-15 minutes for a 15-minute standard). A time on a band's upper
limit belongs to that band (``t <= limit``), as in PySAL ``access``'s
``weights.step_fn``. ``sum_i P_i A_i = sum_j S_j`` over outlets with people in
reach: the staff are shared out, never created (tested).

These numbers equal PySAL ``access`` (``Access.two_stage_fca`` and
``enhanced_two_stage_fca`` with ``max_cost`` the catchment and ``weight_fn``
``weights.step_fn`` of the bands, not normalised) to 1e-9 (tested), except
where PySAL has no number: a unit no outlet reaches is 0 here (NaN there) and
an outlet whose catchment holds nobody shares nothing here (PySAL divides by
zero).

Capacity and the three-way split (:func:`capacity_split`): an outlet can
serve ``capacity_j = S_j × people_per_staff`` people. Every unit turns to
the outlets whose catchment holds it, nearest first (ties: the outlet listed
first). In round ``k`` each unit asks its ``k``-th nearest outlet for the
people still unserved; an outlet serves the requests of a round pro rata, all
of them if its spare capacity allows, else the same share of each, and its
spare capacity shrinks by what it served. After the last round each unit's
people are *served within capacity*, *within reach but over capacity* (its
outlets' capacity ran out) or *out of reach* (no catchment holds it); the
three add up to its people exactly (the second is the people less the first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg

FloatArray = npt.NDArray[np.float64]

#: Residents one staff member is taken to serve when no standard is given: a
#: community (社区, 3,000-10,000 residents in Chinese cities) staffed with one
#: employment and labour-security assistant. An assumption to replace with
#: the local standard (the ``people_per_staff`` parameter), not a national norm.
DEFAULT_PEOPLE_PER_STAFF = 5000.0
#: Staff of an outlet whose staff are not known.
DEFAULT_STAFF = 1.0
#: Luo & Qi (2009) E2SFCA band weights, nearest band first.
LUO_QI_WEIGHTS: tuple[float, ...] = (1.0, 0.68, 0.22)
#: Staff per this many residents (the unit the accessibility is said in).
PER_RESIDENTS = 10_000.0


@dataclass(frozen=True)
class DecayBands:
    """Travel-time bands and their weights for E2SFCA.

    Attributes
    ----------
    weights
        Weight of each band, nearest first (each at least 0).
    upper_minutes
        Upper limit of each band in minutes, ascending, one per weight; a
        time past the last limit weighs 0. ``None`` (default): each outlet's
        catchment cut into ``len(weights)`` equal bands.

    >>> DecayBands().weigh(np.array([0.0, 5.0, 5.5, 15.0, 16.0]), np.full(5, 15.0)).tolist()
    [1.0, 1.0, 0.68, 0.22, 0.0]
    """

    weights: tuple[float, ...] = LUO_QI_WEIGHTS
    upper_minutes: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        limits = self.upper_minutes
        bad = not self.weights or any(not w >= 0 for w in self.weights)
        if limits is not None:
            steps = np.diff(np.asarray(limits, dtype=float))
            bad = bad or len(limits) != len(self.weights) or bool(np.any(steps <= 0))
        if bad:
            raise InputDataError(
                msg("msg.access.bad_bands", weights=list(self.weights), limits=list(limits or []))
            )

    def weigh(self, minutes: FloatArray, catchment: FloatArray) -> FloatArray:
        """The weight of each time, with the catchment minutes of its outlet (same shape)."""
        n = len(self.weights)
        weight = np.zeros(minutes.shape)
        settled = minutes > catchment
        for k in range(n):
            if self.upper_minutes is None:
                limit = catchment * (k + 1) / n
            else:
                limit = np.full(minutes.shape, self.upper_minutes[k])
            here = ~settled & (minutes <= limit)
            weight[here] = self.weights[k]
            settled |= here
        return weight


@dataclass(frozen=True)
class FloatingCatchment:
    """The two steps of a (weighted) floating catchment, per outlet and per unit.

    Attributes
    ----------
    catchment_people
        People in each outlet's catchment, weighted (``D_j``).
    staff_ratio
        Staff per person of each outlet (``R_j = S_j / D_j``; 0 when
        ``D_j`` is 0).
    access
        Staff per resident each unit reaches (``A_i``); times
        :data:`PER_RESIDENTS` gives staff per 10,000 residents.
    """

    catchment_people: FloatArray
    staff_ratio: FloatArray
    access: FloatArray

    @property
    def staff_per_10k(self) -> FloatArray:
        """Staff per 10,000 residents reachable, per unit."""
        return self.access * PER_RESIDENTS


def _entry_rows(matrix: csr_matrix) -> npt.NDArray[np.int64]:
    """The row of every stored entry of a CSR matrix."""
    return np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))


def _per_outlet(values: Sequence[float] | FloatArray | float, n: int, name: str) -> FloatArray:
    """A value per outlet (a single number repeated); an error naming ``name`` when negative."""
    array = np.broadcast_to(np.asarray(values, dtype=float), (n,)).astype(float)
    if np.any(~(array >= 0)):
        raise InputDataError(msg("msg.access.negative", what=msg(f"msg.access.what.{name}")))
    return array


def _pairs_inside(
    minutes: csr_matrix, catchment_minutes: Sequence[float] | FloatArray | float
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray, FloatArray]:
    """(outlet, unit, minutes, catchment of the outlet) of every stored pair within its catchment.

    Read from the stored entries, so pairs 0 minutes apart (explicit zeros) count.
    """
    minutes = csr_matrix(minutes)
    outlet = _entry_rows(minutes)
    limit = _per_outlet(catchment_minutes, minutes.shape[0], "catchment_minutes")[outlet]
    data = np.asarray(minutes.data, dtype=float)
    keep = data <= limit
    unit = minutes.indices.astype(np.int64)
    return outlet[keep], unit[keep], data[keep], limit[keep]


def _per_unit(people: Sequence[float] | FloatArray, n: int) -> FloatArray:
    """The people of each of ``n`` units; an error when one is missing or negative."""
    array = np.asarray(people, dtype=float)
    if array.shape != (n,) or np.any(~(array >= 0)):
        raise InputDataError(msg("msg.access.negative", what=msg("msg.access.what.people")))
    return array


def catchment_weights(
    minutes: csr_matrix,
    catchment_minutes: Sequence[float] | FloatArray | float,
    bands: DecayBands | None = None,
) -> csr_matrix:
    """Weights ``w(t_ij)`` of the pairs inside each outlet's catchment (outlets × units).

    Parameters
    ----------
    minutes
        Outlets × units travel minutes, only pairs within a cutoff stored
        (explicit zeros are pairs 0 minutes apart).
    catchment_minutes
        Catchment of each outlet (or one for all); pairs beyond it weigh 0.
    bands
        E2SFCA bands; ``None`` gives plain 2SFCA (weight 1 inside).

    Returns
    -------
    scipy.sparse.csr_matrix
        float weights; only the pairs with a positive weight are stored.
    """
    outlet, unit, data, limit = _pairs_inside(minutes, catchment_minutes)
    weight = np.ones(data.size) if bands is None else bands.weigh(data, limit)
    keep = weight > 0
    return csr_matrix((weight[keep], (outlet[keep], unit[keep])), shape=minutes.shape, dtype=float)


def floating_catchment(
    weights: csr_matrix,
    people: Sequence[float] | FloatArray,
    staff: Sequence[float] | FloatArray | float,
) -> FloatingCatchment:
    """2SFCA (or E2SFCA with band weights) of ``staff`` for ``people``.

    Parameters
    ----------
    weights
        :func:`catchment_weights` (outlets × units).
    people
        People of each unit.
    staff
        Staff of each outlet (or one number for all).

    >>> w = csr_matrix(np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]]))
    >>> fc = floating_catchment(w, [1000, 3000, 1000], [2, 1])
    >>> fc.catchment_people.tolist(), fc.staff_per_10k.tolist()
    ([4000.0, 4000.0], [5.0, 7.5, 2.5])
    """
    weights = csr_matrix(weights)
    people_array = _per_unit(people, weights.shape[1])
    staff_array = _per_outlet(staff, weights.shape[0], "staff")
    demand = np.asarray(weights @ people_array, dtype=float)
    ratio = np.divide(staff_array, demand, out=np.zeros_like(demand), where=demand > 0)
    access = np.asarray(weights.T @ ratio, dtype=float)
    return FloatingCatchment(catchment_people=demand, staff_ratio=ratio, access=access)


@dataclass(frozen=True)
class CapacitySplit:
    """People served within capacity, within reach but over capacity, and out of reach.

    Per unit (``served``, ``over_capacity``, ``out_of_reach``; they add up
    to its people) and per outlet (``outlet_served``, ``capacity``).
    """

    served: FloatArray
    over_capacity: FloatArray
    out_of_reach: FloatArray
    outlet_served: FloatArray
    capacity: FloatArray


def _nearest_first(
    outlet: npt.NDArray[np.int64], unit: npt.NDArray[np.int64], minutes: FloatArray
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The pairs sorted by unit, minutes, outlet, with each pair's rank within its unit."""
    order = np.lexsort((outlet, minutes, unit))
    unit, outlet = unit[order], outlet[order]
    rank = np.arange(unit.size) - np.searchsorted(unit, unit, side="left")
    return unit, outlet, rank


def capacity_split(
    minutes: csr_matrix,
    catchment_minutes: Sequence[float] | FloatArray | float,
    people: Sequence[float] | FloatArray,
    capacity: Sequence[float] | FloatArray | float,
) -> CapacitySplit:
    """Split every unit's people three ways, nearest outlet first (see the module's rule).

    Parameters
    ----------
    minutes
        Outlets × units travel minutes (as :func:`catchment_weights`).
    catchment_minutes
        Catchment of each outlet (or one for all).
    people
        People of each unit.
    capacity
        People each outlet can serve (staff × people per staff).

    >>> t = csr_matrix(np.array([[2.0, 9.0, 0.0], [0.0, 4.0, 0.0]]))
    >>> split = capacity_split(t, 10.0, [300.0, 300.0, 50.0], [400.0, 100.0])
    >>> split.served.tolist(), split.over_capacity.tolist(), split.out_of_reach.tolist()
    ([300.0, 200.0, 0.0], [0.0, 100.0, 0.0], [0.0, 0.0, 50.0])
    """
    people_array = _per_unit(people, minutes.shape[1])
    n_outlets = minutes.shape[0]
    capacity_array = _per_outlet(capacity, n_outlets, "capacity")
    spare = capacity_array.copy()
    unit, outlet, rank = _nearest_first(*_pairs_inside(minutes, catchment_minutes)[:3])
    remaining = people_array.copy()
    outlet_served = np.zeros(n_outlets)
    for k in range(int(rank.max()) + 1 if rank.size else 0):
        here = rank == k
        asking_unit, asked = unit[here], outlet[here]
        asked_for = np.bincount(asked, weights=remaining[asking_unit], minlength=n_outlets)
        share = np.divide(
            np.minimum(spare, asked_for), asked_for, out=np.zeros(n_outlets), where=asked_for > 0
        )
        remaining[asking_unit] -= remaining[asking_unit] * share[asked]
        given = share * asked_for
        outlet_served += given
        spare = np.maximum(spare - given, 0.0)
    reached = np.zeros(people_array.size, dtype=bool)
    reached[unit] = True
    served = np.where(reached, people_array - remaining, 0.0)
    return CapacitySplit(
        served=served,
        over_capacity=np.where(reached, people_array - served, 0.0),
        out_of_reach=np.where(reached, 0.0, people_array),
        outlet_served=outlet_served,
        capacity=capacity_array,
    )
