"""Page 2, demand: residents, industrial workers, relocated residents; assumptions editable.

The page reads its inputs (regional profile and assumptions, relocation and
industrial layers, the planner's overrides of residential decisions, census
totals, a population grid and the planner's buildings), estimates the demand
(:func:`app_pages._cache.demand`, cached by every input) and shows it: the
totals, the map (with drawing), the demand quality
(:mod:`app_pages.demand_quality_view`), the census audit and the buildings
with their decision and basis.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

from app_pages import (
    _cache,
    _coordinates,
    _drawing,
    _maps,
    _state,
    _tables,
    _widgets,
    demand_overrides,
    demand_quality_view,
    demand_top_down,
    units_view,
)
from app_pages._frames import DemandInputs, combine, shapes_frame, with_people_counts
from app_pages._labels import as_text, labeller, md_escape, tr
from app_pages._state import lang
from servicecircle.demand import DEMAND_CLASSES, Demand, DemandSettings
from servicecircle.demand.evidence import OVERRIDE_COLUMN
from servicecircle.demand.profiles import PROFILE_NAMES
from servicecircle.errors import PLANNER_ERRORS
from servicecircle.i18n import demand_words
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.naming import boundary_names
from servicecircle.maps import web as webmap
from servicecircle.planning.naming import area_label

LAYER_SUFFIXES = ["geojson", "json", "gpkg", "zip", "csv"]

DEFAULTS = DemandSettings()

# (A page script shows every bare string, so these are described in comments.)
# Inputs whose first value is the regional profile's (reset when the profile changes).
PROFILE_SET = ("m2_per_person", "levels_house", "levels_apartment", "residential_density_per_ha")

# What a shape drawn on the map becomes: a relocation or industrial area, or an area
# whose buildings hold residents ("homes") or none ("no_homes").
DRAW_CLASSES = ("relocation", "industrial", *demand_overrides.OVERRIDE_CLASSES)

# The planner's area layers: demand class -> (the layer as named in messages, uploader key).
AREA_LAYERS = {
    "relocation": ("relocation areas", "demand.relocation_upload"),
    "industrial": ("industrial areas", "demand.industrial_upload"),
}

# Assumptions shown in sections of their own, not in the table of values.
HIDDEN_ASSUMPTIONS = frozenset({"notes", "census_audit", "population_grid"})

# Buildings holding no residents drawn on the map (the largest floor areas).
EXCLUDED_ON_MAP = 300

# Session key of the profile whose values the inputs show: when the profile used
# changes (chosen by the planner, or chosen anew for another area or other
# buildings), the inputs it sets show the new profile's values.
PROFILE_SHOWN_KEY = "demand.profile_shown"

# The assumptions the planner may change: setting -> input (first value: the profile's).
NUMBER_INPUTS = {
    name: _widgets.NumberInput(f"demand.{name}", 0.0, low, high, step, help_key, label)
    for name, label, low, high, step, help_key in [
        ("m2_per_person", "demand.m2_per_person", 10.0, 100.0, 0.5, "demand.m2_per_person_help"),
        ("usable_share", "demand.usable_share", 0.1, 1.0, 0.05, None),
        ("levels_house", "demand.levels_house", 1.0, 10.0, 1.0, None),
        ("levels_apartment", "demand.levels_apartment", 1.0, 60.0, 1.0, None),
        ("residential_density_per_ha", "demand.residential_density", 0.0, 2000.0, 10.0, None),
        ("industrial_jobs_per_ha", "demand.industrial_jobs", 0.0, 2000.0, 10.0, None),
        ("access_spacing_m", "demand.access_spacing", 25.0, 1000.0, 25.0, None),
    ]
}


def _settings_inputs(
    area: StudyArea, ids: tuple[tuple[int, ...], tuple[int, ...]]
) -> DemandSettings:
    """The regional profile, and inputs showing its values; only changed ones override it."""
    profile = str(
        _widgets.kept_choice(
            st.selectbox,
            "demand.profile",
            list(PROFILE_NAMES),
            default="auto",
            labels="profile.",
            help="demand.profile_help",
        )
    )
    choice = _cache.profile_choice(area, profile)
    if st.session_state.get(PROFILE_SHOWN_KEY, choice.profile.name) != choice.profile.name:
        # the inputs the profile sets show the new profile's values (their first values)
        _widgets.forget_kept(*(f"demand.{name}" for name in PROFILE_SET))
    st.session_state[PROFILE_SHOWN_KEY] = choice.profile.name
    code = lang()
    st.caption(
        tr(
            "demand.profile_chosen",
            label=md_escape(demand_words.profile_label(choice.profile.name, code)),
            reason=md_escape(demand_words.profile_reason_text(choice.reason, code)),
        )
    )
    shown = DEFAULTS.resolved(choice.profile)
    values: dict[str, float] = {}
    for name, spec in NUMBER_INPUTS.items():
        values[name] = _widgets.kept_number(spec, default=float(getattr(shown, name)))
    changed = {k: v for k, v in values.items() if v != float(getattr(shown, k))}
    return DemandSettings(
        profile=profile,  # type: ignore[arg-type]
        residential_ids=ids[0],
        non_residential_ids=ids[1],
        **changed,
    )


def _read(
    upload: Any, geometry: str, area: StudyArea, *, what: str, blank_allowed: bool = True
) -> gpd.GeoDataFrame | None:
    """The uploaded layer with its people counts read, or None (with the reason shown).

    The counts are checked here, before the layer is joined to the sample's
    or the drawn areas, so that a bad cell is named by its row in the file.
    """
    if upload is None:
        return None
    with _widgets.planner_errors():
        frame = _coordinates.checked_layer(
            upload, geometry=geometry, study_bounds=area.bounds
        ).frame
        return with_people_counts(frame, what=what, blank_allowed=blank_allowed)
    return None


def _layer_inputs(area: StudyArea) -> dict[str, Any]:
    """Uploaded, sample and drawn relocation/industrial areas, and demand points."""
    use_sample = area.source == "sample" and _widgets.kept(
        st.checkbox, tr("demand.sample_layers"), default=True, key="demand.sample_layers"
    )
    layers: dict[str, Any] = {}
    for cls, (what, upload_key) in AREA_LAYERS.items():
        sample = None
        if use_sample:
            from servicecircle.inputs.sample import sample_layer

            sample = with_people_counts(sample_layer(cls), what=what)
        upload = _widgets.kept_upload(upload_key, LAYER_SUFFIXES, help="demand.layer_help")
        layers[cls] = combine(sample, _read(upload, "polygon", area, what=what))
    upload = _widgets.kept_upload("demand.points_upload", LAYER_SUFFIXES)
    mode = _widgets.kept_choice(
        st.radio,
        "demand.points_mode",
        ["add", "replace"],
        default="add",
        horizontal=True,
    )
    points = _read(upload, "point", area, what="demand points", blank_allowed=False)
    drawn = _state.shapes(_state.DRAWN_KEY)
    for cls in AREA_LAYERS:
        layers[cls] = combine(layers[cls], shapes_frame([d for d in drawn if d["class"] == cls]))
    return {**layers, "points": points, "mode": str(mode)}


def _drawing_tool() -> _drawing.DrawingTool:
    """Areas drawn on the demand map, each of a class the planner chooses."""
    as_class = _drawing.DrawChoice(
        "class",
        "demand.draw_as",
        DRAW_CLASSES,
        labeller("demand.draw_as."),
        lambda cls: tr(f"demand.draw_as.{cls}"),
        horizontal_radio=True,
    )
    return _drawing.DrawingTool(
        _state.DRAWN_KEY, "demand.draw", "demand.drawn", "polygon", as_class, numbering="batch"
    )


def _excluded_layer(result: Demand) -> webmap.MapLayer | None:
    """The buildings holding no residents with the largest floor areas, with their basis."""
    buildings = result.buildings
    excluded = buildings[buildings["decision"] != "residential"]
    if len(excluded) == 0:
        return None
    floor = excluded["footprint_m2"].to_numpy(float) * excluded["levels"].to_numpy(float)
    excluded = excluded.assign(floor=floor).nlargest(EXCLUDED_ON_MAP, "floor")
    code = lang()
    labels = {d: demand_words.decision_text(d, code) for d in set(excluded["decision"])}
    return webmap.areas_layer(
        excluded.assign(
            name=excluded["name"].fillna(""),
            decision_shown=[labels[d] for d in excluded["decision"]],
            basis_shown=[demand_words.basis_text(b, code) for b in excluded["basis"]],
            floor_shown=excluded["floor"].round(0),
        ),
        name=tr("layer.excluded_buildings"),
        class_column="decision",
        class_colors={"non-residential": "#7f7f7f", "industrial": "#8c510a"},
        class_labels=labels,
        tooltip={
            "name": tr("field.name"),
            "osm_id": tr("demand.osm_id"),
            "decision_shown": tr("demand.decision"),
            "basis_shown": tr("demand.basis"),
            "floor_shown": tr("demand.floor_area"),
        },
        show=False,
    )


def _areas_layer(result: Demand) -> webmap.MapLayer | None:
    """The demand areas other than residential land (relocation, industrial, drawn)."""
    areas = result.areas[result.areas["class"] != "residential"]
    if len(areas) == 0:
        return None
    return webmap.areas_layer(
        areas.assign(name=[area_label(n, lang()) for n in areas["name"]]),  # 安置区 N
        name=tr("layer.demand_areas"),
        class_labels={c: tr(f"class.{c}") for c in DEMAND_CLASSES},
        tooltip={"name": tr("field.name"), "people": tr("common.people")},
    )


def _overrides_layer(overrides: gpd.GeoDataFrame | None) -> webmap.MapLayer | None:
    """The override areas (drawn and uploaded), coloured by what they declare."""
    if overrides is None or len(overrides) == 0:
        return None
    cls = np.where(overrides[OVERRIDE_COLUMN] == "yes", "homes", "no_homes")
    names = overrides["name"] if "name" in overrides.columns else [""] * len(overrides)
    return webmap.areas_layer(
        overrides.assign(cls=cls, name=[n if isinstance(n, str) else "" for n in names]),
        name=tr("layer.overrides"),
        class_column="cls",
        class_colors={"homes": "#1b9e77", "no_homes": "#555555"},
        class_labels={c: tr(f"demand.draw_as.{c}") for c in ("homes", "no_homes")},
        tooltip={"name": tr("field.name")},
    )


def _units_layer(result: Demand) -> webmap.MapLayer:
    """The demand points, with their class, people and basis in the planner's language."""
    class_labels = {c: tr(f"class.{c}") for c in DEMAND_CLASSES}
    basis = (
        result.units["basis"]
        if "basis" in result.units.columns
        else pd.Series(None, index=result.units.index, dtype=object)
    )
    bases = {b: demand_words.basis_text(b, lang()) for b in set(basis.dropna())}
    units = result.units.assign(
        people_shown=result.units["people"].round(0),
        class_shown=[class_labels.get(c, c) for c in result.units["class"]],
        basis_shown=[bases.get(b, "") for b in basis],
    )
    return webmap.demand_layer(
        units,
        name=tr("layer.demand"),
        class_labels=class_labels,
        tooltip={
            "class_shown": tr("field.class"),
            "people_shown": tr("common.people"),
            "basis_shown": tr("demand.basis"),
            "township": tr("demand.level.township"),
            "community": tr("demand.level.community"),
        },
    )


