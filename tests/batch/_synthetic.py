"""Region jobs on the synthetic grid (servicecircle.testing.synthetic) for the batch tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import shapely

from servicecircle.batch.halo import halo_polygon
from servicecircle.batch.jobs import RegionJob
from servicecircle.testing.synthetic import to_wgs

#: The halo around each synthetic region, in metres.
HALO_M = 1_600.0


def synthetic_job(
    code: str,
    metric: shapely.Polygon,
    inputs: Mapping[str, Any],
    *,
    name: str | None = None,
    **fields: Any,
) -> RegionJob:
    """The job of the region ``metric`` (the grid's metres) with a :data:`HALO_M` halo.

    ``name`` defaults to ``code``; ``fields`` are further :class:`RegionJob`
    fields (``site``, ``groups``).
    """
    region = to_wgs([metric]).iloc[0]
    return RegionJob(
        code=code,
        name=code if name is None else name,
        region_wkb=shapely.to_wkb(region),
        halo_wkb=shapely.to_wkb(halo_polygon(region, HALO_M)),
        halo_m=HALO_M,
        extract="synthetic",
        inputs=dict(inputs),
        **fields,
    )
