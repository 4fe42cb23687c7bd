"""The one streamed parse of an OSM XML file gives what osmnx's own readers give.

The parse is checked against ``xml.etree`` reading the same text independently
(tags, node positions, way node lists, relation members, counts), and the
study area built from it against the one built by osmnx's public
``graph_from_xml`` (on the roads-only copy of the file) and
``features_from_xml`` reading the file themselves.
"""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from servicecircle.errors import InputDataError
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.osm_graph import (
    FEATURE_TAGS,
    area_from_graph_and_features,
    edge_tags_kept,
    simplify_roads,
)
from servicecircle.inputs.osm_xml import area_from_xml, roads_only_xml
from servicecircle.inputs.osm_xml_parse import overpass_elements, roads_elements

VADUZ = Path(__file__).resolve().parents[1] / "data" / "vaduz.osm"
NANJING = Path("/work/shared/data/nanjing-xuanwu.osm.xml")
LAYERS = ("nodes", "edges", "buildings", "landuse", "premises", "boundaries", "grounds")

SMALL = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
  <bounds minlat="32.0" minlon="118.0" maxlat="32.1" maxlon="118.1"/>
  <node id="1" lat="32.01" lon="118.01" version="3" user="a b"/>
  <node id="2" lat="32.02" lon="118.02"><tag k="highway" v="traffic_signals"/></node>
  <node id="3" lat="32.03" lon="118.03"/>
  <node id="4" lat="32.04" lon="118.01"><tag k="amenity" v="community_centre"/>
    <tag k="name" v="玄武门街道党群服务中心"/></node>
  <node id="5" lat="32.05" lon="118.05"/>
  <way id="10" version="2"><nd ref="1"/><nd ref="2"/><nd ref="3"/>
    <tag k="highway" v="residential"/><tag k="name" v="北京东路 &amp; 辅路"/></way>
  <way id="11"><nd ref="3"/><nd ref="5"/><nd ref="1"/><nd ref="3"/>
    <tag k="building" v="yes"/><tag k="building:levels" v="6"/></way>
  <way id="12"><nd ref="2"/><nd ref="5"/><tag k="highway" v="service"/></way>
  <relation id="20"><member type="way" ref="11" role="outer"/>
    <tag k="type" v="multipolygon"/><tag k="landuse" v="residential"/></relation>
</osm>
"""


def _independent(path: Path) -> dict[tuple[str, int], dict[str, object]]:
    """Each element's tags, position, node list and members read with xml.etree."""
    found: dict[tuple[str, int], dict[str, object]] = {}
    for element in ET.parse(path).getroot():
        if element.tag not in ("node", "way", "relation"):
            continue
        found[(element.tag, int(element.attrib["id"]))] = {
            "tags": {t.attrib["k"]: t.attrib["v"] for t in element.findall("tag")},
            "nodes": [int(nd.attrib["ref"]) for nd in element.findall("nd")],
            "members": [(m.get("type"), int(m.attrib["ref"])) for m in element.findall("member")],
            "position": (element.get("lat"), element.get("lon")),
        }
    return found


@pytest.mark.parametrize("source", ["small", "vaduz"])
def test_every_element_as_xml_etree_reads_it(tmp_path, source):
    path = VADUZ
    if source == "small":
        path = tmp_path / "small.osm"
        path.write_text(SMALL, encoding="utf-8")
    expected = _independent(path)
    elements = overpass_elements(path)["elements"]
    assert len(elements) == len(expected)
    for element in elements:
        reference = expected[(element["type"], element["id"])]
        assert element["tags"] == reference["tags"]
        assert element.get("nodes", []) == reference["nodes"]
        members = [(m["type"], m["ref"]) for m in element.get("members", [])]
        assert members == reference["members"]
        if element["type"] == "node":
            lat, lon = reference["position"]
            assert (element["lat"], element["lon"]) == (float(str(lat)), float(str(lon)))
    if source == "small":
        assert elements[5]["tags"]["name"] == "北京东路 & 辅路"
        assert elements[0]["user"] == "a b" and elements[0]["version"] == 3


