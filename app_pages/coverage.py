"""Page 4, coverage: isochrones, coverage by class and unit, minutes map, ranked gaps."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from app_pages import common, compute
from app_pages.common import (
    COVERAGE_DEMAND_KEY,
    COVERAGE_ID_KEY,
    COVERAGE_KEY,
    DEMAND_ID_KEY,
    DEMAND_KEY,
    OUTLETS_KEY,
    TYPES_KEY,
    tr,
)
from servicecircle import webmap
from servicecircle.coverage import Coverage, CoverageSettings, break_key
from servicecircle.demand import DEMAND_CLASSES, Demand
from servicecircle.network import modes_by_name
from servicecircle.outlets import DEFAULT_OUTLET_TYPES
from servicecircle.sources.area import StudyArea

BREAK_CHOICES = [5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 45.0, 60.0]
DEFAULTS = CoverageSettings()
SHARE_BINS = [0.5, 0.8, 0.95, 0.99]
SHARE_COLORS = ["#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850"]
HEX_SIZE_M = 120.0
OFF_NETWORK_COLOR = "#e7298a"


def _inputs(area: StudyArea) -> tuple[Demand, str, gpd.GeoDataFrame | None]:
    """The demand and outlets of this session; defaults when a step was skipped."""
    result = st.session_state.get(DEMAND_KEY)
    demand_key = str(st.session_state.get(DEMAND_ID_KEY, ""))
    if not isinstance(result, Demand):
        demand_key, result = compute.default_demand(area, common.area_id())
        st.caption(tr("coverage.default_demand"))
    outlets = st.session_state.get(OUTLETS_KEY)
    if outlets is None and area.source == "sample":
        from servicecircle.outlets import prepare_outlets
        from servicecircle.sources.sample import sample_layer

        outlets = prepare_outlets(sample_layer("outlets"), area=area)
        st.caption(tr("coverage.default_outlets"))
    return result, demand_key, outlets


def _settings() -> CoverageSettings | None:
    types = st.session_state.get(TYPES_KEY) or dict(DEFAULT_OUTLET_TYPES)
    with st.expander(tr("coverage.settings"), expanded=False):
        breaks = common.kept(
            st.multiselect,
            tr("coverage.breaks"),
            options=BREAK_CHOICES,
            default=list(DEFAULTS.breaks),
            format_func=lambda b: f"{b:g}",
            key="coverage.breaks",
        )
        mode = common.kept(
            st.selectbox,
            tr("coverage.mode"),
            default=DEFAULTS.mode,
            options=list(modes_by_name()),
            format_func=common.labeller("mode."),
            key="coverage.mode",
        )
        gap_join = common.kept(
            st.number_input,
            tr("coverage.gap_join"),
            min_value=10.0,
            max_value=5000.0,
            default=DEFAULTS.gap_join_m,
            step=10.0,
            key="coverage.gap_join",
        )
        share = common.kept(
            st.slider,
            tr("coverage.must_share"),
            min_value=0.5,
            max_value=1.0,
            default=DEFAULTS.must_cover_share,
            step=0.05,
            key="coverage.must_share",
        )
    if not breaks:
        st.warning(tr("coverage.need_breaks"))
        return None
    return CoverageSettings(
        mode=str(mode),
        breaks=tuple(sorted(float(b) for b in breaks)),
        outlet_types=types,
        gap_join_m=float(gap_join),
        must_cover_share=float(share),
    )


def _metrics(result: Coverage) -> None:
    breaks = result.settings.breaks
    columns = st.columns(len(breaks) + 1)
    for column, minutes in zip(columns, breaks, strict=False):
        column.metric(
            tr("coverage.within", minutes=f"{minutes:g}"),
            f"{result.share(minutes):.1%}",
            help=tr("coverage.people_covered", covered=result.covered(minutes), total=result.total),
            delta=None,
        )
    demand = result.demand
    standard = float(demand.loc[demand["covered"], "people"].sum())
    share = standard / result.total if result.total else 0.0
    columns[-1].metric(
        tr("coverage.standard"),
        f"{share:.1%}",
        help=tr("coverage.people_covered", covered=standard, total=result.total),
    )


def _gap_table(result: Coverage) -> int | None:
    """The ranked gaps; returns the index of the selected gap, if any."""
    st.subheader(tr("coverage.gaps"))
    gaps = result.gaps
    if len(gaps) == 0:
        st.success(tr("coverage.no_gaps"))
        return None
    st.caption(tr("coverage.gaps_help"))
    class_labels = {c: tr(f"class.{c}") for c in DEMAND_CLASSES}
    frame = pd.DataFrame(
        {
            tr("field.rank"): gaps["rank"].astype(int),
            tr("common.people"): gaps["people"].round(0).astype(int),
            tr("coverage.nearest_minutes"): [
                f"{m:.1f}" if pd.notna(m) else tr("coverage.unreachable_short")
                for m in gaps["nearest_minutes"]
            ],
            tr("coverage.classes"): [
                ", ".join(class_labels.get(c, c) for c in str(v).split(","))
                for v in gaps["classes"]
            ],
            tr("demand.level.township"): gaps["township"],
            tr("demand.level.community"): gaps["community"],
        }
    )
    event: Any = common.show_table(
        frame,
        on_select="rerun",
        selection_mode="single-row",
        key="coverage.gap_table",
    )
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    return int(rows[0]) if rows else None


def _off_network(result: Coverage) -> None:
    """People off the road network: listed apart from the gaps, never ranked as one."""
    table = result.off_network
    if len(table) == 0:
        return
    st.subheader(tr("coverage.off_network"))
    st.caption(tr("coverage.off_network_help", metres=result.settings.max_snap_m))
    places, people = st.columns(2)
    places.metric(tr("coverage.off_network_places"), f"{len(table):,}")
    people.metric(tr("coverage.off_network_people"), f"{float(table['people'].sum()):,.0f}")
    class_labels = {c: tr(f"class.{c}") for c in DEMAND_CLASSES}

    def texts(column: str) -> list[str]:
        return [str(v) if isinstance(v, str) else "" for v in table[column]]

    frame = pd.DataFrame(
        {
            tr("common.people"): table["people"].astype(float).round(0).to_numpy(),
            tr("field.class"): [class_labels.get(str(c), str(c)) for c in table["class"]],
            tr("coverage.road_m"): [
                f"{m:,.0f}" if pd.notna(m) else tr("coverage.no_road") for m in table["road_m"]
            ],
            tr("demand.level.township"): texts("township"),
            tr("demand.level.community"): texts("community"),
            tr("field.lon"): table.geometry.x.round(5).to_numpy(),
            tr("field.lat"): table.geometry.y.round(5).to_numpy(),
        }
    )
    common.show_table(frame, key="coverage.off_network_table")


def _off_network_layer(result: Coverage) -> webmap.MapLayer | None:
    table = result.off_network
    if len(table) == 0:
        return None
    return webmap.points_layer(
        table.assign(
            people_shown=table["people"].astype(float).round(0),
            road_shown=[
                f"{m:,.0f}" if pd.notna(m) else tr("coverage.no_road") for m in table["road_m"]
            ],
        ),
        name=tr("layer.off_network"),
        color=OFF_NETWORK_COLOR,
        tooltip={"people_shown": tr("common.people"), "road_shown": tr("coverage.road_m")},
        radius_column="people",
    )


def _map(area: StudyArea, result: Coverage, selected: int | None) -> None:
    view = common.kept(
        st.radio,
        tr("coverage.view"),
        default="isochrones",
        options=["isochrones", "hexagons", "units"],
        format_func=common.labeller("coverage.view."),
        key="coverage.view",
        horizontal=True,
    )
    breaks = result.settings.breaks
    layers = [
        webmap.network_layer(
            None,
            name=tr("layer.edges"),
            data=compute.network_geojson(common.area_id(), area),
            show=view != "units",
        )
    ]
    if len(result.isochrones):
        layers.append(
            webmap.isochrones_layer(
                result.isochrones.assign(people=result.isochrones["people"].round(0)),
                name=tr("layer.isochrones"),
                minutes_label=tr("map.minutes", minutes="{minutes}"),
                tooltip={"minutes": tr("field.minutes"), "people": tr("common.people")},
                show=view == "isochrones",
            )
        )
    if view == "hexagons":
        hexes = webmap.hexagons_from_points(
            result.demand,
            "minutes_to_nearest",
            weight_column="people",
            size_m=HEX_SIZE_M,
            crs=area.local_crs(),
        )
        bins, colors = webmap.minutes_classes(breaks)
        labels = [tr("map.minutes", minutes=f"{b:g}") for b in bins]
        labels.append(tr("coverage.minutes_beyond", minutes=f"{bins[-1]:g}"))
        layers.append(
            webmap.classed_layer(
                hexes.assign(value=hexes["value"].round(1), weight=hexes["weight"].round(0)),
                "value",
                bins=bins,
                colors=colors,
                labels=labels,
                name=tr("layer.hexagons"),
                missing_label=tr("coverage.unreachable"),
                tooltip={"value": tr("coverage.nearest_minutes"), "weight": tr("common.people")},
            )
        )
    if view == "units" and len(result.units):
        key = break_key(breaks[-1])
        units = result.units[result.units["level"] == "community"]
        if len(units) == 0:
            units = result.units
        lows = [0.0, *SHARE_BINS]
        highs = [*SHARE_BINS, 1.0]
        labels = [
            tr("coverage.share_label", low=lo, high=hi) for lo, hi in zip(lows, highs, strict=True)
        ]
        layers.append(
            webmap.classed_layer(
                units.assign(share_shown=(units[f"share_{key}"] * 100).round(1)),
                f"share_{key}",
                bins=[b - 1e-9 for b in SHARE_BINS],
                colors=SHARE_COLORS,
                labels=labels,
                name=tr("layer.units"),
                tooltip={"name": tr("field.name"), "share_shown": tr("common.share") + " %"},
                fill_opacity=0.55,
            )
        )
    if len(result.gaps):
        layers.append(
            webmap.gaps_layer(
                result.gaps.assign(people=result.gaps["people"].round(0)),
                name=tr("layer.gaps"),
                tooltip={"rank": tr("field.rank"), "people": tr("common.people")},
            )
        )
    off_network = _off_network_layer(result)
    if off_network is not None:
        layers.append(off_network)
    outlets = result.outlets
    if len(outlets):
        type_label = common.type_label
        layers.append(
            webmap.outlets_layer(
                outlets.assign(type_shown=[type_label(t) for t in outlets["outlet_type"]]),
                name=tr("layer.outlets"),
                type_labels={t: type_label(t) for t in set(outlets["outlet_type"])},
                tooltip={"name": tr("field.name"), "type_shown": tr("outlets.type")},
            )
        )
    bounds = area.bounds
    if selected is not None and selected < len(result.gaps):
        west, south, east, north = result.gaps.geometry.iloc[selected].bounds
        pad = 0.002
        bounds = (west - pad, south - pad, east + pad, north + pad)
    m = webmap.compose_map(layers, bounds=bounds, **common.map_options())
    common.show_map(m, key="coverage_map")


def _show_shares(frame: pd.DataFrame, shares: dict[float, Any]) -> None:
    """Add one percent column per break to ``frame`` and show it."""
    columns = {b: tr("coverage.share_col", minutes=f"{b:g}") for b in shares}
    for b, values in shares.items():
        frame[columns[b]] = values
    common.show_table(
        frame,
        column_config={
            c: st.column_config.NumberColumn(format="percent") for c in columns.values()
        },
    )


def _tables(result: Coverage) -> None:
    breaks = result.settings.breaks
    by_class = result.by_class
    if len(by_class):
        st.subheader(tr("coverage.by_class"))
        table = by_class.pivot(index="class", columns="minutes", values="share")
        totals = by_class.groupby("class")["total"].first()
        frame = pd.DataFrame({tr("field.class"): [tr(f"class.{c}") for c in table.index]})
        frame[tr("common.people")] = totals.reindex(table.index).round(0).astype(int).to_numpy()
        _show_shares(frame, {b: table[b].to_numpy() for b in breaks})
    units = result.units
    if len(units):
        st.subheader(tr("coverage.by_unit"))
        frame = pd.DataFrame(
            {
                tr("demand.unit_level"): [tr(f"demand.level.{v}") for v in units["level"]],
                tr("demand.level.township"): common.township_names(units),
                tr("field.name"): units["name"].astype(str).to_numpy(),
                tr("common.people"): units["people"].round(0).astype(int).to_numpy(),
            }
        )
        shares = {b: units[f"share_{break_key(b)}"].to_numpy() for b in breaks}
        _show_shares(frame, shares)
    must = result.must_cover
    if len(must):
        st.subheader(tr("coverage.must_cover"))
        frame = pd.DataFrame(
            {
                tr("field.name"): must["name"].astype(str),
                tr("field.class"): [tr(f"class.{c}") for c in must["class"]],
                tr("common.people"): must["people"].round(0).astype(int),
                tr("coverage.share_covered"): must["share_covered"].to_numpy(float),
                tr("coverage.covered"): [tr("yes") if c else tr("no") for c in must["covered"]],
            }
        )
        common.show_table(
            frame,
            column_config={
                tr("coverage.share_covered"): st.column_config.NumberColumn(format="percent")
            },
        )


def main() -> None:
    """Draw the page."""
    st.header(tr("coverage.header"))
    st.write(tr("coverage.intro"))
    area = common.require_area()
    if area is None:
        return
    demand, demand_key, outlets = _inputs(area)
    settings = _settings()
    # Forget the last result first: when this run cannot measure coverage (no
    # outlets, no breaks, an error), later pages must not use a stale one.
    for name in (COVERAGE_KEY, COVERAGE_ID_KEY, COVERAGE_DEMAND_KEY):
        st.session_state.pop(name, None)
    if outlets is None or len(outlets) == 0:
        st.info(tr("coverage.need_outlets"))
        return
    if settings is None:
        return
    with st.spinner(tr("coverage.computing")):
        key, result = compute.coverage(
            area, common.area_id(), demand_key, demand, outlets, settings
        )
    st.session_state[COVERAGE_KEY] = result
    st.session_state[COVERAGE_ID_KEY] = key
    st.session_state[COVERAGE_DEMAND_KEY] = demand
    _metrics(result)
    left, right = st.columns([2, 3])
    with left:
        selected = _gap_table(result)
        _off_network(result)
    with right, common.planner_errors():
        _map(area, result, selected)
    _tables(result)


with common.planner_errors():
    main()
