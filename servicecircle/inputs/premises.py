"""The ``premises`` layer: existing outlets and candidate premises, by tags and by name.

A feature is a premise when its tags say so (:data:`~servicecircle.inputs.area.PREMISE_KINDS`:
``amenity=community_centre``, ``amenity=townhall``, ...) or when one of its names
holds a word of :class:`~servicecircle.inputs.premise_names.PremiseNames`
(人社, 零工市场, 党群服务中心, 居委会, ...). An employment word in a name decides
the kind over the tags (a ``townhall`` named 人力资源和社会保障局 is an
employment service); otherwise the tags decide over the other words. Every
premise keeps ``basis``, all it was recognised by, the deciding reason first,
and ``outlet_type``, the outlet type it is or would host.

Points are taken as they are, areas by a point inside them; a closed way
that carries only a name is taken as an area.
"""

from __future__ import annotations

import json
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from servicecircle.inputs.area import PREMISE_KINDS, StudyArea, empty_layer
from servicecircle.inputs.normalize import _as_layer, _osm_ids, tag_columns
from servicecircle.inputs.premise_names import (
    DEFAULT_PREMISE_NAMES,
    NameMatch,
    PremiseNames,
    any_word_pattern,
    match_name,
)

#: Columns naming the element type, so that a node and a way of the same id stay apart.
_ELEMENT_COLUMNS = ("osm_type", "element", "element_type")


