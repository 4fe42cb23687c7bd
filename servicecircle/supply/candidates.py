"""Candidate sites for new outlets: OSM premises, the planner's list, and generated points.

Generated candidates are network nodes in and around the gap areas, thinned so
that no two are closer than a minimum spacing. Any mix of sources can be
combined; candidates inside the planner's exclusion areas are dropped. A
planner's list is read by the names planners give its columns (名称, 地址, ...:
:data:`~servicecircle.inputs.fields.FIELDS`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.fields import with_fields
from servicecircle.inputs.premise_names import DEFAULT_PREMISE_NAMES
from servicecircle.inputs.premises import premises_inside
from servicecircle.inputs.roads import RoadTable, named_roads
from servicecircle.network import Network

logger = logging.getLogger(__name__)

CANDIDATE_COLUMNS: tuple[str, ...] = (
    "candidate_id",
    "name",
    "source",
    "kind",
    "basis",
    "address",
    "geometry",
)
"""Columns of the candidate table; ``address`` is the planner's (地址), None for the others."""


def thin_points(x: np.ndarray, y: np.ndarray, spacing: float) -> np.ndarray:
    """Indices of a subset of points with no two closer than ``spacing`` (greedy, in order).

    Parameters
    ----------
    x, y
        Metric coordinates.
    spacing
        Minimum distance between kept points.

    Returns
    -------
    numpy.ndarray
        Positions of the kept points, ascending.

    Examples
    --------
    Points 0, 40, 90, 100 and 250 m along a line, kept at least 100 m apart:
    0 is kept, 40 and 90 are too close to it, 100 is exactly 100 m away, 250 is
    far enough from 100.

    >>> thin_points(np.array([0.0, 40.0, 90.0, 100.0, 250.0]), np.zeros(5), 100.0)
    array([0, 3, 4])
    >>> thin_points(np.zeros(0), np.zeros(0), 100.0)
    array([], dtype=int64)
    """
    from scipy.spatial import cKDTree

    if len(x) == 0:
        return np.zeros(0, dtype=np.int64)
    tree = cKDTree(np.c_[x, y])
    removed = np.zeros(len(x), dtype=bool)
    kept = []
    for i in range(len(x)):
        if removed[i]:
            continue
        kept.append(i)
        removed[tree.query_ball_point((x[i], y[i]), spacing - 1e-9)] = True
    return np.asarray(kept, dtype=np.int64)


#: Premise kinds that are no candidates: they are employment service outlets
#: already (a new outlet there adds nothing), whichever outlets the plan starts from.
EXISTING_OUTLET_KINDS: tuple[str, ...] = DEFAULT_PREMISE_NAMES.kinds("outlet")


def candidates_from_osm(
    area: StudyArea, *, skip_kinds: Sequence[str] = EXISTING_OUTLET_KINDS
) -> gpd.GeoDataFrame:
    """The candidate premises of the area: those inside its study extent.

    Community centres, townhalls and the other tagged premises, and premises
    recognised by name (党群服务中心, 居委会, 街道办事处, ...), with ``basis``
    saying why each is one. Premises of ``skip_kinds`` (employment services
    and gig markets: outlets already) are left out.
    """
    premises = area.premises
    keep = premises_inside(area) & ~premises["kind"].isin(skip_kinds).to_numpy()
    premises = premises[keep]
    basis = premises.get("basis", pd.Series(None, index=premises.index, dtype=object))
    return gpd.GeoDataFrame(
        {
            "name": premises["name"].to_numpy(),
            "source": "osm",
            "kind": premises["kind"].to_numpy(),
            "basis": basis.to_numpy(),
        },
        geometry=premises.geometry.to_numpy(),
        crs=WGS84,
    )


def candidates_around_gaps(
    network: Network,
    gaps: gpd.GeoDataFrame,
    *,
    reach_m: float = 500.0,
    spacing_m: float = 150.0,
    largest_component_only: bool = False,
    edges: gpd.GeoDataFrame | RoadTable | None = None,
    extent: BaseGeometry | None = None,
) -> gpd.GeoDataFrame:
    """Network nodes in and within ``reach_m`` of the gap areas, thinned to ``spacing_m``.

    Nodes of gaps with more people come first, so thinning keeps them. With
    the study area's roads (its road table, or an ``edges`` layer), each site
    is named after a street it lies on;
    with its ``extent`` (WGS-84, :attr:`StudyArea.extent`), nodes outside it
    are no sites (roads beyond the study area carry routes, not outlets).
    """
    if len(gaps) == 0:
        return gpd.GeoDataFrame(
            {"name": [], "source": [], "kind": [], "basis": []}, geometry=[], crs=WGS84
        )
    metric = gaps.to_crs(network.crs)
    order = np.argsort(-metric["people"].to_numpy(float), kind="stable")
    zones = shapely.buffer(metric.geometry.to_numpy()[order], reach_m)
    tree = shapely.STRtree(zones)
    nodes = shapely.points(network.node_x, network.node_y)
    node_idx, zone_idx = tree.query(nodes, predicate="within")
    if extent is not None:
        region = gpd.GeoSeries([extent], crs=WGS84).to_crs(network.crs).to_numpy()
        inside = shapely.intersects(region[0], np.asarray(nodes)[node_idx])
        node_idx, zone_idx = node_idx[inside], zone_idx[inside]
    if largest_component_only:
        keep = network.component[node_idx] == 0
        node_idx, zone_idx = node_idx[keep], zone_idx[keep]
    # each node once, under its best (most people) gap, best gaps first
    frame = pd.DataFrame({"node": node_idx, "zone": zone_idx}).sort_values(["zone", "node"])
    frame = frame.drop_duplicates("node")
    picked = frame["node"].to_numpy()
    kept = picked[thin_points(network.node_x[picked], network.node_y[picked], spacing_m)]
    points = gpd.GeoSeries(
        shapely.points(network.node_x[kept], network.node_y[kept]), crs=network.crs
    ).to_crs(WGS84)
    names = _street_names(network, kept, edges)
    return gpd.GeoDataFrame(
        {
            "name": names,
            "source": "auto",
            "kind": "network_point",
            "basis": f"network node within {reach_m:g} m of a gap",
        },
        geometry=points.to_numpy(),
        crs=WGS84,
    )


