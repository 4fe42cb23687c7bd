"""English texts of the siting report and the static maps (one place for the language)."""

from __future__ import annotations

from typing import Final

STRINGS: Final[dict[str, str]] = {
    # report
    "report.title": "15-minute employment service circle: coverage and siting report",
    "report.subtitle": "{area}",
    "report.generated": "Generated {date}",
    "report.toc": "Contents",
    "report.key_figures": "Key figures",
    "key.population": "Estimated population",
    "key.coverage": "Covered within {minutes} min",
    "key.standard": "Covered by the service standard",
    "key.gaps": "Coverage gaps",
    "key.new_sites": "Recommended new outlets",
    "key.after": "Coverage after the new outlets",
    "section.area": "1. Study area and assumptions",
    "section.coverage": "2. Coverage today",
    "section.units": "3. Coverage by township/street and community",
    "section.gaps": "4. Gaps, ranked by people",
    "section.sites": "5. Recommended sites, in build order",
    "section.method": "6. Method notes",
    "area.name": "Study area",
    "area.source": "Data",
    "area.bounds": "Bounds (lon/lat)",
    "area.network": "Road network",
    "area.network_value": "{nodes} nodes, {edges} edges",
    "area.mode": "Travel mode",
    "area.breaks": "Time breaks",
    "area.outlets": "Existing outlets",
    "area.population": "Estimated population",
    "area.unreachable": "People the network cannot reach",
    "assumptions.title": "Assumptions and parameters",
    "assumptions.speeds": "Travel speeds",
    "assumptions.speeds_note": "Distance: how far the network takes you in {minutes} minutes.",
    "assumptions.outlet_types": "Outlet types and their service standards",
    "assumptions.population": "Population estimate",
    "assumptions.formula": (
        "People in a building = footprint area × levels × usable share ÷ floor area per "
        "person; scaled to a unit's census total where one was supplied."
    ),
    "assumptions.formula_raw": "Formula as computed: {formula}",
    "assumptions.analysis": "Analysis parameters",
    "assumptions.sources": "Data sources",
    "assumptions.notes": "Notes",
    "assumptions.other": "Other parameters",
    "assumptions.parameter": "Parameter",
    "assumptions.value": "Value",
    "source.sample": (
        "Embedded sample (OpenStreetMap data of central Helsinki, illustrative layers)"
    ),
    "source.pbf": "OpenStreetMap extract {name}",
    "source.osm": "OpenStreetMap extract {name}",
    "source.place": "OpenStreetMap, downloaded for the place {name}",
    "source.bbox": "OpenStreetMap, downloaded for the box {name}",
    "source.polygon": "OpenStreetMap, downloaded inside the boundary {name}",
    "coverage.headline": (
        "{covered} people ({share} of {total}) can reach an outlet within {minutes} minutes."
    ),
    "coverage.standard": (
        "By each outlet type's service standard (mode and minutes in section 1), {covered} "
        "people ({share}) are covered; {unreachable} people cannot be reached on the network."
    ),
    "coverage.by_break": "People covered by time break",
    "coverage.by_class": "People covered by area type",
    "coverage.map": "Coverage today ({minutes} minutes)",
    "coverage.must_cover": "Must-cover areas not yet covered",
    "coverage.must_cover_none": "Every must-cover area is inside the service circle.",
    "coverage.more_rows": "{n} more not listed (see analysis.gpkg).",
    "units.township": "By township / street",
    "units.community": "By community / village",
    "units.note": (
        "These tables go back to the townships, streets and communities. Covered means an "
        "outlet within {minutes} minutes."
    ),
    "units.outside": "(outside every township / street)",
    "units.none": "No township or community boundaries were given, so there are no unit tables.",
    "gaps.none": "There are no coverage gaps.",
    "gaps.map": "Coverage gaps",
    "gaps.note": (
        "A gap is a cluster of neighbouring demand units with no outlet within {minutes} "
        "minutes, ranked by people not covered."
    ),
    "sites.none": "No siting run yet (servicecircle site).",
    "sites.map": "Recommended sites over today's coverage",
    "sites.curve": "Coverage by number of new outlets",
    "sites.curve_table": "Coverage curve",
    "sites.before_after": "Coverage before and after the new outlets, by area type",
    "sites.before_after_units": (
        "Coverage before and after the new outlets, by township and community"
    ),
    "sites.standard_note": (
        "Coverage here follows each outlet type's service standard (mode and minutes in section 1)."
    ),
    "sites.summary": (
        "{n} new outlets, built in this order, newly cover {people} people: coverage rises "
        "from {before} to {after}."
    ),
    "sites.zero": "No new outlet is needed for this request.",
    "reason.newly": "newly covers {people} people",
    "reason.none": "adds no coverage (everyone it reaches is covered already); not needed",
    "reason.gaps": "serves gap {ranks}",
    "reason.must": "covers must-cover area {names}",
    "reason.sep": "; ",
    "reason.list_sep": ", ",
    "method.coverage_rule": (
        "A demand unit is covered when the network travel time to its nearest outlet is at "
        "most the break; units the network cannot reach count as uncovered. Travel times "
        "use each mode's speed on the real road network."
    ),
    "method.siting": "Siting",
    "method.model": "Location model",
    "method.method": "Solution method",
    "method.status": "Solver status",
    "method.objective": "Objective",
    "method.bound": "Best bound",
    "method.gap": "Optimality gap",
    "method.seconds": "Solver time (s)",
    "method.time_limit": "Time limit (s)",
    "method.new": "New outlets asked for",
    "method.target": "Coverage target",
    "method.must_cover": "Area types that must be covered",
    "method.capacity": "People one outlet can serve",
    "method.new_types": "Type of the new outlets",
    "method.mean_minutes": "Mean travel time (minutes)",
    "method.beyond": "People beyond the computed range",
    "method.uncoverable": "Must-cover units no site can reach",
    "method.notes": "Solver notes",
    "method.gap_rule": (
        "Gap = |bound − objective| ÷ |bound|; a gap of 0 means proven optimal. "
        "Objective: {objective}"
    ),
    "objective.mclp": "people covered (weighted by area type, including those covered today)",
    "objective.capacitated_mclp": "people served within outlet capacities (weighted by area type)",
    "objective.min_outlets": "number of new outlets",
    "objective.pmedian": "people-weighted sum of minutes to the nearest outlet",
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
    "col.type": "Type",
    "col.nearest": "Nearest outlet (min)",
    "col.lon": "Lon",
    "col.lat": "Lat",
    "col.newly_covered": "Newly covered",
    "col.cumulative": "Cumulative share",
    "col.reasons": "Reasons",
    "col.before": "Before",
    "col.after": "After",
    "col.gain": "Gain",
    "col.share_before": "Share before",
    "col.share_after": "Share after",
    "col.n_new": "New outlets",
    "col.where": "Where",
    "col.classes": "Area types",
    "col.mode": "Mode",
    "col.speed": "Speed (km/h)",
    "col.distance": "Distance in {minutes} min (m)",
    "col.distance_standard": "Distance in the standard time (m)",
    "col.outlet_type": "Outlet type",
    "col.standard": "Standard (minutes)",
    "col.parameter": "Parameter",
    "col.value": "Value",
    "value.unreachable": "unreachable",
    "value.none": "—",
    "value.total": "Total",
    "value.unnamed": "(unnamed)",
    "value.yes": "yes",
    "value.no": "no",
    "value.unlimited": "unlimited",
    "value.not_scaled": "not scaled (no census totals given)",
    "value.median_levels": "median of the tagged residential buildings",
    "value.user_mode.add": "added to the estimate",
    "value.user_mode.replace": "replace the estimate",
    # demand quality, census audit, people off the road network
    "quality.title": "How far the population estimate can be trusted",
    "quality.intro": (
        "The estimate's density against the plausible range of its regional profile, and "
        "where its people come from. The final estimate is the one every table uses."
    ),
    "quality.profile": "Regional profile",
    "quality.profile_value": "{profile} ({reason})",
    "quality.top_down": "Top-down totals applied",
    "quality.top_down_none": "none (the estimate from buildings and land use)",
    "quality.measure": "Measure",
    "quality.final": "Final estimate",
    "quality.map_estimate": "From the map alone",
    "quality.value": "Value",
    "quality.expected": "Expected for the profile",
    "quality.band": "{low}–{high}",
    "quality.residents": "Residents",
    "quality.study_area_km2": "Study area (km²)",
    "quality.residential_land_km2": "Residential land use (km²)",
    "quality.density_study_area": "Residents per km² of the study area",
    "quality.density_residential_land": "Residents per km² of residential land",
    "quality.share_tagged_levels": "Share in buildings with tagged levels (or a height)",
    "quality.share_assumed_levels": "Share in buildings with assumed levels",
    "quality.share_from_land": "Share from land at a density",
    "quality.share_from_grid": "Share in population-grid cells without mapped homes",
    "quality.what_study_area": "the study area",
    "quality.what_residential_land": "residential land",
    "quality.too_low": (
        "Warning: {density} residents per km² of {what}, below the {low}–{high} expected "
        "for a {profile}: the estimate is likely too low. Supply census totals (--census) or "
        "a population grid (--population-grid)."
    ),
    "quality.too_high": (
        "Warning: {density} residents per km² of {what}, above the {low}–{high} expected "
        "for a {profile}: the estimate is likely too high. Check the buildings counted as "
        "homes (the basis of each building), or supply census totals."
    ),
    "quality.after_totals": (
        "{density} residents per km² of {what}, outside the {low}–{high} expected for a "
        "{profile}, after the {totals}: the totals supplied set it. Check the census audit "
        "for units left without a total, or choose another regional profile."
    ),
    "quality.map_warnings": "The estimate from the map alone, before the totals:",
    "quality.no_warning": "The density lies within the profile's plausible range.",
    "quality.by_basis": "Residents by basis",
    "quality.excluded": (
        "People the floor area of buildings judged not to be homes would have held (not counted)"
    ),
    "quality.by_decision": "Buildings by decision",
    "quality.other_bases": "(other bases)",
    "col.basis": "Basis",
    "col.buildings": "Buildings",
    "census.title": "Census audit",
    "census.note": (
        "Residents estimated in each unit before scaling, the census total, and their ratio "
        "(census ÷ estimate)."
    ),
    "col.level": "Level",
    "col.estimate": "Estimate",
    "col.census": "Census",
    "col.ratio": "Ratio",
    "col.status": "Status",
    "col.road_m": "Distance to a road (m)",
    "offnet.title": "People off the road network",
    "offnet.summary": (
        "{people} people in {units} places lie farther than {limit} m from any road. They are "
        "listed here, apart from the gaps: no travel time can be measured for them, and no "
        "new outlet is placed for them."
    ),
    "offnet.none": "Every demand unit lies within {limit} m of a road.",
    "area.off_network": "People off the road network",
    "value.population_grid": (
        "{source}: {people} people in the study area; {homes} shared among the homes in their "
        "cells, {cells} in {points} cells without mapped homes"
    ),
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
    "map.legend": "Legend",
    "map.demand": "Demand (people)",
    "map.isochrones": "Service areas",
    "map.minutes_label": "≤ {minutes} min",
    "map.boundaries": "Townships and communities",
    "map.gaps": "Coverage gaps",
    "chart.curve_title": "Coverage by number of new outlets",
    "chart.x": "new outlets",
    "chart.y": "people covered (%)",
    "chart.target": "target {share}",
    "chart.reached": "{n}",
}

