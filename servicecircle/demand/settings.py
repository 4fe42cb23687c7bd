"""Demand settings and the vocabulary of demand classes and building types.

:class:`DemandSettings` holds what the planner chose. A value left ``None``
comes from the regional profile (:mod:`servicecircle.demand.profiles`);
:meth:`DemandSettings.resolved` fills them in.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

from servicecircle.demand.profiles import PROFILE_NAMES, RegionProfile
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.area import USE_KEYS

DemandClass = Literal["residential", "industrial", "relocation", "user"]
DEMAND_CLASSES: tuple[str, ...] = ("residential", "industrial", "relocation", "user")
MUST_COVER_CLASSES: tuple[str, ...] = ("industrial", "relocation")

ProfileName = Literal["auto", "china_city", "china_town", "elsewhere"]

HOUSE_TYPES = frozenset(
    {"house", "detached", "semidetached_house", "terrace", "bungalow", "farm", "cabin"}
)
APARTMENT_TYPES = frozenset({"apartments", "residential", "dormitory", "block"})
GENERIC_TYPES = frozenset({"yes"})
INDUSTRIAL_TYPES = frozenset({"industrial", "warehouse", "factory", "manufacture"})
NON_RESIDENTIAL_LANDUSE = frozenset(
    {
        "commercial",
        "retail",
        "industrial",
        "civil",
        "military",
        "railway",
        "cemetery",
        "education",
        "religious",
        "construction",
        "farmyard",
        "quarry",
        "landfill",
        "port",
    }
)

NON_RESIDENTIAL_GROUNDS: tuple[str, ...] = (
    *(f"landuse={value}" for value in sorted(NON_RESIDENTIAL_LANDUSE)),
    "amenity=university",
    "amenity=college",
    "amenity=school",
    "amenity=kindergarten",
    "amenity=hospital",
    "amenity=clinic",
    "amenity=prison",
    "amenity=townhall",
    "amenity=courthouse",
    "amenity=police",
    "amenity=fire_station",
    "amenity=bus_station",
    "amenity=marketplace",
    "amenity=research_institute",
    "healthcare=hospital",
    "leisure=stadium",
    "leisure=sports_centre",
    "leisure=park",
    "leisure=golf_course",
    "leisure=water_park",
    "shop=mall",
    "shop=department_store",
    "tourism=museum",
    "tourism=zoo",
    "tourism=theme_park",
    "aeroway=aerodrome",
)
"""Grounds and land use in which a building is no home unless it says so (``key=value``)."""

HOMES_IN_GROUNDS: tuple[str, ...] = (
    "dormitory",
    "apartments",
    "house",
    "detached",
    "semidetached_house",
    "terrace",
    "bungalow",
    "farm",
)
"""Building types that hold residents even inside non-residential grounds (staff housing,
student dormitories). ``building=residential`` is not among them: inside a mall's or a
campus's grounds it is too often a mapper's guess."""

NON_RESIDENTIAL_WORDS: tuple[str, ...] = (
    "商场",
    "商城",
    "商厦",
    "商贸",
    "购物",
    "百货",
    "超市",
    "市场",
    "广场",
    "大厦",
    "写字楼",
    "办公",
    "中心",
    "银行",
    "医院",
    "卫生院",
    "诊所",
    "学校",
    "大学",
    "学院",
    "中学",
    "小学",
    "幼儿园",
    "教学楼",
    "实验楼",
    "图书馆",
    "食堂",
    "博物馆",
    "纪念馆",
    "美术馆",
    "展览馆",
    "科技馆",
    "文化馆",
    "体育馆",
    "体育场",
    "政府",
    "法院",
    "检察院",
    "派出所",
    "公安",
    "税务",
    "酒店",
    "宾馆",
    "饭店",
    "旅馆",
    "车站",
    "地铁站",
    "加油站",
    "厂房",
    "仓库",
    "停车",
    "公司",
    "集团",
    "工厂",
    "局",
    "委员会",
    "研究院",
    "研究所",
    "设计院",
    "事务所",
    "会堂",
    "剧院",
    "影院",
    "教堂",
    "寺",
    "庙",
    "馆",
    "站",
    "mall",
    "plaza",
    "shopping",
    "market",
    "supermarket",
    "office",
    "bank",
    "hospital",
    "clinic",
    "school",
    "university",
    "college",
    "library",
    "museum",
    "stadium",
    "gymnasium",
    "government",
    "hotel",
    "station",
    "factory",
    "warehouse",
    "church",
    "parking",
    "company",
    "gmbh",
    "ag",
    "ltd",
    "inc",
)
"""Words in a name that mark a building as no home (Chinese: anywhere in the name;
Latin letters: as a whole word, any case). Single characters (局 bureau, 馆 hall,
站 station, 寺/庙 temple) are kept to those rarely found in the names of homes; a
residential word wins over them (某局宿舍, 某公馆)."""

RESIDENTIAL_WORDS: tuple[str, ...] = (
    "公寓",
    "宿舍",
    "小区",
    "花园",
    "家园",
    "新村",
    "新寓",
    "苑",
    "住宅",
    "居民楼",
    "公馆",
    "公寓楼",
    "apartment",
    "apartments",
    "residence",
    "residences",
    "dormitory",
    "dorm",
    "flats",
    "housing",
)
"""Words in a name that mark a home; they win over :data:`NON_RESIDENTIAL_WORDS`
(酒店公寓 is a home), and make a home of a building in non-residential grounds
(学生宿舍 on a campus)."""

_FROM_PROFILE = (
    "m2_per_person",
    "levels_house",
    "levels_apartment",
    "residential_density_per_ha",
)


@dataclass(frozen=True)
class DemandSettings:
    """Population and employment assumptions (every one is listed in the report).

    ``None`` means "from the regional profile" (see :meth:`resolved`).

    Attributes
    ----------
    profile
        {"auto", "china_city", "china_town", "elsewhere"}. The regional
        profile (:mod:`~servicecircle.demand.profiles`); ``"auto"`` chooses
        it from the study area's location and buildings.
    m2_per_person
        Housing floor area per person (2020 census: cities 36.5, villages 46.8).
    usable_share
        Share of gross floor area (footprint × levels) that is housing.
    levels_house, levels_apartment
        Levels assumed for untagged houses and apartment/residential blocks.
    levels_other
        Levels for untagged generic buildings (``building=yes``) counted as
        residential; ``None`` takes the median of the known levels of the
        area's residential buildings when at least ten have them, else the
        profile's generic levels.
    min_footprint_m2
        Smaller buildings (sheds, garages) hold no residents.
    max_footprint_m2
        A residential "building" larger than this (default 1 ha) is taken as
        an area (its footprint × the land-use density) and flagged: no
        apartment block covers a hectare.
    residential_density_per_ha
        People per hectare of residential land use without mapped homes.
    industrial_jobs_per_ha
        Workers per hectare of industrial land use or building footprint.
    access_spacing_m
        Spacing of the access points that represent a large area.
    populated_within_m
        Residential land use without mapped buildings counts as populated only
        within this distance of a road (beyond it, usually outside the
        extract's mapped area, nobody can live unreached by any road).
    unmapped_cell_m
        Side of the square cells by which residential land use is found
        unmapped: a cell no building touches is unmapped
        (:func:`~servicecircle.demand.areas.unmapped_residential_land`).
    metres_per_level
        Storey height, to read levels from ``height`` where ``building:levels``
        is missing.
    residential_ids, non_residential_ids
        OSM ids of buildings the planner declares homes, or not; they win
        over every other evidence.
    non_residential_keys
        A building carrying any of these OSM keys (``shop=*``, ...) is no home.
    non_residential_grounds
        ``key=value`` of grounds and land use in which a building is no home
        unless its type is in ``homes_in_grounds`` or its name has a word of
        ``residential_words``.
    homes_in_grounds
        Building types that stay homes inside such grounds.
    non_residential_words, residential_words
        Words in names that mark a building as no home, or as a home (the
        latter win).
    """

    profile: ProfileName = "auto"
    m2_per_person: float | None = None
    usable_share: float = 0.8
    levels_house: float | None = None
    levels_apartment: float | None = None
    levels_other: float | None = None
    min_footprint_m2: float = 30.0
    max_footprint_m2: float = 10_000.0
    residential_density_per_ha: float | None = None
    industrial_jobs_per_ha: float = 60.0
    access_spacing_m: float = 100.0
    populated_within_m: float = 300.0
    unmapped_cell_m: float = 50.0
    metres_per_level: float = 3.0
    residential_ids: tuple[int, ...] = ()
    non_residential_ids: tuple[int, ...] = ()
    non_residential_keys: tuple[str, ...] = USE_KEYS
    non_residential_grounds: tuple[str, ...] = NON_RESIDENTIAL_GROUNDS
    homes_in_grounds: tuple[str, ...] = HOMES_IN_GROUNDS
    non_residential_words: tuple[str, ...] = NON_RESIDENTIAL_WORDS
    residential_words: tuple[str, ...] = RESIDENTIAL_WORDS

    def __post_init__(self) -> None:
        for name in (
            "residential_ids",
            "non_residential_ids",
            "non_residential_keys",
            "non_residential_grounds",
            "homes_in_grounds",
            "non_residential_words",
            "residential_words",
        ):
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,)
            object.__setattr__(self, name, tuple(value))
        object.__setattr__(self, "residential_ids", tuple(int(i) for i in self.residential_ids))
        object.__setattr__(
            self, "non_residential_ids", tuple(int(i) for i in self.non_residential_ids)
        )

        def positive(value: float | None) -> bool:
            return value is None or value > 0

        checks = {
            "profile": self.profile in PROFILE_NAMES,
            "m2_per_person": positive(self.m2_per_person),
            "usable_share": 0 < self.usable_share <= 1,
            "levels_house": positive(self.levels_house),
            "levels_apartment": positive(self.levels_apartment),
            "levels_other": positive(self.levels_other),
            "min_footprint_m2": self.min_footprint_m2 >= 0,
            "max_footprint_m2": self.max_footprint_m2 > self.min_footprint_m2,
            "access_spacing_m": self.access_spacing_m > 0,
            "unmapped_cell_m": self.unmapped_cell_m > 0,
            "metres_per_level": self.metres_per_level > 0,
            "residential_density_per_ha": (
                self.residential_density_per_ha is None or self.residential_density_per_ha >= 0
            ),
            "industrial_jobs_per_ha": self.industrial_jobs_per_ha >= 0,
        }
        wrong = [name for name, ok in checks.items() if not ok]
        if wrong:
            raise InputDataError(
                msg("msg.demand.settings.range", names=wrong, profiles=list(PROFILE_NAMES))
            )
        both = set(self.residential_ids) & set(self.non_residential_ids)
        if both:
            raise InputDataError(
                msg("msg.demand.settings.both", ids=[str(i) for i in sorted(both)[:5]])
            )

    def resolved(self, profile: RegionProfile) -> DemandSettings:
        """These settings with every ``None`` filled in from ``profile``.

        ``levels_other`` stays ``None`` (it is worked out from the buildings);
        ``profile`` becomes the profile's name.
        """
        filled: dict[str, Any] = {
            name: getattr(profile, name) for name in _FROM_PROFILE if getattr(self, name) is None
        }
        return dataclasses.replace(self, profile=profile.name, **filled)  # type: ignore[arg-type]

    def to_json(self) -> dict[str, Any]:
        """The settings as plain JSON-ready values (tuples as lists)."""
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in dataclasses.asdict(self).items()
        }
