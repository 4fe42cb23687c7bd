"""Siting page: staff per 10,000, the split, loads and grades before and after the plan.

The plan's new sites become outlets of their type, with its tier and staff
(its standard, or what a staff-budget model allocated), and the library's
:func:`~servicecircle.planning.after_plan.plan_effect` measures today's
outlets and the outlets after the plan alike (the same functions as the
coverage page's section :mod:`app_pages.staffing_view`). Computed once per
plan through :mod:`app_pages._cache`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import _cache, _tables, _widgets, units_view
from app_pages._labels import tr, type_label
from app_pages._state import lang
from servicecircle.coverage import Coverage
from servicecircle.coverage.access_run import SPLIT_COLUMNS
from servicecircle.inputs.area import StudyArea
from servicecircle.planning.after_plan import PlanEffect
from servicecircle.planning.naming import site_labels
from servicecircle.planning.plan import SitingPlan

MEASURES = ("staff_per_10k", "staff_per_10k_e2sfca", *SPLIT_COLUMNS)
"""The by-unit numbers compared before and after the plan."""


def _total(effect: PlanEffect, when: str) -> pd.Series:
    table = getattr(effect, f"access_{when}").by_unit
    row: pd.Series = table[table["level"] == "total"].iloc[0]
    return row


def _metrics(effect: PlanEffect) -> None:
    """Staff per 10,000, staff, people served and out of reach: after, with the change."""
    before, after = _total(effect, "before"), _total(effect, "after")
    staff = {
        w: float(getattr(effect, f"access_{w}").outlets["staff"].sum()) for w in ("before", "after")
    }
    columns = st.columns(5)
    for column, name in zip(columns[:2], ("staff_per_10k", "staff_per_10k_e2sfca"), strict=True):
        key = "staffing.per10k" if name == "staff_per_10k" else "staffing.per10k_e2sfca"
        column.metric(
            tr(key),
            f"{after[name]:.1f}",
            delta=f"{after[name] - before[name]:+.1f}",
            help=tr("staffing.after.was", value=f"{before[name]:.1f}"),
        )
    columns[2].metric(
        tr("staffing.staff_total"),
        f"{staff['after']:,.0f}",
        delta=f"{staff['after'] - staff['before']:+,.0f}",
        help=tr("staffing.after.was", value=f"{staff['before']:,.0f}"),
    )
    for column, kind in zip(columns[3:], ("served", "out_of_reach"), strict=True):
        column.metric(
            tr(f"staffing.split.{kind}"),
            tr("staffing.metric_people", people=f"{after[kind]:,.0f}"),
            delta=f"{after[kind] - before[kind]:+,.0f}",
            delta_color="normal" if kind == "served" else "inverse",
            help=tr("staffing.after.was", value=f"{before[kind]:,.0f}"),
        )


def comparison_frame(effect: PlanEffect) -> pd.DataFrame:
    """The whole area, each township/street and community: per 10,000 and the split, before/after.

    A township's grade before and after the plan stands beside it.
    """
    keys = ["level", "township", "unit"]
    before = effect.access_before.by_unit
    after = effect.access_after.by_unit.set_index(keys).reindex(
        pd.MultiIndex.from_frame(before[keys])
    )
    grades = {
        when: dict(
            zip(
                getattr(effect, f"tiers_{when}").townships["township"],
                getattr(effect, f"tiers_{when}").townships["grade"],
                strict=True,
            )
        )
        for when in ("before", "after")
    }
    levels = before["level"].astype(str).tolist()
    frame = pd.DataFrame(
        {
            tr("staffing.level"): [tr(f"staffing.level.{level}") for level in levels],
            tr("demand.level.township"): [
                (town or tr("staffing.no_unit")) if level == "community" else ""
                for level, town in zip(levels, before["township"].astype(str), strict=True)
            ],
            tr("field.name"): [
                tr("staffing.whole_area") if level == "total" else name or tr("staffing.no_unit")
                for level, name in zip(levels, before["unit"].astype(str), strict=True)
            ],
            tr("common.people"): before["people"].round(0).astype(int).to_numpy(),
        }
    )
    words = {"staff_per_10k": "staffing.per10k", "staff_per_10k_e2sfca": "staffing.per10k_e2sfca"}
    for name in MEASURES:
        word = tr(words.get(name, f"staffing.split.{name}"))
        digits = 1 if name in words else 0
        for when, values in (("before", before[name]), ("after", after[name])):
            rounded = values.astype(float).round(digits).to_numpy()
            column = tr(f"staffing.after.{when}", what=word)
            frame[column] = rounded if digits else rounded.astype(int)
    for when in ("before", "after"):
        frame[tr(f"staffing.after.{when}", what=tr("staffing.grade"))] = [
            grades[when].get(unit, "—") if level == "township" else "—"
            for level, unit in zip(levels, before["unit"].astype(str), strict=True)
        ]
    return frame


def new_sites_frame(effect: PlanEffect) -> pd.DataFrame:
    """The new sites: rank, name, type, tier, staff (and where from), load after the plan."""
    sites = effect.new_sites
    loads = effect.access_after.outlets.loc[sites.index]
    return pd.DataFrame(
        {
            tr("field.rank"): sites["new_rank"].astype(int).to_numpy(),
            tr("field.name"): site_labels(sites["new_rank"].astype(int), sites["name"], lang()),
            tr("outlets.type"): [type_label(str(t)) for t in sites["outlet_type"]],
            tr("staffing.tier"): [tr(f"tier.{t}") for t in sites["tier"]],
            tr("staffing.staff"): sites["staff"].astype(float).to_numpy(),
            tr("staffing.after.staff_source"): [
                tr(f"staffing.source.{s}") for s in sites["staff_source"].astype(str)
            ],
            tr("staffing.catchment_people"): loads["catchment_people"]
            .round(0)
            .astype(int)
            .to_numpy(),
            tr("staffing.load"): [
                f"{v:,.0f}" if pd.notna(v) else tr("staffing.no_staff") for v in loads["load"]
            ],
        }
    )


def allocation_frame(staff: pd.DataFrame) -> pd.DataFrame:
    """Each open outlet's staff before and after a staff plan (``SitingPlan.staff``)."""
    existing = staff["existing"].astype(bool).tolist()
    names = [
        units_view.names_or_dash([name])[0]
        if today
        else site_labels([int(rank)], [name], lang())[0]
        for today, name, rank in zip(existing, staff["name"], staff["rank"], strict=True)
    ]
    counts = {
        "staff_before": "staffing.alloc.before",
        "staff_added": "staffing.alloc.added",
        "staff": "staffing.alloc.after",
    }
    frame = pd.DataFrame(
        {
            tr("staffing.outlet"): names,
            tr("staffing.alloc.kind"): [
                tr("staffing.alloc.existing" if today else "staffing.alloc.new")
                for today in existing
            ],
            tr("outlets.type"): [type_label(str(t)) for t in staff["outlet_type"]],
        }
    )
    for column, key in counts.items():
        frame[tr(key)] = staff[column].astype(float).to_numpy()
    for column, key in (
        ("capacity", "staffing.capacity"),
        ("served_before", "staffing.alloc.served_before"),
        ("served", "staffing.alloc.served_after"),
    ):
        frame[tr(key)] = staff[column].astype(float).round(0).astype(int).to_numpy()
    return frame


