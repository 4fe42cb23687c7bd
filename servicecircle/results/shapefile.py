"""Zipped Shapefiles a bureau can open: UTF-8 with a ``.cpg``, short field names explained.

A Shapefile allows field names of 10 bytes and text of 254 bytes; the names
are shortened uniquely (:func:`shapefile_field_names`) and a ``README.txt``
in the zip maps them back and names the fields whose text was cut.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import pyogrio

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs import gdal_guard  # noqa: F401  (locks GDAL down before pyogrio use)

if TYPE_CHECKING:
    from collections.abc import Iterable

SHAPEFILE_FIELD_BYTES = 10

_FAMILIES = {
    "Point": "point",
    "MultiPoint": "multipoint",
    "LineString": "line",
    "MultiLineString": "line",
    "Polygon": "polygon",
    "MultiPolygon": "polygon",
}


def datetimes_as_text(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``frame`` with date and duration columns as text (a Shapefile has no such type)."""
    out = frame.copy()
    for col in out.columns:
        if col != out.geometry.name and (
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


def write_shapefile_zip(frame: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    """Write ``frame`` as a zipped shapefile at ``path`` (one geometry family, UTF-8 .cpg)."""
    families = {_FAMILIES.get(t, t) for t in frame.geom_type.dropna()}
    if len(families) > 1:
        raise InputDataError(msg("msg.results.export.mixed", kinds=sorted(families)))
    geometry = frame.geometry.name
    columns = [c for c in frame.columns if c != geometry]
    mapping = shapefile_field_names(columns)
    out = datetimes_as_text(frame).rename(columns=mapping)
    long_text = [
        c
        for c in columns
        if pd.api.types.is_string_dtype(frame[c].dtype)
        and frame[c].dropna().astype(str).map(lambda v: len(v.encode("utf-8"))).gt(254).any()
    ]
    base = _safe_base(layer)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".shp-") as folder:
        shp = Path(folder) / f"{base}.shp"
        pyogrio.write_dataframe(
            out, shp, driver="ESRI Shapefile", layer_options={"ENCODING": "UTF-8"}
        )
        cpg = shp.with_suffix(".cpg")
        if not cpg.exists():
            cpg.write_text("UTF-8", encoding="ascii")
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(Path(folder).iterdir()):
                archive.write(part, arcname=part.name)
            renamed = {k: v for k, v in mapping.items() if k != v}
            if renamed or long_text:
                archive.writestr("README.txt", _readme(base, renamed, long_text))


def _safe_base(layer: str) -> str:
    base = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in layer).strip("_")
    return base or "layer"


def _readme(base: str, renamed: Mapping[str, str], long_text: list[str]) -> str:
    lines = [
        f"{base}.shp - exported by servicecircle",
        "Map data (c) OpenStreetMap contributors, ODbL.",
        "",
    ]
    if renamed:
        lines += [
            "Shapefile field names are limited to 10 bytes; these fields were renamed.",
            "字段名超过 Shapefile 的 10 字节限制，已改名如下：",
            "",
            "field_in_shapefile\toriginal_name",
        ]
        lines += [f"{short}\t{original}" for original, short in renamed.items()]
        lines.append("")
    if long_text:
        lines += [
            "Text longer than 254 bytes was cut in these fields "
            "(use the GeoPackage for the full text):",
            ", ".join(long_text),
            "",
        ]
    return "\n".join(lines)