PROFILES: Final[dict[str, str]] = {
    "china_city": "Chinese city",
    "china_town": "Chinese town and village",
    "elsewhere": "region outside China",
}

TOP_DOWN: Final[dict[str, str]] = {
    "census totals": "census totals",
    "population grid": "population grid",
}

DECISIONS: Final[dict[str, str]] = {
    "residential": "homes",
    "non-residential": "not homes",
    "industrial": "industrial (workers)",
}

AUDIT_LEVELS: Final[dict[str, str]] = {
    "township": "township / street",
    "community": "community / village",
    "area": "census area",
    "unit": "unit",
    "outside": "outside every census area",
}

CENSUS_STATUS: Final[dict[str, str]] = {
    "scaled": "scaled",
    "no census total": "no census total",
    "no census total; scaled with its township": "no census total; scaled with its township",
    "not found": "not found",
    "several units match": "several units match",
    "unit given twice": "unit given twice",
    "no residents estimated": "no residents estimated",
    "smaller than its communities": "smaller than its communities",
}

CLASSES: Final[dict[str, str]] = {
    "residential": "residential area",
    "industrial": "industrial agglomeration",
    "relocation": "relocation / resettlement area",
    "user": "uploaded area",
    "settlement": "dense settlement",
    "all": "all",
}

