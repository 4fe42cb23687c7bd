"""Staffing in the report's executive summary and conclusions, and the workbook's 汇总 sheet.

Sentences of :mod:`servicecircle.report.staffing_summary` and the rows of
:func:`servicecircle.report.workbook_staffing.staffing_summary_rows`.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "report.doc.exec.staff": (
        "现有工作人员 {staff} 人，每万名居民可达工作人员 {per10k} 人；能力内可服务 {served} 人"
        "（{served_share}），在服务圈内但超出网点能力 {over} 人（{over_share}），"
        "不在任何网点服务圈内 {out} 人（{out_share}）。"
    ),
    "report.doc.exec.staff_grades": "{n} 个乡镇（街道）的分级覆盖评级为：{counts}。",
    "report.doc.exec.staff_grade_count": "{grade} 级 {n} 个",
    "report.doc.exec.staff_after": (
        "按推荐方案新增网点后，工作人员 {staff} 人，每万名居民可达工作人员 {per10k} 人，"
        "能力内可服务 {served} 人（{served_share}），不在任何网点服务圈内 {out} 人。"
    ),
    "report.doc.exec.staff_grades_after": (
        "新增网点后评级为：{counts}，其中 {raised} 个乡镇（街道）评级提高。"
    ),
    "report.doc.exec.staff_grades_same": "新增网点后评级为：{counts}，没有乡镇（街道）评级提高。",
    "report.handover.summary.staff": "工作人员（人）",
    "report.handover.summary.capacity": "按人员配置标准可服务人数",
    "report.handover.summary.grade_count": "评级为 {grade} 级的乡镇（街道）数",
}

EN: dict[str, str] = {
    "report.doc.exec.staff": (
        "There are {staff} staff, {per10k} per 10,000 residents within reach; {served} people"
        " ({served_share}) are served within capacity, {over} ({over_share}) are within a service"
        " circle but beyond the outlets' capacity, and {out} ({out_share}) are outside every"
        " service circle."
    ),
    "report.doc.exec.staff_grades": "By tier coverage, of the {n} townships/streets {counts}.",
    "report.doc.exec.staff_grade_count": "{n} at grade {grade}",
    "report.doc.exec.staff_after": (
        "With the plan's new outlets there are {staff} staff, {per10k} per 10,000 residents"
        " within reach; {served} people ({served_share}) are served within capacity and {out}"
        " are outside every service circle."
    ),
    "report.doc.exec.staff_grades_after": (
        "After the plan, {counts}; {raised} township(s)/street(s) rise a grade."
    ),
    "report.doc.exec.staff_grades_same": (
        "After the plan, {counts}; no township/street rises a grade."
    ),
    "report.handover.summary.staff": "Staff",
    "report.handover.summary.capacity": "People the staff can serve (staffing standard)",
    "report.handover.summary.grade_count": "Townships/streets graded {grade}",
}
