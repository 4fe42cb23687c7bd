"""Messages of reading a study area (:mod:`servicecircle.inputs`): OSM files, places, CRS.

The file-signature and GeoJSON/GeoPackage checks are in
:mod:`servicecircle.i18n.tables.inputs_files`.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # shared advice
    "msg.inputs.advice.fresh_pbf": (
        "请重新下载该地区的 .osm.pbf 数据（例如从 Geofabrik 下载）后再试。"
    ),
    "msg.inputs.advice.export_osm": (
        "请从 OpenStreetMap 重新导出该范围（或改用 .osm.pbf 数据，例如从 Geofabrik 下载）后再试。"
    ),
    "msg.inputs.advice.cut_county": ("请把数据裁剪到区县范围（例如用 osmium extract）后再试。"),
    "msg.inputs.advice.pbf_or_cut": (
        "请改用研究范围的 .osm.pbf 数据（体积小数倍，读取更快），或把文件裁剪到区县范围。"
    ),
    "msg.inputs.advice.pbf_smaller": "请改用研究范围的 .osm.pbf 数据（体积小数倍）。",
    # OSM files (PBF and XML)
    "msg.inputs.osm_not_found": "找不到 OSM 文件：{path}。请检查路径后再试。",
    "msg.inputs.osm_no_roads": ("{file} 中没有道路或小路；请选择覆盖研究范围路网的 OSM 数据。"),
    "msg.inputs.file_mb": "{file} 大小为 {mb} MB",
    "msg.inputs.step.checking": "正在检查文件",
    "msg.inputs.step.roads": "道路",
    "msg.inputs.step.buildings": "建筑",
    "msg.inputs.step.landuse": "用地",
    "msg.inputs.step.premises": "场所",
    "msg.inputs.step.boundaries": "行政边界",
    "msg.inputs.step.grounds": "场地",
    "msg.inputs.step.features": "建筑、用地、场所、行政边界",
    "msg.inputs.step.done": "完成",
    "msg.inputs.pbf_cut_off": (
        "{file} 不完整：从第 {offset:,} 字节开始的数据块还需要 {size:,} 字节，但文件在第 "
        "{total:,} 字节处就结束了（下载或复制被中断）。{advice}"
    ),
    "msg.inputs.pbf_bad_header": (
        "{file} 已损坏：第 {offset:,} 字节处的数据块声明了 {length:,} 字节的块头，"
        "任何 PBF 文件都不会这样。{advice}"
    ),
    "msg.inputs.pbf_damaged_at": "{file} 在第 {offset:,} 字节处损坏（{detail}）。{advice}",
    "msg.inputs.pbf_unsized_block": (
        "{file} 在第 {offset:,} 字节处损坏"
        "（有一个数据块没有注明解压后的大小，或超出格式允许的大小）。"
        "{advice}"
    ),
    "msg.inputs.pbf_varint_end": "有一个数字超出了所在数据块的末尾",
    "msg.inputs.pbf_field_end": "有一个字段超出了所在数据块的末尾",
    "msg.inputs.pbf_unknown_field": "未知的字段类型 {wire}",
    "msg.inputs.pbf_block_size": "数据块大小为 {size!r} 字节",
    "msg.inputs.pbf_unpacks": "{file} 解压后超过 {mb} MB",
    "msg.inputs.pbf_unreadable": (
        "无法把 {file} 读作 OSM PBF 数据；文件已损坏（{kind}：{detail}）。{advice}"
    ),
    "msg.inputs.xml_unpack": "{file} 无法按 {kind} 解压（{error}）；文件已损坏或不完整。{advice}",
    "msg.inputs.xml_unpacks": "{file} 解压后超过 {mb} MB 的 XML",
    "msg.inputs.xml_packed_unpacks": "{file}（{packed} MB {kind}）解压后超过 {mb} MB 的 XML",
    "msg.inputs.xml_unreadable": "无法把 {file} 读作 OSM XML（{error}）。{advice}",
    "msg.inputs.xml_no_network": (
        "无法由 {file} 构建路网（{kind}：{error}）；其中的道路或道路节点不完整或已损坏。{advice}"
    ),
    "msg.inputs.xml_no_nodes": (
        "{file} 中有道路（highway）线，却没有这些道路的节点；数据不完整。{advice}"
    ),
    "msg.inputs.xml_features": ("无法读取 {file} 中的建筑和用地（{kind}：{error}）。{advice}"),
    # choosing the study area
    "msg.inputs.boundary_no_polygons": "边界图层中没有面要素，请使用街道/乡镇或区县的边界。",
    "msg.inputs.place_needs_name": "place: 后需要写地名，例如 place:Vaduz, Liechtenstein",
    "msg.inputs.unknown_source": (
        "{text!r} 既不是 'sample'、'place:地名'、'bbox:西,南,东,北'，也不是已有的文件。请检查路径。"
    ),
    "msg.inputs.source_is_folder": (
        "{path!r} 是文件夹而不是文件。请选择 .osm.pbf 或 .osm 文件本身"
        "（或用于在线下载的边界面文件）。"
    ),
    "msg.inputs.unsupported_file": (
        "{file}：不支持的研究范围文件。请使用 .osm.pbf、.osm / .osm.xml"
        "（可为 .bz2 或 .gz 压缩），或用于在线下载的边界面文件。"
    ),
    "msg.inputs.sample_missing": (
        "找不到示例图层（{folder}）。"
        "请在 servicecircle 源代码目录中用 `pip install -e .` 重新安装。"
    ),
    "msg.inputs.boundary_not_area": (
        "边界是 {kind}，不是面。请使用面图层（街道/乡镇或区县边界）。"
    ),
    "msg.inputs.boundary_no_overlap": (
        "边界与研究范围的道路不重叠。请检查边界的位置和坐标系是否正确。"
    ),
    "msg.inputs.clipped_note": "已按边界面裁剪；边界外 {margin:,.0f} 米以内的道路完整保留。",
    # online
    "msg.inputs.offline": (
        "无法连接 OpenStreetMap 在线服务（{error}）。没有网络时请改用本地数据："
        "在联网的电脑上下载所在区县的 .osm.pbf（例如从 Geofabrik 下载）"
        "并填写其路径，或使用内置示例。"
    ),
    "msg.inputs.bbox_not_numbers": (
        "bbox {text!r} 不是四个数字；请写成 bbox:西,南,东,北（单位为度），"
        "例如 bbox:9.51,47.13,9.53,47.15"
    ),
    "msg.inputs.bbox_order": (
        "bbox {text!r} 不符合 西,南,东,北 的写法（须西 < 东、南 < 北，单位为度）；请检查数字的顺序"
    ),
    "msg.inputs.download_too_large": (
        "研究范围 {name} 面积为 {km2:,.0f} 平方千米，太大，无法在线下载"
    ),
    "msg.inputs.advice.smaller_area": (
        "请选择更小的范围（区县或街道/乡镇、更小的 bbox:西,南,东,北 或边界），"
        "或下载该地区的 .osm.pbf 数据（例如从 Geofabrik 下载）并使用该文件。"
    ),
    "msg.inputs.place_not_found": (
        "Nominatim 找不到地名 {name!r} 的边界。请检查拼写，加上所在区县或省份"
        "（例如 'Vaduz, Liechtenstein'），或使用 bbox:西,南,东,北。"
    ),
    "msg.inputs.place_not_area": (
        "Nominatim 为 {name!r} 返回的是 {kind}，不是一片区域。"
        "请使用更具体的地名或 bbox:西,南,东,北。"
    ),
    "msg.inputs.area_not_polygon": "{name} 的范围不是面，请给出区域边界。",
    "msg.inputs.online_no_roads": "OpenStreetMap 在 {name} 范围内没有道路，请选择更大的范围。",
    # coordinate systems and Gauss-Kruger zones
    "msg.inputs.crs_accepted": (
        "WGS-84、CGCS2000、GCJ-02（高德/腾讯）、BD-09（百度）、EPSG 代码（如 EPSG:4549），"
        "或 CGCS2000 高斯-克吕格投影带，如 'cgcs2000-gk3:117'（3 度带，中央经线东经 117°）"
        "或 'cgcs2000-gk6:zone=20'"
    ),
    "msg.inputs.crs_unknown": "无法识别坐标系 {spec!r}。请使用 {accepted}。",
    "msg.inputs.crs_bd09mc": (
        "不支持百度墨卡托（BD-09MC）坐标。请先转换为百度经纬度（BD-09），再选择 BD-09。"
    ),
    "msg.inputs.crs_bad_epsg": (
        "EPSG:{code}（来自 {spec!r}）不是已知的坐标系。请检查代码，或使用 {accepted}。"
    ),
    "msg.inputs.gk_width": "高斯-克吕格投影带宽度为 3 度或 6 度，不能是 {width}。",
    "msg.inputs.gk_bad_cm": (
        "东经 {cm}° 不是 CGCS2000 {width} 度高斯-克吕格投影带的中央经线。"
        "中央经线有：{cms}。请检查所填的带号或中央经线。"
    ),
    "msg.inputs.gk_no_prefix": (
        "横坐标（东坐标）没有带号前缀（约 {median:,.0f} 米），无法从中读出投影带。"
        "请给出中央经线，例如 'cgcs2000-gk{width}:117'（东经 117°），或 EPSG 代码。"
    ),
    "msg.inputs.gk_no_coords": "没有可读取的坐标。",
    "msg.inputs.gk_not_eastings": (
        "x 值（中位数 {median:,.0f} 米）不是 CGCS2000 {width} 度高斯-克吕格投影带的东坐标："
        "东坐标约为 500,000 米，或在前面带有带号（如 39 带为 39,500,000 米）。请检查所填的坐标系。"
    ),
    "msg.inputs.gk_several_zones": (
        "东坐标带有多个带号前缀（{listed}）；一个文件只能属于一个投影带。"
        "请按投影带拆分文件，或先统一转换到一个坐标系。"
    ),
    "msg.inputs.gk_zone_mismatch": (
        "所填中央经线为东经 {stated}°，但东坐标的带号前缀为 {zone}（中央经线东经 {cm}°）。"
        "请检查所填的投影带或文件。"
    ),
    "msg.inputs.gk_bad_zone": (
        "{number} 不是 CGCS2000 {width} 度高斯-克吕格投影带的带号（{first}-{last}）。"
        "请检查 {spec!r}。"
    ),
    "msg.inputs.gk_note": "高斯-克吕格投影：{detail}。",
    "msg.inputs.gk_note_swapped": (
        "高斯-克吕格投影：X 列是北坐标、Y 列是东坐标（测量习惯），已按此读取；{detail}。"
    ),
    "msg.inputs.gk_prefixed": "东坐标带有带号前缀 {zone}，按 EPSG:{epsg} 读取",
    "msg.inputs.gk_plain": "东坐标没有带号前缀；中央经线东经 {cm}°，EPSG:{epsg}",
}

EN: dict[str, str] = {
    "msg.inputs.advice.fresh_pbf": (
        "Download a fresh .osm.pbf extract of the region (e.g. from Geofabrik) and try again."
    ),
    "msg.inputs.advice.export_osm": (
        "Export the area again from OpenStreetMap (or use a .osm.pbf extract, e.g. from "
        "Geofabrik) and try again."
    ),
    "msg.inputs.advice.cut_county": (
        "Cut the extract to the county (e.g. with osmium extract) and try again."
    ),
    "msg.inputs.advice.pbf_or_cut": (
        "Use a .osm.pbf extract of the study area instead (it is several times smaller and "
        "faster to read), or cut the file to the county."
    ),
    "msg.inputs.advice.pbf_smaller": (
        "Use a .osm.pbf extract of the study area instead (several times smaller)."
    ),
    "msg.inputs.osm_not_found": "OSM file not found: {path}. Check the path and try again.",
    "msg.inputs.osm_no_roads": (
        "{file} contains no roads or paths; choose an extract that covers the study area's "
        "road network."
    ),
    "msg.inputs.file_mb": "{file} is {mb} MB",
    "msg.inputs.step.checking": "checking the file",
    "msg.inputs.step.roads": "roads",
    "msg.inputs.step.buildings": "buildings",
    "msg.inputs.step.landuse": "land use",
    "msg.inputs.step.premises": "premises",
    "msg.inputs.step.boundaries": "boundaries",
    "msg.inputs.step.grounds": "grounds",
    "msg.inputs.step.features": "buildings, land use, premises, boundaries",
    "msg.inputs.step.done": "done",
    "msg.inputs.pbf_cut_off": (
        "{file} is cut off: a block starting at byte {offset:,} needs {size:,} more bytes but "
        "the file ends at {total:,} bytes (an interrupted download or copy). {advice}"
    ),
    "msg.inputs.pbf_bad_header": (
        "{file} is damaged: the block at byte {offset:,} announces a header of {length:,} "
        "bytes, which no PBF file has. {advice}"
    ),
    "msg.inputs.pbf_damaged_at": "{file} is damaged at byte {offset:,} ({detail}). {advice}",
    "msg.inputs.pbf_unsized_block": (
        "{file} is damaged at byte {offset:,} (a block that does not say how large it unpacks, "
        "or is larger than the format allows). {advice}"
    ),
    "msg.inputs.pbf_varint_end": "a number runs past the end of its block",
    "msg.inputs.pbf_field_end": "a field runs past the end of its block",
    "msg.inputs.pbf_unknown_field": "unknown field type {wire}",
    "msg.inputs.pbf_block_size": "a block size of {size!r} bytes",
    "msg.inputs.pbf_unpacks": "{file} unpacks to more than {mb} MB",
    "msg.inputs.pbf_unreadable": (
        "Could not read {file} as an OSM PBF extract; the file is damaged ({kind}: {detail}). "
        "{advice}"
    ),
    "msg.inputs.xml_unpack": (
        "{file} could not be unpacked as {kind} ({error}); the file is damaged or cut off. {advice}"
    ),
    "msg.inputs.xml_unpacks": "{file} unpacks to more than {mb} MB of XML",
    "msg.inputs.xml_packed_unpacks": (
        "{file} ({packed} MB {kind}) unpacks to more than {mb} MB of XML"
    ),
    "msg.inputs.xml_unreadable": "Could not read {file} as OSM XML ({error}). {advice}",
    "msg.inputs.xml_no_network": (
        "Could not build a road network from {file} ({kind}: {error}); its roads or their nodes "
        "are incomplete or damaged. {advice}"
    ),
    "msg.inputs.xml_no_nodes": (
        "{file} holds highway ways but none of their nodes; the extract is incomplete. {advice}"
    ),
    "msg.inputs.xml_features": (
        "Could not read the buildings and land use of {file} ({kind}: {error}). {advice}"
    ),
    "msg.inputs.boundary_no_polygons": (
        "The boundary layer holds no polygons. Use the outline of a township or county."
    ),
    "msg.inputs.place_needs_name": "place: needs a name, e.g. place:Vaduz, Liechtenstein",
    "msg.inputs.unknown_source": (
        "{text!r} is neither 'sample', 'place:NAME', 'bbox:W,S,E,N' nor an existing file. "
        "Check the path."
    ),
    "msg.inputs.source_is_folder": (
        "{path!r} is a folder, not a file. Choose the .osm.pbf or .osm file itself (or a "
        "boundary polygon file to download online)."
    ),
    "msg.inputs.unsupported_file": (
        "{file}: unsupported study-area file. Use .osm.pbf, .osm / .osm.xml (optionally .bz2 "
        "or .gz), or a boundary polygon file to download online."
    ),
    "msg.inputs.sample_missing": (
        "The sample layers are missing ({folder}). Reinstall servicecircle from its source "
        "checkout with `pip install -e .`."
    ),
    "msg.inputs.boundary_not_area": (
        "The boundary is a {kind}, not an area. Use a polygon layer (a township or county outline)."
    ),
    "msg.inputs.boundary_no_overlap": (
        "The boundary does not overlap the study area's roads. Check that the boundary is in "
        "the right place and coordinate system."
    ),
    "msg.inputs.clipped_note": (
        "Clipped to a boundary polygon; roads kept whole up to {margin:,.0f} m beyond it."
    ),
    "msg.inputs.offline": (
        "Could not reach the OpenStreetMap online services ({error}). Without internet, use a "
        "local extract instead: download a .osm.pbf for your county (e.g. from Geofabrik) on a "
        "connected machine and pass its path, or use the embedded sample."
    ),
    "msg.inputs.bbox_not_numbers": (
        "bbox {text!r} is not four numbers; write it as bbox:WEST,SOUTH,EAST,NORTH in degrees, "
        "e.g. bbox:9.51,47.13,9.53,47.15"
    ),
    "msg.inputs.bbox_order": (
        "bbox {text!r} is not WEST,SOUTH,EAST,NORTH with west < east and south < north in "
        "degrees; check the order of the numbers"
    ),
    "msg.inputs.download_too_large": (
        "The study area {name} covers {km2:,.0f} km², too large to download online"
    ),
    "msg.inputs.advice.smaller_area": (
        "Choose a smaller area (a county or township, a smaller bbox:W,S,E,N or boundary), or "
        "download a .osm.pbf extract of the region (e.g. from Geofabrik) and use that file."
    ),
    "msg.inputs.place_not_found": (
        "Nominatim found no boundary for the place {name!r}. Check the spelling, add the county "
        "or province (e.g. 'Vaduz, Liechtenstein'), or use bbox:W,S,E,N."
    ),
    "msg.inputs.place_not_area": (
        "Nominatim returned a {kind} for {name!r}, not an area. Use a more specific place name "
        "or bbox:W,S,E,N."
    ),
    "msg.inputs.area_not_polygon": "The area for {name} is not a polygon; give an area outline.",
    "msg.inputs.online_no_roads": "OpenStreetMap has no roads inside {name}; choose a larger area.",
    "msg.inputs.crs_accepted": (
        "WGS-84, CGCS2000, GCJ-02 (Amap/Tencent), BD-09 (Baidu), an EPSG code such as "
        "EPSG:4549, or a CGCS2000 Gauss-Kruger zone such as 'cgcs2000-gk3:117' "
        "(3-degree zone, central meridian 117°E) or 'cgcs2000-gk6:zone=20'"
    ),
    "msg.inputs.crs_unknown": "Coordinate system {spec!r} is not recognised. Use {accepted}.",
    "msg.inputs.crs_bd09mc": (
        "Baidu Mercator (BD-09MC) coordinates are not supported. Convert them to Baidu "
        "longitude/latitude (BD-09) first, then choose BD-09."
    ),
    "msg.inputs.crs_bad_epsg": (
        "EPSG:{code} (from {spec!r}) is not a known coordinate system. Check the code, or use "
        "{accepted}."
    ),
    "msg.inputs.gk_width": "Gauss-Kruger zones are 3 or 6 degrees wide, not {width}.",
    "msg.inputs.gk_bad_cm": (
        "{cm}°E is not the central meridian of a CGCS2000 {width}-degree Gauss-Kruger zone. "
        "Central meridians are: {cms}. Check the zone or central meridian you gave."
    ),
    "msg.inputs.gk_no_prefix": (
        "The eastings have no zone prefix (about {median:,.0f} m), so the zone cannot be read "
        "from them. Give the central meridian, e.g. 'cgcs2000-gk{width}:117' (117°E), or the "
        "EPSG code."
    ),
    "msg.inputs.gk_no_coords": "There are no coordinates to read.",
    "msg.inputs.gk_not_eastings": (
        "The x values (median {median:,.0f} m) are not eastings of a CGCS2000 {width}-degree "
        "Gauss-Kruger zone: eastings are about 500,000 m, or carry the zone number in front "
        "(e.g. 39,500,000 m for zone 39). Check the coordinate system you stated."
    ),
    "msg.inputs.gk_several_zones": (
        "The eastings carry several zone prefixes ({listed}); a file must be in one zone. Split "
        "it by zone, or convert it to one system first."
    ),
    "msg.inputs.gk_zone_mismatch": (
        "You stated central meridian {stated}°E, but the eastings carry zone prefix {zone} "
        "(central meridian {cm}°E). Check the zone you stated, or the file."
    ),
    "msg.inputs.gk_bad_zone": (
        "Zone {number} is not a CGCS2000 {width}-degree Gauss-Kruger zone ({first}-{last}). "
        "Check {spec!r}."
    ),
    "msg.inputs.gk_note": "Gauss-Kruger: {detail}.",
    "msg.inputs.gk_note_swapped": (
        "Gauss-Kruger: the X column holds northings and Y eastings (surveying convention); read "
        "as such; {detail}."
    ),
    "msg.inputs.gk_prefixed": "eastings carry zone prefix {zone}; read as EPSG:{epsg}",
    "msg.inputs.gk_plain": "eastings have no zone prefix; central meridian {cm}°E, EPSG:{epsg}",
}
