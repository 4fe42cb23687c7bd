"""Messages about a layer file's geometries and coordinate system, its notes and its size.

Used by :mod:`servicecircle.inputs.files` (checks, reading, GeoJSON and
GeoPackage) and :mod:`servicecircle.inputs.size_checks`.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.files.geom_point": "点",
    "msg.files.geom_linestring": "线",
    "msg.files.geom_linearring": "线环",
    "msg.files.geom_polygon": "面",
    "msg.files.geom_multipoint": "多点",
    "msg.files.geom_multilinestring": "多线",
    "msg.files.geom_multipolygon": "多面",
    "msg.files.geom_geometrycollection": "几何集合",
    "msg.files.geom_unknown": "未知类型",
    "msg.files.type_count": "{count} 个{type}",
    "msg.files.kind_point": (
        "{file}：该图层必须是点（每个要素一个位置），但其中有 {found}。不是点的是{where}{hint}。"
        "请选择只含点的图层，或按几何类型拆分文件。"
    ),
    "msg.files.kind_polygon": (
        "{file}：该图层必须是面（多边形），但其中有 {found}。不是面的是{where}{hint}。"
        "请选择只含面的图层，或按几何类型拆分文件。"
    ),
    "msg.files.prj_unreadable": (
        "{file}：.prj 文件没有描述坐标系（开头为 {start}）。请选择文件所用的坐标系"
        "（如 CGCS2000、EPSG 代码 4549 或 GCJ-02），或连同 .prj 重新导出图层。"
    ),
    "msg.files.prj_ignored": (
        "{file}：.prj 文件不是坐标系（{start}），已忽略，按您选择的 {system} 读取。"
    ),
    "msg.files.geojson_wgs84": (
        "{file}：GeoJSON 按规定使用 WGS-84，已按 WGS-84 读取。如坐标来自高德或腾讯（GCJ-02）"
        "或百度（BD-09），请选择相应坐标系。"
    ),
    "msg.files.system_from_file": "{file}：坐标系取自文件：{system}。",
    "msg.files.projected_not_degrees": (
        "{file}：文件使用投影坐标系 {crs}，但您选择了 {system}，该坐标系只用于经纬度。"
        "请不指定坐标系以使用文件自带的坐标系，或以经纬度重新导出文件。"
    ),
    "msg.files.of_file": "{file}：{said}",
    "msg.files.file_says": "{file}：文件写明为 {crs}，已按您选择的 {system} 读取。",
    "msg.files.you_chose": "您选择的是 {system}",
    "msg.files.file_states": "文件写明为 {system}",
    "msg.files.none_stated": "未指定坐标系",
    "msg.files.not_degrees": (
        "{file}：坐标不是以度为单位的经纬度（如 {x}, "
        "{y}），但{said}。这些坐标看起来是投影坐标系中的米："
        "请选择该坐标系，如 EPSG 代码 EPSG:4549，或“cgcs2000-gk3:117”"
        "（CGCS2000 高斯-克吕格 3 度带，中央经线 117°E）。"
    ),
    "msg.files.out_of_range": (
        "{file}：{where}{hint}的坐标超出范围：经度必须在 ±180 之内，纬度在 ±90 之内。"
        "请改正或删除后重试。"
    ),
    "msg.files.zero_zero": (
        "{file}：{where}{hint}的坐标为 0, 0，通常表示该地址未能完成地理编码。"
        "请填写其实际位置，或删除。"
    ),
    "msg.files.columns_swapped": (
        "{file}：经纬度两列似乎填反了：{lat} 中是经度，"
        "{lon} 中是纬度；{where}的坐标只有互换后才合理。"
        "请互换两列的列名（或指定 lon_column={lat}、lat_column={lon}）后重试。"
    ),
    "msg.files.axes_swapped": (
        "{file}：经度和纬度似乎互换了（x 为纬度，y 为经度）；{where}的坐标只有互换后才合理。"
        "请以经度为 x、纬度为 y 重新导出文件后重试。"
    ),
    "msg.files.not_numbers": "{file}：{where}{hint}的坐标不是数字。请改正或删除。",
    "msg.files.degrees_in_metres": (
        "{file}：坐标看起来是以度为单位的经纬度，但坐标系 {system} 以米为单位。"
        "请改选 WGS-84、CGCS2000、GCJ-02 或 BD-09。"
    ),
    "msg.files.meant_for": "（该坐标系适用于东经 {west}-{east}°、北纬 {south}-{north}°）",
    "msg.files.outside_system": (
        "{file}：{where}{hint}的坐标与坐标系 {system}{meant}不符。请检查坐标系和分带："
        "高斯-克吕格 x 值如 39,500,000 前面带有带号，如 500,000 则不带。"
    ),
    "msg.files.far_at_row": "第 {number} 行（{km} 千米）",
    "msg.files.far_at_feature": "第 {number} 个要素（{km} 千米）",
    "msg.files.far_row": "{items}",
    "msg.files.far_rows": "{items}",
    "msg.files.far_rows_more": "{items}等（另有 {more} 行）",
    "msg.files.far_feature": "{items}",
    "msg.files.far_features": "{items}",
    "msg.files.far_features_more": "{items}等（另有 {more} 个）",
    "msg.files.far_one": (
        "{file}：有 {count}位于研究区外超过 {km} 千米处{hint}：{where}。"
        "请检查其坐标和所选坐标系，删除这些点，或扩大研究区。"
    ),
    "msg.files.far": (
        "{file}：有 {count}位于研究区外超过 {km} 千米处{hint}：{where}。"
        "请检查其坐标和所选坐标系，删除这些点，或扩大研究区。"
    ),
    "msg.files.collapsed": (
        "{file}：{where}{hint}的面在修复边界后没有剩余面积（边界自身折叠重合）。请重新绘制或删除。"
    ),
    "msg.files.no_geometry": (
        "{file}：{where}{hint}没有几何图形（没有坐标）。请补上位置或删除后重试。"
    ),
    "msg.files.repaired_one": "{file}：已用 make_valid 修复 {count} 个无效几何图形。",
    "msg.files.repaired": "{file}：已用 make_valid 修复 {count} 个无效几何图形。",
    "msg.files.column_names_system": "{file}：列名 {column} 标明了坐标系，但未选择坐标系。",
    "msg.files.assumed_wgs84": (
        "{file}：未指定坐标系，按 WGS-84 处理。如坐标来自高德或腾讯（GCJ-02）或百度（BD-09），"
        "请选择相应坐标系，否则位置可能偏差约 500 米。"
    ),
    "msg.files.not_converted": (
        "{file}：坐标无法从 {system} 转换为 WGS-84（{detail}）。请检查坐标系。"
    ),
    "msg.files.converted": "{file}：已从 {system} 转换为 WGS-84。",
    "msg.files.projected": "{file}：已从投影坐标系 {system} 转换为 WGS-84。",
    "msg.files.lon_lat_from": "{file}：坐标取自 {lon} 和 {lat} 两列。",
    "msg.files.combined_from": "{file}：列 {column} 按“经度,纬度”读取。",
    "msg.files.wkt_from": "{file}：几何图形取自 WKT 列 {column}。",
    "msg.files.encoding_detected": "{file}：识别出文字编码为 {encoding}。",
    # GeoJSON files and GeoPackages
    "msg.files.no_features": "{file} 中没有要素。请选择包含数据的文件（或图层）。",
    "msg.files.not_readable_as": (
        "{file} 无法作为{what}读取（{detail}）。文件可能已损坏或不完整，或其实不是{what}："
        "请在 QGIS 中打开检查，或重新导出。"
    ),
    "msg.files.plain_table": (
        "{file} 没有几何列（是普通表格）。请选择含点或面的图层，或含经度/纬度列的 CSV。"
    ),
    "msg.files.empty": "{file} 是空文件（{size} 字节）。请选择其他文件。",
    "msg.files.gpkg_unreadable": (
        "{file} 无法作为 GeoPackage 打开（{detail}）。文件可能已损坏或不是 GeoPackage："
        "请从 QGIS 或 ArcGIS 重新导出。"
    ),
    "msg.files.gpkg_no_layer": "{file} 中没有含几何图形的图层。请选择含点或面的 GeoPackage。",
    "msg.files.several_layers": (
        "{file} 中有 {count} 个图层：{layers}。请选择其中一个：在应用中从图层列表选择；"
        "命令行中写作 文件::图层（如 {example}）；Python 中用 layer=..."
    ),
    "msg.files.no_layer": "{file} 中没有图层 {layer}。其中的图层有：{layers}。",
    # size limits
    "msg.files.split_advice": "请拆分文件，或只保留研究区内的要素。",
    "msg.files.simplify_advice": "请简化边界（QGIS：矢量 > 几何工具 > 简化）。",
    "msg.files.file_is_mb": "{file} 有 {mb} 兆字节（MB）",
    "msg.files.holds_features": "{file} 中有 {count} 个要素",
    "msg.files.has_vertices": "{file} 有 {count} 个节点",
    "msg.files.layer_unreadable": (
        "{file}：图层 {layer} 无法读取（{detail}）。文件可能已损坏或不完整："
        "请在 QGIS 中打开检查，或选择另一份副本。"
    ),
    "msg.files.stated_count": (
        "{file}：图层 {layer} 中有 {count} 个要素，"
        "但文件的内容表（gpkg_ogr_contents）记为 {stated} 个："
        "文件被未同步更新该表的程序修改过，或已损坏。请在 QGIS 中打开文件，"
        "把图层另存为新的 GeoPackage（导出 > 要素另存为）。"
    ),
}

EN: dict[str, str] = {
    "msg.files.geom_point": "Point",
    "msg.files.geom_linestring": "LineString",
    "msg.files.geom_linearring": "LinearRing",
    "msg.files.geom_polygon": "Polygon",
    "msg.files.geom_multipoint": "MultiPoint",
    "msg.files.geom_multilinestring": "MultiLineString",
    "msg.files.geom_multipolygon": "MultiPolygon",
    "msg.files.geom_geometrycollection": "GeometryCollection",
    "msg.files.geom_unknown": "unknown",
    "msg.files.type_count": "{count} {type}",
    "msg.files.kind_point": (
        "{file}: this layer must hold points (one location per feature), but it holds {found}. "
        "The others are {where} {hint}. Choose a layer with only points, or split the file by "
        "geometry type."
    ),
    "msg.files.kind_polygon": (
        "{file}: this layer must hold areas (polygons), but it holds {found}. The others are "
        "{where} {hint}. Choose a layer with only areas, or split the file by geometry type."
    ),
    "msg.files.prj_unreadable": (
        "{file}: the .prj file does not describe a coordinate system (it starts {start}). "
        "Choose the coordinate system the file is in (e.g. CGCS2000, an EPSG code such as "
        "4549, or GCJ-02), or export the layer again with its .prj."
    ),
    "msg.files.prj_ignored": (
        "{file}: the .prj file is not a coordinate system ({start}); ignored, read as {system} "
        "as you chose."
    ),
    "msg.files.geojson_wgs84": (
        "{file}: GeoJSON is WGS-84 by definition; read as WGS-84. If it came from Amap or "
        "Tencent (GCJ-02) or Baidu (BD-09), choose that system."
    ),
    "msg.files.system_from_file": "{file}: coordinate system from the file: {system}.",
    "msg.files.projected_not_degrees": (
        "{file}: the file is in the projected system {crs}, but you chose {system}, which is "
        "longitude/latitude only. Leave the coordinate system unset to use the file's, or "
        "export the file in degrees."
    ),
    "msg.files.of_file": "{file}: {said}",
    "msg.files.file_says": "{file}: the file says {crs}; read as {system} as you chose.",
    "msg.files.you_chose": "you chose {system}",
    "msg.files.file_states": "the file says {system}",
    "msg.files.none_stated": "none is stated",
    "msg.files.not_degrees": (
        "{file}: the coordinates are not longitude/latitude in degrees (e.g. {x}, {y}), but "
        "{said}. They look like metres in a projected system: choose it, e.g. an EPSG code "
        "such as EPSG:4549, or 'cgcs2000-gk3:117' for a CGCS2000 3-degree Gauss-Kruger zone "
        "with central meridian 117°E."
    ),
    "msg.files.out_of_range": (
        "{file}: coordinates out of range in {where} {hint}: longitude must lie within ±180 "
        "and latitude within ±90. Correct or delete them and try again."
    ),
    "msg.files.zero_zero": (
        "{file}: coordinates 0, 0 in {where} {hint}; this usually marks an address that could "
        "not be geocoded. Give them their real location, or delete them."
    ),
    "msg.files.columns_swapped": (
        "{file}: the columns look swapped: {lat} holds longitudes and {lon} latitudes; the "
        "coordinates in {where} fit only when exchanged. Exchange the two column names (or "
        "choose lon_column={lat} and lat_column={lon}) and try again."
    ),
    "msg.files.axes_swapped": (
        "{file}: longitude and latitude look swapped (x holds latitudes, y longitudes); the "
        "coordinates in {where} fit only when exchanged. Export the file again with longitude "
        "as x and latitude as y, and try again."
    ),
    "msg.files.not_numbers": (
        "{file}: coordinates that are not numbers in {where} {hint}. Correct or delete them."
    ),
    "msg.files.degrees_in_metres": (
        "{file}: the coordinates look like longitude/latitude in degrees, but the coordinate "
        "system is {system}, which is in metres. Choose WGS-84, CGCS2000, GCJ-02 or BD-09 "
        "instead."
    ),
    "msg.files.meant_for": " (it is meant for {west}-{east}°E, {south}-{north}°N)",
    "msg.files.outside_system": (
        "{file}: the coordinates in {where} {hint} do not fit the coordinate system "
        "{system}{meant}. Check the system and zone: Gauss-Kruger x values like 39,500,000 "
        "carry the zone number in front, values like 500,000 do not."
    ),
    "msg.files.far_at_row": "{number} ({km} km)",
    "msg.files.far_at_feature": "{number} ({km} km)",
    "msg.files.far_row": "row {items}",
    "msg.files.far_rows": "rows {items}",
    "msg.files.far_rows_more": "rows {items} and {more} more",
    "msg.files.far_feature": "feature {items}",
    "msg.files.far_features": "features {items}",
    "msg.files.far_features_more": "features {items} and {more} more",
    "msg.files.far_one": (
        "{file}: {count} lies more than {km} km outside the study area {hint}: {where}. Check "
        "their coordinates and the coordinate system chosen, delete them, or widen the study "
        "area."
    ),
    "msg.files.far": (
        "{file}: {count} lie more than {km} km outside the study area {hint}: {where}. Check "
        "their coordinates and the coordinate system chosen, delete them, or widen the study "
        "area."
    ),
    "msg.files.collapsed": (
        "{file}: the areas in {where} {hint} have no area left once their outline is repaired "
        "(the outline folds onto itself). Redraw or delete them."
    ),
    "msg.files.no_geometry": (
        "{file}: no geometry (no coordinates) in {where} {hint}. Give them their location, or "
        "delete them, and try again."
    ),
    "msg.files.repaired_one": "{file}: {count} invalid geometry repaired with make_valid.",
    "msg.files.repaired": "{file}: {count} invalid geometries repaired with make_valid.",
    "msg.files.column_names_system": (
        "{file}: the column name {column} names a coordinate system, but none was chosen."
    ),
    "msg.files.assumed_wgs84": (
        "{file}: CRS not stated; taken as WGS-84. If the coordinates came from Amap or Tencent "
        "(GCJ-02) or Baidu (BD-09), choose that system: they would otherwise be off by up to "
        "about 500 m."
    ),
    "msg.files.not_converted": (
        "{file}: the coordinates could not be converted from {system} to WGS-84 ({detail}). "
        "Check the coordinate system."
    ),
    "msg.files.converted": "{file}: converted from {system} to WGS-84.",
    "msg.files.projected": "{file}: projected from {system} to WGS-84.",
    "msg.files.lon_lat_from": "{file}: coordinates from columns {lon} and {lat}.",
    "msg.files.combined_from": "{file}: column {column} read as 'longitude,latitude'.",
    "msg.files.wkt_from": "{file}: geometry read from the WKT column {column}.",
    "msg.files.encoding_detected": "{file}: text encoding {encoding} detected.",
    "msg.files.no_features": (
        "{file} holds no features. Choose the file (or layer) that holds the data."
    ),
    "msg.files.not_readable_as": (
        "{file} could not be read as {what} ({detail}). The file may be damaged or cut off, "
        "or not really {what}: open it in QGIS to check, or export it again."
    ),
    "msg.files.plain_table": (
        "{file} has no geometry column (it is a plain table). Choose a layer with points or "
        "areas, or a CSV with longitude/latitude columns."
    ),
    "msg.files.empty": "{file} is empty ({size} bytes). Choose another file.",
    "msg.files.gpkg_unreadable": (
        "{file} could not be opened as a GeoPackage ({detail}). The file may be damaged or "
        "not a GeoPackage: export it again from QGIS or ArcGIS."
    ),
    "msg.files.gpkg_no_layer": (
        "{file} has no layer with geometry. Choose a GeoPackage with points or areas."
    ),
    "msg.files.several_layers": (
        "{file} holds {count} layers: {layers}. Choose one of them: in the app from the layer "
        "list; on the command line as FILE::LAYER (e.g. {example}); in Python with layer=..."
    ),
    "msg.files.no_layer": "{file} has no layer {layer}. Its layers are: {layers}.",
    "msg.files.split_advice": "Split the file, or keep only the features of the study area.",
    "msg.files.simplify_advice": (
        "Simplify the outlines (QGIS: Vector > Geometry Tools > Simplify)."
    ),
    "msg.files.file_is_mb": "{file} is {mb} MB",
    "msg.files.holds_features": "{file} holds {count} features",
    "msg.files.has_vertices": "{file} has {count} vertices",
    "msg.files.layer_unreadable": (
        "{file}: layer {layer} could not be read ({detail}). The file may be damaged or cut "
        "off: open it in QGIS to check, or choose another copy."
    ),
    "msg.files.stated_count": (
        "{file}: layer {layer} holds {count} features, but the file's table of contents "
        "(gpkg_ogr_contents) says {stated}: it was changed by a program that did not keep it "
        "up to date, or damaged. Open the file in QGIS and save the layer into a new "
        "GeoPackage (Export > Save Features As)."
    ),
}
