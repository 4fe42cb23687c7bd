"""The headers of a census table: which row holds them, and which columns are which.

Census tables name their columns in many ways (街道, 乡镇, 社区, 村, 名称;
常住人口, 户籍人口, 人口, population; with units in brackets or a year in
front); the header may stand below title rows. :func:`find_header` finds the
header row among the first :data:`HEADER_SEARCH_ROWS` and its unit and
population columns; the resident population wins over the registered one.

>>> header_key(" 常住人口（人） ")
'常住人口'
>>> is_total_row("合 计"), is_total_row("新村")
(True, False)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from servicecircle._progress import Said
from servicecircle.demand.file_places import number_label
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.fields import FIELDS

__all__ = [
    "COMMUNITY_HEADERS",
    "HEADER_SEARCH_ROWS",
    "NAME_HEADERS",
    "TOWNSHIP_HEADERS",
    "CensusHeader",
    "area_labels",
    "cell_text",
    "column_of",
    "find_header",
    "header_key",
    "is_total_row",
    "population_columns",
]


def _joined(own: tuple[str, ...], shared: tuple[str, ...]) -> tuple[str, ...]:
    """``own`` headers, then the ``shared`` ones it lacks (in order, once)."""
    return tuple(dict.fromkeys((*own, *shared)))


TOWNSHIP_HEADERS: Final = _joined(
    (
        "街道",
        "乡镇",
        "镇",
        "乡",
        "街道办事处",
        "乡镇街道",
        "街道乡镇",
        "镇街",
        "街镇",
        "镇街道",
        "街道名称",
        "乡镇名称",
        "镇名称",
        "township",
        "street",
        "subdistrict",
        "town",
    ),
    FIELDS["township"],
)
"""Headers of a township/street column (compared after :func:`header_key`): the census's
own, then those every layer shares (:data:`~servicecircle.inputs.fields.FIELDS`)."""


COMMUNITY_HEADERS: Final = _joined(
    (
        "社区",
        "村",
        "居委会",
        "村委会",
        "村居",
        "社区村",
        "村社区",
        "居村",
        "居村委会",
        "村居委会",
        "社区居委会",
        "行政村",
        "社区名称",
        "村名称",
        "村名",
        "居委会名称",
        "村委会名称",
        "community",
        "village",
        "neighbourhood",
        "neighborhood",
    ),
    FIELDS["community"],
)
"""Headers of a community/village column: the census's own, then the shared ones."""


NAME_HEADERS: Final = (
    "名称",
    "地区",
    "区域",
    "单位",
    "地名",
    "行政区划",
    "区划名称",
    "单位名称",
    "地区名称",
    "name",
    "unit",
    "place",
)
"""Headers of a column naming the unit, township or community alike."""


RESIDENT_HEADERS: Final = (
    "常住人口",
    "常住人口数",
    "常住",
    "常住人口合计",
    "residentpopulation",
    "residents",
)


GENERIC_POPULATION_HEADERS: Final = (
    "人口",
    "总人口",
    "人口数",
    "人口总数",
    "人口合计",
    "人数",
    "population",
    "pop",
    "people",
    "persons",
    "总数",
)


REGISTERED_HEADERS: Final = ("户籍人口", "户籍人口数", "户籍", "registeredpopulation")


TOTAL_ROW_NAMES: Final = frozenset(
    {"合计", "总计", "小计", "全区", "全县", "全市", "全镇", "全街道", "总数", "total", "sum"}
)
"""Names of rows that sum others: skipped (a 小计 under a township is its total)."""


_NOT_POPULATION: Final = re.compile(r"密度|比重|比例|占|率|增|%|户数|家庭|户$|平方|面积|男|女|岁")


HEADER_SEARCH_ROWS: Final = 15


def header_key(text: Any) -> str:
    """A header as compared: NFKC, lower case, no blanks, no bracketed unit ("常住人口（人）")."""
    key = unicodedata.normalize("NFKC", str(text if text is not None else "")).strip().lower()
    key = re.sub(r"\(.*?\)|\[.*?\]|【.*?】", "", key)
    return re.sub(r"[\s_\-.:/、·]+", "", key)


def column_of(keys: Sequence[str], wanted: Sequence[str]) -> int | None:
    """Position of the first of ``wanted`` found among the header ``keys`` (None if none is)."""
    for candidate in wanted:
        if candidate in keys:
            return keys.index(candidate)
    return None


