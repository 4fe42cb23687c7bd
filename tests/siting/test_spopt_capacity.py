"""spopt's San Francisco instance (16 stores, 205 census tracts) with capacity.

The data are spopt's own test files (pysal/spopt, BSD-3-Clause), read from
the installed dev dependency; the test skips without it. Everyone within
8 km of a store (distances in metres, read as "minutes" of 1 km each) must
be served, each store serving at most 150,000 people: the fewest stores is
checked against an exact MIP written here with PuLP (CBC), and against
spopt's own capacitated LSCP on the same numbers.
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
