"""Tags read once per layer (:func:`tag_columns`) give what one key at a time gave.

The expectation is written out row by row from the OSM rules (a column's value
first, else the JSON ``tags`` entry; lists give their first element; missing is
``None``), not computed with the function under test.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.inputs import normalize
from servicecircle.inputs.normalize import buildings_layer, edges_layer, tag_columns, tag_values


def _plain(values: pd.Series) -> list[object]:
    """The values with any missing marker (None, NaN) as ``None``."""
    return [None if pd.isna(v) else v for v in values.tolist()]


def _pyrosm_like() -> pd.DataFrame:
    """Four rows in pyrosm's layout: some tags in columns, the rest in JSON text."""
    return pd.DataFrame(
        {
            "name": ["A", None, np.nan, ["B", "C"]],
            "height": [None, "12 m", None, None],
            "tags": [
                json.dumps({"name": "ignored", "building:levels": "3", "shop": "mall"}),
                json.dumps({"name": "from tags", "amenity": ["school", "college"]}),
                None,
                "not json",
            ],
        },
        index=[10, 11, 12, 13],
    )


def test_every_key_from_its_column_or_the_json_tags():
    tags = tag_columns(_pyrosm_like(), ["name", "height", "building:levels", "amenity", "shop"])
    assert tags["name"].tolist() == ["A", "from tags", None, "B"]
    assert tags["height"].tolist() == [None, "12 m", None, None]
    assert tags["building:levels"].tolist() == ["3", None, None, None]
    assert tags["amenity"].tolist() == [None, "school", None, None]
    assert tags["shop"].tolist() == ["mall", None, None, None]
    for values in tags.values():
        assert values.dtype == object
        assert values.index.tolist() == [10, 11, 12, 13]


def test_one_key_reads_as_in_the_table_of_many():
    frame = _pyrosm_like()
    many = tag_columns(frame, ["shop", "name", "amenity"])
    for key in ("shop", "name", "amenity", "absent"):
        alone = tag_values(frame, key)
        expected = many[key] if key in many else pd.Series([None] * 4, index=frame.index)
        assert alone.tolist() == expected.tolist()


def test_json_text_parsed_once_per_row_whatever_the_keys(monkeypatch):
    calls: list[object] = []
    parse = normalize._parse_tags

    def counting(value: object) -> dict[str, object]:
        calls.append(value)
        return parse(value)

    monkeypatch.setattr(normalize, "_parse_tags", counting)
    frame = _pyrosm_like()
    tag_columns(frame, ["name", "height", "building:levels", "amenity", "shop", "landuse"])
    assert len(calls) <= len(frame)


@pytest.mark.parametrize("layout", ["columns", "json"])
def test_buildings_the_same_from_either_layout(layout):
    tags = [
        {"building": "school", "building:levels": "4", "amenity": "school", "name": "一中"},
        {"building": "yes", "height": "9.5", "shop": "no"},
    ]
    geometry = [shapely.box(0, 0, 0.001, 0.001), shapely.box(1, 1, 1.001, 1.001)]
    if layout == "columns":
        frame = gpd.GeoDataFrame(pd.DataFrame(tags), geometry=geometry, crs="EPSG:4326")
    else:
        texts = [json.dumps({k: v for k, v in t.items() if k != "building"}) for t in tags]
        data = {"building": [t["building"] for t in tags], "tags": texts}
        frame = gpd.GeoDataFrame(data, geometry=geometry, crs="EPSG:4326")
    layer = buildings_layer(frame.assign(id=[1, 2]))
    assert layer["building"].tolist() == ["school", "yes"]
    assert layer["levels"].tolist()[0] == 4.0 and np.isnan(layer["levels"].tolist()[1])
    assert np.isnan(layer["height"].tolist()[0]) and layer["height"].tolist()[1] == 9.5
    assert _plain(layer["use"]) == ["amenity=school", None]
    assert _plain(layer["name"]) == ["一中", None]


def test_edges_take_tags_from_json_where_columns_lack_them():
    line = shapely.LineString([(0, 0), (0.001, 0)])
    frame = gpd.GeoDataFrame(
        {
            "u": [1, 2],
            "v": [2, 3],
            "id": [7, 8],
            "length": [100.0, 50.0],
            "highway": ["residential", None],
            "tags": [json.dumps({"highway": "x", "oneway": "yes"}), '{"highway": "service"}'],
        },
        geometry=[line, line],
        crs="EPSG:4326",
    )
    edges = edges_layer(frame)
    assert edges["highway"].tolist() == ["residential", "service"]
    assert _plain(edges["oneway"]) == ["yes", None]
