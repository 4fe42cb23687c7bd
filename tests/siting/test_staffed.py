"""Siting with staff: the staff model and the fewest-outlets model with staff.

Small instances are checked against brute force: every set of new sites and
every way to post the staff budget, each served by its own transportation LP
(scipy's ``linprog``); medium ones against HiGHS's exact MIP.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.optimize import linprog

from servicecircle.errors import InfeasibleRequestError
from servicecircle.siting import SitingProblem, SolveOptions, solve
from servicecircle.siting.staff import StaffTerms

from .brute import random_problem


def _terms(problem: SitingProblem, seed: int, budget: int | None) -> StaffTerms:
    rng = np.random.default_rng(seed + 77)
    n = problem.n_options
    return StaffTerms(
        budget=budget,
        people_per_staff=rng.choice([15.0, 25.0, 40.0], n),
        current=np.where(problem.fixed, rng.integers(0, 3, n), 0).astype(float),
        minimum=rng.integers(1, 3, n).astype(float),
    )


def _served(problem: SitingProblem, caps: dict[int, float], *, weighted: bool) -> float | None:
    """Most (class-weighted) people served by the open options ``caps`` (option -> capacity).

    People of a unit may be split between open options within its break;
    must-cover units are served in full (``None`` when they cannot be).
    """
    cover = problem.cover.toarray()
    rows = sorted(caps)
    pairs = [(i, k) for i in rows for k in range(problem.n_demand) if cover[i, k]]
    must = np.flatnonzero(problem.must_cover)
    if not pairs:
        return 0.0 if not must.size or not problem.weights[must].any() else None
    people = problem.weights
    ratio = problem.effective_weights / np.where(people > 0, people, 1.0) if weighted else None
    cost = np.array([-(ratio[k] if ratio is not None else 1.0) for _, k in pairs])
    a_ub, b_ub = [], []
    for k in range(problem.n_demand):
        a_ub.append([1.0 if kk == k else 0.0 for _, kk in pairs])
        b_ub.append(people[k])
    for i in rows:
        a_ub.append([1.0 if ii == i else 0.0 for ii, _ in pairs])
        b_ub.append(caps[i])
    a_eq = [[1.0 if kk == k else 0.0 for _, kk in pairs] for k in must]
    out = linprog(
        cost,
        A_ub=np.array(a_ub),
        b_ub=np.array(b_ub),
        A_eq=np.array(a_eq) if a_eq else None,
        b_eq=people[must] if a_eq else None,
        bounds=(0, None),
        method="highs",
    )
    return None if out.status != 0 else -float(out.fun)


def _allocations(budget: int, lows: list[int]):
    """Every way to post all ``budget`` staff over the outlets, outlet j at least lows[j]."""
    spare = budget - sum(lows)
    if spare < 0:
        return
    k = len(lows)
    if k == 0:
        yield ()
        return
    for cut in itertools.combinations(range(spare + k - 1), k - 1):
        parts = np.diff([-1, *cut, spare + k - 1]) - 1
        yield tuple(int(p + lo) for p, lo in zip(parts, lows, strict=True))


def _best(problem: SitingProblem, terms: StaffTerms, new: tuple[int, ...], *, weighted: bool):
    """Best value over every staff allocation of the existing outlets plus ``new``."""
    fixed = np.flatnonzero(problem.fixed).tolist()
    rows = [*fixed, *new]
    lows = [0] * len(fixed) + [int(terms.minimum[i]) for i in new]
    best = None
    for alloc in _allocations(int(terms.budget or 0), lows):
        caps = {
            i: terms.people_per_staff[i] * (terms.current[i] * problem.fixed[i] + s)
            for i, s in zip(rows, alloc, strict=True)
        }
        value = _served(problem, caps, weighted=weighted)
        if value is not None and (best is None or value > best):
            best = value
    return best


def _brute_max(problem: SitingProblem, terms: StaffTerms, p: int) -> float | None:
    cand = np.flatnonzero(problem.candidates).tolist()
    best = None
    for size in range(p + 1):
        for new in itertools.combinations(cand, size):
            value = _best(problem, terms, new, weighted=True)
            if value is not None and (best is None or value > best):
                best = value
    return best


def _check_allocation(problem: SitingProblem, terms: StaffTerms, result) -> None:
    """The plan's staff obey the budget and minimums, and serve what the result says."""
    staff = result.staff
    assert staff is not None
    assert staff.posted <= terms.budget
    assert np.all(staff.staff_added >= 0)
    new = ~staff.existing
    assert np.all(staff.staff_added[new] >= terms.minimum[staff.options[new]])
    assert np.all(staff.served <= staff.capacity + 1e-6)
    assert sorted(staff.options[new].tolist()) == sorted(result.options.tolist())
    caps = {int(o): float(c) for o, c in zip(staff.options, staff.capacity, strict=True)}
    assert _served(problem, caps, weighted=True) == pytest.approx(result.objective, rel=1e-6)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4, 5])
