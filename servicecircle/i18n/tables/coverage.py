"""Messages of the coverage analysis (:mod:`servicecircle.coverage`): errors and progress steps."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.coverage.no_outlets": (
        "没有现有网点，无法计算覆盖情况。请上传网点、从 OSM 中提取，或在地图上放置网点；没有网点时"
        "，所有人都处在服务缺口中。"
    ),
    "msg.coverage.no_demand": (
        "没有找到需求：研究范围内没有居住建筑、居住用地、安置区或工业用地。请上传需求点或需求区域。"
    ),
    "msg.coverage.step.networks": "构建路网",
    "msg.coverage.step.travel_times": "计算出行时间",
    "msg.coverage.step.tables": "统计覆盖情况",
    "msg.coverage.step.isochrones": "生成服务圈",
    "msg.coverage.step.done": "完成",
    "msg.coverage.breaks": (
        "时间分段须为按从小到大排列的正分钟数，例如 5、10、15；而这里是 {breaks}。"
    ),
    "msg.coverage.speeds": "速度须为正的千米/小时数；而这里是 {speeds}。",
    "msg.coverage.max_snap": "到路网的最大距离须大于 0 米；而这里是 {metres}。",
    "msg.coverage.no_minutes": (
        "需求图层没有 `minutes_to_nearest` 列（到最近网点的分钟数），请先进行覆盖分析。"
    ),
    "msg.coverage.no_covered": (
        "需求图层没有 `covered` 列（是否达到服务标准的覆盖情况），请对此方案进行覆盖分析（命令"
        "行：`servicecircle analyze`）。"
    ),
    "msg.coverage.no_people": "需求图层没有 `people` 列（人口），请先估算需求。",
}

EN: dict[str, str] = {
    "msg.coverage.no_outlets": (
        "There are no existing outlets to measure coverage from. Upload them, take them from OSM, "
        "or place them on the map; with none, everyone is in a gap."
    ),
    "msg.coverage.no_demand": (
        "No demand was found: the area has no residential buildings, land use, relocation or "
        "industrial areas. Upload demand points or areas."
    ),
    "msg.coverage.step.networks": "networks",
    "msg.coverage.step.travel_times": "travel times",
    "msg.coverage.step.tables": "coverage tables",
    "msg.coverage.step.isochrones": "isochrones",
    "msg.coverage.step.done": "done",
    "msg.coverage.breaks": (
        "Breaks must be positive minutes in ascending order, e.g. 5,10,15; got {breaks}."
    ),
    "msg.coverage.speeds": "Speeds must be positive km/h; got {speeds}.",
    "msg.coverage.max_snap": (
        "The largest distance to the road network must be more than 0 m; got {metres}."
    ),
    "msg.coverage.no_minutes": (
        "The demand layer has no 'minutes_to_nearest' column; run the coverage analysis."
    ),
    "msg.coverage.no_covered": (
        "The demand layer has no 'covered' column (coverage by the service standard); run the "
        "coverage analysis (servicecircle analyze) for this scenario."
    ),
    "msg.coverage.no_people": "The demand layer has no 'people' column; estimate demand first.",
}
