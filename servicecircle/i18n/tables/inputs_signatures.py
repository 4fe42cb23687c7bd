"""Messages of the file-signature checks (:mod:`servicecircle.inputs.signatures`)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.inputs.looks.empty": "一个空文件",
    "msg.inputs.looks.vrt": "GDAL VRT 文档（会指向其他文件）",
    "msg.inputs.looks.kml": "KML 文件",
    "msg.inputs.looks.osm_xml": "OpenStreetMap XML 数据",
    "msg.inputs.looks.html": "网页（HTML）",
    "msg.inputs.looks.xml": "XML 或 HTML",
    "msg.inputs.looks.osm_pbf": "OpenStreetMap PBF 数据",
    "msg.inputs.looks.gzip": "gzip 压缩文件",
    "msg.inputs.looks.bzip2": "bzip2 压缩文件",
    "msg.inputs.looks.sqlite": "SQLite 数据库",
    "msg.inputs.looks.zip": "zip 压缩包（或 Excel/WPS 工作簿）",
    "msg.inputs.looks.old_excel": "旧版 Excel/WPS 工作簿",
    "msg.inputs.looks.shp": "shapefile 的 .shp 部分",
    "msg.inputs.looks.pdf": "PDF 文档",
    "msg.inputs.looks.utf16": "UTF-16 文本",
    "msg.inputs.looks.address": "路径或网址",
    "msg.inputs.looks.other": "其他格式",
    "msg.inputs.not_geojson": (
        "{file} 不是 GeoJSON：它看起来是{looks}。请选择 GeoJSON 文件（以 '{{' 开头，"
        "包含 FeatureCollection），或从 QGIS 或 ArcGIS 把图层导出为 GeoJSON。"
    ),
    "msg.inputs.bad_geojson": (
        "{file} 不是有效的 GeoJSON（{error}）。文件可能不完整或已损坏：请重新导出。"
    ),
    "msg.inputs.geojson_crs_link": (
        "{file} 被拒绝：它的 'crs' 成员指向别处的定义（{kind!r}）；文件只作为数据读取，"
        "绝不会让服务器打开网址或其他文件。请删除 'crs' 成员（GeoJSON 按定义为 WGS-84），"
        '或直接写出坐标系名称（如 "EPSG:4549"），并在加载时选择坐标系。'
    ),
    "msg.inputs.not_gpkg": (
        "{file} 不是 GeoPackage：它看起来是{looks}。请选择由 QGIS、ArcGIS 或 servicecircle "
        "保存的 .gpkg 文件。"
    ),
    "msg.inputs.gpkg_unopenable": (
        "{file} 无法作为 GeoPackage 打开（{error}）。"
        "文件可能已损坏或不完整：请从 QGIS 或 ArcGIS 重新保存。"
    ),
    "msg.inputs.gpkg_plain_sqlite": (
        "{file} 是 SQLite 数据库，但不是 GeoPackage（没有 gpkg_contents 表）。"
        "请从 QGIS 或 ArcGIS 把图层保存为 GeoPackage。"
    ),
    "msg.inputs.gpkg_reaches_out": (
        "{file} 被拒绝：其中的 {objects} 在打开时会读取其他文件或网址。文件只作为数据读取："
        "请在 QGIS 中把需要的图层导出到新的 GeoPackage（导出 > 要素另存为）。"
    ),
    "msg.inputs.not_shp_part": (
        "{file}：{part} 不是 shapefile 的组成部分（它看起来是{looks}）。请重新把图层导出为 "
        "shapefile，并把 .shp、.shx、.dbf、.prj 和 .cpg 文件一起压缩成 zip。"
    ),
    "msg.inputs.dbf_damaged": (
        "{file}：属性表 {dbf} 已损坏（{problem}）；读取它会丢失要素的名称和类型。"
        "请从 QGIS 或 ArcGIS 重新导出图层，或用 WPS/Excel 打开该 .dbf 修复。"
    ),
    "msg.inputs.not_pbf": "{file} 不是 OpenStreetMap PBF 数据：它看起来是{looks}。{rename}{advice}",
    "msg.inputs.rename_osm": (
        "如果它是 OpenStreetMap XML 文件，请把扩展名改为 .osm（压缩时为 .osm.gz / .osm.bz2）。"
    ),
    "msg.inputs.xml_doctype": (
        "{file} 被拒绝：它声明了文档类型（<!DOCTYPE ...>），OpenStreetMap 文件从不这样做；"
        "这类声明可能让一个小文件膨胀到数 GB 或读取其他文件。请从 OpenStreetMap 重新导出该范围"
        "（JOSM、Overpass 或 osmium），或改用 .osm.pbf 数据。"
    ),
    "msg.inputs.not_osm_xml": (
        "{file} 不是 OpenStreetMap XML：它看起来是{looks}。{rename}OSM XML 文件以 <osm 开头"
        "（前面可有一行 <?xml ...?>）；请从 OpenStreetMap 重新导出该范围（JOSM、Overpass 或 "
        "osmium），或改用 .osm.pbf 数据（例如从 Geofabrik 下载）。"
    ),
    "msg.inputs.rename_pbf": "请把扩展名改为 .osm.pbf 后再试。",
}

EN: dict[str, str] = {
    "msg.inputs.looks.empty": "an empty file",
    "msg.inputs.looks.vrt": "a GDAL VRT document (which points at other files)",
    "msg.inputs.looks.kml": "KML",
    "msg.inputs.looks.osm_xml": "OpenStreetMap XML",
    "msg.inputs.looks.html": "a web page (HTML)",
    "msg.inputs.looks.xml": "XML or HTML",
    "msg.inputs.looks.osm_pbf": "an OpenStreetMap PBF extract",
    "msg.inputs.looks.gzip": "a gzip-compressed file",
    "msg.inputs.looks.bzip2": "a bzip2-compressed file",
    "msg.inputs.looks.sqlite": "an SQLite database",
    "msg.inputs.looks.zip": "a zip archive (or an Excel/WPS workbook)",
    "msg.inputs.looks.old_excel": "an old Excel/WPS workbook",
    "msg.inputs.looks.shp": "a shapefile's .shp part",
    "msg.inputs.looks.pdf": "a PDF document",
    "msg.inputs.looks.utf16": "UTF-16 text",
    "msg.inputs.looks.address": "a path or web address",
    "msg.inputs.looks.other": "something else",
    "msg.inputs.not_geojson": (
        "{file} is not GeoJSON: it looks like {looks}. Choose a GeoJSON file (it starts with "
        "'{{' and holds a FeatureCollection), or export the layer as GeoJSON from QGIS or ArcGIS."
    ),
    "msg.inputs.bad_geojson": (
        "{file} is not valid GeoJSON ({error}). The file may be cut off or damaged: export it "
        "again."
    ),
    "msg.inputs.geojson_crs_link": (
        "{file} was refused: its 'crs' member points to a definition elsewhere ({kind!r}); "
        "files are read as data only and never make the server open a web address or another "
        "file. Remove the 'crs' member (GeoJSON is WGS-84 by definition) or name the system, "
        'e.g. "EPSG:4549", and choose the coordinate system when loading.'
    ),
    "msg.inputs.not_gpkg": (
        "{file} is not a GeoPackage: it looks like {looks}. Choose a .gpkg file saved by QGIS, "
        "ArcGIS or servicecircle."
    ),
    "msg.inputs.gpkg_unopenable": (
        "{file} could not be opened as a GeoPackage ({error}). The file may be damaged or cut "
        "off: save it again from QGIS or ArcGIS."
    ),
    "msg.inputs.gpkg_plain_sqlite": (
        "{file} is an SQLite database but not a GeoPackage (no gpkg_contents table). Save the "
        "layer as a GeoPackage from QGIS or ArcGIS."
    ),
    "msg.inputs.gpkg_reaches_out": (
        "{file} was refused: it holds {objects}, which would read other files or web addresses "
        "when opened. Files are read as data only: export the layers you need into a new "
        "GeoPackage from QGIS (Export > Save Features As)."
    ),
    "msg.inputs.not_shp_part": (
        "{file}: {part} is not a shapefile part (it looks like {looks}). Export the layer again "
        "as a shapefile and zip the .shp, .shx, .dbf, .prj and .cpg files together."
    ),
    "msg.inputs.dbf_damaged": (
        "{file}: the attribute table {dbf} is damaged ({problem}); reading it would lose the "
        "names and types of the features. Export the layer again from QGIS or ArcGIS, or open "
        "the .dbf in WPS/Excel to repair it."
    ),
    "msg.inputs.not_pbf": (
        "{file} is not an OpenStreetMap PBF extract: it looks like {looks}.{rename} {advice}"
    ),
    "msg.inputs.rename_osm": (
        " If it is an OpenStreetMap XML file, name it .osm (or .osm.gz / .osm.bz2 when compressed)."
    ),
    "msg.inputs.xml_doctype": (
        "{file} was refused: it declares a document type (<!DOCTYPE ...>), which OpenStreetMap "
        "files never do; such declarations can make a small file expand to gigabytes or read "
        "other files. Export the area again from OpenStreetMap (JOSM, Overpass or osmium) or "
        "use a .osm.pbf extract."
    ),
    "msg.inputs.not_osm_xml": (
        "{file} is not OpenStreetMap XML: it looks like {looks}.{rename} An OSM XML file starts "
        "with <osm (after an optional <?xml ...?> line); export the area again from "
        "OpenStreetMap (JOSM, Overpass or osmium), or use a .osm.pbf extract (e.g. from "
        "Geofabrik)."
    ),
    "msg.inputs.rename_pbf": " Name it .osm.pbf and try again.",
}
