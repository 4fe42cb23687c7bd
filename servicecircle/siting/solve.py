"""One entry point to the location models: :func:`solve` and its registry of models."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from servicecircle._progress import Progress
from servicecircle.siting.models.capacitated import solve_capacitated
from servicecircle.siting.models.mclp import solve_mclp
from servicecircle.siting.models.min_outlets import solve_min_outlets
from servicecircle.siting.models.pmedian import solve_pmedian
from servicecircle.siting.models.staffed import solve_staffed
from servicecircle.siting.models.staffed_min import solve_staffed_min
from servicecircle.siting.options import MODELS, Model, ModelArgs, SolveOptions
from servicecircle.siting.problem import SitingProblem
from servicecircle.siting.results import SitingResult
from servicecircle.siting.staff import StaffTerms

__all__ = ["DEFAULT_OPTIONS", "MODEL_REGISTRY", "ModelEntry", "solve"]

#: Method "auto", 10 s, relative gap 1e-4, seed 0.
DEFAULT_OPTIONS = SolveOptions()

ModelSolver = Callable[[SitingProblem, ModelArgs, SolveOptions, Progress | None], SitingResult]


@dataclass(frozen=True)
class ModelEntry:
    """A model of the registry: the function solving it and the arguments it reads."""

    solve: ModelSolver
    takes: frozenset[str]


MODEL_REGISTRY: Mapping[Model, ModelEntry] = {
    "mclp": ModelEntry(solve_mclp, frozenset({"p"})),
    "capacitated_mclp": ModelEntry(solve_capacitated, frozenset({"p"})),
    "min_outlets": ModelEntry(solve_min_outlets, frozenset({"target", "must_cover_classes"})),
    "pmedian": ModelEntry(solve_pmedian, frozenset({"p", "unreachable_minutes"})),
    "staffed_mclp": ModelEntry(solve_staffed, frozenset({"p", "staff"})),
}
#: The fewest-outlets model with staff terms (each outlet at its standard or a staff budget).
STAFFED_MIN = ModelEntry(solve_staffed_min, frozenset({"target", "must_cover_classes", "staff"}))


def solve(
    problem: SitingProblem,
    model: Model = "mclp",
    *,
    p: int | Mapping[str, int] | None = None,
    target: float | None = None,
    must_cover_classes: Sequence[str] = (),
    unreachable_minutes: float | None = None,
    staff: StaffTerms | None = None,
    options: SolveOptions = DEFAULT_OPTIONS,
    progress: Progress | None = None,
) -> SitingResult:
    """Solve a location model on ``problem``.

    Parameters
    ----------
    problem
        The siting problem (:func:`~servicecircle.siting.problem.problem_from_matrix`
        or :func:`~servicecircle.siting.problem.problem_from_types`).
    model : {"mclp", "capacitated_mclp", "min_outlets", "pmedian", "staffed_mclp"}
        ``"mclp"``: ``p`` new outlets covering the most class-weighted
        people; on a problem whose outlets have a finite capacity it is the
        capacitated model, ``"capacitated_mclp"`` (the result's ``model``
        says which ran). ``"min_outlets"``: fewest new outlets reaching
        ``target`` and covering every must-cover unit (with capacities, the
        target counts people served within capacity). ``"pmedian"``: ``p``
        new outlets minimising people-weighted mean minutes (with
        capacities, the capacitated p-median). ``"staffed_mclp"``: at most
        ``p`` new outlets and ``staff.budget`` staff posted across existing
        and new outlets, serving the most people within capacity (staff x
        people per staff member); ``"min_outlets"`` with ``staff``: fewest
        new outlets serving ``target`` within the capacity of their
        standard staff (or of the staff budget posted). Each model's module
        states its integer program.
    p
        New outlets in total, or a number per outlet type name (``mclp``,
        ``capacitated_mclp``, ``pmedian``).
    target
        Share of all people to cover, 0..1, existing outlets included
        (``min_outlets``; ``None`` asks only for the must-cover units).
    must_cover_classes
        Demand classes to cover in full, added to the problem's must-cover
        units (``min_outlets``).
    unreachable_minutes
        Minutes counted for a demand unit no open outlet reaches within the
        matrix (``pmedian``; default twice the largest stored time or break).
    staff
        The staff budget and, per option, people per staff member, today's
        staff and a new outlet's minimum staff (``staffed_mclp``;
        ``min_outlets``).
    options
        Method, time limit, gap and seed.
    progress
        Optional callback ``(fraction, message)``.

    Returns
    -------
    SitingResult
        With ``status``, ``objective``, ``bound`` and ``gap``.

    Raises
    ------
    InfeasibleRequestError
        For impossible requests (p above the candidates, a target above what
        all candidates reach, must-cover units needing more outlets), saying
        what is achievable.
    InputDataError
        For the ``"heuristic"`` method of ``"pmedian"`` on a problem with a
        capacity (only the HiGHS model honours it).
    ValueError
        For an unknown model, or an argument the model does not take.
    """
    if model not in MODEL_REGISTRY:
        raise ValueError(f"model must be one of {MODELS}; got {model!r}")
    if model == "mclp" and problem.has_capacity:
        model = "capacitated_mclp"
    entry = MODEL_REGISTRY[model]
    if model == "min_outlets" and staff is not None:
        entry = STAFFED_MIN
    args = ModelArgs(p, target, must_cover_classes, unreachable_minutes, staff)
    extra = sorted(args.given() - entry.takes)
    if extra:
        raise ValueError(f"the {model} model takes no {', '.join(extra)}")
    return entry.solve(problem, args, options, progress)
