"""The polygon filter of the layers (``normalize._polygonal``) keeps what it kept before.

The reference is the filter as it was written with GeoSeries methods
(``geom_type``, ``is_valid``, a second cut after making invalid ones valid);
the filter now reads masks from the geometry array and cuts the frame once.
"""

from __future__ import annotations

import warnings

import geopandas as gpd
import pandas as pd
import shapely

from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.normalize import _polygonal


def _reference(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    with warnings.catch_warnings():  # GeoSeries.notna on empty geometries (it keeps them)
        warnings.simplefilter("ignore", UserWarning)
        present = frame.geometry.notna()
    kept = frame[present & frame.geom_type.isin(("Polygon", "MultiPolygon"))]
    invalid = ~kept.geometry.is_valid
    if invalid.any():
        kept = kept.copy()
        kept.loc[invalid, "geometry"] = shapely.make_valid(kept.geometry[invalid].values)
        kept = kept[kept.geom_type.isin(("Polygon", "MultiPolygon"))]
    return kept


def _frame(geoms: list[object]) -> gpd.GeoDataFrame:
    index = pd.MultiIndex.from_arrays(
        [["way"] * len(geoms), list(range(10, 10 + len(geoms)))], names=["element", "id"]
    )
    return gpd.GeoDataFrame(
        {"building": ["yes", None, "house", "yes", None, "yes", "no", "yes", "yes"][: len(geoms)]},
        geometry=gpd.GeoSeries(geoms, crs=WGS84),
    ).set_index(index)


GEOMS = [
    shapely.box(0, 0, 1, 1),
    None,
    shapely.Point(0, 0),
    shapely.Polygon([(0, 0), (2, 2), (2, 0), (0, 2)]),  # a bow tie: made a MultiPolygon
    shapely.Polygon([(0, 0), (1, 1), (0, 0), (0, 0)]),  # collapses to a line: dropped
    shapely.Polygon(),  # empty and valid: kept, as before
    shapely.LineString([(0, 0), (1, 1)]),
    shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(2, 2, 3, 3)]),
    shapely.Polygon([(0, 0), (3, 0), (3, 3), (0, 3)], [[(1, 1), (4, 1), (4, 2), (1, 2)]]),
]


def test_kept_as_before_with_invalid_ones_repaired():
    frame = _frame(GEOMS)
    found, expected = _polygonal(frame), _reference(frame)
    pd.testing.assert_frame_equal(pd.DataFrame(found), pd.DataFrame(expected))
    assert found.crs == expected.crs
    assert found.index.get_level_values("id").tolist() == [10, 13, 15, 17, 18]
    assert found.geometry.iloc[1].geom_type == "MultiPolygon"


def test_all_valid_frames_cut_once_and_untouched():
    frame = _frame([GEOMS[0], GEOMS[2], GEOMS[7]])
    found = _polygonal(frame)
    pd.testing.assert_frame_equal(pd.DataFrame(found), pd.DataFrame(_reference(frame)))
    assert frame.geometry.iloc[0] is GEOMS[0]
