"""Page 2, demand: residents, industrial workers, relocated residents; assumptions editable.

The page reads its inputs (regional profile and assumptions, relocation and
industrial layers, the planner's overrides of residential decisions, census
totals, a population grid and the planner's buildings), estimates the demand
(:func:`app_pages.compute.demand`, cached by every input) and shows it: the
totals, the map (with drawing), the demand quality
(:mod:`app_pages.demand_quality_view`), the census audit and the buildings
with their decision and basis.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import streamlit as st

from app_pages import (
    common,
    compute,
    demand_overrides,
    demand_quality_view,
    demand_top_down,
)
from app_pages.common import DEMAND_ID_KEY, DEMAND_KEY, DRAWN_KEY, tr
from servicecircle import webmap
from servicecircle.demand import DEMAND_CLASSES, Demand, DemandSettings
from servicecircle.demand.evidence import OVERRIDE_COLUMN
from servicecircle.demand.profiles import PROFILE_NAMES
from servicecircle.errors import PLANNER_ERRORS
from servicecircle.i18n import demand_words
from servicecircle.sources.area import StudyArea

LAYER_SUFFIXES = ["geojson", "json", "gpkg", "zip", "csv"]

DEFAULTS = DemandSettings()

# (A page script shows every bare string, so these are described in comments.)
# Inputs whose first value is the regional profile's (reset when the profile changes).
PROFILE_SET = ("m2_per_person", "levels_house", "levels_apartment", "residential_density_per_ha")

# What a shape drawn on the map becomes: a relocation or industrial area, or an area
# whose buildings hold residents ("homes") or none ("no_homes").
DRAW_CLASSES = ("relocation", "industrial", *demand_overrides.OVERRIDE_CLASSES)

# Assumptions shown in sections of their own, not in the table of values.
HIDDEN_ASSUMPTIONS = frozenset({"notes", "census_audit", "population_grid"})

# Buildings holding no residents drawn on the map (the largest floor areas).
EXCLUDED_ON_MAP = 300

# Session key of the profile whose values the inputs show: when the profile used
# changes (chosen by the planner, or chosen anew for another area or other
# buildings), the inputs it sets show the new profile's values.
PROFILE_SHOWN_KEY = "demand.profile_shown"

# (setting, label key, min, max, step, help key)
NUMBER_INPUTS: list[tuple[str, str, float, float, float, str | None]] = [
    ("m2_per_person", "demand.m2_per_person", 10.0, 100.0, 0.5, "demand.m2_per_person_help"),
    ("usable_share", "demand.usable_share", 0.1, 1.0, 0.05, None),
    ("levels_house", "demand.levels_house", 1.0, 10.0, 1.0, None),
    ("levels_apartment", "demand.levels_apartment", 1.0, 60.0, 1.0, None),
    ("residential_density_per_ha", "demand.residential_density", 0.0, 2000.0, 10.0, None),
    ("industrial_jobs_per_ha", "demand.industrial_jobs", 0.0, 2000.0, 10.0, None),
    ("access_spacing_m", "demand.access_spacing", 25.0, 1000.0, 25.0, None),
]


def _forget_profile_values() -> None:
    """The inputs the profile sets show the profile's values again (their first values)."""
    for name in PROFILE_SET:
        st.session_state.pop(f"demand.{name}", None)
        st.session_state.pop(f"{common.KEPT_PREFIX}demand.{name}", None)


def _settings_inputs(
    area: StudyArea, area_key: str, ids: tuple[tuple[int, ...], tuple[int, ...]]
) -> DemandSettings:
    """The regional profile, and inputs showing its values; only changed ones override it."""
    profile = str(
        common.kept(
            st.selectbox,
            tr("demand.profile"),
            default="auto",
            options=list(PROFILE_NAMES),
            format_func=common.labeller("profile."),
            key="demand.profile",
            help=tr("demand.profile_help"),
        )
    )
    choice = compute.profile_choice(area, area_key, profile)
    if st.session_state.get(PROFILE_SHOWN_KEY, choice.profile.name) != choice.profile.name:
        _forget_profile_values()
    st.session_state[PROFILE_SHOWN_KEY] = choice.profile.name
    lang = common.lang()
    st.caption(
        tr(
            "demand.profile_chosen",
            label=common.md_escape(demand_words.profile_label(choice.profile.name, lang)),
            reason=common.md_escape(demand_words.profile_reason_text(choice.reason, lang)),
        )
    )
    shown = DEFAULTS.resolved(choice.profile)
    values: dict[str, float] = {}
    for name, label, low, high, step, help_key in NUMBER_INPUTS:
        values[name] = common.kept(
            st.number_input,
            tr(label),
            min_value=low,
            max_value=high,
            default=float(getattr(shown, name)),
            step=step,
            key=f"demand.{name}",
            help=tr(help_key) if help_key else None,
        )
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
    with common.planner_errors():
        frame = compute.uploaded_layer(upload, geometry=geometry, study_bounds=area.bounds).frame
        return compute.with_people_counts(frame, what=what, blank_allowed=blank_allowed)
    return None


