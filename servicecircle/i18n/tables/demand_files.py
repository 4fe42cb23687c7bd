"""Messages on the planner's census tables and population grids (demand)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.demand.file_not_found": "找不到文件 {file!r}，请检查文件名和所在文件夹。",
    "msg.demand.census.no_rows": (
        "{source}：没有一行同时填写了单元名称和人口。请填写“{column}”列（如果该列是公式，请在 "
        "Excel 或 WPS 中打开并保存一次，使数值得以保存），然后重试。"
    ),
    "msg.demand.census.wide_rows": (
        "{source}：第 {rows} 行（按 Excel 中显示的行号）填写的单元格多于表头的 {width} 列。请补上缺"
        "少的列名，或删除多余的单元格（常见原因是数字写成 1,500 而未加引号），然后重试。"
    ),
    "msg.demand.census.bad_text": "第 {rows} 行为非数字的文字",
    "msg.demand.census.bad_text_more": "第 {rows} 行等处为非数字的文字",
    "msg.demand.census.bad_negative": "第 {rows} 行为负数",
    "msg.demand.census.bad_negative_more": "第 {rows} 行等处为负数",
    "msg.demand.census.bad_population": (
        "{source}：人口列“{column}”中，{problems}（按 Excel 中显示的行号）。请把每个总数写成数字，"
        "如 12345 或 12,345，或删除这些行，然后重试。"
    ),
    "msg.demand.census.filled_down": (
        "{source}：有 {count} 行只填写了社区/村而没有街道/乡镇，均沿用上一行的街道/乡镇（合并单元格"
        "）。"
    ),
    "msg.demand.census.total_rows": "{source}：已跳过合计行（第 {rows} 行）。",
    "msg.demand.census.repeated": (
        "{source}：“{name}”出现了不止一次（{rows}）。每个单元只保留一行（如两个街道/乡镇各有一个同"
        "名社区/村，请加上街道/乡镇列），然后重试。"
    ),
    "msg.demand.census.registered_only": (
        "{source}：只给出了户籍人口（{column}），将使用户籍人口。常住人口更接近实际居住人数，如有请"
        "提供。"
    ),
    "msg.demand.census.both_populations": (
        "{source}：同时给出了常住人口（{resident}）和户籍人口（{registered}），将使用常住人口，因为"
        "它统计的是实际居住的人。"
    ),
    "msg.demand.census.nothing": "无",
    "msg.demand.census.no_header": (
        "{source}：前 {rows} 行中没有找到人口统计表头（第一行为：{first}）。请提供一列单元名称"
        "（街道或乡镇、社区或村，或名称）和一列人口（常住人口、户籍人口、人口或 `population`）"
        "。"
    ),
    "msg.demand.census.workbook_as_csv": (
        "{file} 是扩展名为 .csv 的 Excel/WPS 工作簿，而不是 CSV 文本文件。请将扩展名改为 .xlsx，或"
        "打开后选择“另存为”→“CSV UTF-8”。"
    ),
    "msg.demand.census.unreadable_csv": (
        "{file} 无法作为表格读取（{detail}）。请在 Excel 或 WPS 中打开，并重新另存为“CSV UTF-8”。"
    ),
    "msg.demand.census.not_xlsx": (
        "{file} 不是 .xlsx 工作簿。请在 Excel 或 WPS 中打开，另存为 .xlsx 或“CSV UTF-8”，然后重试。"
    ),
    "msg.demand.census.old_xls_renamed": (
        "{file} 不是 .xlsx 工作簿（它是改了扩展名的旧版 .xls 工作簿）。请在 Excel 或 WPS 中打开，另"
        "存为 .xlsx 或“CSV UTF-8”，然后重试。"
    ),
    "msg.demand.census.unpacks_to": "{file} 解压后为 {mb:,.1f} MB",
    "msg.demand.census.xml_entities": (
        "{file}：其中的部件 {part!r} 声明了 XML 实体，而 Excel 从不写入这种内容。请在 Excel 或 WPS "
        "中打开该文件，重新保存后再试。"
    ),
    "msg.demand.census.unreadable_xlsx": (
        "{file} 无法作为 .xlsx 工作簿读取（{detail}）。请在 Excel 或 WPS 中打开，重新另存为 .xlsx "
        "或“CSV UTF-8”，然后重试。"
    ),
    "msg.demand.census.no_sheet": "{file} 中没有工作表 {sheet!r}，现有的工作表为 {sheets}。",
    "msg.demand.census.sheet_used": "{file}：使用工作表 {sheet!r}（共 {sheets} 个工作表）。",
    "msg.demand.census.no_header_sheets": (
        "{file}：所有工作表（{sheets}）都没有人口统计表头。请提供一列单元名称（街道、乡镇、社区"
        "、村或名称）和一列人口（常住人口、户籍人口、人口或 `population`）。"
    ),
    "msg.demand.census.old_workbook": (
        "{file} 是 {suffix} 格式的工作簿，无法读取。请在 Excel 或 WPS 中打开，另存为 .xlsx（Excel "
        "工作簿）或“CSV UTF-8”，然后重试。"
    ),
    "msg.demand.census.no_extension": "没有扩展名的",
    "msg.demand.census.wrong_kind": (
        "{file}：人口统计数据须来自表格（.csv 或 .xlsx）或带人口列的边界图层（.geojson、.gpkg、压缩"
        "的 .shp），不能读取 {kind} 文件。"
    ),
    "msg.demand.census.no_population_column": (
        "{file}：在 {columns} 中没有人口列。请将其命名为 常住人口、人口 或 `population`，然后重试。"
    ),
    "msg.demand.census.both_columns": (
        "{file}：同时给出了 {resident!r} 和 {registered!r}，将使用常住人口。"
    ),
    "msg.demand.census.layer_not_counts": (
        "{file}：人口列 {column!r} 中有不是人数的值：第 {features} 个要素（按文件顺序从 1 编号）。"
        "请把每个总数写成数字，然后重试。"
    ),
    "msg.demand.census.blank_areas": "{file}：有 {count} 个区域没有人口数，未予使用。",
    "msg.demand.grid.not_geotiff": (
        "{file} 不是 GeoTIFF，看起来像{looks}。请以 GeoTIFF（.tif）格式提供人口栅格，例如从 "
        "WorldPop 或 GHSL 下载的文件，或从 QGIS 导出的文件（栅格 > 转换 > 转换格式，格式选 GeoTIFF"
        "）。"
    ),
    "msg.demand.grid.no_crs": (
        "{file} 没有注明坐标系。请为其指定坐标系后保存（QGIS：栅格 > 投影 > 指定投影，例如 "
        "WorldPop 为 EPSG:4326，GHSL 为 ESRI:54009），然后重试。"
    ),
    "msg.demand.grid.bad_crs": (
        "{file}：无法识别其坐标系（{detail}）。请以标准坐标系（EPSG:4326、ESRI:54009）重新保存，然"
        "后重试。"
    ),
    "msg.demand.grid.blocks": "{file} 按 {rows:,} × {cols:,} 个栅格单元分块存储",
    "msg.demand.grid.blocks_advice": (
        "请以分块（瓦片）方式保存（在 QGIS 中：栅格 > 转换 > 转换格式，创建选项 `TILED=YES`），"
        "或先将其裁剪到研究范围。"
    ),
    "msg.demand.grid.rotated": (
        "{file} 是旋转的栅格（格网与坐标轴不平行）。请重投影为正北朝上的格网（QGIS：栅格 > 投影 > "
        "变形），然后重试。"
    ),
    "msg.demand.grid.negative": "{file}：有 {count:,} 个栅格单元的值小于 0，按无数据处理。",
    "msg.demand.grid.no_data": (
        "{file} 在研究范围内没有数据（所有栅格单元均为空或标记为无数据）。请确认这是本地区的人口栅"
        "格。"
    ),
    "msg.demand.grid.elsewhere": (
        "{file} 没有覆盖研究范围（其栅格单元位于别处）。请选用研究范围所在国家或地区的人口栅格。"
    ),
    "msg.demand.grid.cells": "{file} 在研究范围内有 {cells:,} 个栅格单元",
    "msg.demand.grid.cells_advice": "请使用更粗的栅格或更小的研究范围。",
    "msg.demand.grid.bands": "{file}：共 {bands} 个波段，读取第 1 波段作为每个栅格单元的人口。",
    "msg.demand.grid.unreadable": (
        "{file} 无法作为 GeoTIFF 读取（{detail}）。文件可能已损坏，或使用了本服务器无法读取的压缩方"
        "式：请在 QGIS 中重新保存（栅格 > 转换 > 转换格式，GeoTIFF，压缩方式 DEFLATE），然后重试。"
    ),
    "msg.demand.grid.read": (
        "{file}：在研究范围内读取了 {rows:,} × {cols:,} 个栅格单元（共 {people:,.0f} 人），数值按每"
        "个栅格单元的人口读取。"
    ),
    "msg.demand.grid.shared": (
        "人口栅格 {source}：研究范围内共 {grid_people:,.0f} 人（按建筑和土地利用估算的居民为 "
        "{estimate_before:,.0f} 人）；其中 {to_homes:,.0f} 人按建筑面积分配给所在栅格单元内的住宅，"
        "{to_cells:,.0f} 人位于 {cell_points:,.0f} 个没有已绘住宅的栅格单元中，每个单元各作为一个需"
        "求点。"
    ),
    "msg.demand.grid.kept": (
        "有 {units:,} 个居住单元（{people:,.0f} 人）位于人口栅格无数据的地方，保留原估算。"
    ),
    "msg.demand.grid.zeroed": (
        "有 {units:,} 个居住单元位于人口栅格计为无人的栅格单元中，现按无人计。"
    ),
    "msg.demand.estimate.far_land": (
        "有 {hectares:,.1f} 公顷未绘建筑的居住用地距任何道路超过 {metres:g} 米，未计入"
    ),
    "msg.demand.estimate.unmapped_land": (
        "{residential:,.1f} 公顷居住用地中有 {unmapped:,.1f} 公顷没有已绘建筑，按每公顷 "
        "{density:g} 人计算"
    ),
    "msg.demand.estimate.footprints_as_land": (
        "有 {count} 个占地超过 {largest:,.0f} 平方米的居住建筑轮廓按用地而非建筑计算（见其依据）"
    ),
    "msg.demand.estimate.outside": "研究范围以外的 {count:,} 栋建筑未计入",
    "msg.demand.census.status.scaled": "已按普查数校正",
    "msg.demand.census.status.no_census": "没有普查数",
    "msg.demand.census.status.with_parent": "没有普查数，随所在街道/乡镇一并校正",
    "msg.demand.census.status.not_found": "未找到",
    "msg.demand.census.status.ambiguous": "匹配到多个单元",
    "msg.demand.census.status.repeated": "单元重复给出",
    "msg.demand.census.status.no_residents": "未估算出居民",
    "msg.demand.census.status.under_parts": "小于其下属社区/村之和",
    "msg.demand.census.township_not_found": "未找到街道/乡镇 {township!r}",
    "msg.demand.census.in_several_townships": (
        "{community!r} 是 {count} 个街道/乡镇中都有的社区/村：{places}；请同时写明其所属街道/乡镇"
    ),
    "msg.demand.census.several": "{name!r} 匹配到 {count} 个单元：{units}",
    "msg.demand.census.same_unit": "与 {where} 是同一个单元",
    "msg.demand.census.under_parts": (
        "其下有单独总数的单元合计 {parts:,.0f} 人，多于其 {census:,.0f} 人，其余居民保留原估算"
    ),
    "msg.demand.census.no_residents": (
        "普查在此处计有 {people:,.0f} 人；请为他们补充需求点或人口栅格"
    ),
    "msg.demand.census.source_column": "{source}，列 {column!r}",
    "msg.demand.census.applied": (
        "人口普查数（{source}）：{count} 个中采用了 {applied} 个；居民估算为 {before:,.0f} 人，校正"
        "后为 {after:,.0f} 人。"
    ),
    "msg.demand.census.entry": "普查数 {name!r}（{where}，{census:,.0f} 人）{status}。",
    "msg.demand.census.entry_detail": (
        "普查数 {name!r}（{where}，{census:,.0f} 人）{status}：{detail}。"
    ),
    "msg.demand.census.no_boundaries": (
        "无（请提供街道/乡镇、社区/村边界，或以带人口列的面图层提供普查数）"
    ),
    "msg.demand.census.problem": "{name!r}（{where}）：{detail}",
    "msg.demand.census.more": "另有 {count} 个",
    "msg.demand.census.nothing_matched": (
        "{source} 中的普查数都无法采用：在研究范围的街道/乡镇、社区/村中找不到，或同时匹配到多个："
        "{problems}。已知名称：{known}。"
    ),
}

EN: dict[str, str] = {
    "msg.demand.file_not_found": "File {file!r} was not found. Check the name and folder.",
    "msg.demand.census.no_rows": (
        "{source}: no row has both a unit name and a population. Fill in the '{column}' column (if "
        "it holds formulas, open the file in Excel or WPS and save it, so that their values are "
        "stored) and try again."
    ),
    "msg.demand.census.wide_rows": (
        "{source}: more filled cells than the header has columns ({width}) in row {rows} (row "
        "numbers as Excel shows them). Add the missing column names, or remove the extra cells "
        "(often a number written 1,500 without quotes), and try again."
    ),
    "msg.demand.census.bad_text": "text that is not a number in row {rows}",
    "msg.demand.census.bad_text_more": "text that is not a number in row {rows} and more",
    "msg.demand.census.bad_negative": "a negative number in row {rows}",
    "msg.demand.census.bad_negative_more": "a negative number in row {rows} and more",
    "msg.demand.census.bad_population": (
        "{source}: the population column '{column}' has {problems} (row numbers as Excel shows "
        "them). Write each total as a number such as 12345 or 12,345, or delete those rows, and "
        "try again."
    ),
    "msg.demand.census.filled_down": (
        "{source}: {count} rows name a community but no township; each takes the township of the "
        "row above (merged cells)."
    ),
    "msg.demand.census.total_rows": "{source}: total rows skipped (row {rows}).",
    "msg.demand.census.repeated": (
        "{source}: '{name}' is given more than once ({rows}). Keep one row per unit (add the "
        "township column when two townships have a community of the same name) and try again."
    ),
    "msg.demand.census.registered_only": (
        "{source}: only the registered population ({column}) is given; it is used. The resident "
        "population (常住人口) is closer to who lives there: give it when you have it."
    ),
    "msg.demand.census.both_populations": (
        "{source}: both the resident ({resident}) and the registered population ({registered}) are "
        "given; the resident population (常住人口) is used, as it counts who lives there."
    ),
    "msg.demand.census.nothing": "none",
    "msg.demand.census.no_header": (
        "{source}: no census header was found in the first {rows} rows (the first row reads: "
        "{first}). Give a column naming the units (街道 or 乡镇 for townships/streets, 社区 or 村 "
        "for communities/villages, or 名称) and a population column (常住人口, 户籍人口, 人口 or "
        "population)."
    ),
    "msg.demand.census.workbook_as_csv": (
        "{file} is an Excel/WPS workbook with a .csv name, not a CSV text file. Rename it to "
        ".xlsx, or open it and choose 'Save as' -> 'CSV UTF-8'."
    ),
    "msg.demand.census.unreadable_csv": (
        "{file} could not be read as a table ({detail}). Open it in Excel or WPS and save it again "
        "as 'CSV UTF-8'."
    ),
    "msg.demand.census.not_xlsx": (
        "{file} is not an .xlsx workbook. Open it in Excel or WPS and save it as .xlsx or 'CSV "
        "UTF-8', then try again."
    ),
    "msg.demand.census.old_xls_renamed": (
        "{file} is not an .xlsx workbook (it is an old .xls workbook with a new name). Open it in "
        "Excel or WPS and save it as .xlsx or 'CSV UTF-8', then try again."
    ),
    "msg.demand.census.unpacks_to": "{file} unpacks to {mb:,.1f} MB",
    "msg.demand.census.xml_entities": (
        "{file}: part {part!r} declares XML entities, which Excel never writes. Open the file in "
        "Excel or WPS, save it again, and try again."
    ),
    "msg.demand.census.unreadable_xlsx": (
        "{file} could not be read as an .xlsx workbook ({detail}). Open it in Excel or WPS, save "
        "it again as .xlsx or 'CSV UTF-8', and try again."
    ),
    "msg.demand.census.no_sheet": "{file} has no sheet {sheet!r}; its sheets are {sheets}.",
    "msg.demand.census.sheet_used": "{file}: sheet {sheet!r} used ({sheets} sheets).",
    "msg.demand.census.no_header_sheets": (
        "{file}: none of its sheets ({sheets}) has a census header. Give a column naming the units "
        "(街道, 乡镇, 社区, 村 or 名称) and a population column (常住人口, 户籍人口, 人口 or "
        "population)."
    ),
    "msg.demand.census.old_workbook": (
        "{file} is a {suffix} workbook, which is not read. Open it in Excel or WPS and save it as "
        ".xlsx (Excel workbook) or 'CSV UTF-8', then try again."
    ),
    "msg.demand.census.no_extension": "'a file without extension'",
    "msg.demand.census.wrong_kind": (
        "{file}: census totals are read from a table (.csv or .xlsx) or a boundary layer "
        "(.geojson, .gpkg, zipped .shp) with a population column, not from {kind} files."
    ),
    "msg.demand.census.no_population_column": (
        "{file}: no population column among {columns}. Name it 常住人口, 人口 or population and "
        "try again."
    ),
    "msg.demand.census.both_columns": (
        "{file}: both {resident!r} and {registered!r} are given; the resident population (常住人口"
        ") is used."
    ),
    "msg.demand.census.layer_not_counts": (
        "{file}: the population column {column!r} holds values that are not counts: feature "
        "{features} (features numbered from 1 in file order). Write each total as a number and try "
        "again."
    ),
    "msg.demand.census.blank_areas": "{file}: {count} areas without a population are not used.",
    "msg.demand.grid.not_geotiff": (
        "{file} is not a GeoTIFF: it looks like {looks}. Give the population grid as a GeoTIFF "
        "(.tif), e.g. as downloaded from WorldPop or GHSL, or exported from QGIS (Raster > "
        "Conversion > Translate, format GeoTIFF)."
    ),
    "msg.demand.grid.no_crs": (
        "{file} states no coordinate system. Save it with one (QGIS: Raster > Projections > Assign "
        "Projection, e.g. EPSG:4326 for WorldPop, ESRI:54009 for GHSL) and try again."
    ),
    "msg.demand.grid.bad_crs": (
        "{file}: its coordinate system could not be understood ({detail}). Save it again in a "
        "standard one (EPSG:4326, ESRI:54009) and try again."
    ),
    "msg.demand.grid.blocks": "{file} is stored in blocks of {rows:,} × {cols:,} cells",
    "msg.demand.grid.blocks_advice": (
        "Save it tiled (QGIS: Raster > Conversion > Translate, creation option TILED=YES), or clip "
        "it to the study area first."
    ),
    "msg.demand.grid.rotated": (
        "{file} is rotated (its grid is not aligned with its coordinate axes). Warp it to a "
        "north-up grid (QGIS: Raster > Projections > Warp) and try again."
    ),
    "msg.demand.grid.negative": "{file}: {count:,} cells below 0 are taken as no data.",
    "msg.demand.grid.no_data": (
        "{file} has no data over the study area (every cell is empty or marked as no data). Check "
        "that it is the grid of this place."
    ),
    "msg.demand.grid.elsewhere": (
        "{file} does not cover the study area (its cells lie elsewhere). Choose the grid of the "
        "study area's country or region."
    ),
    "msg.demand.grid.cells": "{file} has {cells:,} cells over the study area",
    "msg.demand.grid.cells_advice": "Use a coarser grid or a smaller study area.",
    "msg.demand.grid.bands": "{file}: {bands} bands; band 1 is read as people per cell.",
    "msg.demand.grid.unreadable": (
        "{file} could not be read as a GeoTIFF ({detail}). It may be damaged or use a compression "
        "this server does not read: save it again from QGIS (Raster > Conversion > Translate, "
        "GeoTIFF, compression DEFLATE) and try again."
    ),
    "msg.demand.grid.read": (
        "{file}: {rows:,} × {cols:,} cells read over the study area ({people:,.0f} people in "
        "them); values read as people per cell."
    ),
    "msg.demand.grid.shared": (
        "Population grid {source}: {grid_people:,.0f} people in the study area "
        "({estimate_before:,.0f} residents estimated from buildings and land use); {to_homes:,.0f} "
        "shared among the homes in their cells by floor area, {to_cells:,.0f} in "
        "{cell_points:,.0f} cells without mapped homes, each now a demand point of its own."
    ),
    "msg.demand.grid.kept": (
        "{units:,} resident units ({people:,.0f} people) lie where the grid has no data and keep "
        "their estimate."
    ),
    "msg.demand.grid.zeroed": (
        "{units:,} resident units lie in cells where the grid counts nobody and now hold no one."
    ),
    "msg.demand.estimate.far_land": (
        "{hectares:,.1f} ha of unmapped residential land lie more than {metres:g} m from any road "
        "and were not counted"
    ),
    "msg.demand.estimate.unmapped_land": (
        "{unmapped:,.1f} of {residential:,.1f} ha of residential land use hold no mapped building; "
        "they count at {density:g} people/ha"
    ),
    "msg.demand.estimate.footprints_as_land": (
        "{count} residential footprints over {largest:,.0f} m² are taken as land, not buildings "
        "(see their basis)"
    ),
    "msg.demand.estimate.outside": "{count:,} buildings outside the study extent were left out",
    "msg.demand.census.status.scaled": "scaled",
    "msg.demand.census.status.no_census": "no census total",
    "msg.demand.census.status.with_parent": "no census total; scaled with its township",
    "msg.demand.census.status.not_found": "not found",
    "msg.demand.census.status.ambiguous": "several units match",
    "msg.demand.census.status.repeated": "unit given twice",
    "msg.demand.census.status.no_residents": "no residents estimated",
    "msg.demand.census.status.under_parts": "smaller than its communities",
    "msg.demand.census.township_not_found": "township {township!r} not found",
    "msg.demand.census.in_several_townships": (
        "{community!r} is a community in {count} townships: {places}; name its township too"
    ),
    "msg.demand.census.several": "{name!r} matches {count} units: {units}",
    "msg.demand.census.same_unit": "the same unit as {where}",
    "msg.demand.census.under_parts": (
        "its units with their own totals add up to {parts:,.0f}, more than its {census:,.0f}: its "
        "other residents are left as estimated"
    ),
    "msg.demand.census.no_residents": (
        "the census counts {people:,.0f} people there; add demand points or a population grid for "
        "them"
    ),
    "msg.demand.census.source_column": "{source}, column {column!r}",
    "msg.demand.census.applied": (
        "Census totals ({source}): {applied} of {count} applied; residents {before:,.0f} "
        "estimated, {after:,.0f} after scaling."
    ),
    "msg.demand.census.entry": "Census total {name!r} ({where}, {census:,.0f}) {status}.",
    "msg.demand.census.entry_detail": (
        "Census total {name!r} ({where}, {census:,.0f}) {status}: {detail}."
    ),
    "msg.demand.census.no_boundaries": (
        "none (give township/community boundaries with --boundaries, or the census totals as "
        "polygons with a population column)"
    ),
    "msg.demand.census.problem": "{name!r} ({where}): {detail}",
    "msg.demand.census.more": "{count} more",
    "msg.demand.census.nothing_matched": (
        "None of the census totals of {source} could be applied; they were not found among the "
        "townships/communities of the study area or name several: {problems}. Known names: {known}."
    ),
}
