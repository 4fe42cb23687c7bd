"""The coverage page's section on staffing: staff per 10,000, loads, the split, tiers and grades.

For today's outlets (their staff: the file's count, else their type's
standard from the outlet-types table of the outlets page), the library's
:func:`~servicecircle.coverage.access_run.accessibility_from` gives staff per
10,000 residents within reach (2SFCA, and E2SFCA with the band weights the
planner sets here), each outlet's load and the three-way split of people;
:func:`~servicecircle.coverage.tiers.tier_coverage` gives the coverage by
tier and the A-E grade of each township/street. Both are computed once per
coverage (and weights) through :mod:`app_pages._cache`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app_pages import _cache, _tables, _widgets, groups_view, units_view
from app_pages._labels import tr
from servicecircle.coverage import Coverage
from servicecircle.coverage.access_run import SPLIT_COLUMNS, Accessibility
from servicecircle.coverage.accessibility import DecayBands
from servicecircle.coverage.tiers import TierCoverage
from servicecircle.inputs.area import StudyArea

WEIGHT_KEY = "staffing.weight"
"""Key prefix of the band-weight sliders (``staffing.weight.0`` is the nearest band)."""

SPLIT_COLORS = {"served": "#2e7d32", "over_capacity": "#f9a825", "out_of_reach": "#c62828"}
"""The split's colours: served within capacity, over capacity, out of reach."""


def band_weights() -> list[float]:
    """The E2SFCA band weights the planner set (the library's defaults at first), nearest first."""
    defaults = DecayBands().weights
    count = len(defaults)
    with st.expander(tr("staffing.bands"), expanded=False):
        st.caption(tr("staffing.bands_help", count=count))
        columns = st.columns(count)
        weights = []
        for k, (column, default) in enumerate(zip(columns, defaults, strict=True)):
            with column:
                label = tr(
                    "staffing.band", n=k + 1, low=f"{k / count:.0%}", high=f"{(k + 1) / count:.0%}"
                )
                value = _widgets.kept(
                    st.slider,
                    label,
                    key=f"{WEIGHT_KEY}.{k}",
                    default=float(default),
                    min_value=0.0,
                    max_value=1.0,
                    step=0.01,
                )
            weights.append(float(value))
    return weights


def computed(
    area: StudyArea, coverage: Coverage, key: str, weights: list[float]
) -> tuple[Accessibility, TierCoverage]:
    """The accessibility and the tier coverage of ``coverage`` (cached), with a progress bar."""
    bar, update = _widgets.progress_bar(tr("staffing.computing"))
    update(0.0, tr("staffing.step_access"))
    access = _cache.accessibility(area, coverage, key, weights)
    update(0.6, tr("staffing.step_tiers"))
    tiers = _cache.tiers(area, coverage, key)
    bar.empty()
    return access, tiers


def _per10k(value: float) -> float:
    return round(float(value), 1)


def _totals(access: Accessibility) -> None:
    """Staff per 10,000 of the whole area, the staff and what they can serve."""
    total = access.by_unit[access.by_unit["level"] == "total"].iloc[0]
    plain, enhanced, staff, capacity = st.columns(4)
    plain.metric(tr("staffing.per10k"), f"{_per10k(total['staff_per_10k']):.1f}")
    enhanced.metric(tr("staffing.per10k_e2sfca"), f"{_per10k(total['staff_per_10k_e2sfca']):.1f}")
    staff.metric(tr("staffing.staff_total"), f"{float(access.outlets['staff'].sum()):,.0f}")
    capacity.metric(
        tr("staffing.capacity_total"),
        tr("staffing.metric_people", people=f"{float(access.outlets['capacity'].sum()):,.0f}"),
    )


def split_frame(access: Accessibility) -> pd.DataFrame:
    """The three-way split of the whole area: ``kind`` (key), ``label``, ``people``, ``share``."""
    total = access.by_unit[access.by_unit["level"] == "total"].iloc[0]
    people = float(total["people"])
    return pd.DataFrame(
        {
            "kind": list(SPLIT_COLUMNS),
            "label": [tr(f"staffing.split.{kind}") for kind in SPLIT_COLUMNS],
            "people": [round(float(total[kind])) for kind in SPLIT_COLUMNS],
            "share": [float(total[kind]) / people if people else 0.0 for kind in SPLIT_COLUMNS],
        }
    )


def _split(access: Accessibility) -> None:
    """The split as three numbers and a bar chart."""
    st.markdown(f"**{tr('staffing.split')}**")
    st.caption(tr("staffing.split_help"))
    frame = split_frame(access)
    for column, row in zip(st.columns(len(frame)), frame.itertuples(), strict=True):
        column.metric(
            str(row.label),
            tr("staffing.metric_people", people=f"{row.people:,}"),
            help=tr("staffing.split_share", share=f"{row.share:.1%}"),
        )
    kind, people = tr("staffing.split_kind"), tr("common.people")
    chart = (
        alt.Chart(frame[["label", "people", "share"]])
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=kind, sort=list(frame["label"])),
            x=alt.X("people:Q", title=people),
            color=alt.Color(
                "label:N",
                title=kind,
                legend=None,
                scale=alt.Scale(domain=list(frame["label"]), range=list(SPLIT_COLORS.values())),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=kind),
                alt.Tooltip("people:Q", title=people, format=",.0f"),
                alt.Tooltip("share:Q", title=tr("common.share"), format=".1%"),
            ],
        )
        .properties(height=140)
    )
    st.altair_chart(chart, width="stretch")


