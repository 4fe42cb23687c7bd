"""Coverage page: key groups (60+, registered unemployed, migrant workers, graduates) and equity.

The planner uploads a table or layer of key groups per township/street or
community (:mod:`servicecircle.demand.key_groups`); the library spreads them
to the demand units and gives each group's coverage, staff per 10,000 and
three-way split, the coverage gap between groups and the Gini coefficient of
staff per 10,000 across communities
(:func:`~servicecircle.coverage.groups.group_coverage`). Read and computed
once per file, coverage and band weights through :mod:`app_pages._cache`.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from app_pages import _cache, _tables, _widgets
from app_pages._labels import as_text, tr
from servicecircle.coverage import Coverage
from servicecircle.coverage.access_run import SPLIT_COLUMNS, Accessibility
from servicecircle.coverage.groups import GroupCoverage
from servicecircle.coverage.settings import break_key

UPLOAD_KEY = "staffing.groups_upload"
SUFFIXES = ["csv", "txt", "tsv", "xlsx", "geojson", "json", "gpkg", "zip"]


def _group_label(group: str) -> str:
    return tr(f"key_group.{group}")


def _share_columns(result: GroupCoverage) -> dict[str, str]:
    """``share_<b>`` and ``share_standard`` -> their column names."""
    named = {
        f"share_{break_key(b)}": tr("coverage.share_col", minutes=f"{b:g}") for b in result.breaks
    }
    named["share_standard"] = tr("coverage.standard")
    return named


def totals_frame(result: GroupCoverage) -> pd.DataFrame:
    """One row per group (everyone first): people, shares covered, gap, staff per 10,000, split."""
    totals = result.totals()
    frame = pd.DataFrame(
        {
            tr("staffing.groups.group"): [_group_label(g) for g in totals["group"]],
            tr("common.people"): totals["people"].round(0).astype(int).to_numpy(),
        }
    )
    for column, name in _share_columns(result).items():
        frame[name] = totals[column].astype(float).fillna(0.0).to_numpy()
    frame[tr("staffing.groups.gap")] = (
        totals["gap_standard"].astype(float).fillna(0.0).round(1).to_numpy()
    )
    for column, key in (
        ("staff_per_10k", "staffing.per10k"),
        ("staff_per_10k_e2sfca", "staffing.per10k_e2sfca"),
    ):
        frame[tr(key)] = totals[column].astype(float).fillna(0.0).round(1).to_numpy()
    for kind in SPLIT_COLUMNS:
        frame[tr(f"staffing.split.{kind}")] = totals[kind].round(0).astype(int).to_numpy()
    return frame


def units_frame(result: GroupCoverage, group: str) -> pd.DataFrame:
    """Each township/street and community: the group's people, share covered, staff per 10,000."""
    keys = ["level", "township", "unit"]
    cover = result.coverage
    cover = cover[(cover["group"] == group) & cover["minutes"].isna() & (cover["level"] != "total")]
    access = result.access
    access = access[(access["group"] == group) & (access["level"] != "total")]
    joined = access.merge(cover[[*keys, "share"]], on=keys, how="left")
    levels = joined["level"].astype(str).tolist()
    return pd.DataFrame(
        {
            tr("staffing.level"): [tr(f"staffing.level.{level}") for level in levels],
            tr("demand.level.township"): [
                (town or tr("staffing.no_unit")) if level == "community" else ""
                for level, town in zip(levels, joined["township"].astype(str), strict=True)
            ],
            tr("field.name"): [
                name or tr("staffing.no_unit") for name in joined["unit"].astype(str)
            ],
            tr("staffing.groups.people"): joined["people"].round(0).astype(int).to_numpy(),
            tr("coverage.standard"): joined["share"].astype(float).fillna(0.0).to_numpy(),
            tr("staffing.per10k"): joined["staff_per_10k"].astype(float).round(1).to_numpy(),
            tr("staffing.split.out_of_reach"): joined["out_of_reach"]
            .round(0)
            .astype(int)
            .to_numpy(),
        }
    )


def _gini_text(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.3f}"


def _equity(result: GroupCoverage) -> None:
    """The widest coverage gap between groups (by the standard) and the Gini of staff per 10,000."""
    equity = result.equity
    widest = equity.widest[equity.widest["minutes"].isna()]
    gap, weighted, unweighted = st.columns(3)
    if len(widest):
        row = widest.iloc[0]
        gap.metric(
            tr("staffing.groups.widest"),
            tr("staffing.groups.points", value=f"{float(row['gap_pp']):.1f}"),
            help=tr(
                "staffing.groups.widest_help",
                high=_group_label(str(row["highest"])),
                low=_group_label(str(row["lowest"])),
            ),
        )
    weighted.metric(tr("staffing.groups.gini_weighted"), _gini_text(equity.gini_weighted))
    unweighted.metric(tr("staffing.groups.gini_unweighted"), _gini_text(equity.gini_unweighted))
    st.caption(
        tr(
            "staffing.groups.gini_help",
            count=equity.gini_areas,
            level=tr(f"staffing.groups.level.{equity.gini_level}"),
        )
    )


def section(
    coverage: Coverage, coverage_key: str, access: Accessibility, weights: list[float]
) -> None:
    """The key-groups block: upload, per-group table, equity summary, per-area table of a group."""
    st.markdown(f"**{tr('staffing.groups')}**")
    st.caption(tr("staffing.groups_intro"))
    upload = _widgets.kept_upload(UPLOAD_KEY, SUFFIXES, help="staffing.groups_upload_help")
    if upload is None:
        return
    result = _cache.group_coverage(upload, coverage, coverage_key, access, weights)
    for note in result.notes:
        st.caption(as_text(note))
    percent = st.column_config.NumberColumn(format="percent")
    _tables.show_table(
        totals_frame(result),
        column_config=dict.fromkeys(_share_columns(result).values(), percent),
        key="staffing.groups_table",
    )
    _equity(result)
    if not result.groups:
        return
    group = _widgets.kept_choice(
        st.selectbox,
        "staffing.groups.chosen",
        list(result.groups),
        default=result.groups[0],
        labels="key_group.",
    )
    _tables.show_table(
        units_frame(result, str(group)),
        column_config={tr("coverage.standard"): percent},
        key="staffing.groups_units",
    )