def _layer_inputs(area: StudyArea) -> dict[str, Any]:
    """Uploaded (and sample) relocation/industrial areas and demand points."""
    relocation = industrial = None
    if area.source == "sample" and common.kept(
        st.checkbox, tr("demand.sample_layers"), default=True, key="demand.sample_layers"
    ):
        from servicecircle.sources.sample import sample_layer

        relocation = compute.with_people_counts(sample_layer("relocation"), what="relocation areas")
        industrial = compute.with_people_counts(sample_layer("industrial"), what="industrial areas")
    upload = common.kept_upload(
        tr("demand.relocation_upload"),
        type=LAYER_SUFFIXES,
        key="demand.relocation_upload",
        help=tr("demand.layer_help"),
    )
    relocation = compute.combine(
        relocation, _read(upload, "polygon", area, what="relocation areas")
    )
    upload = common.kept_upload(
        tr("demand.industrial_upload"),
        type=LAYER_SUFFIXES,
        key="demand.industrial_upload",
        help=tr("demand.layer_help"),
    )
    industrial = compute.combine(
        industrial, _read(upload, "polygon", area, what="industrial areas")
    )
    upload = common.kept_upload(
        tr("demand.points_upload"), type=LAYER_SUFFIXES, key="demand.points_upload"
    )
    mode = common.kept(
        st.radio,
        tr("demand.points_mode"),
        default="add",
        options=["add", "replace"],
        format_func=common.labeller("demand.points_mode."),
        key="demand.points_mode",
        horizontal=True,
    )
    points = _read(upload, "point", area, what="demand points", blank_allowed=False)
    drawn = st.session_state.get(DRAWN_KEY, [])
    for cls in ("relocation", "industrial"):
        shapes = [d for d in drawn if d["class"] == cls]
        frame = compute.polygons_frame([d["geometry"] for d in shapes], [d["name"] for d in shapes])
        if cls == "relocation":
            relocation = compute.combine(relocation, frame)
        else:
            industrial = compute.combine(industrial, frame)
    return {
        "relocation": relocation,
        "industrial": industrial,
        "points": points,
        "mode": str(mode),
    }


def _add_drawn(features: list[dict[str, Any]], cls: str, name: str) -> None:
    """Button callback: keep the polygons drawn on the map as areas of ``cls``."""
    drawn = list(st.session_state.get(DRAWN_KEY, []))
    for i, feature in enumerate(features, start=1):
        geometry = shapely.geometry.shape(feature["geometry"])
        label = name if len(features) == 1 else f"{name} {i}"
        drawn.append({"class": cls, "name": label, "geometry": geometry})
    st.session_state[DRAWN_KEY] = drawn


def _clear_drawn() -> None:
    st.session_state[DRAWN_KEY] = []


