"""The siting problem: a travel-time matrix between options and demand units.

An *option* is one outlet that could exist: a candidate site with a site type
(each type has its own travel mode and break), or an existing outlet (fixed,
always open). Rows of :attr:`SitingProblem.minutes` are options, columns are
demand units. Only reachable pairs are stored: an absent entry means "farther
than the matrix cutoff"; a stored zero means the outlet stands on the demand
unit, so the matrices are never passed through ``eliminate_zeros``. Build a
problem with :func:`problem_from_matrix` (one type) or :func:`problem_from_types`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg

__all__ = [
    "SiteType",
    "SitingProblem",
    "problem_from_matrix",
    "problem_from_types",
]

logger = logging.getLogger(__name__)

DEFAULT_TYPE = "outlet"


@dataclass(frozen=True, eq=False)
class SiteType:
    """One outlet type in a multi-type plan.

    Parameters
    ----------
    minutes
        Sparse matrix (n_sites, n_demand) of travel minutes with this type's
        travel mode; absent entries are beyond the matrix cutoff.
    minutes_break
        Demand within this many minutes of an outlet of this type is covered.
    allowed
        Boolean mask over sites where this type may be built (default: all).
    fixed
        Boolean mask over sites where an outlet of this type already exists
        (always open, never counted in ``p``).
    capacity
        People one outlet of this type can serve (scalar or per site);
        ``None`` means unlimited.
    """

    minutes: sp.spmatrix | sp.sparray
    minutes_break: float
    allowed: np.ndarray | None = None
    fixed: np.ndarray | None = None
    capacity: float | np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class SitingProblem:
    """A siting problem on a sparse travel-time matrix (options x demand units).

    Attributes
    ----------
    minutes
        CSR matrix (n_options, n_demand) of minutes; stored entries are
        reachable pairs, absent entries lie beyond the matrix cutoff.
    breaks
        Coverage break in minutes per option (its type's break).
    weights
        People per demand unit.
    classes
        Class label per demand unit (e.g. "residential", "relocation").
    class_weights
        Multiplier per class; the objective counts people x multiplier.
    fixed
        Options that exist already and are always open.
    allowed
        Options that may be chosen as new outlets.
    must_cover
        Demand units that must be covered (hard constraint).
    capacity
        People each option can serve (``inf`` = unlimited), or ``None``.
    site_of
        Physical site index per option; one site hosts at most one outlet.
    type_of
        Type index per option, into :attr:`type_names`.
    type_names
        Names of the outlet types.
    """

    minutes: sp.csr_matrix
    breaks: np.ndarray
    weights: np.ndarray
    classes: np.ndarray
    class_weights: Mapping[str, float]
    fixed: np.ndarray
    allowed: np.ndarray
    must_cover: np.ndarray
    capacity: np.ndarray | None
    site_of: np.ndarray
    type_of: np.ndarray
    type_names: tuple[str, ...]

    @property
    def n_options(self) -> int:
        """Number of options (matrix rows)."""
        return int(self.minutes.shape[0])

    @property
    def n_demand(self) -> int:
        """Number of demand units (matrix columns)."""
        return int(self.minutes.shape[1])

    @property
    def has_capacity(self) -> bool:
        """Whether some outlet has a finite capacity (the models then serve within it)."""
        return self.capacity is not None and bool(np.any(np.isfinite(self.capacity)))

    @cached_property
    def cover(self) -> sp.csr_matrix:
        """Boolean CSR (n_options, n_demand): demand within the option's break."""
        m = self.minutes
        row = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
        keep = m.data <= self.breaks[row]
        counts = np.bincount(row[keep], minlength=m.shape[0])
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return sp.csr_matrix(
            (np.ones(int(keep.sum()), dtype=bool), m.indices[keep], indptr), shape=m.shape
        )

    @cached_property
    def effective_weights(self) -> np.ndarray:
        """People x class multiplier per demand unit (the coverage objective)."""
        mult = np.array([float(self.class_weights.get(str(c), 1.0)) for c in self.classes])
        return self.weights * mult if mult.size else self.weights.copy()

    @cached_property
    def candidates(self) -> np.ndarray:
        """Options that can be chosen: allowed, not fixed, on a site without a fixed outlet."""
        taken = np.zeros(int(self.site_of.max(initial=-1)) + 1, dtype=bool)
        taken[self.site_of[self.fixed]] = True
        mask: np.ndarray = self.allowed & ~self.fixed & ~taken[self.site_of]
        return mask

    @property
    def class_names(self) -> tuple[str, ...]:
        """Distinct class labels, in first-seen order."""
        seen: dict[str, None] = {}
        for c in self.classes:
            seen.setdefault(str(c), None)
        return tuple(seen)

    def type_index(self, name: str) -> int:
        """Index of the outlet type called ``name``."""
        try:
            return self.type_names.index(name)
        except ValueError:
            unknown = msg("msg.siting.unknown_type", type=name, types=list(self.type_names))
            raise InputDataError(unknown) from None


def _as_csr(minutes: sp.spmatrix | sp.sparray, what: str) -> sp.csr_matrix:
    if not sp.issparse(minutes):
        raise InputDataError(
            f"{what} must be a scipy.sparse matrix of minutes (sites x demand units); "
            f"got {type(minutes).__name__}"
        )
    m = sp.csr_matrix(minutes, dtype=np.float64, copy=True)
    m.sum_duplicates()
    m.sort_indices()
    if m.nnz and (not np.all(np.isfinite(m.data)) or m.data.min() < 0):
        raise InputDataError(
            f"{what} holds negative or non-finite minutes; store only reachable pairs "
            "with their travel time (>= 0)"
        )
    return m


def _mask(
    values: np.ndarray | Sequence[bool] | None, n: int, what: str, default: bool
) -> np.ndarray:
    if values is None:
        return np.full(n, default, dtype=bool)
    arr = np.asarray(values)
    if arr.shape != (n,):
        raise InputDataError(f"{what} must be a boolean mask of length {n}; got shape {arr.shape}")
    return arr.astype(bool)


def _capacity(values: float | np.ndarray | None, n: int, type_name: str) -> np.ndarray | None:
    if values is None:
        return None
    arr = np.broadcast_to(np.asarray(values, dtype=np.float64), (n,)).copy()
    if np.any(np.isnan(arr)) or np.any(arr < 0):
        raise InputDataError(msg("msg.siting.bad_type_capacity", type=type_name))
    return arr


def _weights(weights: np.ndarray | Sequence[float]) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1:
        raise InputDataError("weights must be a 1-D array of people per demand unit")
    if np.any(~np.isfinite(w)) or np.any(w < 0):
        raise InputDataError(msg("msg.siting.bad_weights"))
    return w


@dataclass(frozen=True, eq=False)
class _Block:
    """The options of one site type: one row per site."""

    minutes: sp.csr_matrix
    breaks: np.ndarray
    fixed: np.ndarray
    allowed: np.ndarray
    capacity: np.ndarray | None
    site_of: np.ndarray
    type_of: np.ndarray


def _block(
    name: str, index: int, t: SiteType, n_demand: int, n_sites: int | None, any_cap: bool
) -> _Block:
    """Check one site type against the demand units and the first type's sites."""
    m = _as_csr(t.minutes, f"the travel-time matrix of type {name!r}")
    if m.shape[1] != n_demand:
        raise InputDataError(
            f"type {name!r}: the matrix has {m.shape[1]} demand columns but there are "
            f"{n_demand} weights; build both from the same demand units"
        )
    if n_sites is not None and m.shape[0] != n_sites:
        raise InputDataError(
            f"type {name!r}: the matrix has {m.shape[0]} site rows, the first type has "
            f"{n_sites}; every type must list the same sites"
        )
    brk = float(t.minutes_break)
    if not np.isfinite(brk) or brk < 0:
        raise InputDataError(msg("msg.siting.bad_break", type=name, minutes=brk))
    n = m.shape[0]
    fixed = _mask(t.fixed, n, f"fixed of type {name!r}", False)
    allowed = _mask(t.allowed, n, f"allowed of type {name!r}", True)
    cap = _capacity(t.capacity, n, name)
    if any_cap and cap is None:
        cap = np.full(n, np.inf)
    return _Block(m, np.full(n, brk), fixed, allowed, cap, np.arange(n), np.full(n, index))


def _one_existing_outlet_per_site(site_of: np.ndarray, fixed: np.ndarray, n_sites: int) -> None:
    counts = np.bincount(site_of[fixed], minlength=n_sites)
    if np.any(counts > 1):
        bad = np.flatnonzero(counts > 1)[:5].tolist()
        raise InputDataError(
            f"sites {bad} hold existing outlets of more than one type; give each existing "
            "outlet its own site row"
        )


def _classes(classes: np.ndarray | Sequence[str] | None, n_demand: int) -> np.ndarray:
    if classes is None:
        return np.full(n_demand, "all", dtype=object)
    cls = np.asarray(classes, dtype=object)
    if cls.shape != (n_demand,):
        raise InputDataError(f"classes must have one label per demand unit ({n_demand})")
    return np.array([str(c) for c in cls], dtype=object)


def problem_from_types(
    types: Mapping[str, SiteType],
    weights: np.ndarray | Sequence[float],
    *,
    classes: np.ndarray | Sequence[str] | None = None,
    class_weights: Mapping[str, float] | None = None,
    must_cover: np.ndarray | Sequence[bool] | None = None,
) -> SitingProblem:
    """Build a plan choosing among (site, type) pairs, each type with its own matrix.

    Parameters
    ----------
    types
        Outlet types by name; every type's matrix has the same sites (rows)
        and the same demand units (columns). A site hosts at most one outlet.
    weights
        People per demand unit.
    classes
        Class label per demand unit (default: all "all").
    class_weights
        Multiplier per class (default 1 for every class).
    must_cover
        Boolean mask of demand units that must be covered.

    Returns
    -------
    SitingProblem
        Options ordered type by type: option ``t * n_sites + s`` is site ``s``
        with type ``t``.
    """
    if not types:
        raise InputDataError("give at least one outlet type with its travel-time matrix")
    w = _weights(weights)
    n_demand = w.shape[0]
    any_cap = any(t.capacity is not None for t in types.values())
    blocks: list[_Block] = []
    for ti, (name, t) in enumerate(types.items()):
        n_sites = blocks[0].minutes.shape[0] if blocks else None
        blocks.append(_block(name, ti, t, n_demand, n_sites, any_cap))
    fixed_all = np.concatenate([b.fixed for b in blocks])
    site_all = np.concatenate([b.site_of for b in blocks])
    _one_existing_outlet_per_site(site_all, fixed_all, blocks[0].minutes.shape[0])
    cls = _classes(classes, n_demand)
    cw = dict(class_weights or {})
    for key, value in cw.items():
        if not np.isfinite(value) or value < 0:
            raise InputDataError(msg("msg.siting.bad_class_weight", name=key, value=value))
    problem = SitingProblem(
        minutes=(
            blocks[0].minutes
            if len(blocks) == 1
            else sp.csr_matrix(sp.vstack([b.minutes for b in blocks], format="csr"))
        ),
        breaks=np.concatenate([b.breaks for b in blocks]),
        weights=w.copy(),
        classes=cls,
        class_weights=cw,
        fixed=fixed_all,
        allowed=np.concatenate([b.allowed for b in blocks]),
        must_cover=_mask(must_cover, n_demand, "must_cover", False),
        capacity=np.concatenate([b.capacity for b in blocks if b.capacity is not None])
        if any_cap
        else None,
        site_of=site_all,
        type_of=np.concatenate([b.type_of for b in blocks]),
        type_names=tuple(types),
    )
    logger.info(
        "siting problem: %d options (%d types, %d fixed), %d demand units, %d reachable pairs",
        problem.n_options,
        len(types),
        int(fixed_all.sum()),
        n_demand,
        problem.minutes.nnz,
    )
    return problem


def problem_from_matrix(
    minutes: sp.spmatrix | sp.sparray,
    weights: np.ndarray | Sequence[float],
    *,
    minutes_break: float,
    classes: np.ndarray | Sequence[str] | None = None,
    class_weights: Mapping[str, float] | None = None,
    fixed: np.ndarray | Sequence[bool] | None = None,
    must_cover: np.ndarray | Sequence[bool] | None = None,
    capacity: float | np.ndarray | None = None,
    allowed: np.ndarray | Sequence[bool] | None = None,
) -> SitingProblem:
    """Build a one-type siting problem from a sparse travel-time matrix.

    Parameters
    ----------
    minutes
        Sparse matrix (n_sites, n_demand) of travel minutes; only pairs within
        the matrix cutoff are stored.
    weights
        People per demand unit.
    minutes_break
        Demand within this many minutes of an outlet is covered.
    classes, class_weights
        Class label per demand unit and a multiplier per class.
    fixed
        Boolean mask over sites: existing outlets, always open.
    must_cover
        Boolean mask over demand units that must be covered.
    capacity
        People an outlet can serve (scalar or per site); ``None`` = unlimited.
    allowed
        Boolean mask over sites that may be chosen (default: all).

    Returns
    -------
    SitingProblem
    """
    return problem_from_types(
        {
            DEFAULT_TYPE: SiteType(
                minutes=minutes,
                minutes_break=minutes_break,
                allowed=None if allowed is None else np.asarray(allowed),
                fixed=None if fixed is None else np.asarray(fixed),
                capacity=capacity,
            )
        },
        weights,
        classes=classes,
        class_weights=class_weights,
        must_cover=must_cover,
    )
