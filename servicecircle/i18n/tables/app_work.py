"""Names of the app's heavy steps, said in the memory-budget message (``what=``)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "work.reading_area": "读取研究区",
    "work.adding_buildings": "加入您提供的建筑",
    "work.reading_file": "读取 {file}",
    "work.estimating_demand": "估算需求人口",
    "work.building_network": "构建路网",
    "work.computing_coverage": "计算覆盖情况",
    "work.finding_candidates": "在缺口周边生成候选点位",
    "work.building_report": "生成报告",
    "work.choosing_sites": "选址计算",
}

EN: dict[str, str] = {
    "work.reading_area": "Reading the study area",
    "work.adding_buildings": "Adding your buildings",
    "work.reading_file": "Reading {file}",
    "work.estimating_demand": "Estimating the demand",
    "work.building_network": "Building the road network",
    "work.computing_coverage": "Computing coverage",
    "work.finding_candidates": "Finding candidate sites around the gaps",
    "work.building_report": "Building the report",
    "work.choosing_sites": "Choosing new sites",
}
