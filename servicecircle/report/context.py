"""The report's tables, built from ``summary.json`` and ``siting.json`` as plain text rows.

Each function takes the parsed JSON (and the language) and returns rows of
already formatted strings for the template; nothing here draws or writes.
Keys the report does not know are listed as they are, so a newer
``summary.json`` still gives a complete report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Any

from servicecircle.i18n import demand_words
from servicecircle.report.formatting import (
    by_break,
    fmt_coord,
    fmt_minutes,
    fmt_objective,
    fmt_parameter,
    fmt_people,
    fmt_share,
    fmt_value,
    is_blank,
    number,
)
from servicecircle.report.strings import (
    assumption_label,
    class_label,
    lookup,
    method_label,
    mode_label,
    model_label,
    outlet_type_label,
    status_label,
    text,
)
from servicecircle.staticmaps import ATTRIBUTION

#: Most rows shown in the gaps and must-cover tables (the rest are in the GeoPackage).
MAX_ROWS = 30

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

#: Demand assumption keys with their own place in the report (not a parameter row).
_POPULATION_OWN = frozenset({"formula", "notes", "census_audit"})

#: Analysis parameters in the order the report lists them.
ANALYSIS_KEYS: tuple[str, ...] = (
    "mode",
    "breaks",
    "max_snap_m",
    "gap_join_m",
    "must_cover_share",
    "walk_off_m",
)

Row = dict[str, Any]


def breaks_of(summary: Mapping[str, Any]) -> list[float]:
    """The time breaks of a run, ascending (15 when the summary names none)."""
    assumptions = summary.get("assumptions") or {}
    minutes = summary.get("minutes") or assumptions.get("breaks") or [15]
    return sorted(float(m) for m in minutes)


def _name(value: Any, lang: str) -> str:
    return text("value.unnamed", lang) if is_blank(value) else str(value)


def _minutes_text(minutes: float, lang: str) -> str:
    return f"{minutes:g} 分钟" if lang == "zh" else f"{minutes:g} min"


# --------------------------------------------------------------------------- study area


def source_text(source: Any, lang: str) -> str:
    """A data source as the planner reads it (``pbf:/x/county.osm.pbf`` -> its file name)."""
    raw = "" if source is None else str(source)
    if raw == "sample":
        return text("source.sample", lang)
    kind, _, rest = raw.partition(":")
    if rest and kind in ("pbf", "osm", "xml"):
        return text("source.pbf" if kind == "pbf" else "source.osm", lang, name=PurePath(rest).name)
    if rest and kind == "polygon":  # downloaded online inside a boundary file
        return text("source.polygon", lang, name=PurePath(rest).name)
    if rest and kind in ("place", "bbox"):
        return text(f"source.{kind}", lang, name=rest)
    return raw


def area_rows(summary: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """Name, data, bounds, network, mode, breaks, outlets and people of the study area."""
    area = summary.get("study_area") or {}
    rows = [(text("area.name", lang), str(area.get("name", "")))]
    if area.get("source"):
        rows.append((text("area.source", lang), source_text(area["source"], lang)))
    bounds = area.get("bounds")
    if isinstance(bounds, Mapping):
        bounds = [bounds.get(k) for k in ("west", "south", "east", "north")]
    if isinstance(bounds, Sequence) and len(bounds) == 4:
        rows.append((text("area.bounds", lang), ", ".join(fmt_coord(b) for b in bounds)))
    network = summary.get("network") or {}
    if network:
        value = text(
            "area.network_value",
            lang,
            nodes=fmt_people(network.get("nodes")),
            edges=fmt_people(network.get("edges")),
        )
        rows.append((text("area.network", lang), value))
    if "mode" in summary:
        rows.append((text("area.mode", lang), mode_label(summary["mode"], lang)))
    breaks = ", ".join(f"{m:g}" for m in breaks_of(summary))
    rows.append((text("area.breaks", lang), breaks + (" 分钟" if lang == "zh" else " min")))
    if "n_outlets" in summary:
        rows.append((text("area.outlets", lang), fmt_people(summary["n_outlets"])))
    if "population_total" in summary:
        rows.append((text("area.population", lang), fmt_people(summary["population_total"])))
    if number(summary.get("unreachable_people")) is not None:
        rows.append((text("area.unreachable", lang), fmt_people(summary["unreachable_people"])))
    off_network = summary.get("off_network")
    if isinstance(off_network, Mapping) and number(off_network.get("people")) is not None:
        rows.append((text("area.off_network", lang), fmt_people(off_network["people"])))
    return rows


# --------------------------------------------------------------------------- assumptions


def _distance_m(kmh: float | None, minutes: float) -> str:
    if kmh is None:
        return "—"
    metres = kmh * 1000.0 / 60.0 * minutes
    return f"{round(metres / 10.0) * 10:,.0f}"


def speed_rows(assumptions: Mapping[str, Any], minutes: float, lang: str) -> list[Row]:
    """One row per travel mode: label, km/h and the distance covered in ``minutes``."""
    speeds = assumptions.get("speeds_kmh", assumptions.get("speeds")) or {}
    if not isinstance(speeds, Mapping):
        return []
    main = assumptions.get("mode")
    order = sorted(speeds, key=lambda mode: (mode != main, str(mode)))
    return [
        {
            "mode": mode_label(mode, lang),
            "speed": fmt_parameter(speeds[mode]),
            "distance": _distance_m(number(speeds[mode]), minutes),
        }
        for mode in order
    ]


def outlet_type_rows(assumptions: Mapping[str, Any], lang: str) -> list[Row]:
    """One row per outlet type: label, travel mode, minutes and the distance they allow."""
    kinds = assumptions.get("outlet_types") or {}
    speeds = assumptions.get("speeds_kmh") or {}
    rows: list[Row] = []
    if not isinstance(kinds, Mapping):
        return rows
    for name, kind in kinds.items():
        kind = kind if isinstance(kind, Mapping) else {}
        minutes = number(kind.get("minutes"))
        mode = kind.get("mode")
        kmh = number(speeds.get(mode)) if isinstance(speeds, Mapping) else None
        rows.append(
            {
                "type": outlet_type_label(name, lang),
                "mode": mode_label(mode, lang) if mode else "—",
                "minutes": fmt_parameter(minutes),
                "distance": _distance_m(kmh, minutes) if minutes is not None else "—",
            }
        )
    return rows


def _grid_value(value: Any, lang: str) -> str:
    if not isinstance(value, Mapping):
        return fmt_value(value, lang)
    return text(
        "value.population_grid",
        lang,
        source=str(value.get("source", "")),
        people=fmt_people(value.get("grid_people")),
        homes=fmt_people(value.get("to_homes")),
        cells=fmt_people(value.get("to_cells")),
        points=fmt_people(value.get("cell_points")),
    )


def _population_value(key: str, value: Any, lang: str) -> str:
    if key == "levels_other" and value is None:
        return text("value.median_levels", lang)
    if key == "profile":
        return lookup("PROFILES", value, lang)
    if key in ("profile_reason", "profile_source", "levels_other"):
        return demand_words.assumption_rows({key: value}, lang)[0][1]
    if key == "population_grid":
        return _grid_value(value, lang)
    if key == "user_mode" and isinstance(value, str):
        return text(f"value.user_mode.{value}", lang)
    if key == "census_scaled":
        names = [str(v) for v in value or []] if isinstance(value, (list, tuple)) else []
        return "、".join(names) if names else text("value.not_scaled", lang)
    return fmt_value(value, lang)


def population_context(assumptions: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The population formula, its parameters (label, value) and the estimate's notes."""
    demand = assumptions.get("demand", assumptions.get("population")) or {}
    if not isinstance(demand, Mapping):
        demand = {}
    keys = [k for k in POPULATION_KEYS if k in demand]
    keys += [k for k in demand if k not in POPULATION_KEYS and k not in _POPULATION_OWN]
    formula = demand.get("formula")
    notes = demand.get("notes") or []
    return {
        "rows": [(assumption_label(k, lang), _population_value(k, demand[k], lang)) for k in keys],
        "formula_raw": (
            text("assumptions.formula_raw", lang, formula=formula)
            if formula and formula != DEFAULT_FORMULA
            else ""
        ),
        "notes": [str(n) for n in (notes if isinstance(notes, list) else [notes])],
    }


