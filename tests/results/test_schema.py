"""The results schema: JSON in and out, versions, and the messages a damaged file gives."""

from __future__ import annotations

from typing import Any

import pytest

from servicecircle.results._codec import SchemaError, json_ready
from servicecircle.results.demand_records import DemandAssumptions
from servicecircle.results.schema import (
    SCHEMA_VERSION,
    ChosenSite,
    CoverageSummary,
    OffNetwork,
    SchemaVersionError,
    SitingRequestSummary,
    SitingSummary,
)

SITE: dict[str, Any] = {
    "rank": 1,
    "name": "auto site 21",
    "type": "community_window",
    "source": "auto",
    "lon": 24.948566,
    "lat": 60.177058,
    "newly_covered": 759.335822,
    "cumulative_share": 0.924956,
    "gaps": [1, 5],
    "must_cover": [],
    "reasons": "newly covers 759 people; serves gap #1, #5",
    "township": "东山街道",
    "community": "东湖社区",
    "road": "北环路",
    "road_m": 12.5,
    "newly_by_break": {"5": 410.0, "15": 759.335822},
    "newly_by_class": {"residential": 700.0, "industrial": 59.335822},
    "newly_by_community": [
        {"township": "东山街道", "community": "东湖社区", "people": 759.335822},
    ],
}
#: A chosen site as written before sites had a place and gains by class and community.
OLD_SITE: dict[str, Any] = {
    k: v for k, v in SITE.items() if k in list(SITE)[: list(SITE).index("township")]
}


def test_a_record_reads_and_writes_the_same_json() -> None:
    site = ChosenSite.from_json(SITE)
    assert site.gaps == (1, 5) and site.must_cover == ()
    assert site.to_json() == SITE
    assert site.newly_by_community[0].community == "东湖社区"
    assert sum(site.newly_by_class.values()) == pytest.approx(site.newly_covered)


def test_a_site_written_before_site_facts_reads_with_no_place_and_no_gains() -> None:
    site = ChosenSite.from_json(OLD_SITE)
    assert (site.township, site.community, site.road, site.road_m) == (None, None, None, None)
    assert site.newly_by_class == {} and site.newly_by_community == ()
    assert site.newly_covered == pytest.approx(759.335822)


def test_class_is_written_as_class_and_unknown_keys_are_ignored() -> None:
    off = OffNetwork.from_json(
        {
            "people": 5.0,
            "units": 1,
            "limit_m": 500,
            "places": [
                {
                    "people": 5.0,
                    "class": "residential",
                    "road_m": 812.0,
                    "township": None,
                    "community": None,
                    "lon": 1.0,
                    "lat": 2.0,
                    "later_key": "ignored",
                }
            ],
        }
    )
    assert off.places[0].class_ == "residential"
    assert off.limit_m == 500.0 and isinstance(off.limit_m, float)
    assert off.to_json()["places"][0]["class"] == "residential"  # type: ignore[index,call-overload]
    assert "later_key" not in off.to_json()["places"][0]  # type: ignore[index,operator]


def test_a_request_for_new_outlets_by_type_keeps_the_mapping() -> None:
    values = {
        "new": {"community_window": 2, "gig_market": 1},
        "target": None,
        "new_types": ["community_window"],
        "must_cover": ["relocation"],
        "capacity": 5000,
        "class_weights": {},
        "time_limit": 10.0,
        "seed": 1,
    }
    request = SitingRequestSummary.from_json(values)
    assert request.new == {"community_window": 2, "gig_market": 1}
    assert SitingRequestSummary.from_json({**values, "new": 3}).new == 3


def test_the_census_audit_is_typed_and_the_other_demand_parameters_kept_in_order() -> None:
    values = {
        "profile": "china_town",
        "census_audit": [
            {
                "level": "township",
                "township": "东城街道",
                "community": None,
                "census_name": "东城街道",
                "where": "census.csv row 2",
                "estimate": 10.0,
                "census": 20.0,
                "ratio": 2.0,
                "factor": 2.0,
                "status": "scaled",
            }
        ],
        "m2_per_person": 33.0,
    }
    demand = DemandAssumptions.from_json(values)
    assert list(demand.parameters) == ["profile", "m2_per_person"]
    assert demand.census_audit is not None and demand.census_audit[0].ratio == 2.0
    assert demand.to_json() == {**values}


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"gaps": "1,5"}, "gaps is '1,5', not a list"),
        ({"rank": True}, "rank is True, not a number"),
        ({"lon": None}, "lon is None, not a number"),
        ({"gaps": [1, "x"]}, "gaps[1] is 'x', not a number"),
    ],
)
def test_a_value_of_the_wrong_kind_is_named(change: dict[str, Any], said: str) -> None:
    with pytest.raises(SchemaError, match=r"^" + said.replace("[", r"\[").replace("]", r"\]")):
        ChosenSite.from_json({**SITE, **change})


def test_missing_keys_are_listed_together() -> None:
    with pytest.raises(SchemaError, match="^rank, name missing$"):
        ChosenSite.from_json({k: v for k, v in SITE.items() if k not in ("rank", "name")})


@pytest.mark.parametrize("found", [None, 0, SCHEMA_VERSION + 1, "1", True])
def test_a_file_of_another_version_is_refused(found: object) -> None:
    data: dict[str, Any] = {} if found is None else {"schema_version": found}
    for record in (CoverageSummary, SitingSummary):
        with pytest.raises(SchemaVersionError, match="version of servicecircle") as caught:
            record.from_json(data)
        assert caught.value.found == found
    older = "an older" if found is None or found == 0 else "another"
    assert older in str(caught.value)


def test_json_ready_turns_numpy_and_nan_into_plain_json() -> None:
    import numpy as np

    assert json_ready({"a": np.int64(3), "b": (np.float64("nan"), np.bool_(True))}) == {
        "a": 3,
        "b": [None, True],
    }
