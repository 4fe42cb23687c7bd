"""What the command line prints about a run: files written, counts, coverage, plan, demand.

The English texts are the lines the command line always printed; numbers come
in already formatted (``12,345``, ``43.7%``).
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.cli.wrote": "已写入 {path}",
    "msg.cli.log_format": "提示：%(message)s",
    "msg.cli.saved_scenario": "已将方案「{name}」保存到项目 {path}",
    "msg.cli.scenario_default": "方案 {n}",
    # info
    "msg.cli.info.head": "{name}（{source}）",
    "msg.cli.info.sample_source": "内置示例",
    "msg.cli.info.count.nodes": "路网节点",
    "msg.cli.info.count.edges": "路段",
    "msg.cli.info.count.buildings": "建筑",
    "msg.cli.info.count.landuse": "土地利用",
    "msg.cli.info.count.premises": "候选场所",
    "msg.cli.info.count.boundaries": "行政边界",
    "msg.cli.info.landuse": "土地利用：{parts}",
    "msg.cli.info.premises": "候选场所：{parts}",
    "msg.cli.info.part": "{name} {count}",
    "msg.cli.info.bounds": "范围：西 {west}  南 {south}  东 {east}  北 {north}",
    "msg.cli.info.data": "数据：{attribution}",
    "msg.cli.info.osm_attribution": "© OpenStreetMap 贡献者（ODbL）",
    # coverage
    "msg.cli.coverage": (
        "{people} 人，{outlets} 个网点：{shares}；{gaps} 处覆盖缺口，{must} 个必须覆盖区域未被覆盖"
    ),
    "msg.cli.coverage_share": "{minutes} 分钟 {share}",
    # plan
    "msg.cli.plan": (
        "{model}：从 {candidates} 个候选点位中选出 {sites} 个新网点，覆盖率 {before} → {after}；"
        "求解状态：{status}，目标值 {objective}，上界 {bound}，差距 {gap}"
    ),
    "msg.cli.plan_site": "{site}：{reasons}",
    # demand quality
    "msg.cli.quality": (
        "需求质量：常住人口 {residents} 人，{densities}；区域类型：{profile}{shares}"
    ),
    "msg.cli.quality_after": (
        "需求质量（采用{totals}后）：常住人口 {residents} 人，{densities}；"
        "区域类型：{profile}{shares}"
    ),
    "msg.cli.quality_before": "  仅按地图估算：常住人口 {residents} 人，{densities}",
    "msg.cli.quality_shares": "；人口来源：{shares}",
    "msg.cli.density_study_area": "研究区每平方公里 {density} 人（合理范围 {band}）",
    "msg.cli.density_residential_land": "居住用地每平方公里 {density} 人（合理范围 {band}）",
    "msg.cli.band": "{low}–{high}",
    "msg.cli.totals_sep": "和",
    "msg.cli.share.tagged_levels": "已标注层数的建筑 {share}",
    "msg.cli.share.assumed_levels": "假定层数的建筑 {share}",
    "msg.cli.share.from_land": "按用地密度 {share}",
    "msg.cli.share.from_grid": "人口格网 {share}",
    # off the network
    "msg.cli.off_network_none": "远离路网的人口：无（所有需求单元距道路均在 {limit}以内）",
    "msg.cli.off_network": (
        "远离路网的人口：{people} 人，{units} 处距任何道路超过 {limit}"
        "（与覆盖缺口分开列出：见 analysis.gpkg 的 off_network 图层）"
    ),
    "msg.cli.metres": "{value} 米",
    # census audit
    "msg.cli.census_audit": "普查人口核对（估算 → 普查，比值）：",
    "msg.cli.census_row": "  {name}：{numbers}；{status}",
    "msg.cli.census_to": " → {census}",
    "msg.cli.census_ratio": "，×{ratio}",
}

EN: dict[str, str] = {
    "msg.cli.wrote": "wrote {path}",
    "msg.cli.log_format": "%(levelname)s %(name)s: %(message)s",
    "msg.cli.saved_scenario": "saved scenario {name!r} to project {path}",
    "msg.cli.scenario_default": "scenario {n}",
    # info
    "msg.cli.info.head": "{name}  ({source})",
    "msg.cli.info.sample_source": "sample",
    "msg.cli.info.count.nodes": "nodes",
    "msg.cli.info.count.edges": "edges",
    "msg.cli.info.count.buildings": "buildings",
    "msg.cli.info.count.landuse": "landuse",
    "msg.cli.info.count.premises": "premises",
    "msg.cli.info.count.boundaries": "boundaries",
    "msg.cli.info.landuse": "land use: {parts}",
    "msg.cli.info.premises": "premises: {parts}",
    "msg.cli.info.part": "{name} {count}",
    "msg.cli.info.bounds": "bounds     W {west}  S {south}  E {east}  N {north}",
    "msg.cli.info.data": "data {attribution}",
    "msg.cli.info.osm_attribution": "© OpenStreetMap contributors, ODbL",
    # coverage
    "msg.cli.coverage": (
        "{people} people, {outlets} outlets: {shares}; {gaps} gaps, {must} must-cover areas "
        "not covered"
    ),
    "msg.cli.coverage_share": "{minutes} min {share}",
    # plan
    "msg.cli.plan": (
        "{model}: {sites} new outlets from {candidates} candidates, coverage {before} -> "
        "{after}; status {status}, objective {objective}, bound {bound}, gap {gap}"
    ),
    "msg.cli.plan_site": "{site}: {reasons}",
    # demand quality
    "msg.cli.quality": (
        "demand quality: {residents} residents, {densities}; profile: {profile}{shares}"
    ),
    "msg.cli.quality_after": (
        "demand quality, after the {totals}: {residents} residents, {densities}; "
        "profile: {profile}{shares}"
    ),
    "msg.cli.quality_before": "  the map estimate alone: {residents} residents, {densities}",
    "msg.cli.quality_shares": "; people from {shares}",
    "msg.cli.density_study_area": "{density} per km² of the study area (expected {band})",
    "msg.cli.density_residential_land": "{density} per km² of residential land (expected {band})",
    "msg.cli.band": "{low}-{high}",
    "msg.cli.totals_sep": " and ",
    "msg.cli.share.tagged_levels": "tagged levels {share}",
    "msg.cli.share.assumed_levels": "assumed levels {share}",
    "msg.cli.share.from_land": "land at a density {share}",
    "msg.cli.share.from_grid": "grid cells {share}",
    # off the network
    "msg.cli.off_network_none": (
        "off the road network: nobody (every demand unit lies within {limit} of a road)"
    ),
    "msg.cli.off_network": (
        "off the road network: {people} people in {units} {places} farther than {limit} "
        "from any road (listed apart from the gaps: layer off_network of analysis.gpkg)"
    ),
    "msg.cli.metres": "{value} m",
    # census audit
    "msg.cli.census_audit": "census totals (estimate -> census, ratio):",
    "msg.cli.census_row": "  {name}: {numbers}; {status}",
    "msg.cli.census_to": " -> {census}",
    "msg.cli.census_ratio": ", x{ratio}",
}