def _analysis_value(key: str, value: Any, lang: str) -> str:
    if key == "mode":
        return mode_label(value, lang)
    if key == "breaks":
        return ", ".join(fmt_parameter(v) for v in value or [])
    if key == "must_cover_share":
        return fmt_share(value, digits=0)
    return fmt_value(value, lang)


#: Assumption keys shown in their own tables (not under "analysis parameters").
_OWN_TABLES = frozenset(
    {"demand", "population", "speeds", "speeds_kmh", "outlet_types", "data_sources", "sources"}
)


def analysis_rows(assumptions: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """Analysis parameters (mode, breaks, snapping, gaps...), then any unknown keys."""
    keys = [k for k in ANALYSIS_KEYS if k in assumptions]
    keys += [
        k for k in assumptions if k not in ANALYSIS_KEYS and k not in _OWN_TABLES and k != "notes"
    ]
    return [(assumption_label(k, lang), _analysis_value(k, assumptions[k], lang)) for k in keys]


def source_lines(assumptions: Mapping[str, Any], lang: str) -> list[str]:
    """Data sources, always ending with the OpenStreetMap attribution."""
    sources = assumptions.get("data_sources", assumptions.get("sources")) or []
    if isinstance(sources, (str, Mapping)):
        sources = [sources]
    lines = [source_text(s, lang) if isinstance(s, str) else fmt_value(s, lang) for s in sources]
    if not any("OpenStreetMap" in line for line in lines):
        lines.append(ATTRIBUTION)
    return lines


def assumptions_context(summary: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Every assumption of the run, as the tables of section 1."""
    assumptions = summary.get("assumptions") or {}
    if not isinstance(assumptions, Mapping):
        assumptions = {}
    notes = assumptions.get("notes") or []
    main = breaks_of(summary)[-1]
    return {
        "speeds": speed_rows(assumptions, main, lang),
        "speeds_minutes": f"{main:g}",
        "outlet_types": outlet_type_rows(assumptions, lang),
        "population": population_context(assumptions, lang),
        "analysis": analysis_rows(assumptions, lang),
        "sources": source_lines(assumptions, lang),
        "notes": [fmt_value(n, lang) for n in (notes if isinstance(notes, list) else [notes])],
    }


# --------------------------------------------------------------------------- coverage today


def coverage_rows(summary: Mapping[str, Any], breaks: Iterable[float]) -> list[Row]:
    """People covered, not covered and the share, by break."""
    total = number(summary.get("population_total"))
    rows = []
    for m in breaks:
        covered = number(by_break(summary.get("population_covered"), m))
        share = by_break(summary.get("coverage_share"), m)
        if share is None and covered is not None and total:
            share = covered / total
        uncovered = None if covered is None or total is None else total - covered
        rows.append(
            {
                "minutes": f"{m:g}",
                "covered": fmt_people(covered),
                "uncovered": fmt_people(uncovered),
                "share": fmt_share(share),
            }
        )
    return rows


def class_rows(summary: Mapping[str, Any], breaks: Sequence[float], lang: str) -> list[Row]:
    """People by area type with the people covered at the largest break and shares by break."""
    rows = []
    main = breaks[-1]
    for name, entry in (summary.get("by_class") or {}).items():
        if not isinstance(entry, Mapping):
            continue
        shares = []
        for m in breaks:
            covered = number(by_break(entry.get("covered"), m))
            total = number(by_break(entry.get("total"), m))
            shares.append(fmt_share(covered / total if covered is not None and total else None))
        rows.append(
            {
                "label": class_label(name, lang),
                "people": fmt_people(by_break(entry.get("total"), main)),
                "covered": fmt_people(by_break(entry.get("covered"), main)),
                "shares": shares,
            }
        )
    return rows


def must_cover_rows(summary: Mapping[str, Any], lang: str) -> tuple[list[Row], int]:
    """Must-cover areas not yet covered (at most :data:`MAX_ROWS`) and how many were left out."""
    areas = [a for a in summary.get("must_cover_uncovered") or [] if isinstance(a, Mapping)]
    areas.sort(key=lambda a: -(number(a.get("people")) or 0.0))
    rows = [
        {
            "name": _name(a.get("name"), lang),
            "class": class_label(a.get("class", ""), lang),
            "people": fmt_people(a.get("people")),
            "share": fmt_share(a.get("share_covered")),
        }
        for a in areas[:MAX_ROWS]
    ]
    return rows, max(len(areas) - MAX_ROWS, 0)


# --------------------------------------------------------------------------- units


def _unit_rows_from_summary(
    summary: Mapping[str, Any], breaks: Sequence[float], lang: str
) -> dict[str, list[Row]]:
    main = breaks[-1]
    out: dict[str, list[Row]] = {"township": [], "community": []}
    for unit in summary.get("units") or []:
        if not isinstance(unit, Mapping) or unit.get("level") not in out:
            continue
        people = number(unit.get("people"))
        covered_main = number(by_break(unit.get("covered"), main))
        out[str(unit["level"])].append(
            {
                "township": "—" if is_blank(unit.get("township")) else str(unit["township"]),
                "unit": _name(unit.get("name"), lang),
                "people": fmt_people(people),
                "covered": fmt_people(covered_main),
                "uncovered": fmt_people(
                    None if people is None or covered_main is None else people - covered_main
                ),
                "shares": [fmt_share(by_break(unit.get("share"), m)) for m in breaks],
            }
        )
    townships = [u for u in summary.get("units") or [] if u.get("level") == "township"]
    total = number(summary.get("population_total"))
    if townships and total is not None:
        outside = total - sum(number(u.get("people")) or 0.0 for u in townships)
        if outside > 0.5:
            covered: list[float | None] = []
            for m in breaks:
                inside = sum(number(by_break(u.get("covered"), m)) or 0.0 for u in townships)
                everyone = number(by_break(summary.get("population_covered"), m))
                covered.append(None if everyone is None else max(everyone - inside, 0.0))
            last = covered[-1]
            out["township"].append(
                {
                    "township": "—",
                    "unit": text("units.outside", lang),
                    "people": fmt_people(outside),
                    "covered": fmt_people(last),
                    "uncovered": fmt_people(None if last is None else outside - last),
                    "shares": [fmt_share(None if c is None else c / outside) for c in covered],
                }
            )
    return out


def _unit_rows_from_demand(demand: Any, breaks: Sequence[float], lang: str) -> dict[str, list[Row]]:
    from servicecircle.project import coverage_table

    out: dict[str, list[Row]] = {"township": [], "community": []}
    if demand is None or "people" not in demand.columns:
        return out
    if "minutes_to_nearest" not in demand.columns:
        return out
    table = coverage_table(demand, minutes=breaks)
    main = breaks[-1]
    for level in out:
        part = table[table["level"] == level]
        for (township, unit), group in part.groupby(["township", "unit"], sort=True):
            at = group.set_index("minutes")
            people = float(at["people"].iloc[0])
            covered = float(at["covered"].get(main, 0.0))
            out[level].append(
                {
                    "township": str(township) or "—",
                    "unit": _name(unit, lang),
                    "people": fmt_people(people),
                    "covered": fmt_people(covered),
                    "uncovered": fmt_people(people - covered),
                    "shares": [fmt_share(at["share"].get(m)) for m in breaks],
                }
            )
    return out


def unit_tables(
    summary: Mapping[str, Any], demand: Any, breaks: Sequence[float], lang: str
) -> dict[str, list[Row]]:
    """Coverage by township and by community (``summary.units``, else the demand layer)."""
    if summary.get("units"):
        return _unit_rows_from_summary(summary, breaks, lang)
    return _unit_rows_from_demand(demand, breaks, lang)


# --------------------------------------------------------------------------- gaps


def _join(values: Iterable[str], lang: str) -> str:
    return text("reason.list_sep", lang).join(values)


def gap_rows(summary: Mapping[str, Any], lang: str) -> tuple[list[Row], int]:
    """Gaps in rank order (at most :data:`MAX_ROWS`) and how many were left out."""
    gaps = [g for g in summary.get("gaps") or [] if isinstance(g, Mapping)]
    rows = []
    for i, gap in enumerate(gaps[:MAX_ROWS], start=1):
        where = [str(gap[k]) for k in ("name", "township", "community") if not is_blank(gap.get(k))]
        classes = [c for c in str(gap.get("classes") or "").split(",") if c.strip()]
        rows.append(
            {
                "rank": str(gap.get("rank", i)),
                "where": " / ".join(where) or "—",
                "classes": _join((class_label(c.strip(), lang) for c in classes), lang) or "—",
                "people": fmt_people(gap.get("people")),
                "nearest": fmt_minutes(gap.get("nearest_minutes"), lang),
            }
        )
    return rows, max(len(gaps) - MAX_ROWS, 0)


# --------------------------------------------------------------------------- siting


def reasons_text(site: Mapping[str, Any], lang: str) -> str:
    """Why a site was chosen, in the report's language (from its structured fields)."""
    if "newly_covered" not in site or ("gaps" not in site and "must_cover" not in site):
        raw = site.get("reasons")
        if isinstance(raw, (list, tuple)):
            return text("reason.sep", lang).join(str(r) for r in raw)
        return "" if raw is None else str(raw)
    newly = number(site.get("newly_covered")) or 0.0
    parts = [
        text("reason.newly", lang, people=fmt_people(newly))
        if newly > 0.5
        else text("reason.none", lang)
    ]
    ranks = [f"#{int(g)}" for g in site.get("gaps") or [] if number(g) is not None]
    if ranks:
        parts.append(text("reason.gaps", lang, ranks=_join(ranks, lang)))
    names = [str(n) for n in site.get("must_cover") or [] if not is_blank(n)]
    if names:
        parts.append(text("reason.must", lang, names=_join(names, lang)))
    return text("reason.sep", lang).join(parts)


def chosen_rows(siting: Mapping[str, Any], lang: str) -> list[Row]:
    """The new sites in build order with their people newly covered and reasons."""
    chosen = sorted(
        (c for c in siting.get("chosen") or [] if isinstance(c, Mapping)),
        key=lambda c: number(c.get("rank")) or 0.0,
    )
    return [
        {
            "rank": str(c.get("rank", i)),
            "name": _name(c.get("name"), lang),
            "type": outlet_type_label(c["type"], lang) if c.get("type") else "—",
            "lon": fmt_coord(c.get("lon")),
            "lat": fmt_coord(c.get("lat")),
            "newly_covered": fmt_people(c.get("newly_covered")),
            "cumulative": fmt_share(c.get("cumulative_share")),
            "reasons": reasons_text(c, lang),
        }
        for i, c in enumerate(chosen, start=1)
    ]


def _before_after(
    label: str, people: float | None, before: float | None, after: float | None
) -> Row:
    return {
        "label": label,
        "people": fmt_people(people),
        "before": fmt_people(before),
        "after": fmt_people(after),
        "gain": fmt_people(None if after is None or before is None else after - before),
        "share_before": fmt_share(before / people if before is not None and people else None),
        "share_after": fmt_share(after / people if after is not None and people else None),
    }


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def class_before_after(siting: Mapping[str, Any], lang: str) -> list[Row]:
    """People covered by area type before and after the new sites (``coverage_before/after``)."""
    before = siting.get("coverage_before") or {}
    after = siting.get("coverage_after") or {}
    rows = []
    for name in dict.fromkeys([*before, *after]):
        b = _mapping(before.get(name))
        a = _mapping(after.get(name))
        people = number(b.get("total", a.get("total")))
        rows.append(
            _before_after(
                class_label(name, lang), people, number(b.get("covered")), number(a.get("covered"))
            )
        )
    return rows


def _sole_townships(units: Iterable[Any]) -> dict[str, str]:
    """Community name -> township, from ``summary.units``, for names in one township only."""
    townships: dict[str, set[str]] = {}
    for unit in units:
        if (
            isinstance(unit, Mapping)
            and unit.get("level") == "community"
            and not is_blank(unit.get("township"))
        ):
            townships.setdefault(str(unit.get("name")), set()).add(str(unit["township"]))
    return {name: places.pop() for name, places in townships.items() if len(places) == 1}


def unit_before_after(
    siting: Mapping[str, Any], summary: Mapping[str, Any], lang: str
) -> dict[str, list[Row]]:
    """People covered by township and by community before and after (``by_unit``).

    A community is named by its township and its name (``by_unit``'s
    ``township``), so namesakes in different townships are separate rows.
    Rows written before ``by_unit`` named the township take it from
    ``summary.units`` where the name lies in one township only.
    """
    township_of = _sole_townships(summary.get("units") or [])
    out: dict[str, list[Row]] = {"township": [], "community": []}
    for unit in siting.get("by_unit") or []:
        if not isinstance(unit, Mapping) or unit.get("level") not in out:
            continue
        row = _before_after(
            _name(unit.get("name"), lang),
            number(unit.get("people")),
            number(unit.get("covered_before")),
            number(unit.get("covered_after")),
        )
        township: Any = None
        if unit["level"] == "community":
            township = (
                unit["township"] if "township" in unit else township_of.get(str(unit.get("name")))
            )
        row["township"] = "—" if is_blank(township) else str(township)
        out[str(unit["level"])].append(row)
    return out


def method_rows(siting: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """Model, method, status, objective, bound, gap, time and the request's settings."""
    model = str(siting.get("solver_model") or siting.get("model") or "")
    request = siting.get("request") or {}
    rows = [
        (text("method.model", lang), model_label(model, lang)),
        (text("method.method", lang), method_label(siting.get("method", "—"), lang)),
        (text("method.status", lang), status_label(siting.get("status"), lang)),
        (text("method.objective", lang), fmt_objective(siting.get("objective"), model)),
        (text("method.bound", lang), fmt_objective(siting.get("bound"), model)),
        (text("method.gap", lang), fmt_share(siting.get("gap"), digits=2)),
        (text("method.seconds", lang), fmt_parameter(siting.get("seconds"))),
    ]
    if isinstance(request, Mapping):
        if request.get("time_limit") is not None:
            rows.append((text("method.time_limit", lang), fmt_parameter(request["time_limit"])))
        new = request.get("new")
        if isinstance(new, Mapping):
            value = _join(
                (f"{outlet_type_label(k, lang)} {fmt_parameter(v)}" for k, v in new.items()),
                lang,
            )
            rows.append((text("method.new", lang), value))
        elif new is not None:
            rows.append((text("method.new", lang), fmt_parameter(new)))
        if request.get("target") is not None:
            rows.append((text("method.target", lang), fmt_share(request["target"])))
        if request.get("new_types"):
            types = (outlet_type_label(t, lang) for t in request["new_types"])
            rows.append((text("method.new_types", lang), _join(types, lang)))
        must = request.get("must_cover") or []
        rows.append(
            (
                text("method.must_cover", lang),
                _join((class_label(c, lang) for c in must), lang) or "—",
            )
        )
        capacity = request.get("capacity")
        rows.append(
            (
                text("method.capacity", lang),
                fmt_people(capacity) if capacity is not None else text("value.unlimited", lang),
            )
        )
    if number(siting.get("mean_minutes")) is not None:
        rows.append((text("method.mean_minutes", lang), f"{number(siting['mean_minutes']):.1f}"))
    if number(siting.get("people_beyond_cutoff")) is not None:
        rows.append((text("method.beyond", lang), fmt_people(siting["people_beyond_cutoff"])))
    if number(siting.get("uncoverable_must_cover")):
        rows.append(
            (text("method.uncoverable", lang), fmt_people(siting["uncoverable_must_cover"]))
        )
    return rows


def curve_rows(siting: Mapping[str, Any]) -> list[Row]:
    """The coverage curve: people and share covered with 0, 1, ... new outlets."""
    return [
        {
            "n_new": fmt_people(point.get("n_new")),
            "covered": fmt_people(point.get("covered")),
            "share": fmt_share(point.get("share")),
        }
        for point in siting.get("curve") or []
        if isinstance(point, Mapping)
    ]


def siting_context(
    siting: Mapping[str, Any] | None, summary: Mapping[str, Any], lang: str
) -> dict[str, Any] | None:
    """Everything section 5 and the method notes show, or ``None`` without a siting run."""
    if not siting:
        return None
    chosen = chosen_rows(siting, lang)
    newly = sum(number(c.get("newly_covered")) or 0.0 for c in siting.get("chosen") or [])
    before = siting.get("share_before")
    after = siting.get("share_after")
    model = str(siting.get("solver_model") or siting.get("model") or "")
    return {
        "chosen": chosen,
        "summary": text(
            "sites.summary",
            lang,
            n=len(chosen),
            people=fmt_people(newly),
            before=fmt_share(before),
            after=fmt_share(after),
        ),
        "before_after": class_before_after(siting, lang),
        "units": unit_before_after(siting, summary, lang),
        "method": method_rows(siting, lang),
        "objective_meaning": text(f"objective.{model}", lang) if model else "",
        "notes": [str(n) for n in siting.get("notes") or []],
        "curve": curve_rows(siting),
    }