def _drawn_polygons(result: dict[str, Any] | None) -> list[dict[str, Any]]:
    features = (result or {}).get("all_drawings") or []
    return [
        f
        for f in features
        if isinstance(f, dict)
        and (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")
    ]


def _excluded_layer(result: Demand) -> webmap.MapLayer | None:
    """The buildings holding no residents with the largest floor areas, with their basis."""
    buildings = result.buildings
    excluded = buildings[buildings["decision"] != "residential"]
    if len(excluded) == 0:
        return None
    floor = excluded["footprint_m2"].to_numpy(float) * excluded["levels"].to_numpy(float)
    excluded = excluded.assign(floor=floor).nlargest(EXCLUDED_ON_MAP, "floor")
    lang = common.lang()
    labels = {d: demand_words.decision_text(d, lang) for d in set(excluded["decision"])}
    return webmap.areas_layer(
        excluded.assign(
            name=excluded["name"].fillna(""),
            decision_shown=[labels[d] for d in excluded["decision"]],
            basis_shown=[demand_words.basis_text(b, lang) for b in excluded["basis"]],
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


def _map(area: StudyArea, result: Demand, overrides: gpd.GeoDataFrame | None) -> None:
    lang = common.lang()
    class_labels = {c: tr(f"class.{c}") for c in DEMAND_CLASSES}
    areas = result.areas[result.areas["class"] != "residential"]
    basis = (
        result.units["basis"]
        if "basis" in result.units.columns
        else pd.Series(None, index=result.units.index, dtype=object)
    )
    bases = {b: demand_words.basis_text(b, lang) for b in set(basis.dropna())}
    units = result.units.assign(
        people_shown=result.units["people"].round(0),
        class_shown=[class_labels.get(c, c) for c in result.units["class"]],
        basis_shown=[bases.get(b, "") for b in basis],
    )
    layers = [
        webmap.network_layer(
            None, name=tr("layer.edges"), data=compute.network_geojson(common.area_id(), area)
        ),
    ]
    if len(area.boundaries):
        column = "name_zh" if lang == "zh" else "name"
        layers.append(
            webmap.boundaries_layer(
                area.boundaries,
                name=tr("layer.boundaries"),
                tooltip={column: tr("field.name")},
                show=True,
            )
        )
    excluded = _excluded_layer(result)
    if excluded is not None:
        layers.append(excluded)
    if len(areas):
        layers.append(
            webmap.areas_layer(
                areas,
                name=tr("layer.demand_areas"),
                class_labels=class_labels,
                tooltip={"name": tr("field.name"), "people": tr("common.people")},
            )
        )
    shown_overrides = _overrides_layer(overrides)
    if shown_overrides is not None:
        layers.append(shown_overrides)
    layers.append(
        webmap.demand_layer(
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
    )
    m = webmap.compose_map(
        layers, bounds=area.bounds, draw=("polygon", "rectangle"), **common.map_options()
    )
    shown = common.show_map(m, key="demand_map", returned_objects=["all_drawings"])

    st.markdown(f"**{tr('demand.draw')}**")
    st.caption(tr("demand.draw_help"))
    features = _drawn_polygons(shown)
    drawn = st.session_state.get(DRAWN_KEY, [])
    if drawn:
        st.caption(tr("demand.drawn", count=len(drawn)))
    if not features:
        st.caption(tr("demand.draw_none"))
    else:
        cls = st.radio(
            tr("demand.draw_as"),
            options=list(DRAW_CLASSES),
            format_func=common.labeller("demand.draw_as."),
            key="demand.draw_as",
            horizontal=True,
        )
        name = st.text_input(
            tr("demand.draw_name"), value=tr(f"demand.draw_as.{cls}"), key="demand.draw_name"
        )
        st.button(
            tr("demand.draw_add", count=len(features)),
            on_click=_add_drawn,
            args=(features, cls, name),
            key="demand.draw_add",
        )
    if drawn:
        st.button(tr("demand.draw_clear"), on_click=_clear_drawn, key="demand.draw_clear")


def _tables(result: Demand) -> None:
    total = result.total
    st.metric(tr("demand.total"), f"{total:,.0f}")
    by_class = result.by_class()
    st.subheader(tr("demand.by_class"))
    common.show_table(
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
    rows = common.demand_by_unit(result.units)
    if len(rows):
        st.subheader(tr("demand.by_unit"))
        common.show_table(
            pd.DataFrame(
                {
                    tr("demand.unit_level"): [tr(f"demand.level.{v}") for v in rows["level"]],
                    tr("demand.level.township"): common.township_names(rows),
                    tr("field.name"): rows["name"].to_numpy(),
                    tr("common.people"): rows["people"].round(0).astype(int).to_numpy(),
                }
            )
        )
    with st.expander(tr("demand.assumptions_used")):
        common.show_table(
            pd.DataFrame(
                demand_words.assumption_rows(
                    {k: v for k, v in result.assumptions.items() if k not in HIDDEN_ASSUMPTIONS},
                    common.lang(),
                ),
                columns=[tr("demand.setting"), tr("demand.value")],
            )
        )


def _estimate(area: StudyArea, area_key: str, inputs: compute.DemandInputs) -> tuple[str, Demand]:
    """The demand; census totals that cannot be applied are shown and left out."""
    try:
        return compute.demand(area, area_key, inputs)
    except PLANNER_ERRORS as error:
        if inputs.census is None:
            raise
        st.error(common.as_text(error))
        st.info(tr("demand.census_left_out"))
        return compute.demand(area, area_key, inputs.without_census())


def main() -> None:
    """Draw the page."""
    st.header(tr("demand.header"))
    st.write(tr("demand.intro"))
    area = common.require_area()
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
        top = demand_top_down.inputs(area, common.area_id())
    with overrides_box:
        st.caption(tr("demand.overrides_help"))
        ids = demand_overrides.id_inputs()
        overrides = demand_overrides.area_inputs(area)
    with settings_box:
        settings = _settings_inputs(top.area, top.area_key, ids)
    with layers_box:
        layers = _layer_inputs(area)
    inputs = compute.DemandInputs(
        settings,
        overrides=overrides,
        census=top.census,
        census_key=top.census_key,
        grid=top.grid,
        grid_key=top.grid_key,
        **layers,
    )
    with st.spinner(tr("demand.computing")):
        key, result = _estimate(top.area, top.area_key, inputs)
    st.session_state[DEMAND_KEY] = result
    st.session_state[DEMAND_ID_KEY] = key
    with left:
        _tables(result)
    with right, common.planner_errors():
        _map(area, result, overrides)
    demand_quality_view.show_quality(result)
    demand_top_down.show_grid_summary(result)
    demand_top_down.show_census_audit(result)
    demand_quality_view.show_buildings(result)
    demand_top_down.show_notes(result, top)


with common.planner_errors():
    main()
