"""The columns of a planner's layer, as planners name them, and their outlet-type words.

One table for every layer a planner gives (outlets, candidate sites,
relocation and industrial areas, boundaries, demand points): :data:`FIELDS`
says which headers hold a name (name, 名称, 网点名称, ...), an outlet type
(outlet_type, 类型, 网点类型, ...), people (people, 人口, 常住人口, ...), a
township/street (街道, 乡镇, ...), a community/village (社区, 村, ...), an
address (address, 地址), an outlet's tier (层级) and staff (人员, 工作人员数) or an
admin level (a boundary's 层级 is its admin level). Headers are compared after
:func:`~servicecircle.inputs.files.columns.normalise_name` (full-width forms,
case, blanks, separators and bracketed units do not matter), so ``网点 名称``,
``ＮＡＭＥ`` and ``人口（人）`` are found. Coordinate columns are found by
:mod:`servicecircle.inputs.files.columns`.

Outlet-type cells are read by :func:`outlet_type_of`: a type key
(``gig_market``), its Chinese or English label (零工市场, "gig (day-labour)
market"), a word of :data:`OUTLET_TYPE_WORDS` (零工驿站, 家门口服务站,
街道（乡镇）人社服务站), or else a name the OSM name rules take for an outlet of
that type (:func:`~servicecircle.inputs.premise_names.match_name`: a
"XX街道人社服务站" is a community window).

>>> field_column(["序号", "网点 名称", "类型"], "name")
'网点 名称'
>>> outlet_type_of(" 零工驿站 ", ["community_window", "gig_market"])
'gig_market'
>>> outlet_type_of("街道（乡镇）人社服务站", ["community_window", "gig_market"])
'community_window'
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import cache, lru_cache
from typing import Final, TypeVar

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.files.columns import normalise_name
from servicecircle.inputs.files.raw import MAX_LISTED, row_labels
from servicecircle.inputs.premise_names import match_name

FIELDS: Final[Mapping[str, tuple[str, ...]]] = {
    "name": (
        "name",
        "名称",
        "网点名称",
        "站点名称",
        "点位名称",
        "单位名称",
        "机构名称",
        "场所名称",
        "地点名称",
        "服务站名称",
        "安置区名称",
        "园区名称",
        "单元名称",
        "名字",
    ),
    "outlet_type": (
        "outlet_type",
        "type",
        "类型",
        "网点类型",
        "站点类型",
        "服务网点类型",
        "机构类型",
        "类别",
        "网点类别",
    ),
    "people": (
        "people",
        "population",
        "pop",
        "persons",
        "residents",
        "workers",
        "人口",
        "人数",
        "常住人口",
        "户籍人口",
        "人口数",
        "总人口",
        "居住人口",
        "安置人口",
        "安置人数",
        "搬迁人口",
        "搬迁人数",
        "就业人数",
        "职工人数",
        "从业人数",
        "从业人员",
    ),
    "township": (
        "township",
        "subdistrict",
        "town",
        "街道",
        "乡镇",
        "街道名称",
        "乡镇名称",
        "街道乡镇",
        "乡镇街道",
        "镇街",
        "街镇",
        "镇",
        "乡",
        "镇名称",
        "所属街道",
        "所属乡镇",
    ),
    "community": (
        "community",
        "village",
        "社区",
        "村",
        "社区名称",
        "村名称",
        "社区村",
        "村社区",
        "居委会",
        "村委会",
        "行政村",
        "所属社区",
        "所属村",
    ),
    "address": ("address", "addr", "地址", "详细地址", "所在地址", "网点地址", "站点地址"),
    "capacity": ("capacity", "服务能力", "容量", "可服务人数", "服务容量", "最大服务人数"),
    "tier": ("tier", "层级", "网点层级", "服务层级", "网点级别"),
    "staff": (
        "staff",
        "staff_count",
        "人员",
        "工作人员数",
        "人员数",
        "工作人员",
        "工作人员数量",
        "人员数量",
        "在岗人数",
        "在岗人员",
        "服务人员",
        "窗口人员",
    ),
    "admin_level": ("admin_level", "level", "级别", "层级", "行政级别", "行政层级"),
}
"""Field -> the headers that hold it, most specific first (the first found wins)."""


OUTLET_TYPE_WORDS: Final[Mapping[str, tuple[str, ...]]] = {
    "county_centre": (
        "县级公共就业服务中心",
        "县公共就业服务中心",
        "区公共就业服务中心",
        "公共就业服务中心",
        "公共就业和人才服务中心",
        "county centre",
    ),
    "township_station": (
        "街道（乡镇）服务站",
        "街道（乡镇）就业服务站",
        "街道就业服务站",
        "乡镇就业服务站",
        "街道服务站",
        "乡镇服务站",
        "township station",
    ),
    "community_window": (
        "社区服务窗口",
        "社区就业服务窗口",
        "就业服务窗口",
        "社区窗口",
        "服务窗口",
        "人社服务站",
        "人社服务所",
        "人社服务中心",
        "人力资源和社会保障服务站",
        "人力资源和社会保障服务所",
        "人力资源社会保障服务站",
        "街道人社服务站",
        "乡镇人社服务站",
        "街道乡镇人社服务站",
        "社区人社服务站",
    ),
    "doorstep_station": (
        "家门口就业服务站",
        "家门口服务站",
        "家门口就业站",
        "家门口就业服务点",
        "doorstep station",
    ),
    "employment_post": ("就业驿站", "就业服务驿站", "社区就业驿站"),
    "gig_market": ("零工市场", "零工驿站", "零工之家", "零工服务站", "劳务市场", "gig market"),
}
"""Outlet type -> the words a planner's type cell may hold for it (besides its key and labels).

