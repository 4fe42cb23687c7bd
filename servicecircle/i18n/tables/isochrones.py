"""Messages of the service areas (:mod:`servicecircle.isochrones`): errors and progress steps."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.isochrones.bad_breaks": "服务圈的时间分段须为正的分钟数，例如 5、10、15。",
    "msg.isochrones.bad_buffer": "服务圈的缓冲距离须大于 0 米，例如 50。",
    "msg.isochrones.node_times": "服务圈：计算到各路网节点的时间",
    "msg.isochrones.people_without_demand": "统计各服务圈内的人口需要带人口数的需求点。",
    "msg.isochrones.minutes": "服务圈：{minutes:g} 分钟",
    "msg.isochrones.polygons_no_crs": "服务圈面没有坐标系，请为其指定坐标系（EPSG:4326）。",
    "msg.isochrones.no_people_column": "需求图层没有记录人口的列 {column!r}。",
    "msg.isochrones.weights": (
        "给出了 {weights} 个权重，但需求点有 {points} 个；请为每个需求点给出一个权重。"
    ),
    "msg.isochrones.bad_workers": (
        "绘制服务圈的线程数须至少为 1（现为 {workers}）；留空则使用全部处理器核。"
    ),
}

EN: dict[str, str] = {
    "msg.isochrones.bad_breaks": (
        "isochrone breaks must be positive numbers of minutes, e.g. 5, 10, 15"
    ),
    "msg.isochrones.bad_buffer": "the isochrone buffer must be more than 0 metres, e.g. 50",
    "msg.isochrones.node_times": "isochrones: node times",
    "msg.isochrones.people_without_demand": (
        "people per isochrone need the demand points that carry them"
    ),
    "msg.isochrones.minutes": "isochrones: {minutes:g} minutes",
    "msg.isochrones.polygons_no_crs": "the polygons have no coordinate system; set it (EPSG:4326)",
    "msg.isochrones.no_people_column": "the demand layer has no column {column!r} with people",
    "msg.isochrones.weights": (
        "{weights} weights were given for {points} demand points; give one each"
    ),
    "msg.isochrones.bad_workers": (
        "isochrones need at least 1 worker thread (got {workers}); leave it unset to use every core"
    ),
}
