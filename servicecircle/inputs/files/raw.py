"""A planner's file before validation, the limits one read is held to, and row naming.

:class:`RawLayer` is what every reader (:mod:`.tabular`, :mod:`.vector`,
:mod:`.archive`) hands to :func:`~.read.read_layer`'s checks: the geometries in
the file's own coordinates and where each feature is in the file. Messages name
features as the planner sees them: spreadsheet row numbers for a CSV (header
row 1), feature numbers from 1 for other files (:func:`name_labels`,
:func:`describe_rows`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyproj
from numpy.typing import NDArray

from servicecircle._progress import Said
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.size_checks import check_feature_count, check_vertices
from servicecircle.limits import Limits

__all__ = [
    "MAX_LISTED",
    "SOURCE_ROWS_ATTR",
    "GeometryKind",
    "RawLayer",
    "ReadCaps",
    "count_of",
    "describe_rows",
    "geometry_type_name",
    "name_labels",
    "row_labels",
    "rows_error",
    "source_rows",
    "unit_hint",
]

GeometryKind = Literal["any", "point", "polygon"]
"""{"any", "point", "polygon"}: the kind of geometry a layer must hold."""


MAX_LISTED = 10


@dataclass
class RawLayer:
    """A file's features before validation: geometry in the source coordinates."""

    name: str
    source: Said  # the file (and layer) as named in messages
    attributes: pd.DataFrame
    geoms: NDArray[np.object_]
    labels: NDArray[np.int64]
    unit: str  # "row" (spreadsheet row numbers) or "feature" (1-based)
    file_crs: pyproj.CRS | None = None
    notes: list[Said] = field(default_factory=list)
    columns: tuple[str, str] | None = None  # CSV lon/lat column names
    geojson_default_crs: bool = False
    unreadable_prj: str | None = None  # the start of a .prj that is not a coordinate system


@dataclass(frozen=True)
class ReadCaps:
    """The size limits one read is held to."""

    limits: Limits
    features: int
    feature_limit: str  # the Limits attribute ``features`` stands for, in messages

    def check_count(self, count: int, shown: Said) -> None:
        """Refuse a layer of ``count`` features over the limit."""
        check_feature_count(count, self.limits, shown, limit=self.feature_limit, most=self.features)

    def check_vertices(self, raw: RawLayer) -> None:
        """Refuse a layer whose geometries have more coordinates than the limit."""
        check_vertices(raw.geoms, self.limits, raw.source)


#: Key in ``LoadedLayer.frame.attrs`` saying where each feature is in the file:
#: ``{"source": file name, "unit": "row" | "feature", "runs": [[first, count], ...]}``,
#: the runs of consecutive spreadsheet rows (CSV, header row 1) or feature numbers
#: (from 1) of the features in file order. Plain JSON, so it follows the frame
#: through copies, selections and reprojection (pandas ``attrs``) at little cost;
#: :func:`describe_rows` reads it.
SOURCE_ROWS_ATTR = "source_rows"


def source_rows(source: Said, labels: NDArray[np.int64], unit: str) -> dict[str, Any]:
    """The :data:`SOURCE_ROWS_ATTR` value for ``labels`` (ascending, as read)."""
    values = [int(v) for v in labels]
    runs: list[list[int]] = []
    for value in values:
        if runs and value == runs[-1][0] + runs[-1][1]:
            runs[-1][1] += 1
        else:
            runs.append([value, 1])
    return {"source": source, "unit": unit, "runs": runs}


def describe_rows(
    frame: pd.DataFrame, positions: Sequence[int] | NDArray[np.int64], *, hint: bool = True
) -> Message:
    """Name the features at ``positions`` (0-based, in ``frame``'s order) as the file shows them.

    Parameters
    ----------
    frame
        A frame from :func:`read_layer`, or a selection of it that keeps its
        index (the file order), or any other table.
    positions
        Row positions in ``frame``.
    hint
        Add how the numbers count (leave it out after the first mention).

    Returns
    -------
    Message
        For a CSV, e.g. ``"rows 3, 7 (row numbers as Excel shows them; the header
        is row 1)"``; for other files the feature numbers. For a frame whose
        features can no longer be traced to the file, their numbers from 1 in
        the frame's order.
    """
    labels, unit, traced = row_labels(frame, positions)
    named = name_labels(labels, unit)
    if not hint:
        return named
    said = unit_hint(unit) if traced else msg("msg.files.hint_order")
    return msg("msg.files.with_hint", where=named, hint=said)


