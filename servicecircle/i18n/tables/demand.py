"""Messages of the demand estimate (:mod:`servicecircle.demand`): its notes and errors.

The planner's census tables and population grids have their own module,
:mod:`servicecircle.i18n.tables.demand_files`.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.demand.admin.kind.township": "街道/乡镇",
    "msg.demand.admin.kind.community": "社区/村",
    "msg.demand.admin.in_township": "（位于{township}）",
    "msg.demand.admin.outside_townships": "（不在任何街道/乡镇内）",
    "msg.demand.admin.repeated": (
        "{kind}边界“{name}”{where}以相同的轮廓重复给出 {times} 次，只计一次。"
    ),
    "msg.demand.admin.unnamed_one": (
        "有 {count} 个{kind}边界{where}没有名称，显示为 {names}。请在边界文件中填写名称（名称列"
        "或 `name` 列），即可显示其名称。"
    ),
    "msg.demand.admin.unnamed": (
        "有 {count} 个{kind}边界{where}没有名称，显示为 {names}。请在边界文件中填写名称（名称列"
        "或 `name` 列），即可显示其名称。"
    ),
    "msg.demand.admin.same_name": (
        "有 {count} 个{kind}边界{where}同名“{name}”，已按文件顺序分别保留为 {names}。如果它们属于同"
        "一个{kind}，请在边界文件中合并为一个要素（多面）。"
    ),
    "msg.demand.admin.no_crs": "边界没有坐标系，请在导入时指定坐标系。",
    "msg.demand.layer.industrial": "工业用地",
    "msg.demand.layer.relocation": "安置区",
    "msg.demand.layer.demand_points": "需求点",
    "msg.demand.layer_no_crs": "{layer}图层没有坐标系，请在导入时指定坐标系。",
    "msg.demand.layer_not_polygons": (
        "{layer}图层须为面（多边形）；其 {count} 个要素中有 {bad} 个不是面。请绘制或上传每个区域的"
        "轮廓。"
    ),
    "msg.demand.user_mode": (
        "需求点的使用方式须为 `add`（补充）或 `replace`（替换），而不是 {mode!r}。"
    ),
    "msg.demand.replace_without_points": (
        "已选择用需求点替换估算结果，但没有提供需求点。请上传带人口列的点图层，或改选“补充”。"
    ),
    "msg.demand.points_no_crs": "需求点没有坐标系，请在导入时指定坐标系。",
    "msg.demand.points_not_points": (
        "需求点须为点要素，其中有 {bad} 个要素不是点。请使用点图层（面状区域请作为安置区或工业用地"
        "图层上传）。"
    ),
    "msg.demand.points_no_people": (
        "需求点没有人口列。请添加名为 人口 或 `people` 的列（或以下之一：{columns}）。"
    ),
    "msg.demand.counts.text": "{where}为非数字的文字：{cells}",
    "msg.demand.counts.negative": "{where}为负数：{cells}",
    "msg.demand.counts.blank": "{where}没有填写",
    "msg.demand.counts.bad": (
        "{layer}的人口列 {column!r} 中，{problems}。请把每个人数写成数字，如 1200 或 1,200（全角数"
        "字和小数均可），或删除这些行，然后重试。"
    ),
    "msg.demand.counts.bad_in": (
        "{source}：{layer}的人口列 {column!r} 中，{problems}。请把每个人数写成数字，如 1200 或 "
        "1,200（全角数字和小数均可），或删除这些行，然后重试。"
    ),
    "msg.demand.override.bad_flag": (
        "调整区域 {row} 的“{column}”列填写的是 {value!r}。建筑有居民居住的区域请填 是（或 `yes`"
        "、`residential`），没有居民的区域请填 否（或 `no`、`non-residential`）。"
    ),
    "msg.demand.override.no_column": (
        "调整区域没有“{column}”列。请添加该列：建筑有居民居住的区域填 是，没有的填 否。"
    ),
    "msg.demand.override.not_polygons": "调整区域须为面（多边形）。请绘制或上传每个区域的轮廓。",
    "msg.demand.settings.range": (
        "需求估算参数超出范围：{names}。请使用正数（可用面积比例在 0 到 1 之间，最大占地面积须大于"
        "最小占地面积，地区类型须为 {profiles} 之一）。"
    ),
    "msg.demand.settings.both": (
        "建筑 {ids} 同时被标为居住和非居住，请让每个编号只出现在一个列表中。"
    ),
    "msg.demand.buildings.unknown_use": (
        "{source}：{column!r} 中 {count} 个用途值里有 {bad} 个无法识别（住宅、商业、办公、工业……）"
        "，这些建筑按未标注类型的建筑判断。"
    ),
    "msg.demand.buildings.no_levels": (
        "{source}：没有找到层数或高度列（现有的列为：{columns}）。请将层数列命名为 层数（或 `Fl"
        "oor`、`floors`、`levels`），或将高度（米）列命名为 高度（或 `height`），然后重试。"
    ),
    "msg.demand.buildings.bad_levels": (
        "{source}：{column!r} 中有 {bad} 个层数为 0、负数或超过 {most}，这些建筑改按高度或类型确定"
        "层数。"
    ),
    "msg.demand.buildings.bad_heights": (
        "{source}：{column!r} 中有 {bad} 个高度为 0、负数或超过 {most:g} 米，未予使用。"
    ),
    "msg.demand.buildings.floors_from": "层数取自 {column!r}",
    "msg.demand.buildings.height_from": "高度（米）取自 {column!r}",
    "msg.demand.buildings.type_from": "类型取自 {column!r}",
    "msg.demand.buildings.read": (
        "{source}：{count:,} 栋建筑；{used}；其中 {known:,} 栋有层数或高度。"
    ),
    "msg.demand.buildings.mode": (
        "建筑的使用方式须为 `replace`（替换）或 `add`（补充），而不是 {mode!r}。"
    ),
    "msg.demand.buildings.replaced": (
        "用 {source} 中的 {count:,} 栋建筑替换了 OSM 的 {osm:,} 栋建筑。"
    ),
    "msg.demand.buildings.added": (
        "补充了 {source} 中的 {count:,} 栋建筑；OSM 的 {osm:,} 栋建筑中保留 {kept:,} 栋（其余与文件"
        "中的建筑重叠）。"
    ),
    "msg.demand.quality.too_low": "可能偏低：请提供人口普查数或人口栅格",
    "msg.demand.quality.too_high": (
        "可能偏高：请检查被计为住宅的建筑（建筑表中的依据），或提供人口普查数"
    ),
    "msg.demand.quality.after_totals": (
        "这是由所提供的{totals}决定的；请在普查核对表中查看没有总数的单元，或选择其他地区类型"
    ),
    "msg.demand.quality.census_totals": "人口普查数",
    "msg.demand.quality.population_grid": "人口栅格",
    "msg.demand.quality.of_study_area": "研究范围",
    "msg.demand.quality.of_residential_land": "居住用地",
    "msg.demand.quality.outside": (
        "{where}每平方千米 {density:,.0f} 名居民，超出{label}的预期范围 {low:,.0f}–{high:,.0f}："
        "{verdict}。"
    ),
    "msg.demand.quality.both": "{first}{second}",
}

EN: dict[str, str] = {
    "msg.demand.admin.kind.township": "township",
    "msg.demand.admin.kind.community": "community",
    "msg.demand.admin.in_township": " in {township}",
    "msg.demand.admin.outside_townships": " outside every township",
    "msg.demand.admin.repeated": (
        "The {kind} boundary '{name}'{where} is given {times} times with the same outline; it is "
        "counted once."
    ),
    "msg.demand.admin.unnamed_one": (
        "{count} {kind} boundary{where} has no name; shown as {names}. Add the names (a 'name' "
        "column) to the boundaries file to see them named."
    ),
    "msg.demand.admin.unnamed": (
        "{count} {kind} boundaries{where} have no name; shown as {names}. Add the names (a 'name' "
        "column) to the boundaries file to see them named."
    ),
    "msg.demand.admin.same_name": (
        "{count} {kind} boundaries{where} are named '{name}'; they are kept apart as {names} (in "
        "file order). If they are one {kind}, make them one feature (a multipolygon) in the "
        "boundaries file."
    ),
    "msg.demand.admin.no_crs": (
        "The boundaries have no coordinate system; state it when loading them."
    ),
    "msg.demand.layer.industrial": "industrial area",
    "msg.demand.layer.relocation": "relocation area",
    "msg.demand.layer.demand_points": "demand points",
    "msg.demand.layer_no_crs": "The {layer} layer has no coordinate system; state it when loading.",
    "msg.demand.layer_not_polygons": (
        "The {layer} layer must hold areas (polygons); {bad} of its {count} features are not "
        "polygons. Draw or upload the outline of each area."
    ),
    "msg.demand.user_mode": "user_mode must be 'add' or 'replace', not {mode!r}",
    "msg.demand.replace_without_points": (
        "Demand points were chosen to replace the estimate, but none were given. Upload a point "
        "layer with a people column, or choose 'add'."
    ),
    "msg.demand.points_no_crs": (
        "The demand points have no coordinate system; state it when loading."
    ),
    "msg.demand.points_not_points": (
        "Demand points must be points; {bad} features are not. Use a point layer (or upload areas "
        "as relocation/industrial layers)."
    ),
    "msg.demand.points_no_people": (
        "The demand points have no people column. Add a column named people (or one of: {columns})."
    ),
    "msg.demand.counts.text": "text that is not a number in {where}: {cells}",
    "msg.demand.counts.negative": "negative numbers in {where}: {cells}",
    "msg.demand.counts.blank": "no value in {where}",
    "msg.demand.counts.bad": (
        "The people column {column!r} of the {layer} has {problems}. Write each count as a number "
        "such as 1200 or 1,200 (full-width digits and decimals are fine), or delete those rows, "
        "and try again."
    ),
    "msg.demand.counts.bad_in": (
        "{source}: the people column {column!r} of the {layer} has {problems}. Write each count as "
        "a number such as 1200 or 1,200 (full-width digits and decimals are fine), or delete those "
        "rows, and try again."
    ),
    "msg.demand.override.bad_flag": (
        "Override area {row} has {value!r} in its '{column}' column. Write yes (or residential, 是"
        ") for areas whose buildings hold residents and no (or non-residential, 否) for areas "
        "whose buildings do not."
    ),
    "msg.demand.override.no_column": (
        "The override areas have no '{column}' column. Add one with yes for areas whose buildings "
        "hold residents and no for areas whose buildings do not."
    ),
    "msg.demand.override.not_polygons": (
        "The override areas must be polygons. Draw or upload the outline of each area."
    ),
    "msg.demand.settings.range": (
        "Demand settings out of range: {names}. Use positive values (usable share between 0 and 1, "
        "the largest footprint above the smallest, profile one of {profiles})."
    ),
    "msg.demand.settings.both": (
        "Buildings {ids} are declared both residential and non-residential; keep each id in one "
        "list."
    ),
    "msg.demand.buildings.unknown_use": (
        "{source}: {bad} of {count} use values in {column!r} are not recognised (住宅, 商业, 办公, "
        "工业, ...); those buildings are judged like untyped ones."
    ),
    "msg.demand.buildings.no_levels": (
        "{source}: no floors or height column was found (the columns are: {columns}). Name the "
        "number of floors Floor, floors, levels or 层数, or the height in metres height or 高度, "
        "and try again."
    ),
    "msg.demand.buildings.bad_levels": (
        "{source}: {bad} floors values in {column!r} are 0, negative or over {most}; those "
        "buildings take levels from their height or type."
    ),
    "msg.demand.buildings.bad_heights": (
        "{source}: {bad} heights in {column!r} are 0, negative or over {most:g} m and are not used."
    ),
    "msg.demand.buildings.floors_from": "floors from {column!r}",
    "msg.demand.buildings.height_from": "height (m) from {column!r}",
    "msg.demand.buildings.type_from": "type from {column!r}",
    "msg.demand.buildings.read": (
        "{source}: {count:,} buildings; {used}; {known:,} with floors or a height."
    ),
    "msg.demand.buildings.mode": "The buildings mode must be 'replace' or 'add', not {mode!r}.",
    "msg.demand.buildings.replaced": (
        "{count:,} buildings from {source} replace the {osm:,} OSM ones."
    ),
    "msg.demand.buildings.added": (
        "{count:,} buildings from {source} added; {kept:,} of the {osm:,} OSM buildings kept (the "
        "others overlap the file's)."
    ),
    "msg.demand.quality.too_low": "likely too low: supply census totals or a population grid",
    "msg.demand.quality.too_high": (
        "likely too high: check the buildings counted as homes (the building table's basis), or "
        "supply census totals"
    ),
    "msg.demand.quality.after_totals": (
        "the {totals} supplied set it; check the census audit for units left without a total, or "
        "choose another regional profile"
    ),
    "msg.demand.quality.census_totals": "census totals",
    "msg.demand.quality.population_grid": "population grid",
    "msg.demand.quality.of_study_area": "the study area",
    "msg.demand.quality.of_residential_land": "residential land",
    "msg.demand.quality.outside": (
        "{density:,.0f} residents per km² of {where}, outside the {low:,.0f}-{high:,.0f} expected "
        "for a {label}: {verdict}."
    ),
    "msg.demand.quality.both": "{first} {second}",
}
