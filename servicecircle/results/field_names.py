"""One name per output column: Chinese and English field names, unit, Shapefile short name.

Every column the ``analyze`` and ``site`` layers hold (see
:mod:`servicecircle.results.folder`) is described once here by a
:class:`Field`: its kind (which sets the unit and how values are written:
people as whole persons, shares as percentages), its Shapefile name (ASCII,
at most 10 characters, still readable: ``new_cov``, not ``newly_cove``) and
the keys of its name and meaning in the i18n tables. Names the report already
gives its table columns (``report.col.*``) are reused, so a column has one
name in the report, the workbook and the GIS files.

Columns named after a break (``covered_5``, ``share_15``, ``newly_covered_10``)
are matched by pattern; ``covered_5`` is a yes/no flag in the demand layers and
a number of people in ``units``: the column's type tells which. A column this
table does not know keeps its own name (a Shapefile gets a unique short ASCII
name) and is described as such.

>>> describe("gaps", "people").short, describe("chosen", "newly_covered").short
('people', 'new_cov')
>>> field_name(describe("units", "share_15", "float64"), "zh")
'15 分钟覆盖率（%）'
>>> field_name(describe("demand", "covered_15", "bool"), "en")
'Within 15 min'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from servicecircle.i18n import t

Kind = Literal[
    "people", "share", "minutes", "metres", "count", "rank", "id", "flag", "text", "number"
]
"""What a column holds; sets its unit and how it is written."""

#: The unit key (``export.unit.*``) of each kind.
UNIT_OF_KIND: dict[str, str] = {
    "people": "people",
    "share": "share",
    "minutes": "minutes",
    "metres": "metres",
    "count": "count",
    "rank": "none",
    "id": "none",
    "flag": "flag",
    "text": "none",
    "number": "none",
}

#: Prefix of the i18n keys naming a column's values (``class.residential`` -> 居住区).
VALUE_PREFIXES = {
    "class": "class.",
    "mode": "mode.",
    "outlet_type": "outlet.",
    "level": "report.audit_level.",
    "source": "export.value.source.",
    "kind": "premise.",
    "tier": "tier.",
    "staff_source": "export.value.staff_source.",
    "group": "key_group.",
}
#: Values said by :func:`servicecircle.i18n.demand_words.basis_text` (a reason, not a code).
BASIS_VALUES = "basis"


@dataclass(frozen=True)
class Field:
    """How one column is named and written.

    Attributes
    ----------
    column
        The column's name in the layer (``newly_covered_5``).
    kind
        See :data:`Kind`.
    short
        Shapefile field name (ASCII, at most 10 characters).
    label
        i18n key of its name (``report.col.people``); empty for an unknown column.
    meaning
        i18n key of what it means (``export.meaning.people``).
    minutes
        The break of a pattern column (``5`` for ``covered_5``), else ``None``.
    values
        Key of :data:`VALUE_PREFIXES` naming its values, :data:`BASIS_VALUES`
        for reasons said in words, or empty.
    """

    column: str
    kind: Kind
    short: str
    label: str
    meaning: str
    minutes: int | None = None
    values: str = ""


def _f(kind: Kind, short: str, label: str, meaning: str, values: str = "") -> Field:
    return Field(column="", kind=kind, short=short, label=label, meaning=meaning, values=values)


_M = "export.meaning."
_C = "export.col."
_R = "report.col."

#: Columns by name (the same meaning in every layer).
FIELDS: dict[str, Field] = {
    "unit_id": _f("id", "unit_id", _C + "unit_id", _M + "unit_id"),
    "unit": _f("id", "unit", _C + "unit_id", _M + "unit"),
    "class": _f("text", "class", _R + "class", _M + "class", "class"),
    "classes": _f("text", "classes", _R + "classes", _M + "classes", "class"),
    "source": _f("text", "source", _C + "source", _M + "source", "source"),
    "basis": _f("text", "basis", _R + "basis", _M + "basis", BASIS_VALUES),
    "area_id": _f("id", "area_id", _C + "area_id", _M + "area_id"),
    "name": _f("text", "name", _R + "name", _M + "name"),
    "name_en": _f("text", "name_en", _C + "name_en", _M + "name_en"),
    "label_zh": _f("text", "label_zh", _C + "label_zh", _M + "label_zh"),
    "label_en": _f("text", "label_en", _C + "label_en", _M + "label_en"),
    "address": _f("text", "address", "field.address", _M + "address"),
    "people": _f("people", "people", _R + "people", _M + "people"),
    "township": _f("text", "township", _R + "township", _M + "township"),
    "community": _f("text", "community", _R + "community", _M + "community"),
    "minutes_to_nearest": _f("minutes", "near_min", _R + "nearest", _M + "minutes_to_nearest"),
    "nearest_minutes": _f("minutes", "near_min", _R + "nearest", _M + "nearest_minutes"),
    "nearest_outlet": _f("id", "near_out", _C + "nearest_outlet", _M + "nearest_outlet"),
    "reachable": _f("flag", "reachable", _C + "reachable", _M + "reachable"),
    "road_m": _f("metres", "road_m", _R + "road_m", _M + "road_m"),
    "road": _f("text", "road", _C + "road", _M + "road"),
    "highway": _f("text", "highway", _C + "highway", _M + "highway"),
    "off_network": _f("flag", "off_net", _C + "off_network", _M + "off_network"),
    "in_extent": _f("flag", "in_extent", _C + "in_extent", _M + "in_extent"),
    "served_people": _f("people", "served", _C + "served_people", _M + "served_people"),
    "outlet_type": _f("text", "out_type", _R + "outlet_type", _M + "outlet_type", "outlet_type"),
    "type": _f("text", "type", _R + "outlet_type", _M + "type", "outlet_type"),
    "illustrative": _f("flag", "illustr", _C + "illustrative", _M + "illustrative"),
    "note": _f("text", "note", _C + "note", _M + "note"),
    "tier": _f("text", "tier", "outlets.tier", _M + "tier", "tier"),
    "staff": _f("count", "staff", "outlets.staff", _M + "staff"),
    "staff_source": _f(
        "text", "staff_src", _C + "staff_source", _M + "staff_source", "staff_source"
    ),
    "mode": _f("text", "mode", _R + "mode", _M + "mode", "mode"),
    "minutes": _f("minutes", "minutes", _R + "minutes", _M + "minutes"),
    "rank": _f("rank", "rank", _R + "rank", _M + "rank"),
    "units": _f("count", "units", _C + "units", _M + "units"),
    "level": _f("text", "level", _R + "level", _M + "level", "level"),
    "share_covered": _f("share", "shr_cov", _C + "share_covered", _M + "share_covered"),
    "candidate_id": _f("id", "cand_id", _C + "candidate_id", _M + "candidate_id"),
    "newly_covered": _f("people", "new_cov", _R + "newly_covered", _M + "newly_covered"),
    "cumulative_share": _f("share", "cum_share", _R + "cumulative", _M + "cumulative_share"),
    "gaps": _f("text", "gaps", _C + "gaps", _M + "gaps"),
    "reasons": _f("text", "reasons", _R + "reasons", _M + "reasons"),
    "kind": _f("text", "kind", _C + "kind", _M + "kind", "kind"),
    "chosen": _f("flag", "chosen", _C + "chosen", _M + "chosen"),
    "n_new": _f("count", "n_new", _R + "n_new", _M + "n_new"),
    "share": _f("share", "share", _R + "share", _M + "share"),
    "covered_before": _f("people", "cov_before", _C + "covered_before", _M + "covered_before"),
    "covered_after": _f("people", "cov_after", _C + "covered_after", _M + "covered_after"),
    "share_before": _f("share", "shr_before", _R + "share_before", _M + "share_before"),
    "share_after": _f("share", "shr_after", _R + "share_after", _M + "share_after"),
    "existing": _f("flag", "existing", _C + "existing", _M + "existing"),
    "staff_before": _f("count", "staff_bef", _C + "staff_before", _M + "staff_before"),
    "staff_added": _f("count", "staff_add", _C + "staff_added", _M + "staff_added"),
    "people_per_staff": _f("people", "ppl_staff", _C + "people_per_staff", _M + "people_per_staff"),
    "capacity": _f("people", "capacity", _C + "capacity", _M + "capacity"),
    "served_before": _f("people", "served_bef", _C + "served_before", _M + "served_before"),
    "served": _f("people", "served_aft", _C + "served", _M + "served"),
    "group": _f("text", "group", _C + "key_group", _M + "key_group", "group"),
    "share_standard": _f("share", "shr_std", _C + "share_standard", _M + "share_standard"),
    "staff_per_10k": _f("number", "staff_10k", _C + "staff_per_10k", _M + "staff_per_10k"),
    "served_in_capacity": _f(
        "people", "served_cap", _C + "served_in_capacity", _M + "served_in_capacity"
    ),
    "over_capacity": _f("people", "over_cap", _C + "over_capacity", _M + "over_capacity"),
    "out_of_reach": _f("people", "out_reach", _C + "out_of_reach", _M + "out_of_reach"),
}

#: Columns whose meaning depends on the layer or on the column's type.
_FLAG_COVERED = _f("flag", "covered", _C + "covered_flag", _M + "covered_flag")
_PEOPLE_COVERED = _f("people", "covered", _R + "covered", _M + "covered")
_FLAG_MUST = _f("flag", "must_cover", _C + "must_cover_flag", _M + "must_cover_flag")
_TEXT_MUST = _f("text", "must_cover", _C + "must_cover_text", _M + "must_cover_text")
_STANDARD = _f("minutes", "minutes", _R + "standard", _M + "standard")

#: Pattern columns: name pattern -> (field for a yes/no column, field for a number column).
_PATTERNS: tuple[tuple[re.Pattern[str], Field, Field], ...] = (
    (
        re.compile(r"covered_(\d+)"),
        _f("flag", "cov_{m}", _C + "covered_flag_at", _M + "covered_flag_at"),
        _f("people", "cov_{m}", _R + "at_minutes", _M + "covered_at"),
    ),
    (
        re.compile(r"share_(\d+)"),
        _f("share", "shr_{m}", _C + "share_at", _M + "share_at"),
        _f("share", "shr_{m}", _C + "share_at", _M + "share_at"),
    ),
    (
        re.compile(r"newly_covered_(\d+)"),
        _f("people", "new_cov_{m}", _R + "at_minutes", _M + "newly_covered_at"),
        _f("people", "new_cov_{m}", _R + "at_minutes", _M + "newly_covered_at"),
    ),
)


def _is_flag(dtype: object) -> bool:
    return str(dtype) in {"bool", "boolean"}


def describe(layer: str, column: str, dtype: object = "") -> Field:
    """The :class:`Field` of ``column`` in ``layer`` (``dtype``: the column's type, if known).

    A column this table does not know is described by its own name: kind
    ``flag`` / ``number`` / ``text`` from ``dtype``, no label key.
    """
    flag = _is_flag(dtype)
    if column == "covered":
        found = _FLAG_COVERED if flag or layer in {"demand", "demand_after", "must_cover"} else None
        return replace(found or _PEOPLE_COVERED, column=column)
    if column == "must_cover":
        return replace(_FLAG_MUST if flag or layer == "must_cover" else _TEXT_MUST, column=column)
    if column == "minutes" and layer in ("outlets", "chosen_areas"):
        return replace(_STANDARD, column=column)
    if column in FIELDS:
        return replace(FIELDS[column], column=column)
    for pattern, as_flag, as_number in _PATTERNS:
        match = pattern.fullmatch(column)
        if match:
            minutes = int(match.group(1))
            chosen = (
                as_flag
                if flag or (layer in {"demand", "demand_after"} and not dtype)
                else as_number
            )
            return replace(
                chosen, column=column, minutes=minutes, short=chosen.short.format(m=minutes)
            )
    kind: Kind = "flag" if flag else "number" if _is_number(dtype) else "text"
    return Field(column=column, kind=kind, short="", label="", meaning=_M + "unknown")


def _is_number(dtype: object) -> bool:
    text = str(dtype).lower()
    return text.startswith(("int", "uint", "float")) or text in {"int64", "float64"}


def field_name(field: Field, lang: str) -> str:
    """The name of ``field`` in ``lang`` (``"zh"`` / ``"en"``), with ``（%）`` for a share."""
    if not field.label:
        return field.column
    if field.label == _R + "at_minutes":
        inner = _R + "newly_covered" if field.column.startswith("newly") else _R + "covered"
        text = t(field.label, lang, label=t(inner, lang), minutes=field.minutes)
    elif field.minutes is not None:
        text = t(field.label, lang, minutes=field.minutes)
    else:
        text = t(field.label, lang)
    if field.kind == "share":
        return t(_C + "share_suffix", lang, label=text)
    return text


def unit_text(field: Field, lang: str) -> str:
    """The unit of ``field`` in ``lang`` (``人``, ``%``, ``分钟``, ``米``; ``""`` for text)."""
    return t(f"export.unit.{UNIT_OF_KIND[field.kind]}", lang)


def meaning_text(field: Field, lang: str) -> str:
    """What ``field`` means, in ``lang``."""
    return t(field.meaning, lang)


def layer_name(layer: str, lang: str) -> str:
    """A layer's name in ``lang`` (``gaps`` -> 覆盖缺口); unknown layers keep their name."""
    key = f"export.layer.{layer}"
    text = t(key, lang)
    return layer if text == key else text


def unique_names(names: Sequence[str], columns: Sequence[str]) -> list[str]:
    """``names`` made unique (a clash gets its column's own name in brackets).

    >>> unique_names(["名称", "名称", "人口"], ["name", "name_zh", "people"])
    ['名称', '名称 (name_zh)', '人口']
    """
    out: list[str] = []
    seen: set[str] = set()
    for name, column in zip(names, columns, strict=True):
        candidate = name
        if candidate.lower() in seen:
            candidate = f"{name} ({column})"
        i = 2
        while candidate.lower() in seen:
            candidate, i = f"{name} ({column} {i})", i + 1
        seen.add(candidate.lower())
        out.append(candidate)
    return out


def short_names(fields: Iterable[Field]) -> list[str]:
    """Unique ASCII Shapefile names (at most 10 characters) for ``fields``, in order.

    Known columns take their table name; unknown ones an ASCII form of their
    own name (``field`` if nothing is left), cut to fit and numbered on a clash.

    >>> short_names([describe("x", "newly_covered"), describe("x", "乡镇名称")])
    ['new_cov', 'field']
    """
    out: list[str] = []
    taken: set[str] = set()
    for field in fields:
        base = field.short or _ascii(field.column) or "field"
        candidate, i = base[:10], 1
        while candidate.lower() in taken:
            tail = f"_{i}"
            candidate, i = base[: 10 - len(tail)] + tail, i + 1
        taken.add(candidate.lower())
        out.append(candidate)
    return out


def _ascii(name: str) -> str:
    text = re.sub(r"[^0-9A-Za-z_]+", "_", name).strip("_")
    return text if text and not text[0].isdigit() else (f"f_{text}" if text else "")


def field_table(
    fields: Sequence[Field], lang: str, *, shorts: Sequence[str] | None = None
) -> list[dict[str, str]]:
    """Rows of the field-name table, one per field.

    Each row: Shapefile name, the run's column name, Chinese and English name,
    unit and meaning. The headers are in ``lang``; so is the meaning. ``shorts`` are the
    Shapefile names of ``fields`` (:func:`short_names` when omitted).
    """
    shorts = list(shorts) if shorts is not None else short_names(fields)
    rows: list[dict[str, str]] = []
    for field, short in zip(fields, shorts, strict=True):
        rows.append(
            {
                t("export.table.short", lang): short,
                t("export.table.field", lang): field.column,
                t("export.table.zh", lang): field_name(field, "zh"),
                t("export.table.en", lang): field_name(field, "en"),
                t("export.table.unit", lang): unit_text(field, lang),
                t("export.table.meaning", lang): meaning_text(field, lang),
            }
        )
    return rows
