"""Messages about a planner's columns and cells, outlets and candidate sites.

Used by :mod:`servicecircle.inputs.fields`, :mod:`servicecircle.supply.outlets`
and :mod:`servicecircle.supply.candidates`.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "field.address": "地址",
    "msg.columns.row": "第 {row} 行",
    "msg.columns.feature": "第 {row} 个要素",
    "msg.columns.rows": "第 {rows} 行",
    "msg.columns.rows_more": "第 {rows} 行等 {count} 行",
    "msg.columns.features": "第 {rows} 个要素",
    "msg.columns.features_more": "第 {rows} 个要素等 {count} 个",
    "msg.columns.rows_hint": "（行号与 Excel 中一致，表头为第 1 行）",
    "msg.columns.features_hint": "（要素按文件中的顺序从 1 编号）",
    "msg.columns.order_hint": "（按图层中的顺序从 1 编号）",
    "msg.columns.value_at": "“{value}”（{rows}）",
    "msg.columns.far_at": "{rows}（{km} 千米）",
    "msg.columns.more_values": "另有 {count} 种",
    "msg.outlets.minutes_positive": "网点类型“{name}”：服务时间必须大于 0 分钟，现为 {minutes}。",
    "msg.outlets.searched": "标签 {tags}，或名称（{keys}）中含有 {words} 的地物",
    "msg.outlets.none_in_osm": (
        "OpenStreetMap 中 {area} 没有现有的就业服务网点：已查找{searched}。请上传网点点位文件（"
        "含名称和类型列，如“名称”“类型”；命令行用 `--outlets 文件`），或在应用的地图上标出网点"
        "。"
    ),
    "msg.outlets.no_crs": "网点图层没有坐标系，请在加载时指定坐标系。",
    "msg.outlets.not_points": "网点必须是点；{rows}不是点{hint}。请每个网点用一个点表示。",
    "msg.outlets.unknown_types": (
        "网点类型列“{column}”中有无法识别的类型：{values}{hint}。可用的类型有：{known}。"
        "请把这些单元格改为其中之一（中文名称或英文均可），"
        "或在网点类型表中新增该类型并设定出行方式和时间。"
    ),
    "msg.outlets.far": (
        "以下网点距离研究区太远：{rows}{hint}。请检查坐标系（WGS-84、GCJ-02 还是 BD-09？），"
        "或删除这些网点。"
    ),
    "msg.candidates.no_crs": "有一个候选点位图层没有坐标系，请指定坐标系。",
    "msg.candidates.none": (
        "没有候选点位。请使用 OpenStreetMap 中的场所、在缺口周边自动生成点位，或上传候选点位清单。"
    ),
    "msg.candidates.all_excluded": (
        "全部 {count} 个候选点位都位于排除区域内。请缩小排除区域，或在其他地方补充候选点位。"
    ),
}

EN: dict[str, str] = {
    "field.address": "Address",
    "msg.columns.row": "row {row}",
    "msg.columns.feature": "feature {row}",
    "msg.columns.rows": "rows {rows}",
    "msg.columns.rows_more": "rows {rows} and {count} in all",
    "msg.columns.features": "features {rows}",
    "msg.columns.features_more": "features {rows} and {count} in all",
    "msg.columns.rows_hint": " (row numbers as Excel shows them; the header is row 1)",
    "msg.columns.features_hint": " (features numbered from 1 in file order)",
    "msg.columns.order_hint": " (numbered from 1 in the layer's order)",
    "msg.columns.value_at": "{value!r} ({rows})",
    "msg.columns.far_at": "{rows} ({km} km)",
    "msg.columns.more_values": "{count} more",
    "msg.outlets.minutes_positive": (
        "Outlet type {name!r}: minutes must be positive, not {minutes}."
    ),
    "msg.outlets.searched": (
        "{tags}, or names ({keys}) containing {words} (or the English names of such services)"
    ),
    "msg.outlets.none_in_osm": (
        "OpenStreetMap has no existing employment service outlets in {area}: searched for "
        "{searched}. Give your outlets as a point file (with name and type columns, such as "
        "名称 and 类型; in the command line: --outlets FILE), or place them on the map in the app."
    ),
    "msg.outlets.no_crs": ("The outlets layer has no coordinate system; state it when loading."),
    "msg.outlets.not_points": (
        "Outlets must be points; {rows} are not{hint}. Use one point per outlet."
    ),
    "msg.outlets.unknown_types": (
        "The type column {column!r} holds outlet types that are not known: {values}{hint}. "
        "The known types are: {known}. Write one of them in these cells (in Chinese or "
        "English), or add the type with its travel mode and minutes to the outlet types."
    ),
    "msg.outlets.far": (
        "These outlets lie far outside the study area: {rows}{hint}. Check their coordinate system "
        "(WGS-84, GCJ-02, BD-09?) or remove them."
    ),
    "msg.candidates.no_crs": "A candidate layer has no coordinate system; state it.",
    "msg.candidates.none": (
        "There are no candidate sites. Use OSM premises, generate sites around the gaps "
        "(auto), or upload a list of candidate premises."
    ),
    "msg.candidates.all_excluded": (
        "All {count} candidate sites lie inside exclusion areas. Shrink the exclusion "
        "areas or add candidates elsewhere."
    ),
}
