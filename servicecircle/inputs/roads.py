"""The road layers of a study area kept as arrays: :class:`RoadTable`.

A shapely LineString costs about 290 bytes beside the 16 bytes of each of its
vertices, a Point about 230, and a column of tag strings a Python object per
row: a study area of a million road nodes held its ``nodes`` and ``edges``
layers in about 1 GB. A :class:`RoadTable` keeps the same layers as plain
arrays: node ids and coordinates, the edge columns without geometry (tag
strings as pandas categoricals) and the edge vertices as one ragged
coordinate array (:func:`shapely.to_ragged_array` style: ``coords`` and
``offsets``), about a fifth of that. The network is built from these arrays
directly; :meth:`RoadTable.edges_frame` and :meth:`RoadTable.nodes_frame`
make the layers again, identical to the ones given, for the steps that draw
or cut roads.

Geometries that are not plain two-dimensional LineStrings (edges) or Points
(nodes), such as a missing geometry, an empty one, a MultiLineString or one
with a z coordinate, are kept as shapely objects beside the arrays (the
loaders produce none, but a layer handed in may hold some).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from servicecircle.inputs.crs import WGS84

_CHUNK = 1 << 20  #: vertices per step of line_coordinates (bounded temporaries)

__all__ = ["RoadTable"]


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class _Odd:
    """The rows of a geometry column kept as shapely objects (not plain arrays)."""

    rows: np.ndarray
    geoms: np.ndarray


def _split(geoms: np.ndarray, type_id: int) -> tuple[np.ndarray, _Odd]:
    """Which rows are plain 2-D, non-empty geometries of ``type_id``, and the others as objects."""
    plain = (shapely.get_type_id(geoms) == type_id) & ~shapely.has_z(geoms)
    plain &= ~shapely.is_empty(geoms) & ~shapely.has_m(geoms)
    odd = np.flatnonzero(~plain)
    return plain, _Odd(_read_only(odd.astype(np.int64)), _read_only(geoms[odd].copy()))


def _present(odd: _Odd) -> np.ndarray:
    """Bool per odd row: the geometry is there and not empty."""
    return np.asarray(~(shapely.is_missing(odd.geoms) | shapely.is_empty(odd.geoms)), dtype=bool)


@dataclass(frozen=True, eq=False)
class _Column:
    """How a tag column stored as a categorical is given back."""

    dtype: Any
    missing: Any  # the missing value of an object column (None or NaN)


def _compact(series: pd.Series) -> tuple[pd.Series, _Column | None]:
    """``series`` as a categorical when it holds only strings and one kind of missing value."""
    if isinstance(series.dtype, pd.StringDtype):
        return series.astype("category"), _Column(series.dtype, None)
    if series.dtype != object or pd.api.types.infer_dtype(series, skipna=True) not in (
        "string",
        "empty",
    ):
        return series, None
    values = series.to_numpy()
    missing = values[series.isna().to_numpy()]
    try:
        none = np.asarray(missing == None, dtype=bool)  # noqa: E711 (elementwise)
        if none.all():
            sentinel = None
        else:
            if none.any() or not np.isnan(missing.astype(np.float64)).all():
                return series, None
            sentinel = np.nan
    except (TypeError, ValueError):  # pd.NA, NaT: keep the column as it is
        return series, None
    return series.astype("category"), _Column(object, sentinel)


def _restored(series: pd.Series, column: _Column) -> pd.Series:
    """The original column of a categorical made by :func:`_compact`."""
    codes = series.cat.codes.to_numpy()
    categories = np.asarray(series.cat.categories, dtype=object)
    if column.dtype is object:
        lookup = np.empty(categories.size + 1, dtype=object)
        lookup[:-1] = categories
        lookup[-1] = column.missing
        return pd.Series(lookup[codes], index=series.index, dtype=object, name=series.name)
    values = pd.array(categories, dtype=column.dtype).take(codes, allow_fill=True)
    return pd.Series(values, index=series.index, name=series.name)


@dataclass(frozen=True, eq=False)
class RoadTable:
    """The ``nodes`` and ``edges`` layers of a study area as arrays (read-only).

    Attributes
    ----------
    nodes_index
        The nodes layer's index (``id``, int64 OSM node ids).
    node_lon, node_lat
        float64 coordinates of each node (NaN where its geometry is missing
        or empty).
    node_columns
        The nodes layer's other columns (none in the contract).
    columns
        The edges layer without its geometry: ``u``, ``v``, ``osm_id``,
        ``length`` and the tag columns, tag strings as pandas categoricals
        (:meth:`edges_frame` gives them back as they were).
    coords
        float64 ``(m, 2)`` vertices of the plain edge LineStrings, in order.
    offsets
        int64, one more than the edges: the vertices of edge ``i`` are
        ``coords[offsets[i]:offsets[i + 1]]`` (none for an odd row).
    crs, node_crs
        The CRS of the edges and of the nodes layer (WGS-84 in a StudyArea).
    """

    nodes_index: pd.Index
    node_lon: np.ndarray
    node_lat: np.ndarray
    node_columns: pd.DataFrame
    columns: pd.DataFrame
    coords: np.ndarray
    offsets: np.ndarray
    crs: pyproj.CRS | None
    node_crs: pyproj.CRS | None
    _odd_edges: _Odd
    _odd_nodes: _Odd
    _compacted: dict[str, _Column]
    _order: tuple[tuple[str, ...], tuple[str, ...]]  # nodes' and edges' columns, geometry included
    _geometry: tuple[str, str]  # the nodes' and edges' geometry column names

    @classmethod
    def from_layers(cls, nodes: gpd.GeoDataFrame, edges: gpd.GeoDataFrame) -> RoadTable:
        """Keep a nodes and an edges layer (GeoDataFrames) as arrays.

        Parameters
        ----------
        nodes
            Point layer indexed by node id.
        edges
            Line layer with the edge columns.

        Returns
        -------
        RoadTable
            The layers; :meth:`nodes_frame` and :meth:`edges_frame` give
            them back identical (columns, dtypes, index, geometry, CRS).
        """
        geoms = edges.geometry.to_numpy()
        plain, odd_edges = _split(geoms, 1)  # LineString
        counts = np.where(plain, shapely.get_num_coordinates(geoms), 0)
        offsets = np.zeros(len(geoms) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        coords = np.ascontiguousarray(shapely.get_coordinates(geoms[plain]), dtype=np.float64)
        points = nodes.geometry.to_numpy()
        plain_nodes, odd_nodes = _split(points, 0)  # Point
        located = plain_nodes.copy()  # plain Points, and odd ones with a z: one vertex each
        located[odd_nodes.rows] = (shapely.get_type_id(odd_nodes.geoms) == 0) & _present(odd_nodes)
        lonlat = np.full((len(points), 2), np.nan)
        lonlat[located] = shapely.get_coordinates(points[located])
        lon, lat = lonlat[:, 0].copy(), lonlat[:, 1].copy()
        compacted: dict[str, _Column] = {}
        data = edges.drop(columns=edges.geometry.name)
        for name in data.columns:
            data[name], column = _compact(data[name])
            if column is not None:
                compacted[name] = column
        return cls(
            nodes_index=nodes.index,
            node_lon=_read_only(np.asarray(lon, dtype=np.float64)),
            node_lat=_read_only(np.asarray(lat, dtype=np.float64)),
            node_columns=nodes.drop(columns=nodes.geometry.name),
            columns=data,
            coords=_read_only(coords),
            offsets=_read_only(offsets),
            crs=None if edges.crs is None else pyproj.CRS(edges.crs),
            node_crs=None if nodes.crs is None else pyproj.CRS(nodes.crs),
            _odd_edges=odd_edges,
            _odd_nodes=odd_nodes,
            _compacted=compacted,
            _order=(tuple(nodes.columns), tuple(edges.columns)),
            _geometry=(nodes.geometry.name, edges.geometry.name),
        )

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickle read-only, like the original (numpy pickles drop the flag)."""
        for name, value in state.items():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
            object.__setattr__(self, name, value)

    def __len__(self) -> int:
        """Number of edges."""
        return int(self.offsets.shape[0] - 1)

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return int(self.node_lon.shape[0])

    @property
    def node_ids(self) -> np.ndarray:
        """int64 node id of each node (the nodes layer's index)."""
        return self.nodes_index.to_numpy(dtype=np.int64)

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(west, south, east, north)`` of the edge geometries (NaN when there are none)."""
        boxes = [shapely.bounds(self._odd_edges.geoms)]
        if self.coords.shape[0]:
            boxes.append(np.concatenate([self.coords.min(axis=0), self.coords.max(axis=0)])[None])
        return _outer(np.vstack(boxes))

    def bounds_in(self, crs: pyproj.CRS) -> tuple[float, float, float, float]:
        """:attr:`bounds` of the edges projected to ``crs``, as ``edges_frame().to_crs(crs)`` has.

        The vertices are projected (``always_xy``, as ``GeoSeries.to_crs``) without making lines.
        """
        source = self.crs if self.crs is not None else pyproj.CRS(crs)
        transformer = pyproj.Transformer.from_crs(source, crs, always_xy=True)
        x, y = transformer.transform(self.coords[:, 0], self.coords[:, 1])
        odd = gpd.GeoSeries(self._odd_edges.geoms, crs=source).to_crs(crs)
        boxes = [odd.bounds.to_numpy()]
        if len(x):
            boxes.append(np.array([[np.min(x), np.min(y), np.max(x), np.max(y)]]))
        return _outer(np.vstack(boxes))

    def line_rows(self) -> np.ndarray:
        """Bool per edge: its geometry is a LineString, present and not empty."""
        lines = np.diff(self.offsets) > 0
        odd = self._odd_edges
        lines[odd.rows] = (shapely.get_type_id(odd.geoms) == 1) & _present(odd)
        return lines

    def line_coordinates(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The x, y vertices of the edges at ``rows``: ``(xy, ptr)`` (``ptr`` as ``offsets``).

        A z coordinate is dropped; a row without geometry has no vertices (other
        geometries give all theirs: ask for :meth:`line_rows` only).
        """
        rows = np.asarray(rows, dtype=np.int64)
        starts = self.offsets[rows]
        counts = self.offsets[rows + 1] - starts
        odd = np.flatnonzero(np.isin(rows, self._odd_edges.rows))
        odd_geoms = self._odd_edges.geoms[np.searchsorted(self._odd_edges.rows, rows[odd])]
        counts[odd] = shapely.get_num_coordinates(odd_geoms)
        ptr = np.zeros(rows.size + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        xy = np.empty((int(ptr[-1]), 2), dtype=np.float64)
        is_odd = np.zeros(rows.size, dtype=bool)
        is_odd[odd] = True
        shift = starts - ptr[:-1]  # a plain row's source vertex minus its place in xy
        cuts = np.unique(np.searchsorted(ptr, np.arange(0, xy.shape[0], _CHUNK), side="right") - 1)
        for r0, r1 in zip(cuts, [*cuts[1:], rows.size], strict=True) if self.coords.size else ():
            # rows r0..r1 (about _CHUNK vertices): no whole-array temporaries
            source = np.arange(ptr[r0], ptr[r1]) + np.repeat(shift[r0:r1], counts[r0:r1])
            source[np.repeat(is_odd[r0:r1], counts[r0:r1])] = 0  # filled below
            xy[ptr[r0] : ptr[r1]] = self.coords[source]
        if odd.size:
            at = np.repeat(ptr[:-1][odd], counts[odd])
            local = np.arange(at.size) - np.repeat(
                np.cumsum(counts[odd]) - counts[odd], counts[odd]
            )
            xy[at + local] = shapely.get_coordinates(odd_geoms)
        return xy, ptr

    def node_present(self) -> np.ndarray:
        """Bool per node: its geometry is present and not empty."""
        present = np.ones(self.n_nodes, dtype=bool)
        present[self._odd_nodes.rows] = _present(self._odd_nodes)
        return present

    def edges_frame(
        self, rows: np.ndarray | None = None, columns: Sequence[str] | None = None
    ) -> gpd.GeoDataFrame:
        """The edges layer as it was given: a new GeoDataFrame on each call.

        Parameters
        ----------
        rows
            Positions of the edges wanted (in this order); all by default.
            Only their lines are made.
        columns
            The columns wanted beside the geometry (in the layer's order);
            all by default.

        Returns
        -------
        geopandas.GeoDataFrame
            Equal to ``edges.iloc[rows][columns + [geometry]]`` of the layer given.
        """
        chosen = None if rows is None else np.asarray(rows, dtype=np.int64)
        odd = self._odd_edges
        if chosen is None:
            geoms = np.empty(len(self), dtype=object)
            counts = np.diff(self.offsets)
            plain = np.flatnonzero(counts > 0)
            if plain.size:
                owner = np.repeat(np.arange(plain.size), counts[plain])
                geoms[plain] = shapely.linestrings(self.coords, indices=owner)
            geoms[odd.rows] = odd.geoms
        else:
            geoms = np.empty(chosen.size, dtype=object)
            plain = np.flatnonzero(np.diff(self.offsets)[chosen] > 0)
            if plain.size:
                xy, ptr = self.line_coordinates(chosen[plain])
                owner = np.repeat(np.arange(plain.size), np.diff(ptr))
                geoms[plain] = shapely.linestrings(xy, indices=owner)
            at = np.flatnonzero(np.isin(chosen, odd.rows))
            geoms[at] = odd.geoms[np.searchsorted(odd.rows, chosen[at])]
        wanted = list(self.columns.columns) if columns is None else list(columns)
        data = {}
        for name in wanted:
            column = self.columns[name] if chosen is None else self.columns[name].iloc[chosen]
            compact = self._compacted.get(name)
            data[name] = _restored(column, compact) if compact is not None else column.copy()
        order = tuple(c for c in self._order[1] if c in data or c == self._geometry[1])
        index = self.columns.index if chosen is None else self.columns.index[chosen]
        return _frame(data, order, self._geometry[1], geoms, index, self.crs)

    def nodes_frame(self) -> gpd.GeoDataFrame:
        """The nodes layer as it was given: a new GeoDataFrame on each call."""
        points = np.empty(self.n_nodes, dtype=object)
        points[:] = shapely.points(self.node_lon, self.node_lat)
        points[self._odd_nodes.rows] = self._odd_nodes.geoms
        data = {name: self.node_columns[name].copy() for name in self.node_columns.columns}
        index = self.nodes_index.copy()
        return _frame(data, self._order[0], self._geometry[0], points, index, self.node_crs)


def named_roads(edges: gpd.GeoDataFrame | RoadTable | None) -> gpd.GeoDataFrame:
    """The road segments of ``edges`` with a name (``name`` not blank), any CRS.

    From a :class:`~servicecircle.inputs.roads.RoadTable` only the named
    segments' lines are made.
    """
    if isinstance(edges, RoadTable):
        if len(edges) == 0 or "name" not in edges.columns.columns:
            return named_roads(None)
        names = edges.columns["name"].astype(object)
        blank = names.map(lambda v: not (isinstance(v, str) and v.strip())).to_numpy(bool)
        return named_roads(edges.edges_frame(rows=np.flatnonzero(~blank), columns=["name"]))
    if edges is None or len(edges) == 0 or "name" not in edges.columns:
        return gpd.GeoDataFrame({"name": []}, geometry=[], crs=WGS84)
    names = edges["name"].map(lambda v: v.strip() if isinstance(v, str) else "").to_numpy()
    named = edges.loc[names != "", [edges.geometry.name]].assign(name=names[names != ""])
    present = ~(named.geometry.is_empty | named.geometry.isna()).to_numpy()
    return named[present]


def _outer(boxes: np.ndarray) -> tuple[float, float, float, float]:
    """The box around the finite rows of ``boxes`` (``xmin, ymin, xmax, ymax``); NaN if none."""
    boxes = boxes[np.isfinite(boxes).all(axis=1)]
    if not len(boxes):
        return (np.nan, np.nan, np.nan, np.nan)
    lo, hi = boxes[:, :2].min(axis=0), boxes[:, 2:].max(axis=0)
    return (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))


def _frame(
    data: dict[str, Any],
    order: tuple[str, ...],
    geometry: str,
    geoms: np.ndarray,
    index: pd.Index,
    crs: pyproj.CRS | None,
) -> gpd.GeoDataFrame:
    """A GeoDataFrame of ``data`` and ``geoms`` with the columns in ``order``."""
    data[geometry] = gpd.GeoSeries(geoms, index=index, crs=crs)
    return gpd.GeoDataFrame(
        {name: data[name] for name in order}, index=index, geometry=geometry, crs=crs
    )
