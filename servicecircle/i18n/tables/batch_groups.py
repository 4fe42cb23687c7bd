"""Words of ``servicecircle batch --groups``: the key groups per region.

The summary table's key-group headers (:mod:`servicecircle.batch.group_table`)
and what the command says of the key-groups file's rows
(:func:`servicecircle.batch.region_groups.file_notes`).
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "batch.col.group_people": "{group}人数",
    "batch.col.group_share_at": "{group} {minutes} 分钟覆盖率（%）",
    "batch.col.group_share_standard": "{group}按服务标准覆盖率（%）",
    "batch.col.group_out": "{group}服务圈外人数",
    "msg.batch.groups.unused": (
        "重点群体文件 {source} 中有 {count} 行在所有区域中都找不到对应的街道/乡镇、社区/村"
        "或区域范围：{rows}。这些行的人数未计入任何区域；请核对名称，或确认区域文件包含这些地区。"
    ),
    "msg.batch.groups.split": (
        "重点群体文件 {source} 中有 {count} 行给出人数的地区被区域边界分开：{rows}。"
        "各区域按其缓冲范围内该地区常住人口分摊这些人数，分到各区域的人数为估计值；"
        "如需精确，请按社区/村给出人数，或改用占比。"
    ),
}

EN: dict[str, str] = {
    "batch.col.group_people": "{group}: people",
    "batch.col.group_share_at": "{group}: share within {minutes} min (%)",
    "batch.col.group_share_standard": "{group}: share by the service standard (%)",
    "batch.col.group_out": "{group}: people outside every service circle",
    "msg.batch.groups.unused": (
        "{count} row(s) of the key-groups file {source} name no township/street, "
        "community/village or area of any region: {rows}. Their people are counted in no "
        "region; check the names, or that the regions file holds these areas."
    ),
    "msg.batch.groups.split": (
        "{count} row(s) of the key-groups file {source} give people for an area a region "
        "border cuts through: {rows}. Each region shares them out over the residents of the "
        "area within its halo, so each region's part is an estimate; give them per "
        "community/village, or as shares, for exact figures."
    ),
}
