"""A layer made ready for a file: plain columns, named and valued for a planner.

:func:`flatten` gives a copy every format can hold (a plain index, lists as
text). :func:`labelled` then names each column in the planner's language
(:mod:`servicecircle.results.field_names`) and writes its values as a bureau
reads them: people as whole persons, shares as percentages (``78.26``, the
name says ``（%）``), minutes to 0.01 and metres to 0.1, class, travel mode,
outlet type, level and a candidate's kind in words, and why (``basis``:
``building=apartments`` -> 建筑类型 公寓楼) as
:mod:`~servicecircle.i18n.demand_words` says it; :func:`flags_as_words` turns
yes/no flags into 是/否 for tables (CSV, XLSX).
Numbers stay numbers in every format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.i18n import t
from servicecircle.i18n.demand_words import basis_text
from servicecircle.i18n.labels import label
from servicecircle.planning.explain import SiteReasons, reasons_text
from servicecircle.results.field_names import (
    BASIS_VALUES,
    VALUE_PREFIXES,
    Field,
    describe,
    field_name,
    unique_names,
)

#: Decimals of the WGS-84 coordinates of geometry columns written as text.
WKT_DECIMALS = 9
#: Decimals each kind is rounded to (people: whole persons).
_DECIMALS = {"share": 2, "minutes": 2, "metres": 1}


@dataclass(frozen=True)
class Labelled:
    """A layer ready to write.

    Attributes
    ----------
    frame
        The columns as they are written (a GeoDataFrame when the layer has a geometry).
    fields
        The :class:`~servicecircle.results.field_names.Field` of each
        non-geometry column of ``frame``, in order.
    """

    frame: pd.DataFrame
    fields: list[Field]

    @property
    def geometry(self) -> str | None:
        """The geometry column's name, or ``None`` for an attribute table."""
        return self.frame.geometry.name if isinstance(self.frame, gpd.GeoDataFrame) else None


def _cell_text(value: Any) -> Any:
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, (list, tuple, dict, set)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy with a plain index and only columns every format can hold.

    A named or non-range index becomes columns; lists become ``a; b`` text,
    other containers JSON; extra geometry columns WKT; categories text.
    """
    out = frame.copy()
    if not isinstance(out.index, pd.RangeIndex) or out.index.name is not None:
        names = [n if n is not None else f"index_{i}" for i, n in enumerate(out.index.names)]
        if out.index.nlevels == 1 and out.index.names[0] is None:
            names = ["index"]
        out.index = out.index.set_names(names)
        out = out.reset_index()
    geometry = out.geometry.name if isinstance(out, gpd.GeoDataFrame) else None
    for col in out.columns:
        if col == geometry:
            continue
        dtype = out[col].dtype
        if isinstance(dtype, gpd.array.GeometryDtype):
            out[col] = gpd.GeoSeries(out[col]).to_wkt(rounding_precision=WKT_DECIMALS)
        elif isinstance(dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object).where(out[col].notna(), None)
        elif pd.api.types.is_object_dtype(dtype):
            out[col] = out[col].map(_cell_text)
    if not all(isinstance(c, str) for c in out.columns):
        out.columns = [str(c) for c in out.columns]
    if geometry is not None:
        layer: pd.DataFrame = gpd.GeoDataFrame(out, geometry=geometry, crs=frame.crs)
        return layer
    return pd.DataFrame(out)


def labelled(frame: pd.DataFrame, layer: str, lang: str | None) -> Labelled:
    """``frame`` (flattened) with names and values for ``lang``; as it is for ``None``.

    Parameters
    ----------
    frame
        A flattened layer (:func:`flatten`); not modified.
    layer
        The layer's name in the run's files (``gaps``), which says what its columns mean.
    lang
        ``"zh"`` / ``"en"``: field names and values in that language;
        ``None``: the run's own names and values (for scripts).
    """
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    columns = [c for c in frame.columns if c != geometry]
    fields = [describe(layer, c, frame[c].dtype) for c in columns]
    if lang is None:
        return Labelled(frame, fields)
    out = frame.copy()
    if layer == "chosen" and "reasons" in out.columns:
        out["reasons"] = reasons_in(out, lang)
    for field in fields:
        out[field.column] = _values(out[field.column], field, lang)
    names = unique_names([field_name(f, lang) for f in fields], columns)
    out = out.rename(columns=dict(zip(columns, names, strict=True)))
    return Labelled(out, fields)


def reasons_in(chosen: pd.DataFrame, lang: str) -> pd.Series:
    """Why each new site was chosen, said in ``lang`` from its own columns.

    The run's ``reasons`` column is English text; the people, gap ranks and
    must-cover areas it speaks of are columns of the same row, so the
    sentence is said again in the planner's language (the one wording of
    :func:`~servicecircle.planning.explain.reasons_text`).
    """
    return pd.Series(
        [
            reasons_text(SiteReasons.from_record({str(k): v for k, v in row.items()}), lang)
            for row in chosen.to_dict("records")
        ],
        index=chosen.index,
        dtype=object,
    )


def _values(series: pd.Series, field: Field, lang: str) -> pd.Series:
    """One column's values as a planner reads them (see the module's docstring)."""
    numeric = pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(
        series.dtype
    )
    if field.kind == "flag":
        return series  # tables say yes/no in words: flags_as_words
    if not numeric and field.values == BASIS_VALUES:  # noqa: PD011 - a Field, not pandas
        return series.map(lambda v: basis_text(v, lang) or v)
    if not numeric:
        prefix = VALUE_PREFIXES.get(field.values)
        if prefix is None:
            return series
        return series.map(lambda v: _words(v, prefix, lang, several=field.column == "classes"))
    values = pd.to_numeric(series, errors="coerce").astype(float)
    if field.kind == "people" or (field.kind in ("count", "rank", "id") and _whole(values)):
        return values.round(0).astype("Int64")
    if field.kind == "share":
        return (100 * values).round(_DECIMALS["share"])
    if field.kind in _DECIMALS:
        return values.round(_DECIMALS[field.kind])
    return series


def _whole(values: pd.Series) -> bool:
    finite = values.dropna().to_numpy(dtype=float)
    return bool(np.all(np.isfinite(finite)) and np.all(finite == np.round(finite)))


def _words(value: Any, prefix: str, lang: str, *, several: bool) -> Any:
    """A code (``residential``) in words (居住区); ``a,b`` lists each code (居住区、产业集聚区)."""
    if not isinstance(value, str) or not value:
        return value
    if several and "," in value:
        joiner = "、" if lang == "zh" else ", "
        return joiner.join(label(prefix, part.strip(), lang) for part in value.split(","))
    return label(prefix, value, lang)


def flags_as_words(ready: Labelled, lang: str | None) -> pd.DataFrame:
    """``ready``'s frame with yes/no columns as 是/否 (yes/no), as tables write them.

    ``lang`` ``None`` leaves the frame as it is.
    """
    if lang is None:
        return ready.frame
    frame = ready.frame.copy()
    words = {True: t("report.value.yes", lang), False: t("report.value.no", lang)}
    columns = [c for c in frame.columns if c != ready.geometry]
    for column, described in zip(columns, ready.fields, strict=True):
        if described.kind == "flag" and pd.api.types.is_bool_dtype(frame[column].dtype):
            frame[column] = frame[column].map(lambda v: None if pd.isna(v) else words[bool(v)])
    return frame
