"""The key groups in the batch's summary (``batch --groups FILE``).

Each region's outcome holds its figures per key group
(:func:`~servicecircle.batch.region_groups.group_figures`). The summary table
gets, per group, its people, the share of them covered within the largest
break and by each outlet type's own standard, and the people out of reach
(outside every service circle); the total row adds the regions' people up and
takes the shares of the sums. The summary workbook gets a 重点群体 sheet: each
region's key groups per township/street and community (the ``key_groups``
table of its ``analysis.gpkg``), with the region's code and name; the
gathered GeoPackage gets the same table (:func:`groups_table`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from servicecircle.demand.key_groups import GROUP_KEYS
from servicecircle.i18n import t
from servicecircle.i18n.labels import label
from servicecircle.results.field_names import Kind

if TYPE_CHECKING:
    from servicecircle.batch.jobs import RegionJob
    from servicecircle.results.export_frames import Labelled
    from servicecircle.results.xlsx_layer import Sheet

#: The key of coverage by each outlet type's own standard (as the groups' record keys it).
STANDARD = "standard"
#: The figures a region's group holds that add up across regions.
SUMMED = ("people", "served", "over_capacity", "out_of_reach")

Column = tuple[str, Kind, Any]


def percent_of(part: object, whole: object) -> float | None:
    """``part`` in percent of ``whole`` to 2 decimals (the summary's shares); None if unknown.

    >>> percent_of(1, 3), percent_of(None, 3), percent_of(1, 0)
    (33.33, None, None)
    """
    if not isinstance(part, int | float) or not isinstance(whole, int | float) or whole <= 0:
        return None
    return round(100.0 * float(part) / float(whole), 2)


def _top_break(outcomes: Sequence[Mapping[str, Any]]) -> str | None:
    keys = {
        key
        for o in outcomes
        for figures in o.get("groups", {}).values()
        for key in figures.get("covered", {})
        if key != STANDARD
    }
    return max(keys, key=float) if keys else None


def group_columns(outcomes: Sequence[Mapping[str, Any]], lang: str) -> list[Column]:
    """``(header, kind, cell of an outcome)`` per key group the regions measured (none without)."""
    present = {g for o in outcomes for g in o.get("groups", {})}
    top = _top_break(outcomes)
    columns: list[Column] = []
    for group in [g for g in GROUP_KEYS if g in present]:
        said = label("key_group.", group, lang)

        def figure(key: str, group: str = group) -> Any:
            return lambda o: o.get("groups", {}).get(group, {}).get(key)

        def share(key: str, group: str = group) -> Any:
            def cell(o: Mapping[str, Any]) -> float | None:
                mine = o.get("groups", {}).get(group, {})
                return percent_of(mine.get("covered", {}).get(key), mine.get("people"))

            return cell

        columns.append((t("batch.col.group_people", lang, group=said), "people", figure("people")))
        if top is not None:
            header = t("batch.col.group_share_at", lang, group=said, minutes=top)
            columns.append((header, "share", share(top)))
        header = t("batch.col.group_share_standard", lang, group=said)
        columns.append((header, "share", share(STANDARD)))
        header = t("batch.col.group_out", lang, group=said)
        columns.append((header, "people", figure("out_of_reach")))
    return columns


def group_totals(outcomes: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The regions' figures per group added up (people, covered by break, the split)."""
    out: dict[str, dict[str, Any]] = {}
    for group in [g for g in GROUP_KEYS if any(g in o.get("groups", {}) for o in outcomes)]:
        mine = [o["groups"][group] for o in outcomes if group in o.get("groups", {})]
        keys = {k for figures in mine for k in figures.get("covered", {})}
        out[group] = {
            **{key: sum(float(f.get(key) or 0.0) for f in mine) for key in SUMMED},
            "covered": {
                k: sum(float(f.get("covered", {}).get(k) or 0.0) for f in mine) for k in keys
            },
        }
    return out


def groups_table(
    jobs: Sequence[RegionJob], out_dir: str | os.PathLike[str], lang: str
) -> Labelled | None:
    """Every region's key groups per township/street and community, labelled (``None``: none).

    The regions' ``key_groups`` tables put together, the region's code and
    name first, fields named for ``lang`` as ``servicecircle export`` names them.
    """
    from servicecircle.batch.border_final import REGION_CODE, REGION_NAME
    from servicecircle.batch.markers import is_done
    from servicecircle.results.export_frames import Labelled, flatten, labelled
    from servicecircle.results.folder import read_layers

    parts = []
    for job in jobs:
        path = job.folder(out_dir) / "analysis.gpkg"
        if not is_done(job, out_dir) or not path.is_file():
            continue
        table = read_layers(path, ("key_groups",)).get("key_groups")
        if table is None or not len(table):
            continue
        table = pd.DataFrame(table)
        table.insert(0, REGION_NAME, job.name)
        table.insert(0, REGION_CODE, job.code)
        parts.append(table)
    if not parts:
        return None
    ready = labelled(flatten(pd.concat(parts, ignore_index=True)), "key_groups", lang)
    names = {
        REGION_CODE: t("batch.col.region_code", lang),
        REGION_NAME: t("batch.col.region_name", lang),
    }
    return Labelled(ready.frame.rename(columns=names), ready.fields)


def groups_sheet(
    jobs: Sequence[RegionJob], out_dir: str | os.PathLike[str], lang: str
) -> Sheet | None:
    """重点群体: every region's key groups per township/street and community (``None``: none)."""
    from servicecircle.results.csv_layer import table_of
    from servicecircle.results.export_frames import flags_as_words
    from servicecircle.results.xlsx_layer import Sheet

    ready = groups_table(jobs, out_dir, lang)
    if ready is None:
        return None
    frame, fields = table_of(flags_as_words(ready, lang), ready.fields, lang)
    return Sheet(t("report.handover.sheet.groups", lang), frame, fields)


__all__ = ["group_columns", "group_totals", "groups_sheet", "groups_table", "percent_of"]
