"""Messages of the capacity-aware accessibility (:mod:`servicecircle.coverage.accessibility`)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.access.cli.no_township": "（不在任何街道/乡镇内）",
    "msg.access.bad_bands": (
        "出行时间分段的权重须为不小于 0 的数，分段上限（分钟）须从小到大排列、与权重一一对应；"
        "而这里权重是 {weights}，上限是 {limits}。"
    ),
    "msg.access.negative": (
        "{what}须为不小于 0 的数，且每个网点（或需求单元）都要有值，请检查后重试。"
    ),
    "msg.access.what.staff": "网点工作人员数",
    "msg.access.what.people": "需求单元的人口",
    "msg.access.what.capacity": "网点可服务人数",
    "msg.access.what.catchment_minutes": "网点服务范围（分钟）",
    "msg.access.what.people_per_staff": "每名工作人员服务的人数",
    "msg.access.cli.total": (
        "工作人员可达性：每万名居民可达工作人员 {per10k} 人（两步移动搜索法 2SFCA；按出行时间衰减的"
        " E2SFCA 为 {e2sfca} 人），共 {staff} 名工作人员，按人员配置标准可服务 {capacity} 人；"
        "能力内可服务 {served} 人（{served_share}），服务圈内但超出网点能力 {over} 人"
        "（{over_share}），不在任何网点服务圈内 {out} 人（{out_share}）。"
    ),
    "msg.access.cli.township": (
        "  {township}：每万名居民可达工作人员 {per10k} 人；能力内可服务 {served_share}，"
        "超出能力 {over_share}，服务圈外 {out_share}。"
    ),
    "msg.access.cli.outlet": "{name}（每名工作人员对应服务圈内 {load} 人）",
    "msg.access.cli.heaviest": "负荷最重的网点：{outlets}。",
}

EN: dict[str, str] = {
    "msg.access.cli.no_township": "(outside every township/street)",
    "msg.access.bad_bands": (
        "The travel-time band weights must be numbers of at least 0, and the band limits"
        " (minutes) ascending, one per weight; here the weights are {weights} and the"
        " limits {limits}."
    ),
    "msg.access.negative": (
        "The {what} must be numbers of at least 0, one for every outlet (or demand unit);"
        " check them and try again."
    ),
    "msg.access.what.staff": "staff of the outlets",
    "msg.access.what.people": "people of the demand units",
    "msg.access.what.capacity": "people the outlets can serve",
    "msg.access.what.catchment_minutes": "catchment minutes of the outlets",
    "msg.access.what.people_per_staff": "people each staff member serves",
    "msg.access.cli.total": (
        "Staff within reach: {per10k} staff per 10,000 residents (two-step floating catchment,"
        " 2SFCA; {e2sfca} with travel-time decay, E2SFCA), {staff} staff in all, able to serve"
        " {capacity} people by the staffing standard; {served} people can be served within capacity"
        " ({served_share}), {over} are within reach but over capacity ({over_share}) and"
        " {out} are out of every outlet's reach ({out_share})."
    ),
    "msg.access.cli.township": (
        "  {township}: {per10k} staff per 10,000 residents; served within capacity"
        " {served_share}, over capacity {over_share}, out of reach {out_share}."
    ),
    "msg.access.cli.outlet": "{name} ({load} people in reach per staff member)",
    "msg.access.cli.heaviest": "Heaviest-loaded outlets: {outlets}.",
}
