"""Two communities called 新村, one in 东街道 and one in 西镇: data for the namesake tests.

Demand units: 新村 in 东街道 (two units: 100 and 40 people), 新村 in 西镇 (300
people) and 老街 in 东街道 (60 people). At 15 minutes (and at the service
standard) 100 + 300 people are covered. ``BY_UNIT`` is ``siting.json``'s
``by_unit`` as planning writes it for a plan that covers 40 more people in
东街道's 新村 and 20 more in 老街: each community names its township.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

DEMAND = pd.DataFrame(
    {
        "township": ["东街道", "东街道", "西镇", "东街道"],
        "community": ["新村", "新村", "新村", "老街"],
        "people": [100.0, 40.0, 300.0, 60.0],
        "minutes_to_nearest": [5.0, 20.0, 10.0, 30.0],
        "covered": [True, False, True, False],
    }
)

BY_UNIT: list[dict[str, Any]] = [
    {"level": "township", "name": "东街道", "township": None, "people": 200.0,
     "covered_before": 100.0, "covered_after": 160.0},
    {"level": "township", "name": "西镇", "township": None, "people": 300.0,
     "covered_before": 300.0, "covered_after": 300.0},
    {"level": "community", "name": "新村", "township": "东街道", "people": 140.0,
     "covered_before": 100.0, "covered_after": 140.0},
    {"level": "community", "name": "新村", "township": "西镇", "people": 300.0,
     "covered_before": 300.0, "covered_after": 300.0},
    {"level": "community", "name": "老街", "township": "东街道", "people": 60.0,
     "covered_before": 0.0, "covered_after": 20.0},
]  # fmt: skip


def without_townships(by_unit: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``by_unit`` as outputs written before it named the township."""
    return [{k: v for k, v in unit.items() if k != "township"} for unit in by_unit]
