"""Service-area polygons (isochrones) and the people inside them."""

from __future__ import annotations

from servicecircle.isochrones.build import IsochroneSettings, isochrones_from_sites
from servicecircle.isochrones.lines import LineTable
from servicecircle.isochrones.people import people_in_polygons

__all__ = ["IsochroneSettings", "LineTable", "isochrones_from_sites", "people_in_polygons"]
