"""Top-down totals through demand_from_area: census tables and population grids on a
synthetic study area with township boundaries."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
import shapely

from servicecircle.demand import demand_from_area
from servicecircle.demand.census import read_census
from servicecircle.demand.raster import read_population_grid
from servicecircle.errors import InputDataError
from servicecircle.results._codec import json_ready
from servicecircle.testing.synthetic import ORIGIN, UTM, grid_area, to_wgs

rasterio = pytest.importorskip("rasterio")
from rasterio.transform import from_origin  # noqa: E402

WEST = shapely.box(-50, -50, 250, 550)
EAST = shapely.box(250, -50, 550, 550)
FLATS = {"building": "apartments", "levels": 4}


def study_area():
    area = grid_area(
        buildings=[shapely.box(110, 110, 130, 130), shapely.box(410, 410, 430, 430)],
        building_tags=[FLATS, FLATS],
        boundaries=[(8, "西城街道", WEST), (8, "东城街道", EAST)],
    )
    return replace(area, extent=to_wgs([shapely.box(-50, -50, 550, 550)]).iloc[0])


def write_gbk(path, rows):
    path.write_bytes(("\r\n".join(",".join(r) for r in rows) + "\r\n").encode("gbk"))
    return path


def residents_by_township(demand):
    residents = demand.units[demand.units["class"] == "residential"]
    return residents.groupby("township")["people"].sum().to_dict()


def test_a_gbk_census_table_scales_the_estimate_and_audits_it(tmp_path):
    area = study_area()
    before = residents_by_township(demand_from_area(area))
    path = write_gbk(tmp_path / "人口.csv", [["街道", "常住人口"], ["西城街道", '"1,000"']])
    demand = demand_from_area(area, census=read_census(path))
    after = residents_by_township(demand)
    assert after["西城街道"] == pytest.approx(1000)
    assert after["东城街道"] == pytest.approx(before["东城街道"])
    audit = demand.assumptions["census_audit"]
    assert [(r["township"], r["census"], r["status"]) for r in audit] == [
        ("西城街道", 1000.0, "scaled"),
        ("东城街道", None, "no census total"),
    ]
    assert audit[0]["estimate"] == pytest.approx(before["西城街道"])
    assert audit[0]["ratio"] == pytest.approx(1000 / before["西城街道"])
    assert demand.assumptions["census_scaled"] == ["西城街道"]
    json.dumps(json_ready(demand.assumptions), ensure_ascii=False)  # summary.json can hold it
    assert any(
        "Census totals (人口.csv, column '常住人口'): 1 of 1 applied" in n
        for n in [str(n) for n in demand.assumptions["notes"]]
    )


def test_a_census_name_not_in_the_study_area_alone_is_refused(tmp_path):
    path = write_gbk(tmp_path / "c.csv", [["街道", "常住人口"], ["南城街道", "5"]])
    with pytest.raises(
        InputDataError, match="'南城街道'.*not found.*Known names: 东城街道, 西城街道"
    ):
        demand_from_area(study_area(), census=read_census(path))


def write_grid(path, values):
    """100 m cells in UTM 32N, north row first, over the synthetic grid (x 0..600, y 0..600)."""
    values = np.asarray(values, dtype="float32")
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=values.shape[1],
        height=values.shape[0],
        count=1,
        dtype="float32",
        crs=UTM.to_wkt(),
        transform=from_origin(ORIGIN[0], ORIGIN[1] + 100 * values.shape[0], 100, 100),
        nodata=-1,
    ) as target:
        target.write(values, 1)
    return path


def grid_values():
    values = np.zeros((6, 6))
    values[5 - 1, 1] = 300.0  # x 100..200, y 100..200: the western block of flats
    values[5 - 4, 4] = 500.0  # the eastern block of flats
    values[5 - 0, 3] = 80.0  # x 300..400, y 0..100: people, no homes
    return values


def test_a_population_grid_gives_homes_their_cells_people_and_makes_points(tmp_path):
    area = study_area()
    grid = read_population_grid(write_grid(tmp_path / "pop.tif", grid_values()), area.extent)
    demand = demand_from_area(area, population_grid=grid)
    units = demand.units
    buildings = units[units["source"] == "building"]
    assert sorted(buildings["people"].round(6)) == [300, 500]
    cells = units[units["source"] == "population grid"]
    assert cells["people"].tolist() == pytest.approx([80])
    assert cells["township"].tolist() == ["东城街道"]  # assigned like every unit
    assert demand.assumptions["population_grid"]["cell_points"] == 1
    assert units.index.name == "unit_id"


def test_census_totals_over_a_grid_keep_the_grids_spread(tmp_path):
    area = study_area()
    grid = read_population_grid(write_grid(tmp_path / "pop.tif", grid_values()), area.extent)
    demand = demand_from_area(area, population_grid=grid, census={"东城街道": 1160})
    east = demand.units[demand.units["township"] == "东城街道"]
    east = east[east["class"] == "residential"]
    assert east["people"].sum() == pytest.approx(1160)
    assert sorted(east["people"].round(6)) == [160, 1000]  # 500 : 80, doubled
