r"""The study area's name, and its source as outputs may show it (never a server path).

A study area is called by what the planner knows it as: the name in its
boundary (the ``name`` column of the planner's outline, or the OSM
administrative boundary the extract was cut around), the place searched for,
or the sample's own name; only when none says a name, the file's name without
its OSM suffixes. The planner can change it (:func:`named`; ``--name`` on the
command line, the name field in the app).

A source is written into outputs (``summary.json``, the report, a project
file) only as :func:`public_source` gives it: the kind of source and the
file's base name, never the folder it was read from on the server.

>>> public_source("pbf:/srv/data/county.osm.pbf")
'pbf:county.osm.pbf'
>>> source_kind("xml:map.osm"), source_kind("place:Vaduz"), source_kind("sample")
('file', 'online', 'sample')
>>> clean_name("  玄武区\n  2024 ") , stem_name("/x/xuanwu.osm.pbf")
('玄武区 2024', 'xuanwu')
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Final, Literal

import shapely

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry.base import BaseGeometry

    from servicecircle.inputs.area import StudyArea

#: Longest study-area name kept (longer names are cut).
MAX_NAME_CHARS: Final = 60

#: The embedded sample's name (its English form: :data:`SAMPLE_NAME_EN`).
SAMPLE_NAME: Final = "赫尔辛基市中心（示例）"
SAMPLE_NAME_EN: Final = "Central Helsinki (sample)"

#: Source prefixes that name a file; what follows is reduced to its base name.
FILE_KINDS: Final = ("pbf", "xml", "osm", "polygon", "extract")

#: Source prefixes of areas downloaded online.
ONLINE_KINDS: Final = ("place", "bbox")

#: Columns that may hold a boundary's name, most specific first.
NAME_COLUMNS: Final = (
    "name",
    "名称",
    "NAME",
    "Name",
    "name_zh",
    "行政区名称",
    "区划名称",
    "县区名称",
    "区县",
    "乡镇名称",
    "街道名称",
    "单元名称",
    "名字",
)

#: File-name endings dropped from a file's name to name an area after it.
_OSM_SUFFIXES: Final = (
    ".osm.pbf",
    ".osm.xml.bz2",
    ".osm.xml.gz",
    ".osm.bz2",
    ".osm.gz",
    ".osm.xml",
    ".pbf",
    ".osm",
    ".geojson",
    ".gpkg",
    ".json",
    ".zip",
    ".shp",
)

#: A boundary that fills at least this share of the study extent names it.
_FILLS_EXTENT: Final = 0.25
#: Share of a boundary (or of the extent) that must lie inside the other.
_INSIDE: Final = 0.9

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def base_name(text: str) -> str:
    r"""The last part of a path, POSIX or Windows (``C:\a\b.osm`` -> ``b.osm``).

    >>> base_name("/srv/x/county.osm.pbf"), base_name("C:\\maps\\a.osm"), base_name("a.osm")
    ('county.osm.pbf', 'a.osm', 'a.osm')
    """
    name = PureWindowsPath(text).name if "\\" in text else PurePosixPath(text).name
    return name or text


def public_source(source: object) -> str:
    """A study area's source with no folder in it: the kind and the file's base name.

    ``"sample"``, ``"place:NAME"`` and ``"bbox:W,S,E,N"`` are kept as they
    are; ``"pbf:/srv/x/a.osm.pbf"`` becomes ``"pbf:a.osm.pbf"``; a bare path
    its base name.

    >>> public_source("polygon:/home/u/towns.geojson"), public_source("bbox:1,2,3,4")
    ('polygon:towns.geojson', 'bbox:1,2,3,4')
    >>> public_source("/tmp/secret/dir/map.osm"), public_source(None)
    ('map.osm', '')
    """
    raw = "" if source is None else str(source).strip()
    kind, colon, rest = raw.partition(":")
    if colon and kind in FILE_KINDS:
        return f"{kind}:{base_name(rest)}"
    if (colon and kind in ONLINE_KINDS) or raw == "sample":
        return raw
    if "/" in raw or "\\" in raw:
        return base_name(raw)
    return raw


def public_value(value: object) -> object:
    """An option's value with every path in it reduced to its base name (others unchanged).

    For the parameters a run records (a project's scenario): a list of files
    separated by commas keeps each file's name.

    >>> public_value("osm,auto,/srv/u/sites.csv"), public_value("/srv/out"), public_value(3)
    ('osm,auto,sites.csv', 'out', 3)
    """
    if not isinstance(value, str) or source_kind(value) in ("sample", "online"):
        return value
    return ",".join(public_source(part) for part in value.split(","))


def source_kind(source: object) -> Literal["sample", "file", "online", "other"]:
    """What kind of source this is: the sample, a file on this machine, or online.

    >>> source_kind("pbf:a.osm.pbf"), source_kind("bbox:1,2,3,4"), source_kind("polygon:a.gpkg")
    ('file', 'online', 'online')
    """
    raw = "" if source is None else str(source).strip()
    kind = raw.partition(":")[0]
    if raw == "sample":
        return "sample"
    if kind in ONLINE_KINDS or kind == "polygon":  # a boundary file is downloaded inside
        return "online"
    if kind in FILE_KINDS:
        return "file"
    return "other"


def clean_name(text: object) -> str:
    r"""A name as one line of plain text: control characters gone, spaces joined, cut short.

    >>> clean_name("a\u202eb\tc"), len(clean_name("长" * 100))
    ('ab c', 60)
    """
    raw = "" if text is None else str(text)
    one_line = _SPACES.sub(" ", _CONTROL.sub("", raw.replace("\n", " ").replace("\t", " ")))
    return one_line.strip()[:MAX_NAME_CHARS].strip()


def stem_name(path: object) -> str:
    """A file's base name without its OSM or layer suffixes (``xuanwu.osm.pbf`` -> ``xuanwu``).

    >>> stem_name("pbf:/a/Nanjing-Xuanwu.OSM.PBF"), stem_name("towns.geojson")
    ('Nanjing-Xuanwu', 'towns')
    """
    name = base_name(public_source(path).partition(":")[2] or str(path))
    lower = name.lower()
    for suffix in _OSM_SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return PurePath(name).stem or name


def names_in(frame: gpd.GeoDataFrame) -> list[str]:
    """The distinct names in a layer's first name column that has any (in row order)."""
    for column in NAME_COLUMNS:
        if column in frame.columns:
            values = [clean_name(value) for value in frame[column] if _present(value)]
            distinct = list(dict.fromkeys(value for value in values if value))
            if distinct:
                return distinct
    return []


def name_of_outline(frame: gpd.GeoDataFrame) -> str | None:
    """The name an outline layer gives its area: its one name, or up to three joined by 、.

    >>> import geopandas as gpd
    >>> name_of_outline(gpd.GeoDataFrame({"名称": ["玄武区", None]}, geometry=[None, None]))
    '玄武区'
    >>> name_of_outline(gpd.GeoDataFrame({"name": list("abcd")}, geometry=[None] * 4)) is None
    True
    """
    names = names_in(frame)
    if not names or len(names) > 3:
        return None
    return clean_name("、".join(names)) or None


def name_from_boundaries(boundaries: gpd.GeoDataFrame, extent: BaseGeometry) -> str | None:
    """The name of the administrative boundary an extract was cut around, if one was.

    The largest named boundary that lies inside the extent and fills a good
    part of it (a county extract holds its county); else the smallest named
    boundary that holds the extent (an extract cut inside one district).
    ``None`` when no boundary does either.
    """
    if boundaries is None or len(boundaries) == 0 or extent.is_empty or extent.area <= 0:
        return None
    named_rows = [
        (clean_name(_first_name(row)), geometry)
        for row, geometry in zip(boundaries.to_dict("records"), boundaries.geometry, strict=True)
        if geometry is not None and not geometry.is_empty and clean_name(_first_name(row))
    ]
    inside: list[tuple[float, str]] = []
    holding: list[tuple[float, str]] = []
    for name, geometry in named_rows:
        area = float(geometry.area)
        if area <= 0:
            continue
        common = float(shapely.intersection(geometry, extent).area)
        if common >= _INSIDE * area and area >= _FILLS_EXTENT * extent.area:
            inside.append((area, name))
        elif common >= _INSIDE * extent.area:
            holding.append((area, name))
    if inside:
        return max(inside)[1]
    if holding:
        return min(holding)[1]
    return None


def default_name(area: StudyArea, *, outline: gpd.GeoDataFrame | None = None) -> str:
    """The name a study area gets unless the planner gives one.

    The planner's outline's name, else the name the loader gave a place
    search, the sample or an extract the administrator listed, else the OSM
    boundary the extract was cut around, else the file's name without its
    suffixes.
    """
    if outline is not None:
        from_outline = name_of_outline(outline)
        if from_outline:
            return from_outline
    listed = str(area.source).startswith("extract:")  # named by the administrator
    if (listed or source_kind(area.source) != "file") and clean_name(area.name):
        return clean_name(area.name)
    from_boundaries = name_from_boundaries(area.boundaries, area.extent)
    if from_boundaries:
        return from_boundaries
    return clean_name(stem_name(area.source) or area.name) or clean_name(area.name)


def named(
    area: StudyArea, name: str | None = None, *, outline: gpd.GeoDataFrame | None = None
) -> StudyArea:
    """``area`` called ``name`` (cleaned), or its :func:`default_name` when ``name`` is empty.

    ``outline`` is the planner's boundary layer the area was cut to (its name
    column names the area). The area's content key stays: the name changes no
    layer.
    """
    wanted = clean_name(name) or default_name(area, outline=outline)
    if wanted == area.name:
        return area
    return dataclasses.replace(area, name=wanted)


def shown_name(name: str, lang: str) -> str:
    """A study-area name as said in ``lang``: the sample's name in English for ``"en"``.

    >>> shown_name(SAMPLE_NAME, "en"), shown_name("玄武区", "en")
    ('Central Helsinki (sample)', '玄武区')
    """
    return SAMPLE_NAME_EN if lang == "en" and name == SAMPLE_NAME else name


def boundary_names(rows: pd.DataFrame, lang: str) -> list[str | None]:
    """Each boundary's name as said in ``lang``; None where it has none.

    Chinese (``"zh"``) takes ``name_zh`` where given, else ``name``; any other
    language ``name``, else ``name_zh`` (a boundary a planner uploaded often
    has only one of the two). Blank names count as none.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"name": ["Gulou", "城关镇", None], "name_zh": ["鼓楼", None, ""]})
    >>> boundary_names(rows, "zh"), boundary_names(rows, "en")
    (['鼓楼', '城关镇', None], ['Gulou', '城关镇', None])
    """
    order = ("name_zh", "name") if lang == "zh" else ("name", "name_zh")
    columns = [
        rows[c].astype(object).where(rows[c].notna(), None).tolist()
        if c in rows.columns
        else [None] * len(rows)
        for c in order
    ]
    return [_text(first) or _text(second) for first, second in zip(*columns, strict=True)]


def _text(value: object) -> str | None:
    """``value`` as stripped text; None for a missing value or blank text."""
    if not _present(value):
        return None
    return str(value).strip() or None


def _first_name(row: dict[str, object]) -> str:
    for column in ("name", "name_zh"):
        value = row.get(column)
        if _present(value):
            return str(value)
    return ""


def _present(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return bool(str(value).strip())
