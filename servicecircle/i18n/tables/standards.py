"""Outlet tiers and the standards table: tier names, bad rows of a standards file, tier coverage.

Used by :mod:`servicecircle.supply.standards` (``--standards FILE``),
:mod:`servicecircle.supply.outlets` (层级 and 人员 cells of an outlets file),
:mod:`servicecircle.coverage.tiers` (coverage by tier, A-E grades) and the
command line that prints them.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # labels
    "tier.county": "县级",
    "tier.township": "街道（乡镇）级",
    "tier.community": "社区（村）级",
    "outlet.county_centre": "县级公共就业服务中心",
    "outlet.township_station": "街道（乡镇）就业服务站",
    # the types themselves
    "msg.standards.bad_tier": "网点类型 {name} 的层级 {tier} 无效：层级只能是 {tiers}。",
    "msg.standards.bad_staff": (
        "网点类型 {name} 的人员标准须为正数（固定人数，或每名人员服务的人口数）。"
    ),
    "msg.standards.bad_days": (
        "网点类型 {name} 的开放天数 {days} 无效：每周开放天数应在 1 到 7 之间。"
    ),
    # a standards file
    "msg.standards.missing": "找不到服务标准文件 {file}：请检查路径。",
    "msg.standards.bad_toml": "服务标准文件 {file} 不是有效的 TOML：{detail}",
    "msg.standards.toml_shape": (
        "服务标准文件 {file} 中没有网点类型：请按类型写 [[type]] 表"
        "（键：类型、层级、出行方式、时间（分钟）、人员、每名人员服务人口、开放天数）。"
    ),
    "msg.standards.no_type_column": (
        "服务标准文件 {file} 没有“类型”列（现有列：{columns}）：请加一列“类型”写网点类型。"
    ),
    "msg.standards.bad_rows": "服务标准文件 {file} 有需要修改的行：{rows}",
    "msg.standards.row": "第 {row} 行{problem}",
    "msg.standards.no_type": "没有填写网点类型（“类型”列）",
    "msg.standards.bad_tier_cell": (
        "的层级“{value}”无法识别：请填写 县级、街道（乡镇） 或 社区（村）"
    ),
    "msg.standards.bad_mode_cell": (
        "的出行方式“{value}”无法识别：请填写 步行、步行（老年人）、自行车、电动自行车 或 驾车"
    ),
    "msg.standards.bad_minutes_cell": "的时间“{value}”无效：请填写大于 0、不超过 {high} 的分钟数",
    "msg.standards.bad_staff_cell": "的人员“{value}”无效：请填写大于 0、不超过 {high} 的人数",
    "msg.standards.bad_residents_per_staff_cell": (
        "的每名人员服务人口“{value}”无效：请填写大于 0 的人口数，或留空"
    ),
    "msg.standards.bad_opening_days_cell": "的开放天数“{value}”无效：请填写 1 到 {high} 之间的天数",
    # an outlets file
    "msg.standards.outlet_cells": "网点文件中有需要修改的单元格：{problems}。{hint}",
    "msg.standards.outlet_bad_tier": (
        "{rows}的层级无法识别（请填写 县级、街道（乡镇） 或 社区（村），或留空按网点类型确定）"
    ),
    "msg.standards.outlet_bad_staff": (
        "{rows}的人员数不是人数（请填写 0 或正整数，如 3，或留空按网点类型的标准配备）"
    ),
    "msg.standards.staff_default": (
        "{count} 个网点的文件中没有人员数，按其网点类型的人员标准计（共 {total} 个网点）。"
    ),
    # the command line: coverage by tier and the grades
    "msg.standards.cli.head": "现状按层级覆盖（各层级网点按其类型的服务标准）：",
    "msg.standards.cli.tier_missing": (
        "  没有{tiers}网点，各街道该层级覆盖均为 0：请在网点文件中用“层级”或“类型”列标明"
        "街道（乡镇）服务站等网点。"
    ),
    "msg.standards.cli.tier": "  {tier}：{outlets} 个网点，覆盖 {people} 人（{share}）",
    "msg.standards.cli.no_townships": "  没有街道/乡镇名称，未按街道分级。",
    "msg.standards.cli.band": "{grade} ≥ {share}",
    "msg.standards.cli.grades_head": (
        "街道（乡镇）分级（按{tiers}覆盖人口比例中的最低值：{bands}，其余为 E；规划假设）："
    ),
    "msg.standards.cli.share": "{tier} {share}",
    "msg.standards.cli.township": "  {township}：{grade} 级（{people} 人；{shares}）",
    "msg.standards.cli.more": "  另有 {count} 个街道/乡镇，见 summary.json。",
    # the app's outlet-types table
    "outlets.tier": "层级",
    "outlets.staff": "人员",
    "outlets.residents_per_staff": "每名人员服务人口",
    "outlets.opening_days": "开放天数",
    "outlets.staff_per": "每 {people} 人 1 名人员",
    "outlets.staff_fixed": "{staff} 名人员",
    "outlets.days_open": "每周开放 {days} 天",
}

EN: dict[str, str] = {
    "tier.county": "county",
    "tier.township": "township/street",
    "tier.community": "community/village",
    "outlet.county_centre": "county public employment service centre",
    "outlet.township_station": "township/street employment station",
    "msg.standards.bad_tier": (
        "Outlet type {name} has tier {tier}: the tier must be one of {tiers}."
    ),
    "msg.standards.bad_staff": (
        "Outlet type {name} needs a positive staff standard (a fixed number of staff, "
        "or residents per staff member)."
    ),
    "msg.standards.bad_days": (
        "Outlet type {name} is open {days} days a week: give a number from 1 to 7."
    ),
    "msg.standards.missing": "The standards file {file} was not found: check the path.",
    "msg.standards.bad_toml": "The standards file {file} is not valid TOML: {detail}",
    "msg.standards.toml_shape": (
        "The standards file {file} holds no outlet types: write one [[type]] table per type "
        "(keys: type, tier, mode, minutes, staff, residents_per_staff, opening_days)."
    ),
    "msg.standards.no_type_column": (
        "The standards file {file} has no type column (columns: {columns}): add a column "
        "'type' (类型) naming each outlet type."
    ),
    "msg.standards.bad_rows": "Rows of the standards file {file} to correct: {rows}",
    "msg.standards.row": "row {row}{problem}",
    "msg.standards.no_type": " names no outlet type (the 'type' column)",
    "msg.standards.bad_tier_cell": (
        ": tier '{value}' is not known; write county, township or community "
        "(县级, 街道（乡镇）, 社区（村）)"
    ),
    "msg.standards.bad_mode_cell": (
        ": travel mode '{value}' is not known; write walk, walk_strict, bike, ebike or drive"
    ),
    "msg.standards.bad_minutes_cell": (
        ": minutes '{value}' is not valid; give a number above 0 and at most {high}"
    ),
    "msg.standards.bad_staff_cell": (
        ": staff '{value}' is not valid; give a number of people above 0 and at most {high}"
    ),
    "msg.standards.bad_residents_per_staff_cell": (
        ": residents per staff member '{value}' is not valid; give a positive number or leave "
        "it blank"
    ),
    "msg.standards.bad_opening_days_cell": (
        ": opening days '{value}' is not valid; give a number of days from 1 to {high}"
    ),
    "msg.standards.outlet_cells": "Cells of the outlets file to correct: {problems}. {hint}",
    "msg.standards.outlet_bad_tier": (
        "the tier of {rows} is not known (write county, township or community, or leave it "
        "blank to take the outlet type's)"
    ),
    "msg.standards.outlet_bad_staff": (
        "the staff of {rows} is not a number of people (write 0 or a whole number such as 3, "
        "or leave it blank to take the outlet type's standard)"
    ),
    "msg.standards.staff_default": (
        "{count} of {total} outlets have no staff count in their file and take their outlet "
        "type's staffing standard."
    ),
    "msg.standards.cli.head": (
        "Coverage by tier today (each tier's outlets by their type's standard):"
    ),
    "msg.standards.cli.tier_missing": (
        "  No outlets of the {tiers} tier: every township scores 0 there; mark such outlets "
        "(township/street stations, ...) with a tier or type column in the outlets file."
    ),
    "msg.standards.cli.tier": "  {tier}: {people} people covered ({share}), outlets: {outlets}",
    "msg.standards.cli.no_townships": "  No township/street names: no grades by township.",
    "msg.standards.cli.band": "{grade} >= {share}",
    "msg.standards.cli.grades_head": (
        "Township/street grades (the lowest share of people covered at the {tiers} tiers: "
        "{bands}, else E; a planning assumption):"
    ),
    "msg.standards.cli.share": "{tier} {share}",
    "msg.standards.cli.township": "  {township}: grade {grade} ({people} people; {shares})",
    "msg.standards.cli.more": "  {count} more townships/streets in summary.json.",
    "outlets.tier": "Tier",
    "outlets.staff": "Staff",
    "outlets.residents_per_staff": "Residents per staff member",
    "outlets.opening_days": "Days open a week",
    "outlets.staff_per": "1 staff member per {people} residents",
    "outlets.staff_fixed": "{staff} staff",
    "outlets.days_open": "open {days} days a week",
}
