"""Coverage after edits from the per-outlet caches equals a full re-run of coverage_from."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely

from servicecircle.coverage import CoverageSettings, coverage_from, networks_for
from servicecircle.coverage.incremental import CoverageEditor
from servicecircle.demand import demand_from_area
from servicecircle.errors import InputDataError
from servicecircle.inputs.crs import WGS84
from servicecircle.supply.outlets import OutletType, prepare_outlets
from servicecircle.testing.synthetic import ORIGIN, UTM, grid_area, grid_layers, points_at

TYPES = {
    "w": OutletType("w", "walk", 10.0),
    "w15": OutletType("w15", "walk", 15.0),
    "e": OutletType("e", "ebike", 5.0),
}
SETTINGS = CoverageSettings(breaks=(3.0, 6.0, 10.0), outlet_types=TYPES)
DEMAND_COLUMNS = [
    "minutes_to_nearest",
    "reachable",
    "road_m",
    "off_network",
    "in_extent",
    "covered_3",
    "covered_6",
    "covered_10",
    "covered",
]


@pytest.fixture(scope="module")
def case():
    """A jittered 14 x 14 grid with one-way and dropped streets, random demand, 6 outlets."""
    lon, lat = pyproj.Transformer.from_crs(UTM, WGS84, always_xy=True).transform(*ORIGIN)
    streets = grid_layers(
        14, 14, origin=(lon, lat), seed=5, drop_share=0.08, oneway_share=0.2, islands=1
    )
    area = grid_area(streets=streets)
    rng = np.random.default_rng(2)
    xys = [tuple(p) for p in rng.uniform(-150, 1450, size=(260, 2))]
    demand = demand_from_area(
        area,
        user_points=points_at(xys, people=rng.integers(1, 60, len(xys)).astype(float)),
        user_mode="replace",
    )
    spots = [(100, 100), (700, 650), (1200, 300), (300, 1100), (900, 1200), (650, 640)]
    kinds = ["w", "w", "e", "w15", "w", "w15"]
    outlets = prepare_outlets(points_at(spots, outlet_type=kinds), area=area, types=TYPES)
    networks = networks_for(area, {"walk", "ebike"}, settings=SETTINGS)
    return area, demand, outlets, networks


def _moved(outlets: gpd.GeoDataFrame, row: int, dx: float, dy: float) -> gpd.GeoDataFrame:
    """``outlets`` with one moved by (dx, dy) metres; the others keep their exact coordinates."""
    point = outlets.geometry.iloc[[row]].to_crs(UTM).iloc[0]
    there = gpd.GeoSeries([shapely.Point(point.x + dx, point.y + dy)], crs=UTM).to_crs(WGS84)
    geometry = outlets.geometry.copy()
    geometry.iloc[row] = there.iloc[0]
    return outlets.set_geometry(geometry)


def _same(incremental, full, editor) -> None:
    """Every number equal; the nearest outlet equal but where outlets are equally near."""
    mine = incremental.demand["nearest_outlet"].to_numpy()
    theirs = full.demand["nearest_outlet"].to_numpy()
    differ = np.flatnonzero(mine != theirs)
    assert len(differ) < len(mine)
    outlets = full.outlets
    for row in differ:
        times = [
            editor.minutes_from(
                (outlets.at[label, "mode"], *outlets.at[label, "geometry"].coords[0])
            )
            for label in (mine[row], theirs[row])
        ]
        assert times[0][row] == times[1][row]
    pd.testing.assert_frame_equal(
        pd.DataFrame(incremental.demand[DEMAND_COLUMNS]), pd.DataFrame(full.demand[DEMAND_COLUMNS])
    )
    pd.testing.assert_frame_equal(incremental.by_class, full.by_class)
    pd.testing.assert_frame_equal(pd.DataFrame(incremental.units), pd.DataFrame(full.units))
    pd.testing.assert_frame_equal(
        pd.DataFrame(incremental.gaps.drop(columns="geometry")),
        pd.DataFrame(full.gaps.drop(columns="geometry")),
    )
    assert incremental.gaps.geometry.geom_equals_exact(full.gaps.geometry, 1e-9).all()
    pd.testing.assert_frame_equal(
        pd.DataFrame(incremental.must_cover), pd.DataFrame(full.must_cover)
    )
    pd.testing.assert_frame_equal(
        pd.DataFrame(incremental.off_network), pd.DataFrame(full.off_network)
    )
    pd.testing.assert_frame_equal(
        pd.DataFrame(incremental.outlets), pd.DataFrame(full.outlets), check_like=True
    )
    for b in SETTINGS.breaks:
        assert incremental.share(b) == full.share(b)
    if len(full.isochrones):
        assert incremental.isochrones["minutes"].tolist() == full.isochrones["minutes"].tolist()
        assert incremental.isochrones["people"].tolist() == full.isochrones["people"].tolist()
        for mine, theirs in zip(
            incremental.isochrones.to_crs(UTM).geometry,
            full.isochrones.to_crs(UTM).geometry,
            strict=True,
        ):
            assert mine.symmetric_difference(theirs).area <= 1e-6 * max(theirs.area, 1.0)


def _full(case, outlets, *, with_isochrones=False):
    area, demand, _, networks = case
    return coverage_from(
        area,
        demand,
        outlets,
        settings=SETTINGS,
        networks=networks,
        with_isochrones=with_isochrones,
    )


def test_a_series_of_edits_equals_a_full_run_each_time(case):
    area, demand, outlets, networks = case
    editor = CoverageEditor(area, demand, settings=SETTINGS, networks=networks)
    _same(editor.coverage(outlets, with_isochrones=False), _full(case, outlets), editor)
    assert editor.searches == len(outlets)
    moved = _moved(outlets, 1, 230.0, -140.0)
    _same(editor.coverage(moved, with_isochrones=False), _full(case, moved), editor)
    assert editor.searches == len(outlets) + 1  # only the moved outlet searched again
    deleted = moved.drop(index=3)
    _same(editor.coverage(deleted, with_isochrones=False), _full(case, deleted), editor)
    assert editor.searches == len(outlets) + 1
    retyped = deleted.assign(outlet_type=deleted["outlet_type"].replace({"e": "w"}))
    _same(editor.coverage(retyped, with_isochrones=False), _full(case, retyped), editor)
    assert editor.searches == len(outlets) + 2  # the e-bike outlet now walks: one new search
    added = prepare_outlets(
        pd.concat([retyped, points_at([(1300, 1300)], outlet_type=["e"])], ignore_index=True),
        area=area,
        types=TYPES,
    )
    _same(editor.coverage(added, with_isochrones=False), _full(case, added), editor)
    assert editor.searches == len(outlets) + 3


def test_ties_and_a_retype_to_another_standard_of_the_same_mode(case):
    """Two outlets on one spot (ties), and w -> w15 (same mode, other minutes: no search)."""
    area, demand, outlets, networks = case
    editor = CoverageEditor(area, demand, settings=SETTINGS, networks=networks)
    twins = prepare_outlets(
        pd.concat([outlets, outlets.iloc[[0, 2]]], ignore_index=True), area=area, types=TYPES
    )
    _same(editor.coverage(twins, with_isochrones=False), _full(case, twins), editor)
    before = editor.searches
    retyped = twins.assign(outlet_type=twins["outlet_type"].replace({"w": "w15"}))
    _same(editor.coverage(retyped, with_isochrones=False), _full(case, retyped), editor)
    assert editor.searches == before


def test_isochrones_are_the_union_of_the_kept_ones(case):
    area, demand, outlets, networks = case
    editor = CoverageEditor(area, demand, settings=SETTINGS, networks=networks)
    _same(editor.coverage(outlets), _full(case, outlets, with_isochrones=True), editor)
    assert editor.drawings == len(outlets)
    moved = _moved(outlets, 4, -120.0, 80.0)
    _same(editor.coverage(moved), _full(case, moved, with_isochrones=True), editor)
    assert editor.drawings == len(outlets) + 1
    editor.forget_except(moved)
    assert editor.searches == len(outlets) + 1
    _same(editor.coverage(moved, with_isochrones=False), _full(case, moved), editor)
    assert editor.searches == len(outlets) + 1  # nothing kept for the outlets still there was lost


def test_preview_counts_people_newly_covered(case):
    area, demand, outlets, networks = case
    editor = CoverageEditor(area, demand, settings=SETTINGS, networks=networks)
    today = editor.coverage(outlets, with_isochrones=False)
    lon, lat = points_at([(1300, 1300)]).geometry.iloc[0].coords[0]
    preview = editor.preview(lon, lat, "w", today)
    with_it = prepare_outlets(
        pd.concat([outlets, points_at([(1300, 1300)], outlet_type=["w"])], ignore_index=True),
        area=area,
        types=TYPES,
    )
    after = _full(case, with_it)
    gained = after.demand["covered"].to_numpy(bool) & ~today.demand["covered"].to_numpy(bool)
    people = demand.units["people"].to_numpy(float)
    assert preview.newly_covered == pytest.approx(float(people[gained].sum()))
    assert preview.newly_covered > 0
    assert preview.reached >= preview.newly_covered
    assert set(preview.newly_covered_units) == set(np.flatnonzero(gained))
    assert preview.area.area > 0
    inside = demand.units.iloc[preview.newly_covered_units].geometry
    assert shapely.covers(preview.area, inside.to_numpy()).all()
    with pytest.raises(InputDataError):
        editor.preview(lon, lat, "nope", today)