NEAREST_ROAD_M = 300.0
"""A generated site where no named street meets is named after the nearest named
road within this distance (metres); farther than this it has no name."""


def _street_names(
    network: Network, nodes: np.ndarray, edges: gpd.GeoDataFrame | RoadTable | None
) -> list[str | None]:
    """The name of a street at each node, else of the nearest named road, else None.

    A street that meets the node names it; a node on an unnamed path takes the
    nearest named road within :data:`NEAREST_ROAD_M`. A name, not a label: the
    site is worded with its number where it is shown
    (:func:`servicecircle.planning.naming.candidate_label`: 候选点位 12（花径路）).
    """
    columns = (
        edges.columns.columns if isinstance(edges, RoadTable) else getattr(edges, "columns", ())
    )
    if edges is None or "name" not in columns or len(nodes) == 0:
        return [None] * len(nodes)
    street = np.full(network.n_nodes, None, dtype=object)
    layer_names = edges.columns["name"] if isinstance(edges, RoadTable) else edges["name"]
    names = layer_names.to_numpy(dtype=object)[network.edge_source]
    named = np.flatnonzero(pd.notna(names))
    # later assignments win; fine: any street at the node will do
    street[network.edge_u[named]] = names[named]
    street[network.edge_v[named]] = names[named]
    found: list[str | None] = [str(street[k]) if street[k] else None for k in nodes]
    missing = np.array([i for i, name in enumerate(found) if name is None], dtype=np.int64)
    roads = named_roads(edges) if len(missing) else named_roads(None)
    if len(missing) and len(roads):
        lines = roads.to_crs(network.crs).geometry.to_numpy()
        at = nodes[missing]
        points = shapely.points(network.node_x[at], network.node_y[at])
        point_idx, road_idx = shapely.STRtree(lines).query_nearest(
            points, max_distance=NEAREST_ROAD_M, all_matches=False
        )
        road_names = roads["name"].to_numpy()
        for p, r in zip(point_idx, road_idx, strict=True):
            found[int(missing[p])] = str(road_names[r])
    return found


def combine_candidates(
    parts: Sequence[gpd.GeoDataFrame],
    *,
    exclusions: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Stack candidate layers, drop those inside exclusion areas, number them.

    A planner's layer gives its names and addresses under any name of
    :data:`~servicecircle.inputs.fields.FIELDS` (名称, 网点名称, 地址, ...);
    areas stand as a point on their surface.

    Raises
    ------
    InputDataError
        When nothing is left.
    """
    frames = []
    for given in parts:
        if given is None or len(given) == 0:
            continue
        if given.crs is None:
            raise InputDataError(msg("msg.candidates.no_crs"))
        part = with_fields(given.to_crs(WGS84), ("name", "address"))
        if not part.geom_type.eq("Point").all():
            part = part.assign(geometry=shapely.point_on_surface(part.geometry.to_numpy()))
        for column in ("name", "source", "kind", "basis", "address"):
            if column not in part.columns:
                part = part.assign(**{column: "file" if column == "source" else None})
        frames.append(part[list(CANDIDATE_COLUMNS[1:])])
    if not frames:
        raise InputDataError(msg("msg.candidates.none"))
    combined = gpd.GeoDataFrame(
        pd.concat(frames, ignore_index=True), geometry="geometry", crs=WGS84
    )
    dropped = 0
    if exclusions is not None and len(exclusions):
        zone = shapely.union_all(exclusions.to_crs(WGS84).geometry.to_numpy())
        inside = shapely.contains(zone, combined.geometry.to_numpy())
        dropped = int(inside.sum())
        combined = combined[~inside]
    if len(combined) == 0:
        raise InputDataError(msg("msg.candidates.all_excluded", count=dropped))
    combined = combined.reset_index(drop=True)
    combined.insert(0, "candidate_id", np.arange(len(combined), dtype=np.int64))
    logger.info("%d candidates (%d dropped in exclusion areas)", len(combined), dropped)
    return combined[list(CANDIDATE_COLUMNS)]