def row_labels(
    frame: pd.DataFrame, positions: Sequence[int] | NDArray[np.int64]
) -> tuple[NDArray[np.int64], str, bool]:
    """The numbers the file shows for the features at ``positions`` (see :func:`describe_rows`).

    Returns
    -------
    tuple
        The numbers, their unit (``"row"`` or ``"feature"``) and whether they
        were traced to the file (else: numbers from 1 in ``frame``'s order).
    """
    at = np.asarray(positions, dtype=np.int64)
    rows = frame.attrs.get(SOURCE_ROWS_ATTR)
    index = frame.index.to_numpy()
    if isinstance(rows, dict) and index.dtype.kind in "iu" and frame.index.is_unique:
        runs = rows.get("runs") or []
        labels = np.concatenate(
            [np.arange(first, first + count, dtype=np.int64) for first, count in runs]
            or [np.array([], dtype=np.int64)]
        )
        unit = str(rows.get("unit", "feature"))
        if len(index) == 0 or (index.min() >= 0 and index.max() < len(labels)):
            return labels[index[at]], unit, True
    return at + 1, "feature", False


def name_labels(labels: Sequence[int] | NDArray[np.int64], unit: str) -> Message:
    """'rows 3, 5, 9' / 'feature 4' (第 3、5、9 行), at most ten listed.

    >>> str(name_labels([3, 5], "row"))
    'rows 3, 5'
    """
    values = [int(v) for v in labels]
    noun = "row" if unit == "row" else "feature"
    if len(values) > MAX_LISTED:
        return msg(
            f"msg.files.{noun}s_more", numbers=values[:MAX_LISTED], more=len(values) - MAX_LISTED
        )
    return msg(f"msg.files.{noun}" + ("" if len(values) == 1 else "s"), numbers=values)


def unit_hint(unit: str) -> Message:
    """How the rows or features of a message are numbered, in brackets."""
    return msg("msg.files.hint_row" if unit == "row" else "msg.files.hint_feature")


def rows_error(
    raw: RawLayer, rows: NDArray[np.bool_] | NDArray[np.int64] | np.bool_, said: Message
) -> InputDataError:
    """The error about some rows or features of ``raw``: ``said`` naming the file and them.

    ``said`` is the message (its key and any fields of its own); the file
    (``file``), the rows as the file shows them (``where``) and how they are
    numbered (``hint``) are added.

    Parameters
    ----------
    raw
        The file's features.
    rows
        Which features: a boolean mask or positions (``np.bool_`` only as NumPy
        types some array expressions such as ``~mask``).
    said
        E.g. ``msg("msg.files.zero_zero")``.

    Examples
    --------
    >>> layer = RawLayer("outlets", "a.csv", pd.DataFrame(), np.array([None] * 3),
    ...                  np.array([2, 3, 4]), "row")
    >>> error = rows_error(layer, np.array([False, True, True]), msg("msg.files.zero_zero"))
    >>> error.args[0].fields["where"] == name_labels([3, 4], "row")
    True
    """
    return InputDataError(
        msg(
            said.key,
            **said.fields,
            file=raw.source,
            where=name_labels(raw.labels[rows], raw.unit),
            hint=unit_hint(raw.unit),
        )
    )


#: The message key of each geometry type name (shapely's and GDAL's spelling).
GEOMETRY_TYPE_KEYS = {
    "point": "msg.files.geom_point",
    "linestring": "msg.files.geom_linestring",
    "linearring": "msg.files.geom_linearring",
    "polygon": "msg.files.geom_polygon",
    "multipoint": "msg.files.geom_multipoint",
    "multilinestring": "msg.files.geom_multilinestring",
    "multipolygon": "msg.files.geom_multipolygon",
    "geometrycollection": "msg.files.geom_geometrycollection",
}


def geometry_type_name(name: object) -> Message:
    """A geometry type (``"Point"``, GDAL's ``"3D MultiPolygon"``) as a message: 点, 多面 ...

    Dimensions (3D, Z, M) are left out; an unknown type is said as unknown.

    >>> from servicecircle.i18n.message import say
    >>> say(geometry_type_name("MultiPolygon"), "zh"), str(geometry_type_name("Point Z"))
    ('多面', 'Point')
    >>> say(geometry_type_name("3D LineString"), "zh"), str(geometry_type_name(None))
    ('线', 'unknown')
    """
    words = str(name or "").replace("25D", "").replace("2.5D", "").replace("3D", "").split()
    base = next((w for w in words if w.lower() in GEOMETRY_TYPE_KEYS), "")
    return msg(GEOMETRY_TYPE_KEYS.get(base.lower(), "msg.files.geom_unknown"))


def count_of(count: int, unit: str) -> Message:
    """``count`` rows or features (3 行, 1 个要素)."""
    noun = "row" if unit == "row" else "feature"
    return msg(f"msg.files.count_{noun}" + ("" if count == 1 else "s"), count=count)
