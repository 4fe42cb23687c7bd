"""Texts that keep the Chinese UI Chinese: map furniture, new outlets' names (zh and en).

:mod:`servicecircle.maps.web.canvas` (the map's attribution),
:mod:`servicecircle.maps.web.draw` (every Leaflet.draw tool text, ``L.drawLocal``),
the names chosen sites and candidates are shown by
(:func:`servicecircle.planning.naming.site_label`), and the app's words checked
by ``tests/app/test_zh_only.py``.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "map.attribution": "© OpenStreetMap 贡献者",
    # Leaflet.draw: the toolbar
    "map.draw.draw.toolbar.actions.title": "取消绘制",
    "map.draw.draw.toolbar.actions.text": "取消",
    "map.draw.draw.toolbar.finish.title": "完成绘制",
    "map.draw.draw.toolbar.finish.text": "完成",
    "map.draw.draw.toolbar.undo.title": "删除最后一个点",
    "map.draw.draw.toolbar.undo.text": "删除最后一点",
    "map.draw.draw.toolbar.buttons.polyline": "画线",
    "map.draw.draw.toolbar.buttons.polygon": "画多边形",
    "map.draw.draw.toolbar.buttons.rectangle": "画矩形",
    "map.draw.draw.toolbar.buttons.circle": "画圆",
    "map.draw.draw.toolbar.buttons.marker": "放置点",
    "map.draw.draw.toolbar.buttons.circlemarker": "放置圆点",
    # Leaflet.draw: what the tooltip says while drawing
    "map.draw.draw.handlers.circle.tooltip.start": "按住并拖动以画圆。",
    "map.draw.draw.handlers.circle.radius": "半径",
    "map.draw.draw.handlers.circlemarker.tooltip.start": "在地图上单击以放置圆点。",
    "map.draw.draw.handlers.marker.tooltip.start": "在地图上单击以放置点。",
    "map.draw.draw.handlers.polygon.tooltip.start": "单击开始绘制范围。",
    "map.draw.draw.handlers.polygon.tooltip.cont": "单击继续绘制范围。",
    "map.draw.draw.handlers.polygon.tooltip.end": "单击第一个点以闭合范围。",
    "map.draw.draw.handlers.polyline.error": "<strong>错误：</strong>边线不能交叉！",
    "map.draw.draw.handlers.polyline.tooltip.start": "单击开始画线。",
    "map.draw.draw.handlers.polyline.tooltip.cont": "单击继续画线。",
    "map.draw.draw.handlers.polyline.tooltip.end": "单击最后一个点以结束画线。",
    "map.draw.draw.handlers.rectangle.tooltip.start": "按住并拖动以画矩形。",
    "map.draw.draw.handlers.simpleshape.tooltip.end": "松开鼠标完成绘制。",
    # Leaflet.draw: editing and deleting what was drawn
    "map.draw.edit.toolbar.actions.save.title": "保存修改",
    "map.draw.edit.toolbar.actions.save.text": "保存",
    "map.draw.edit.toolbar.actions.cancel.title": "取消编辑，放弃所有修改",
    "map.draw.edit.toolbar.actions.cancel.text": "取消",
    "map.draw.edit.toolbar.actions.clearAll.title": "清除所有绘制的图形",
    "map.draw.edit.toolbar.actions.clearAll.text": "全部清除",
    "map.draw.edit.toolbar.buttons.edit": "编辑图形",
    "map.draw.edit.toolbar.buttons.editDisabled": "没有可编辑的图形",
    "map.draw.edit.toolbar.buttons.remove": "删除图形",
    "map.draw.edit.toolbar.buttons.removeDisabled": "没有可删除的图形",
    "map.draw.edit.handlers.edit.tooltip.text": "拖动控制点或标记以修改图形。",
    "map.draw.edit.handlers.edit.tooltip.subtext": "单击“取消”可撤销修改。",
    "map.draw.edit.handlers.remove.tooltip.text": "单击要删除的图形。",
    # names of new outlets and candidate sites: a number and the road (or premise) they are on
    "site.new_outlet": "新增网点 {n}（{place}）",
    "site.new_outlet_unnamed": "新增网点 {n}",
    "site.candidate": "候选点位 {n}（{place}）",
    "site.candidate_unnamed": "候选点位 {n}",
    # the app's outlet-types table
    "outlets.types_empty": "请在表中至少定义一种网点类型，并填写出行方式和分钟数。",
    # OSM tags shown as written (landuse=residential): identifiers, next to their Chinese class
    "study.osm_tag": "OSM 标签",
    # the report's data sources: OpenStreetMap's licence
    "report.source.osm_licence": "© OpenStreetMap 贡献者，ODbL 许可",
    # the embedded sample
    "msg.sample.note": (
        "示例说明：道路、建筑和土地利用为赫尔辛基市中心的真实 OSM 数据；"
        "网点、易地搬迁安置区、产业园区以及街道和社区均为虚构的示意数据。"
    ),
}

EN: dict[str, str] = {
    "map.attribution": "© OpenStreetMap contributors",
    "map.draw.draw.toolbar.actions.title": "Cancel drawing",
    "map.draw.draw.toolbar.actions.text": "Cancel",
    "map.draw.draw.toolbar.finish.title": "Finish drawing",
    "map.draw.draw.toolbar.finish.text": "Finish",
    "map.draw.draw.toolbar.undo.title": "Delete last point drawn",
    "map.draw.draw.toolbar.undo.text": "Delete last point",
    "map.draw.draw.toolbar.buttons.polyline": "Draw a line",
    "map.draw.draw.toolbar.buttons.polygon": "Draw a polygon",
    "map.draw.draw.toolbar.buttons.rectangle": "Draw a rectangle",
    "map.draw.draw.toolbar.buttons.circle": "Draw a circle",
    "map.draw.draw.toolbar.buttons.marker": "Place a point",
    "map.draw.draw.toolbar.buttons.circlemarker": "Place a circle marker",
    "map.draw.draw.handlers.circle.tooltip.start": "Click and drag to draw a circle.",
    "map.draw.draw.handlers.circle.radius": "Radius",
    "map.draw.draw.handlers.circlemarker.tooltip.start": "Click the map to place a circle marker.",
    "map.draw.draw.handlers.marker.tooltip.start": "Click the map to place a point.",
    "map.draw.draw.handlers.polygon.tooltip.start": "Click to start drawing the area.",
    "map.draw.draw.handlers.polygon.tooltip.cont": "Click to continue drawing the area.",
    "map.draw.draw.handlers.polygon.tooltip.end": "Click the first point to close the area.",
    "map.draw.draw.handlers.polyline.error": "<strong>Error:</strong> edges cannot cross!",
    "map.draw.draw.handlers.polyline.tooltip.start": "Click to start drawing the line.",
    "map.draw.draw.handlers.polyline.tooltip.cont": "Click to continue drawing the line.",
    "map.draw.draw.handlers.polyline.tooltip.end": "Click the last point to finish the line.",
    "map.draw.draw.handlers.rectangle.tooltip.start": "Click and drag to draw a rectangle.",
    "map.draw.draw.handlers.simpleshape.tooltip.end": "Release the mouse to finish drawing.",
    "map.draw.edit.toolbar.actions.save.title": "Save changes",
    "map.draw.edit.toolbar.actions.save.text": "Save",
    "map.draw.edit.toolbar.actions.cancel.title": "Cancel editing, discard all changes",
    "map.draw.edit.toolbar.actions.cancel.text": "Cancel",
    "map.draw.edit.toolbar.actions.clearAll.title": "Clear all shapes drawn",
    "map.draw.edit.toolbar.actions.clearAll.text": "Clear all",
    "map.draw.edit.toolbar.buttons.edit": "Edit shapes",
    "map.draw.edit.toolbar.buttons.editDisabled": "No shapes to edit",
    "map.draw.edit.toolbar.buttons.remove": "Delete shapes",
    "map.draw.edit.toolbar.buttons.removeDisabled": "No shapes to delete",
    "map.draw.edit.handlers.edit.tooltip.text": "Drag handles or markers to change shapes.",
    "map.draw.edit.handlers.edit.tooltip.subtext": "Click Cancel to undo the changes.",
    "map.draw.edit.handlers.remove.tooltip.text": "Click a shape to delete it.",
    "site.new_outlet": "New outlet {n} ({place})",
    "site.new_outlet_unnamed": "New outlet {n}",
    "site.candidate": "Candidate {n} ({place})",
    "site.candidate_unnamed": "Candidate {n}",
    "outlets.types_empty": (
        "Define at least one outlet type with a travel mode and minutes in the table."
    ),
    "study.osm_tag": "OSM tag",
    "report.source.osm_licence": "© OpenStreetMap contributors, ODbL",
    "msg.sample.note": (
        "Sample: roads, buildings and land use are real OSM data for central Helsinki; "
        "outlets, relocation and industrial areas, streets and communities are illustrative."
    ),
}
