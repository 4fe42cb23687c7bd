"""Administrative units: the planner's boundaries, tables without them, gaps by their road.

Used by :mod:`servicecircle.demand.admin_sources`, the study-area page's units
section, the by-unit tables of the app, the CLI and the report.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # the library
    "msg.admin.no_polygons": (
        "{file} 中没有面要素：街道/乡镇和社区/村边界须为面（多边形），请上传面图层。"
    ),
    "msg.admin.no_crs": (
        "{file} 没有坐标系：请在文件中写明坐标系（如 WGS-84），或换用 GeoJSON、GeoPackage 文件。"
    ),
    "msg.admin.bad_mode": "边界的合并方式只能是替换或补充，不能是 {mode}。",
    "msg.admin.no_township_units": (
        "本研究区没有街道/乡镇边界：请在“研究区”页上传或绘制街道、社区边界，"
        "按街道汇总的表格才能生成。"
    ),
    "msg.admin.no_community_units": (
        "本研究区没有社区/村边界：请在“研究区”页上传或绘制社区、村边界，按社区汇总的表格才能生成。"
    ),
    "msg.admin.no_township_units_cli": (
        "没有街道/乡镇边界，未生成按街道汇总的表格：请用 --boundaries 文件"
        "（面图层，含“街道”或“名称”列）给出街道、社区边界。"
    ),
    "msg.admin.no_community_units_cli": (
        "没有社区/村边界，未生成按社区汇总的表格：请用 --boundaries 文件"
        "（面图层，含“社区”列，或 admin_level 为 10）给出社区边界。"
    ),
    "msg.admin.no_units_here": "研究区内没有落在这些边界中的需求，表格为空。",
    "msg.admin.near_road": "{road}附近",
    "msg.admin.far_road": "距{road}约 {metres} 米",
    "msg.admin.no_place": "—",
    # the report
    "report.units.no_township": (
        "本研究区没有街道/乡镇边界，本报告未按街道汇总：请在应用的“研究区”页上传或绘制街道、社"
        "区边界（命令行用 `--boundaries 文件`），再重新分析。"
    ),
    "report.units.no_community": (
        "本研究区没有社区/村边界，本报告未按社区汇总：请在应用的“研究区”页上传或绘制社区、村边"
        "界（命令行用 `--boundaries 文件`），再重新分析。"
    ),
    # the app's units section
    "admin.header": "街道与社区边界",
    "admin.intro": (
        "按街道、社区汇总的表格以这些边界为准。可以上传街道/乡镇和社区/村边界"
        "（任何支持的格式，名称列为“街道”“乡镇”“社区”“村”或“名称”），也可以在地图上绘制并命名。"
    ),
    "admin.township_upload": "街道/乡镇边界文件",
    "admin.township_upload_help": (
        "面图层：GeoJSON、GeoPackage、Shapefile 压缩包等。"
        "名称取自“街道”“乡镇”“街道名称”或“名称”列。"
    ),
    "admin.community_upload": "社区/村边界文件",
    "admin.community_upload_help": (
        "面图层：GeoJSON、GeoPackage、Shapefile 压缩包等。名称取自“社区”“村”“社区名称”或“名称”列。"
    ),
    "admin.mode": "与 OSM 边界的关系",
    "admin.mode.replace": "替换：上传或绘制的层级不再使用 OSM 边界",
    "admin.mode.add": "补充：与 OSM 边界一起使用",
    "admin.draw": "在地图上绘制边界",
    "admin.draw_help": "用地图左侧的多边形或矩形工具画出街道或社区，选择层级、填写名称后保存。",
    "admin.draw_none": "尚未在地图上绘制新的边界。",
    "admin.draw_name": "名称",
    "admin.draw_add": "保存绘制的 {count} 个边界",
    "admin.draw_clear": "清除绘制的边界",
    "admin.draw_kept": "已绘制 {count} 个边界。",
    "admin.draw_level": "层级",
    "admin.draw_default_name.township": "绘制的街道",
    "admin.draw_default_name.community": "绘制的社区",
    "admin.level.township": "街道/乡镇",
    "admin.level.community": "社区/村",
    "admin.source.osm": "OSM 数据",
    "admin.source.uploaded": "上传",
    "admin.source.drawn": "绘制",
    "admin.in_use": "正在使用的边界",
    "admin.col.level": "层级",
    "admin.col.source": "来源",
    "admin.col.count": "数量",
    "admin.none_in_use": "暂无",
    "admin.read": "已读取 {name}：{count} 个面。",
    "admin.map": "街道与社区边界",
    "admin.changed": "边界已更新：需求、覆盖和选址将按新的边界重新计算。",
    "admin.gap_place": "位置",
}

EN: dict[str, str] = {
    # the library
    "msg.admin.no_polygons": (
        "{file} holds no polygon: township/street and community/village boundaries must be "
        "polygons. Upload a polygon layer."
    ),
    "msg.admin.no_crs": (
        "{file} has no coordinate system: state it in the file (e.g. WGS-84), or use a GeoJSON "
        "or GeoPackage file."
    ),
    "msg.admin.bad_mode": "The planner's boundaries replace or add to OSM's, not {mode}.",
    "msg.admin.no_township_units": (
        "This study area has no township/street boundaries: upload or draw township and "
        "community boundaries on the Study area page to get the tables by township."
    ),
    "msg.admin.no_community_units": (
        "This study area has no community/village boundaries: upload or draw community and "
        "village boundaries on the Study area page to get the tables by community."
    ),
    "msg.admin.no_township_units_cli": (
        "No township/street boundaries, so there is no table by township: give township and "
        "community boundaries with --boundaries FILE (polygons with a 街道 or name column)."
    ),
    "msg.admin.no_community_units_cli": (
        "No community/village boundaries, so there is no table by community: give them with "
        "--boundaries FILE (polygons with a 社区 column, or admin_level 10)."
    ),
    "msg.admin.no_units_here": "No demand lies inside these boundaries; the table is empty.",
    "msg.admin.near_road": "near {road}",
    "msg.admin.far_road": "about {metres} m from {road}",
    "msg.admin.no_place": "—",
    # the report
    "report.units.no_township": (
        "This study area has no township/street boundaries, so this report has no table by "
        "township: upload or draw township and community boundaries on the app's Study area "
        "page (--boundaries FILE on the command line) and analyse again."
    ),
    "report.units.no_community": (
        "This study area has no community/village boundaries, so this report has no table by "
        "community: upload or draw them on the app's Study area page (--boundaries FILE on "
        "the command line) and analyse again."
    ),
    # the app's units section
    "admin.header": "Township and community boundaries",
    "admin.intro": (
        "The tables by township and community follow these boundaries. Upload township/street "
        "and community/village boundaries (any supported format; names in a 街道, 乡镇, 社区, 村 "
        "or name column), or draw and name them on the map."
    ),
    "admin.township_upload": "Township/street boundaries file",
    "admin.township_upload_help": (
        "A polygon layer: GeoJSON, GeoPackage, zipped Shapefile, ... Names from a 街道, 乡镇, "
        "街道名称 or name column."
    ),
    "admin.community_upload": "Community/village boundaries file",
    "admin.community_upload_help": (
        "A polygon layer: GeoJSON, GeoPackage, zipped Shapefile, ... Names from a 社区, 村, "
        "社区名称 or name column."
    ),
    "admin.mode": "With the OSM boundaries",
    "admin.mode.replace": "Replace: levels you upload or draw no longer use OSM's",
    "admin.mode.add": "Add: use them together with OSM's",
    "admin.draw": "Draw boundaries on the map",
    "admin.draw_help": (
        "Draw a township or community with the polygon or rectangle tool on the left of the "
        "map, choose its level, name it and save."
    ),
    "admin.draw_none": "No new boundary drawn on the map yet.",
    "admin.draw_name": "Name",
    "admin.draw_add": "Keep the {count} boundaries drawn",
    "admin.draw_clear": "Forget the boundaries drawn",
    "admin.draw_kept": "{count} boundaries drawn.",
    "admin.draw_level": "Level",
    "admin.draw_default_name.township": "Drawn township",
    "admin.draw_default_name.community": "Drawn community",
    "admin.level.township": "Township/street",
    "admin.level.community": "Community/village",
    "admin.source.osm": "OSM data",
    "admin.source.uploaded": "uploaded",
    "admin.source.drawn": "drawn",
    "admin.in_use": "Boundaries in use",
    "admin.col.level": "Level",
    "admin.col.source": "Source",
    "admin.col.count": "Count",
    "admin.none_in_use": "none",
    "admin.read": "Read {name}: {count} polygons.",
    "admin.map": "Township and community boundaries",
    "admin.changed": (
        "The boundaries changed: demand, coverage and siting are measured again by the new ones."
    ),
    "admin.gap_place": "Where",
}
