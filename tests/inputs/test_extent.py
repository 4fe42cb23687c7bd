"""The study extent: what the input states it covers, and the fallback when it states nothing."""

from __future__ import annotations

import dataclasses
import struct
import zlib

import geopandas as gpd
import numpy as np
import pytest
import shapely

from servicecircle.inputs import clip_area, study_area_from
from servicecircle.inputs.area import NO_EXTENT, data_extent
from servicecircle.inputs.osm_pbf import pbf_header_bbox
from servicecircle.inputs.osm_xml import osm_xml_bounds
from tests.inputs.osm_files import _field, pbf_block
from tests.network.osm_fixture import OsmFile, lonlat, main_street, points


def _street_past_the_bounds() -> OsmFile:
    """A street inside the bounds (x 0..1,000 m, y -50..300 m) and one that runs 300 m past them."""
    osm = OsmFile(bounds=(0.0, -50.0, 1000.0, 300.0))
    main_street(osm)
    osm.way(2, {11: (1000.0, 0.0), 50: (1300.0, 0.0)}, highway="residential")
    osm.closed_way(
        3,
        {60: (200.0, 100.0), 61: (220.0, 100.0), 62: (220.0, 120.0), 63: (200.0, 120.0)},
        building="yes",
    )
    return osm


def _box_of(osm_bounds: tuple[float, float, float, float]) -> shapely.Polygon:
    west, south = lonlat(osm_bounds[0], osm_bounds[1])
    east, north = lonlat(osm_bounds[2], osm_bounds[3])
    return shapely.box(west, south, east, north)


def test_osm_xml_bounds_are_the_extent_and_roads_past_them_are_kept(tmp_path):
    osm = _street_past_the_bounds()
    area = study_area_from(osm.write(tmp_path / "area.osm"))
    assert area.extent_basis == "osm_bounds"
    assert area.extent.equals_exact(_box_of(osm.bounds), tolerance=1e-7)
    assert area.edges.total_bounds[2] == pytest.approx(lonlat(1300.0, 0.0)[0], abs=1e-7)
    inside = area.inside(points([(500.0, 10.0), (1200.0, 10.0), (500.0, 400.0)]))
    assert inside.tolist() == [True, False, False]
    assert area.summary()["extent"]["basis"] == "osm_bounds"


def test_osmosis_bound_box_and_several_bounds(tmp_path):
    west, south = lonlat(0.0, 0.0)
    east, north = lonlat(500.0, 400.0)
    text = _street_past_the_bounds().text()
    osmosis = text.replace(
        text[text.index("  <bounds") : text.index("/>", text.index("  <bounds")) + 2],
        f'  <bound box="{south},{west},{north},{east}" origin="osmosis"/>',
    )
    path = tmp_path / "osmosis.osm"
    path.write_text(osmosis, encoding="utf-8")
    assert osm_xml_bounds(path).equals_exact(shapely.box(west, south, east, north), 1e-9)
    twice = text.replace(
        "  <bounds",
        '  <bounds minlat="40.0" minlon="116.0" maxlat="40.1" maxlon="116.1"/>\n  <bounds',
        1,
    )
    path.write_text(twice, encoding="utf-8")
    both = osm_xml_bounds(path)
    assert both.geom_type == "MultiPolygon"
    assert both.contains(shapely.Point(116.05, 40.05))


def test_without_stated_bounds_the_extent_is_the_box_of_the_buildings(tmp_path):
    osm = _street_past_the_bounds()
    osm.bounds = None
    area = study_area_from(osm.write(tmp_path / "area.osm"))
    assert area.extent_basis == "data"
    west, south, east, north = area.extent.bounds
    assert (west, south) == pytest.approx(lonlat(200.0, 100.0), abs=1e-5)
    assert (east, north) == pytest.approx(lonlat(220.0, 120.0), abs=1e-5)


def test_data_extent_takes_land_use_in_and_falls_back_to_roads(tmp_path):
    osm = _street_past_the_bounds()
    osm.bounds = None
    area = study_area_from(osm.write(tmp_path / "area.osm"))
    no_buildings = dataclasses.replace(area, buildings=area.buildings.iloc[:0], extent=NO_EXTENT)
    assert no_buildings.extent_basis == "data"
    assert no_buildings.extent.bounds == pytest.approx(
        tuple(area.edges.total_bounds + np.array([-1e-6, -1e-6, 1e-6, 1e-6]))
    )
    village = shapely.box(*lonlat(100.0, 150.0), *lonlat(300.0, 450.0))
    landuse = gpd.GeoDataFrame(
        {"osm_id": [1], "landuse": ["residential"], "name": [None]}, geometry=[village], crs=4326
    )
    with_landuse = dataclasses.replace(area, landuse=landuse)
    expected = shapely.union(village, area.buildings.geometry.iloc[0]).bounds
    assert data_extent(with_landuse).bounds == pytest.approx(
        tuple(np.array(expected) + np.array([-1e-6, -1e-6, 1e-6, 1e-6]))
    )


