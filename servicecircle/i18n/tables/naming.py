"""Texts of the study area's name, its sources and the server's extracts (zh and en).

:mod:`servicecircle.inputs.naming` (names, sources as outputs show them),
:mod:`servicecircle.inputs.extracts` (the extracts an administrator lists),
the report's titles and the study-area page's name and source fields.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # the report
    "report.titled": "{area}{title}",
    "report.map_title": "{area}：{title}",
    "report.source.extract": "服务器上的 OpenStreetMap 数据（{name}）",
    # the app
    "study.name": "研究区名称",
    "study.name_help": (
        "用于页面标题、报告、地图和导出文件。默认取边界、地名或数据中的行政区名称；清空后恢复默认名称。"
    ),
    "study.source.extract": "服务器上的数据",
    "study.extract": "数据",
    "study.extract_help": "由服务器管理员配置的县（区）数据，按名称选择。",
    "study.need_extract": "请先选择一份服务器上的数据。",
    "study.no_extracts": "服务器上没有配置数据。",
    "study.sample_ready": "已载入内置示例，可直接到后续页面计算；也可在此更换数据来源。",
    "app.area_title": "研究区：{name}",
    # the library
    "msg.extracts.missing": (
        "服务器上的数据“{name}”找不到对应的文件。请联系管理员检查配置文件 {config} 中这一条。"
    ),
    "msg.extracts.unknown": "服务器上没有名为“{name}”的数据。请从列表中选择。",
    "msg.extracts.bad_config": (
        "服务器的数据配置文件 {config} 无法读取（{detail}）。请联系管理员修正；在此之前可"
        "使用内置示例或上传数据文件。"
    ),
    "msg.extracts.bad_entry": (
        "服务器的数据配置文件 {config} 中第 {number} 条缺少名称或路径（需要 `name` 和 `path` 两"
        "项）。"
    ),
}

EN: dict[str, str] = {
    "report.titled": "{title} — {area}",
    "report.map_title": "{area}: {title}",
    "report.source.extract": "OpenStreetMap data on the server ({name})",
    "study.name": "Study area name",
    "study.name_help": (
        "Used in page titles, the report, maps and exported files. By default the name in the "
        "boundary, the place or the data's administrative boundary; clear it for the default."
    ),
    "study.source.extract": "Data on the server",
    "study.extract": "Data",
    "study.extract_help": "County or district data set up by the server's administrator, by name.",
    "study.need_extract": "Choose the data on the server first.",
    "study.no_extracts": "No data is set up on this server.",
    "study.sample_ready": (
        "The embedded sample is loaded: the next pages compute straight away. Choose another "
        "source here to change it."
    ),
    "app.area_title": "Study area: {name}",
    "msg.extracts.missing": (
        "The server's data {name!r} has no file where it should be. Ask the administrator to "
        "check this entry in the configuration file {config}."
    ),
    "msg.extracts.unknown": "This server has no data called {name!r}. Choose one from the list.",
    "msg.extracts.bad_config": (
        "The server's data configuration file {config} cannot be read ({detail}). Ask the "
        "administrator to fix it; meanwhile use the embedded sample or upload a file."
    ),
    "msg.extracts.bad_entry": (
        "Entry {number} of the server's data configuration file {config} lacks a name or a "
        "path (both name and path are needed)."
    ),
}
