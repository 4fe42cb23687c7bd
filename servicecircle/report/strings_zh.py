"""Chinese texts of the siting report and the static maps (one place for the language)."""

from __future__ import annotations

from typing import Final

STRINGS: Final[dict[str, str]] = {
    # report
    "report.title": "15分钟就业服务圈覆盖评估与选址报告",
    "report.subtitle": "{area}",
    "report.generated": "生成时间：{date}",
    "report.toc": "目录",
    "report.key_figures": "要点",
    "key.population": "估算人口",
    "key.coverage": "{minutes} 分钟覆盖率",
    "key.standard": "按服务标准覆盖率",
    "key.gaps": "覆盖缺口",
    "key.new_sites": "推荐新增网点",
    "key.after": "新增后覆盖率",
    "section.area": "一、研究区与假设",
    "section.coverage": "二、现状覆盖",
    "section.units": "三、按乡镇（街道）和社区的覆盖情况",
    "section.gaps": "四、覆盖缺口（按人数排序）",
    "section.sites": "五、推荐选址（按建设顺序）",
    "section.method": "六、方法说明",
    "area.name": "研究区",
    "area.source": "数据",
    "area.bounds": "范围（经纬度）",
    "area.network": "路网",
    "area.network_value": "{nodes} 个节点，{edges} 条路段",
    "area.mode": "出行方式",
    "area.breaks": "时间阈值",
    "area.outlets": "现有服务网点",
    "area.population": "估算人口",
    "area.unreachable": "路网不可达人口",
    "assumptions.title": "假设与参数",
    "assumptions.speeds": "出行速度",
    "assumptions.speeds_note": "距离为按该速度在 {minutes} 分钟内可走的路网距离。",
    "assumptions.outlet_types": "服务网点类型与服务标准",
    "assumptions.population": "人口估算",
    "assumptions.formula": (
        "建筑人口 = 建筑基底面积 × 层数 × 可用面积比例 ÷ 人均居住面积；"
        "如提供了人口普查数，则按单元总数等比例调整。"
    ),
    "assumptions.formula_raw": "公式（原文）：{formula}",
    "assumptions.analysis": "分析参数",
    "assumptions.sources": "数据来源",
    "assumptions.notes": "说明",
    "assumptions.other": "其他参数",
    "assumptions.parameter": "参数",
    "assumptions.value": "取值",
    "source.sample": "内置示例（赫尔辛基市中心 OpenStreetMap 数据，附示例图层）",
    "source.pbf": "OpenStreetMap 数据文件 {name}",
    "source.osm": "OpenStreetMap 数据文件 {name}",
    "source.place": "OpenStreetMap 在线数据（地名：{name}）",
    "source.bbox": "OpenStreetMap 在线数据（范围：{name}）",
    "source.polygon": "OpenStreetMap 在线数据（边界文件：{name}）",
    "coverage.headline": (
        "在 {minutes} 分钟内可到达服务网点的人口为 {covered} 人，占 {share}（总人口 {total} 人）。"
    ),
    "coverage.standard": (
        "按各类网点的服务标准（出行方式与时间见 1 节）计，覆盖 {covered} 人，占 {share}；"
        "路网不可达 {unreachable} 人。"
    ),
    "coverage.by_break": "各时间阈值的覆盖人口",
    "coverage.by_class": "按区域类型的覆盖人口",
    "coverage.map": "现状覆盖图（{minutes} 分钟）",
    "coverage.must_cover": "尚未覆盖的必须覆盖区域",
    "coverage.must_cover_none": "所有必须覆盖的区域均已在服务圈内。",
    "coverage.more_rows": "另有 {n} 项未列出（见 analysis.gpkg）。",
    "units.township": "按乡镇（街道）",
    "units.community": "按社区（村）",
    "units.note": (
        "下表可直接反馈给各乡镇（街道）和社区。覆盖人口指 {minutes} 分钟内可到达服务网点的人口。"
    ),
    "units.outside": "（不在任何乡镇（街道）内）",
    "units.none": "没有乡镇（街道）或社区边界数据，无法分单元统计。",
    "gaps.none": "没有覆盖缺口。",
    "gaps.map": "覆盖缺口分布图",
    "gaps.note": "缺口为 {minutes} 分钟内无法到达服务网点的相邻需求单元的集合，按未覆盖人口排序。",
    "sites.none": "尚未运行选址（servicecircle site）。",
    "sites.map": "推荐选址位置（底图为现状覆盖）",
    "sites.curve": "新增网点数与覆盖率曲线",
    "sites.curve_table": "覆盖率曲线",
    "sites.before_after": "新增网点前后覆盖对比（按区域类型）",
    "sites.before_after_units": "新增网点前后覆盖对比（按乡镇（街道）和社区）",
    "sites.standard_note": "此处覆盖按各类网点的服务标准计（出行方式与时间见 1 节）。",
    "sites.summary": (
        "按建设顺序新增 {n} 个网点，可新覆盖 {people} 人，覆盖率由 {before} 提高到 {after}。"
    ),
    "sites.zero": "此要求无需新建网点。",
    "reason.newly": "新覆盖 {people} 人",
    "reason.none": "不增加覆盖（可达人口均已被覆盖），可不建",
    "reason.gaps": "服务缺口 {ranks}",
    "reason.must": "覆盖必须覆盖区域：{names}",
    "reason.sep": "；",
    "reason.list_sep": "、",
    "method.coverage_rule": (
        "覆盖判定：需求单元到最近服务网点的路网出行时间不超过阈值即视为覆盖；"
        "路网不可达的单元视为未覆盖。出行时间按各出行方式的速度在真实路网上计算。"
    ),
    "method.siting": "选址求解",
    "method.model": "选址模型",
    "method.method": "求解方法",
    "method.status": "求解状态",
    "method.objective": "目标函数值",
    "method.bound": "最优界",
    "method.gap": "最优性差距",
    "method.seconds": "求解用时（秒）",
    "method.time_limit": "时间上限（秒）",
    "method.new": "新增网点数",
    "method.target": "覆盖率目标",
    "method.must_cover": "必须覆盖的区域类型",
    "method.capacity": "每个网点可服务人数",
    "method.new_types": "新增网点类型",
    "method.mean_minutes": "平均出行时间（分钟）",
    "method.beyond": "计算范围外人口",
    "method.uncoverable": "无法覆盖的必须覆盖单元",
    "method.notes": "求解说明",
    "method.gap_rule": (
        "差距 = |最优界 − 目标函数值| ÷ |最优界|；差距为 0 表示已证明最优。目标函数：{objective}"
    ),
    "objective.mclp": "被覆盖人数（按区域类型加权，含现有网点覆盖的人）",
    "objective.capacitated_mclp": "被服务人数（考虑网点容量，按区域类型加权）",
    "objective.min_outlets": "新增网点数",
    "objective.pmedian": "按人口加权的到最近网点出行分钟数之和",
    "col.at_minutes": "{label}（{minutes} 分钟）",
    "col.minutes": "时间阈值（分钟）",
    "col.people": "人口",
    "col.covered": "覆盖人口",
    "col.uncovered": "未覆盖人口",
    "col.share": "覆盖率",
    "col.class": "区域类型",
    "col.township": "乡镇（街道）",
    "col.community": "社区（村）",
    "col.rank": "序号",
    "col.name": "名称",
    "col.type": "类型",
    "col.nearest": "最近网点（分钟）",
    "col.lon": "经度",
    "col.lat": "纬度",
    "col.newly_covered": "新覆盖人口",
    "col.cumulative": "累计覆盖率",
    "col.reasons": "选址理由",
    "col.before": "新增前",
    "col.after": "新增后",
    "col.gain": "增加",
    "col.share_before": "覆盖率（新增前）",
    "col.share_after": "覆盖率（新增后）",
    "col.n_new": "新增网点数",
    "col.where": "位置",
    "col.classes": "区域类型",
    "col.mode": "出行方式",
    "col.speed": "速度（公里/时）",
    "col.distance": "{minutes} 分钟距离（米）",
    "col.distance_standard": "服务标准内距离（米）",
    "col.outlet_type": "网点类型",
    "col.standard": "服务标准（分钟）",
    "col.parameter": "参数",
    "col.value": "取值",
    "value.unreachable": "不可达",
    "value.none": "—",
    "value.total": "合计",
    "value.unnamed": "（未命名）",
    "value.yes": "是",
    "value.no": "否",
    "value.unlimited": "不限",
    "value.not_scaled": "未调整（未提供普查人口）",
    "value.median_levels": "按区内已标注住宅层数的中位数",
    "value.user_mode.add": "与估算结果相加",
    "value.user_mode.replace": "替代估算结果",
    # demand quality, census audit, people off the road network
    "quality.title": "人口估算的可信度",
    "quality.intro": (
        "估算人口密度与所属区域类型合理范围的比较，以及人口的来源。各表均采用最终估算。"
    ),
    "quality.profile": "区域类型",
    "quality.profile_value": "{profile}（{reason}）",
    "quality.top_down": "已采用的总量数据",
    "quality.top_down_none": "无（仅按建筑和用地估算）",
    "quality.measure": "指标",
    "quality.final": "最终估算",
    "quality.map_estimate": "仅按地图估算",
    "quality.value": "数值",
    "quality.expected": "该区域类型的合理范围",
    "quality.band": "{low}–{high}",
    "quality.residents": "常住人口",
    "quality.study_area_km2": "研究区面积（平方公里）",
    "quality.residential_land_km2": "居住用地面积（平方公里）",
    "quality.density_study_area": "研究区人口密度（人/平方公里）",
    "quality.density_residential_land": "居住用地人口密度（人/平方公里）",
    "quality.share_tagged_levels": "来自已标注层数（或高度）建筑的人口比例",
    "quality.share_assumed_levels": "来自假定层数建筑的人口比例",
    "quality.share_from_land": "按用地密度估算的人口比例",
    "quality.share_from_grid": "来自人口格网中无建筑格子的人口比例",
    "quality.what_study_area": "研究区",
    "quality.what_residential_land": "居住用地",
    "quality.too_low": (
        "警告：{what}人口密度为每平方公里 {density} 人，低于{profile}的合理范围 {low}–{high}，"
        "估算可能偏低。请提供普查人口（--census）或人口格网数据（--population-grid）。"
    ),
    "quality.too_high": (
        "警告：{what}人口密度为每平方公里 {density} 人，高于{profile}的合理范围 {low}–{high}，"
        "估算可能偏高。请核查被计为住宅的建筑（各建筑的判定依据），或提供普查人口。"
    ),
    "quality.after_totals": (
        "采用{totals}后，{what}人口密度为每平方公里 {density} 人，不在{profile}的合理范围 "
        "{low}–{high} 内：该值由所提供的总量决定。请在普查核对表中检查没有普查数的单元，"
        "或改选区域类型。"
    ),
    "quality.map_warnings": "采用总量数据之前，仅按地图估算的结果：",
    "quality.no_warning": "人口密度在该区域类型的合理范围内。",
    "quality.by_basis": "按判定依据的常住人口",
    "quality.excluded": "被判定为非住宅的建筑按面积本可容纳的人口（未计入）",
    "quality.by_decision": "按判定结果的建筑数",
    "quality.other_bases": "（其他依据）",
    "col.basis": "依据",
    "col.buildings": "建筑数",
    "census.title": "普查人口核对",
    "census.note": "各单元调整前的估算常住人口、普查人口及二者之比（普查 ÷ 估算）。",
    "col.level": "层级",
    "col.estimate": "估算人口",
    "col.census": "普查人口",
    "col.ratio": "比值",
    "col.status": "处理情况",
    "col.road_m": "离道路距离（米）",
    "offnet.title": "远离路网的人口",
    "offnet.summary": (
        "有 {people} 人（{units} 处）距任何道路超过 {limit} 米，单独列出，不计入覆盖缺口："
        "无法计算其出行时间，也不为其新建网点。"
    ),
    "offnet.none": "所有需求单元距道路均在 {limit} 米以内。",
    "area.off_network": "远离路网的人口",
    "value.population_grid": (
        "{source}：研究区内 {people} 人；{homes} 人按格内住宅分配，"
        "{cells} 人位于 {points} 个无住宅数据的格子"
    ),
    "footer.attribution": "地图数据 © OpenStreetMap contributors（ODbL）",
    "footer.tool": "由 servicecircle 生成",
    # maps
    "map.covered": "{minutes} 分钟内（已覆盖）",
    "map.uncovered": "超出 {minutes} 分钟（未覆盖）",
    "map.isochrone": "{minutes} 分钟服务圈",
    "map.outlets": "现有服务网点",
    "map.chosen": "推荐新增网点",
    "map.units": "行政区划界线",
    "map.gap": "缺口（序号按人数）",
    "map.gained": "新增覆盖",
    "map.lost": "失去覆盖",
    "map.added": "新增网点",
    "map.removed": "撤销网点",
    "map.north": "北",
    "map.change_title": "方案对比：覆盖变化（{minutes} 分钟）",
    "map.gaps_title": "覆盖缺口",
    "map.coverage_title": "{minutes} 分钟就业服务圈覆盖",
    "map.legend": "图例",
    "map.demand": "需求（人口）",
    "map.isochrones": "服务圈",
    "map.minutes_label": "≤ {minutes} 分钟",
    "map.boundaries": "乡镇（街道）和社区边界",
    "map.gaps": "覆盖缺口",
    "chart.curve_title": "新增网点数与覆盖率",
    "chart.x": "新增网点数",
    "chart.y": "覆盖率（%）",
    "chart.target": "目标 {share}",
    "chart.reached": "{n} 个",
}

