"""Words of the files handed over to streets and communities: the workbook and street packs.

Used by :mod:`servicecircle.report.workbook`, :mod:`servicecircle.report.street_pack`
and the ``handover`` command.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "report.handover.sheet.summary": "汇总",
    "report.handover.sheet.streets": "街道（乡镇）",
    "report.handover.sheet.communities": "社区（村）",
    "report.handover.sheet.gaps": "服务缺口",
    "report.handover.sheet.sites": "推荐新增网点",
    "report.handover.sheet.outlets": "现有网点",
    "report.handover.sheet.assumptions": "计算假设",
    "report.handover.summary.item": "项目",
    "report.handover.summary.date": "生成日期",
    "report.handover.summary.streets": "乡镇（街道）数",
    "report.handover.summary.communities": "社区（村）数",
    "report.handover.summary.gaps": "服务缺口数",
    "report.handover.summary.new_sites": "推荐新增网点数",
    "report.handover.summary.newly_covered": "新增网点新覆盖人口（按服务标准）",
    "report.handover.summary.share_before": "现状覆盖率（按服务标准）",
    "report.handover.summary.share_after": "新增网点后覆盖率（按服务标准）",
    "report.handover.when.before": "现状",
    "report.handover.when.after": "新增后",
    "report.handover.col.covered_when": "{when}覆盖人口（{minutes} 分钟）",
    "report.handover.col.share_when": "{when}覆盖率（{minutes} 分钟）",
    "report.handover.col.standard_before": "现状覆盖人口（按服务标准）",
    "report.handover.col.standard_after": "新增后覆盖人口（按服务标准）",
    "report.handover.col.standard_gain": "新增覆盖人口（按服务标准）",
    "report.handover.col.standard_share_before": "现状覆盖率（按服务标准）",
    "report.handover.col.standard_share_after": "新增后覆盖率（按服务标准）",
    "report.handover.col.road": "最近道路",
    "report.handover.col.units": "需求单元数",
    "report.handover.col.gaps_served": "服务的缺口",
    "report.handover.col.newly_at": "{minutes} 分钟内新覆盖人口",
    "report.handover.col.street_gain": "本乡镇（街道）新覆盖人口",
    "report.handover.col.section": "类别",
    "report.handover.col.share_at": "{minutes} 分钟覆盖率",
    "report.handover.col.before_after": "现状→新增后",
    "report.handover.section.siting": "选址计算",
    "report.handover.section.notes": "说明",
    "report.handover.pack.title": "{street}就业服务圈情况",
    "report.handover.pack.subtitle": "{area} · {level} · 生成日期 {date}",
    "report.handover.pack.level": "乡镇（街道）",
    "report.handover.pack.summary": (
        "本乡镇（街道）约 {people} 人，其中 {covered} 人（{share}）在 {minutes} 分钟内可到达"
        "就业服务网点。"
    ),
    "report.handover.pack.summary_after": (
        "按推荐方案新增网点后，{minutes} 分钟内可到达的人口为 {after} 人（{share_after}）。"
    ),
    "report.handover.pack.communities": "各社区（村）覆盖情况",
    "report.handover.pack.gaps": "服务缺口（按未覆盖人口排序）",
    "report.handover.pack.sites": "服务本乡镇（街道）的推荐新增网点",
    "report.handover.pack.no_communities": "本乡镇（街道）没有社区（村）边界数据。",
    "report.handover.pack.no_gaps": "本乡镇（街道）没有服务缺口。",
    "report.handover.pack.no_sites": "没有位于本乡镇（街道）或服务其缺口的推荐新增网点。",
    "report.handover.pack.no_siting": "本次结果未包含选址方案，因此只列出现状。",
    "report.handover.pack.more": "另有 {n} 项未列出，详见工作簿。",
    "report.handover.pack.map": "{street}：现状覆盖、缺口与推荐新增网点（{minutes} 分钟）",
    "report.handover.pack.legend_gap": "服务缺口",
    "report.handover.pack.footer": "数据：© OpenStreetMap 贡献者；人口为估算值，仅供规划参考。",
    "report.handover.file.workbook": "{name}_工作簿.xlsx",
    "report.handover.file.packs": "{name}_街道资料",
    "report.handover.file.packs_zip": "{name}_街道资料.zip",
    "report.handover.app.title": "街道与社区资料",
    "report.handover.app.help": (
        "全区一个 Excel 工作簿（汇总、街道、社区、缺口、推荐新增网点、现有网点、计算假设），"
        "以及每个乡镇（街道）一页的 PDF 资料（地图、各社区覆盖情况、缺口和服务该街道的新增网点），"
        "可直接反馈给各街道和社区。点击按钮时生成，语言与报告相同。"
    ),
    "report.handover.app.workbook": "下载工作簿（Excel）",
    "report.handover.app.packs": "下载街道资料（PDF 压缩包）",
    "msg.handover.no_townships": (
        "研究区没有乡镇（街道）边界，无法按街道生成资料（工作簿已写出）。请在分析时提供乡镇（街道）"
        "和社区（村）边界文件（命令行 `--boundaries 文件`），再重新运行分析。"
    ),
    "msg.handover.bar": "街道资料",
    "msg.handover.step.workbook": "正在写工作簿",
    "msg.handover.step.pack": "正在制作 {street} 的资料",
    "msg.handover.written": "已写出 {count} 个乡镇（街道）的资料，位于 {folder}",
}

EN: dict[str, str] = {
    "report.handover.sheet.summary": "Summary",
    "report.handover.sheet.streets": "Streets",
    "report.handover.sheet.communities": "Communities",
    "report.handover.sheet.gaps": "Gaps",
    "report.handover.sheet.sites": "Recommended sites",
    "report.handover.sheet.outlets": "Existing outlets",
    "report.handover.sheet.assumptions": "Assumptions",
    "report.handover.summary.item": "Item",
    "report.handover.summary.date": "Written on",
    "report.handover.summary.streets": "Townships / streets",
    "report.handover.summary.communities": "Communities / villages",
    "report.handover.summary.gaps": "Gaps",
    "report.handover.summary.new_sites": "Recommended new outlets",
    "report.handover.summary.newly_covered": "Newly covered by the new outlets (standard)",
    "report.handover.summary.share_before": "Share covered today (standard)",
    "report.handover.summary.share_after": "Share covered after the plan (standard)",
    "report.handover.when.before": "today",
    "report.handover.when.after": "after the plan",
    "report.handover.col.covered_when": "Covered {when} ({minutes} min)",
    "report.handover.col.share_when": "Share {when} ({minutes} min)",
    "report.handover.col.standard_before": "Covered today (standard)",
    "report.handover.col.standard_after": "Covered after the plan (standard)",
    "report.handover.col.standard_gain": "Newly covered (standard)",
    "report.handover.col.standard_share_before": "Share today (standard)",
    "report.handover.col.standard_share_after": "Share after the plan (standard)",
    "report.handover.col.road": "Nearest road",
    "report.handover.col.units": "Demand units",
    "report.handover.col.gaps_served": "Gaps served",
    "report.handover.col.newly_at": "Newly covered in {minutes} min",
    "report.handover.col.street_gain": "Newly covered here",
    "report.handover.col.section": "Section",
    "report.handover.col.share_at": "Share in {minutes} min",
    "report.handover.col.before_after": "today → after the plan",
    "report.handover.section.siting": "Siting",
    "report.handover.section.notes": "Notes",
    "report.handover.pack.title": "{street}: employment service circle",
    "report.handover.pack.subtitle": "{area} · {level} · written on {date}",
    "report.handover.pack.level": "Township / street",
    "report.handover.pack.summary": (
        "About {people} people live here; {covered} of them ({share}) reach an employment "
        "service outlet within {minutes} minutes."
    ),
    "report.handover.pack.summary_after": (
        "With the recommended new outlets, {after} people ({share_after}) reach one within "
        "{minutes} minutes."
    ),
    "report.handover.pack.communities": "Communities / villages",
    "report.handover.pack.gaps": "Gaps (most people uncovered first)",
    "report.handover.pack.sites": "Recommended new outlets serving this street",
    "report.handover.pack.no_communities": "No community boundaries were given for this street.",
    "report.handover.pack.no_gaps": "This street has no gap.",
    "report.handover.pack.no_sites": "No recommended new outlet stands in or serves this street.",
    "report.handover.pack.no_siting": "These results hold no siting plan; only today is shown.",
    "report.handover.pack.more": "{n} more not listed (see the workbook).",
    "report.handover.pack.map": "{street}: coverage today, gaps and new outlets ({minutes} min)",
    "report.handover.pack.legend_gap": "Gap",
    "report.handover.pack.footer": (
        "Data: © OpenStreetMap contributors; people are estimates, for planning only."
    ),
    "report.handover.file.workbook": "{name}_workbook.xlsx",
    "report.handover.file.packs": "{name}_street_packs",
    "report.handover.file.packs_zip": "{name}_street_packs.zip",
    "report.handover.app.title": "Files for streets and communities",
    "report.handover.app.help": (
        "One Excel workbook for the whole area (summary, streets, communities, gaps, "
        "recommended sites, existing outlets, assumptions) and a one-page PDF per township / "
        "street (map, its communities' coverage, its gaps and the new outlets serving it), to "
        "hand back to them. Built when you click, in the report's language."
    ),
    "report.handover.app.workbook": "Download the workbook (Excel)",
    "report.handover.app.packs": "Download the street packs (PDF, zipped)",
    "msg.handover.no_townships": (
        "The study area has no township or street boundaries, so no street pack can be made "
        "(the workbook was written). Give township and community boundaries when you analyze "
        "(`--boundaries FILE` on the command line) and run the analysis again."
    ),
    "msg.handover.bar": "street packs",
    "msg.handover.step.workbook": "writing the workbook",
    "msg.handover.step.pack": "making the pack of {street}",
    "msg.handover.written": "wrote the packs of {count} townships / streets into {folder}",
}
