"""2SFCA and E2SFCA equal PySAL ``access`` on the same inputs (synthetic and real matrices).

PySAL's ``Access.two_stage_fca(max_cost=c)`` and ``enhanced_two_stage_fca``
with ``weights.step_fn({c/3: 1, 2c/3: 0.68, c: 0.22})`` (not normalised) are
the definitions of :mod:`servicecircle.coverage.accessibility` with one
catchment ``c`` for every outlet. Converting step: PySAL has no value for a
unit no outlet reaches (NaN; 0 here) and divides by zero for an outlet whose
catchment holds nobody (its units get inf or NaN; it shares nothing here).
"""

from __future__ import annotations

import logging

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from scipy.sparse import csr_matrix

from servicecircle.coverage import coverage_from
from servicecircle.coverage.access_run import outlet_minutes
from servicecircle.coverage.accessibility import DecayBands, catchment_weights, floating_catchment
from servicecircle.supply.outlets import outlets_from_osm, prepare_outlets
from servicecircle.workflow.inputs import RunInputs
from servicecircle.workflow.prepare import prepare_inputs
from servicecircle.workflow.sensitivity import coverage_networks

access = pytest.importorskip("access")

CATCHMENT = 15.0


def pysal_values(
    minutes: csr_matrix, people: np.ndarray, staff: np.ndarray, *, enhanced: bool
) -> np.ndarray:
    """Staff per 10,000 by PySAL access, per unit (NaN where it has no number)."""
    coo = minutes.tocoo()
    cost = pd.DataFrame(
        {
            "origin": [f"u{j}" for j in coo.col],
            "dest": [f"o{i}" for i in coo.row],
            "cost": coo.data.astype(float),
        }
    )
    demand = pd.DataFrame({"pop": people}, index=pd.Index([f"u{j}" for j in range(len(people))]))
    demand.index.name = "geoid"
    supply = pd.DataFrame({"staff": staff}, index=pd.Index([f"o{i}" for i in range(len(staff))]))
    supply.index.name = "geoid"
    logging.getLogger("access").setLevel(logging.WARNING)
    model = access.Access(
        demand_df=demand,
        demand_index=True,
        demand_value="pop",
        supply_df=supply,
        supply_index=True,
        supply_value="staff",
        cost_df=cost,
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )
    if enhanced:
        step = access.weights.step_fn(
            {CATCHMENT / 3: 1.0, 2 * CATCHMENT / 3: 0.68, CATCHMENT: 0.22}
        )
        result = model.enhanced_two_stage_fca(name="e2", max_cost=CATCHMENT, weight_fn=step)
    else:
        result = model.two_stage_fca(name="s2", max_cost=CATCHMENT)
    values = result.iloc[:, 0].reindex(demand.index).to_numpy(float)
    return values * 1e4


def assert_equal_to_pysal(minutes: csr_matrix, people: np.ndarray, staff: np.ndarray) -> None:
    for enhanced in (False, True):
        bands = DecayBands() if enhanced else None
        fc = floating_catchment(catchment_weights(minutes, CATCHMENT, bands), people, staff)
        theirs = pysal_values(minutes, people, staff, enhanced=enhanced)
        reached = catchment_weights(minutes, CATCHMENT).toarray().any(axis=0)
        # converting step: PySAL leaves units no outlet reaches without a number
        assert np.isnan(theirs[~reached]).all()
        assert (fc.staff_per_10k[~reached] == 0).all()
        finite = np.isfinite(theirs)
        # and divides by zero where an outlet's catchment holds nobody
        empty = catchment_weights(minutes, CATCHMENT).toarray()[fc.catchment_people == 0]
        assert (reached & ~finite == empty.any(axis=0) & reached).all()
        assert finite.sum() > 0
        np.testing.assert_allclose(fc.staff_per_10k[finite], theirs[finite], rtol=1e-9, atol=1e-9)


def test_equal_to_pysal_on_a_synthetic_matrix() -> None:
    rng = np.random.default_rng(15)
    n_outlets, n_units = 12, 300
    dense = rng.uniform(0, 25, size=(n_outlets, n_units))
    dense[rng.random(dense.shape) < 0.6] = np.nan  # not within the search cutoff
    dense[0, 0] = 0.0  # an outlet and a unit at the same spot
    dense[1, :5] = [5.0, 10.0, 15.0, 5.0 + 1e-9, 15.0 + 1e-9]  # on and past the band limits
    rows, cols = np.nonzero(~np.isnan(dense))
    minutes = csr_matrix(
        (dense[rows, cols], cols, np.searchsorted(rows, np.arange(n_outlets + 1))), dense.shape
    )
    assert minutes.nnz == rows.size  # the explicit zero is stored
    people = rng.uniform(50, 3000, size=n_units)
    people[10] = 0.0
    staff = rng.integers(1, 6, size=n_outlets).astype(float)
    assert_equal_to_pysal(minutes, people, staff)


def public_premises(area, prepared) -> gpd.GeoDataFrame:
    """Liechtenstein's town halls and public buildings as outlets of the run's one type.

    OSM has two town halls there and no employment office; its 17 public
    buildings spread the outlets over the country.
    """
    found = outlets_from_osm(area, kinds=("townhall", "public_building"))
    kind = str(prepared.outlets["outlet_type"].iloc[0])
    return prepare_outlets(
        found.assign(outlet_type=kind), area=area, types=prepared.settings.outlet_types
    )


def real_matrix(area, inputs: RunInputs, *, premises: bool = False):
    prepared = prepare_inputs(area, inputs)
    outlets = public_premises(area, prepared) if premises else prepared.outlets
    networks = coverage_networks(area, outlets, prepared.settings)
    coverage = coverage_from(
        area,
        prepared.demand,
        outlets,
        settings=prepared.settings,
        networks=networks,
        with_isochrones=False,
    )
    catchment = np.full(len(coverage.outlets), CATCHMENT)
    minutes = outlet_minutes(networks, coverage, catchment)
    people = coverage.demand["people"].to_numpy(float)
    staff = np.arange(1, len(coverage.outlets) + 1, dtype=float)
    return minutes, people, staff


def test_equal_to_pysal_on_the_samples_matrix(sample_area) -> None:
    minutes, people, staff = real_matrix(sample_area, RunInputs(area="sample"))
    assert minutes.nnz > 100
    assert_equal_to_pysal(minutes, people, staff)


@pytest.mark.shared_data
def test_equal_to_pysal_on_liechtensteins_matrix(liechtenstein_area, liechtenstein_pbf) -> None:
    inputs = RunInputs(area=str(liechtenstein_pbf), outlets="osm")
    minutes, people, staff = real_matrix(liechtenstein_area, inputs, premises=True)
    assert minutes.shape[0] == 19
    assert minutes.nnz > 1000
    assert_equal_to_pysal(minutes, people, staff)