PROFILES: Final[dict[str, str]] = {
    "china_city": "中国城市",
    "china_town": "中国乡镇和农村",
    "elsewhere": "中国以外地区",
}

TOP_DOWN: Final[dict[str, str]] = {
    "census totals": "普查人口",
    "population grid": "人口格网",
}

DECISIONS: Final[dict[str, str]] = {
    "residential": "住宅",
    "non-residential": "非住宅",
    "industrial": "工业（计就业人口）",
}

AUDIT_LEVELS: Final[dict[str, str]] = {
    "township": "乡镇（街道）",
    "community": "社区（村）",
    "area": "普查区域",
    "unit": "单元",
    "outside": "不在任何普查区域内",
}

CENSUS_STATUS: Final[dict[str, str]] = {
    "scaled": "已按普查数调整",
    "no census total": "无普查数",
    "no census total; scaled with its township": "无普查数，随所属乡镇（街道）调整",
    "not found": "未找到对应单元",
    "several units match": "对应多个单元，未采用",
    "unit given twice": "单元重复出现",
    "no residents estimated": "估算中无常住人口",
    "smaller than its communities": "小于所辖社区之和",
}

CLASSES: Final[dict[str, str]] = {
    "residential": "居住区",
    "industrial": "产业集聚区",
    "relocation": "易地扶贫搬迁安置区",
    "user": "用户上传区域",
    "settlement": "人口密集区",
    "all": "全部",
}

