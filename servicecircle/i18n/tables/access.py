"""Messages of the capacity-aware accessibility (:mod:`servicecircle.coverage.accessibility`)."""

from __future__ import annotations

ZH: dict[str, str] = {
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
}

EN: dict[str, str] = {
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
}
