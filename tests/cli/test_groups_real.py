"""Key groups on the Liechtenstein extract (skips when the shared data is absent)."""

from __future__ import annotations

import itertools
import json

import pytest

from servicecircle.cli import main

MUNICIPALITIES = {
    "Balzers": 1900,
    "Eschen": 1300,
    "Gamprin": 250,
    "Mauren": 1000,
    "Planken": 200,
    "Ruggell": 700,
    "Schaan": 1600,
    "Schellenberg": 220,
    "Triesen": 1200,
    "Triesenberg": 650,
    "Vaduz": 300,
}


def _mad_gini(values, weights):
    pairs = itertools.product(zip(values, weights, strict=True), repeat=2)
    total = sum(wi * wj * abs(xi - xj) for (xi, wi), (xj, wj) in pairs)
    mean = sum(w * x for x, w in zip(values, weights, strict=True)) / sum(weights)
    return total / (2 * sum(weights) ** 2 * mean)


def test_key_groups_by_municipality_on_liechtenstein(liechtenstein_pbf, tmp_path):
    path = tmp_path / "groups.csv"
    lines = ["township,residents aged 60+,registered unemployed share"]
    lines += [f"{name},{count},0.03" for name, count in MUNICIPALITIES.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["-q", "analyze", str(liechtenstein_pbf), "--outlets", "osm", "--no-sensitivity"]
    assert main([*args, "--out", str(out), "--groups", str(path)]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    record = summary["groups"]
    rows = {row["group"]: row for row in record["groups"]}
    assert rows["aged_60_plus"]["people"] == pytest.approx(sum(MUNICIPALITIES.values()), abs=0.01)
    towns = [u for u in summary["accessibility"]["units"] if u["level"] == "township"]
    towns = [u for u in towns if u["unit"] and u["people"] > 0]
    # 3 % of the residents of the municipalities (some live outside every one in the extract)
    named = sum(u["people"] for u in towns)
    assert named < rows["everyone"]["people"]
    assert rows["registered_unemployed"]["people"] == pytest.approx(0.03 * named, rel=1e-5)
    for row in rows.values():
        parts = row["served"] + row["over_capacity"] + row["out_of_reach"]
        assert parts == pytest.approx(row["people"], abs=0.01)
    # a share of every unit's residents is covered as everyone in its municipality is
    areas = {(a["group"], a["unit"]): a["shares"] for a in record["areas"]}
    for town in MUNICIPALITIES:
        mine, everyone = areas["registered_unemployed", town], areas["everyone", town]
        assert mine == pytest.approx(everyone, abs=2e-6)
    # no communities in the extract: the Gini is taken across the municipalities
    assert record["gini_level"] == "township"
    assert record["gini_areas"] == len(towns) == 11
    values = [u["staff_per_10k"] for u in towns]
    weighted = _mad_gini(values, [u["people"] for u in towns])
    assert record["gini_weighted"] == pytest.approx(weighted, abs=2e-6)
    assert record["gini_unweighted"] == pytest.approx(_mad_gini(values, [1] * 11), abs=2e-6)