MODES: Final[dict[str, str]] = {
    "walk": "步行",
    "walk_strict": "步行（老年人）",
    "bike": "自行车",
    "ebike": "电动自行车",
    "drive": "驾车",
}

OUTLET_TYPES: Final[dict[str, str]] = {
    "community_window": "社区就业服务窗口",
    "doorstep_station": "家门口就业服务站",
    "employment_post": "就业服务驿站",
    "gig_market": "零工市场",
    "default": "现有网点（统一标准）",
}

MODELS: Final[dict[str, str]] = {
    "mclp": "最大覆盖模型（MCLP）",
    "capacitated_mclp": "带容量约束的最大覆盖模型（MCLP）",
    "min_outlets": "最少网点模型（集合覆盖）",
    "pmedian": "P 中值模型（p-median）",
}

METHODS: Final[dict[str, str]] = {
    "exact": "精确求解（HiGHS 混合整数规划）",
    "heuristic": "启发式（贪心 + 局部搜索 + HiGHS 子问题），并给出界",
}

#: Labels of assumption keys, units included.
ASSUMPTION_LABELS: Final[dict[str, str]] = {
    "speeds": "速度",
    "speeds_kmh": "速度（公里/时）",
    "breaks": "时间阈值（分钟）",
    "minutes": "时间阈值（分钟）",
    "mode": "主要出行方式",
    "m2_per_person": "人均居住面积（平方米/人）",
    "usable_share": "可用面积比例（居住面积 ÷ 建筑面积）",
    "levels_house": "未标注层数的独立住宅（层）",
    "levels_apartment": "未标注层数的公寓/住宅楼（层）",
    "levels_other": "未标注层数的其他建筑（层）",
    "min_footprint_m2": "计入人口的最小建筑基底面积（平方米）",
    "residential_density_per_ha": "无建筑数据的居住用地人口密度（人/公顷）",
    "industrial_jobs_per_ha": "产业用地就业密度（人/公顷）",
    "access_spacing_m": "大面积区域的接入点间距（米）",
    "populated_within_m": "居住用地计入人口的最大离路距离（米）",
    "user_mode": "用户上传需求点",
    "census_scaled": "按普查人口调整的单元",
    "profile": "区域类型",
    "profile_reason": "区域类型的判定依据",
    "profile_source": "区域类型参数来源",
    "metres_per_level": "按高度推算层数时的层高（米）",
    "max_footprint_m2": "按单栋建筑计算的最大基底面积（平方米；更大者按用地计）",
    "unmapped_cell_m": "无建筑居住用地的计算格网（米）",
    "overrides_by_id": "规划人员按编号指定住宅/非住宅的建筑数",
    "population_grid": "人口格网",
    "census_audit": "普查人口核对",
    "prefer_connected_m": "优先接入连通路网的距离（米）",
    "connected_piece_m": "视为连通路网的最小路网片段长度（米）",
    "formula": "公式",
    "max_snap_m": "需求点/网点接入路网的最大距离（米）",
    "gap_join_m": "缺口合并距离（米）",
    "must_cover_share": "产业/安置区视为已覆盖所需的覆盖比例",
    "walk_off_m": "服务圈沿道路两侧的缓冲宽度（米）",
    "data_sources": "数据来源",
    "notes": "说明",
    "crs": "坐标系",
}

STATUS: Final[dict[str, str]] = {
    "optimal": "最优（已证明）",
    "time_limit": "达到时间上限（给出当前最好方案及差距）",
    "feasible": "可行解",
    "heuristic": "启发式解（给出差距）",
    "infeasible": "无可行解",
}
