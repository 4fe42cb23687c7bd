"""Where maps open: on the study extent's people and outlets, not on all the roads around it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import pytest
import shapely

from servicecircle.maps import web as webmap
from servicecircle.maps.extent import area_bounds, results_bounds
from servicecircle.report.outputs_map import map_from_outputs
from servicecircle.results.bundle import Results
from servicecircle.results.folder import read_results
from servicecircle.results.schema import Extent
from servicecircle.testing.synthetic import grid_area, to_wgs
from tests.maps.print_run import print_run
from tests.report.real_outputs import SAMPLE_SITE, cli_outputs, copy_outputs, read_json, write_json

MARGIN = 0.05  # of the larger side of the extent


def _within(inner: tuple[float, ...], outer: tuple[float, ...], margin: float = MARGIN) -> bool:
    west, south, east, north = outer
    pad = max(east - west, north - south) * margin
    return (
        inner[0] >= west - pad
        and inner[1] >= south - pad
        and inner[2] <= east + pad
        and inner[3] <= north + pad
    )


def _fitted(m: folium.Map) -> tuple[float, float, float, float]:
    """(west, south, east, north) the map was fitted to."""
    fits = [child for child in m._children.values() if isinstance(child, folium.map.FitBounds)]
    assert len(fits) == 1
    (south, west), (north, east) = fits[0].bounds
    return float(west), float(south), float(east), float(north)


def _far_roads(results: Results) -> Results:
    """``results`` whose road network runs 20 km east of the study extent."""
    area = results.coverage.study_area
    west, south, east, north = area.extent.bounds
    wide = replace(area, bounds=(west, south, east + 0.3, north + 0.2))
    return replace(results, coverage=replace(results.coverage, study_area=wide))


def test_results_open_on_the_extent_not_the_road_network() -> None:
    results = _far_roads(print_run().results)
    area = results.coverage.study_area
    bounds = results_bounds(results)
    assert bounds is not None
    assert _within(bounds, area.extent.bounds)
    assert (bounds[2] - bounds[0]) < 0.5 * (area.bounds[2] - area.bounds[0])
    demand = results.layers["demand"].total_bounds
    assert _within(tuple(demand), bounds, margin=0.0)  # every person is on the map


def test_people_outside_the_extent_do_not_widen_the_map() -> None:
    results = print_run().results
    far = gpd.GeoDataFrame(
        {"people": [1.0]}, geometry=to_wgs([shapely.Point(30_000, 0)]).to_numpy(), crs=4326
    )
    layers = {**results.layers, "demand": pd.concat([results.layers["demand"], far])}
    bounds = results_bounds(replace(results, layers=layers))
    assert bounds is not None and _within(bounds, results.coverage.study_area.extent.bounds)


def test_without_layers_the_extent_is_the_map_and_an_area_opens_on_its_extent() -> None:
    results = print_run().results
    bare = replace(results, layers={})
    extent = results.coverage.study_area.extent.bounds
    bounds = results_bounds(bare)
    assert bounds is not None and _within(bounds, extent) and _within(extent, bounds, 0.0)
    area = grid_area(n=11)
    small = to_wgs([shapely.box(0, 0, 300, 300)]).iloc[0]
    clipped = replace(area, extent=small, extent_basis="boundary")
    opened = area_bounds(clipped)
    assert opened is not None and _within(opened, small.bounds)
    m = webmap.study_area_map(clipped, basemap="none")
    assert _within(_fitted(m), small.bounds)
    no_extent = replace(results.coverage.study_area, extent=Extent("data", (float("nan"),) * 4))
    fallback = results_bounds(
        replace(bare, coverage=replace(results.coverage, study_area=no_extent))
    )
    assert fallback is not None and _within(fallback, results.coverage.study_area.bounds)


def test_the_interactive_map_of_an_output_folder_fits_the_study_extent(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """Roads 20 km beyond the extent (``study_area.bounds``) do not widen the map."""
    folder = copy_outputs(cli_outputs(tmp_path_factory, SAMPLE_SITE), tmp_path / "wide")
    summary = read_json(folder / "summary.json")
    west, south, east, north = summary["study_area"]["bounds"]
    summary["study_area"]["bounds"] = [west - 0.3, south - 0.2, east + 0.3, north + 0.2]
    write_json(summary, folder / "summary.json")
    extent = read_results(folder).coverage.study_area.extent.bounds
    fitted = _fitted(map_from_outputs(folder, lang="zh"))
    assert _within(fitted, extent)
