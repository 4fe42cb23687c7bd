"""Zipped Shapefiles a bureau can open: UTF-8 with a ``.cpg``, short field names explained.

A Shapefile allows field names of 10 bytes and text of 254 bytes. Known
columns take a fixed, readable ASCII name (``new_cov``, ``shr_15``; see
:mod:`servicecircle.results.field_names`), and a field-name table in the zip
gives each name in Chinese and English with its unit and meaning; a
``README.txt`` points to it and names the fields whose text was cut.
(:func:`shapefile_field_names` shortens arbitrary names byte-wise.)
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import geopandas as gpd
import pandas as pd
import pyogrio

from servicecircle.errors import InputDataError
from servicecircle.i18n import t
from servicecircle.i18n.message import msg
from servicecircle.inputs import gdal_guard  # noqa: F401  (locks GDAL down before pyogrio use)
from servicecircle.results.field_names import Field, describe, field_table, short_names

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

SHAPEFILE_FIELD_BYTES = 10

FrameT = TypeVar("FrameT", bound=pd.DataFrame)

_FAMILIES = {
    "Point": "point",
    "MultiPoint": "multipoint",
    "LineString": "line",
    "MultiLineString": "line",
    "Polygon": "polygon",
    "MultiPolygon": "polygon",
}


def datetimes_as_text(frame: FrameT) -> FrameT:
    """``frame`` with date and duration columns as text (a Shapefile has no such type)."""
    out = frame.copy()
    geometry = out.geometry.name if isinstance(out, gpd.GeoDataFrame) else None
    for col in out.columns:
        if col != geometry and (
            pd.api.types.is_datetime64_any_dtype(out[col].dtype)
            or pd.api.types.is_timedelta64_dtype(out[col].dtype)
        ):
            out[col] = out[col].astype(str).where(out[col].notna(), None)
    return out


def _truncate_bytes(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore")


def shapefile_field_names(columns: Iterable[str]) -> dict[str, str]:
    """Map column names to unique Shapefile field names of at most 10 bytes.

    Names are cut on a character boundary (UTF-8); clashes (compared without
    case, as dBASE does) get ``_1``, ``_2``... at the end.

    Parameters
    ----------
    columns
        Column names, in order.

    Returns
    -------
    dict
        Original name -> field name, for every column (unchanged names too).
    """
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    names = [str(c) for c in columns]
    # names that already fit keep priority, so a short name is never renamed
    for original in names:
        if len(original.encode("utf-8")) <= SHAPEFILE_FIELD_BYTES and original.lower() not in taken:
            mapping[original] = original
            taken.add(original.lower())
    for original in names:
        if original in mapping:
            continue
        candidate = _truncate_bytes(original, SHAPEFILE_FIELD_BYTES) or "field"
        i = 1
        while candidate.lower() in taken:
            tail = f"_{i}"
            candidate = _truncate_bytes(original, SHAPEFILE_FIELD_BYTES - len(tail)) + tail
            i += 1
        mapping[original] = candidate
        taken.add(candidate.lower())
    return {name: mapping[name] for name in names}


def write_shapefile_zip(
    frame: pd.DataFrame,
    path: Path,
    layer: str,
    *,
    fields: Sequence[Field] | None = None,
    lang: str = "en",
) -> None:
    """Write ``frame`` as a zipped Shapefile at ``path`` (one geometry family, UTF-8 .cpg).

    Field names are the short ASCII names of
    :func:`~servicecircle.results.field_names.short_names` (``new_cov``, ``shr_15``);
    ``<layer>_fields.csv`` in the zip (UTF-8 with BOM) gives each one's Chinese
    and English name, unit and meaning, and ``README.txt`` says so. A table
    without geometry is written as its ``.dbf`` alone.

    Parameters
    ----------
    frame
        The layer as written (a GeoDataFrame, or a DataFrame for an attribute table).
    path
        The zip file.
    layer
        Base name of the files inside the zip (made ASCII-safe).
    fields
        The field of each non-geometry column (described from the names when omitted).
    lang
        Language of the field table's headers and meanings and of the README.
    """
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    if geometry is not None:
        families = {_FAMILIES.get(t, t) for t in frame.geom_type.dropna()}
        if len(families) > 1:
            raise InputDataError(msg("msg.results.export.mixed", kinds=sorted(families)))
    columns = [c for c in frame.columns if c != geometry]
    described = list(fields) if fields is not None else [describe(layer, c) for c in columns]
    shorts = short_names(described)
    out = datetimes_as_text(frame).rename(columns=dict(zip(columns, shorts, strict=True)))
    long_text = [
        short
        for column, short in zip(columns, shorts, strict=True)
        if _has_long_text(frame[column])
    ]
    base = _safe_base(layer)
    table = pd.DataFrame(field_table(described, lang, shorts=shorts))
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".shp-") as folder:
        target = Path(folder) / (f"{base}.shp" if geometry is not None else f"{base}.dbf")
        pyogrio.write_dataframe(
            out, target, driver="ESRI Shapefile", layer_options={"ENCODING": "UTF-8"}
        )
        cpg = target.with_suffix(".cpg")
        if not cpg.exists():
            cpg.write_text("UTF-8", encoding="ascii")
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(Path(folder).iterdir()):
                archive.write(part, arcname=part.name)
            table_name = f"{base}_fields.csv"
            archive.writestr(
                table_name, table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
            )
            archive.writestr("README.txt", _readme(base, table_name, long_text, lang))


def _has_long_text(values: pd.Series) -> bool:
    if not (
        pd.api.types.is_string_dtype(values.dtype) or pd.api.types.is_object_dtype(values.dtype)
    ):
        return False
    text = values.dropna()
    text = text[text.map(lambda v: isinstance(v, str))]
    return bool(text.map(lambda v: len(v.encode("utf-8"))).gt(254).any())


def _safe_base(layer: str) -> str:
    base = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in layer).strip("_")
    return base or "layer"


def _readme(base: str, table_name: str, long_text: list[str], lang: str) -> str:
    lines = [
        t("export.readme.title", lang, base=base),
        t("export.readme.license", lang),
        "",
        t("export.readme.fields", lang, table=table_name),
    ]
    if long_text:
        joiner = "、" if lang == "zh" else ", "
        lines += ["", t("export.readme.cut", lang, fields=joiner.join(long_text))]
    return "\r\n".join([*lines, ""])
