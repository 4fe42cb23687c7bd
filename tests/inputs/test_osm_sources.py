"""Every study-area source yields the same layers with the contract's columns."""

from __future__ import annotations

import bz2
import gzip
import json
import shutil
import socket

import geopandas as gpd
import pytest
import shapely

from servicecircle.cli import main
from servicecircle.errors import InputDataError, OfflineError
from servicecircle.inputs import clip_area, study_area_from
from servicecircle.inputs.area import LAYER_COLUMNS, LAYER_NAMES
from servicecircle.inputs.online import parse_bbox
from tests.conftest import TEST_DATA
from tests.inputs.overpass_replay import replay_server

VADUZ_XML = TEST_DATA / "vaduz.osm"


def assert_contract(area) -> None:
    for name in LAYER_NAMES:
        layer = area.layer(name)
        assert isinstance(layer, gpd.GeoDataFrame), name
        assert layer.crs is not None and layer.crs.to_epsg() == 4326, name
        assert list(layer.columns) == list(LAYER_COLUMNS[name]), name
    edges, nodes = area.edges, area.nodes
    assert len(edges) > 0
    assert edges["length"].gt(0).all()
    assert set(edges["u"]).union(edges["v"]) <= set(nodes.index)
    assert nodes.geometry.notna().all()
    assert area.buildings.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert area.premises.geom_type.eq("Point").all()


def test_sample_has_every_layer(sample_area):
    assert_contract(sample_area)
    summary = sample_area.summary()
    assert summary["nodes"] > 5000 and summary["edges"] > 6000
    assert summary["buildings"] > 400
    assert summary["landuse_by_class"]["residential"] > 0
    assert summary["premises"] > 0
    # the illustrative streets and communities of data/sample
    assert sorted(sample_area.boundaries["admin_level"].unique()) == [8, 10]
    west, south, east, north = sample_area.bounds
    assert 24.93 < west < east < 24.96 and 60.16 < south < north < 60.18
    assert "illustrative" in " ".join(summary["notes"])


def test_buildings_carry_levels_and_height_when_tagged(sample_area):
    levels = sample_area.buildings["levels"]
    assert levels.notna().any()
    assert levels.dropna().gt(0).all()


@pytest.mark.shared_data
def test_liechtenstein_pbf(liechtenstein_area):
    assert_contract(liechtenstein_area)
    summary = liechtenstein_area.summary()
    assert summary["nodes"] > 25_000
    assert summary["buildings"] > 3_000
    assert summary["landuse_by_class"]["industrial"] > 0
    assert summary["boundaries"] >= 11  # the country, 2 districts, 11 municipalities
    assert liechtenstein_area.boundaries["admin_level"].isin([2, 6, 8]).all()
    assert summary["premises_by_kind"]["townhall"] >= 1


@pytest.mark.parametrize("compression", [None, "bz2", "gz"])
def test_osm_xml_plain_and_compressed(tmp_path, compression):
    path = tmp_path / "vaduz.osm"
    shutil.copy(VADUZ_XML, path)
    if compression == "bz2":
        target = tmp_path / "vaduz.osm.bz2"
        target.write_bytes(bz2.compress(path.read_bytes()))
        path = target
    elif compression == "gz":
        target = tmp_path / "vaduz.osm.gz"
        target.write_bytes(gzip.compress(path.read_bytes()))
        path = target
    area = study_area_from(path)
    assert_contract(area)
    assert len(area.edges) > 200
    assert len(area.buildings) > 20
    assert (area.premises["kind"] == "townhall").any()
    # one-way streets keep their direction
    assert set(area.edges["oneway"].dropna()) <= {"yes", "no"}
    assert (area.edges["oneway"] == "yes").any()


def test_osm_xml_and_pbf_agree_on_buildings(tmp_path, liechtenstein_area):
    """The XML test file was cut from the PBF, so its buildings must exist there too."""
    xml_area = study_area_from(VADUZ_XML)
    common = set(xml_area.buildings["osm_id"]) & set(liechtenstein_area.buildings["osm_id"])
    assert len(common) == len(xml_area.buildings)


def test_corrupt_xml_gets_a_clear_message(tmp_path):
    path = tmp_path / "broken.osm"
    path.write_text("<osm><node id='1' lat='1' lon='2'>")
    with pytest.raises(InputDataError, match="Could not read broken.osm as OSM XML"):
        study_area_from(path)


def test_corrupt_pbf_gets_a_clear_message(tmp_path):
    path = tmp_path / "broken.osm.pbf"
    path.write_bytes(b"not a pbf at all" * 10)
    with pytest.raises(InputDataError, match="broken.osm.pbf"):
        study_area_from(path)


def test_unknown_spec_and_suffix(tmp_path):
    with pytest.raises(InputDataError, match="neither 'sample'"):
        study_area_from("no-such-file.osm.pbf")
    odd = tmp_path / "area.txt"
    odd.write_text("x")
    with pytest.raises(InputDataError, match="unsupported study-area file"):
        study_area_from(odd)