def _allocation(plan: SitingPlan) -> None:
    """The staff a staff plan posts, outlet by outlet (nothing for other plans)."""
    staff = plan.staff
    if staff is None:
        return
    st.markdown(f"**{tr('staffing.alloc.header')}**")
    budget = plan.request.staff
    added = f"{float(staff['staff_added'].sum()):,.0f}"
    if budget == "standard":
        st.caption(tr("staffing.alloc.standard", added=added))
    else:
        st.caption(tr("staffing.alloc.budget", added=added, budget=f"{budget}"))
    _tables.show_table(allocation_frame(staff), key="staffing.alloc.table")


def section(
    area: StudyArea, coverage: Coverage, coverage_key: str, plan: SitingPlan, plan_key: str
) -> None:
    """The section "规划前后的人员配置" below the plan's results."""
    st.subheader(tr("staffing.after.header"))
    st.caption(tr("staffing.after.intro"))
    bar, update = _widgets.progress_bar(tr("staffing.computing"))
    update(0.0, tr("staffing.after.step"))
    effect = _cache.plan_effect(area, coverage, coverage_key, plan, plan_key)
    bar.empty()
    _metrics(effect)
    _allocation(plan)
    st.markdown(f"**{tr('staffing.after.by_unit')}**")
    units_view.level_notes(effect.access_before.by_unit["level"])
    _tables.show_table(comparison_frame(effect), key="staffing.after.unit_table")
    if len(effect.new_sites):
        st.markdown(f"**{tr('staffing.after.sites')}**")
        _tables.show_table(new_sites_frame(effect), key="staffing.after.site_table")
