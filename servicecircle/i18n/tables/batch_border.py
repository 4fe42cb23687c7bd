"""Words of a batch's special regions and of its border pass (:mod:`servicecircle.batch`).

A region without demand or without any outlet in reach (``batch.note.*``, the
summary table's note column); the border pass that re-solves the sites along
each shared border (``msg.batch.border.*``, ``batch.border.*``).
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "batch.col.note": "说明",
    "batch.note.no_demand": "区内没有需求单元（无住宅、居住用地或需求点），无人需要服务，按 0 人计",
    "batch.note.no_outlets": (
        "区内及周边服务圈可及范围内没有现有网点：全部人口未覆盖，全部有人居住的单元均为缺口，"
        "是最需要新设网点的区域"
    ),
    "batch.border.col.bands": "相邻边界数",
    "batch.border.col.changed": "有调整的边界数",
    "batch.border.col.sites_before": "边界带内首轮选址数",
    "batch.border.col.kept": "保留",
    "batch.border.col.moved_away": "迁出",
    "batch.border.col.moved_in": "迁入",
    "batch.border.col.covered_before": "边界附近覆盖人口（首轮）",
    "batch.border.col.covered_after": "边界附近覆盖人口（二次优化后）",
    "batch.border.col.gained": "新增覆盖人口",
    "batch.border.col.total_changed": "区域合计是否变化",
    "batch.border.col.band": "边界",
    "batch.border.col.status": "边界二次优化",
    "batch.border.kept": "保留",
    "batch.border.moved_away": "迁出（首轮选址，已撤销）",
    "batch.border.moved_in": "迁入（二次优化新址）",
    "batch.border.layer": "边界二次优化网点",
    "batch.border.col.final_status": "网点状态",
    "batch.border.status.first_pass": "首轮保留",
    "batch.border.status.moved_in": "边界二次优化移入",
    "batch.col.sites_after_border": "边界二次优化后新增网点",
    "batch.border.yes": "是",
    "batch.border.no": "否",
    "batch.border.file": "边界二次优化",
    "batch.border.sheet": "边界二次优化",
    "msg.batch.border.bar": "边界",
    "msg.batch.border.none": "没有相邻且已选址的区域，不做边界二次优化。",
    "msg.batch.border.line": (
        "边界二次优化：{bands} 条相邻边界，{changed} 条有调整，迁移新增网点 {moved} 个，"
        "边界附近新增覆盖 {people} 人"
    ),
    "msg.batch.border.region": (
        "  {name}（{code}）：边界带内首轮新增网点保留 {kept} 个、迁出 {away} 个、"
        "迁入 {moved_in} 个，边界附近覆盖 {before} → {after} 人"
    ),
    "msg.batch.border.failed": "边界 {code}（{name}）二次优化失败，保留首轮选址：{error}",
}

EN: dict[str, str] = {
    "batch.col.note": "Note",
    "batch.note.no_demand": (
        "no demand unit in the region (no homes, residential land or demand points): "
        "nobody to serve, counted as 0 people"
    ),
    "batch.note.no_outlets": (
        "no outlet today in the region or within reach around it: everybody out of reach, every "
        "populated unit a gap; the region that needs new outlets most"
    ),
    "batch.border.col.bands": "Borders",
    "batch.border.col.changed": "Borders changed",
    "batch.border.col.sites_before": "First-pass sites in the bands",
    "batch.border.col.kept": "Kept",
    "batch.border.col.moved_away": "Moved away",
    "batch.border.col.moved_in": "Moved in",
    "batch.border.col.covered_before": "People covered near the borders (first pass)",
    "batch.border.col.covered_after": "People covered near the borders (border pass)",
    "batch.border.col.gained": "People newly covered",
    "batch.border.col.total_changed": "Region's total changed",
    "batch.border.col.band": "Border",
    "batch.border.col.status": "Border pass",
    "batch.border.kept": "kept",
    "batch.border.moved_away": "moved away (first-pass site, withdrawn)",
    "batch.border.moved_in": "moved in (the border pass's new site)",
    "batch.border.layer": "border_pass_sites",
    "batch.border.col.final_status": "Site status",
    "batch.border.status.first_pass": "kept",
    "batch.border.status.moved_in": "moved in by the border pass",
    "batch.col.sites_after_border": "New sites after the border pass",
    "batch.border.yes": "yes",
    "batch.border.no": "no",
    "batch.border.file": "border_pass",
    "batch.border.sheet": "Border pass",
    "msg.batch.border.bar": "borders",
    "msg.batch.border.none": "No neighbouring sited regions: no border pass.",
    "msg.batch.border.line": (
        "Border pass: {bands} shared borders, {changed} changed, {moved} new sites moved, "
        "{people} people newly covered near the borders"
    ),
    "msg.batch.border.region": (
        "  {name} ({code}): of its first-pass sites near its borders {kept} kept, {away} moved "
        "away, {moved_in} moved in; people covered near its borders {before} -> {after}"
    ),
    "msg.batch.border.failed": (
        "Border {code} ({name}) failed; the first pass's sites stand: {error}"
    ),
}
