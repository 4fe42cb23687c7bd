"""Messages of the road network (:mod:`servicecircle.network`)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.network.not_metric": (
        "路网需要以米为单位的投影坐标系，而这里是 {crs}；请使用研究范围的局部投影坐标系（`local"
        "_crs()`）。"
    ),
    "msg.network.roads_no_crs": "道路图层没有坐标系，请为其指定坐标系（EPSG:4326）。",
    "msg.network.nodes_edges_crs": (
        "道路节点图层和道路线图层的坐标系不同，请将两者都转换为 EPSG:4326。"
    ),
    "msg.network.no_roads": "研究范围内没有道路，请选择更大的范围。",
    "msg.network.closed_to_mode": (
        "研究范围内没有道路允许以“{mode}”方式通行，请选择其他出行方式或更大的范围。"
    ),
    "msg.network.distance": "{name} 须为 0 或以上的距离（米），而这里是 {value!r}。",
    "msg.network.speed": "出行方式“{mode}”的速度不是正数，请以千米/小时为单位给出大于 0 的速度。",
    "msg.network.unknown_mode": "未知的出行方式 {mode!r}，请从以下方式中选择：{modes}。",
}

EN: dict[str, str] = {
    "msg.network.not_metric": (
        "the network needs a projected CRS in metres, got {crs}; use the study area's local_crs()"
    ),
    "msg.network.roads_no_crs": "the road layer has no coordinate system; set it (EPSG:4326)",
    "msg.network.nodes_edges_crs": (
        "the road nodes and road edges layers are in different coordinate systems; reproject both "
        "to EPSG:4326"
    ),
    "msg.network.no_roads": "the study area has no roads; choose a larger area",
    "msg.network.closed_to_mode": (
        "no road in the study area is open to mode {mode!r}; choose another travel mode or a "
        "larger area"
    ),
    "msg.network.distance": "{name} must be a distance in metres, 0 or more; got {value!r}",
    "msg.network.speed": (
        "travel mode {mode!r} has a speed that is not a positive number; give speeds in km/h "
        "greater than 0"
    ),
    "msg.network.unknown_mode": "unknown travel mode {mode!r}; choose one of {modes}",
}