MODES: Final[dict[str, str]] = {
    "walk": "walking",
    "walk_strict": "walking (elderly)",
    "bike": "cycling",
    "ebike": "e-bike",
    "drive": "driving",
}

OUTLET_TYPES: Final[dict[str, str]] = {
    "community_window": "community service window",
    "doorstep_station": "doorstep employment station",
    "employment_post": "employment post",
    "gig_market": "gig (day-labour) market",
    "default": "existing outlets (one standard)",
}

MODELS: Final[dict[str, str]] = {
    "mclp": "maximal covering (MCLP)",
    "capacitated_mclp": "maximal covering with capacities (MCLP)",
    "min_outlets": "fewest outlets (set covering)",
    "pmedian": "p-median",
}

METHODS: Final[dict[str, str]] = {
    "exact": "exact (HiGHS mixed-integer programming)",
    "heuristic": "heuristic (greedy, local search, HiGHS sub-problem) with a bound",
}

#: Labels of assumption keys, units included.
ASSUMPTION_LABELS: Final[dict[str, str]] = {
    "speeds": "Speeds",
    "speeds_kmh": "Speeds (km/h)",
    "breaks": "Breaks (minutes)",
    "minutes": "Breaks (minutes)",
    "mode": "Main travel mode",
    "m2_per_person": "Dwelling floor area per person (m²)",
    "usable_share": "Usable share of gross floor area",
    "levels_house": "Levels of untagged houses",
    "levels_apartment": "Levels of untagged apartment blocks",
    "levels_other": "Levels of other untagged buildings",
    "min_footprint_m2": "Smallest footprint with residents (m²)",
    "residential_density_per_ha": "Residential land without buildings (people/ha)",
    "industrial_jobs_per_ha": "Industrial land (workers/ha)",
    "access_spacing_m": "Access-point spacing in large areas (m)",
    "populated_within_m": "Residential land counted within this distance of a road (m)",
    "user_mode": "Uploaded demand points",
    "census_scaled": "Units scaled to census totals",
    "profile": "Regional profile",
    "profile_reason": "Why this profile",
    "profile_source": "Source of the profile's values",
    "metres_per_level": "Storey height, to read levels from a height (m)",
    "max_footprint_m2": "Largest footprint counted as one building (m²; larger: land)",
    "unmapped_cell_m": "Cell size for unmapped residential land (m)",
    "overrides_by_id": "Buildings the planner marked home / not home by id",
    "population_grid": "Population grid",
    "census_audit": "Census audit",
    "prefer_connected_m": "Attach to the connected network within (m)",
    "connected_piece_m": "Network pieces at least this long count as connected (m)",
    "formula": "Formula",
    "max_snap_m": "Largest distance to the network (m)",
    "gap_join_m": "Gap joining distance (m)",
    "must_cover_share": "Share of an industrial/relocation area within reach to count as covered",
    "walk_off_m": "Service-area buffer around reached streets (m)",
    "data_sources": "Data sources",
    "notes": "Notes",
    "crs": "Coordinate system",
}

STATUS: Final[dict[str, str]] = {
    "optimal": "optimal (proven)",
    "time_limit": "time limit reached (best plan found, with its gap)",
    "feasible": "feasible",
    "heuristic": "heuristic (with its gap)",
    "infeasible": "infeasible",
}
