"""Premises recognised by name (Chinese OSM rarely tags them) and by tags.

Synthetic OSM XML and PBF files made in the test: a 党群服务中心 node without an
amenity tag, a 物业服务中心 that is no premise, a 零工市场 building, names in
``name:zh`` only, a bus stop named after a service centre.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

import numpy as np
import pytest
import shapely

from servicecircle.inputs import study_area_from
from servicecircle.inputs.premise_keywords import NameGroup
from servicecircle.inputs.premise_names import (
    DEFAULT_PREMISE_NAMES,
    PremiseNames,
    match_name,
)
from servicecircle.inputs.premises import premises_layer

# ---------------------------------------------------------------- names alone


@pytest.mark.parametrize(
    ("name", "kind", "outlet_type", "word"),
    [
        (
            "玄武区人力资源和社会保障局",
            "employment_service",
            "community_window",
            "人力资源和社会保障",
        ),
        ("玄武区零工市场", "gig_market", "gig_market", "零工市场"),
        ("兰园社区家门口就业服务站", "employment_service", "doorstep_station", "家门口就业服务站"),
        ("红山街道就业驿站", "employment_service", "employment_post", "就业驿站"),
        # an employment word decides over a candidate word that is longer
        ("梅园新村街道便民服务中心人社窗口", "employment_service", "community_window", "人社"),
        ("玄武门社区党群服务中心", "community_service", "community_window", "党群服务"),
        ("锁金村街道办事处", "subdistrict_office", "community_window", "街道办事处"),
        ("汤山镇人民政府", "subdistrict_office", "community_window", "镇人民政府"),
        ("东岗村村委会", "community_committee", "doorstep_station", "村委会"),
        # an exclusion that is part of a place name, apart from the premise word
        ("南京大学社区居委会", "community_committee", "doorstep_station", "居委会"),
        ("Jobcentre Plus Leith", "employment_service", "community_window", "jobcentre"),
        ("Sunnyside Community Centre", "community_service", "community_window", "community centre"),
    ],
)
def test_names_that_make_premises(name, kind, outlet_type, word):
    match = match_name({"name": name})
    assert match is not None
    assert (match.group.kind, match.group.outlet_type, match.word) == (kind, outlet_type, word)
    assert match.basis == f"name contains {word}"


@pytest.mark.parametrize(
    "name",
    [
        "金陵小区物业服务中心",  # property management: no premise word
        "大众汽车服务中心",
        "后宰门社区卫生服务中心",  # a clinic
        "南京林业大学就业指导中心",  # a university's career office
        "汤山镇政府宿舍",  # homes beside the government
        "江苏某某人力资源有限公司",  # a private agency
        "中国建设银行社保卡服务点",
        "人才公寓",
        "苏果社区店",
        "Carfix Community Centre Car Wash",
        "Walmart Supercenter",
    ],
)
def test_names_that_do_not(name):
    assert match_name({"name": name}) is None


def test_names_in_other_keys_and_own_words():
    match = match_name({"name": None, "name:zh": "锁金村社区党群服务中心"})  # type: ignore[dict-item]
    assert match is not None and match.basis == "name:zh contains 党群服务"
    assert match_name({"old_name": "锁金村社区党群服务中心"}) is None  # not a name key
    own = PremiseNames(
        groups=(NameGroup("library", "candidate", "community_window", ("图书馆",)),),
        exclusions=("学校",),
    )
    assert match_name({"name": "南京图书馆"}, own) is not None
    assert match_name({"name": "南京图书馆"}) is None
    assert match_name({"name": "学校图书馆"}, own) is None


# ---------------------------------------------------------------- OSM files

#: (id, lon, lat, tags) of the nodes; ways close on their first node.
ROAD = [(1, 118.7800, 32.0400, {}), (2, 118.7900, 32.0400, {}), (3, 118.7900, 32.0480, {})]
SQUARE = [
    (20, 118.7810, 32.0410, {}),
    (21, 118.7816, 32.0410, {}),
    (22, 118.7816, 32.0416, {}),
    (23, 118.7810, 32.0416, {}),
]
RING = [
    (30, 118.7850, 32.0430, {}),
    (31, 118.7856, 32.0430, {}),
    (32, 118.7856, 32.0436, {}),
    (33, 118.7850, 32.0436, {}),
]
POINTS = [
    (10, 118.7820, 32.0420, {"name": "玄武门社区党群服务中心"}),
    (11, 118.7830, 32.0420, {"name": "金陵小区物业服务中心", "building": "yes"}),
    (12, 118.7840, 32.0420, {"name:zh": "梅园新村街道劳动保障服务站"}),
    (13, 118.7845, 32.0401, {"name": "党群服务中心站", "highway": "bus_stop"}),
    (14, 118.7860, 32.0420, {"amenity": "community_centre", "name": "玄武门社区活动室"}),
    (15, 118.7870, 32.0420, {"amenity": "townhall", "name": "玄武区人力资源和社会保障局"}),
    (16, 118.7880, 32.0420, {"name": "便民服务中心", "shop": "convenience"}),
]
WAYS = [
    (99, [1, 2, 3], {"highway": "residential", "name": "兰园路"}),
    (100, [20, 21, 22, 23, 20], {"building": "yes", "name": "玄武区零工市场"}),
    (101, [30, 31, 32, 33, 30], {"name": "兰园社区居委会"}),  # a closed way with a name only
]

#: What the file should give: name -> (kind, outlet_type, basis).
EXPECTED = {
    "玄武门社区党群服务中心": ("community_service", "community_window", "name contains 党群服务"),
    "梅园新村街道劳动保障服务站": (
        "employment_service",
        "community_window",
        "name:zh contains 劳动保障",
    ),
    "玄武门社区活动室": ("community_centre", "community_window", "amenity=community_centre"),
    "玄武区人力资源和社会保障局": (
        "employment_service",
        "community_window",
        "name contains 人力资源和社会保障; amenity=townhall",
    ),
    "玄武区零工市场": ("gig_market", "gig_market", "name contains 零工市场"),
    "兰园社区居委会": ("community_committee", "doorstep_station", "name contains 居委会"),
}


def _tags_xml(tags: dict[str, str]) -> str:
    return "".join(f"<tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags.items())


def write_osm_xml(path: Path) -> Path:
    """The synthetic extract as OSM XML."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
    for node_id, lon, lat, tags in [*ROAD, *SQUARE, *RING, *POINTS]:
        lines.append(f'<node id="{node_id}" lat="{lat}" lon="{lon}">{_tags_xml(tags)}</node>')
    for way_id, refs, tags in WAYS:
        nds = "".join(f'<nd ref="{r}"/>' for r in refs)
        lines.append(f'<way id="{way_id}">{nds}{_tags_xml(tags)}</way>')
    lines.append("</osm>")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_osm_pbf(path: Path) -> Path:
    """The synthetic extract as a PBF file (pyrosm's writer)."""
    from pyrosm.pbf_export import write_pbf_from_records

    nodes = [*ROAD, *SQUARE, *RING, *POINTS]
    records = {
        "id": np.array([n[0] for n in nodes], dtype=np.int64),
        "lon": np.array([n[1] for n in nodes]),
        "lat": np.array([n[2] for n in nodes]),
        "tags": np.array([n[3] or None for n in nodes], dtype=object),
    }
    ways = [{"id": i, "refs": np.array(refs, dtype=np.int64), "tags": t} for i, refs, t in WAYS]
    write_pbf_from_records(records, ways, [], str(path), (118.779, 32.039, 118.791, 32.049))
    return path