def test_extent_must_be_an_area_with_a_known_basis(tmp_path):
    area = study_area_from(_street_past_the_bounds().write(tmp_path / "area.osm"))
    with pytest.raises(ValueError, match="polygon"):
        dataclasses.replace(area, extent=shapely.Point(118.78, 32.04))
    with pytest.raises(ValueError, match="basis"):
        dataclasses.replace(area, extent_basis="somewhere")


def test_inside_counts_missing_geometries_out_and_reprojects(tmp_path):
    area = study_area_from(_street_past_the_bounds().write(tmp_path / "area.osm"))
    layer = points([(500.0, 10.0), (1200.0, 10.0)])
    layer.loc[len(layer)] = [None]
    assert area.inside(layer).tolist() == [True, False, False]
    assert area.inside(layer.to_crs(area.local_crs())).tolist() == [True, False, False]
    assert area.inside(layer.iloc[:0]).size == 0


def _pbf_with_header_box(path, west: float, south: float, east: float, north: float) -> None:
    def sint(value: float) -> int:
        nano = round(value * 1e9)
        return (nano << 1) ^ (nano >> 63)

    box = _field(1, sint(west)) + _field(2, sint(east)) + _field(3, sint(north))
    box += _field(4, sint(south))
    header_block = _field(1, box) + _field(4, b"OsmSchema-V0.6")
    path.write_bytes(
        pbf_block(b"OSMHeader", raw_size=len(header_block), zlib_data=zlib.compress(header_block))
    )


def test_pbf_header_bbox(tmp_path):
    path = tmp_path / "area.osm.pbf"
    _pbf_with_header_box(path, 9.47, 47.04, 9.64, 47.27)
    assert pbf_header_bbox(path).equals_exact(shapely.box(9.47, 47.04, 9.64, 47.27), 1e-9)
    _pbf_with_header_box(path, -73.99, -40.5, -73.5, -40.1)  # negative degrees
    assert pbf_header_bbox(path).bounds == pytest.approx((-73.99, -40.5, -73.5, -40.1))
    no_box = _field(4, b"OsmSchema-V0.6")
    path.write_bytes(pbf_block(b"OSMHeader", raw_size=len(no_box), zlib_data=zlib.compress(no_box)))
    assert pbf_header_bbox(path) is None
    path.write_bytes(struct.pack(">I", 3) + b"abc")
    assert pbf_header_bbox(path) is None


def test_liechtenstein_extent_is_its_header_box(liechtenstein_pbf):
    box = pbf_header_bbox(liechtenstein_pbf)
    assert box is not None
    assert box.contains(shapely.Point(9.52, 47.14))  # Vaduz


def test_clipping_makes_the_boundary_the_extent_and_keeps_roads_near_it(tmp_path):
    area = study_area_from(_street_past_the_bounds().write(tmp_path / "area.osm"))
    boundary = shapely.box(*lonlat(0.0, -50.0), *lonlat(600.0, 300.0))
    near = clip_area(area, boundary, road_margin_m=200.0)
    assert near.extent_basis == "boundary"
    assert near.extent.equals_exact(shapely.intersection(boundary, area.extent), 1e-9)
    assert near.edges.total_bounds[2] == pytest.approx(lonlat(1000.0, 0.0)[0], abs=1e-6)
    beyond = clip_area(area, boundary, road_margin_m=500.0)
    assert beyond.edges.total_bounds[2] == pytest.approx(lonlat(1300.0, 0.0)[0], abs=1e-6)


@pytest.mark.online
def test_bbox_download_extent_is_the_box_and_its_roads_reach_past_it(osmnx_against):
    from tests.conftest import TEST_DATA
    from tests.inputs.overpass_replay import replay_server

    box = (9.520, 47.136, 9.525, 47.140)  # inside the recorded central Vaduz
    with replay_server(TEST_DATA / "vaduz.osm") as url:
        osmnx_against(url)
        area = study_area_from("bbox:" + ",".join(map(str, box)))
    assert area.extent_basis == "bbox"
    assert area.extent.equals_exact(shapely.box(*box), 1e-9)
    west, south, east, north = area.edges.total_bounds
    assert west < box[0] - 0.002 and east > box[2] + 0.002  # roads kept ~1 km past it
    assert area.inside(area.buildings).all()
