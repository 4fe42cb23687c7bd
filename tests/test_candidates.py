"""Candidate sites: OSM premises, generated around gaps, exclusions, thinning."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from servicecircle.candidates import (
    candidates_around_gaps,
    candidates_from_osm,
    combine_candidates,
    thin_points,
)
from servicecircle.errors import InputDataError
from servicecircle.network import mode_from_name, network_from_area

from .synthetic import grid_area, points_at, to_wgs


def test_thinning_keeps_spacing_and_order():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 1000, 500), rng.uniform(0, 1000, 500)
    kept = thin_points(x, y, 100.0)
    assert kept[0] == 0
    pts = np.c_[x[kept], y[kept]]
    distances = np.sqrt(((pts[:, None] - pts[None]) ** 2).sum(-1))
    np.fill_diagonal(distances, np.inf)
    assert distances.min() >= 100.0
    # every dropped point is near a kept one
    dropped = np.setdiff1d(np.arange(500), kept)
    nearest = np.sqrt(((np.c_[x[dropped], y[dropped]][:, None] - pts[None]) ** 2).sum(-1)).min(1)
    assert nearest.max() < 100.0


def test_generated_candidates_lie_around_gaps():
    area = grid_area(n=11)
    network = network_from_area(area, mode_from_name("walk"))
    gap = gpd.GeoDataFrame(
        {"people": [50.0]}, geometry=to_wgs([shapely.box(800, 800, 1000, 1000)]), crs=4326
    )
    found = candidates_around_gaps(network, gap, reach_m=100, spacing_m=150)
    assert 0 < len(found) <= 9
    metric = found.to_crs(network.crs)
    zone = shapely.buffer(gap.to_crs(network.crs).geometry.iloc[0], 100 + 1e-6)
    assert shapely.contains(zone, metric.geometry.to_numpy()).all()
    assert (found["source"] == "auto").all()


def test_combine_drops_excluded_and_numbers(sample_area):
    osm = candidates_from_osm(sample_area)
    extra = points_at([(0, 0), (10, 10)], name=["a", "b"])
    exclusion = gpd.GeoDataFrame(
        geometry=[shapely.box(*extra.total_bounds).buffer(0.001)], crs=4326
    )
    combined = combine_candidates([osm, extra], exclusions=exclusion)
    assert len(combined) == len(osm)
    assert combined["candidate_id"].tolist() == list(range(len(osm)))
    with pytest.raises(InputDataError, match="inside exclusion areas"):
        combine_candidates([extra], exclusions=exclusion)
    with pytest.raises(InputDataError, match="no candidate sites"):
        combine_candidates([])