def _tags_parsed(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a JSON ``tags`` column parsed once into dicts (pyrosm's layout)."""
    if "tags" not in frame.columns:
        return frame

    def parse(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("{"):
            try:
                parsed = json.loads(value)
            except json.JSONDecodeError:
                return None
            return parsed if isinstance(parsed, dict) else None
        return value

    return frame.assign(tags=frame["tags"].map(parse))


def _unique_elements(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per OSM element (two reads of one file may both return it)."""
    ids = _osm_ids(frame)
    element = next((c for c in _ELEMENT_COLUMNS if c in frame.columns), None)
    keys = pd.DataFrame(
        {
            "element": frame[element].astype(str).to_numpy() if element else "",
            "id": ids.to_numpy(),
        }
    )
    return frame[~keys.duplicated().to_numpy()]


def tag_basis(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each feature's premise kind by its tags, and the tag that gave it (``"amenity=townhall"``).

    The first kind of :data:`PREMISE_KINDS` that matches wins (as in
    :func:`~servicecircle.inputs.normalize.premise_kinds`); both are
    ``None`` where no tag makes the feature a premise.
    """
    kinds = np.full(len(frame), None, dtype=object)
    basis = np.full(len(frame), None, dtype=object)
    found = tag_columns(frame, [key for rules in PREMISE_KINDS.values() for key in rules])
    for kind, rules in PREMISE_KINDS.items():
        for key, values in rules.items():
            hit = found[key].isin(values).to_numpy() & pd.isna(kinds)
            kinds[hit] = kind
            basis[hit] = [f"{key}={value}" for value in found[key].to_numpy()[hit]]
    # Arrays filled, then framed: a Series set through a mask on an Index that is not a
    # range formats the mask into an error message it catches (about 1 ms a time).
    return (
        pd.Series(kinds, index=frame.index, dtype=object),
        pd.Series(basis, index=frame.index, dtype=object),
    )


def _nameable(frame: gpd.GeoDataFrame, names: PremiseNames) -> np.ndarray:
    """Rows that may be premises by name: points or areas, without ruled-out tags."""
    geoms = frame.geometry.to_numpy()
    kinds = shapely.get_type_id(geoms)
    closed_line = (kinds == 1) & shapely.is_closed(geoms)
    ok = np.isin(kinds, (0, 3, 6)) | closed_line
    tags = tag_columns(frame, [*names.ignored_keys, *names.ignored_values])
    for key in names.ignored_keys:
        ok &= tags[key].isna().to_numpy()
    for key, values in names.ignored_values.items():
        ok &= ~tags[key].isin(values).to_numpy()
    return np.asarray(ok, dtype=bool)


def name_matches(
    frame: gpd.GeoDataFrame, names: PremiseNames = DEFAULT_PREMISE_NAMES
) -> list[NameMatch | None]:
    """The name match of every feature of ``frame`` (``None`` for no match), in row order."""
    matches: list[NameMatch | None] = [None] * len(frame)
    if len(frame) == 0:
        return matches
    texts = tag_columns(frame, names.name_keys)
    named = np.zeros(len(frame), dtype=bool)
    quick = any_word_pattern(names.words())
    for values in texts.values():  # re.search as str.contains does (lookarounds: no pyarrow)
        found = (isinstance(v, str) and quick.search(v.lower()) is not None for v in values)
        named |= np.fromiter(found, dtype=bool, count=len(frame))
    rows = np.flatnonzero(named)
    rows = rows[_nameable(frame.iloc[rows], names)]  # only the few with a premise word
    columns = {key: values.to_numpy() for key, values in texts.items()}
    for i in rows.tolist():
        matches[i] = match_name({key: values[i] for key, values in columns.items()}, names)
    return matches


def _first_name(frame: pd.DataFrame, names: PremiseNames) -> pd.Series:
    """The first name present among ``names.name_keys``, ``None`` without any."""
    found = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    for tagged in tag_columns(frame, names.name_keys).values():
        values = tagged.where(tagged.map(lambda v: isinstance(v, str) and bool(v.strip())))
        found = found.where(found.notna(), values)
    return found.where(found.notna(), None).astype(object)


def _points(geoms: np.ndarray) -> np.ndarray:
    """A point for each geometry: points as they are, areas (and closed rings) inside."""
    geoms = geoms.copy()
    closed_line = (shapely.get_type_id(geoms) == 1) & shapely.is_closed(geoms)
    for i in np.flatnonzero(closed_line):
        area = shapely.make_valid(shapely.Polygon(shapely.get_coordinates(geoms[i])))
        if not area.is_empty and area.area > 0:
            geoms[i] = area
    return shapely.point_on_surface(geoms)


def premises_layer(
    features: pd.DataFrame | None, names: PremiseNames = DEFAULT_PREMISE_NAMES
) -> gpd.GeoDataFrame:
    """Normalise point or polygon features to the ``premises`` contract (points).

    Parameters
    ----------
    features
        OSM features (pyrosm or osmnx layout); those that are no premise are dropped.
    names
        The words by which named features become premises.

    Returns
    -------
    geopandas.GeoDataFrame
        ``osm_id``, ``kind``, ``name``, ``outlet_type``, ``basis``, ``geometry``.
    """
    if features is None or len(features) == 0:
        return empty_layer("premises")
    frame = features[features.geometry.notna()]
    frame = _unique_elements(_tags_parsed(frame))
    if len(frame) == 0:
        return empty_layer("premises")
    tag_kinds, tag_reasons = tag_basis(frame)
    matches = name_matches(frame, names)
    kinds: list[str | None] = []
    types: list[str | None] = []
    bases: list[str | None] = []
    for tag_kind, tag_reason, match in zip(tag_kinds, tag_reasons, matches, strict=True):
        reasons = [r for r in (tag_reason, match.basis if match else None) if r]
        by_name = match is not None and (match.group.role == "outlet" or tag_kind is None)
        if by_name and match is not None:
            kinds.append(match.group.kind)
            types.append(match.group.outlet_type)
            bases.append("; ".join(reversed(reasons)))
        else:
            kinds.append(tag_kind)
            guess = names.tag_outlet_types.get(tag_kind) if tag_kind else None
            types.append(guess or (match.group.outlet_type if match else None))
            bases.append("; ".join(reasons) or None)
    keep = np.array([k is not None for k in kinds], dtype=bool)
    if not keep.any():
        return empty_layer("premises")
    kept = frame[keep]
    data = {
        "osm_id": _osm_ids(kept).to_numpy(),
        "kind": np.array(kinds, dtype=object)[keep],
        "name": _first_name(kept, names).to_numpy(),
        "outlet_type": np.array(types, dtype=object)[keep],
        "basis": np.array(bases, dtype=object)[keep],
    }
    layer = _as_layer("premises", data, _points(kept.geometry.to_numpy()))
    return layer.reset_index(drop=True)


def premises_inside(area: StudyArea) -> np.ndarray:
    """Which premises of ``area`` lie inside its study extent (or its road bounds, without one).

    Returns
    -------
    numpy.ndarray
        bool, aligned to ``area.premises``.
    """
    premises = area.premises
    if hasattr(area, "inside"):
        return np.asarray(area.inside(premises), dtype=bool)
    if len(premises) == 0 or len(area.roads) == 0:
        return np.ones(len(premises), dtype=bool)
    box = shapely.box(*area.bounds)
    return np.asarray(shapely.intersects(box, premises.geometry.to_numpy()), dtype=bool)
