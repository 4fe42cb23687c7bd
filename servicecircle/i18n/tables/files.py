"""Messages about reading a planner's layer files: zips, shapefiles, tables, coordinates.

Used by :mod:`servicecircle.inputs.files` and :mod:`servicecircle.inputs.size_checks`;
the rest (coordinates, notes, limits) is in :mod:`.files_more`.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # rows and features as the file shows them
    "msg.files.row": "第 {numbers} 行",
    "msg.files.rows": "第 {numbers} 行",
    "msg.files.rows_more": "第 {numbers} 行等（另有 {more} 行）",
    "msg.files.feature": "第 {numbers} 个要素",
    "msg.files.features": "第 {numbers} 个要素",
    "msg.files.features_more": "第 {numbers} 个要素等（另有 {more} 个）",
    "msg.files.count_row": "{count} 行",
    "msg.files.count_rows": "{count} 行",
    "msg.files.count_feature": "{count} 个要素",
    "msg.files.count_features": "{count} 个要素",
    "msg.files.hint_row": "（行号与 Excel 中一致，表头为第 1 行）",
    "msg.files.hint_feature": "（要素按文件中的顺序从 1 编号）",
    "msg.files.hint_order": "（按图层中的顺序从 1 编号）",
    "msg.files.with_hint": "{where}{hint}",
    "msg.files.two": "{a}；{b}",
    "msg.files.and_two": "{a}、{b}",
    "msg.files.layer_of": "{file}（图层 {layer}）",
    "msg.files.shapefile_of": "{file}（其中的 Shapefile 文件 {member}）",
    "msg.files.in_row": "，在第 {row} 行",
    "msg.files.columns": "{columns}",
    "msg.files.columns_more": "{columns} 等（另有 {more} 列）",
    # zips and shapefiles
    "msg.files.zip_unreadable": (
        "{file} 不是可读取的 zip 压缩包（{detail}）。文件可能已损坏或不完整，请重新压缩。"
    ),
    "msg.files.zip_unsafe": (
        "{file} 已被拒绝：其中有指向文件夹之外的路径（{names}）。"
        "请在图层文件所在的文件夹内重新压缩，不要使用绝对路径或“..”。"
    ),
    "msg.files.zip_password": "{file} 设有密码。请不设密码重新压缩。",
    "msg.files.zip_member_outside": "{file} 已被拒绝：其中的文件 {member} 指向文件夹之外。",
    "msg.files.zip_bomb": (
        "{file} 解压后超过 {mb} 兆字节（MB），"
        "超出上限（压缩包中记录的大小不实）。为安全起见已拒绝。"
    ),
    "msg.files.zip_members": (
        "{file} 中有 {count} 个文件，远多于一个图层所需（最多 {most} 个）。"
        "请只压缩该图层的 .shp、.shx、.dbf、.prj 和 .cpg 文件。"
    ),
    "msg.files.zip_too_big": (
        "{file} 解压后将有 {mb} 兆字节（MB），超出 {limit} 兆字节的上限。为安全起见已拒绝："
        "请只压缩所需的图层；如确信文件可靠，也可提高上限。"
    ),
    "msg.files.zip_nothing": "没有任何文件",
    "msg.files.zip_no_shapefile": (
        "{file} 中没有 Shapefile（.shp），其中有：{listed}。"
        "请把 .shp 与同名的 .shx、.dbf、.prj、.cpg 文件一起压缩。"
    ),
    "msg.files.zip_damaged": "{file} 无法解压（{detail}）。压缩包已损坏，请重新压缩。",
    "msg.files.no_cpg_read_as": "{file}：没有 .cpg 文件；属性文字按 {encoding} 编码读取。",
    "msg.files.no_cpg_unknown": (
        "{file}：没有 .cpg 文件，且无法识别文字编码，名称可能显示为乱码。"
        "请添加一个写明编码的 .cpg 文件（如“GBK”）。"
    ),
    "msg.files.shapefile_missing": (
        "{file} 不完整：缺少 {parts} 文件。Shapefile 由多个同名文件组成，"
        "请把 .shp、.shx、.dbf、.prj 和 .cpg 一起压缩。"
    ),
    "msg.files.shapefile_missing_both": (
        "{file} 不完整：缺少 {parts} 文件。Shapefile 由多个同名文件组成，"
        "请把 .shp、.shx、.dbf、.prj 和 .cpg 一起压缩。"
    ),
    "msg.files.what_shapefile": "Shapefile 文件",
    "msg.files.what_geojson": "GeoJSON 文件",
    "msg.files.what_gpkg_layer": "GeoPackage 图层",
    "msg.files.no_prj": "{file}：没有 .prj 文件。",
    "msg.files.empty_prj": "{file}：.prj 文件为空。",
    # paths and formats
    "msg.files.not_found": "找不到文件 {path}。请检查文件名和所在文件夹。",
    "msg.files.is_folder": (
        "{path} 是文件夹，不是文件。如为 Shapefile，请把 .shp、.shx、.dbf、.prj 和 .cpg "
        "文件一起压缩成 zip 后选择该 zip。"
    ),
    "msg.files.workbook": (
        "{file} 是电子表格工作簿。请在 Excel 或 WPS 中选择“另存为”→“CSV UTF-8（逗号分隔）”，"
        "再选择该 .csv 文件。"
    ),
    "msg.files.no_extension": "（无扩展名）",
    "msg.files.unsupported": (
        "{file}：不支持扩展名为 {suffix} 的文件。请使用 "
        "CSV（.csv，UTF-8 或 GBK 编码，含经度/纬度列）、"
        "GeoJSON（.geojson）、GeoPackage（.gpkg）或压缩的 "
        "Shapefile（含 .shp、.shx、.dbf、.prj 的 .zip）。"
    ),
    # CSV tables
    "msg.files.encoding_unknown": (
        "{file}：无法识别文字编码（第 {line} 行的第 {byte} 个字节既不是 UTF-8 也不是 GBK）。"
        "请在 Excel 或 WPS 中打开文件，另存为“CSV UTF-8”后重试。"
    ),
    "msg.files.not_table": (
        "{file} 无法按表格读取（{detail}）。请在 Excel 或 WPS 中打开并重新另存为“CSV UTF-8”。"
    ),
    "msg.files.no_header": "{file} 没有表头行。请把列名写在第 1 行。",
    "msg.files.long_rows": (
        "{file} 无法按表格读取：{where}{hint}中填写的单元格多于表头的列数（{width} 列）。"
        "请补上缺少的列名，或删除多出的单元格（常见原因是名称或地址中有未加引号的逗号），然后重试。"
    ),
    "msg.files.no_coordinate_columns": (
        "{file}：找不到坐标列。现有的列为：{columns}。请把坐标列命名为“经度/纬度”或 lon/lat"
        "（投影坐标用 x/y），或添加名为“wkt”的 WKT 列，或指定使用哪两列。"
        "如文件中只有地址，请先进行地理编码。"
    ),
    "msg.files.csv_empty": "{file} 是空文件（{size} 字节）。请选择包含数据的文件。",
    "msg.files.workbook_as_csv": (
        "{file} 是以 .csv 命名的 Excel/WPS 工作簿，不是 CSV 文本文件。"
        "请打开后选择“另存为”→“CSV UTF-8（逗号分隔）”。"
    ),
    "msg.files.no_rows": (
        "{file} 有表头（{columns}），但没有数据行。请补充数据行，或选择包含数据的文件。"
    ),
    "msg.files.both_columns": "请同时指定经度列和纬度列（lon_column 和 lat_column）。",
    "msg.files.same_column": "{file}：经度和纬度选择了同一列 {column}。请选择两个不同的列。",
    "msg.files.no_column": "{file}：没有名为 {column} 的列。现有的列为：{columns}。请从中选择。",
    "msg.files.decimal_commas": "{file}：列 {column} 用逗号作小数点，已将 116,4 读作 116.4。",
    "msg.files.cells_empty": "{where}没有坐标（{lon} 或 {lat} 为空）",
    "msg.files.cells_not_numbers": "{where}的坐标不是数字（如 {example}{at}{comma}）",
    "msg.files.decimal_point": "；小数点请用句点，写 116.41 而不是 116,41",
    "msg.files.bad_coordinates": (
        "{file}：{problems}。坐标必须是十进制数，如 116.3975 和 39.9087。"
        "请填写或改正这些行（或删除），然后重试。"
    ),
    "msg.files.no_coordinates_in": "{where}没有坐标",
    "msg.files.not_lon_lat_pair": "{where}不是“经度,纬度”两个数字",
    "msg.files.bad_combined": (
        "{file}：列 {column}：{problems}。请写成“116.3975,39.9087”的形式，或删除这些行，然后重试。"
    ),
    "msg.files.closed_outlines": (
        "{file}：{where}的边界没有闭合（最后一个点必须与第一个点相同），已自动闭合。"
    ),
    "msg.files.closed_outlines_in": (
        "{file}：{where}的边界没有闭合（最后一个点必须与第一个点相同），已自动闭合。"
    ),
    "msg.files.no_geometry_in": "{where}没有几何图形",
    "msg.files.not_wkt_in": "{where}的文字不是 WKT",
    "msg.files.bad_wkt": (
        "{file}：{problems}。请把几何图形写成 WKT，如“POINT (116.3975 39.9087)”，"
        "或删除这些行，然后重试。"
    ),
    "msg.files.wkt_mixed_srid": "{file}：WKT 列混用了多个坐标系（SRID {srids}）。请只用一个。",
    "msg.files.unknown_srid": (
        "{file}：WKT 中写明 SRID={srid}，这不是已知的 "
        "EPSG 代码。请去掉“SRID=...;”前缀并选择坐标系。"
    ),
}

EN: dict[str, str] = {
    "msg.files.row": "row {numbers}",
    "msg.files.rows": "rows {numbers}",
    "msg.files.rows_more": "rows {numbers} and {more} more",
    "msg.files.feature": "feature {numbers}",
    "msg.files.features": "features {numbers}",
    "msg.files.features_more": "features {numbers} and {more} more",
    "msg.files.count_row": "{count} row",
    "msg.files.count_rows": "{count} rows",
    "msg.files.count_feature": "{count} feature",
    "msg.files.count_features": "{count} features",
    "msg.files.hint_row": "(row numbers as Excel shows them; the header is row 1)",
    "msg.files.hint_feature": "(features numbered from 1 in file order)",
    "msg.files.hint_order": "(numbered from 1 in the layer's order)",
    "msg.files.with_hint": "{where} {hint}",
    "msg.files.two": "{a}; {b}",
    "msg.files.and_two": "{a} and {b}",
    "msg.files.layer_of": "{file} (layer {layer})",
    "msg.files.shapefile_of": "{file} (shapefile {member})",
    "msg.files.in_row": " in row {row}",
    "msg.files.columns": "{columns}",
    "msg.files.columns_more": "{columns} and {more} more",
    "msg.files.zip_unreadable": (
        "{file} is not a readable zip file ({detail}). It may be damaged or cut off; "
        "zip the files again."
    ),
    "msg.files.zip_unsafe": (
        "{file} was refused: it holds paths that point outside its folder ({names}). "
        "Zip the files again from inside their folder, without absolute paths or '..'."
    ),
    "msg.files.zip_password": (
        "{file} is password-protected. Zip the files again without a password."
    ),
    "msg.files.zip_member_outside": "{file} was refused: member {member} points outside.",
    "msg.files.zip_bomb": (
        "{file} unpacks to more than {mb} MB, over the limit (its listed sizes were wrong). "
        "Refused for safety."
    ),
    "msg.files.zip_members": (
        "{file} holds {count} files, more than a layer needs (at most {most}). Zip only the "
        "layer's .shp, .shx, .dbf, .prj and .cpg files."
    ),
    "msg.files.zip_too_big": (
        "{file} would unpack to {mb} MB, over the limit of {limit} MB. Refused for safety: "
        "zip only the layer you need, or raise the limit if you trust the file."
    ),
    "msg.files.zip_nothing": "nothing",
    "msg.files.zip_no_shapefile": (
        "{file} holds no shapefile (.shp); it holds {listed}. Zip the .shp together with its "
        ".shx, .dbf, .prj and .cpg files."
    ),
    "msg.files.zip_damaged": (
        "{file} could not be unpacked ({detail}). The zip is damaged; zip the files again."
    ),
    "msg.files.no_cpg_read_as": "{file}: no .cpg file; attribute text read as {encoding}.",
    "msg.files.no_cpg_unknown": (
        "{file}: no .cpg file and the text encoding is unknown; names may look garbled. "
        "Add a .cpg file naming the encoding (e.g. 'GBK')."
    ),
    "msg.files.shapefile_missing": (
        "{file} is incomplete: the {parts} file is missing. A shapefile is several files with "
        "the same name; zip the .shp, .shx, .dbf, .prj and .cpg together."
    ),
    "msg.files.shapefile_missing_both": (
        "{file} is incomplete: the {parts} files are missing. A shapefile is several files "
        "with the same name; zip the .shp, .shx, .dbf, .prj and .cpg together."
    ),
    "msg.files.what_shapefile": "a shapefile",
    "msg.files.what_geojson": "GeoJSON",
    "msg.files.what_gpkg_layer": "a GeoPackage layer",
    "msg.files.no_prj": "{file}: no .prj file.",
    "msg.files.empty_prj": "{file}: the .prj is empty.",
    "msg.files.not_found": "File {path} was not found. Check the name and folder.",
    "msg.files.is_folder": (
        "{path} is a folder, not a file. For a shapefile, zip the .shp, .shx, .dbf, .prj and "
        ".cpg files together and choose the zip."
    ),
    "msg.files.workbook": (
        "{file} is a spreadsheet workbook. In Excel or WPS choose 'Save as' -> 'CSV UTF-8 "
        "(comma delimited)' and choose the .csv file."
    ),
    "msg.files.no_extension": "'(no extension)'",
    "msg.files.unsupported": (
        "{file}: files ending in {suffix} are not supported. Use CSV (.csv, UTF-8 or GBK, with "
        "longitude/latitude columns), GeoJSON (.geojson), GeoPackage (.gpkg) or a zipped "
        "Shapefile (.zip with .shp, .shx, .dbf, .prj)."
    ),
    "msg.files.encoding_unknown": (
        "{file}: the text encoding could not be recognised (byte {byte}, on line {line}, is "
        "neither UTF-8 nor GBK). Open the file in Excel or WPS and save it as 'CSV UTF-8', "
        "then try again."
    ),
    "msg.files.not_table": (
        "{file} could not be read as a table ({detail}). Open it in Excel or WPS and save it "
        "again as 'CSV UTF-8'."
    ),
    "msg.files.no_header": "{file} has no header row. Put the column names in row 1.",
    "msg.files.long_rows": (
        "{file} could not be read as a table: more filled cells than the header has columns "
        "({width}) in {where} {hint}. Add the missing column names, or remove the extra cells "
        "(often an unquoted comma in a name or address), and try again."
    ),
    "msg.files.no_coordinate_columns": (
        "{file}: no coordinate columns found. The columns are: {columns}. Name the coordinate "
        "columns 经度/纬度 or lon/lat (or x/y for projected coordinates), add a WKT column "
        "named 'wkt', or say which columns to use. If the file has only addresses, geocode "
        "them first."
    ),
    "msg.files.csv_empty": "{file} is empty ({size} bytes). Choose the file that holds the data.",
    "msg.files.workbook_as_csv": (
        "{file} is an Excel/WPS workbook with a .csv name, not a CSV text file. Open it and "
        "choose 'Save as' -> 'CSV UTF-8 (comma delimited)'."
    ),
    "msg.files.no_rows": (
        "{file} has a header ({columns}) but no data rows. Add the rows, or choose the file "
        "that holds them."
    ),
    "msg.files.both_columns": (
        "Give both the longitude and the latitude column (lon_column and lat_column)."
    ),
    "msg.files.same_column": (
        "{file}: the same column {column} was chosen for longitude and latitude. Choose two "
        "different columns."
    ),
    "msg.files.no_column": (
        "{file}: there is no column {column}. The columns are: {columns}. Choose one of them."
    ),
    "msg.files.decimal_commas": (
        "{file}: column {column} uses decimal commas; read 116,4 as 116.4."
    ),
    "msg.files.cells_empty": "no coordinates (empty {lon} or {lat}) in {where}",
    "msg.files.cells_not_numbers": (
        "coordinates that are not numbers in {where} (e.g. {example}{at}{comma})"
    ),
    "msg.files.decimal_point": "; write the decimal mark as a point, 116.41 rather than 116,41",
    "msg.files.bad_coordinates": (
        "{file}: {problems}. Coordinates must be decimal numbers such as 116.3975 and "
        "39.9087. Fill in or correct these rows (or delete them) and try again."
    ),
    "msg.files.no_coordinates_in": "no coordinates in {where}",
    "msg.files.not_lon_lat_pair": "not 'longitude,latitude' as two numbers in {where}",
    "msg.files.bad_combined": (
        "{file}: column {column}: {problems}. Write them like '116.3975,39.9087', or delete "
        "the rows, and try again."
    ),
    "msg.files.closed_outlines": (
        "{file}: the outlines of {where} were not closed (the last point must repeat the "
        "first); closed them."
    ),
    "msg.files.closed_outlines_in": (
        "{file}: the outlines in {where} were not closed (the last point must repeat the "
        "first); closed them."
    ),
    "msg.files.no_geometry_in": "no geometry in {where}",
    "msg.files.not_wkt_in": "text that is not WKT in {where}",
    "msg.files.bad_wkt": (
        "{file}: {problems}. Write geometries as WKT such as 'POINT (116.3975 39.9087)', or "
        "delete the rows, and try again."
    ),
    "msg.files.wkt_mixed_srid": (
        "{file}: the WKT column mixes coordinate systems (SRID {srids}). Use one."
    ),
    "msg.files.unknown_srid": (
        "{file}: the WKT says SRID={srid}, which is not a known EPSG code. Remove the "
        "'SRID=...;' prefix and choose the coordinate system."
    ),
}