def population_columns(keys: Sequence[str]) -> dict[str, int]:
    """The resident, registered and generic population columns among ``keys``.

    A header is taken as written in :data:`RESIDENT_HEADERS` (and the others),
    else by a word in it ("2020年常住人口", "total population"), never when it
    holds a density, a share or a count of households.
    """
    found: dict[str, int] = {}
    words = {
        "resident": ("常住", "resident"),
        "registered": ("户籍", "registered", "hukou"),
        "generic": ("人口", "population"),
    }
    marked = words["resident"] + words["registered"]
    for kind, wanted in (
        ("resident", RESIDENT_HEADERS),
        ("registered", REGISTERED_HEADERS),
        ("generic", GENERIC_POPULATION_HEADERS),
    ):
        at = column_of(keys, wanted)
        if at is None:
            at = next(
                (
                    i
                    for i, key in enumerate(keys)
                    if any(word in key for word in words[kind])
                    and not _NOT_POPULATION.search(key)
                    and i not in found.values()
                    and (kind != "generic" or not any(word in key for word in marked))
                ),
                None,
            )
        if at is not None and at not in found.values():
            found[kind] = at
    return found


@dataclass(frozen=True)
class CensusHeader:
    """Where a census table's header row is and which columns hold the units and the people."""

    row: int  # position in the rows given
    township: int | None
    community: int | None
    name: int | None
    population: int
    population_name: str
    notes: tuple[Said, ...]


def find_header(rows: Sequence[Sequence[Any]], source: str) -> CensusHeader:
    """The header row (among the first rows: title rows may stand above it) and its columns."""
    for position, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = [header_key(cell) for cell in row]
        township = column_of(keys, TOWNSHIP_HEADERS)
        community = column_of(keys, COMMUNITY_HEADERS)
        name = column_of(keys, NAME_HEADERS)
        populations = population_columns(keys)
        if not populations or (township is None and community is None and name is None):
            continue
        notes: list[Said] = []
        chosen = populations.get("resident", populations.get("generic"))
        if chosen is None:
            chosen = populations["registered"]
            notes.append(
                msg("msg.demand.census.registered_only", source=source, column=str(row[chosen]))
            )
        elif "resident" in populations and "registered" in populations:
            notes.append(
                msg(
                    "msg.demand.census.both_populations",
                    source=source,
                    resident=str(row[populations["resident"]]),
                    registered=str(row[populations["registered"]]),
                )
            )
        return CensusHeader(
            row=position,
            township=township,
            community=community,
            name=name,
            population=chosen,
            population_name=str(row[chosen]).strip(),
            notes=tuple(notes),
        )
    first = [str(c).strip() for c in (rows[0] if rows else []) if str(c or "").strip()]
    shown: Said | list[str] = [repr(c) for c in first[:12]] or msg("msg.demand.census.nothing")
    raise InputDataError(
        msg("msg.demand.census.no_header", source=source, rows=HEADER_SEARCH_ROWS, first=shown)
    )


def cell_text(value: Any) -> str | None:
    """A cell as trimmed NFKC text, or None for an empty or NaN cell."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text or None


def is_total_row(name: str | None) -> bool:
    """Whether a row named ``name`` is a total (合计, 总计, total ...), not a unit."""
    return name is not None and header_key(name) in TOTAL_ROW_NAMES


_LABEL_HEADERS: Final = (
    COMMUNITY_HEADERS,
    TOWNSHIP_HEADERS,
    (header_key("name_zh"),),
    NAME_HEADERS,
)
"""Columns an area of a layer is labelled by, first first: the Chinese name before any other."""


def area_labels(frame: Any, headers: Sequence[str]) -> list[str]:
    """Each feature's label: its community, else township, else name_zh, else name column.

    A feature none of them names is labelled by its number (:func:`number_label`,
    ``#3``), the same in both languages; its place is said beside it.

    Parameters
    ----------
    frame
        The layer's table (a DataFrame).
    headers
        Its columns other than the geometry, as written.

    >>> import pandas as pd
    >>> area_labels(pd.DataFrame({"社区": ["新村", None], "name": ["x", None]}), ["社区", "name"])
    ['新村', '#2']
    """
    keys = [header_key(h) for h in headers]
    found = [at for at in (column_of(keys, wanted) for wanted in _LABEL_HEADERS) if at is not None]
    columns = [list(frame[headers[at]]) for at in found]
    labels = []
    for i in range(len(frame)):
        texts = (cell_text(column[i]) for column in columns)
        labels.append(next((text for text in texts if text is not None), number_label(i + 1)))
    return labels
