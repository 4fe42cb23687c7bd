"""The one coverage table: people and people covered in total, by class and by unit."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.coverage import (
    class_coverage,
    coverage_table,
    covered_mask,
    people_by_unit,
    unit_coverage,
)
from servicecircle.errors import InputDataError


def _demand() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "class": ["residential", "residential", "relocation", "industrial"],
            "people": [100.0, 50.0, 30.0, 20.0],
            "minutes_to_nearest": [4.0, 12.0, np.nan, 15.0],
            "township": ["A镇", "A镇", "B乡", "B乡"],
            "community": ["一村", "二村", "三村", "三村"],
        },
        geometry=[shapely.Point(i, 0) for i in range(4)],
        crs="EPSG:4326",
    )


def test_coverage_table_counts_by_class_and_unit() -> None:
    table = coverage_table(_demand(), [5, 15])
    at15 = table[table["minutes"] == 15.0].set_index(["level", "township", "unit"])
    assert at15.loc[("total", "", ""), "covered"] == 170.0  # unreachable relocation excluded
    assert at15.loc[("class", "", "relocation"), "covered"] == 0.0
    assert at15.loc[("township", "", "B乡"), "covered"] == 20.0
    assert at15.loc[("community", "A镇", "二村"), "share"] == 1.0
    at5 = table[table["minutes"] == 5.0].set_index(["level", "township", "unit"])
    assert at5.loc[("township", "", "A镇"), "share"] == pytest.approx(100 / 150)


def test_the_coverage_stages_flags_are_read_before_the_minutes() -> None:
    demand = _demand().assign(covered_15=[True, False, False, False])
    assert covered_mask(demand, 15).tolist() == [True, False, False, False]
    assert covered_mask(demand, 12).tolist() == [True, True, False, False]
    just_over = demand.assign(minutes_to_nearest=[5.0 + 1e-12, 5.1, np.nan, 4.0])
    assert covered_mask(just_over, 5).tolist() == [True, False, False, True]
    with pytest.raises(InputDataError, match="minutes_to_nearest"):
        covered_mask(demand.drop(columns="minutes_to_nearest"), 10)


def test_the_service_standard_reads_the_covered_column() -> None:
    demand = _demand().assign(covered=[False, True, None, True])
    table = coverage_table(demand, None).set_index(["level", "township", "unit"])
    assert np.isnan(table["minutes"]).all()
    assert table.loc[("total", "", ""), "covered"] == 70.0
    assert table.loc[("class", "", "residential"), "share"] == pytest.approx(50 / 150)
    with pytest.raises(InputDataError, match="'covered'"):
        coverage_table(_demand(), None)


def test_people_by_unit_counts_people_of_marked_units_and_sums_numbers() -> None:
    demand = _demand()
    table = people_by_unit(
        demand,
        {"marked": np.array([True, False, True, False]), "served": [10.0, 5.0, 0.0, 2.5]},
        levels=("total", "township"),
    ).set_index(["level", "unit"])
    assert table.loc[("total", ""), ["people", "marked", "served"]].tolist() == [
        200.0,
        130.0,
        17.5,
    ]
    assert table.loc[("township", "B乡"), ["people", "marked", "served"]].tolist() == [
        50.0,
        30.0,
        2.5,
    ]
    assert set(table.index.get_level_values("level")) == {"total", "township"}


def test_missing_names_group_under_empty_text() -> None:
    demand = _demand().assign(township=["A镇", None, np.nan, "B乡"])
    table = people_by_unit(demand, {}, levels=("township",))
    assert dict(zip(table["unit"], table["people"], strict=True)) == {
        "": 80.0,
        "A镇": 100.0,
        "B乡": 20.0,
    }


def test_class_coverage_in_the_order_of_the_demand_classes() -> None:
    demand = _demand().assign(covered_5=[True, False, False, False])
    demand["covered_15"] = [True, True, False, True]
    by_class = class_coverage(coverage_table(demand, [5, 15]))
    assert by_class.columns.tolist() == ["class", "minutes", "total", "covered", "share"]
    assert by_class["class"].tolist() == [
        "residential",
        "residential",
        "industrial",
        "industrial",
        "relocation",
        "relocation",
    ]
    assert by_class["covered"].tolist() == [100.0, 150.0, 0.0, 20.0, 0.0, 0.0]
    assert by_class["share"].tolist() == [100 / 150, 1.0, 0.0, 1.0, 0.0, 0.0]


def test_unit_coverage_is_wide_with_polygons_and_leaves_unnamed_units_out() -> None:
    demand = _demand().assign(covered_5=[True, False, False, False])
    demand["covered_15"] = [True, True, False, True]
    demand.loc[3, "community"] = None
    square = shapely.box(0, 0, 1, 1)
    admin = gpd.GeoDataFrame(
        {"level": ["township", "community"], "name": ["A镇", "一村"], "township": [None, "A镇"]},
        geometry=[square, square],
        crs="EPSG:4326",
    )
    units = unit_coverage(coverage_table(demand, [5, 15]), admin, [5, 15])
    assert units.columns.tolist() == [
        "level",
        "name",
        "township",
        "people",
        "covered_5",
        "share_5",
        "covered_15",
        "share_15",
        "geometry",
    ]
    rows = pd.DataFrame(units.drop(columns="geometry"))
    assert rows[["level", "name", "township"]].values.tolist() == [
        ["township", "A镇", None],
        ["township", "B乡", None],
        ["community", "一村", "A镇"],
        ["community", "三村", "B乡"],
        ["community", "二村", "A镇"],
    ]
    assert rows["people"].tolist() == [150.0, 50.0, 100.0, 30.0, 50.0]
    assert rows["share_15"].tolist() == [1.0, 0.4, 1.0, 0.0, 1.0]
    assert units.geometry.notna().tolist() == [True, False, True, False, False]
