"""Page 4, coverage: isochrones, coverage by class and unit, minutes map, ranked gaps."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from app_pages import _cache, _maps, _state, _tables, _widgets, staffing_view, units_view
from app_pages._labels import tr
from servicecircle.coverage import Coverage, CoverageSettings, break_key
from servicecircle.demand import DEMAND_CLASSES, Demand
from servicecircle.inputs.area import StudyArea
from servicecircle.maps import web as webmap
from servicecircle.maps.extent import area_bounds
from servicecircle.maps.recipes import coverage_layers
from servicecircle.maps.style import OFF_NETWORK, SHARE_RAMP
from servicecircle.network import modes_by_name
from servicecircle.planning.naming import area_label

BREAK_CHOICES = [5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 45.0, 60.0]
DEFAULTS = CoverageSettings()
SHARE_BINS = [0.5, 0.8, 0.95, 0.99]
HEX_SIZE_M = 120.0
GAP_JOIN = _widgets.NumberInput("coverage.gap_join", DEFAULTS.gap_join_m, 10.0, 5000.0, 10.0)


def _inputs(area: StudyArea) -> tuple[Demand, gpd.GeoDataFrame | None]:
    """The demand and outlets of this session; defaults when a step was skipped."""
    result = _state.current_demand()
    if result is None:
        result = _cache.default_demand(area)
        st.caption(tr("coverage.default_demand"))
    outlets = _state.current_outlets()
    if outlets is None and area.source == "sample":
        from servicecircle.inputs.sample import sample_layer
        from servicecircle.supply.outlets import prepare_outlets

        outlets = prepare_outlets(sample_layer("outlets"), area=area, types=_state.outlet_types())
        st.caption(tr("coverage.default_outlets"))
    return result, outlets


def _settings() -> CoverageSettings | None:
    types = _state.outlet_types()
    with st.expander(tr("coverage.settings"), expanded=False):
        breaks = _widgets.kept_choice(
            st.multiselect,
            "coverage.breaks",
            BREAK_CHOICES,
            default=list(DEFAULTS.breaks),
            labels=lambda b: f"{b:g}",
        )
        mode = _widgets.kept_choice(
            st.selectbox,
            "coverage.mode",
            list(modes_by_name()),
            default=DEFAULTS.mode,
            labels="mode.",
        )
        gap_join = _widgets.kept_number(GAP_JOIN)
        share = _widgets.kept(
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
            tr("demand.level.township"): units_view.names_or_dash(gaps["township"]),
            tr("demand.level.community"): units_view.names_or_dash(gaps["community"]),
            tr("admin.gap_place"): units_view.gap_places(gaps),
        }
    )
    event: Any = _tables.show_table(
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
    _tables.show_table(frame, key="coverage.off_network_table")


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
        color=OFF_NETWORK.color,
        tooltip={"people_shown": tr("common.people"), "road_shown": tr("coverage.road_m")},
        radius_column="people",
    )


def _hexagons_layer(area: StudyArea, result: Coverage) -> webmap.MapLayer:
    """Minutes to the nearest outlet, averaged over hexagons weighted by people."""
    hexes = webmap.hexagons_from_points(
        result.demand,
        "minutes_to_nearest",
        weight_column="people",
        size_m=HEX_SIZE_M,
        crs=area.local_crs(),
    )
    bins, colors = webmap.minutes_classes(result.settings.breaks)
    labels = [tr("map.minutes", minutes=f"{b:g}") for b in bins]
    labels.append(tr("coverage.minutes_beyond", minutes=f"{bins[-1]:g}"))
    return webmap.classed_layer(
        hexes.assign(value=hexes["value"].round(1), weight=hexes["weight"].round(0)),
        "value",
        bins=bins,
        colors=colors,
        labels=labels,
        name=tr("layer.hexagons"),
        missing_label=tr("coverage.unreachable"),
        tooltip={"value": tr("coverage.nearest_minutes"), "weight": tr("common.people")},
    )


def _units_layer(result: Coverage) -> webmap.MapLayer:
    """The share covered within the largest break, per community (else per unit)."""
    key = break_key(result.settings.breaks[-1])
    units = result.units[result.units["level"] == "community"]
    if len(units) == 0:
        units = result.units
    lows = [0.0, *SHARE_BINS]
    highs = [*SHARE_BINS, 1.0]
    labels = [
        tr("coverage.share_label", low=lo, high=hi) for lo, hi in zip(lows, highs, strict=True)
    ]
    return webmap.classed_layer(
        units.assign(share_shown=(units[f"share_{key}"] * 100).round(1)),
        f"share_{key}",
        bins=[b - 1e-9 for b in SHARE_BINS],
        colors=list(SHARE_RAMP),
        labels=labels,
        name=tr("layer.units"),
        tooltip={"name": tr("field.name"), "share_shown": tr("common.share") + " %"},
        fill_opacity=0.55,
    )


def _map(area: StudyArea, result: Coverage, selected: int | None) -> None:
    view = _widgets.kept_choice(
        st.radio,
        "coverage.view",
        ["isochrones", "hexagons", "units"],
        default="isochrones",
        horizontal=True,
    )
    overlays: list[webmap.MapLayer] = []
    if view == "hexagons":
        overlays.append(_hexagons_layer(area, result))
    if view == "units" and len(result.units):
        overlays.append(_units_layer(result))
    off_network = _off_network_layer(result)
    if off_network is not None:
        overlays.append(off_network)
    hidden = {"edges"} if view == "units" else set()
    if view != "isochrones":
        hidden.add("isochrones")
    layers = coverage_layers(
        result,
        None,
        lang=_state.lang(),
        network=_cache.network_geojson(area),
        show_units=False,
        show_demand=False,
        overlays=overlays,
        hidden=hidden,
    )
    bounds = area_bounds(area) or area.bounds  # the study extent, not every road around it
    if selected is not None and selected < len(result.gaps):
        west, south, east, north = result.gaps.geometry.iloc[selected].bounds
        pad = 0.002
        bounds = (west - pad, south - pad, east + pad, north + pad)
    m = webmap.compose_map(layers, bounds=bounds, **_maps.map_options())
    _widgets.show_map(m, key="coverage_map")


def _show_shares(frame: pd.DataFrame, shares: dict[float, Any]) -> None:
    """Add one percent column per break to ``frame`` and show it."""
    columns = {b: tr("coverage.share_col", minutes=f"{b:g}") for b in shares}
    for b, values in shares.items():
        frame[columns[b]] = values
    _tables.show_table(
        frame,
        column_config={
            c: st.column_config.NumberColumn(format="percent") for c in columns.values()
        },
    )


def _result_tables(result: Coverage) -> None:
    breaks = result.settings.breaks
    by_class = result.by_class
    if len(by_class):
        st.subheader(tr("coverage.by_class"))
        table = by_class.pivot(index="class", columns="minutes", values="share")  # noqa: PD010 - one share per class and break; pivot refuses duplicates where pivot_table would hide them
        totals = by_class.groupby("class")["total"].first()
        frame = pd.DataFrame({tr("field.class"): [tr(f"class.{c}") for c in table.index]})
        frame[tr("common.people")] = totals.reindex(table.index).round(0).astype(int).to_numpy()
        _show_shares(frame, {b: table[b].to_numpy() for b in breaks})
    units = result.units
    st.subheader(tr("coverage.by_unit"))
    units_view.level_notes(units["level"] if len(units) else [])
    if len(units):
        frame = _tables.unit_frame(units)
        shares = {b: units[f"share_{break_key(b)}"].to_numpy() for b in breaks}
        _show_shares(frame, shares)
    must = result.must_cover
    if len(must):
        st.subheader(tr("coverage.must_cover"))
        frame = pd.DataFrame(
            {
                tr("field.name"): [area_label(n, _state.lang()) for n in must["name"]],
                tr("field.class"): [tr(f"class.{c}") for c in must["class"]],
                tr("common.people"): must["people"].round(0).astype(int),
                tr("coverage.share_covered"): must["share_covered"].to_numpy(float),
                tr("coverage.covered"): [tr("yes") if c else tr("no") for c in must["covered"]],
            }
        )
        _tables.show_table(
            frame,
            column_config={
                tr("coverage.share_covered"): st.column_config.NumberColumn(format="percent")
            },
        )


def main() -> None:
    """Draw the page."""
    area = _widgets.area_page("coverage")
    if area is None:
        return
    demand, outlets = _inputs(area)
    settings = _settings()
    # Forget the last result first: when this run cannot measure coverage (no
    # outlets, no breaks, an error), later pages must not use a stale one.
    _state.forget_coverage()
    if outlets is None or len(outlets) == 0:
        st.info(tr("coverage.need_outlets"))
        return
    if settings is None:
        return
    with st.spinner(tr("coverage.computing")):
        key, result = _cache.coverage(area, demand, outlets, settings)
    _state.set_coverage(result, key=key, demand=demand)
    _metrics(result)
    left, right = st.columns([2, 3])
    with left:
        selected = _gap_table(result)
        _off_network(result)
    with right, _widgets.planner_errors():
        _map(area, result, selected)
    _result_tables(result)
    with _widgets.planner_errors():
        staffing_view.section(area, result, key)


with _widgets.planner_errors():
    main()