A street or township 人社服务站 is measured as a community window: the service
window of a street or township, held to the same 15-minute walk.
"""


def _normalised(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(normalise_name(word) for word in words))


@cache
def _aliases(field: str) -> tuple[str, ...]:
    return _normalised(FIELDS[field])


def field_columns(columns: Iterable[object], field: str) -> list[str]:
    """Every column of ``columns`` holding ``field`` (a :data:`FIELDS` key), in alias order.

    >>> field_columns(["人口", "户籍人口", "常住人口（人）"], "people")
    ['人口', '常住人口（人）', '户籍人口']
    """
    by_key: dict[str, list[str]] = {}
    for column in columns:
        if column != "geometry":
            by_key.setdefault(normalise_name(str(column)), []).append(str(column))
    return [column for alias in _aliases(field) for column in by_key.get(alias, [])]


def field_column(columns: Iterable[object], field: str) -> str | None:
    """The column of ``columns`` holding ``field`` (the first alias found), or None."""
    found = field_columns(columns, field)
    return found[0] if found else None


def _blank(values: pd.Series) -> pd.Series:
    return values.isna() | values.map(lambda v: isinstance(v, str) and not v.strip())


def field_values(frame: pd.DataFrame, field: str) -> pd.Series | None:
    """The ``field`` of each row: the first filled cell among its columns (alias order).

    A layer joined from two sources (a file's 名称 and the map's ``name``) has
    each row's value in one of them. Blank cells are None; None when no column
    holds the field.
    """
    columns = field_columns(frame.columns, field)
    if not columns:
        return None
    values = frame[columns[0]].astype(object)
    for column in columns[1:]:
        values = values.where(~_blank(values), frame[column].astype(object))
    return values.where(~_blank(values), None)


Frame = TypeVar("Frame", bound=pd.DataFrame)


def with_fields(frame: Frame, fields: Sequence[str]) -> Frame:
    """A copy of ``frame`` with each of ``fields`` under its own name (``name``, ``people``).

    The columns that held it (名称, 网点名称) are merged into it
    (:func:`field_values`) and dropped; the other columns are kept as they are.
    """
    out = frame.copy()
    for field in fields:
        columns = field_columns(out.columns, field)
        if not columns or columns == [field]:
            continue
        values = field_values(out, field)
        out = out.drop(columns=[c for c in columns if c != field]).assign(**{field: values})
    return out


@lru_cache(maxsize=64)
def _type_words(known: tuple[str, ...]) -> dict[str, str]:
    """Normalised word -> type key, for the ``known`` types: words, then labels, then keys."""
    from servicecircle.i18n.labels import outlet_type_label

    words: dict[str, str] = {}
    for key in known:
        for word in OUTLET_TYPE_WORDS.get(key, ()):
            words[normalise_name(word)] = key
    for key in known:
        for lang in ("zh", "en"):
            words[normalise_name(outlet_type_label(key, lang))] = key
    for key in known:
        words[normalise_name(key)] = key
    return words


def outlet_type_of(value: object, known: Collection[str]) -> str | None:
    """The key among ``known`` that a planner's type cell means, or None.

    Parameters
    ----------
    value
        The cell: a key (``gig_market``), a label (零工市场, "employment post"),
        a word of :data:`OUTLET_TYPE_WORDS`, or an outlet's name the OSM name
        rules recognise (a "XX街道人社服务站"); full-width forms, case and
        blanks do not matter.
    known
        The type keys in use.

    >>> outlet_type_of("Gig (day-labour) market", ["gig_market"])
    'gig_market'
    >>> outlet_type_of("培训学校", ["community_window"]) is None
    True
    """
    text = str(value).strip()
    if not text:
        return None
    if text in known:
        return text
    found = _type_words(tuple(known)).get(normalise_name(text))
    if found is not None:
        return found
    match = match_name({"name": text})
    if match is not None and match.group.role == "outlet" and match.group.outlet_type in known:
        return match.group.outlet_type
    return None


def rows_said(frame: pd.DataFrame, positions: Sequence[int] | NDArray[np.int64]) -> Message:
    """The rows at ``positions`` as the planner's file numbers them ("第 3、5 行", "rows 3, 5").

    At most :data:`~servicecircle.inputs.files.raw.MAX_LISTED` are listed, with the count.
    """
    labels, unit, _ = row_labels(frame, positions)
    kind = "rows" if unit == "row" else "features"
    listed = [int(v) for v in labels[:MAX_LISTED]]
    if len(labels) == 1:
        return msg(f"msg.columns.{kind[:-1]}", row=listed[0])
    if len(labels) > MAX_LISTED:
        return msg(f"msg.columns.{kind}_more", rows=listed, count=len(labels))
    return msg(f"msg.columns.{kind}", rows=listed)


def rows_hint(frame: pd.DataFrame) -> Message:
    """How :func:`rows_said` numbers the rows of ``frame``: as Excel, by feature, or in order."""
    _, unit, traced = row_labels(frame, [])
    if not traced:
        return msg("msg.columns.order_hint")
    return msg("msg.columns.rows_hint" if unit == "row" else "msg.columns.features_hint")


__all__ = [
    "FIELDS",
    "OUTLET_TYPE_WORDS",
    "field_column",
    "field_columns",
    "field_values",
    "outlet_type_of",
    "rows_hint",
    "rows_said",
    "with_fields",
]
