"""Page 2, demand: residents, industrial workers, relocated residents; assumptions editable."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
import streamlit as st

from app_pages import common, compute
from app_pages.common import DEMAND_ID_KEY, DEMAND_KEY, DRAWN_KEY, tr
from servicecircle import webmap
from servicecircle.demand import DEMAND_CLASSES, Demand, DemandSettings
from servicecircle.demand.profiles import choose_profile
from servicecircle.sources.area import StudyArea

LAYER_SUFFIXES = ["geojson", "json", "gpkg", "zip", "csv"]

DEFAULTS = DemandSettings()

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


def _settings_inputs(area: StudyArea) -> DemandSettings:
    """The inputs show the values of the area's regional profile; only changed ones override it."""
    shown = DEFAULTS.resolved(choose_profile(area).profile)
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
    return DemandSettings(**changed)


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


def _map(area: StudyArea, result: Demand) -> None:
    class_labels = {c: tr(f"class.{c}") for c in DEMAND_CLASSES}
    areas = result.areas[result.areas["class"] != "residential"]
    units = result.units.assign(
        people_shown=result.units["people"].round(0),
        class_shown=[class_labels.get(c, c) for c in result.units["class"]],
    )
    layers = [
        webmap.network_layer(
            None, name=tr("layer.edges"), data=compute.network_geojson(common.area_id(), area)
        ),
    ]
    if len(area.boundaries):
        column = "name_zh" if common.lang() == "zh" else "name"
        layers.append(
            webmap.boundaries_layer(
                area.boundaries,
                name=tr("layer.boundaries"),
                tooltip={column: tr("field.name")},
                show=True,
            )
        )
    if len(areas):
        layers.append(
            webmap.areas_layer(
                areas,
                name=tr("layer.demand_areas"),
                class_labels=class_labels,
                tooltip={"name": tr("field.name"), "people": tr("common.people")},
            )
        )
    layers.append(
        webmap.demand_layer(
            units,
            name=tr("layer.demand"),
            class_labels=class_labels,
            tooltip={
                "class_shown": tr("field.class"),
                "people_shown": tr("common.people"),
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
            options=["relocation", "industrial"],
            format_func=common.labeller("class."),
            key="demand.draw_as",
            horizontal=True,
        )
        name = st.text_input(
            tr("demand.draw_name"), value=tr(f"class.{cls}"), key="demand.draw_name"
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
                [(str(k), str(v)) for k, v in result.assumptions.items()],
                columns=[tr("demand.setting"), tr("demand.value")],
            )
        )


def main() -> None:
    """Draw the page."""
    st.header(tr("demand.header"))
    st.write(tr("demand.intro"))
    area = common.require_area()
    if area is None:
        return
    left, right = st.columns([2, 3])
    with left:
        with st.expander(tr("demand.assumptions"), expanded=True):
            settings = _settings_inputs(area)
        with st.expander(tr("demand.layers")):
            inputs = _layer_inputs(area)
    with st.spinner(tr("demand.computing")):
        key, result = compute.demand(area, common.area_id(), settings=settings, **inputs)
    st.session_state[DEMAND_KEY] = result
    st.session_state[DEMAND_ID_KEY] = key
    with left:
        _tables(result)
    with right, common.planner_errors():
        _map(area, result)


with common.planner_errors():
    main()