def unit_frame(access: Accessibility) -> pd.DataFrame:
    """The whole area, each township/street and community: people, staff per 10,000, the split."""
    table = access.by_unit
    levels = table["level"].astype(str)
    names = [
        tr("staffing.whole_area") if level == "total" else name or tr("staffing.no_unit")
        for level, name in zip(levels, table["unit"].astype(str), strict=True)
    ]
    towns = [
        (town or tr("staffing.no_unit")) if level == "community" else ""
        for level, town in zip(levels, table["township"].astype(str), strict=True)
    ]
    frame = pd.DataFrame(
        {
            tr("staffing.level"): [tr(f"staffing.level.{level}") for level in levels],
            tr("demand.level.township"): towns,
            tr("field.name"): names,
            tr("common.people"): table["people"].round(0).astype(int).to_numpy(),
            tr("staffing.per10k"): table["staff_per_10k"].astype(float).round(1).to_numpy(),
            tr("staffing.per10k_e2sfca"): table["staff_per_10k_e2sfca"]
            .astype(float)
            .round(1)
            .to_numpy(),
        }
    )
    for kind in SPLIT_COLUMNS:
        frame[tr(f"staffing.split.{kind}")] = table[kind].round(0).astype(int).to_numpy()
    return frame


def load_frame(access: Accessibility, coverage: Coverage) -> pd.DataFrame:
    """Every outlet, heaviest-loaded first: tier, staff, catchment, load, capacity, served."""
    outlets = access.heaviest(len(access.outlets))
    tiers = coverage.outlets["tier"] if "tier" in coverage.outlets.columns else None
    return pd.DataFrame(
        {
            tr("staffing.outlet"): units_view.names_or_dash(outlets["name"]),
            tr("staffing.tier"): [
                tr(f"tier.{tiers.loc[i]}") if tiers is not None else "—" for i in outlets.index
            ],
            tr("staffing.staff"): outlets["staff"].astype(float).to_numpy(),
            tr("staffing.catchment_minutes"): outlets["catchment_minutes"].astype(float).to_numpy(),
            tr("staffing.catchment_people"): outlets["catchment_people"]
            .round(0)
            .astype(int)
            .to_numpy(),
            tr("staffing.load"): [
                f"{load:,.0f}" if pd.notna(load) else tr("staffing.no_staff")
                for load in outlets["load"]
            ],
            tr("staffing.capacity"): outlets["capacity"].round(0).astype(int).to_numpy(),
            tr("staffing.served"): outlets["served"].round(0).astype(int).to_numpy(),
            tr("staffing.utilisation"): [
                f"{share:.0%}" if pd.notna(share) else "—" for share in outlets["utilisation"]
            ],
        }
    )


def tier_frame(tiers: TierCoverage) -> pd.DataFrame:
    """People covered at each tier by its own outlets, in the whole area."""
    totals = tiers.totals
    return pd.DataFrame(
        {
            tr("staffing.tier"): [tr(f"tier.{tier}") for tier in totals["tier"]],
            tr("staffing.tier_outlets"): totals["outlets"].astype(int).to_numpy(),
            tr("staffing.tier_covered"): totals["covered"].round(0).astype(int).to_numpy(),
            tr("staffing.tier_share"): totals["share"].astype(float).to_numpy(),
        }
    )


def grade_frame(tiers: TierCoverage) -> pd.DataFrame:
    """Each township/street: people, the share covered at each graded tier, the grade."""
    towns = tiers.townships
    frame = pd.DataFrame(
        {
            tr("demand.level.township"): [
                name or tr("staffing.no_unit") for name in towns["township"]
            ],
            tr("common.people"): towns["people"].round(0).astype(int).to_numpy(),
        }
    )
    for tier in tiers.graded_tiers:
        column = tr("staffing.tier_share_of", tier=tr(f"tier.{tier}"))
        frame[column] = towns[f"share_{tier}"].astype(float).to_numpy()
    frame[tr("staffing.grade")] = towns["grade"].astype(str).to_numpy()
    return frame


def _tier_tables(tiers: TierCoverage) -> None:
    percent = st.column_config.NumberColumn(format="percent")
    st.markdown(f"**{tr('staffing.tiers')}**")
    st.caption(tr("staffing.tiers_help"))
    _tables.show_table(tier_frame(tiers), column_config={tr("staffing.tier_share"): percent})
    st.markdown(f"**{tr('staffing.grades')}**")
    bands = tr("staffing.sep").join(
        tr("staffing.grade_band", grade=grade, share=f"{floor:.0%}")
        for grade, floor in tiers.bands.items()
        if floor > 0
    )
    st.caption(tr("staffing.grades_help", bands=bands))
    if len(tiers.townships) == 0:
        st.info(tr("staffing.no_townships"))
        return
    frame = grade_frame(tiers)
    shares = [tr("staffing.tier_share_of", tier=tr(f"tier.{t}")) for t in tiers.graded_tiers]
    _tables.show_table(frame, column_config=dict.fromkeys(shares, percent))


def section(area: StudyArea, coverage: Coverage, key: str) -> None:
    """The section "服务能力与人员配置" of the coverage page, for today's ``coverage``."""
    st.subheader(tr("staffing.header"))
    st.caption(tr("staffing.intro"))
    weights = band_weights()
    access, tiers = computed(area, coverage, key, weights)
    _totals(access)
    _split(access)
    st.markdown(f"**{tr('staffing.by_unit')}**")
    units_view.level_notes(access.by_unit["level"])
    _tables.show_table(unit_frame(access), key="staffing.unit_table")
    st.markdown(f"**{tr('staffing.loads')}**")
    st.caption(tr("staffing.loads_help"))
    _tables.show_table(load_frame(access, coverage), key="staffing.load_table")
    _tier_tables(tiers)
    with _widgets.planner_errors():
        groups_view.section(coverage, key, access, weights)
