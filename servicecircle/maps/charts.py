"""Static charts with matplotlib: the coverage curve and the covered share by area type.

Colours are :mod:`servicecircle.maps.style`; fonts and figures come from
:mod:`servicecircle.maps.static_frame` (no pyplot, safe in a web app).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from servicecircle.i18n import t
from servicecircle.i18n.labels import class_label
from servicecircle.maps.static_frame import apply_fonts, new_figure
from servicecircle.maps.style import COVERED, CURVE_COLOR


def _mark_targets(
    ax: Any,
    n: np.ndarray,
    percent: np.ndarray,
    levels: Sequence[float],
    *,
    span: float,
    lang: str,
) -> None:
    """Dotted target lines labelled beside the axes; the first number of outlets reaching each."""
    for k, level in enumerate(levels):
        crowded = k + 1 < len(levels) and levels[k + 1] - level < 0.05 * span
        ax.axhline(level, color="#999999", linestyle=":", linewidth=1, zorder=1)
        ax.text(
            1.01,
            level,
            t("chart.target", lang, share=f"{level:g}%") + " ",
            transform=ax.get_yaxis_transform(),
            va="top" if crowded else "bottom",
            ha="left",
            fontsize=8,
            color="#555555",
        )
        reached = np.nonzero(percent >= level - 1e-9)[0]
        if len(reached) and reached[0] > 0:
            i = int(reached[0])
            ax.annotate(
                t("chart.reached", lang, n=int(n[i])),
                (n[i], percent[i]),
                xytext=(0, 9),
                textcoords="offset points",
                ha="center",
                fontsize=8,
                fontweight="bold",
                color=CURVE_COLOR,
            )


def curve_axis_end(n_new: np.ndarray) -> float:
    """The right end of the curve's x axis: the most new outlets on the curve, at least 1.

    >>> curve_axis_end(np.array([0.0])), curve_axis_end(np.arange(201.0))
    (1.0, 200.0)
    """
    finite = n_new[np.isfinite(n_new)]
    return max(float(finite.max()) if len(finite) else 0.0, 1.0)


def coverage_curve_chart(
    curve: pd.DataFrame | Sequence[Mapping[str, Any]],
    *,
    targets: Sequence[float] = (0.85, 0.95, 0.99),
    lang: str = "zh",
    title: str | None = None,
) -> Figure:
    """Chart of the share of people covered against the number of new outlets.

    Parameters
    ----------
    curve
        Rows with ``n_new`` and ``share`` (0..1; values above 1.5 are read as
        percent).
    targets
        Horizontal reference lines (shares); the first ``n_new`` reaching each
        is marked.

    The x axis runs from 0 to the most new outlets on the curve (at least 1)
    with whole-number ticks; the y axis from 0 % to 100 %.
    """
    table = pd.DataFrame(list(curve) if not isinstance(curve, pd.DataFrame) else curve)
    fig, ax = new_figure((7.5, 4.2))
    if not table.empty and {"n_new", "share"} <= set(table.columns):
        table = table.sort_values("n_new")
        n = pd.to_numeric(table["n_new"]).to_numpy(dtype=float)
        share = pd.to_numeric(table["share"]).to_numpy(dtype=float)
        percent = share if np.nanmax(share) > 1.5 else share * 100.0
        ax.plot(
            n,
            percent,
            marker="o" if len(n) <= 60 else "",
            color=CURVE_COLOR,
            linewidth=2,
            markersize=4,
            zorder=3,
            clip_on=False,
        )
        right = curve_axis_end(n)
        levels = sorted(target * 100.0 for target in targets)
        _mark_targets(ax, n, percent, levels, span=100.0, lang=lang)
        if len(n) <= 15:
            for x, y in zip(n, percent, strict=True):
                ax.annotate(
                    f"{y:.1f}%",
                    (x, y),
                    xytext=(0, 7) if y < 8.0 else (0, -13),
                    textcoords="offset points",
                    ha="left" if x == 0 else ("right" if x >= right else "center"),
                    fontsize=7.5,
                    color=CURVE_COLOR,
                )
        ax.set_xlim(0.0, right)
    ax.set_ylim(0.0, 100.0)
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=100.0, decimals=0))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True, min_n_ticks=1))
    ax.set_xlabel(t("chart.x", lang))
    ax.set_ylabel(t("chart.y", lang))
    ax.grid(True, color="#eeeeee")
    ax.set_title(title or t("chart.curve_title", lang), fontsize=12)
    apply_fonts(fig)
    return fig


def class_bar_chart(
    by_class: Mapping[str, Mapping[str, Mapping[str, float]]],
    *,
    minutes: float,
    lang: str = "zh",
) -> Figure:
    """Horizontal bars of the covered share by area type at ``minutes``."""
    key = f"{minutes:g}"
    labels, shares = [], []
    for name, row in by_class.items():
        total = float((row.get("total") or {}).get(key, 0) or 0)
        covered = float((row.get("covered") or {}).get(key, 0) or 0)
        labels.append(class_label(name, lang))
        shares.append(100.0 * covered / total if total > 0 else 0.0)
    fig, ax = new_figure((7.0, 0.5 + 0.45 * max(len(labels), 1)))
    ax.barh(labels, shares, color=COVERED.color)
    ax.set_xlim(0, 100)
    ax.set_xlabel(t("chart.y", lang))
    apply_fonts(fig)
    return fig
