"""Messages of a batch's regions (:mod:`servicecircle.batch`): the regions file, a region's run."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.batch.no_outlets": (
        "分区批量计算需要现有网点：请用 --outlets 给出网点点位文件（可为全省一个文件），"
        "或用 --outlets osm 取 OpenStreetMap 中的网点。"
    ),
    "msg.batch.no_demand": (
        "分区 {region}（代码 {code}）内没有需求单元（没有住宅建筑、居住用地或需求点），"
        "无需计算覆盖；如该分区确有居民，请补充建筑或需求点文件。"
    ),
    "msg.batch.no_admin_regions": (
        "OSM 文件 {file} 中没有乡镇/街道一级的行政区划边界，无法自动分区；"
        "请给出分区文件（县区或乡镇边界面），或按网格分区。"
    ),
    "msg.batch.extract_empty": "OSM 文件 {file} 中没有任何带坐标的节点，无法按网格分区。",
    "msg.batch.no_demand_points": (
        "需求点文件 {file} 中没有落在本分区及其周边的点，而需求点设为替代估算，"
        "本分区因此没有需求；请核对文件是否覆盖本分区，或改为与估算叠加。"
    ),
    "msg.batch.no_candidates": (
        "分区 {region}（代码 {code}）内没有候选点位，无法为它选址；"
        "请给出落在该分区内的候选点位文件，或改用 auto 在缺口周边自动生成候选点位。"
    ),
    "msg.batch.regions_empty": (
        "分区文件 {file} 中没有任何分区（面）；请给出含县区或乡镇边界面的文件。"
    ),
    "msg.batch.regions_not_polygons": (
        "分区文件 {file} 的第 {rows} 个要素不是面（或为空）；每个分区须是一个县区或乡镇的边界面，"
        "请删除或改正这些要素。"
    ),
    "msg.batch.regions_no_code": (
        "分区文件 {file} 中找不到代码列（代码、区划代码、行政区划代码），名称也不能代替代码"
        "（有空白或重名）；请加一列各不相同的代码。现有的列：{columns}。"
    ),
    "msg.batch.regions_blank_code": (
        "分区文件 {file} 的第 {rows} 个分区没有代码；每个分区都要有一个各不相同的代码"
        "（它也是该分区结果文件夹的名称）。"
    ),
    "msg.batch.regions_duplicate_codes": (
        "分区文件 {file} 中代码 {codes} 重复；每个分区的代码须各不相同，"
        "同一县区的几块面请先合并为一个分区。"
    ),
    "msg.batch.regions_overlap": (
        "分区文件 {file} 中这些分区相互重叠：{pairs}；重叠处的人口会被算两次，"
        "请改正边界，使各分区互不重叠。"
    ),
}

EN: dict[str, str] = {
    "msg.batch.no_outlets": (
        "A batch over regions needs today's outlets: give a point file with --outlets (one file"
        " for the whole province will do), or --outlets osm to take them from OpenStreetMap."
    ),
    "msg.batch.no_demand": (
        "Region {region} (code {code}) holds no demand unit (no residential building, residential"
        " land use or demand point), so there is no coverage to measure; if people live there,"
        " give a buildings or demand points file."
    ),
    "msg.batch.no_admin_regions": (
        "The OSM file {file} holds no township-level administrative boundary to split it by;"
        " give a regions file (county or township polygons), or split it into a grid."
    ),
    "msg.batch.extract_empty": (
        "The OSM file {file} holds no node with coordinates, so it cannot be split into a grid."
    ),
    "msg.batch.no_demand_points": (
        "The demand points file {file} holds no point in this region or around it, and the"
        " points replace the estimate, so the region has no demand; check that the file covers"
        " the region, or add the points to the estimate instead."
    ),
    "msg.batch.no_candidates": (
        "Region {region} (code {code}) holds no candidate site, so no site can be chosen for it;"
        " give a candidates file with sites inside the region, or use auto to place candidates"
        " around its gaps."
    ),
    "msg.batch.regions_empty": (
        "The regions file {file} holds no region (polygon); give a file of county or township"
        " boundary polygons."
    ),
    "msg.batch.regions_not_polygons": (
        "Features {rows} of the regions file {file} are not polygons (or are empty); each region"
        " must be the boundary polygon of a county or township: remove or mend them."
    ),
    "msg.batch.regions_no_code": (
        "The regions file {file} has no code column (code, 代码, 区划代码, 行政区划代码) and its"
        " names cannot serve as codes (blank or repeated); add a column of distinct codes."
        " Its columns: {columns}."
    ),
    "msg.batch.regions_blank_code": (
        "Regions {rows} of the regions file {file} have no code; every region needs a distinct"
        " code (it also names the region's results folder)."
    ),
    "msg.batch.regions_duplicate_codes": (
        "The codes {codes} occur more than once in the regions file {file}; every region needs"
        " a distinct code: merge the parts of one county into one region first."
    ),
    "msg.batch.regions_overlap": (
        "These regions of the regions file {file} overlap: {pairs}; people where they overlap"
        " would be counted twice: mend the boundaries so that no two regions overlap."
    ),
}
