"""Texts of editing outlets and candidate sites on the map, and of a new outlet's preview."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.editing.unknown_type": "未知的网点类型“{type}”。请选用以下类型之一：{known}。",
    "msg.editing.measuring": "修改网点后重新测算覆盖情况",
    "editing.form": "修改网点",
    "editing.form_help": (
        "选择一个网点，修改其类型或经纬度后点“应用”，或将其删除。也可在地图上编辑："
        "用左侧工具栏的“编辑”拖动网点后点“保存”，用“删除”移除网点，用标记工具添加网点。"
        "文件中的网点不会被改动，修改单独保存在本次会话中。"
    ),
    "editing.outlet": "网点",
    "editing.apply": "应用修改",
    "editing.delete": "删除该网点",
    "editing.undo_all": "撤销全部修改",
    "editing.outside": "该位置在研究范围之外，未作修改。",
    "editing.new_name": "新增{type}{number}",
    "editing.coverage": "修改后的覆盖情况",
    "editing.click": "点击地图时",
    "editing.click.preview": "预览新增网点的服务范围",
    "editing.click.add": "在点击处新增网点",
    "editing.click.move": "把所选网点移到点击处",
    "editing.click.none": "不做任何操作",
    "editing.new_type": "新增网点的类型",
    "editing.newly_covered": "在点击处新增一处{type}可新覆盖的人数",
    "editing.preview_help": (
        "{mode} {minutes} 分钟服务圈内共 {reached} 人；新覆盖人数不含已被现有网点按标准覆盖的人。"
    ),
    "editing.preview_area": "新增网点的服务范围",
    "editing.preview_people": "新增网点可新覆盖的需求点",
    "editing.covered": "已覆盖的需求点",
    "editing.uncovered": "未覆盖的需求点",
    "editing.candidates_click": "点击地图添加候选点位",
    "editing.candidates_click_help": (
        "勾选后，在地图上每点击一处即添加一个候选点位（来源为“地图点选”）。"
    ),
    "editing.candidates_clicked": "已点选 {count} 个候选点位",
    "editing.candidates_clear": "清除点选的候选点位",
    "editing.candidate_name": "点选候选点位{number}",
    "siting.source.map": "地图点选",
}

EN: dict[str, str] = {
    "msg.editing.unknown_type": "Unknown outlet type '{type}'. Use one of: {known}.",
    "msg.editing.measuring": "Measuring coverage again after the edit",
    "editing.form": "Change an outlet",
    "editing.form_help": (
        "Choose an outlet, change its type or coordinates and press Apply, or delete it. On the "
        "map: drag outlets in the toolbar's Edit mode and press Save, remove them in its Delete "
        "mode, add one with the marker tool. The file's outlets are not changed: the edits are "
        "kept apart in this session."
    ),
    "editing.outlet": "Outlet",
    "editing.apply": "Apply",
    "editing.delete": "Delete this outlet",
    "editing.undo_all": "Undo all edits",
    "editing.outside": "That place is outside the study area; nothing was changed.",
    "editing.new_name": "new {type} {number}",
    "editing.coverage": "Coverage as edited",
    "editing.click": "A click on the map",
    "editing.click.preview": "previews a new outlet's reach",
    "editing.click.add": "adds an outlet there",
    "editing.click.move": "moves the chosen outlet there",
    "editing.click.none": "does nothing",
    "editing.new_type": "Type of new outlets",
    "editing.newly_covered": "People a new {type} at the point clicked would newly cover",
    "editing.preview_help": (
        "{reached} people within its {minutes}-minute {mode} service area; those already "
        "covered by today's outlets (by their standard) are not counted as new."
    ),
    "editing.preview_area": "New outlet's service area",
    "editing.preview_people": "Demand it would newly cover",
    "editing.covered": "Covered demand",
    "editing.uncovered": "Uncovered demand",
    "editing.candidates_click": "Add candidate sites by clicking the map",
    "editing.candidates_click_help": (
        "When ticked, every click on the map adds a candidate site (source: clicked on the map)."
    ),
    "editing.candidates_clicked": "{count} candidate sites clicked",
    "editing.candidates_clear": "Forget the clicked candidate sites",
    "editing.candidate_name": "clicked site {number}",
    "siting.source.map": "clicked on the map",
}
