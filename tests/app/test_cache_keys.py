"""The content keys the app's caches hash objects by (app_pages._hashing)."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import pytest
import shapely

from app_pages._frames import DemandInputs
from app_pages._hashing import HASH_FUNCS, area_key, content_key, frame_key, upload_key
from app_pages._uploads import KeptUpload
from servicecircle.demand import DemandSettings
from servicecircle.testing.synthetic import grid_area


def _points(names: list[str], xs: list[float]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": names}, geometry=[shapely.Point(x, 60.17) for x in xs], crs="EPSG:4326"
    )


def test_a_layer_is_keyed_by_its_geometry_and_attributes() -> None:
    first = _points(["a", "b"], [24.94, 24.95])
    assert frame_key(first) == frame_key(_points(["a", "b"], [24.94, 24.95]))
    assert frame_key(first) != frame_key(_points(["a", "c"], [24.94, 24.95]))
    assert frame_key(first) != frame_key(_points(["a", "b"], [24.94, 24.96]))
    assert frame_key(None) == frame_key(first.iloc[:0]) == "-"


def test_a_study_area_is_keyed_by_the_key_it_was_loaded_with() -> None:
    area = grid_area()
    with pytest.raises(ValueError, match="no content key"):
        area_key(area)  # never cached by a key that says nothing about its layers
    loaded = dataclasses.replace(area, key="sample|")
    assert area_key(loaded) == "sample|"
    assert content_key(loaded) == content_key(dataclasses.replace(area, key="sample|"))
    assert content_key(loaded) != content_key(dataclasses.replace(area, key="sample|b"))


def test_demand_inputs_are_keyed_by_every_input() -> None:
    layer = _points(["a"], [24.94])
    base = DemandInputs(DemandSettings(), points=layer)
    assert content_key(base) == content_key(DemandInputs(DemandSettings(), points=layer.copy()))
    others = [
        DemandInputs(DemandSettings(m2_per_person=40.0), points=layer),
        DemandInputs(DemandSettings(), points=_points(["a"], [24.95])),
        DemandInputs(DemandSettings(), points=layer, mode="replace"),
        DemandInputs(DemandSettings(), relocation=layer),
    ]
    assert len({content_key(base), *(content_key(o) for o in others)}) == 1 + len(others)


def test_an_upload_is_keyed_by_its_bytes_name_and_layer() -> None:
    upload = KeptUpload("a.gpkg", b"123", "roads")
    keys = {
        upload_key(upload),
        upload_key(KeptUpload("a.gpkg", b"124", "roads")),
        upload_key(KeptUpload("b.gpkg", b"123", "roads")),
        upload_key(KeptUpload("a.gpkg", b"123", "areas")),
    }
    assert len(keys) == 4
    assert upload_key(upload) == upload_key(KeptUpload("a.gpkg", b"123", "roads"))


def test_the_caches_hash_the_app_objects_by_content() -> None:
    for kind in (gpd.GeoDataFrame, KeptUpload, DemandInputs):
        assert HASH_FUNCS[kind] is content_key
