"""The column names and use words of planners' building layers, as vendors write them.

:func:`servicecircle.demand.user_buildings.buildings_from_frame` finds the
floors, height, use and name columns by these names (compared without case,
spaces or punctuation) and maps use cells to OSM building values.
"""

from __future__ import annotations

from typing import Final

from servicecircle.inputs.fields import FIELDS

LEVEL_COLUMNS: Final = (
    "floor",
    "floors",
    "levels",
    "level",
    "buildinglevels",
    "storeys",
    "stories",
    "numfloors",
    "nfloors",
    "floornum",
    "floorcount",
    "层数",
    "楼层",
    "楼层数",
    "地上层数",
    "建筑层数",
    "总层数",
    "层",
)
"""Headers of a floors column (compared lower-case, without blanks, ``_``, ``:`` or ``-``)."""

HEIGHT_COLUMNS: Final = (
    "height",
    "heightm",
    "buildingheight",
    "高度",
    "建筑高度",
    "楼高",
    "房屋高度",
)
"""Headers of a height column in metres (层高, a storey's height, is not one)."""

USE_COLUMNS: Final = (
    "用途",
    "建筑用途",
    "房屋用途",
    "类型",
    "建筑类型",
    "房屋类型",
    "性质",
    "建筑性质",
    "房屋性质",
    "使用性质",
    "功能",
    "building",
    "type",
    "use",
    "usage",
    "function",
    "category",
)
"""Headers of a use column."""

NAME_COLUMNS: Final = tuple(
    dict.fromkeys((*FIELDS["name"], "建筑名称", "楼名", "楼栋名称", "小区名称"))
)
"""Headers of a name column: those of every layer (:data:`~servicecircle.inputs.fields.FIELDS`),
then the building ones."""

USE_VALUES: Final[tuple[tuple[str, str], ...]] = (
    # (word in the cell, OSM building value); the first word found decides
    ("宿舍", "dormitory"),
    ("公寓", "apartments"),
    ("别墅", "house"),
    ("农房", "house"),
    ("民房", "house"),
    ("自建房", "house"),
    ("平房", "house"),
    ("商住", "residential"),
    ("住宅", "residential"),
    ("居住", "residential"),
    ("住房", "residential"),
    ("写字楼", "office"),
    ("办公", "office"),
    ("商场", "retail"),
    ("商铺", "retail"),
    ("零售", "retail"),
    ("酒店", "hotel"),
    ("宾馆", "hotel"),
    ("商业", "commercial"),
    ("商务", "commercial"),
    ("仓储", "warehouse"),
    ("仓库", "warehouse"),
    ("物流", "warehouse"),
    ("厂房", "industrial"),
    ("工业", "industrial"),
    ("学校", "school"),
    ("教学", "school"),
    ("教育", "school"),
    ("科研", "university"),
    ("医院", "hospital"),
    ("医疗", "hospital"),
    ("卫生", "hospital"),
    ("政府", "government"),
    ("行政", "government"),
    ("机关", "government"),
    ("党政", "government"),
    ("宗教", "religious"),
    ("寺", "religious"),
    ("体育", "sports_centre"),
    ("文化", "civic"),
    ("公共", "public"),
    ("交通", "transportation"),
    ("车库", "garage"),
    ("停车", "parking"),
    ("农业", "farm_auxiliary"),
)
"""Words of a Chinese use cell and the OSM building value they mean."""

OSM_BUILDING_VALUES: Final = frozenset(
    {
        "apartments",
        "house",
        "residential",
        "dormitory",
        "detached",
        "terrace",
        "commercial",
        "retail",
        "office",
        "industrial",
        "warehouse",
        "school",
        "university",
        "hospital",
        "government",
        "civic",
        "public",
        "hotel",
        "religious",
        "garage",
        "parking",
        "yes",
    }
)
"""English use cells taken as they are (written as OSM writes them)."""


__all__ = [
    "HEIGHT_COLUMNS",
    "LEVEL_COLUMNS",
    "NAME_COLUMNS",
    "OSM_BUILDING_VALUES",
    "USE_COLUMNS",
    "USE_VALUES",
]
