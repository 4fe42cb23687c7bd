"""The report's section 1: the study area and every assumption of the run, as text rows.

Built from :class:`~servicecircle.results.schema.CoverageSummary` (its
``study_area`` and ``assumptions``) in the report's language; nothing here
draws or writes. The demand estimate's parameters are free-form: parameters
the report does not know are listed after the known ones, as they are.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Final

from servicecircle.i18n import demand_words
from servicecircle.i18n.labels import lookup, mode_label, outlet_type_label
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.naming import base_name, public_source
from servicecircle.maps.static import ATTRIBUTION
from servicecircle.report.formatting import (
    Row,
    fmt_coord,
    fmt_parameter,
    fmt_people,
    fmt_share,
    fmt_value,
    number,
)
from servicecircle.report.strings import assumption_label, text
from servicecircle.results._codec import JsonValue
from servicecircle.results.demand_records import DemandAssumptions, PopulationGridSummary
from servicecircle.results.schema import Assumptions, CoverageSummary

#: The formula ``servicecircle.demand`` writes; the report prints its own translation.
DEFAULT_FORMULA = "people = footprint × levels × usable share ÷ m² per person"

#: Population parameters in the order the report lists them.
POPULATION_KEYS: tuple[str, ...] = (
    "profile",
    "profile_reason",
    "profile_source",
    "m2_per_person",
    "usable_share",
    "levels_house",
    "levels_apartment",
    "levels_other",
    "metres_per_level",
    "min_footprint_m2",
    "max_footprint_m2",
    "residential_density_per_ha",
    "unmapped_cell_m",
    "industrial_jobs_per_ha",
    "access_spacing_m",
    "populated_within_m",
    "user_mode",
    "overrides_by_id",
    "census_scaled",
    "population_grid",
)

#: Analysis parameters in the order the report lists them.
ANALYSIS_KEYS: tuple[str, ...] = (
    "mode",
    "breaks",
    "max_snap_m",
    "gap_join_m",
    "must_cover_share",
    "walk_off_m",
    "prefer_connected_m",
    "connected_piece_m",
)


def minutes_unit(lang: str) -> str:
    """The unit after a list of minutes: ``" 分钟"`` or ``" min"``."""
    return " 分钟" if lang == "zh" else " min"


# --------------------------------------------------------------------------- study area


OSM_LICENCE: Final = next(f.default for f in fields(StudyArea) if f.name == "attribution")
"""The attribution a study area from OpenStreetMap carries (said in the report's language)."""


def source_text(source: object, lang: str) -> str:
    """A data source as the planner reads it (``pbf:/x/county.osm.pbf`` -> its file name)."""
    raw = "" if source is None else str(source)
    if raw == "sample":
        return text("source.sample", lang)
    if raw == OSM_LICENCE:  # the attribution every OpenStreetMap area carries
        return text("source.osm_licence", lang)
    kind, _, rest = raw.partition(":")
    if rest and kind in ("pbf", "osm", "xml"):
        return text("source.pbf" if kind == "pbf" else "source.osm", lang, name=base_name(rest))
    if rest and kind == "extract":  # listed by the administrator: said by its name
        return text("source.extract", lang, name=rest)
    if rest and kind == "polygon":  # downloaded online inside a boundary file
        return text("source.polygon", lang, name=base_name(rest))
    if rest and kind in ("place", "bbox"):
        return text(f"source.{kind}", lang, name=rest)
    return public_source(raw)


def area_rows(summary: CoverageSummary, lang: str) -> list[tuple[str, str]]:
    """Name, data, bounds, network, mode, breaks, outlets and people of the study area."""
    area = summary.study_area
    rows = [(text("area.name", lang), area.name)]
    if area.source:
        rows.append((text("area.source", lang), source_text(area.source, lang)))
    rows.append((text("area.bounds", lang), ", ".join(fmt_coord(b) for b in area.bounds)))
    network = text(
        "area.network_value",
        lang,
        nodes=fmt_people(summary.network.nodes),
        edges=fmt_people(summary.network.edges),
    )
    rows.append((text("area.network", lang), network))
    rows.append((text("area.mode", lang), mode_label(summary.mode, lang)))
    breaks = ", ".join(f"{m:g}" for m in summary.breaks)
    rows.append((text("area.breaks", lang), breaks + minutes_unit(lang)))
    rows.append((text("area.outlets", lang), fmt_people(summary.n_outlets)))
    rows.append((text("area.population", lang), fmt_people(summary.population_total)))
    if summary.unreachable_people is not None:
        rows.append((text("area.unreachable", lang), fmt_people(summary.unreachable_people)))
    if summary.off_network.people is not None:
        rows.append((text("area.off_network", lang), fmt_people(summary.off_network.people)))
    return rows


# --------------------------------------------------------------------------- assumptions


def _distance_m(kmh: float | None, minutes: float) -> str:
    if kmh is None:
        return "—"
    metres = kmh * 1000.0 / 60.0 * minutes
    return f"{round(metres / 10.0) * 10:,.0f}"


def speed_rows(assumptions: Assumptions, minutes: float, lang: str) -> list[Row]:
    """One row per travel mode (the main mode first): label, km/h, distance in ``minutes``."""
    speeds = assumptions.speeds_kmh
    order = sorted(speeds, key=lambda mode: (mode != assumptions.mode, mode))
    return [
        {
            "mode": mode_label(mode, lang),
            "speed": fmt_parameter(speeds[mode]),
            "distance": _distance_m(number(speeds[mode]), minutes),
        }
        for mode in order
    ]


def outlet_type_rows(assumptions: Assumptions, lang: str) -> list[Row]:
    """One row per outlet type: label, travel mode, minutes and the distance they allow."""
    rows: list[Row] = []
    for name, kind in assumptions.outlet_types.items():
        minutes = number(kind.minutes)
        rows.append(
            {
                "type": outlet_type_label(name, lang),
                "mode": mode_label(kind.mode, lang) if kind.mode else "—",
                "minutes": fmt_parameter(minutes),
                "distance": (
                    _distance_m(number(assumptions.speeds_kmh.get(kind.mode)), minutes)
                    if minutes is not None
                    else "—"
                ),
            }
        )
    return rows


def _grid_value(grid: PopulationGridSummary, lang: str) -> str:
    return text(
        "value.population_grid",
        lang,
        source=grid.source,
        people=fmt_people(grid.grid_people),
        homes=fmt_people(grid.to_homes),
        cells=fmt_people(grid.to_cells),
        points=fmt_people(grid.cell_points),
    )


def _population_value(key: str, value: JsonValue, lang: str) -> str:
    if key == "levels_other" and value is None:
        return text("value.median_levels", lang)
    if key == "profile":
        return lookup("PROFILES", value, lang)
    if key in ("profile_reason", "profile_source", "levels_other"):
        return demand_words.assumption_rows({key: value}, lang)[0][1]
    if key == "user_mode" and isinstance(value, str):
        return text(f"value.user_mode.{value}", lang)
    if key == "census_scaled":
        names = [str(v) for v in value] if isinstance(value, list) else []
        return "、".join(names) if names else text("value.not_scaled", lang)
    return fmt_value(value, lang)


def population_context(demand: DemandAssumptions, lang: str) -> dict[str, object]:
    """The population formula, its parameters (label, value) and the estimate's notes."""
    values = {k: _population_value(k, v, lang) for k, v in demand.parameters.items()}
    if demand.population_grid is not None:
        values["population_grid"] = _grid_value(demand.population_grid, lang)
    keys = [k for k in POPULATION_KEYS if k in values]
    keys += [k for k in values if k not in POPULATION_KEYS]
    formula = demand.formula
    return {
        "rows": [(assumption_label(k, lang), values[k]) for k in keys],
        "formula_raw": (
            text("assumptions.formula_raw", lang, formula=formula)
            if formula and formula != DEFAULT_FORMULA
            else ""
        ),
        "notes": [fmt_value(note, lang) for note in demand.notes or ()],
    }


def analysis_rows(assumptions: Assumptions, lang: str) -> list[tuple[str, str]]:
    """Analysis parameters: mode, breaks, snapping, gaps, must-cover share, walking off roads."""
    rows = [
        (assumption_label("mode", lang), mode_label(assumptions.mode, lang)),
        (
            assumption_label("breaks", lang),
            ", ".join(fmt_parameter(v) for v in assumptions.breaks),
        ),
    ]
    for key, value in (
        ("max_snap_m", assumptions.max_snap_m),
        ("gap_join_m", assumptions.gap_join_m),
        ("must_cover_share", assumptions.must_cover_share),
        ("walk_off_m", assumptions.walk_off_m),
        ("prefer_connected_m", assumptions.prefer_connected_m),
        ("connected_piece_m", assumptions.connected_piece_m),
    ):
        shown = fmt_share(value, digits=0) if key == "must_cover_share" else fmt_value(value, lang)
        rows.append((assumption_label(key, lang), shown))
    return rows


def source_lines(assumptions: Assumptions, lang: str) -> list[str]:
    """Data sources, always ending with the OpenStreetMap attribution."""
    lines = [source_text(s, lang) for s in assumptions.data_sources]
    if not any("OpenStreetMap" in line for line in lines):
        lines.append(ATTRIBUTION)
    return lines


def assumptions_context(summary: CoverageSummary, lang: str) -> dict[str, object]:
    """Every assumption of the run, as the tables of section 1."""
    assumptions = summary.assumptions
    main = summary.breaks[-1]
    return {
        "speeds": speed_rows(assumptions, main, lang),
        "speeds_minutes": f"{main:g}",
        "outlet_types": outlet_type_rows(assumptions, lang),
        "population": population_context(assumptions.demand, lang),
        "analysis": analysis_rows(assumptions, lang),
        "sources": source_lines(assumptions, lang),
        "notes": [fmt_value(n, lang) for n in assumptions.notes],
    }
