"""The demand on the two real extracts (skipped when ../shared/data is absent)."""

from __future__ import annotations

import pytest

from servicecircle.demand import demand_from_area
from servicecircle.demand.settings import HOMES_IN_GROUNDS, NON_RESIDENTIAL_GROUNDS
from tests.conftest import SHARED_DATA

NANJING_XML = SHARED_DATA / "nanjing-xuanwu.osm.xml"
NOT_HOMES = {"commercial", "retail", "office", "school", "university", "hospital", "hotel", "civic"}

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def nanjing_demand():
    if not NANJING_XML.is_file():
        pytest.skip(f"shared data not present: {NANJING_XML}")
    from servicecircle.inputs import study_area_from

    return demand_from_area(study_area_from(NANJING_XML))


def test_nanjing_counts_nobody_in_shops_offices_or_campuses(nanjing_demand):
    table = nanjing_demand.buildings
    homes = table[table["decision"] == "residential"]
    assert nanjing_demand.quality.profile == "china_city"
    # read from the raw tags, not from the decision: no resident in a building with a use
    # tag or a non-residential type, nor in non-residential grounds unless a home type
    assert homes["use"].isna().all()
    assert not homes["building"].isin(NOT_HOMES).any()
    in_grounds = homes["ground"].isin(NON_RESIDENTIAL_GROUNDS)
    explained = homes["building"].isin(HOMES_IN_GROUNDS) | homes["basis"].str.startswith(
        "name contains"
    )
    assert (in_grounds <= explained).all()
    named_not_homes = homes["name"].astype(str).str.contains("医院|商场|广场|大厦|学校|图书馆")
    assert not named_not_homes.any()


def test_nanjing_density_is_a_central_districts(nanjing_demand):
    quality = nanjing_demand.quality
    # Xuanwu district, 2020 census: about 7,100 per km² over lake and mountain included;
    # this extract is its densest part, around Xinjiekou
    assert 3_500 <= quality.density_study_area <= 30_000
    assert quality.warning is None
    assert quality.share_from_land < 0.5


def test_liechtenstein_stays_near_its_population(liechtenstein_area):
    demand = demand_from_area(liechtenstein_area)
    quality = demand.quality
    assert quality.profile == "elsewhere"
    assert 31_000 <= quality.residents <= 42_000  # 36,838 residents at the end of 2013
    assert quality.warning is None