def test_bbox_parsing():
    assert parse_bbox("9.51,47.13,9.53,47.15") == (9.51, 47.13, 9.53, 47.15)
    with pytest.raises(InputDataError, match="four numbers"):
        parse_bbox("9.51,47.13")
    with pytest.raises(InputDataError, match="west < east"):
        parse_bbox("9.53,47.13,9.51,47.15")


def test_clip_to_boundary(sample_area):
    west_street = sample_area.boundaries.query("name == 'Sample West Street'").geometry.iloc[0]
    clipped = clip_area(sample_area, west_street, road_margin_m=0)
    assert_contract(clipped)
    assert clipped.extent_basis == "boundary"
    assert len(clipped.edges) < len(sample_area.edges)
    assert len(clipped.buildings) < len(sample_area.buildings)
    points = shapely.point_on_surface(clipped.buildings.geometry.to_numpy())
    assert shapely.contains(west_street, points).all()
    assert len(sample_area.edges) == 7158 or len(sample_area.edges) > 0  # input untouched
    with pytest.raises(InputDataError, match="does not overlap"):
        clip_area(sample_area, shapely.box(0, 0, 1, 1))


def test_clip_through_study_area_from(sample_area):
    box = shapely.box(24.935, 60.164, 24.944, 60.170)
    clipped = study_area_from("sample", boundary=box)
    assert 0 < len(clipped.edges) < len(sample_area.edges)


@pytest.mark.online
def test_bbox_download_from_recorded_responses(osmnx_against):
    with replay_server(VADUZ_XML) as url:
        osmnx_against(url)
        area = study_area_from("bbox:9.515,47.133,9.530,47.145")
    assert_contract(area)
    assert len(area.edges) > 100
    assert len(area.buildings) > 10
    west, south, east, north = area.bounds
    assert west > 9.50 and east < 9.55


@pytest.mark.online
def test_place_download_from_recorded_responses(osmnx_against):
    ring = [[9.515, 47.133], [9.530, 47.133], [9.530, 47.145], [9.515, 47.145], [9.515, 47.133]]
    place = {
        "place_id": 1,
        "osm_type": "relation",
        "osm_id": 1,
        "lat": "47.139",
        "lon": "9.522",
        "display_name": "Vaduz, Liechtenstein",
        "class": "boundary",
        "type": "administrative",
        "importance": 0.7,
        "boundingbox": ["47.133", "47.145", "9.515", "9.530"],
        "geojson": {"type": "Polygon", "coordinates": [ring]},
    }
    with replay_server(VADUZ_XML, place=place) as url:
        osmnx_against(url)
        area = study_area_from("place:Vaduz, Liechtenstein")
    assert_contract(area)
    assert area.name == "Vaduz, Liechtenstein"
    assert len(area.buildings) > 10


@pytest.mark.online
def test_offline_says_to_use_a_local_extract(osmnx_against):
    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    osmnx_against(f"http://127.0.0.1:{port}")
    with pytest.raises(OfflineError, match="use a\\s+local extract"):
        study_area_from("bbox:9.515,47.133,9.530,47.145")
    with pytest.raises(OfflineError, match="local extract"):
        study_area_from("place:Vaduz")


def test_cli_info_json_on_the_sample(capsys):
    assert main(["-q", "info", "sample", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    for key in ("nodes", "edges", "buildings", "landuse_by_class", "premises", "boundaries"):
        assert key in summary
    assert summary["bounds"]["west"] < summary["bounds"]["east"]


def test_cli_info_on_xml_and_bad_input(capsys):
    assert main(["-q", "info", str(VADUZ_XML), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["edges"] > 200 and summary["buildings"] > 20
    assert main(["-q", "info", "nowhere.osm.pbf"]) == 2
    assert "neither 'sample'" in capsys.readouterr().err


@pytest.mark.shared_data
def test_cli_info_on_liechtenstein(capsys, liechtenstein_pbf):
    assert main(["-q", "info", str(liechtenstein_pbf), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["nodes"] > 25_000 and summary["boundaries"] >= 11


@pytest.mark.online
def test_boundary_file_download_from_recorded_responses(tmp_path, osmnx_against):
    outline = tmp_path / "township.geojson"
    gpd.GeoDataFrame(
        {"name": ["Vaduz centre"]}, geometry=[shapely.box(9.515, 47.133, 9.530, 47.145)], crs=4326
    ).to_file(outline, driver="GeoJSON")
    with replay_server(VADUZ_XML) as url:
        osmnx_against(url)
        area = study_area_from(outline)
    assert_contract(area)
    assert area.source == "polygon:township.geojson"  # the file's name, never its folder
    assert area.name == "Vaduz centre"  # the outline's name column names the area
    assert len(area.edges) > 100
