"""Every export format on the real analysis layers reopens with geopandas with the same rows."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from servicecircle.results.export import export_layer, export_layers
from servicecircle.results.folder import read_results
from tests.report.real_outputs import SAMPLE_SITE, cli_outputs

LAYERS = ("demand", "isochrones", "gaps", "chosen")
SUFFIXES = {"gpkg": ".gpkg", "geojson": ".geojson", "csv": ".csv", "shp": ".shp.zip"}
#: Text columns to compare per layer (names, admin units, Chinese text).
TEXT = {
    "demand": ("class", "township", "community"),
    "isochrones": (),
    "gaps": ("classes", "township", "community"),
    "chosen": ("name", "reasons", "must_cover"),
}
#: Number columns to compare per layer.
NUMBERS = {
    "demand": ("people", "minutes_to_nearest"),
    "isochrones": ("minutes", "people"),
    "gaps": ("rank", "people", "nearest_minutes"),
    "chosen": ("rank", "newly_covered"),
}


@pytest.fixture(scope="module")
def layers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, gpd.GeoDataFrame]:
    folder = cli_outputs(tmp_path_factory, SAMPLE_SITE)
    found = read_results(folder).layers
    return {name: found[name] for name in LAYERS}


def _read(path: Path, fmt: str) -> gpd.GeoDataFrame:
    """The file as a layer; a Shapefile's fields under their run names (from its field table)."""
    if fmt == "shp":
        back = gpd.read_file(f"zip://{path}")
        with zipfile.ZipFile(path) as archive:
            listed = next(n for n in archive.namelist() if n.endswith("_fields.csv"))
            table = pd.read_csv(archive.open(listed), encoding="utf-8-sig", dtype=str)
        return back.rename(
            columns=dict(zip(table["Shapefile field"], table["Column"], strict=True))
        )
    if fmt == "csv":
        table = pd.read_csv(path, encoding="utf-8-sig")
        assert "wkt" not in table.columns
        lon, lat = ("rep_lon", "rep_lat") if "rep_lon" in table.columns else ("lon", "lat")
        geometry = gpd.points_from_xy(table.pop(lon), table.pop(lat), crs="EPSG:4326")
        return gpd.GeoDataFrame(table, geometry=geometry, crs="EPSG:4326")
    return gpd.read_file(path)


def _column(frame: pd.DataFrame, name: str) -> str:
    assert name in frame.columns, f"{name} not in {list(frame.columns)}"
    return name


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
@pytest.mark.parametrize("name", LAYERS)
def test_export_reopens_with_the_same_rows(
    layers: dict[str, gpd.GeoDataFrame], tmp_path: Path, name: str, fmt: str
) -> None:
    source = layers[name]
    assert len(source) > 0
    path = export_layer(source, tmp_path / f"{name}{SUFFIXES[fmt]}")
    back = _read(path, fmt)
    assert len(back) == len(source)
    assert back.crs is not None and back.crs.equals("EPSG:4326")
    for column in NUMBERS[name]:
        want = pd.to_numeric(source[column], errors="coerce").to_numpy(float)
        got = pd.to_numeric(back[_column(back, column)], errors="coerce").to_numpy(float)
        np.testing.assert_allclose(got, want, rtol=1e-9, equal_nan=True, err_msg=column)
    for column in TEXT[name]:
        want_text = source[column].fillna("").astype(str).tolist()
        got_text = back[_column(back, column)].fillna("").astype(str).tolist()
        assert got_text == want_text, column
    original = source.to_crs("EPSG:4326").geometry.to_numpy()
    if fmt == "csv" and name in ("isochrones", "gaps"):  # a point inside each polygon
        assert shapely.covers(original, back.geometry.to_numpy()).all()
        return
    # same places: every geometry within a centimetre of the original
    moved = shapely.hausdorff_distance(back.geometry.to_numpy(), original)
    assert float(np.max(moved)) < 1e-7


def test_all_layers_in_one_geopackage(layers: dict[str, gpd.GeoDataFrame], tmp_path: Path) -> None:
    path = export_layers(layers, tmp_path / "results.gpkg")
    listed = {str(row[0]) for row in pyogrio.list_layers(path)}
    assert listed == set(LAYERS)
    for name, frame in layers.items():
        assert len(gpd.read_file(path, layer=name)) == len(frame)


def test_shapefile_zip_keeps_chinese_text_and_lists_renamed_fields(
    layers: dict[str, gpd.GeoDataFrame], tmp_path: Path
) -> None:
    path = export_layer(layers["demand"], tmp_path / "需求.shp.zip", layer="demand")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert {"demand.shp", "demand.dbf", "demand.cpg", "demand.prj"} <= names
        table = archive.read("demand_fields.csv").decode("utf-8-sig")
    assert "near_min,minutes_to_nearest," in table  # a readable short name, mapped back
    back = gpd.read_file(f"zip://{path}")
    assert set(layers["demand"]["township"].dropna()) == set(back["township"].dropna())
