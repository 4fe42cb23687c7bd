"""spopt's capacitated test instances: San Francisco stores and the school allocation.

The data are spopt's own test files (pysal/spopt, BSD-3-Clause), read from
the installed dev dependency; a test skips without them. San Francisco (16
stores, 205 census tracts): everyone within 8 km of a store (distances in
metres, read as "minutes" of 1 km each) must be served, each store serving
at most 150,000 people; the fewest stores is checked against an exact MIP
written here with PuLP (CBC) and against spopt's own capacitated LSCP on
the same numbers. The school allocation is spopt's capacitated p-median.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from servicecircle.siting import SolveOptions, problem_from_matrix, solve

spopt = pytest.importorskip("spopt")
pulp = pytest.importorskip("pulp")

DATA = Path(spopt.__file__).parent / "tests" / "test_locate" / "data"
DISTANCES = DATA / "SF_network_distance_candidateStore_16_censusTract_205_new.csv"
CAPACITY = 150_000.0
RADIUS_KM = 8.0


@pytest.fixture(scope="module")
def sf() -> tuple[np.ndarray, np.ndarray]:
    """Metres (stores x tracts) and people per tract."""
    if not DISTANCES.exists():
        pytest.skip("spopt's San Francisco test data are not installed")
    net = pd.read_csv(DISTANCES)
    stores = sorted(net["name"].unique(), key=lambda name: int(name.split("_")[1]))
    tracts = sorted(net["DestinationName"].unique())
    people = (
        net.drop_duplicates("DestinationName").set_index("DestinationName")["demand"].loc[tracts]
    )
    metres = net.pivot(index="name", columns="DestinationName", values="distance")
    return metres.loc[stores, tracts].to_numpy(float), people.to_numpy(float)


def _pulp_fewest(metres: np.ndarray, people: np.ndarray, capacity: float | None) -> int:
    """Fewest stores serving everyone within the radius (splittable), by CBC."""
    n, m = metres.shape
    pairs = [(i, k) for i in range(n) for k in range(m) if metres[i, k] <= RADIUS_KM * 1000]
    prob = pulp.LpProblem("fewest", pulp.LpMinimize)
    x = [pulp.LpVariable(f"x{i}", cat="Binary") for i in range(n)]
    f = {(i, k): pulp.LpVariable(f"f{i}_{k}", lowBound=0) for i, k in pairs}
    prob += pulp.lpSum(x)
    for k in range(m):
        prob += pulp.lpSum(f[i, kk] for i, kk in pairs if kk == k) == people[k]
    for i, k in pairs:
        prob += f[i, k] <= people[k] * x[i]
    if capacity is not None:
        for i in range(n):
            prob += pulp.lpSum(f[ii, k] for ii, k in pairs if ii == i) <= capacity * x[i]
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    assert pulp.LpStatus[prob.status] == "Optimal"
    return round(sum(v.value() for v in x))


@pytest.mark.parametrize("method", ["auto", "exact"])
def test_san_francisco_fewest_stores_within_capacity(sf, method: str) -> None:
    metres, people = sf
    minutes = sp.csr_matrix(metres / 1000.0)
    plain = problem_from_matrix(minutes, people, minutes_break=RADIUS_KM)
    capped = problem_from_matrix(minutes, people, minutes_break=RADIUS_KM, capacity=CAPACITY)
    options = SolveOptions(method=method, time_limit=30)
    without = solve(plain, "min_outlets", target=1.0, options=options)
    within = solve(capped, "min_outlets", target=1.0, options=options)
    assert without.objective == _pulp_fewest(metres, people, None) == 3
    assert within.objective == _pulp_fewest(metres, people, CAPACITY) == 7
    assert within.status == "optimal" and within.bound == 7
    assert within.served_people.sum() == pytest.approx(people.sum())
    # six stores cannot hold everyone, so the capacity binds
    assert people.sum() > 6 * CAPACITY


def test_san_francisco_agrees_with_spopt_capacitated_lscp(sf) -> None:
    from spopt.locate import LSCP

    metres, people = sf
    model = LSCP.from_cost_matrix(
        metres.T,
        RADIUS_KM * 1000,
        facility_capacity_arr=np.full(metres.shape[0], CAPACITY),
        demand_quantity_arr=people,
    )
    model.solve(pulp.PULP_CBC_CMD(msg=False))
    spopt_count = round(sum(v.value() for v in model.fac_vars))
    problem = problem_from_matrix(
        sp.csr_matrix(metres / 1000.0), people, minutes_break=RADIUS_KM, capacity=CAPACITY
    )
    ours = solve(problem, "min_outlets", target=1.0)
    # spopt assigns each tract to one store (single source); splitting never needs more
    assert ours.objective <= spopt_count
    assert spopt_count == 7


def test_san_francisco_capacitated_pmedian_serves_within_capacity(sf) -> None:
    metres, people = sf
    minutes = sp.csr_matrix(metres / 1000.0)
    problem = problem_from_matrix(minutes, people, minutes_break=RADIUS_KM, capacity=CAPACITY)
    result = solve(problem, "pmedian", p=7, options=SolveOptions(time_limit=30))
    plain = solve(problem_from_matrix(minutes, people, minutes_break=RADIUS_KM), "pmedian", p=7)
    assert result.status == "optimal"
    assert result.objective >= plain.objective - 1e-9  # capacity only adds cost
    assert result.served_people.sum() <= 7 * CAPACITY + 1e-6


def test_school_allocation_capacitated_pmedian_equals_spopt() -> None:
    """spopt's real capacitated p-median instance: 10 students, 74 schools with places.

    Its priority-1 schools are predefined (existing, always open), p = 10 in
    all (new ones: 10 minus those), one student each. With unit demands the
    best split assignment is a whole one, so our optimum equals spopt's
    single-source PMedian (predefined schools not forced full): 81.6 minutes.
    """
    from spopt.locate import PMedian

    journeys = DATA / "example_subject_student_school_journeys.csv"
    if not journeys.exists():
        pytest.skip("spopt's school test data are not installed")
    times = (
        pd.read_csv(journeys)
        .pivot_table(columns="school", fill_value=10000, index="student", sort=False, values="time")
        .astype(int)
        .to_numpy()
    )
    schools = pd.read_csv(DATA / "example_subject_schools.csv")
    places = schools["Count"].to_numpy(float)
    first = schools.index[schools["priority"] == 1].to_numpy()
    students = np.ones(times.shape[0])
    theirs = PMedian.from_cost_matrix(
        times, students, 10, predefined_facilities_arr=first, facility_capacities=places
    ).solve(pulp.PULP_CBC_CMD(msg=False))
    existing = np.zeros(times.shape[1], dtype=bool)
    existing[first] = True
    problem = problem_from_matrix(
        sp.csr_matrix(times.T.astype(float)),
        students,
        minutes_break=120.0,
        fixed=existing,
        capacity=places,
    )
    ours = solve(problem, "pmedian", p=10 - first.size, options=SolveOptions(method="exact"))
    assert ours.status == "optimal"
    assert ours.objective == pytest.approx(theirs.mean_dist)
    assert theirs.mean_dist == pytest.approx(81.6)
    chosen = set(np.flatnonzero(existing)) | set(ours.options.tolist())
    assert len(chosen) == 10
