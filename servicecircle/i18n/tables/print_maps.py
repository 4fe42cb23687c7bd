"""Words of the print maps (servicecircle.maps.print_map): titles, legend rows, notes, errors."""

from __future__ import annotations

ZH: dict[str, str] = {
    "print.title.overview": "{area}：区域概况",
    "print.title.today": "{area}：现状就业服务圈覆盖",
    "print.title.after": "{area}：新增网点后的就业服务圈覆盖",
    "print.title.gaps": "{area}：覆盖缺口",
    "print.title.site": "{area}：新增网点 {rank}（{name}）服务范围",
    "print.title.unit": "{unit}：就业服务圈覆盖",
    "print.legend.main_road": "主要道路",
    "print.legend.road": "其他道路",
    "print.legend.township": "街道（乡镇）界线",
    "print.legend.community": "社区（村）界线",
    "print.legend.outlets": "现有服务网点（实心方块）",
    "print.legend.new": "推荐新增网点（五角星，数字为建设顺序）",
    "print.legend.gap_area": "覆盖缺口（斜线区）",
    "print.legend.gap": "缺口位置（空心三角，方框数字为按未覆盖人数排序）",
    "print.legend.covered": "已覆盖需求（实心圆，大小示人口）",
    "print.legend.uncovered": "未覆盖需求（空心圆，大小示人口）",
    "print.legend.area": "新增网点服务范围（{minutes} 分钟）",
    "print.legend.today_area": "现有网点服务范围（{minutes} 分钟）",
    "print.note.standard": "覆盖按各类网点的服务标准计算（如社区就业服务站步行 15 分钟）。",
    "print.note.site": "新增网点 {rank}：服务范围内 {people} 人，新覆盖 {newly} 人。",
    "print.note.source": "底图：研究区 OpenStreetMap 路网（无在线底图）。",
    "print.note.made": "制图日期：{date}",
    "print.file.overview": "区域概况",
    "print.file.today": "现状覆盖",
    "print.file.gaps": "覆盖缺口",
    "print.file.after": "新增网点后覆盖",
    "print.file.site": "新增网点{rank}服务范围",
    "print.file.unit": "{unit}覆盖",
    "print.note.parts_outside": "本街道（乡镇）另有飞地共 {people} 人在图幅外。",
    "msg.maps.no_township": "没有名为“{name}”的街道（乡镇）。本结果中的街道（乡镇）：{names}。",
    "msg.maps.no_site": "没有第 {rank} 号新增网点。本方案共有 {count} 个新增网点。",
    "msg.maps.no_siting": "该结果没有选址方案，请先运行 servicecircle site 再绘制新增网点地图。",
    "msg.maps.bad_size": "纸张 {size} 不可用，请选 A4 或 A3。",
    "msg.maps.bad_format": "格式 {format} 不可用，请选 png 或 pdf（可用逗号分隔同时输出）。",
}

EN: dict[str, str] = {
    "print.title.overview": "{area}: overview",
    "print.title.today": "{area}: employment service coverage today",
    "print.title.after": "{area}: coverage with the recommended new outlets",
    "print.title.gaps": "{area}: coverage gaps",
    "print.title.site": "{area}: service area of new outlet {rank} ({name})",
    "print.title.unit": "{unit}: employment service coverage",
    "print.legend.main_road": "main roads",
    "print.legend.road": "other roads",
    "print.legend.township": "township (street) boundary",
    "print.legend.community": "community (village) boundary",
    "print.legend.outlets": "existing outlets (filled squares)",
    "print.legend.new": "recommended new outlets (stars, number = build order)",
    "print.legend.gap_area": "coverage gaps (hatched)",
    "print.legend.gap": "gap (open triangle, number in square = rank by people uncovered)",
    "print.legend.covered": "covered demand (filled circles, size = people)",
    "print.legend.uncovered": "uncovered demand (open circles, size = people)",
    "print.legend.area": "service area of a new outlet ({minutes} min)",
    "print.legend.today_area": "service area of today's outlets ({minutes} min)",
    "print.note.standard": (
        "Coverage by each outlet type's own standard (e.g. 15 minutes on foot to a "
        "community window)."
    ),
    "print.note.site": (
        "New outlet {rank}: {people} people in its service area, {newly} newly covered."
    ),
    "print.note.source": "Base: the study area's OpenStreetMap roads (no online basemap).",
    "print.note.made": "Made on {date}",
    "print.file.overview": "overview",
    "print.file.today": "coverage_today",
    "print.file.gaps": "gaps",
    "print.file.after": "coverage_after_plan",
    "print.file.site": "new_outlet_{rank}_service_area",
    "print.file.unit": "coverage_{unit}",
    "print.note.parts_outside": (
        "Detached parts of this township with {people} people lie outside the map."
    ),
    "msg.maps.no_township": (
        "There is no township (street) called '{name}'. Townships in these results: {names}."
    ),
    "msg.maps.no_site": "There is no new outlet number {rank}. The plan has {count} new outlets.",
    "msg.maps.no_siting": (
        "These results hold no siting plan; run servicecircle site before mapping new outlets."
    ),
    "msg.maps.bad_size": "Paper size {size} is not available; choose A4 or A3.",
    "msg.maps.bad_format": (
        "Format {format} is not available; choose png or pdf (comma-separated for both)."
    ),
}