def test_roads_are_the_highway_ways_and_their_nodes(tmp_path):
    path = tmp_path / "small.osm"
    path.write_text(SMALL, encoding="utf-8")
    roads = roads_elements(overpass_elements(path))["elements"]
    assert [(e["type"], e["id"]) for e in roads] == [
        ("node", 1),
        ("node", 2),
        ("node", 3),
        ("node", 5),
        ("way", 10),
        ("way", 12),
    ]
    assert all(e["tags"] == {} for e in roads if e["type"] == "node")


def _osmnx_area(path: Path, tmp_path: Path) -> StudyArea:
    """The study area from osmnx's public readers, each parsing its file itself."""
    import osmnx as ox

    roads = tmp_path / "roads.osm"
    roads_only_xml(path, roads)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with edge_tags_kept():
            graph = ox.graph_from_xml(roads, bidirectional=False, simplify=False, retain_all=True)
        features = ox.features_from_xml(path, tags=FEATURE_TAGS)
    return area_from_graph_and_features(
        simplify_roads(graph), features, name=path.name, source=f"xml:{path}"
    )


def _same_layers(ours: StudyArea, theirs: StudyArea) -> None:
    for name in LAYERS:
        mine, reference = getattr(ours, name), getattr(theirs, name)
        assert len(mine) == len(reference), name
        pd.testing.assert_frame_equal(
            pd.DataFrame(mine.drop(columns="geometry")),
            pd.DataFrame(reference.drop(columns="geometry")),
        )
        assert mine.geometry.geom_equals_exact(reference.geometry, 0).all(), name


@pytest.mark.parametrize("source", ["small", "vaduz", "nanjing"])
def test_study_area_as_osmnx_reads_the_file(tmp_path, source):
    path = {"vaduz": VADUZ, "nanjing": NANJING}.get(source, tmp_path / "small.osm")
    if source == "small":
        path.write_text(SMALL, encoding="utf-8")
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    ours = area_from_xml(path)
    _same_layers(ours, _osmnx_area(path, tmp_path))
    if source == "small":
        # 1-2, 2-3 (way 10 split at the junction with way 12) and 2-5; one of each feature
        counts = (len(ours.edges), len(ours.buildings), len(ours.premises), len(ours.landuse))
        assert counts == (3, 1, 1, 1)


def test_damaged_xml_is_said_with_the_planners_file_name(tmp_path):
    path = tmp_path / "cut.osm"
    path.write_text(SMALL[: SMALL.index('<way id="11"') + 20], encoding="utf-8")
    with pytest.raises(InputDataError, match="cut.osm"):
        area_from_xml(path)


@pytest.mark.parametrize(
    ("inside", "child", "missing"),
    [
        ("", '<tag k="a" v="b"/>', "tags"),
        ('<node id="1" lat="1" lon="2">', '<nd ref="1"/>', "nodes"),
        ('<way id="1">', '<member type="way" ref="1" role=""/>', "members"),
        ('<relation id="1">', '<nd ref="1"/>', "nodes"),
        ('<way id="1"><nd ref="1"/></way><node id="1" lat="1" lon="2">', '<nd ref="2"/>', "nodes"),
    ],
)
def test_a_child_outside_its_element_is_refused(tmp_path, inside, child, missing):
    """An nd outside a way (or a member outside a relation) is a KeyError, not added elsewhere."""
    closing = f"</{inside.rsplit('<', 1)[1].split()[0]}>" if inside else ""
    path = tmp_path / "odd.osm"
    path.write_text(f'<osm version="0.6">{inside}{child}{closing}</osm>', encoding="utf-8")
    with pytest.raises(KeyError, match=missing):
        overpass_elements(path)
