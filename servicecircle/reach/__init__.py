"""Reach: snapping points to a network and bounded multi-source shortest paths.

:func:`travel_times` gives a sparse site × demand matrix in minutes;
:func:`minutes_to_nearest` / :func:`nearest_sites` the time to the nearest
site in one pass; :func:`node_times` the node-level times used for
isochrones. See :mod:`servicecircle.reach.matrix` for the route model.
"""

from __future__ import annotations

from servicecircle.reach.kernel import augmented_graph, node_time_batches, same_edge_seconds
from servicecircle.reach.matrix import TravelTimes, node_times, travel_times
from servicecircle.reach.nearest import minutes_to_nearest, nearest_sites
from servicecircle.reach.snap import Snapped, points_xy, snap_points

__all__ = [
    "Snapped",
    "TravelTimes",
    "augmented_graph",
    "minutes_to_nearest",
    "nearest_sites",
    "node_time_batches",
    "node_times",
    "points_xy",
    "same_edge_seconds",
    "snap_points",
    "travel_times",
]
