"""OSM tags in words: the values a ``basis`` or a candidate's ``kind`` cites.

A building's or premise's ``basis`` cites the tag that decided it
(``building=apartments``, ``amenity=social_facility``); in the planner's
files and tables it reads as a word (公寓楼, 社会服务设施) through
:func:`servicecircle.i18n.demand_words.basis_text`. A tag without a word here
is shown as OSM writes it. Keys: ``osm_tag.<key>.<value>``. Also the one
candidate kind that is no premise (``network_point``: generated around a gap)
and the basis the generated sites carry.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # building types (demand.settings: home, industrial and generic types; building_columns)
    "osm_tag.building.apartments": "公寓楼",
    "osm_tag.building.residential": "住宅楼",
    "osm_tag.building.dormitory": "宿舍楼",
    "osm_tag.building.block": "住宅楼栋",
    "osm_tag.building.house": "独栋住宅",
    "osm_tag.building.detached": "独立住宅",
    "osm_tag.building.semidetached_house": "双拼住宅",
    "osm_tag.building.terrace": "联排住宅",
    "osm_tag.building.bungalow": "平房",
    "osm_tag.building.farm": "农宅",
    "osm_tag.building.cabin": "小屋",
    "osm_tag.building.yes": "未注明类型的建筑",
    "osm_tag.building.industrial": "工业厂房",
    "osm_tag.building.warehouse": "仓库",
    "osm_tag.building.factory": "工厂",
    "osm_tag.building.manufacture": "生产厂房",
    "osm_tag.building.commercial": "商业建筑",
    "osm_tag.building.retail": "零售商业建筑",
    "osm_tag.building.office": "办公楼",
    "osm_tag.building.school": "学校建筑",
    "osm_tag.building.university": "大学建筑",
    "osm_tag.building.hospital": "医院建筑",
    "osm_tag.building.government": "政府办公楼",
    "osm_tag.building.civic": "公共机构建筑",
    "osm_tag.building.public": "公共建筑",
    "osm_tag.building.hotel": "酒店",
    "osm_tag.building.religious": "宗教建筑",
    "osm_tag.building.garage": "车库",
    "osm_tag.building.garages": "车库",
    "osm_tag.building.parking": "停车楼",
    "osm_tag.building.shed": "棚屋",
    "osm_tag.building.roof": "顶棚",
    # premise tags (inputs.area.PREMISE_KINDS)
    "osm_tag.amenity.community_centre": "社区中心",
    "osm_tag.amenity.townhall": "政府驻地",
    "osm_tag.amenity.social_facility": "社会服务设施",
    "osm_tag.amenity.social_centre": "社会活动中心",
    "osm_tag.amenity.public_building": "公共建筑",
    "osm_tag.amenity.marketplace": "市场",
    "osm_tag.amenity.parking": "停车场",
    "osm_tag.office.government": "政府办公",
    # a building's own use
    "osm_tag.shop.mall": "商场",
    "osm_tag.shop.department_store": "百货商店",
    "osm_tag.shop.supermarket": "超市",
    # what is no premise
    "premise.network_point": "缺口周边的路网节点",
    "basis.network_point": "距缺口 {reach} 米内的路网节点",
}

EN: dict[str, str] = {
    "osm_tag.building.apartments": "apartment building",
    "osm_tag.building.residential": "residential building",
    "osm_tag.building.dormitory": "dormitory",
    "osm_tag.building.block": "residential block",
    "osm_tag.building.house": "house",
    "osm_tag.building.detached": "detached house",
    "osm_tag.building.semidetached_house": "semi-detached house",
    "osm_tag.building.terrace": "terraced house",
    "osm_tag.building.bungalow": "bungalow",
    "osm_tag.building.farm": "farmhouse",
    "osm_tag.building.cabin": "cabin",
    "osm_tag.building.yes": "building of no stated type",
    "osm_tag.building.industrial": "industrial building",
    "osm_tag.building.warehouse": "warehouse",
    "osm_tag.building.factory": "factory",
    "osm_tag.building.manufacture": "manufacturing building",
    "osm_tag.building.commercial": "commercial building",
    "osm_tag.building.retail": "retail building",
    "osm_tag.building.office": "office building",
    "osm_tag.building.school": "school building",
    "osm_tag.building.university": "university building",
    "osm_tag.building.hospital": "hospital building",
    "osm_tag.building.government": "government building",
    "osm_tag.building.civic": "civic building",
    "osm_tag.building.public": "public building",
    "osm_tag.building.hotel": "hotel",
    "osm_tag.building.religious": "religious building",
    "osm_tag.building.garage": "garage",
    "osm_tag.building.garages": "garages",
    "osm_tag.building.parking": "parking building",
    "osm_tag.building.shed": "shed",
    "osm_tag.building.roof": "roof",
    "osm_tag.amenity.community_centre": "community centre",
    "osm_tag.amenity.townhall": "town hall",
    "osm_tag.amenity.social_facility": "social facility",
    "osm_tag.amenity.social_centre": "social centre",
    "osm_tag.amenity.public_building": "public building",
    "osm_tag.amenity.marketplace": "marketplace",
    "osm_tag.amenity.parking": "car park",
    "osm_tag.office.government": "government office",
    "osm_tag.shop.mall": "shopping mall",
    "osm_tag.shop.department_store": "department store",
    "osm_tag.shop.supermarket": "supermarket",
    "premise.network_point": "road network point near a gap",
    "basis.network_point": "road network point within {reach} m of a gap",
}
