"""The coverage curve's axes: 0 to the number of new outlets in whole numbers, 0-100 %."""

from __future__ import annotations

import numpy as np
import pytest

from servicecircle.maps.charts import coverage_curve_chart


def _curve(points: int) -> list[dict[str, float]]:
    n = np.arange(points)
    share = 0.6 + 0.4 * (1.0 - np.exp(-n / max(points / 4.0, 1.0)))
    return [{"n_new": int(k), "share": float(s)} for k, s in zip(n, share, strict=True)]


@pytest.mark.parametrize("points", [1, 2, 4, 200])
def test_the_x_axis_runs_from_zero_to_the_outlets_with_whole_ticks(points: int) -> None:
    ax = coverage_curve_chart(_curve(points), lang="en").axes[0]
    left, right = ax.get_xlim()
    assert left == 0.0
    assert right == max(points - 1, 1)
    ticks = [tick for tick in ax.get_xticks() if left <= tick <= right]
    assert ticks and all(float(tick).is_integer() for tick in ticks)
    assert 2 <= len(ticks) <= 11
    assert ax.get_ylim() == (0.0, 100.0)
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert "100%" in labels and "0%" in labels


def test_shares_given_in_percent_are_drawn_as_they_are() -> None:
    ax = coverage_curve_chart([{"n_new": 0, "share": 55.0}, {"n_new": 1, "share": 80.0}]).axes[0]
    line = ax.get_lines()[0]
    assert list(line.get_ydata()) == [55.0, 80.0]
    assert ax.get_xlim() == (0.0, 1.0)
