"""Who each new site newly covers, as the fields of ``siting.json``'s chosen sites.

:func:`site_gains` turns :attr:`SitingPlan.gains
<servicecircle.planning.plan.SitingPlan.gains>` (one row per site and break,
class or community) into ``newly_by_break``, ``newly_by_class`` and
``newly_by_community`` of each :class:`~servicecircle.results.schema.ChosenSite`,
people rounded to 6 decimals as ``siting.json`` stores them.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from servicecircle.results.siting_records import CommunityGain


def _people(value: Any) -> float | None:
    number = float(value) if value is not None else math.nan
    return round(number, 6) if math.isfinite(number) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def site_gains(table: pd.DataFrame | None) -> dict[int, dict[str, Any]]:
    """The gain fields of each site by rank (an empty mapping without a table).

    >>> table = pd.DataFrame(
    ...     {
    ...         "rank": [1, 1, 1],
    ...         "kind": ["break", "class", "community"],
    ...         "township": [None, None, "东山街道"],
    ...         "name": ["15", "residential", "甲社区"],
    ...         "people": [90.0, 90.0, 90.0],
    ...     }
    ... )
    >>> fields = site_gains(table)[1]
    >>> fields["newly_by_break"], fields["newly_by_class"]
    ({'15': 90.0}, {'residential': 90.0})
    >>> fields["newly_by_community"][0].community
    '甲社区'
    """
    if table is None or len(table) == 0:
        return {}
    out: dict[int, dict[str, Any]] = {}
    for rank, rows in table.groupby("rank", sort=True):
        kinds = {str(kind): part for kind, part in rows.groupby("kind", sort=False)}
        empty = rows.iloc[0:0]
        out[int(str(rank))] = {
            "newly_by_break": _by_name(kinds.get("break", empty)),
            "newly_by_class": _by_name(kinds.get("class", empty)),
            "newly_by_community": tuple(
                CommunityGain(
                    township=_text(row["township"]),
                    community=_text(row["name"]),
                    people=_people(row["people"]),
                )
                for _, row in kinds.get("community", empty).iterrows()
            ),
        }
    return out


def _by_name(rows: pd.DataFrame) -> dict[str, float | None]:
    pairs = zip(rows["name"], rows["people"], strict=True)
    return {str(name): _people(people) for name, people in pairs}
