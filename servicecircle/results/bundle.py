"""What the report and the scenarios are built from: :class:`Results`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import geopandas as gpd

from servicecircle.results.schema import CoverageSummary, SitingSummary


@dataclass(frozen=True, eq=False)
class Results:
    """The results of one run: both summaries and the map layers.

    Read from an output folder with
    :func:`~servicecircle.results.folder.read_results`, or put together from
    the summaries (:func:`~servicecircle.results.summary.coverage_summary`,
    :func:`~servicecircle.results.summary.siting_summary`) and the layers of
    :func:`~servicecircle.results.folder.analysis_layers` /
    :func:`~servicecircle.results.folder.siting_layers`.

    Attributes
    ----------
    coverage
        ``summary.json``: coverage today.
    siting
        ``siting.json``, or ``None`` when no siting was run.
    layers
        Map layers by name: those of ``analysis.gpkg`` (``demand``,
        ``outlets``, ``isochrones``, ``gaps``, ``units``, ...) and of
        ``siting.gpkg`` (``chosen``, ``candidates``, ``demand_after``) present.
    """

    coverage: CoverageSummary
    siting: SitingSummary | None = None
    layers: Mapping[str, gpd.GeoDataFrame] = field(default_factory=dict)
