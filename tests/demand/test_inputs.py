"""The planner's people counts: '1,200', full-width digits and decimals read; bad cells
refused with the row numbers the planner sees in Excel."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from servicecircle.cli import main
from servicecircle.demand import demand_from_area, people_counts
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message
from servicecircle.inputs.files.read import read_layer
from servicecircle.testing.synthetic import grid_area, to_wgs

HINT = "(row numbers as Excel shows them; the header is row 1)"


def lon_lat(x: float, y: float) -> tuple[float, float]:
    point = to_wgs([shapely.Point(x, y)]).iloc[0]
    return round(point.x, 7), round(point.y, 7)


def write_csv(path, people: list[str | None]) -> str:
    """A demand CSV with one point per value; None writes a blank line instead."""
    lines = ["name,lon,lat,人口"]
    for i, value in enumerate(people):
        if value is None:
            lines.append("")
            continue
        lon, lat = lon_lat(50 + 10 * i, 50)
        lines.append(f'p{i},{lon},{lat},"{value}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def user_people(points: gpd.GeoDataFrame) -> list[float]:
    demand = demand_from_area(grid_area(), user_points=points, user_mode="replace")
    return demand.units["people"].tolist()


@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("1,200", 1200.0),
        ("１２００", 1200.0),  # full-width digits
        ("１，２００", 1200.0),  # full-width comma
        (" 800 ", 800.0),
        ("1 200", 1200.0),
        ("1\u00a0200", 1200.0),  # no-break space, as Excel writes it
        ("12,345,678", 12345678.0),
        ("12.5", 12.5),
        ("０.５", 0.5),
        ("0", 0.0),
    ],
)
def test_counts_planners_write_are_read(tmp_path, cell, people):
    frame = read_layer(write_csv(tmp_path / "d.csv", [cell])).frame
    assert user_people(frame) == [people]


@pytest.mark.parametrize("cell", ["约800", "n/a", "800人", "1,5", "1,2345", "12,00", "1.2.3", "-"])
def test_text_that_is_not_a_count_is_unreadable(cell):
    counts, blank, unreadable = people_counts(pd.Series([cell], dtype=object))
    assert unreadable.tolist() == [True]
    assert blank.tolist() == [False]
    assert np.isnan(counts[0])


def test_bad_cells_are_refused_with_excel_row_numbers(tmp_path):
    # header row 1; rows 2..: good, blank line (row 3), 约800, n/a, -5, good, empty cell
    path = write_csv(tmp_path / "d.csv", ["100", None, "约800", "n/a", "-5", "1,200", ""])
    frame = read_layer(path).frame
    with pytest.raises(InputDataError) as caught:
        user_people(frame)
    message = str(caught.value)
    assert message.startswith("d.csv: the people column '人口' of the demand points has ")
    assert f"text that is not a number in rows 4, 5 {HINT}: '约800', 'n/a'" in message
    assert "negative numbers in row 6: '-5'" in message
    assert "no value in row 8." in message
    assert "Write each count as a number such as 1200" in message


def test_row_numbers_survive_a_selection_of_the_file(tmp_path):
    path = write_csv(tmp_path / "d.csv", ["1", "2", "3", "bad"])
    frame = read_layer(path).frame
    kept = frame[frame["name"] != "p0"].to_crs(frame.crs)
    with pytest.raises(InputDataError, match=r"text that is not a number in row 5 "):
        user_people(kept)


def test_geojson_counts_as_text_and_feature_numbers(tmp_path):
    features = [
        {
            "type": "Feature",
            "properties": {"people": value},
            "geometry": {"type": "Point", "coordinates": list(lon_lat(50, 50 + i))},
        }
        for i, value in enumerate(["1,200", 30, "abc", -2.5])
    ]
    path = tmp_path / "d.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    frame = read_layer(path).frame
    with pytest.raises(InputDataError) as caught:
        user_people(frame)
    message = str(caught.value)
    assert "text that is not a number in feature 3 (features numbered from 1" in message
    assert "negative numbers in feature 4: '-2.5'" in message
    assert user_people(frame.iloc[:2]) == [1200.0, 30.0]


def test_relocation_people_from_text_blank_estimated_bad_refused(tmp_path):
    squares = to_wgs([shapely.box(0, 0, 100, 100), shapely.box(200, 200, 300, 300)])
    layer = gpd.GeoDataFrame({"name": ["A", "B"], "人口": ["1,200", ""]}, geometry=squares)
    demand = demand_from_area(grid_area(), relocation=layer, user_mode="add")
    people = demand.areas.set_index("name")["people"]
    assert people["A"] == pytest.approx(1200)
    # blank: 1 ha × the "elsewhere" profile's 30 people/ha (the synthetic grid lies in Germany)
    assert people["B"] == pytest.approx(1 * 30, rel=1e-3)
    bad = layer.assign(人口=["约800", "5"])
    with pytest.raises(InputDataError, match=r"relocation area has text that is not a number"):
        demand_from_area(grid_area(), relocation=bad)


def test_cli_shows_the_row_numbers_and_keeps_namesakes_apart(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name,lon,lat,人数\na,24.938,60.166,800\n\nb,24.940,60.168,约800\nc,24.948,60.170,-5\n",
        encoding="utf-8",
    )
    code = main(["-q", "analyze", "sample", "--demand", str(bad), "--out", str(tmp_path / "o")])
    assert code == 2
    err = capsys.readouterr().err
    assert (
        "servicecircle: bad.csv: the people column '人数' of the demand points has text that "
        f"is not a number in row 4 {HINT}: '约800', negative numbers in row 5: '-5'."
    ) in err
    assert "Traceback" not in err

    def box(w, s, e, n):
        return [[[w, s], [e, s], [e, n], [w, n], [w, s]]]

    units = [
        (8, "城关镇", box(24.934, 60.1635, 24.944, 60.18)),
        (8, "东镇", box(24.944, 60.1635, 24.9545, 60.18)),
        (10, "新村", box(24.934, 60.1635, 24.944, 60.1715)),
        (10, "新村", box(24.934, 60.1715, 24.944, 60.18)),
        (10, "新村", box(24.944, 60.1635, 24.9545, 60.1715)),
    ]
    boundaries = tmp_path / "units.geojson"
    boundaries.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"admin_level": level, "name": name},
                        "geometry": {"type": "Polygon", "coordinates": ring},
                    }
                    for level, name, ring in units
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    good = tmp_path / "good.csv"
    good.write_text(
        'name,lon,lat,人数\na,24.938,60.166," 800 "\nb,24.950,60.168,"1,200"\n'
        "c,24.940,60.175,１２００\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["-q", "analyze", "sample", "--demand", str(good), "--boundaries", str(boundaries)]
    assert main([*args, "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["by_class"]["user"]["total"]["15"] == pytest.approx(3200)
    communities = {
        (u["township"], u["name"]) for u in summary["units"] if u["level"] == "community"
    }
    assert communities == {("城关镇", "新村"), ("城关镇", "新村 (2)"), ("东镇", "新村")}
    notes = [str(Message.from_json(n)) for n in summary["assumptions"]["demand"]["notes"]]
    assert any("in 城关镇 are named '新村'" in note for note in notes)
    layer = gpd.read_file(out / "analysis.gpkg", layer="units")
    assert layer.geometry.notna().all() and len(layer) == 5
