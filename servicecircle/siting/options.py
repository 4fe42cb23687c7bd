"""How a siting model is asked and solved: the model names, the method, limits and seed.

>>> SolveOptions().method
'auto'
>>> SolveOptions(method="exact", time_limit=30.0).time_limit
30.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from servicecircle.siting.staff import StaffTerms

__all__ = ["METHODS", "MODELS", "Method", "Model", "ModelArgs", "SolveOptions", "as_method"]

Method = Literal["auto", "exact", "heuristic"]
"""How to solve: heuristic plus HiGHS (the full MIP on small instances), the
HiGHS MIP warm-started with the heuristic, or the heuristic alone."""

Model = Literal["mclp", "capacitated_mclp", "min_outlets", "pmedian", "staffed_mclp"]
"""The location models of :func:`servicecircle.siting.solve`."""

METHODS: tuple[Method, ...] = get_args(Method)
MODELS: tuple[Model, ...] = get_args(Model)


def as_method(value: str) -> Method:
    """``value`` as a :data:`Method`.

    >>> as_method("exact")
    'exact'

    Raises
    ------
    ValueError
        When ``value`` is not one of :data:`METHODS`.
    """
    for method in METHODS:
        if value == method:
            return method
    raise ValueError(f"method must be one of {METHODS}; got {value!r}")


@dataclass(frozen=True)
class SolveOptions:
    """How long and how hard to search.

    Parameters
    ----------
    method : {"auto", "exact", "heuristic"}
        ``"auto"``: heuristic, bound and HiGHS kernel search (the full MIP on
        small instances); ``"exact"``: the HiGHS MIP warm-started with the
        heuristic; ``"heuristic"``: no full MIP.
    time_limit
        Seconds for the whole solve (the first greedy pass always completes).
    mip_gap
        Relative gap at which a plan counts as optimal.
    seed
        Seed for tie-breaking; the same seed gives the same plan when no time
        limit cuts a phase short.
    work_limit
        Work units instead of seconds for maximal covering (about one pass
        over the reduced coverage matrix each; see
        :mod:`servicecircle.siting.effort`): no phase then looks at the
        clock, so the same input and seed give the same plan and bound
        however busy the machine is, and ``time_limit`` does not apply.
        ``None`` (the default): the time limit decides.

    Raises
    ------
    ValueError
        For a method outside the set above, or a work limit below 1.
    """

    method: Method = "auto"
    time_limit: float = 10.0
    mip_gap: float = 1e-4
    seed: int = 0
    work_limit: int | None = None

    def __post_init__(self) -> None:
        as_method(self.method)
        if self.work_limit is not None and int(self.work_limit) < 1:
            raise ValueError(f"work_limit must be at least 1; got {self.work_limit!r}")

    def deadline(self, start: float) -> float:
        """``time.perf_counter()`` value at which a solve started at ``start`` ends."""
        return start + float(self.time_limit)


@dataclass(frozen=True)
class ModelArgs:
    """What a model is asked besides the problem; each model reads its own fields.

    The fields are the keyword arguments of :func:`servicecircle.siting.solve`,
    described there.
    """

    p: int | Mapping[str, int] | None = None
    target: float | None = None
    must_cover_classes: Sequence[str] = ()
    unreachable_minutes: float | None = None
    staff: StaffTerms | None = None

    def given(self) -> frozenset[str]:
        """Names of the fields that were set (not left at their default)."""
        fields = {
            "p": self.p is not None,
            "target": self.target is not None,
            "must_cover_classes": len(self.must_cover_classes) > 0,
            "unreachable_minutes": self.unreachable_minutes is not None,
            "staff": self.staff is not None,
        }
        return frozenset(name for name, is_set in fields.items() if is_set)
