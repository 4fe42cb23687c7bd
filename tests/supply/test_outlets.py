"""``--outlets osm``: today's outlets from OSM premises, and a clear message when there are none."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import shapely

from servicecircle.cli import main
from servicecircle.errors import InputDataError
from servicecircle.supply.outlets import outlets_from_osm
from servicecircle.testing.synthetic import grid_area, points_at, to_wgs
from tests.inputs.test_premises import write_osm_xml

NANJING = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "nanjing-xuanwu.osm.xml"


def _area_with(rows, extent=None):
    """A grid area whose premises are rows of (x, y, kind, name, outlet_type, basis)."""
    area = grid_area(n=6)
    premises = points_at(
        [(x, y) for x, y, *_ in rows],
        osm_id=np.arange(len(rows), dtype=np.int64) + 1,
        kind=[r[2] for r in rows],
        name=[r[3] for r in rows],
        outlet_type=[r[4] for r in rows],
        basis=[r[5] for r in rows],
    )
    premises = premises[["osm_id", "kind", "name", "outlet_type", "basis", "geometry"]]
    return replace(area, premises=premises, extent=extent if extent is not None else area.extent)


def test_outlets_are_employment_services_centres_and_townhalls_inside_the_area():
    extent = to_wgs([shapely.box(-10, -10, 300, 510)]).iloc[0]
    area = _area_with(
        [
            (100, 100, "gig_market", "玄武区零工市场", "gig_market", "name contains 零工市场"),
            (
                150,
                100,
                "employment_service",
                "红山街道就业驿站",
                "employment_post",
                "name contains 就业驿站",
            ),
            (
                200,
                100,
                "community_centre",
                "活动室",
                "community_window",
                "amenity=community_centre",
            ),
            (
                250,
                100,
                "community_service",
                "党群服务中心",
                "community_window",
                "name contains 党群服务",
            ),
            (
                450,
                100,
                "employment_service",
                "外区人社局",
                "community_window",
                "name contains 人社",
            ),
        ],
        extent=extent,
    )
    outlets = outlets_from_osm(area)
    assert outlets["name"].tolist() == ["玄武区零工市场", "红山街道就业驿站", "活动室"]
    assert outlets["outlet_type"].tolist() == ["gig_market", "employment_post", "community_window"]
    assert outlets["source"].tolist() == [
        "osm:gig_market",
        "osm:employment_service",
        "osm:community_centre",
    ]
    assert outlets["basis"].iloc[0] == "name contains 零工市场"


def test_no_outlets_found_says_what_was_searched_and_what_to_do():
    area = _area_with(
        [
            (
                250,
                100,
                "community_service",
                "党群服务中心",
                "community_window",
                "name contains 党群服务",
            )
        ]
    )
    with pytest.raises(InputDataError) as caught:
        outlets_from_osm(area)
    message = str(caught.value)
    for part in ("no existing employment service outlets", "amenity=community_centre", "人社"):
        assert part in message
    for part in ("零工市场", "name:zh", "--outlets FILE", "place them on the map"):
        assert part in message


def test_cli_says_none_found_before_estimating_demand(tmp_path, capsys, monkeypatch):
    import servicecircle.demand

    def never(*args, **kwargs):
        raise AssertionError("the demand estimate ran before the outlets were checked")

    monkeypatch.setattr(servicecircle.demand, "demand_from_area", never)
    path = tmp_path / "no-outlets.osm"
    text = write_osm_xml(path).read_text(encoding="utf-8")
    # keep the candidates, drop what would be outlets
    for word in ("人力资源和社会保障局", "劳动保障服务站", "零工市场"):
        text = text.replace(word, "小区")
    for tag in ('v="community_centre"', 'v="townhall"'):
        text = text.replace(tag, 'v="library"')
    path.write_text(text, encoding="utf-8")
    code = main(["-q", "analyze", str(path), "--outlets", "osm", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert "no existing employment service outlets in no-outlets:" in err  # the area by its name
    assert "零工市场" in err and "名称" in err  # the words searched, the columns to give
    assert "--outlets FILE" in err
    assert not (tmp_path / "out" / "summary.json").exists()


@pytest.mark.skipif(not NANJING.is_file(), reason="shared Nanjing extract not present")
def test_nanjing_outlets_and_candidates():
    from servicecircle.inputs import study_area_from
    from servicecircle.supply.candidates import candidates_from_osm

    area = study_area_from(NANJING)
    outlets = outlets_from_osm(area)
    # the extract tags two district governments amenity=townhall and names no
    # employment service, community service centre or committee
    assert sorted(outlets["name"]) == ["玄武区人民政府", "秦淮区政府"]
    candidates = candidates_from_osm(area)
    assert sorted(candidates["kind"]) == [
        "marketplace",
        "marketplace",
        "public_building",
        "townhall",
        "townhall",
    ]
    names = set(area.premises["name"].dropna())
    assert not names & {"苏果社区店", "中国银行", "南京市规划和自然资源局"}