def _map(area: StudyArea, result: Demand, overrides: gpd.GeoDataFrame | None) -> None:
    layers = [_maps.roads_layer(area)]
    if len(area.boundaries):
        boundaries = area.boundaries.assign(shown_name=boundary_names(area.boundaries, lang()))
        layers.append(
            webmap.boundaries_layer(
                boundaries,
                name=tr("layer.boundaries"),
                tooltip={"shown_name": tr("field.name")},
                show=True,
            )
        )
    layers += [
        layer
        for layer in (_excluded_layer(result), _areas_layer(result), _overrides_layer(overrides))
        if layer is not None
    ]
    layers.append(_units_layer(result))
    _drawing.drawing_map(layers, bounds=area.bounds, tool=_drawing_tool(), key="demand_map")


def _result_tables(result: Demand) -> None:
    total = result.total
    st.metric(tr("demand.total"), f"{total:,.0f}")
    by_class = result.by_class()
    st.subheader(tr("demand.by_class"))
    _tables.show_table(
        pd.DataFrame(
            [
                (tr(f"class.{c}"), round(by_class[c]), by_class[c] / total if total else 0.0)
                for c in DEMAND_CLASSES
                if c in by_class
            ],
            columns=[tr("field.class"), tr("common.people"), tr("common.share")],
        ),
        column_config={tr("common.share"): st.column_config.NumberColumn(format="percent")},
    )
    rows = _tables.demand_by_unit(result.units)
    st.subheader(tr("demand.by_unit"))
    units_view.level_notes(rows["level"])
    if len(rows):
        _tables.show_table(_tables.unit_frame(rows))
    with st.expander(tr("demand.assumptions_used")):
        _tables.show_table(
            pd.DataFrame(
                demand_words.assumption_rows(
                    {k: v for k, v in result.assumptions.items() if k not in HIDDEN_ASSUMPTIONS},
                    lang(),
                ),
                columns=[tr("demand.setting"), tr("demand.value")],
            )
        )


