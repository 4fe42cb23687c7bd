"""Demand quality: densities, level sources, people by basis, and the warning."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from servicecircle.demand import DemandQuality, DemandSettings, demand_from_area
from servicecircle.demand.quality import TOO_LOW
from servicecircle.i18n.message import Message, say
from tests.demand.places import NANJING, in_china, with_extent


def in_nanjing(**layers):
    """The grid in Nanjing with its 500 m box (0.25 km²) as the stated study extent."""
    return with_extent(in_china(**layers), *NANJING)


def test_a_thin_chinese_city_estimate_is_flagged_too_low():
    area = in_nanjing(
        buildings=[shapely.box(110, 110, 130, 130), shapely.box(200, 200, 220, 220)],
        building_tags=[{"building": "apartments", "levels": 6}, {"building": "yes"}],
        landuse=[("residential", shapely.box(100, 100, 140, 140))],
    )
    quality = demand_from_area(area).quality
    assert isinstance(quality, DemandQuality)
    tagged = 400 * 6 * 0.8 / 36.5
    assumed = 400 * 4 * 0.8 / 36.5
    assert quality.residents == pytest.approx(tagged + assumed, rel=1e-3)
    assert quality.share_tagged_levels == pytest.approx(tagged / (tagged + assumed), rel=1e-3)
    assert quality.share_assumed_levels == pytest.approx(assumed / (tagged + assumed), rel=1e-3)
    assert quality.share_from_land == pytest.approx(0.0, abs=1e-6)
    assert quality.people_by_basis == pytest.approx(
        {"building=apartments": tagged, "untagged, no land use": assumed},
        rel=1e-3,
    )
    assert quality.study_area_km2 == pytest.approx(0.25, rel=1e-3)
    assert quality.density_study_area == pytest.approx((tagged + assumed) / 0.25, rel=1e-3)
    assert TOO_LOW in str(quality.warning)
    assert "residents per km² of the study area, outside the 3,000-40,000" in str(quality.warning)
    said = say(quality.warning, "zh")
    assert "研究范围每平方千米" in said and "超出中国城市的预期范围 3,000–40,000" in said


def test_quality_to_json_is_plain_json():
    area = in_nanjing(
        buildings=[shapely.box(110, 110, 130, 130), shapely.box(200, 200, 240, 240)],
        building_tags=[{"building": "apartments"}, {"building": "yes", "use": "shop=mall"}],
    )
    quality = demand_from_area(area).quality
    values = json.loads(json.dumps(quality.to_json()))
    assert values["profile"] == "china_city"
    assert values["buildings_by_decision"] == {"non-residential": 1, "residential": 1}
    assert values["floor_people_excluded"] == {
        "tag shop=mall": pytest.approx(1600 * 4 * 0.8 / 36.5, abs=1)
    }
    assert values["warning"] and "likely too low" in str(Message.from_json(values["warning"]))
    assert set(values) >= {
        "density_study_area",
        "density_residential_land",
        "share_tagged_levels",
        "share_assumed_levels",
        "people_by_basis",
        "band_study_area",
    }


def test_no_warning_inside_the_band():
    blocks = [
        shapely.box(20 + 60 * i, 20 + 60 * j, 60 + 60 * i, 40 + 60 * j)
        for i in range(8)
        for j in range(8)
    ]
    area = in_nanjing(
        buildings=blocks, building_tags=[{"building": "apartments", "levels": 6}] * 64
    )
    quality = demand_from_area(area, settings=DemandSettings()).quality
    assert 3_000 < quality.density_study_area < 40_000
    assert quality.warning is None
    assert quality.share_tagged_levels == pytest.approx(1.0)


# --------------------------------------------------------------------------- after top-down totals

FLATS_6 = {"building": "apartments", "levels": 6}
ONE_BLOCK = 400 * 6 * 0.8 / 36.5  # a 20 × 20 m block of six storeys in a Chinese city


def one_block_with_a_township():
    """One block of flats in the 500 m Nanjing box (0.25 km²), inside the township 玄武街道."""
    return in_nanjing(
        buildings=[shapely.box(110, 110, 130, 130)],
        building_tags=[FLATS_6],
        boundaries=[(8, "玄武街道", shapely.box(-10, -10, 510, 510))],
    )


def test_without_totals_the_final_measure_is_the_map_estimate():
    quality = demand_from_area(one_block_with_a_township()).quality
    assert quality.measured_on == "final" and quality.top_down == ()
    assert quality.residents == pytest.approx(ONE_BLOCK, rel=1e-3)
    assert quality.density_study_area == pytest.approx(ONE_BLOCK / 0.25, rel=1e-3)
    assert TOO_LOW in str(quality.warning)
    before = quality.map_estimate
    assert before.measured_on == "map_estimate" and before.map_estimate is None
    assert before.density_study_area == quality.density_study_area
    assert before.warning == quality.warning


def test_census_totals_take_the_too_low_warning_away():
    quality = demand_from_area(one_block_with_a_township(), census={"玄武街道": 2500}).quality
    assert quality.top_down == ("census totals",)
    assert quality.residents == pytest.approx(2500)
    assert quality.density_study_area == pytest.approx(2500 / 0.25, rel=1e-3)
    assert quality.warning is None and quality.notes == ()
    assert quality.share_tagged_levels == pytest.approx(1.0)
    before = quality.map_estimate
    assert before.residents == pytest.approx(ONE_BLOCK, rel=1e-3)
    assert TOO_LOW in str(before.warning)
    values = json.loads(json.dumps(quality.to_json()))
    assert values["measured_on"] == "final" and values["top_down"] == ["census totals"]
    assert values["warning"] is None
    assert values["density_study_area"] == pytest.approx(10_000, abs=15)
    assert values["map_estimate"]["measured_on"] == "map_estimate"
    assert values["map_estimate"]["density_study_area"] == pytest.approx(ONE_BLOCK / 0.25, abs=1)
    assert TOO_LOW in str(Message.from_json(values["map_estimate"]["warning"]))
    assert "map_estimate" not in values["map_estimate"]


def test_a_census_that_leaves_the_density_too_low_is_a_note_not_the_advice():
    quality = demand_from_area(one_block_with_a_township(), census={"玄武街道": 300}).quality
    assert quality.warning is None
    (said,) = quality.notes
    note = str(said)
    assert note.startswith("1,200 residents per km² of the study area, outside the 3,000-40,000")
    assert "the census totals supplied set it" in note
    assert "supply census totals" not in note


def test_a_population_grid_is_measured_in_the_final_estimate(tmp_path):
    rasterio = pytest.importorskip("rasterio")
    import pyproj
    from rasterio.transform import from_origin

    from servicecircle.demand.raster import read_population_grid
    from servicecircle.inputs.area import utm_crs_for

    area = one_block_with_a_township()
    crs = utm_crs_for(*NANJING)
    x0, y0 = pyproj.Transformer.from_crs(4326, crs, always_xy=True).transform(*NANJING)
    values = np.zeros((5, 5), dtype="float32")
    values[3, 1] = 900.0  # x 100..200, y 100..200: the block of flats
    values[4, 3] = 100.0  # x 300..400, y 0..100: people and no homes
    path = tmp_path / "pop.tif"
    profile = {"driver": "GTiff", "width": 5, "height": 5, "count": 1, "dtype": "float32"}
    transform = from_origin(x0, y0 + 500, 100, 100)
    with rasterio.open(path, "w", crs=crs.to_wkt(), transform=transform, **profile) as target:
        target.write(values, 1)
    demand = demand_from_area(area, population_grid=read_population_grid(path, area.extent))
    quality = demand.quality
    assert quality.top_down == ("population grid",)
    assert quality.residents == pytest.approx(1000, rel=1e-3)
    assert quality.share_tagged_levels == pytest.approx(0.9, rel=1e-3)
    assert quality.share_from_grid == pytest.approx(0.1, rel=1e-3)
    assert quality.density_study_area == pytest.approx(4000, rel=1e-2)
    assert quality.warning is None
    assert TOO_LOW in str(quality.map_estimate.warning)
