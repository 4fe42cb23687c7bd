"""Population grids: GeoTIFFs read safely over the study area only, their people shared
among the homes in each cell, cells without homes made demand points of their own."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.demand.population_grid import GRID_SOURCE, floor_weights, share_grid_people
from servicecircle.demand.raster import read_population_grid
from servicecircle.errors import InputDataError, ResourceLimitError
from servicecircle.limits import Limits
from servicecircle.testing.synthetic import ORIGIN, UTM, to_wgs

rasterio = pytest.importorskip("rasterio")
from rasterio.transform import from_origin  # noqa: E402

NODATA = -99999.0
X0, Y0 = ORIGIN


def write_tif(path, values, transform, crs, *, nodata=NODATA, **options):
    values = np.asarray(values, dtype="float32")
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=values.shape[1],
        height=values.shape[0],
        count=1,
        dtype="float32",
        crs=crs,
        transform=transform,
        nodata=nodata,
        **options,
    ) as target:
        target.write(values, 1)
    return path


# 3 × 3 cells of 100 m in UTM 32N from the synthetic grid's corner; row 0 is the north row
UTM_CELLS = [
    [0.0, 0.0, 0.0],  # y 200..300
    [0.0, 0.0, 0.0],  # y 100..200: the cell at x 0..100 counts nobody
    [90.0, 50.0, NODATA],  # y 0..100: homes; no homes; no data
]
UTM_TRANSFORM = from_origin(X0, Y0 + 300, 100, 100)


def extent(x0=-10, y0=-10, x1=310, y1=310):
    return to_wgs([shapely.box(x0, y0, x1, y1)]).iloc[0]


def units_at(rows):
    """Demand units (WGS-84) from (x, y, class, people) in metres from the grid corner."""
    n = len(rows)
    return gpd.GeoDataFrame(
        {
            "class": [r[2] for r in rows],
            "source": "building",
            "area_id": np.full(n, -1, dtype="int64"),
            "name": pd.Series([None] * n, dtype=object),
            "people": [float(r[3]) for r in rows],
            "township": pd.Series([None] * n, dtype=object),
            "community": pd.Series([None] * n, dtype=object),
        },
        geometry=to_wgs([shapely.Point(r[0], r[1]) for r in rows]).to_numpy(),
        crs="EPSG:4326",
    )


UNITS = units_at(
    [
        (20, 20, "residential", 10),
        (60, 60, "residential", 20),
        (50, 80, "industrial", 100),
        (250, 50, "residential", 7),  # where the grid has no data
        (50, 150, "residential", 5),  # in a cell of 0 people
    ]
)


@pytest.fixture
def utm_grid(tmp_path):
    path = write_tif(tmp_path / "pop.tif", UTM_CELLS, UTM_TRANSFORM, UTM.to_wkt())
    return read_population_grid(path, extent())


def test_a_cells_people_are_shared_among_its_homes_by_floor_area(utm_grid):
    shared = share_grid_people(UNITS, utm_grid, extent())
    people = shared.units["people"].tolist()
    assert people[:5] == pytest.approx([30, 60, 100, 7, 0])
    summary = shared.summary
    assert summary["grid_people"] == pytest.approx(140)
    assert summary["to_homes"] == pytest.approx(90)
    assert (summary["kept_units"], summary["zeroed_units"]) == (1, 1)


def test_a_cell_with_people_and_no_homes_becomes_a_demand_point(utm_grid):
    shared = share_grid_people(UNITS, utm_grid, extent())
    new = shared.units.iloc[5:]
    assert len(new) == 1
    assert new["class"].tolist() == ["residential"]
    assert new["source"].tolist() == [GRID_SOURCE]
    assert new["people"].tolist() == pytest.approx([50])
    centre = to_wgs([shapely.Point(150, 50)]).iloc[0]
    assert new.geometry.iloc[0].distance(centre) < 1e-7
    assert new["area_id"].tolist() == [-1]
    assert any("50 in 1 cells without mapped homes" in str(note) for note in shared.notes)


def test_floor_area_weights_when_given(utm_grid):
    floor = np.array([100.0, 100.0, np.nan, np.nan, np.nan])
    shared = share_grid_people(UNITS, utm_grid, extent(), floor_area=floor)
    assert shared.units["people"].tolist()[:2] == pytest.approx([45, 45])


def test_units_without_a_floor_area_weigh_the_floor_their_people_stand_for():
    people = np.array([10.0, 20.0, 30.0, 5.0])
    residents = np.array([True, True, True, False])
    floor = np.array([400.0, 400.0, np.nan, 1000.0])  # 800 m² for 30 people: 80 m² each
    weights = floor_weights(people, residents, floor)
    assert weights.tolist() == pytest.approx([400, 400, 30 * 800 / 30, 0])
    assert floor_weights(people, residents, None).tolist() == [10, 20, 30, 0]


def test_only_the_part_of_a_cell_inside_the_study_area_counts(utm_grid):
    half = extent(-10, -10, 150, 310)  # half of the homeless cell at x 100..200
    shared = share_grid_people(UNITS.iloc[:2], utm_grid, half)
    new = shared.units[shared.units["source"] == GRID_SOURCE]
    assert new["people"].tolist() == pytest.approx([25])
    assert half.contains(new.geometry.iloc[0])


def test_a_basis_column_says_where_the_people_came_from(utm_grid):
    units = UNITS.assign(basis=["building=apartments"] * 5)
    shared = share_grid_people(units, utm_grid, extent())
    assert shared.units["basis"].tolist() == [
        "building=apartments; people from the population grid",
        "building=apartments; people from the population grid",
        "building=apartments",
        "building=apartments",
        "building=apartments",
        GRID_SOURCE,
    ]


def test_a_worldpop_style_grid_in_degrees(tmp_path):
    """EPSG:4326 cells of 0.0002°, NaN as no data; only the cells over the study area are read."""
    west, south, east, north = extent().bounds
    size = 0.0002
    left, top = west - 0.05, north + 0.05
    cols = int(np.ceil((east + 0.05 - left) / size))
    rows = int(np.ceil((top - (south - 0.05)) / size))
    values = np.full((rows, cols), 0.5, dtype="float32")
    values[:3, :] = np.nan
    path = write_tif(
        tmp_path / "worldpop.tif",
        values,
        from_origin(left, top, size, size),
        "EPSG:4326",
        nodata=np.nan,
    )
    grid = read_population_grid(path, extent())
    window_rows = int(np.ceil((north - south) / size)) + 1
    assert grid.shape[0] <= window_rows + 1 and grid.shape[0] < rows
    assert np.isfinite(grid.people).all()  # the no-data rows lie outside the window
    shared = share_grid_people(UNITS.iloc[:0], grid, extent())
    area_deg2 = shapely.area(extent())
    assert shared.summary["grid_people"] == pytest.approx(0.5 * area_deg2 / size**2, rel=0.02)
    assert len(shared.units) > 50
    assert set(shared.units["source"]) == {GRID_SOURCE}


def test_a_ghsl_style_grid_in_mollweide(tmp_path):
    import pyproj

    mollweide = pyproj.CRS("ESRI:54009")
    centre = to_wgs([shapely.Point(150, 150)]).to_crs(mollweide).iloc[0]
    values = np.full((5, 5), 40.0)
    transform = from_origin(centre.x - 250, centre.y + 250, 100, 100)
    path = write_tif(tmp_path / "ghsl.tif", values, transform, mollweide.to_wkt())
    grid = read_population_grid(path, extent())
    assert grid.crs.equals(mollweide)
    shared = share_grid_people(UNITS.iloc[:2], grid, extent())
    # both homes share one cell's 40 (10 : 20); every other cell inside becomes a point
    homes = shared.units.iloc[:2]["people"].to_numpy()
    assert homes.sum() == pytest.approx(40)
    assert homes[1] == pytest.approx(2 * homes[0])
    assert shared.summary["grid_people"] > 40


@pytest.mark.parametrize(
    ("content", "looks"),
    [
        (
            b'<VRTDataset rasterXSize="1" rasterYSize="1"><VRTRasterBand/></VRTDataset>',
            "a GDAL VRT",
        ),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "something else"),
        (b"", "an empty file"),
    ],
)
def test_files_that_are_not_tiffs_are_refused_before_gdal(tmp_path, content, looks):
    path = tmp_path / "pop.tif"
    path.write_bytes(content)
    with pytest.raises(InputDataError, match=rf"not a GeoTIFF: it looks like .*{looks}"):
        read_population_grid(path, extent())


def test_a_vrt_pointing_at_another_file_is_refused(tmp_path):
    secret = write_tif(tmp_path / "secret.tif", UTM_CELLS, UTM_TRANSFORM, UTM.to_wkt())
    vrt = tmp_path / "pop.tif"
    vrt.write_text(
        f'<VRTDataset rasterXSize="3" rasterYSize="3"><VRTRasterBand dataType="Float32" '
        f'band="1"><SimpleSource><SourceFilename>{secret}</SourceFilename>'
        "</SimpleSource></VRTRasterBand></VRTDataset>"
    )
    with pytest.raises(InputDataError, match="looks like a GDAL VRT document"):
        read_population_grid(vrt, extent())


def test_sibling_files_are_neither_read_nor_written(tmp_path):
    path = write_tif(tmp_path / "pop.tif", UTM_CELLS, UTM_TRANSFORM, UTM.to_wkt())
    aux = tmp_path / "pop.tif.aux.xml"
    aux.write_text(
        '<PAMDataset><SRS>EPSG:3857</SRS><PAMRasterBand band="1"><NoDataValue>90'
        "</NoDataValue></PAMRasterBand></PAMDataset>"
    )
    grid = read_population_grid(path, extent())
    assert grid.crs.equals(UTM)
    assert np.nansum(grid.people) == pytest.approx(140)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pop.tif", "pop.tif.aux.xml"]


def test_a_grid_without_a_coordinate_system_is_refused(tmp_path):
    path = write_tif(tmp_path / "pop.tif", UTM_CELLS, UTM_TRANSFORM, None)
    with pytest.raises(InputDataError, match="states no coordinate system.*Assign Projection"):
        read_population_grid(path, extent())


def test_a_grid_elsewhere_is_refused(tmp_path):
    path = write_tif(tmp_path / "pop.tif", UTM_CELLS, from_origin(0, 10, 1, 1), "EPSG:4326")
    with pytest.raises(InputDataError, match="does not cover the study area"):
        read_population_grid(path, extent())


def test_a_grid_with_no_data_over_the_study_area_is_refused(tmp_path):
    values = np.full((3, 3), NODATA)
    path = write_tif(tmp_path / "pop.tif", values, UTM_TRANSFORM, UTM.to_wkt())
    with pytest.raises(InputDataError, match="has no data over the study area"):
        read_population_grid(path, extent())


def test_negative_cells_are_no_data(tmp_path):
    values = np.array(UTM_CELLS)
    values[0, 0] = -3
    path = write_tif(tmp_path / "pop.tif", values, UTM_TRANSFORM, UTM.to_wkt(), nodata=NODATA)
    grid = read_population_grid(path, extent())
    assert np.isnan(grid.people[0, 0])
    assert "1 cells below 0 are taken as no data" in " ".join(map(str, grid.notes))


def test_the_cells_over_the_study_area_are_held_to_the_limit(tmp_path):
    path = write_tif(tmp_path / "pop.tif", UTM_CELLS, UTM_TRANSFORM, UTM.to_wkt())
    with pytest.raises(ResourceLimitError, match="SERVICECIRCLE_MAX_RASTER_CELLS"):
        read_population_grid(path, extent(), limits=Limits(raster_cells=4))


def test_a_huge_block_is_refused_before_it_is_read(tmp_path):
    values = np.zeros((4, 400), dtype="float32")
    path = write_tif(
        tmp_path / "pop.tif", values, UTM_TRANSFORM, UTM.to_wkt(), blockysize=4, compress="deflate"
    )
    with pytest.raises(ResourceLimitError, match="blocks of 4 × 400 cells"):
        read_population_grid(path, extent(), limits=Limits(raster_cells=1000))


def test_the_file_size_limit_holds(tmp_path):
    path = write_tif(tmp_path / "pop.tif", UTM_CELLS, UTM_TRANSFORM, UTM.to_wkt())
    with pytest.raises(ResourceLimitError, match="SERVICECIRCLE_MAX_FILE_MB"):
        read_population_grid(path, extent(), limits=Limits(file_mb=1e-6))


def test_without_the_signature_check_the_gtiff_driver_alone_still_refuses_a_vrt(
    tmp_path, monkeypatch
):
    import servicecircle.demand.raster as raster

    secret = write_tif(tmp_path / "secret.tif", UTM_CELLS, UTM_TRANSFORM, UTM.to_wkt())
    vrt = tmp_path / "pop.tif"
    vrt.write_text(
        f'<VRTDataset rasterXSize="3" rasterYSize="3"><VRTRasterBand dataType="Float32" '
        f'band="1"><SimpleSource><SourceFilename>{secret}</SourceFilename>'
        "</SimpleSource></VRTRasterBand></VRTDataset>"
    )
    monkeypatch.setattr(raster, "check_geotiff", lambda path: None)
    with pytest.raises(InputDataError, match="could not be read as a GeoTIFF"):
        read_population_grid(vrt, extent())
