"""Key groups a planner brings: 60+ residents, registered unemployed, migrant workers, graduates.

The policy asks the service circle to reach its *key groups* (重点群体). A
civil-affairs or human-resources bureau has them per 街道/乡镇 or 社区/村:
:func:`~.key_group_files.read_key_groups` reads

* a table: CSV (UTF-8 with or without BOM, GBK/GB18030, UTF-16) or an
  ``.xlsx`` workbook, keyed by a township/street (街道, 乡镇, township) and/or a
  community/village (社区, 村, community) column, or a name column (名称) that
  may name either; title rows above the header, merged township cells, total
  rows (合计, 小计) and numbers like "1,234" are understood, as for census
  tables (:mod:`servicecircle.demand.census_headers`);
* a point or polygon layer (GeoPackage, GeoJSON, zipped Shapefile): each
  polygon's numbers apply to the demand inside it, each point's to the
  nearest demand unit with residents.

A column is a key group's when its header holds one of the group's words
(:data:`GROUP_WORDS`: 60岁及以上/老年人, 登记失业, 外出务工/返乡/农民工,
高校毕业生, or the English words). Its values are *shares* of the residents
when the header says so (比例, 占比, 比重, 百分比, %, share, ratio, percent) or
when every value is at most 1; else *counts* of people. A share column is read
as percent when its header has %/百分比/percent or a value is above 1 (then
every value is divided by 100). Which was read how is in the notes
(:attr:`KeyGroupTable.kinds`). A group given both as a count and as a share
is taken from its count column.

Bad cells (text, negative, a share above 100 %), repeated areas and a table
without a group column are refused with the rows and the fix. People per unit:
:mod:`servicecircle.demand.key_group_units`.

>>> group_of_header("60岁及以上人口占比（%）"), group_of_header("常住人口") is None
('aged_60_plus', True)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicecircle._progress import Said
from servicecircle.demand.census_headers import (
    COMMUNITY_HEADERS,
    HEADER_SEARCH_ROWS,
    NAME_HEADERS,
    TOWNSHIP_HEADERS,
    cell_text,
    column_of,
    header_key,
    is_total_row,
)
from servicecircle.demand.counts import people_counts
from servicecircle.demand.file_places import at_row
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg

#: The key groups, in the order they are reported.
GROUP_KEYS: Final[tuple[str, ...]] = (
    "aged_60_plus",
    "registered_unemployed",
    "migrant_workers",
    "college_graduates",
)

#: Group -> words a header holds for it (compared after :func:`header_key`).
GROUP_WORDS: Final[Mapping[str, tuple[str, ...]]] = {
    "aged_60_plus": (
        "60岁及以上",
        "60岁以上",
        "60周岁及以上",
        "60周岁以上",
        "60+",
        "老年",
        "老人",
        "aged60",
        "age60",
        "over60",
        "60plus",
        "elderly",
        "senior",
    ),
    "registered_unemployed": ("登记失业", "失业", "unemploy"),
    "migrant_workers": (
        "外出务工",
        "返乡",
        "农民工",
        "务工人员",
        "外出就业",
        "migrant",
        "returning",
        "returnee",
    ),
    "college_graduates": ("高校毕业生", "大学毕业生", "毕业生", "graduate"),
}

#: Words of a header that holds shares, not counts.
SHARE_WORDS: Final = (
    "比例",
    "占比",
    "比重",
    "百分比",
    "%",
    "share",
    "ratio",
    "proportion",
    "percent",
)
#: Words of a header whose shares are percent.
PERCENT_WORDS: Final = ("%", "％", "百分比", "percent", "pct")

#: How a group's numbers were given.
Kind = Literal["count", "share", "percent"]

_SHOWN: Final = 8


def group_of_header(header: object) -> str | None:
    """The key group a column's header names (:data:`GROUP_KEYS`), or None."""
    key = header_key(header)
    if not key:
        return None
    for group in GROUP_KEYS:
        if any(word in key for word in GROUP_WORDS[group]):
            return group
    return None


def group_said(group: str) -> Said:
    """A group's name as planners say it (60岁及以上老年人, ...), to say in either language."""
    from servicecircle.i18n.labels import label_said

    return label_said("key_group.", group)


def _says_share(header: object) -> bool:
    raw = unicodedata.normalize("NFKC", str(header)).lower()
    return any(word in raw for word in SHARE_WORDS)


def _says_percent(header: object) -> bool:
    raw = unicodedata.normalize("NFKC", str(header)).lower()
    return any(word in raw for word in PERCENT_WORDS)