def _estimate(area: StudyArea, inputs: DemandInputs) -> Demand:
    """The demand; census totals that cannot be applied are shown and left out."""
    try:
        return _cache.demand(area, inputs)
    except PLANNER_ERRORS as error:
        if inputs.census is None:
            raise
        st.error(as_text(error))
        st.info(tr("demand.census_left_out"))
        return _cache.demand(area, inputs.without_census())


def main() -> None:
    """Draw the page."""
    area = _widgets.area_page("demand")
    if area is None:
        return
    left, right = st.columns([2, 3])
    with left:
        # boxes first, in the order shown; filled in the order the inputs depend on
        settings_box = st.expander(tr("demand.assumptions"), expanded=True)
        layers_box = st.expander(tr("demand.layers"))
        overrides_box = st.expander(tr("demand.overrides"))
        top_down_box = st.expander(tr("demand.top_down"))
    with top_down_box:
        top = demand_top_down.inputs(area)
    with overrides_box:
        st.caption(tr("demand.overrides_help"))
        ids = demand_overrides.id_inputs()
        overrides = demand_overrides.area_inputs(area)
    with settings_box:
        settings = _settings_inputs(top.area, ids)
    with layers_box:
        layers = _layer_inputs(area)
    inputs = DemandInputs(settings, overrides=overrides, census=top.census, grid=top.grid, **layers)
    with st.spinner(tr("demand.computing")):
        result = _estimate(top.area, inputs)
    _state.set_demand(result)
    with left:
        _result_tables(result)
    with right, _widgets.planner_errors():
        _map(area, result, overrides)
    demand_quality_view.show_quality(result)
    demand_top_down.show_grid_summary(result)
    demand_top_down.show_census_audit(result)
    demand_quality_view.show_buildings(result)
    demand_top_down.show_notes(result, top)


with _widgets.planner_errors():
    main()
