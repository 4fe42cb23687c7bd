"""Messages of a saved project's scenario read back as a run (results.project.model)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.results.project.no_analysis": (
        "方案“{scenario}”没有覆盖分析结果，无法生成报告或地图。请重新运行覆盖分析后再保存该方案。"
    ),
}

EN: dict[str, str] = {
    "msg.results.project.no_analysis": (
        "Scenario '{scenario}' holds no coverage results, so no report or map can be made from "
        "it. Run the coverage analysis again and save the scenario."
    ),
}
