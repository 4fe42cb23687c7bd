"""Messages of the siting request, the report, the map and the command line.

Planner errors of :mod:`servicecircle.planning`, :mod:`servicecircle.report`,
:mod:`servicecircle.cli`, :mod:`servicecircle.reach`, :mod:`servicecircle.siting`
and :mod:`servicecircle.maps`.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.planning.unknown_model": (
        "未知的选址模型「{model}」：请使用 `mclp`（最大覆盖）、`min`（最少网点）或 "
        "`pmedian`（P-中位）。"
    ),
    "msg.planning.min_needs_target": (
        "最少网点模型需要覆盖目标（例如 0.95）或必须覆盖的类别（如易地搬迁安置点、产业园区）。"
    ),
    "msg.planning.needs_new": "请说明 {model} 模型最多可新增多少个网点。",
    "msg.planning.bad_target": "覆盖目标须为 0 到 1 之间的比例（例如 0.95），而不是 {target}。",
    "msg.planning.bad_capacity": "服务能力须为每个网点服务的正数人数。",
    "msg.planning.unknown_new_types": (
        "新增网点的类型未知：{unknown}；请使用以下类型之一：{types}。"
    ),
    "msg.planning.no_demand_class": (
        "本区域没有需覆盖的 {missing} 类需求；请将其从必须覆盖列表中移除，或先加载这些区域。"
    ),
    "msg.planning.no_candidates": (
        "没有候选点位；请添加 OSM 场所、自动生成的点位或您自己的点位清单。"
    ),
    "msg.report.unknown_basemap": (
        "未知的底图「{basemap}」；请选择 {choices} 之一（`none` 无需联网即可使用）。"
    ),
    "msg.report.tianditu_key": (
        "天地图底图需要您的天地图密钥：请添加 `--tianditu-key KEY`，或使用 `--basemap none`。"
    ),
    "msg.report.map_not_html": "地图须写入 `.html` 文件，而不是「{name}」。",
    "msg.report.no_leaflet": (
        "{error}。离线地图需要 Leaflet 文件：请运行一次 `bash scripts/install_web_assets.sh`。"
    ),
    "msg.report.unknown_format": "未知的报告格式 {formats}；请选择 `html` 和/或 `pdf`。",
    "msg.report.no_format": "（未给出）",
    "msg.cli.no_app": "在程序包旁未找到 app.py（{path}）；请在代码检出目录中运行。",
    "msg.cli.bad_minutes": (
        "`--minutes` 的值「{text}」不是数字列表；请写成例如 `--minutes 5,10,15`。"
    ),
    "msg.cli.new_or_target": "请给出 `--new P`（新增网点数）或 `--target SHARE`（覆盖目标）之一。",
    "msg.cli.unknown_new_type": "未知的 `--new-type`「{new_type}」；请使用以下类型之一：{types}。",
    "msg.cli.bar.loading": "加载研究区域",
    "msg.cli.step.reading_results": "读取结果",
    "msg.cli.range": "{lower}{upper}{unit}",
    "msg.cli.range.at_least": "不少于 {low:g}",
    "msg.cli.range.more_than": "大于 {low:g}",
    "msg.cli.range.at_most": " 且不超过 {high:g}",
    "msg.cli.kind.number": "数字",
    "msg.cli.kind.whole": "整数",
    "msg.cli.kind.share": "比例",
    "msg.cli.unit.kmh": " 千米/小时",
    "msg.cli.unit.m2": " 平方米",
    "msg.cli.unit.people": " 人",
    "msg.cli.unit.seconds": " 秒",
    "msg.cli.unit.share": "，例如 0.95 表示 95%",
    "msg.cli.not_number": "「{text}」不是{kind}；请给出{kind}（{allowed}）",
    "msg.cli.out_of_range": "请给出{kind}（{allowed}），而不是 {text}",
    "msg.cli.minutes_not_list": (
        "「{text}」不是分钟数列表；请写成例如 5,10,15（每个须大于 0 且不超过 {most:g} 分钟）"
    ),
    "msg.cli.minutes_none": "请至少给出一个时间标准，例如 5,10,15",
    "msg.cli.minutes_out_of_range": "每个时间标准须大于 0 且不超过 {most:g} 分钟，而不是 {wrong}",
    "msg.cli.minutes_not_ascending": (
        "请按从小到大的顺序给出时间标准且不要重复，例如 5,10,15，而不是 {text}"
    ),
    "msg.cli.warning_line": "  警告：{warning}",
    "msg.cli.note_line": "  说明：{note}",
    "msg.cli.interrupted": "已中断；先前的结果保持不变。",
    "msg.cli.unexpected": (
        "意外错误（{detail}）。先前的结果保持不变。请加 `-v` 重新运行查看详情；"
        "如果问题仍然存在，请附上这些详情报告问题。"
    ),
    "msg.cli.os_error_file": "无法使用 {path}：{reason}。请检查路径及其权限。",
    "msg.cli.os_error": "无法使用文件：{reason}。请检查路径及其权限。",
    "msg.cli.bar.coverage": "覆盖分析",
    "msg.cli.bar.siting": "网点选址",
    "msg.cli.bar.report": "生成报告",
    "msg.workflow.file_note": "{path}：{note}",
    "msg.siting.bad_type_capacity": (
        "网点类型「{type}」的服务能力须为 0 或以上的人数（不限人数请填 `inf`）。"
    ),
    "msg.siting.bad_weights": "各需求单元的人口须为有限的非负数；请检查人口数据中的负数或空值。",
    "msg.siting.bad_break": (
        "网点类型「{type}」的服务时间标准须为 0 或以上的分钟数；而这里是 {minutes}。"
    ),
    "msg.siting.bad_class_weight": "类别「{name}」的权重须为 0 或以上；而这里是 {value}。",
    "msg.maps.unknown_basemap": "未知的底图「{basemap}」；请选择 {choices} 之一。",
    "msg.maps.tianditu_key": "天地图底图需要您的天地图密钥（`tk`）。",
    "msg.maps.no_assets": (
        "地图的 Leaflet 文件没有安装在 {folder} 中；请运行一次 "
        "`bash scripts/install_web_assets.sh`，然后重新导出。"
    ),
    "msg.reach.not_points": "点位须为点图层（`GeoDataFrame` 或 `GeoSeries`）。",
    "msg.reach.bad_direction": (
        "出行方向须为 `to_sites`（前往网点）或 `from_sites`（从网点出发），而不是「{direction}」。"
    ),
}

EN: dict[str, str] = {
    "msg.planning.unknown_model": "Unknown model {model!r}: use mclp, min or pmedian.",
    "msg.planning.min_needs_target": (
        "The minimum-outlets model needs a coverage target (e.g. 0.95) or must-cover "
        "classes (relocation, industrial)."
    ),
    "msg.planning.needs_new": "Say how many new outlets the {model} model may open.",
    "msg.planning.bad_target": (
        "The coverage target must be a share between 0 and 1 (e.g. 0.95), not {target}."
    ),
    "msg.planning.bad_capacity": "Capacity must be a positive number of people per outlet.",
    "msg.planning.unknown_new_types": (
        "Unknown outlet types for new outlets: {unknown}; use one of {types}."
    ),
    "msg.planning.no_demand_class": (
        "There is no demand of class {missing} to cover in this area; "
        "remove it from the must-cover list or load those areas first."
    ),
    "msg.planning.no_candidates": (
        "There are no candidate sites; add OSM premises, auto-generated sites or your list."
    ),
    "msg.report.unknown_basemap": (
        "Unknown basemap {basemap!r}; choose one of {choices} (none works without internet)."
    ),
    "msg.report.tianditu_key": (
        "The Tianditu basemap needs your Tianditu key: add --tianditu-key KEY, or use "
        "--basemap none."
    ),
    "msg.report.map_not_html": "Write the map to an .html file, not {name!r}.",
    "msg.report.no_leaflet": (
        "{error}. The offline map needs the Leaflet files: run "
        "`bash scripts/install_web_assets.sh` once."
    ),
    "msg.report.unknown_format": "Unknown report format {formats}; choose html and/or pdf.",
    "msg.report.no_format": "(none)",
    "msg.cli.no_app": "app.py not found beside the package ({path}); run from a checkout.",
    "msg.cli.bad_minutes": (
        "--minutes {text!r} is not a list of numbers; write e.g. --minutes 5,10,15"
    ),
    "msg.cli.new_or_target": "Give either --new P (number of new outlets) or --target SHARE.",
    "msg.cli.unknown_new_type": "Unknown --new-type {new_type!r}; use one of {types}.",
    "msg.cli.bar.loading": "loading study area",
    "msg.cli.step.reading_results": "reading results",
    "msg.cli.range": "{lower}{upper}{unit}",
    "msg.cli.range.at_least": "at least {low:g}",
    "msg.cli.range.more_than": "more than {low:g}",
    "msg.cli.range.at_most": " and at most {high:g}",
    "msg.cli.kind.number": "a number",
    "msg.cli.kind.whole": "a whole number",
    "msg.cli.kind.share": "a share",
    "msg.cli.unit.kmh": " km/h",
    "msg.cli.unit.m2": " m²",
    "msg.cli.unit.people": " people",
    "msg.cli.unit.seconds": " seconds",
    "msg.cli.unit.share": " (e.g. 0.95 for 95%)",
    "msg.cli.not_number": "{text!r} is not {kind}; give {kind} {allowed}",
    "msg.cli.out_of_range": "give {kind} {allowed}, not {text}",
    "msg.cli.minutes_not_list": (
        "{text!r} is not a list of minutes; write e.g. 5,10,15 (each more than 0 and at most "
        "{most:g})"
    ),
    "msg.cli.minutes_none": "give at least one break, e.g. 5,10,15",
    "msg.cli.minutes_out_of_range": (
        "each break must be more than 0 and at most {most:g} minutes, not {wrong}"
    ),
    "msg.cli.minutes_not_ascending": (
        "give the breaks in ascending order without repeats, e.g. 5,10,15, not {text}"
    ),
    "msg.cli.warning_line": "  warning: {warning}",
    "msg.cli.note_line": "  note: {note}",
    "msg.cli.interrupted": "interrupted; earlier results were left as they were.",
    "msg.cli.unexpected": (
        "unexpected error ({detail}). Earlier results were left as they were. Run with -v for "
        "details, and report it with them if it persists."
    ),
    "msg.cli.os_error_file": "cannot use {path}: {reason}. Check the path and its permissions.",
    "msg.cli.os_error": "cannot use: {reason}. Check the path and its permissions.",
    "msg.cli.bar.coverage": "coverage",
    "msg.cli.bar.siting": "siting",
    "msg.cli.bar.report": "report",
    "msg.workflow.file_note": "{path}: {note}",
    "msg.siting.bad_type_capacity": (
        "capacity of type {type!r} must be >= 0 people (use inf for unlimited)"
    ),
    "msg.siting.bad_weights": "weights (people per demand unit) must be finite and >= 0",
    "msg.siting.bad_break": "type {type!r}: the break must be >= 0 minutes; got {minutes}",
    "msg.siting.bad_class_weight": "class weight for {name!r} must be >= 0; got {value}",
    "msg.maps.unknown_basemap": "unknown basemap {basemap!r}; choose one of {choices}",
    "msg.maps.tianditu_key": "the Tianditu basemap needs your Tianditu key (tk)",
    "msg.maps.no_assets": (
        "the map's Leaflet files are not installed in {folder}; "
        "run scripts/install_web_assets.sh once, then export again"
    ),
    "msg.reach.not_points": "points must be a GeoDataFrame or GeoSeries",
    "msg.reach.bad_direction": ("direction must be 'to_sites' or 'from_sites', not {direction!r}"),
}
