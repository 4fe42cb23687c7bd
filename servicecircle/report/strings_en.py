"""English texts of the siting report and the static maps (one place for the language)."""

from __future__ import annotations

from typing import Final

STRINGS: Final[dict[str, str]] = {
    # report
    "report.title": "15-minute employment service circle: coverage and siting report",
    "report.subtitle": "{area}",
    "report.generated": "Generated {date}",
    "report.toc": "Contents",
    "section.area": "1. Study area and assumptions",
    "section.coverage": "2. Coverage today",
    "section.units": "3. Coverage by township/street and community",
    "section.gaps": "4. Gaps, ranked by people",
    "section.sites": "5. Recommended sites, in build order",
    "section.method": "6. Method notes",
    "area.name": "Study area",
    "area.bounds": "Bounds (lon/lat)",
    "area.network": "Road network",
    "area.network_value": "{nodes} nodes, {edges} edges",
    "area.mode": "Travel mode",
    "area.breaks": "Time breaks",
    "area.outlets": "Existing outlets",
    "area.population": "Estimated population",
    "assumptions.title": "Assumptions and parameters",
    "assumptions.speeds": "Speeds",
    "assumptions.population": "Population estimate",
    "assumptions.formula": (
        "People in a building = footprint area × levels × usable share ÷ floor area per "
        "person; scaled to a unit's census total where one was supplied."
    ),
    "assumptions.sources": "Data sources",
    "assumptions.notes": "Notes",
    "assumptions.other": "Other parameters",
    "assumptions.parameter": "Parameter",
    "assumptions.value": "Value",
    "coverage.headline": (
        "{covered} people ({share} of {total}) can reach an outlet within {minutes} minutes."
    ),
    "coverage.by_break": "People covered by time break",
    "coverage.by_class": "People covered by area type",
    "coverage.map": "Coverage today ({minutes} minutes)",
    "coverage.must_cover": "Must-cover areas not yet covered",
    "coverage.must_cover_none": "Every must-cover area is inside the service circle.",
    "units.township": "By township / street",
    "units.community": "By community / village",
    "units.note": (
        "These tables go back to the townships, streets and communities. Covered means an "
        "outlet within {minutes} minutes."
    ),
    "units.none": "The demand data has no township or community column.",
    "gaps.none": "There are no coverage gaps.",
    "gaps.map": "Coverage gaps",
    "sites.none": "No siting run yet (servicecircle site).",
    "sites.map": "Recommended sites over today's coverage",
    "sites.curve": "Coverage by number of new outlets",
    "sites.before_after": "Coverage before and after the new outlets ({minutes} minutes)",
    "sites.summary": "{n} new outlets, built in this order, newly cover {people} people.",
    "method.model": "Location model",
    "method.objective": "Objective",
    "method.bound": "Best bound",
    "method.gap": "Optimality gap",
    "method.status": "Solver status",
    "method.coverage_rule": (
        "A demand unit is covered when the network travel time to its nearest outlet is at "
        "most the break; units the network cannot reach count as uncovered."
    ),
    "method.gap_rule": "Gap = (bound − objective) ÷ bound; a gap of 0 means proven optimal.",
    "col.at_minutes": "{label} ({minutes} min)",
    "col.minutes": "Break (minutes)",
    "col.people": "People",
    "col.covered": "Covered",
    "col.uncovered": "Not covered",
    "col.share": "Share",
    "col.class": "Area type",
    "col.township": "Township / street",
    "col.community": "Community / village",
    "col.rank": "Rank",
    "col.name": "Name",
    "col.nearest": "Nearest outlet (min)",
    "col.lon": "Lon",
    "col.lat": "Lat",
    "col.newly_covered": "Newly covered",
    "col.reasons": "Reasons",
    "col.before": "Before",
    "col.after": "After",
    "col.gain": "Gain",
    "col.n_new": "New outlets",
    "col.where": "Where",
    "value.unreachable": "unreachable",
    "value.none": "—",
    "value.total": "Total",
    "value.unnamed": "(unnamed)",
    "footer.attribution": "Map data © OpenStreetMap contributors (ODbL)",
    "footer.tool": "Made with servicecircle",
    # maps
    "map.covered": "within {minutes} min (covered)",
    "map.uncovered": "beyond {minutes} min (not covered)",
    "map.isochrone": "{minutes}-minute area",
    "map.outlets": "existing outlets",
    "map.chosen": "recommended new outlets",
    "map.units": "admin boundaries",
    "map.gap": "gap (rank by people)",
    "map.gained": "newly covered",
    "map.lost": "coverage lost",
    "map.added": "outlet added",
    "map.removed": "outlet removed",
    "map.north": "N",
    "map.change_title": "Scenario comparison: change in coverage ({minutes} min)",
    "map.gaps_title": "Coverage gaps",
    "map.coverage_title": "{minutes}-minute employment service circle",
    "chart.curve_title": "Coverage by number of new outlets",
    "chart.x": "new outlets",
    "chart.y": "people covered (%)",
    "chart.target": "target {share}",
    "chart.reached": "{n}",
}

CLASSES: Final[dict[str, str]] = {
    "residential": "residential area",
    "industrial": "industrial agglomeration",
    "relocation": "relocation / resettlement area",
    "user": "uploaded area",
    "settlement": "dense settlement",
}

MODES: Final[dict[str, str]] = {
    "walk": "walking",
    "walk_strict": "walking (elderly)",
    "bike": "cycling",
    "ebike": "e-bike",
    "drive": "driving",
}

ASSUMPTION_LABELS: Final[dict[str, str]] = {
    "speeds": "Speeds",
    "speed_kmh": "Speed (km/h)",
    "walk": "walking (km/h)",
    "walk_strict": "walking, elderly (km/h)",
    "bike": "cycling (km/h)",
    "ebike": "e-bike (km/h)",
    "drive": "driving",
    "breaks": "Breaks (minutes)",
    "minutes": "Breaks (minutes)",
    "population": "Population estimate",
    "m2_per_person": "Floor area per person (m²)",
    "usable_share": "Usable share of gross floor area",
    "levels_house": "Levels of untagged houses",
    "levels_apartment": "Levels of untagged apartment blocks",
    "levels_default": "Levels of other untagged buildings",
    "census_scaling": "Scaled to census totals",
    "data_sources": "Data sources",
    "sources": "Data sources",
    "notes": "Notes",
    "crs": "Coordinate system",
    "snap_max_m": "Max. snapping distance (m)",
    "mode": "Travel mode",
}

STATUS: Final[dict[str, str]] = {
    "optimal": "optimal",
    "time_limit": "time limit reached",
    "feasible": "feasible",
    "heuristic": "heuristic",
    "infeasible": "infeasible",
}
