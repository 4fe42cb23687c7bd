"""Names the library keeps as data, said in the planner's language when shown.

Geometry types of a file's layers, coordinate systems, and the relocation and
industrial areas a planner left unnamed.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.files.layer_and_type": "「{layer}」（{type}）",
    # coordinate systems
    "msg.crs.wgs84": "WGS-84 坐标系（EPSG:4326）",
    "msg.crs.cgcs2000": "2000 国家大地坐标系 CGCS2000（EPSG:4490）",
    "msg.crs.wgs84_assumed": "WGS-84（EPSG:4326），推定",
    "msg.crs.gcj02": "GCJ-02（高德/腾讯坐标）",
    "msg.crs.bd09": "BD-09（百度坐标）",
    "msg.crs.gauss_kruger": "CGCS2000 {width} 度带高斯-克吕格投影",
    "msg.crs.gauss_kruger_cm": "CGCS2000 {width} 度带高斯-克吕格投影，中央经线 {cm}°E",
    "msg.crs.gk_zone": "CGCS2000 {width} 度带高斯-克吕格投影第 {zone} 带（EPSG:{epsg}）",
    "msg.crs.gk_zone_cm": "CGCS2000 {width} 度带高斯-克吕格投影，中央经线 {cm}°E（EPSG:{epsg}）",
    "msg.crs.named": "坐标系 {name}（EPSG:{epsg}）",
    "msg.crs.as_written": "{label}",
    # areas without a name
    "area.default.relocation": "安置区 {n}",
    "area.default.industrial": "工业区 {n}",
}

EN: dict[str, str] = {
    "msg.files.layer_and_type": "'{layer} ({type})'",
    "msg.crs.wgs84": "{label}",
    "msg.crs.cgcs2000": "{label}",
    "msg.crs.wgs84_assumed": "{label}",
    "msg.crs.gcj02": "{label}",
    "msg.crs.bd09": "{label}",
    "msg.crs.gauss_kruger": "{label}",
    "msg.crs.gauss_kruger_cm": "{label}",
    "msg.crs.gk_zone": "{label}",
    "msg.crs.gk_zone_cm": "{label}",
    "msg.crs.named": "{label}",
    "msg.crs.as_written": "{label}",
    "area.default.relocation": "relocation area {n}",
    "area.default.industrial": "industrial area {n}",
}