@dataclass(frozen=True, eq=False)
class KeyGroupTable:
    """Key groups as read, before they are matched to the study area's demand units.

    Attributes
    ----------
    rows
        One row per area: ``township``, ``community``, ``name`` (an area named
        without its level), ``where`` (a message: "groups.csv 第 5 行") and one float
        column per group in :attr:`groups` (NaN where blank): people (kind
        ``count``) or shares 0..1 (kinds ``share`` and ``percent``, the latter
        already divided by 100). A layer's rows also have ``geometry``
        (WGS-84) and their names are labels only.
    kinds
        Group -> how the file gave it (``count``, ``share`` or ``percent``).
    columns
        Group -> the column it was read from.
    source
        The file's name.
    notes
        What was assumed while reading.
    """

    rows: pd.DataFrame
    kinds: Mapping[str, Kind]
    columns: Mapping[str, str]
    source: str
    notes: tuple[Said, ...] = field(default_factory=tuple)

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups the file gives, in :data:`GROUP_KEYS` order."""
        return tuple(g for g in GROUP_KEYS if g in self.kinds)

    @property
    def spatial(self) -> bool:
        """True when the areas are polygons or points of a layer (no names matched)."""
        return "geometry" in self.rows.columns


def group_columns(headers: Sequence[object], taken: set[int]) -> dict[str, int]:
    """Group -> position of its column; a count column wins over a share column."""
    found: dict[str, int] = {}
    for i, header in enumerate(headers):
        group = group_of_header(header) if i not in taken else None
        if group is None:
            continue
        if group not in found or (_says_share(headers[found[group]]) and not _says_share(header)):
            found[group] = i
    return found


@dataclass(frozen=True)
class _Header:
    row: int
    township: int | None
    community: int | None
    name: int | None
    groups: dict[str, int]


def _find_header(rows: Sequence[Sequence[Any]], source: str) -> _Header:
    """The header row among the first rows: a unit column and at least one group column."""
    for position, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = [header_key(cell) for cell in row]
        units = [column_of(keys, wanted) for wanted in (TOWNSHIP_HEADERS, COMMUNITY_HEADERS)]
        name = column_of(keys, NAME_HEADERS)
        taken = {i for i in (*units, name) if i is not None}
        groups = group_columns([c if c is not None else "" for c in row], taken)
        if groups and taken:
            return _Header(position, units[0], units[1], name, groups)
    first = [str(c).strip() for c in (rows[0] if rows else []) if str(c or "").strip()]
    raise InputDataError(
        msg(
            "msg.groups.no_header",
            source=source,
            rows=HEADER_SEARCH_ROWS,
            first=[repr(c) for c in first[:12]] or "-",
        )
    )


def _cell(row: Sequence[Any], at: int | None) -> Any:
    return row[at] if at is not None and at < len(row) else None


def _strip_percent(value: Any) -> tuple[Any, bool]:
    """A cell without a trailing % sign, and whether it had one."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if text.endswith("%"):
            return text[:-1], True
    return value, False


def column_values(
    cells: Sequence[Any], header: object, where: Sequence[Said]
) -> tuple[npt.NDArray[np.float64], Kind, list[Said]]:
    """A group column's numbers (shares as 0..1), how they were given, and its bad cells.

    Parameters
    ----------
    cells
        The column's cells, one per area row.
    header
        Its header (says whether it holds shares or percent).
    where
        Each row as the planner finds it ("groups.csv row 5"), for the bad cells.
    """
    stripped = [_strip_percent(c) for c in cells]
    values, _blank, unreadable = people_counts(pd.Series([v for v, _ in stripped], dtype=object))
    signed = any(flag for _, flag in stripped)
    filled = values[~np.isnan(values)]
    kind: Kind = "count"
    if _says_share(header) or signed or (filled.size and filled.max() <= 1.0):
        kind = "share"
        if _says_percent(header) or signed or (filled.size and filled.max() > 1.0):
            kind = "percent"
    limit = 100.0 if kind == "percent" else (1.0 if kind == "share" else np.inf)
    bad = unreadable | (values < 0) | (values > limit)
    shown: list[Said] = [
        msg("msg.groups.cell", where=where[int(i)], cell=repr(str(cells[int(i)])[:20]))
        for i in np.flatnonzero(bad)
    ]
    if kind == "percent":
        values = values / 100.0
    return values, kind, shown


