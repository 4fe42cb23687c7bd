"""Messages of a run's inputs (servicecircle.workflow)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.workflow.no_boundaries": (
        "{file}：没有找到带可用行政级别（admin_level）的边界面。请提供面要素，可带 admin_level 列（"
        "6 为区县，8 为街道/乡镇，10 为社区/村），也可不带（此时全部按街道/乡镇处理）。"
    ),
    "msg.workflow.no_outlets": (
        "请说明现有网点在哪里：--outlets 文件（点图层），或 --outlets osm（按标签或名称从 "
        "OpenStreetMap 中查找就业服务机构、社区服务中心和街道办事处）。"
    ),
}

EN: dict[str, str] = {
    "msg.workflow.no_boundaries": (
        "{file}: no boundary polygon with a usable admin_level was found; give polygons, with an "
        "admin_level column (6 county, 8 township, 10 community) or none (all are then taken as "
        "townships)."
    ),
    "msg.workflow.no_outlets": (
        "Say where today's outlets are: --outlets FILE (points) or --outlets osm (employment "
        "services, community centres and townhalls found in OpenStreetMap by their tags or names)."
    ),
}
