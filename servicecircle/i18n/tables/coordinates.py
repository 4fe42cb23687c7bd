"""Coordinate systems: the offset check of uploaded layers, and the app's system choice."""

from __future__ import annotations

ZH: dict[str, str] = {
    # servicecircle.inputs.offset_check
    "msg.inputs.offset_system.gcj02": "GCJ-02（高德/腾讯坐标）",
    "msg.inputs.offset_system.bd09": "BD-09（百度坐标）",
    "msg.inputs.offset_found": (
        "这些位置整体偏离道路约 {shift} 米：按读入的坐标，点位距最近道路一般约 {before} 米；"
        "按 {system}换算后与道路吻合（约 {after} 米），{percent}% 的点位更靠近道路"
        "（共检查 {points} 个点位）。请将坐标系选为 {system}。"
    ),
    "msg.inputs.offset_cli": (
        "{source}：这些位置整体偏离道路约 {shift} 米（距最近道路一般约 {before} 米）；"
        "按 {system}换算后与道路吻合（约 {after} 米，{percent}% 的点位更靠近道路，"
        "共 {points} 个点位）。若坐标取自高德、腾讯或百度地图，请加上 --crs {option} 重新运行。"
    ),
    # app: the coordinate system of every uploaded layer (app_pages._coordinates)
    "coords.choice": "坐标系",
    "coords.choice_help": (
        "文件坐标所用的坐标系。自动识别：按文件自带的坐标系（.prj、GeoPackage），"
        "没有时按 WGS-84 读取，并检查是否像高德/腾讯（GCJ-02）或百度（BD-09）坐标。"
        "从高德、腾讯地图取的坐标选 GCJ-02，从百度地图取的选 BD-09。"
    ),
    "coords.choice.auto": "自动识别",
    "coords.choice.wgs84": "WGS-84（GPS、天地图）",
    "coords.choice.gcj02": "GCJ-02（高德、腾讯）",
    "coords.choice.bd09": "BD-09（百度）",
    "coords.choice.cgcs2000": "CGCS2000（国家 2000 经纬度）",
    "coords.choice.gk3": "CGCS2000 高斯-克吕格 3° 带",
    "coords.choice.gk6": "CGCS2000 高斯-克吕格 6° 带",
    "coords.choice.epsg": "投影坐标系（EPSG 代码）",
    "coords.meridian": "中央经线（东经，度）",
    "coords.meridian_help": (
        "3° 带的中央经线是 3 的倍数（如南京 117 或 120），6° 带的是 6 的倍数减 3（如 117）；"
        "填 0 则按东坐标的带号前缀识别。"
    ),
    "coords.epsg": "EPSG 代码",
    "coords.epsg_help": "投影坐标系的 EPSG 代码，如 4549（CGCS2000 3° 带，中央经线 120°E）。",
    "coords.switch": "改用 {system} 重新读取",
    "coords.switched": "已按 {system} 换算为 WGS-84。",
}

EN: dict[str, str] = {
    "msg.inputs.offset_system.gcj02": "GCJ-02 (Amap/Tencent coordinates)",
    "msg.inputs.offset_system.bd09": "BD-09 (Baidu coordinates)",
    "msg.inputs.offset_found": (
        "These locations lie about {shift} m off the roads: as read, the points are "
        "typically {before} m from the nearest road; converted from {system} they fit the "
        "roads (about {after} m), {percent}% of them closer to a road ({points} points "
        "checked). Choose {system} as the coordinate system."
    ),
    "msg.inputs.offset_cli": (
        "{source}: these locations lie about {shift} m off the roads (typically {before} m "
        "from the nearest road); converted from {system} they fit the roads (about {after} m, "
        "{percent}% of the {points} points closer to a road). If the coordinates came from "
        "Amap, Tencent or Baidu maps, run again with --crs {option}."
    ),
    "coords.choice": "Coordinate system",
    "coords.choice_help": (
        "The coordinate system of the file's coordinates. Detect: the file's own (.prj, "
        "GeoPackage), else WGS-84, checked for looking like Amap/Tencent (GCJ-02) or Baidu "
        "(BD-09) coordinates. Choose GCJ-02 for coordinates from Amap or Tencent maps, "
        "BD-09 for Baidu maps."
    ),
    "coords.choice.auto": "Detect",
    "coords.choice.wgs84": "WGS-84 (GPS, Tianditu)",
    "coords.choice.gcj02": "GCJ-02 (Amap, Tencent)",
    "coords.choice.bd09": "BD-09 (Baidu)",
    "coords.choice.cgcs2000": "CGCS2000 (longitude/latitude)",
    "coords.choice.gk3": "CGCS2000 Gauss-Kruger 3° zone",
    "coords.choice.gk6": "CGCS2000 Gauss-Kruger 6° zone",
    "coords.choice.epsg": "Projected system (EPSG code)",
    "coords.meridian": "Central meridian (degrees east)",
    "coords.meridian_help": (
        "A 3° zone's central meridian is a multiple of 3 (Nanjing: 117 or 120), a 6° zone's "
        "a multiple of 6 minus 3 (117); 0 reads the zone from the eastings' prefix."
    ),
    "coords.epsg": "EPSG code",
    "coords.epsg_help": (
        "The EPSG code of the projected system, e.g. 4549 (CGCS2000 3° zone, central "
        "meridian 120°E)."
    ),
    "coords.switch": "Read again as {system}",
    "coords.switched": "Converted from {system} to WGS-84.",
}
