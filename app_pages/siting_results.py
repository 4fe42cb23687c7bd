"""Siting page: the plan's results (figures, chosen sites and why, coverage curve, tables)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from app_pages import _tables, units_view
from app_pages._labels import md_escape, tr, type_label
from app_pages._state import lang
from servicecircle.i18n.message import Message, say
from servicecircle.planning.explain import (
    SiteReasons,
    gap_percent,
    reasons_text,
    search_method,
    solver_statement,
    solver_verdict,
)
from servicecircle.planning.naming import site_labels
from servicecircle.planning.plan import SitingPlan

#: The note of a plan whose sites that add nobody were left out (shown, not folded away).
IDLE_NOTE = "msg.planning.idle_dropped"


def _reasons(row: pd.Series) -> str:
    """The reasons for one chosen site, in the session's language."""
    return reasons_text(SiteReasons.from_record(row.to_dict()), lang())


def _metrics(plan: SitingPlan) -> None:
    result = plan.result
    columns = st.columns(6)
    columns[0].metric(tr("siting.n_new"), f"{len(plan.chosen)}")
    columns[1].metric(tr("siting.share_before"), f"{result.share_before:.1%}")
    columns[2].metric(
        tr("siting.share_after"),
        f"{result.share_after:.1%}",
        delta=tr("siting.points", value=f"{100 * (result.share_after - result.share_before):+.1f}"),
    )
    statement = solver_statement(result, lang(), n_candidates=len(plan.candidates))
    columns[3].metric(tr("siting.status"), solver_verdict(result, lang()), help=statement)
    columns[4].metric(
        tr("siting.objective"),
        f"{result.objective:,.2f}",
        help=tr(f"siting.objective_help.{plan.request.model}"),
    )
    columns[5].metric(
        tr("siting.gap"),
        gap_percent(result.gap),
        help=tr("siting.bound_caption", bound=f"{result.bound:,.2f}"),
    )
    st.caption(md_escape(statement))
    st.caption(
        tr(
            "siting.solver_caption",
            bound=f"{result.bound:,.2f}",
            method=search_method(result.method, lang()),
            seconds=f"{result.seconds:.1f}",
        )
    )
    uncoverable = int(np.size(result.uncoverable_must_cover))
    if uncoverable:
        st.warning(tr("siting.uncoverable", count=uncoverable))
    dropped = [n for n in result.notes if isinstance(n, Message) and n.key == IDLE_NOTE]
    for note in dropped:  # fewer sites than asked for: said where the planner looks
        st.info(md_escape(say(note, lang())))
    others = [n for n in result.notes if n not in dropped]
    if others:
        with st.expander(tr("siting.notes")):
            for note in others:
                st.text(say(note, lang()))


def _column(frame: pd.DataFrame, name: str) -> list[object]:
    """A column's values, None throughout when the frame has no such column."""
    return list(frame[name]) if name in frame.columns else [None] * len(frame)


def _chosen_table(plan: SitingPlan) -> None:
    st.subheader(tr("siting.chosen"))
    chosen = plan.chosen
    if len(chosen) == 0:
        st.info(tr("siting.none_needed"))
        return
    frame = pd.DataFrame(
        {
            tr("field.rank"): chosen["rank"].astype(int).to_numpy(),
            tr("field.name"): site_labels(chosen["rank"], chosen["name"], lang()),
            tr("siting.newly_covered"): chosen["newly_covered"].round(0).astype(int).to_numpy(),
            tr("siting.cumulative_share"): chosen["cumulative_share"].to_numpy(float),
            tr("siting.reasons"): [_reasons(row) for _, row in chosen.iterrows()],
            tr("demand.level.township"): units_view.names_or_dash(_column(chosen, "township")),
            tr("demand.level.community"): units_view.names_or_dash(_column(chosen, "community")),
            tr("admin.gap_place"): units_view.gap_places(chosen),
            tr("outlets.type"): [type_label(str(t)) for t in chosen["type"]],
            tr("field.source"): [tr(f"siting.source.{s}") for s in chosen["source"]],
            tr("field.lon"): chosen.geometry.x.round(6).to_numpy(),
            tr("field.lat"): chosen.geometry.y.round(6).to_numpy(),
        }
    )
    addresses = chosen["address"] if "address" in chosen.columns else None
    if addresses is not None and addresses.notna().any():  # the planner's 地址, when given
        frame.insert(2, tr("field.address"), addresses.fillna("").astype(str).to_numpy())
    _tables.show_table(
        frame,
        column_config={
            tr("siting.cumulative_share"): st.column_config.NumberColumn(format="percent")
        },
    )


def _curve(plan: SitingPlan) -> None:
    st.subheader(tr("siting.curve"))
    x_title, y_title = tr("siting.curve_x"), tr("siting.curve_y")
    data = pd.DataFrame(
        {
            "n_new": plan.curve["n_new"].astype(int),
            "share": plan.curve["share"].astype(float),
            "covered": plan.curve["covered"].round(0),
        }
    )
    low = max(0.0, float(data["share"].min()) - 0.02)
    chart = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("n_new:Q", title=x_title, axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y(
                "share:Q",
                title=y_title,
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[low, 1.0]),
            ),
            tooltip=[
                alt.Tooltip("n_new:Q", title=x_title),
                alt.Tooltip("share:Q", title=y_title, format=".1%"),
                alt.Tooltip("covered:Q", title=tr("common.people"), format=",.0f"),
            ],
        )
    )
    st.altair_chart(chart, width="stretch")


def _show_before_after(frame: pd.DataFrame, table: pd.DataFrame) -> None:
    """Show ``frame`` with the people covered before and after the plan, and their shares."""
    for column in ("covered_before", "covered_after"):
        frame[tr(f"siting.{column}")] = table[column].round(0).astype(int).to_numpy()
    for column in ("share_before", "share_after"):
        frame[tr(f"siting.{column}")] = table[column].to_numpy(float)
    percent = st.column_config.NumberColumn(format="percent")
    _tables.show_table(
        frame,
        column_config={tr("siting.share_before"): percent, tr("siting.share_after"): percent},
    )


def _class_table(plan: SitingPlan) -> None:
    by_class = plan.by_class
    st.subheader(tr("siting.by_class"))
    st.caption(tr("siting.standard_note"))
    frame = pd.DataFrame(
        {
            tr("field.class"): [tr(f"class.{c}") for c in by_class["class"]],
            tr("common.people"): by_class["people"].round(0).astype(int).to_numpy(),
        }
    )
    _show_before_after(frame, by_class)


def _unit_table(plan: SitingPlan) -> None:
    units = plan.by_unit
    st.subheader(tr("siting.by_unit"))
    units_view.level_notes(units["level"] if len(units) else [])
    if len(units):
        _show_before_after(_tables.unit_frame(units), units)


def show_plan(plan: SitingPlan) -> None:
    """Everything the plan says, below the inputs and the map."""
    st.divider()
    _metrics(plan)
    _chosen_table(plan)
    left, right = st.columns(2)
    with left:
        _curve(plan)
    with right:
        _class_table(plan)
    _unit_table(plan)