@pytest.fixture(params=["xml", "pbf"])
def extract(request, tmp_path):
    if request.param == "xml":
        return write_osm_xml(tmp_path / "xuanwu.osm")
    return write_osm_pbf(tmp_path / "xuanwu.osm.pbf")


def test_premises_from_tags_and_names(extract):
    premises = study_area_from(extract).premises
    found = {row.name: (row.kind, row.outlet_type, row.basis) for row in premises.itertuples()}
    assert found == EXPECTED
    assert premises.geom_type.eq("Point").all()
    # the 零工市场 building and the committee's ring are taken by a point inside them
    for name, square in (("玄武区零工市场", SQUARE), ("兰园社区居委会", RING)):
        outline = shapely.Polygon([(lon, lat) for _, lon, lat, _ in square])
        point = premises.geometry[premises["name"].eq(name).to_numpy()].iloc[0]
        assert outline.contains(point)


def test_premises_layer_keeps_a_node_and_a_way_of_one_id():
    import geopandas as gpd

    frame = gpd.GeoDataFrame(
        {
            "id": [7, 7, 7],
            "osm_type": ["node", "way", "way"],  # the way twice: two reads of one file
            "name": ["兰园社区居委会", "玄武区零工市场", "玄武区零工市场"],
        },
        geometry=[
            shapely.Point(118.78, 32.04),
            shapely.box(118.781, 32.041, 118.782, 32.042),
            shapely.box(118.781, 32.041, 118.782, 32.042),
        ],
        crs=4326,
    )
    layer = premises_layer(frame)
    assert sorted(layer["kind"]) == ["community_committee", "gig_market"]


def test_default_words_name_outlet_types_that_exist():
    from servicecircle.supply.outlets import DEFAULT_OUTLET_TYPES

    types = {g.outlet_type for g in DEFAULT_PREMISE_NAMES.groups}
    types |= set(DEFAULT_PREMISE_NAMES.tag_outlet_types.values())
    assert types <= set(DEFAULT_OUTLET_TYPES)
