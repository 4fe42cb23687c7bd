"""Demand page: how far the estimate can be trusted, and why each building counts or not.

:func:`show_quality` states the demand quality
(:class:`~servicecircle.demand.DemandQuality`): densities per km² of the
study area and of residential land against the regional profile's plausible
bands (a warning outside them), the shares of residents from tagged and
assumed levels, the profile used and why, and the residents by basis.
:func:`show_buildings` lists buildings with their decision and basis, the
largest floor area first, so a planner sees that the mall was left out and
why. Reasons are said in the session's language (:mod:`servicecircle.i18n.demand_words`).
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

import numpy as np
import pandas as pd
import streamlit as st

from app_pages import _state, _tables, _widgets
from app_pages._labels import as_text, md_escape, tr
from servicecircle.demand import DECISIONS, PROFILES, Demand, DemandQuality
from servicecircle.i18n import demand_words

SHOWN_BUILDINGS: Final = 100
"""Rows of the building table (the largest floor areas of the chosen decision)."""

PROFILE_VALUES: Final = (
    ("m2_per_person", "demand.m2_per_person"),
    ("levels_house", "demand.levels_house"),
    ("levels_apartment", "demand.levels_apartment"),
    ("levels_generic", "demand.profile.levels_generic"),
    ("residential_density_per_ha", "demand.residential_density"),
)
"""Profile values shown, with their label keys (the assumption used may differ)."""

_USED: Final = {"levels_generic": "levels_other"}


def _count(value: float | None) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:,.0f}"


def _share(value: float | None) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:.0%}"


TOP_DOWN_WORDS: Final = {
    "census totals": "demand.quality.census",
    "population grid": "demand.quality.grid",
}
"""The top-down totals a measure was taken after (``DemandQuality.top_down``), in words."""


def _totals(quality: DemandQuality) -> str:
    """The top-down totals applied before ``quality`` was measured, in words ("" for none)."""
    words = [tr(TOP_DOWN_WORDS.get(name, name)) for name in quality.top_down]
    return tr("common.list_sep").join(words)


def band_warnings(quality: DemandQuality, label: str) -> list[str]:
    """Sentences for densities outside the profile's bands (in the session's language).

    On an estimate without top-down totals they say what to supply; after
    census totals or a population grid, that the totals set the density and
    the census audit shows what is left without a total.
    """
    said = []
    totals = _totals(quality)
    for where, density, band in (
        ("area", quality.density_study_area, quality.band_study_area),
        ("land", quality.density_residential_land, quality.band_residential_land),
    ):
        if density is None or not math.isfinite(density):
            continue
        low, high = band
        verdict = "low" if density < low else "high" if density > high else None
        if verdict is not None:
            said.append(
                tr(
                    f"demand.quality.too_{verdict}"
                    if not totals
                    else "demand.quality.after_totals",
                    where=tr(f"demand.quality.where_{where}"),
                    density=density,
                    low=low,
                    high=high,
                    label=label,
                    totals=totals,
                )
            )
    return said


def _profile(result: Demand, quality: DemandQuality, lang: str) -> None:
    profile = PROFILES.get(quality.profile)
    label = demand_words.profile_label(quality.profile, lang)
    st.markdown(tr("demand.profile_used", label=md_escape(label)))
    reason = demand_words.profile_reason_text(quality.profile_reason, lang)
    st.caption(tr("demand.profile_reason", reason=md_escape(reason)))
    if profile is None:
        return
    rows = []
    for name, key in PROFILE_VALUES:
        used = result.assumptions.get(_USED.get(name, name))
        rows.append((tr(key), float(getattr(profile, name)), _number(used)))
    for name, band in (
        ("demand.profile.band_land", profile.residential_land_band),
        ("demand.profile.band_area", profile.study_area_band),
    ):
        rows.append((tr(name), f"{band[0]:,.0f}–{band[1]:,.0f}", None))
    frame = pd.DataFrame(
        [
            (a, str(b) if isinstance(b, str) else f"{b:g}", "" if c is None else f"{c:g}")
            for a, b, c in rows
        ],
        columns=[tr("demand.setting"), tr("demand.profile.default"), tr("demand.profile.used")],
    )
    _tables.show_table(frame)


_LEADING_NUMBER: Final = re.compile(r"\s*(-?\d+(?:\.\d+)?)")


def _number(value: Any) -> float | None:
    """A number, or the number a text starts with ("5.5 (median of 42 buildings)")."""
    if isinstance(value, str):
        found = _LEADING_NUMBER.match(value)
        value = found.group(1) if found else None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _by_basis(quality: DemandQuality, lang: str) -> None:
    residents = quality.residents
    if quality.people_by_basis:
        st.markdown(f"**{tr('demand.quality.by_basis')}**")
        _tables.show_table(
            pd.DataFrame(
                {
                    tr("demand.basis"): [
                        demand_words.basis_text(k, lang) for k in quality.people_by_basis
                    ],
                    tr("common.people"): [round(v) for v in quality.people_by_basis.values()],
                    tr("common.share"): [
                        v / residents if residents > 0 else 0.0
                        for v in quality.people_by_basis.values()
                    ],
                }
            ),
            column_config={tr("common.share"): st.column_config.NumberColumn(format="percent")},
        )
    if quality.floor_people_excluded:
        st.markdown(f"**{tr('demand.quality.excluded')}**")
        st.caption(tr("demand.quality.excluded_help"))
        _tables.show_table(
            pd.DataFrame(
                {
                    tr("demand.basis"): [
                        demand_words.basis_text(k, lang) for k in quality.floor_people_excluded
                    ],
                    tr("demand.floor_people"): [
                        round(v) for v in quality.floor_people_excluded.values()
                    ],
                }
            )
        )


def _floor_people(result: Demand) -> np.ndarray:
    """People the floor area of each building would hold at the assumptions used."""
    buildings = result.buildings
    usable = float(result.assumptions.get("usable_share") or 0.0)
    per_person = float(result.assumptions.get("m2_per_person") or 0.0)
    floor = buildings["footprint_m2"].to_numpy(float) * buildings["levels"].to_numpy(float)
    if per_person <= 0:
        return np.full(len(buildings), np.nan)
    return floor * usable / per_person


def _by_decision(result: Demand, lang: str) -> None:
    buildings = result.buildings
    if len(buildings) == 0:
        return
    floor = buildings["footprint_m2"].to_numpy(float) * buildings["levels"].to_numpy(float)
    frame = pd.DataFrame(
        {
            "decision": buildings["decision"].to_numpy(),
            "people": buildings["people"].to_numpy(float),
            "floor": floor,
            "would_hold": _floor_people(result),
        }
    )
    sums = frame.groupby("decision", sort=False).agg(
        count=("people", "size"),
        people=("people", "sum"),
        floor=("floor", "sum"),
        would_hold=("would_hold", "sum"),
    )
    order = [d for d in DECISIONS if d in sums.index]
    st.markdown(f"**{tr('demand.quality.by_decision')}**")
    _tables.show_table(
        pd.DataFrame(
            {
                tr("demand.decision"): [demand_words.decision_text(d, lang) for d in order],
                tr("demand.buildings_count"): [int(sums.loc[d, "count"]) for d in order],
                tr("common.people"): [round(float(sums.loc[d, "people"])) for d in order],
                tr("demand.floor_area"): [round(float(sums.loc[d, "floor"])) for d in order],
                tr("demand.floor_people"): [round(float(sums.loc[d, "would_hold"])) for d in order],
            }
        )
    )


def show_quality(result: Demand) -> None:
    """The demand quality: densities and bands, level shares, the profile, people by basis."""
    quality = result.quality
    if quality is None:
        return
    lang = _state.lang()
    st.subheader(tr("demand.quality"))
    totals = _totals(quality)
    earlier = quality.map_estimate
    if totals and earlier is not None:
        st.caption(
            tr(
                "demand.quality_after_totals",
                totals=totals,
                area=_count(earlier.density_study_area),
                land=_count(earlier.density_residential_land),
            )
        )
    else:
        st.caption(tr("demand.quality_help"))
    columns = st.columns(4)
    densities = (
        ("area", quality.density_study_area, quality.band_study_area, quality.study_area_km2),
        (
            "land",
            quality.density_residential_land,
            quality.band_residential_land,
            quality.residential_land_km2,
        ),
    )
    for column, (where, density, (low, high), km2) in zip(columns, densities, strict=False):
        column.metric(
            tr(f"demand.quality.density_{where}"),
            _count(density),
            help=tr("demand.quality.band", low=low, high=high, km2=km2),
        )
    columns[2].metric(tr("demand.quality.tagged"), _share(quality.share_tagged_levels))
    columns[3].metric(tr("demand.quality.assumed"), _share(quality.share_assumed_levels))
    if quality.share_from_land:
        st.caption(tr("demand.quality.from_land", share=_share(quality.share_from_land)))
    if quality.share_from_grid:
        st.caption(tr("demand.quality.from_grid", share=_share(quality.share_from_grid)))
    label = demand_words.profile_label(quality.profile, lang)
    for sentence in band_warnings(quality, label):
        if totals:  # the totals supplied set it: a note, no warning
            st.info(as_text(sentence))
        else:
            st.warning(as_text(sentence))
    with st.expander(tr("demand.profile_section")):
        _profile(result, quality, lang)
    with st.expander(tr("demand.quality.details")):
        _by_decision(result, lang)
        _by_basis(quality, lang)


def buildings_table(result: Demand, decision: str, lang: str) -> pd.DataFrame:
    """The buildings of one decision, the largest floor area first (:data:`SHOWN_BUILDINGS`)."""
    buildings = result.buildings
    chosen = (buildings["decision"] == decision).to_numpy()
    floor = buildings["footprint_m2"].to_numpy(float) * buildings["levels"].to_numpy(float)
    would_hold = _floor_people(result)
    order = np.argsort(-np.where(chosen, floor, -np.inf), kind="stable")[: int(chosen.sum())]
    order = order[:SHOWN_BUILDINGS]
    rows = buildings.iloc[order]

    def texts(column: str) -> list[str]:
        return [str(v) if isinstance(v, str) else "" for v in rows[column]]

    return pd.DataFrame(
        {
            tr("field.name"): texts("name"),
            tr("demand.osm_id"): [str(v) for v in rows["osm_id"]],
            tr("demand.building_tag"): [f"building={v}" if v else "" for v in texts("building")],
            tr("demand.tags"): texts("use"),
            tr("demand.decision"): [demand_words.decision_text(d, lang) for d in rows["decision"]],
            tr("demand.basis"): [demand_words.basis_text(b, lang) for b in rows["basis"]],
            tr("demand.floor_area"): np.round(floor[order]),
            tr("field.levels"): rows["levels"].to_numpy(float),
            tr("demand.levels_source"): [
                tr(f"demand.levels_source.{s}") for s in rows["levels_source"]
            ],
            tr("common.people"): np.round(rows["people"].to_numpy(float)),
            tr("demand.floor_people"): np.round(would_hold[order]),
        }
    )


def show_buildings(result: Demand) -> None:
    """Buildings with their decision and basis (the largest floor area first)."""
    if len(result.buildings) == 0:
        return
    lang = _state.lang()
    st.subheader(tr("demand.building_table"))
    st.caption(tr("demand.building_table_help", count=SHOWN_BUILDINGS))
    present = [d for d in DECISIONS if (result.buildings["decision"] == d).any()]
    default = "non-residential" if "non-residential" in present else present[0]
    decision = _widgets.kept_choice(
        st.radio,
        "demand.buildings_decision",
        present,
        default=default,
        labels="decision.",
        label="demand.decision",
        horizontal=True,
    )
    _tables.show_table(
        buildings_table(result, str(decision), lang),
        column_config={
            tr("demand.floor_area"): st.column_config.NumberColumn(format="localized"),
            tr("demand.floor_people"): st.column_config.NumberColumn(format="localized"),
        },
    )


__all__ = ["band_warnings", "buildings_table", "show_buildings", "show_quality"]
