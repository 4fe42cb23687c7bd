"""Messages of travel times (:mod:`servicecircle.reach`): errors and progress steps."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.reach.beyond_cutoff": (
        "出行时间只计算到 {cutoff:g} 分钟；请以至少 {limit:g} 分钟的上限重新计算。"
    ),
    "msg.reach.sites_done": "{step}：已完成 {sites} 个点位",
    "msg.reach.sites_of": "{step}：已完成 {done}/{total} 个点位",
    "msg.reach.bad_cutoff": "时间上限须为 0 或以上的分钟数。",
    "msg.reach.travel_times": "计算出行时间",
    "msg.reach.node_times": "计算到各路网节点的时间",
    "msg.reach.points_no_crs": (
        "点图层没有坐标系，请在计算出行时间前为其指定坐标系（例如 EPSG:4326）。"
    ),
}

EN: dict[str, str] = {
    "msg.reach.beyond_cutoff": (
        "travel times were computed up to {cutoff:g} minutes only; recompute them with a cutoff of "
        "at least {limit:g} minutes"
    ),
    "msg.reach.sites_done": "{step}: {sites} sites",
    "msg.reach.sites_of": "{step}: {done} of {total} sites",
    "msg.reach.bad_cutoff": "the time limit must be a number of minutes of 0 or more",
    "msg.reach.travel_times": "travel times",
    "msg.reach.node_times": "node times",
    "msg.reach.points_no_crs": (
        "the point layer has no coordinate system; set it (for example EPSG:4326) before measuring "
        "travel times"
    ),
}
