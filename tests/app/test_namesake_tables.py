"""The app's tables keep two communities of one name apart (issue 10).

Two 新村, one in 东街道 and one in 西镇 (``tests/namesakes.py``): the demand
page's by-unit table has a row for each, with its township, instead of one
新村 adding both up; the coverage, siting and comparison tables show each
community's township.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from app_pages._tables import demand_by_unit, township_names
from servicecircle.demand import AREA_COLUMNS, Demand
from servicecircle.i18n import t
from tests.app.conftest import texts
from tests.namesakes import BY_UNIT, DEMAND


def _rows(table: pd.DataFrame) -> list[tuple[str, str | None, str, float]]:
    return [
        (level, town if isinstance(town, str) else None, name, people)
        for level, town, name, people in table[["level", "township", "name", "people"]].to_numpy()
    ]


def test_demand_by_unit_keeps_namesakes_apart() -> None:
    assert _rows(demand_by_unit(DEMAND)) == [
        ("township", None, "东街道", 200.0),
        ("township", None, "西镇", 300.0),
        ("community", "东街道", "新村", 140.0),
        ("community", "东街道", "老街", 60.0),
        ("community", "西镇", "新村", 300.0),
    ]


def test_a_community_outside_every_township_still_counts() -> None:
    units = DEMAND.assign(township=[None, None, "西镇", None])
    assert _rows(demand_by_unit(units)) == [
        ("township", None, "西镇", 300.0),
        ("community", "西镇", "新村", 300.0),
        ("community", None, "新村", 140.0),  # outside every township: after the others
        ("community", None, "老街", 60.0),
    ]


def test_without_boundaries_there_are_no_unit_rows() -> None:
    units = DEMAND.assign(township=None, community=None)
    assert len(demand_by_unit(units)) == 0
    assert len(demand_by_unit(DEMAND.drop(columns=["township", "community"]))) == 0


def test_township_names_only_for_communities() -> None:
    assert township_names(pd.DataFrame(BY_UNIT)) == ["", "", "东街道", "西镇", "东街道"]
    older = pd.DataFrame(BY_UNIT).drop(columns=["township"])  # outputs written before
    assert township_names(older) == [""] * len(BY_UNIT)


def _namesake_demand() -> Demand:
    points = [shapely.Point(24.94 + i * 1e-3, 60.17) for i in range(len(DEMAND))]
    units = gpd.GeoDataFrame(
        DEMAND.assign(**{"class": "residential", "source": "landuse"}),
        geometry=points,
        crs="EPSG:4326",
    )
    areas = gpd.GeoDataFrame(
        {c: [] for c in AREA_COLUMNS if c != "geometry"}, geometry=[], crs="EPSG:4326"
    )
    return Demand(units=units, areas=areas, assumptions={"m2_per_person": 33.0})


def test_the_demand_page_shows_each_namesake_with_its_township(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app_pages import _cache

    result = _namesake_demand()
    monkeypatch.setattr(_cache, "demand", lambda *args, **kwargs: result)
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/demand.py").run()
    assert not app.exception and not app.error, texts(app.error)
    township, community = t("demand.level.township", "zh"), t("demand.level.community", "zh")
    name, people = t("field.name", "zh"), t("common.people", "zh")
    level = t("demand.unit_level", "zh")
    (table,) = [d.value for d in app.dataframe if township in d.value.columns]
    communities = table[table[level] == community]
    assert sorted(
        zip(communities[township], communities[name], communities[people], strict=True)
    ) == [("东街道", "新村", 140), ("东街道", "老街", 60), ("西镇", "新村", 300)]
    townships = table[table[level] == township]
    assert sorted(zip(townships[name], townships[people], strict=True)) == [
        ("东街道", 200),
        ("西镇", 300),
    ]
