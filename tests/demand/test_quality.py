"""Demand quality: densities, level sources, people by basis, and the warning."""

from __future__ import annotations

import json

import pytest
import shapely

from servicecircle.demand import DemandQuality, DemandSettings, demand_from_area
from servicecircle.demand.quality import TOO_LOW

from .places import NANJING, in_china, with_extent


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
    assert TOO_LOW in quality.warning
    assert "residents per km² of the study area, outside the 3,000-40,000" in quality.warning


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
    assert values["warning"] and "likely too low" in values["warning"]
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
