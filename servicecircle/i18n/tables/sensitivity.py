"""The sensitivity checks: coverage at walking speed ±20 % and the cost of each must-cover rule.

Used by :mod:`servicecircle.workflow.sensitivity` (progress steps and the
lines the command line prints); numbers come in already formatted
(``12,345``, ``43.7%``).
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.sensitivity.step.speed": "测算步行速度 ±20% 时的覆盖",
    "msg.sensitivity.step.rules": "测算每条必须覆盖要求对覆盖的影响（去掉该要求重新求解）",
    "msg.sensitivity.speed_head": "步行速度敏感性（{when}，{standard}）：",
    "msg.sensitivity.when.today": "现状",
    "msg.sensitivity.when.after": "规划后",
    "msg.sensitivity.standard": "按各类网点自身的服务时间",
    "msg.sensitivity.speed_case": (
        "  {mode} {speed} 公里/小时（{change}）：覆盖 {people} 人（{share}）"
    ),
    "msg.sensitivity.change.slower": "慢 20%",
    "msg.sensitivity.change.as_set": "按设定",
    "msg.sensitivity.change.faster": "快 20%",
    "msg.sensitivity.change.other": "设定速度的 {factor} 倍",
    "msg.sensitivity.no_walking": "步行速度敏感性：没有步行服务的网点，无需测算。",
    "msg.sensitivity.rule_cost": (
        "必须覆盖{rule}：有此要求时覆盖 {with_people} 人（{with_share}），"
        "去掉此要求、同样 {outlets} 个新网点可覆盖 {without_people} 人（{without_share}），"
        "此要求少覆盖 {cost_people} 人（{cost_share}）"
    ),
    "msg.sensitivity.rule_free": (
        "必须覆盖{rule}：去掉此要求、同样 {outlets} 个新网点也不能多覆盖人口"
        "（均为 {with_people} 人，{with_share}），此要求不降低覆盖"
    ),
    "msg.sensitivity.rule_gain": (
        "必须覆盖{rule}：有此要求时覆盖 {with_people} 人（{with_share}），"
        "去掉此要求、同样 {outlets} 个新网点只覆盖 {without_people} 人（{without_share}），"
        "此要求多覆盖 {cost_people} 人（{cost_share}）"
    ),
    "msg.sensitivity.not_proved": (
        "（有、无此要求的两次求解在时限内未都证明最优：{status}，差距 {gap}）"
    ),
}

EN: dict[str, str] = {
    "msg.sensitivity.step.speed": "coverage at walking speed ±20%",
    "msg.sensitivity.step.rules": "what each must-cover rule costs (solving again without it)",
    "msg.sensitivity.speed_head": "Walking speed sensitivity ({when}, {standard}):",
    "msg.sensitivity.when.today": "today",
    "msg.sensitivity.when.after": "after the plan",
    "msg.sensitivity.standard": "by each outlet type's own minutes",
    "msg.sensitivity.speed_case": "  {mode} {speed} km/h ({change}): {people} people ({share})",
    "msg.sensitivity.change.slower": "20% slower",
    "msg.sensitivity.change.as_set": "as set",
    "msg.sensitivity.change.faster": "20% faster",
    "msg.sensitivity.change.other": "{factor} × the speed as set",
    "msg.sensitivity.no_walking": "Walking speed sensitivity: no outlet is reached on foot.",
    "msg.sensitivity.rule_cost": (
        "Must cover {rule}: {with_people} people ({with_share}) with the rule; "
        "without it the same {outlets} new outlets cover {without_people} ({without_share}), "
        "so the rule costs {cost_people} people ({cost_share})"
    ),
    "msg.sensitivity.rule_free": (
        "Must cover {rule}: without the rule the same {outlets} new outlets cover no more "
        "people (both {with_people}, {with_share}); the rule costs no coverage"
    ),
    "msg.sensitivity.rule_gain": (
        "Must cover {rule}: {with_people} people ({with_share}) with the rule; "
        "without it the same {outlets} new outlets cover {without_people} ({without_share}), "
        "so the rule adds {cost_people} people ({cost_share})"
    ),
    "msg.sensitivity.not_proved": (
        " (the solves with and without the rule were not both proved optimal within the "
        "time limit: {status}, gap {gap})"
    ),
}
