"""What each must-cover rule costs in coverage: the plan against a re-solve without the rule.

A must-cover rule (a demand class of :attr:`SitingRequest.must_cover
<servicecircle.planning.request.SitingRequest.must_cover>`, e.g. every
relocation area) can force an outlet where fewer people live. Its *cost* is
the coverage the same budget of new outlets would give without that one rule
(the other rules kept) minus the coverage the plan gives with it:

* ``mclp`` and ``pmedian``: the plan is the "with" side; the same model is
  solved again with the same number of new outlets (per type as asked), the
  same method, time limit and seed, without the rule.
* ``min`` (fewest outlets): the budget is the number of new outlets the plan
  chose; both sides are then the maximal covering model (``mclp``) with that
  many outlets, with and without the rule, so the cost is the rule's alone
  and not the difference between "fewest outlets" and "most people".

For a covering model the plan with the rule also keeps every other rule, so
it is a plan of the relaxed problem too: the best plan without the rule covers
at least as much. When a time-limited re-solve finds less, the plan with the
rule is the best known without it and the cost is 0 (:attr:`RuleCost.status`
says whether the re-solve was proved optimal). The p-median model minimises
minutes, not people, so its coverage difference may have either sign.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from servicecircle.errors import InfeasibleRequestError
from servicecircle.planning.request import SitingRequest
from servicecircle.siting import SitingProblem, SitingResult, SolveOptions, solve
from servicecircle.siting.options import Model, as_method

__all__ = ["RuleCost", "must_cover_costs"]


@dataclass(frozen=True)
class RuleCost:
    """The coverage one must-cover rule costs.

    Attributes
    ----------
    rule
        The must-cover demand class.
    people, units
        People and demand units of that class.
    model
        The model both sides were solved with (``mclp`` or ``pmedian``).
    new_outlets
        The budget of new outlets on both sides: the request's number (mclp,
        pmedian; a site the plan left out because it newly covers nobody still
        counts) or the number the plan chose (min).
    covered_with, share_with
        People covered (at each type's standard, capacity respected) and
        their share with the rule.
    covered_without, share_without
        The same without the rule.
    mean_minutes_with, mean_minutes_without
        People-weighted mean minutes to the nearest outlet on both sides.
    status
        The least proved status of the two sides (``optimal`` only when the
        re-solve without the rule and the side with it were both proved
        optimal; else ``time_limit`` or ``heuristic``).
    gap
        The larger relative gap to its bound of the two sides (0 = proved).
    seconds
        Wall time of the re-solve(s) for this rule.
    """

    rule: str
    people: float
    units: int
    model: str
    new_outlets: int
    covered_with: float
    share_with: float
    covered_without: float
    share_without: float
    mean_minutes_with: float
    mean_minutes_without: float
    status: str
    gap: float
    seconds: float

    @property
    def cost_people(self) -> float:
        """People the rule costs: covered without it minus covered with it."""
        return self.covered_without - self.covered_with

    @property
    def cost_share(self) -> float:
        """The same as a share of all people."""
        return self.share_without - self.share_with

    @property
    def proved_optimal(self) -> bool:
        """Whether the re-solve without the rule was proved optimal."""
        return self.status == "optimal"


def _options(request: SitingRequest) -> SolveOptions:
    return SolveOptions(
        method=as_method(request.method),
        time_limit=request.time_limit,
        seed=request.seed,
        work_limit=request.work_limit,
    )


def _covered(result: SitingResult) -> float:
    return float(np.asarray(result.served_people, dtype=float).sum())


def _solve_with(
    problem: SitingProblem,
    model: str,
    p: int | Mapping[str, int],
    must: np.ndarray,
    request: SitingRequest,
) -> SitingResult:
    relaxed = dataclasses.replace(problem, must_cover=must)
    name: Model = "pmedian" if model == "pmedian" else "mclp"
    return solve(relaxed, name, p=p, options=_options(request))


def _rule_mask(problem: SitingProblem, rules: tuple[str, ...]) -> np.ndarray:
    """Demand units of the must-cover classes ``rules``."""
    return np.isin(problem.classes.astype(str), np.asarray(rules, dtype=str))


def _status(*results: SitingResult) -> SitingResult:
    """The least proved of ``results`` (an optimal one only when all are)."""
    return next((r for r in results if r.status != "optimal"), results[0])


def _reference(
    problem: SitingProblem, request: SitingRequest, result: SitingResult, rules: tuple[str, ...]
) -> SitingResult:
    """The "with" side: the plan, or for ``min`` the covering model with the plan's count."""
    if request.model != "min" or not result.sites:
        return result
    try:
        return _solve_with(problem, "mclp", len(result.sites), _rule_mask(problem, rules), request)
    except InfeasibleRequestError:  # the time-limited search did not find the plan's cover
        return result


def _better(model: str, found: SitingResult, known: SitingResult) -> SitingResult:
    """The better of a re-solve without the rule and the plan with it (a covering model)."""
    if model == "pmedian" or found.objective >= known.objective:
        return found
    return known


# long: the three sides (plan, reference, re-solve) of every rule in one loop
def must_cover_costs(
    problem: SitingProblem, request: SitingRequest, result: SitingResult
) -> tuple[RuleCost, ...]:
    """The cost of each must-cover rule of ``request`` (module docstring); ``()`` without rules.

    Parameters
    ----------
    problem
        The problem the plan solved (:attr:`SitingPlan.problem
        <servicecircle.planning.plan.SitingPlan.problem>`).
    request
        The request of the plan.
    result
        The plan's solver result.
    """
    rules = tuple(dict.fromkeys(request.must_cover))
    if not rules:
        return ()
    n_new = len(result.sites)
    total = float(problem.weights.sum())
    model = "pmedian" if request.model == "pmedian" else "mclp"
    budget: int | Mapping[str, int] = (
        request.new if request.model != "min" and request.new is not None else n_new
    )
    start = time.perf_counter()
    reference = _reference(problem, request, result, rules)
    shared = time.perf_counter() - start
    costs = []
    for rule in rules:
        start = time.perf_counter()
        others = tuple(r for r in rules if r != rule)
        if n_new == 0:
            found = reference
        else:
            found = _solve_with(problem, model, budget, _rule_mask(problem, others), request)
        best = _better(model, found, reference)
        hit = problem.classes.astype(str) == rule
        costs.append(
            RuleCost(
                rule=rule,
                people=float(problem.weights[hit].sum()),
                units=int(hit.sum()),
                model=model,
                new_outlets=budget if isinstance(budget, int) else sum(budget.values()),
                covered_with=_covered(reference),
                share_with=_covered(reference) / total if total > 0 else 0.0,
                covered_without=_covered(best),
                share_without=_covered(best) / total if total > 0 else 0.0,
                mean_minutes_with=float(reference.mean_minutes),
                mean_minutes_without=float(best.mean_minutes),
                status=str(_status(found, reference).status),
                gap=float(max(found.gap, reference.gap)),
                seconds=time.perf_counter() - start + shared,
            )
        )
    return tuple(costs)
