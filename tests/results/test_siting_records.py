"""siting.json written before sites had a place, gains and a candidates count still reads."""

from __future__ import annotations

import json
from typing import Any

import pytest

from servicecircle.results.folder import read_siting_summary
from servicecircle.results.schema import SCHEMA_VERSION, SitingSummary

#: A siting.json as the version before site facts wrote it (no place, gains or counts).
OLD: dict[str, Any] = {
    "schema_version": 2,
    "model": "mclp",
    "solver_model": "mclp",
    "method": "heuristic",
    "status": "time_limit",
    "objective": 900.0,
    "bound": 923.0,
    "gap": 0.0256,
    "sense": "max",
    "seconds": 10.2,
    "request": {
        "new": 2,
        "target": None,
        "new_types": ["community_window"],
        "must_cover": [],
        "capacity": None,
        "class_weights": {},
        "time_limit": 10.0,
        "seed": 0,
    },
    "chosen": [
        {
            "rank": 1,
            "name": "花径路",
            "type": "community_window",
            "source": "auto",
            "lon": 118.8,
            "lat": 32.05,
            "newly_covered": 759.3,
            "cumulative_share": 0.92,
            "gaps": [1],
            "must_cover": [],
            "reasons": "newly covers 759 people; serves gap #1",
        }
    ],
    "curve": [
        {"n_new": 0, "covered": 800.0, "share": 0.8},
        {"n_new": 1, "covered": 920.0, "share": 0.92},
    ],
    "coverage_before": {"residential": {"total": 1000.0, "covered": 800.0, "share": 0.8}},
    "coverage_after": {"residential": {"total": 1000.0, "covered": 920.0, "share": 0.92}},
    "share_before": 0.8,
    "share_after": 0.92,
    "mean_minutes": 6.1,
    "people_beyond_cutoff": 80.0,
    "uncoverable_must_cover": 0,
    "by_unit": [],
    "notes": [],
}


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_siting_json_reads_with_no_site_facts(tmp_path, version) -> None:
    (tmp_path / "siting.json").write_text(
        json.dumps({**OLD, "schema_version": version}), encoding="utf-8"
    )
    siting = read_siting_summary(tmp_path)
    assert siting is not None
    assert siting.n_candidates is None and siting.dropped == 0
    site = siting.chosen[0]
    assert (site.township, site.community, site.road) == (None, None, None)
    assert site.newly_by_break == {} and site.newly_by_community == ()
    assert site.newly_covered == pytest.approx(759.3)


def test_site_facts_are_written_and_read_back() -> None:
    site = {
        **OLD["chosen"][0],
        "township": "玄武门街道",
        "community": "花园社区",
        "road": "花径路",
        "road_m": 40.0,
        "newly_by_break": {"5": 300.0, "15": 759.3},
        "newly_by_class": {"residential": 759.3},
        "newly_by_community": [
            {"township": "玄武门街道", "community": "花园社区", "people": 759.3}
        ],
    }
    siting = SitingSummary.from_json({**OLD, "chosen": [site], "n_candidates": 120, "dropped": 1})
    again = SitingSummary.from_json(json.loads(json.dumps(siting.to_json())))
    assert again == siting
    assert again.to_json()["schema_version"] == SCHEMA_VERSION
    assert again.n_candidates == 120 and again.dropped == 1
    assert again.chosen[0].newly_by_community[0].community == "花园社区"