def _body_records(
    rows: Sequence[Sequence[Any]], header: _Header, source: str, first_row: int
) -> tuple[list[dict[str, Any]], list[Said]]:
    """Area records below the header (township cells filled down, total rows skipped)."""
    records: list[dict[str, Any]] = []
    skipped: list[str] = []
    last_township: str | None = None
    for offset, row in enumerate(rows[header.row + 1 :]):
        number = header.row + 1 + first_row + offset
        township = cell_text(_cell(row, header.township))
        community = cell_text(_cell(row, header.community))
        name = cell_text(_cell(row, header.name))
        if header.township is not None and header.community is not None:
            if township is None and community is not None and last_township is not None:
                township = last_township
            if township is not None:
                last_township = township
        if is_total_row(community) and township is not None and not is_total_row(township):
            community = None  # "小计" under a township: the township's numbers
        if any(is_total_row(v) for v in (township, community, name)):
            skipped.append(str(number))
            continue
        cells = {g: _cell(row, at) for g, at in header.groups.items()}
        if township is None and community is None and name is None:
            if any(cell_text(c) is not None for c in cells.values()):
                records.append({"where": at_row(source, number), "unnamed": True, **cells})
            continue
        records.append(
            {
                "township": township,
                "community": community,
                "name": name if township is None and community is None else None,
                "where": at_row(source, number),
                **cells,
            }
        )
    notes: list[Said] = []
    if skipped:
        notes.append(msg("msg.groups.total_rows", source=source, rows=skipped[:5]))
    return records, notes


def table_from_rows(
    rows: Sequence[Sequence[Any]], *, source: str, first_row: int = 1
) -> KeyGroupTable:
    """Key groups from the cells of a table (title rows, a header row, one row per area).

    Raises
    ------
    InputDataError
        When no header with a group column is found, a cell is not a number,
        negative or a share above 100 %, a row has numbers but no area name,
        or an area is given twice; the message lists the rows and the fix.
    """
    header = _find_header(rows, source)
    records, notes = _body_records(rows, header, source, first_row)
    unnamed = [r["where"] for r in records if r.get("unnamed")]
    if unnamed:
        raise InputDataError(msg("msg.groups.unnamed_rows", source=source, rows=unnamed[:_SHOWN]))
    heads = rows[header.row]
    frame = pd.DataFrame(
        {k: pd.Series([r[k] for r in records], dtype=object) for k in _KEY_COLUMNS}
    )
    return finished_table(
        frame,
        {g: [r[g] for r in records] for g in header.groups},
        {g: str(heads[at]).strip() for g, at in header.groups.items()},
        source,
        notes,
    )


_KEY_COLUMNS: Final = ("township", "community", "name", "where")


def finished_table(
    frame: pd.DataFrame,
    cells: Mapping[str, Sequence[Any]],
    headers: Mapping[str, str],
    source: str,
    notes: list[Said],
) -> KeyGroupTable:
    """The table with each group's numbers read, bad cells and repeated areas refused."""
    where = list(frame["where"])
    kinds: dict[str, Kind] = {}
    problems: list[Said] = []
    for group in [g for g in GROUP_KEYS if g in cells]:
        values, kind, bad = column_values(cells[group], headers[group], where)
        if bad:
            problems.append(
                msg(f"msg.groups.bad_{kind}", column=headers[group], cells=bad[:_SHOWN])
            )
        frame[group] = values
        kinds[group] = kind
        notes.append(
            msg(f"msg.groups.read_as_{kind}", column=headers[group], group=group_said(group))
        )
    if problems:
        raise InputDataError(msg("msg.groups.bad_cells", source=source, problems=problems))
    if len(frame) == 0:
        raise InputDataError(msg("msg.groups.no_rows", source=source))
    if "geometry" not in frame.columns:
        _refuse_repeats(frame, source)
    return KeyGroupTable(
        rows=frame, kinds=kinds, columns=dict(headers), source=source, notes=tuple(notes)
    )


def _refuse_repeats(frame: pd.DataFrame, source: str) -> None:
    seen: dict[tuple[str, ...], Said] = {}
    for row in frame.to_dict("records"):
        key = tuple(str(row[k] or "") for k in ("township", "community", "name"))
        if key in seen:
            raise InputDataError(
                msg(
                    "msg.groups.repeated",
                    source=source,
                    name="/".join(v for v in key if v),
                    rows=[seen[key], row["where"]],
                )
            )
        seen[key] = row["where"]


__all__ = [
    "GROUP_KEYS",
    "GROUP_WORDS",
    "KeyGroupTable",
    "Kind",
    "column_values",
    "finished_table",
    "group_columns",
    "group_of_header",
    "group_said",
    "table_from_rows",
]
