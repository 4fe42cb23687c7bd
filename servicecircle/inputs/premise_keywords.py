"""The words by which named OSM features become premises: the keyword tables.

:class:`NameGroup` and the default groups, exclusion words, name keys and
ruled-out tags that :class:`servicecircle.inputs.premise_names.PremiseNames`
starts from; how they are matched lives in :mod:`servicecircle.inputs.premise_names`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["outlet", "candidate"]


@dataclass(frozen=True)
class NameGroup:
    """Words that make a named feature one kind of premise.

    Attributes
    ----------
    kind
        Premise kind given to a match (the ``kind`` column of the premises layer).
    role
        ``"outlet"``: an existing employment service outlet; ``"candidate"``:
        a premise where a new outlet could open.
    outlet_type
        The outlet type such a premise is, or would host (a key of
        :data:`servicecircle.supply.outlets.DEFAULT_OUTLET_TYPES`).
    words
        Chinese words match anywhere in a name; English words (ASCII) match
        whole words, in any case.
    """

    kind: str
    role: Role
    outlet_type: str
    words: tuple[str, ...]


DEFAULT_GROUPS: tuple[NameGroup, ...] = (
    NameGroup(
        "gig_market",
        "outlet",
        "gig_market",
        (
            "零工市场",
            "零工驿站",
            "零工之家",
            "劳务市场",
            "人力资源市场",
            "人才市场",
            "gig market",
            "day labour market",
            "day labor market",
        ),
    ),
    NameGroup(
        "employment_service",
        "outlet",
        "employment_post",
        ("就业驿站", "就业服务驿站", "employment post"),
    ),
    NameGroup(
        "employment_service",
        "outlet",
        "doorstep_station",
        ("家门口就业服务站", "家门口就业", "就业服务站", "就业服务点", "doorstep employment"),
    ),
    NameGroup(
        "employment_service",
        "outlet",
        "community_window",
        (
            "人社",
            "人力资源和社会保障",
            "人力资源社会保障",
            "人力资源",
            "就业",
            "社保",
            "社会保险",
            "劳动保障",
            "劳动就业",
            "人才服务中心",
            "人才交流中心",
            "jobcentre",
            "job centre",
            "job center",
            "employment office",
            "employment centre",
            "employment center",
            "employment service",
            "employment services",
            "labour office",
            "labor office",
        ),
    ),
    NameGroup(
        "community_service",
        "candidate",
        "community_window",
        (
            "党群服务",
            "社区服务中心",
            "社区服务站",
            "社区工作站",
            "社区综合服务",
            "便民服务中心",
            "便民服务站",
            "便民服务大厅",
            "政务服务",
            "社区活动中心",
            "community centre",
            "community center",
            "community hall",
            "community service centre",
            "community service center",
            "civic centre",
            "civic center",
            "neighbourhood centre",
            "neighborhood center",
            "village hall",
        ),
    ),
    NameGroup(
        "community_committee",
        "candidate",
        "doorstep_station",
        (
            "居委会",
            "居民委员会",
            "村委会",
            "村民委员会",
            "村部",
            "residents' committee",
            "residents committee",
            "village committee",
        ),
    ),
    NameGroup(
        "subdistrict_office",
        "candidate",
        "community_window",
        (
            "街道办事处",
            "街道办",
            "乡人民政府",
            "镇人民政府",
            "乡政府",
            "镇政府",
            "乡镇政府",
            "subdistrict office",
            "sub-district office",
            "township government",
        ),
    ),
)

DEFAULT_EXCLUSIONS: tuple[str, ...] = (
    # health, education, lodging, food
    "医院",
    "卫生",
    "诊所",
    "门诊",
    "药店",
    "药房",
    "学校",
    "小学",
    "中学",
    "大学",
    "学院",
    "幼儿园",
    "酒店",
    "宾馆",
    "饭店",
    "旅馆",
    "招待所",
    "餐厅",
    "餐饮",
    # money, cars, property, trade
    "银行",
    "信用社",
    "汽车",
    "车辆",
    "物业",
    "售后",
    "维修",
    "客服",
    "客户服务",
    "营业厅",
    "公司",
    "有限",
    "集团",
    "商场",
    "超市",
    "产业园",
    # homes and facilities beside the premise
    "宿舍",
    "家属院",
    "家属楼",
    "停车场",
    "公厕",
    "厕所",
    "旧址",
    "hospital",
    "clinic",
    "school",
    "university",
    "college",
    "hotel",
    "restaurant",
    "bank",
    "car",
    "auto",
    "vehicle",
    "property management",
    "customer service",
    "company",
    "ltd",
    "inc",
    "mall",
    "supermarket",
    "parking",
    "toilet",
    "toilets",
)

DEFAULT_NAME_KEYS: tuple[str, ...] = (
    "name",
    "name:zh",
    "name:zh-Hans",
    "official_name",
    "short_name",
    "alt_name",
)

#: Features with one of these keys (any value) are never premises by name.
DEFAULT_IGNORED_KEYS: tuple[str, ...] = (
    "highway",
    "railway",
    "public_transport",
    "route",
    "boundary",
    "place",
    "waterway",
    "natural",
    "shop",
    "craft",
    "healthcare",
    "tourism",
)

#: Features with one of these values are never premises by name.
DEFAULT_IGNORED_VALUES: dict[str, tuple[str, ...]] = {
    "amenity": (
        "atm",
        "bank",
        "bicycle_parking",
        "bus_station",
        "cafe",
        "car_wash",
        "clinic",
        "college",
        "dentist",
        "doctors",
        "fast_food",
        "fuel",
        "hospital",
        "kindergarten",
        "parking",
        "parking_entrance",
        "pharmacy",
        "restaurant",
        "school",
        "toilets",
        "university",
        "vending_machine",
        "waste_basket",
    ),
    "office": ("company", "estate_agent", "insurance", "lawyer"),
    "building": ("dormitory", "hospital", "school", "university"),
}
