"""Messages of the results (servicecircle.results): files, exports and projects."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.results.project.not_found": "找不到项目文件 {file}，请检查路径。",
    "msg.results.project.not_gpkg": (
        "{file} 无法作为 GeoPackage 打开（{detail}）。文件可能已损坏或不完整，请选用该项目的其他副"
        "本。"
    ),
    "msg.results.project.foreign_meta": (
        "{file} 中的 {table} 表不是 servicecircle 写入的，无法作为项目打开。请选择由 servicecircle "
        "保存的项目文件。"
    ),
    "msg.results.project.newer": (
        "{file} 是由更新版本的 servicecircle 写入的（格式 {version}），请更新 servicecircle 后再打"
        "开。"
    ),
    "msg.results.project.damaged": (
        "{file} 是已损坏的 servicecircle 项目：{problem}。请打开该文件较早的副本，或将各方案重新保"
        "存到新项目中（在应用的报告页面，或使用 `servicecircle analyze`/`site` 加 `--project 新文件"
        ".gpkg`）。"
    ),
    "msg.results.project.layer_unreadable": (
        "{file}：无法读取图层 {layer!r}（{detail}）。文件可能已损坏或不完整：请在 QGIS 中打开检查，"
        "或重新导出。"
    ),
    "msg.results.project.not_json": (
        "{what}无法保存到项目中：{detail}。只能使用文字、数字、是/否、列表和键值对。"
    ),
    "msg.results.project.frame_name": "每个{what}都需要一个非空的文字名称；而这里是 {name!r}。",
    "msg.results.project.not_layer": (
        "图层 {name!r} 是 {kind}，不是带几何的地理数据表（`GeoDataFrame`）；没有几何的表格请放"
        "在表格部分（`tables`）中。"
    ),
    "msg.results.project.not_table": "表格 {name!r} 是 {kind}，不是数据表（`pandas.DataFrame`）。",
    "msg.results.project.scenario_name": "方案需要一个名称，请给它起一个简短的名称。",
    "msg.results.project.project_name": "项目需要一个名称，请给它起一个简短的名称。",
    "msg.results.project.what_parameters": "方案 {scenario!r} 的参数",
    "msg.results.project.what_summary": "方案 {scenario!r} 的结果摘要",
    "msg.results.project.what_settings": "项目设置",
    "msg.results.project.duplicates": (
        "方案名称不能重复；{names} 出现了不止一次，请重命名其中一个。"
    ),
    "msg.results.project.no_demand": "方案 {scenario!r} 没有需求图层，请先对它进行覆盖分析。",
    "msg.results.project.standard_only": (
        "方案 {scenario!r} 只保存了新增网点按服务标准（各类网点自己的分钟数）的覆盖情况，没有按时间"
        "分段的覆盖情况；请按服务标准比较各方案。"
    ),
    "msg.results.project.no_minutes": (
        "方案 {scenario!r} 没有带 `minutes_to_nearest` 列（到最近网点的分钟数）的需求图层，请先"
        "对它进行覆盖分析。"
    ),
    "msg.results.project.other_units": (
        "方案 {first!r} 和 {second!r} 使用了不同的需求单元；请比较基于同一需求图层的方案。"
    ),
    "msg.results.project.is_folder": (
        "无法将项目保存到 {target}：这是一个文件夹。请为项目指定文件名，例如 project.gpkg。"
    ),
    "msg.results.project.foreign_file": (
        "{target} 不是 servicecircle 项目：{holds}。在此保存项目会覆盖整个文件并丢失其中内容，因此"
        "未做改动。请为项目选择一个新的文件名，例如 {free}。"
    ),
    "msg.results.project.no_folder": (
        "无法将项目保存到 {target}：文件夹 {folder} 不存在。请先创建该文件夹，或选择其他位置。"
    ),
    "msg.results.project.saving": "正在保存 {name}",
    "msg.results.project.saving_scenarios": "正在保存方案列表",
    "msg.results.project.saving_settings": "正在保存项目设置",
    "msg.results.project.written": "项目已保存",
    "msg.results.project.duplicate_columns": "{table!r} 有重复的列名，请在保存项目前重命名。",
    "msg.results.project.column_name": "{table!r} 中的列名 {column!r} 无法保存，请使用文字列名。",
    "msg.results.export.mixed": (
        "Shapefile 只能保存一种几何类型，而此图层混合了 {kinds}。请导出为 GeoPackage（.gpkg）或拆分"
        "图层。"
    ),
    "msg.results.export.bare_shp": (
        "{file}：Shapefile 由多个文件组成，请导出为压缩包，例如 {stem}.shp.zip。"
    ),
    "msg.results.export.unknown_suffix": (
        "无法判断 {file!r} 的文件格式；请以 .gpkg、.geojson、.csv 或 .shp.zip 结尾，或指定 "
        "format=..."
    ),
    "msg.results.export.unknown_format": (
        "未知的导出格式 {format!r}，请从以下格式中选择：{formats}。"
    ),
    "msg.results.export.no_folder": "无法导出到 {target}：文件夹 {folder} 不存在。",
    "msg.results.export.several_layers": (
        "多个图层须保存到一个 .gpkg 或 .xlsx 文件中，请以 .gpkg 或 .xlsx 结尾命名。"
    ),
    "msg.results.out_is_file": (
        "输出文件夹 {folder} 是一个文件。请用 --out 指定文件夹名称（不存在时会自动创建），而不是文"
        "件。"
    ),
    "msg.results.out_parent_file": (
        "无法创建输出文件夹 {folder}：{parent} 是文件而不是文件夹。请另选一个 --out 文件夹。"
    ),
    "msg.results.rerun": "请重新运行 `servicecircle {command} ... --out {folder}` 以重新生成",
    "msg.results.damaged": "{path} 已损坏：{what}；{hint}。",
    "msg.results.missing": "{folder} 中没有 {file}；{hint}。",
    "msg.results.not_utf8": "它不是 UTF-8 文本",
    "msg.results.not_json": "它不是有效的 JSON（{detail}）",
    "msg.results.unreadable": "无法读取 {path}：{detail}。",
    "msg.results.version": "无法读取 {path}：{detail}；{hint}。",
    "msg.results.project.no_outputs": (
        "{folder} 中没有 analysis.gpkg 和 summary.json；请先运行 `servicecircle analyze ... --out "
        "{folder}`。"
    ),
    "msg.results.project.output_damaged": (
        "{folder} 中的 {file} 已损坏（{problem}）。可能是运行被中断或磁盘空间不足留下的：请加上 "
        "`--out {folder}` 重新运行 `servicecircle analyze`（或 `site`）。"
    ),
    "msg.results.project.output_damaged_site": (
        "{folder} 中的 {file} 已损坏（{problem}）。可能是运行被中断或磁盘空间不足留下的：请加上 "
        "`--out {folder}` 重新运行 `servicecircle site`。"
    ),
    "msg.results.project.locked": (
        "无法将项目保存到 {target}：{owner} 正在保存它，且未在 {seconds:g} 秒内完成。请等待那次保存"
        "结束后重试；如果它卡住了，请停止该进程（其锁文件为 {lock}，进程结束时释放）。项目文件未做"
        "改动。"
    ),
    "msg.results.no_folder": (
        "文件夹 {folder} 不存在；请给出 `servicecircle analyze --out` 写入的文件夹，或先运行 "
        "analyze。"
    ),
}

EN: dict[str, str] = {
    "msg.results.project.not_found": "No project file at {file}; check the path.",
    "msg.results.project.not_gpkg": (
        "{file} could not be opened as a GeoPackage ({detail}). The file may be damaged or cut "
        "off: choose another copy of the project."
    ),
    "msg.results.project.foreign_meta": (
        "{file} has an {table} table that servicecircle did not write; it cannot be opened as a "
        "project. Choose a project file saved by servicecircle."
    ),
    "msg.results.project.newer": (
        "{file} was written by a newer servicecircle (format {version}); update servicecircle to "
        "open it."
    ),
    "msg.results.project.damaged": (
        "{file} is a damaged servicecircle project: {problem}. Open an earlier copy of the file, "
        "or save the scenarios again into a new project (the report page of the app, or "
        "`servicecircle analyze`/`site` with `--project NEW.gpkg`)."
    ),
    "msg.results.project.layer_unreadable": (
        "{file}: layer {layer!r} could not be read ({detail}). The file may be damaged or cut off: "
        "open it in QGIS to check, or export it again."
    ),
    "msg.results.project.not_json": (
        "The {what} cannot be saved in a project: {detail}. Use only text, numbers, true/false, "
        "lists and key/value mappings."
    ),
    "msg.results.project.frame_name": "Every {what} needs a non-empty text name; got {name!r}.",
    "msg.results.project.not_layer": (
        "Layer {name!r} is a {kind}, not a GeoDataFrame; put tables without geometry under "
        "'tables'."
    ),
    "msg.results.project.not_table": "Table {name!r} is a {kind}, not a pandas DataFrame.",
    "msg.results.project.scenario_name": "A scenario needs a name; give it a short text name.",
    "msg.results.project.project_name": "A project needs a name; give it a short text name.",
    "msg.results.project.what_parameters": "parameters of scenario {scenario!r}",
    "msg.results.project.what_summary": "summary of {scenario!r}",
    "msg.results.project.what_settings": "project settings",
    "msg.results.project.duplicates": (
        "Scenario names must be unique; {names} appear more than once. Rename one of them."
    ),
    "msg.results.project.no_demand": (
        "Scenario {scenario!r} has no demand layer; run the coverage analysis for it."
    ),
    "msg.results.project.standard_only": (
        "Scenario {scenario!r} holds its new sites' coverage only at the service standard (each "
        "outlet type's own minutes), not by time break; compare the scenarios at the service "
        "standard instead."
    ),
    "msg.results.project.no_minutes": (
        "Scenario {scenario!r} has no demand layer with 'minutes_to_nearest'; run the coverage "
        "analysis for it first."
    ),
    "msg.results.project.other_units": (
        "Scenarios {first!r} and {second!r} use different demand units; compare scenarios built on "
        "the same demand layer."
    ),
    "msg.results.project.is_folder": (
        "Cannot save the project to {target}: that is a folder. Give the project a file name, e.g. "
        "project.gpkg."
    ),
    "msg.results.project.foreign_file": (
        "{target} is not a servicecircle project: {holds}. Saving the project there would replace "
        "the whole file and lose what it holds, so it was left unchanged. Choose a new file name "
        "for the project, e.g. {free}."
    ),
    "msg.results.project.no_folder": (
        "Cannot save the project to {target}: the folder {folder} does not exist. Create it or "
        "choose another place."
    ),
    "msg.results.project.saving": "saving {name}",
    "msg.results.project.saving_scenarios": "saving scenario list",
    "msg.results.project.saving_settings": "saving project settings",
    "msg.results.project.written": "project written",
    "msg.results.project.duplicate_columns": (
        "{table!r} has duplicate column names; rename them before saving the project."
    ),
    "msg.results.project.column_name": (
        "Column name {column!r} in {table!r} cannot be saved; use text column names."
    ),
    "msg.results.export.mixed": (
        "A Shapefile holds one kind of geometry, but this layer mixes {kinds}. Export it as "
        "GeoPackage (.gpkg) or split it."
    ),
    "msg.results.export.bare_shp": (
        "{file}: a Shapefile is several files; export it zipped, e.g. {stem}.shp.zip."
    ),
    "msg.results.export.unknown_suffix": (
        "Cannot tell the file format of {file!r}; end the name with .gpkg, .geojson, .csv or "
        ".shp.zip, or pass format=..."
    ),
    "msg.results.export.unknown_format": (
        "Unknown export format {format!r}; choose one of {formats}."
    ),
    "msg.results.export.no_folder": (
        "Cannot export to {target}: the folder {folder} does not exist."
    ),
    "msg.results.export.several_layers": (
        "Several layers go into one .gpkg or .xlsx file; end the name with .gpkg or .xlsx."
    ),
    "msg.results.out_is_file": (
        "The output folder {folder} is a file. Give a folder name with --out (it is created when "
        "missing), not a file."
    ),
    "msg.results.out_parent_file": (
        "Cannot make the output folder {folder}: {parent} is a file, not a folder. Choose another "
        "--out folder."
    ),
    "msg.results.rerun": (
        "run `servicecircle {command} ... --out {folder}` again to write it afresh"
    ),
    "msg.results.damaged": "{path} is damaged: {what}; {hint}.",
    "msg.results.missing": "{folder} has no {file}; {hint}.",
    "msg.results.not_utf8": "it is not UTF-8 text",
    "msg.results.not_json": "it is not valid JSON ({detail})",
    "msg.results.unreadable": "Cannot read {path}: {detail}.",
    "msg.results.version": "{path} cannot be read: {detail}; {hint}.",
    "msg.results.project.no_outputs": (
        "{folder} has no analysis.gpkg and summary.json; run `servicecircle analyze ... --out "
        "{folder}` first."
    ),
    "msg.results.project.output_damaged": (
        "{file} in {folder} is damaged ({problem}). It may be left by a run that was stopped or "
        "ran out of disk space: run `servicecircle analyze` (or `site`) with `--out {folder}` "
        "again."
    ),
    "msg.results.project.output_damaged_site": (
        "{file} in {folder} is damaged ({problem}). It may be left by a run that was stopped or "
        "ran out of disk space: run `servicecircle site` with `--out {folder}` again."
    ),
    "msg.results.project.locked": (
        "Cannot save the project to {target}: it is being saved by {owner}, which did not finish "
        "within {seconds:g} seconds. Wait until that save ends and try again, or stop that process "
        "if it hangs (its lock is {lock}, released when the process ends). The project file is "
        "unchanged."
    ),
    "msg.results.no_folder": (
        "The folder {folder} does not exist; give the folder that `servicecircle analyze --out` "
        "wrote, or run analyze first."
    ),
}
