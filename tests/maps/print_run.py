"""A small synthetic run for the print-map tests: a 1 km street grid with named roads.

Two townships (西街道, 东街道) of two communities each, one existing outlet in
the south-west corner, people in four clusters, two new outlets chosen among
three candidates. Built once per test session (:func:`print_run`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import shapely

from servicecircle.coverage import Coverage, CoverageSettings, coverage_from
from servicecircle.demand import Demand, demand_from_area
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.roads import RoadTable
from servicecircle.planning.plan import SitingPlan, plan_sites
from servicecircle.planning.request import SitingRequest
from servicecircle.results.bundle import Results
from servicecircle.results.summary import results_of
from servicecircle.supply.candidates import combine_candidates
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import grid_area, points_at

TYPES = {"w": OutletType("w", "walk", 5.0)}

TOWNSHIPS = {"西街道": (0.0, 500.0), "东街道": (500.0, 1000.0)}
"""Township name -> its x range in metres (the whole y range)."""

COMMUNITIES = {
    "西南社区": (0.0, 500.0, 0.0, 500.0),
    "西北社区": (0.0, 500.0, 500.0, 1000.0),
    "东南社区": (500.0, 1000.0, 0.0, 500.0),
    "东北社区": (500.0, 1000.0, 500.0, 1000.0),
}
"""Community name -> (x0, x1, y0, y1) in metres."""

MAIN_ROAD = "中山路"
"""The primary road along y = 500 m."""

LANE = "花径巷"
"""A named residential street along x = 300 m."""


@dataclass(frozen=True)
class PrintRun:
    """The run and the results the maps draw."""

    area: StudyArea
    demand: Demand
    coverage: Coverage
    plan: SitingPlan
    results: Results


def _boundaries() -> list[tuple[int, str, shapely.Geometry]]:
    rows: list[tuple[int, str, shapely.Geometry]] = [
        (8, name, shapely.box(x0, -50.0, x1, 1050.0)) for name, (x0, x1) in TOWNSHIPS.items()
    ]
    rows += [
        (
            10,
            name,
            shapely.box(
                x0, y0 - (50.0 if y0 == 0 else 0.0), x1, y1 + (50.0 if y1 == 1000 else 0.0)
            ),
        )
        for name, (x0, x1, y0, y1) in COMMUNITIES.items()
    ]
    return rows


def _named_edges(area: StudyArea) -> StudyArea:
    """``area`` with a primary road along y = 500 m and a named lane along x = 300 m."""
    edges = area.edges.copy()
    local = edges.to_crs(area.local_crs())
    starts = np.array([line.coords[0] for line in local.geometry])
    ends = np.array([line.coords[-1] for line in local.geometry])
    y_mid = (starts[:, 1] + ends[:, 1]) / 2.0
    x_mid = (starts[:, 0] + ends[:, 0]) / 2.0
    horizontal = np.abs(starts[:, 1] - ends[:, 1]) < 1.0
    vertical = np.abs(starts[:, 0] - ends[:, 0]) < 1.0
    row = np.round(y_mid - y_mid.min())
    column = np.round(x_mid - x_mid.min())
    main = horizontal & (row == 500.0)
    lane = vertical & (column == 300.0)
    edges["highway"] = np.where(main, "primary", "residential")
    edges["name"] = np.where(main, MAIN_ROAD, np.where(lane, LANE, None))
    return replace(area, roads=RoadTable.from_layers(area.nodes, edges))


@lru_cache(maxsize=1)
def print_run() -> PrintRun:
    """Build the run (once)."""
    area = _named_edges(grid_area(n=11, boundaries=_boundaries()))
    spots = [(50, 50), (950, 950), (950, 50), (450, 550)]
    people = points_at(spots, people=[10, 50, 30, 5])
    demand = demand_from_area(area, user_points=people, user_mode="replace")
    outlets = prepare_outlets(
        points_at([(0, 0)], outlet_type=["w"], name=["老网点"]), area=area, types=TYPES
    )
    settings = CoverageSettings(breaks=(5.0, 10.0), outlet_types=TYPES)
    coverage = coverage_from(area, demand, outlets, settings=settings)
    places = [(1000, 1000), (1000, 0), (500, 500)]
    candidates = combine_candidates([points_at(places, name=["东北角", "东南角", "中心"])])
    request = SitingRequest(model="mclp", new=2, new_types=("w",))
    plan = plan_sites(area, coverage, candidates, request=request)
    results = results_of(coverage, plan, area=area, demand=demand)
    return PrintRun(area=area, demand=demand, coverage=coverage, plan=plan, results=results)