def test_staff_model_equals_brute_force(seed):
    rng = np.random.default_rng(seed)
    n_sites = int(rng.integers(4, 7))
    problem = random_problem(
        seed,
        n_sites=n_sites,
        n_demand=10,
        n_fixed=2,
        classes=seed % 2 == 0,
        must=int(seed % 3 == 1),
    )
    budget = int(rng.integers(2, 6))
    terms = _terms(problem, seed, budget)
    p = 2
    expected = _brute_max(problem, terms, p)
    if expected is None:
        with pytest.raises(InfeasibleRequestError):
            solve(problem, "staffed_mclp", p=p, staff=terms)
        return
    for method in ("exact", "auto", "heuristic"):
        options = SolveOptions(method=method, time_limit=10.0)
        result = solve(problem, "staffed_mclp", p=p, staff=terms, options=options)
        assert result.model == "staffed_mclp"
        assert len(result.sites) <= p
        _check_allocation(problem, terms, result)
        assert result.bound >= expected - 1e-6 * max(expected, 1.0)
        if method == "heuristic":
            assert result.objective <= expected + 1e-6 * max(expected, 1.0)
        else:
            assert result.status == "optimal"
            assert result.objective == pytest.approx(expected, rel=1e-6, abs=1e-6)


def _brute_min(problem, terms, target, *, standard: bool) -> int | None:
    """Fewest new outlets serving ``target`` of all people (each at its standard, or a budget)."""
    required = target * problem.weights.sum()
    cand = np.flatnonzero(problem.candidates).tolist()
    fixed = np.flatnonzero(problem.fixed).tolist()
    for size in range(len(cand) + 1):
        for new in itertools.combinations(cand, size):
            if standard:
                caps = {i: terms.people_per_staff[i] * terms.current[i] for i in fixed}
                caps |= {i: terms.people_per_staff[i] * terms.minimum[i] for i in new}
                value = _served(problem, caps, weighted=False)
            else:
                value = _best(problem, terms, new, weighted=False)
            if value is not None and value >= required - 1e-6:
                return size
    return None


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("standard", [True, False])
def test_fewest_outlets_with_staff_equals_brute_force(seed, standard):
    rng = np.random.default_rng(seed + 5)
    problem = random_problem(seed + 20, n_sites=int(rng.integers(4, 7)), n_demand=10, n_fixed=1)
    terms = _terms(problem, seed, None if standard else int(rng.integers(2, 6)))
    target = float(rng.choice([0.2, 0.35, 0.5]))
    expected = _brute_min(problem, terms, target, standard=standard)
    if expected is None:
        with pytest.raises(InfeasibleRequestError):
            solve(problem, "min_outlets", target=target, staff=terms)
        return
    result = solve(problem, "min_outlets", target=target, staff=terms)
    assert result.objective == expected
    assert result.status == "optimal"
    assert result.staff is not None
    assert float(result.served_people.sum()) >= target * problem.weights.sum() - 1e-6
    assert np.all(result.staff.served <= result.staff.capacity + 1e-6)
    if not standard:
        assert result.staff.posted <= terms.budget


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_heuristic_within_exact_on_medium_instances(seed):
    """120 sites, 400 units, capacity binding: the heuristic's LP bound is not tight here."""
    problem = random_problem(seed, n_sites=120, n_demand=400, n_fixed=8, classes=True, density=0.06)
    rng = np.random.default_rng(seed)
    n = problem.n_options
    terms = StaffTerms(
        10,
        rng.choice([60.0, 100.0, 150.0], n),
        np.where(problem.fixed, 1.0, 0.0),
        rng.integers(1, 3, n).astype(float),
    )
    exact = solve(
        problem, "staffed_mclp", p=6, staff=terms, options=SolveOptions("exact", time_limit=60)
    )
    assert exact.status == "optimal"
    assert exact.objective < 0.8 * problem.effective_weights.sum()  # capacity binds
    for method in ("heuristic", "auto"):
        found = solve(
            problem, "staffed_mclp", p=6, staff=terms, options=SolveOptions(method, time_limit=5)
        )
        _check_allocation(problem, terms, found)
        tol = 1e-6 * exact.objective
        assert found.objective <= exact.objective + tol
        assert found.bound >= exact.objective - tol
        if found.status == "optimal":
            assert found.objective == pytest.approx(exact.objective, rel=1e-4)
        else:
            assert found.gap > 0


def test_staff_goes_where_people_wait():
    """One existing outlet swamped, one idle: the budget goes to the swamped one, none wasted."""
    import scipy.sparse as sp

    from servicecircle.siting import problem_from_matrix

    minutes = sp.csr_matrix(np.array([[5.0, 0, 0], [0, 5.0, 0], [0, 0, 5.0]]))
    problem = problem_from_matrix(
        minutes, [1000.0, 10.0, 500.0], minutes_break=10, fixed=[True, True, False]
    )
    terms = StaffTerms(
        3, np.array([100.0, 100.0, 50.0]), np.array([2.0, 1.0, 0.0]), np.full(3, 2.0)
    )
    result = solve(problem, "staffed_mclp", p=1, staff=terms)
    staff = result.staff
    assert result.status == "optimal"
    # 3 staff at the swamped outlet serve 300 more; a new outlet (2 staff) 100 + 1 staff 100
    assert result.objective == pytest.approx(200 + 10 + 300)
    assert staff.staff_added.tolist() == [3.0, 0.0]
    assert staff.served.tolist() == [500.0, 10.0]
    assert staff.served_today.tolist() == [200.0, 10.0]
    assert len(result.sites) == 0


def test_staff_terms_checked():
    problem = random_problem(0, n_sites=4, n_demand=6)
    bad = StaffTerms(3, np.zeros(4), np.zeros(4), np.ones(4))
    with pytest.raises(Exception, match="people per staff"):
        solve(problem, "staffed_mclp", p=1, staff=bad)
    with pytest.raises(InfeasibleRequestError):
        solve(problem, "staffed_mclp", p=1)
    with pytest.raises(ValueError, match="takes no staff"):
        solve(problem, "pmedian", p=1, staff=_terms(problem, 0, 2))


def test_each_outlets_people_go_to_the_nearest_within_capacity():
    """Two existing outlets reach one unit; the nearer serves it up to its capacity."""
    import scipy.sparse as sp

    from servicecircle.siting import problem_from_matrix

    minutes = sp.csr_matrix(np.array([[8.0, 0, 0], [2.0, 3.0, 0], [0, 0, 1.0]]))
    problem = problem_from_matrix(
        minutes, [150.0, 60.0, 5.0], minutes_break=10, fixed=[True, True, False]
    )
    terms = StaffTerms(0, np.full(3, 100.0), np.array([1.0, 2.0, 0.0]), np.ones(3))
    result = solve(problem, "staffed_mclp", p=1, staff=terms)
    staff = result.staff
    assert result.objective == pytest.approx(210.0)
    # the second outlet (capacity 200) is nearer to both units: 150 + 60 would be 210 > 200,
    # so it serves 200 and the first outlet the 10 left of the first unit
    assert staff.served.tolist() == pytest.approx([10.0, 200.0])
    assert staff.served_today.tolist() == pytest.approx([10.0, 200.0])
