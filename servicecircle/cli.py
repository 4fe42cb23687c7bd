"""The ``servicecircle`` command line: the same pipeline as the app, from the shell.

Subcommands
-----------
info AREA [--json]
    Layer counts and bounds of a study area.
analyze AREA [--outlets FILE|osm] [--mode MODE] [--minutes 5,10,15] ... [--out DIR]
    Coverage of today's outlets: analysis.gpkg and summary.json.
site AREA --outlets FILE|osm (--new P | --target SHARE) [--must-cover ...] [--out DIR]
    Where the next outlets should go: siting.gpkg and siting.json.
report DIR [--lang zh|en] [--format html,pdf]
    The siting report from the outputs of analyze and site.
map DIR [--out maps/NAME.html] [--basemap none|osm|cartodb|tianditu]
    The interactive map of those outputs as one HTML file that opens offline.
app [--port N]
    Start the web app.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from tqdm import tqdm

from servicecircle import __version__
from servicecircle._progress import Progress
from servicecircle.errors import PLANNER_ERRORS, InputDataError

if TYPE_CHECKING:
    from servicecircle.results.demand_records import DemandQualitySummary
    from servicecircle.results.schema import CoverageSummary, OffNetwork
    from servicecircle.sources.files.raw import GeometryKind

logger = logging.getLogger(__name__)

AREA_HELP = (
    "study area: 'sample', a .osm.pbf / .osm / .osm.xml(.bz2/.gz) file, 'place:NAME', "
    "'bbox:W,S,E,N', or a boundary polygon file (downloaded online)"
)


@contextmanager
def progress_bar(description: str, *, enabled: bool = True) -> Iterator[Progress]:
    """Yield a ``(fraction, message)`` callback drawing a tqdm bar on stderr."""
    bar = tqdm(
        total=100,
        desc=description,
        unit="%",
        disable=not enabled,
        leave=False,
        bar_format="{desc}: {percentage:3.0f}%|{bar}| {postfix}",
    )

    def update(fraction: float, message: str) -> None:
        bar.n = round(100 * min(max(fraction, 0.0), 1.0))
        bar.set_postfix_str(message, refresh=False)
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()


def _load_area(args: argparse.Namespace) -> Any:
    from servicecircle.sources import study_area_from

    with progress_bar("loading study area", enabled=not args.quiet) as update:
        return study_area_from(args.area, boundary=args.boundary, progress=update)


def command_info(args: argparse.Namespace) -> int:
    """Print the layer counts and bounds of a study area."""
    area = _load_area(args)
    summary = area.summary()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    bounds = summary["bounds"]
    print(f"{summary['name']}  ({summary['source']})")
    for key in ("nodes", "edges", "buildings", "landuse", "premises", "boundaries"):
        print(f"  {key:<11}{summary[key]:>9,}")
    for title, key in (("land use", "landuse_by_class"), ("premises", "premises_by_kind")):
        if summary[key]:
            parts = ", ".join(f"{k} {v}" for k, v in summary[key].items())
            print(f"  {title}: {parts}")
    print("  bounds     W {west:.5f}  S {south:.5f}  E {east:.5f}  N {north:.5f}".format(**bounds))
    for note in summary["notes"]:
        print(f"  note: {note}")
    print(f"  data {summary['attribution']}")
    return 0


def _user_layer(
    path: str | None,
    args: argparse.Namespace,
    area: Any,
    geometry: GeometryKind,
    *,
    sites: bool = False,
) -> Any:
    """Read one of the planner's layers into WGS-84 (None when not given).

    ``sites`` (outlets, candidate sites) holds the file to the ``outlets`` limit;
    ``FILE::LAYER`` picks one layer of a GeoPackage or zip holding several.
    """
    if path is None:
        return None
    from pathlib import Path

    from servicecircle.limits import current_limits
    from servicecircle.sources.files.read import read_layer

    path, _, layer = str(path).partition("::")  # FILE::LAYER picks one of several layers
    loaded = read_layer(
        path,
        layer=layer or None,
        crs=args.crs,
        study_bounds=area.bounds,
        geometry=geometry,
        max_features=current_limits().outlets if sites else None,
    )
    name = Path(path).name
    for note in loaded.notes:
        logger.warning("%s", note if note.startswith(name) else f"{path}: {note}")
    return loaded.frame


def _breaks(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError as error:
        raise InputDataError(
            f"--minutes {text!r} is not a list of numbers; write e.g. --minutes 5,10,15"
        ) from error


#: The longest break --minutes accepts (a service circle of four hours is no circle).
MAX_MINUTES = 240.0
#: The fastest --speed accepts, in km/h.
MAX_SPEED_KMH = 200.0


def _range_text(low: float, high: float | None, *, low_included: bool, unit: str) -> str:
    lower = f"at least {low:g}" if low_included else f"more than {low:g}"
    upper = f" and at most {high:g}" if high is not None else ""
    return f"{lower}{upper}{unit}"


def number_in(
    low: float,
    high: float | None = None,
    *,
    low_included: bool = False,
    whole: bool = False,
    unit: str = "",
    kind: str | None = None,
) -> Callable[[str], float]:
    """An argparse ``type`` that accepts a finite number in a range and says the range otherwise.

    Parameters
    ----------
    low, high
        The range; ``high=None`` for no upper limit (always included).
    low_included
        Whether ``low`` itself is allowed (else only numbers above it).
    whole
        Only whole numbers (the value is returned as ``int``).
    unit
        Shown after the range, e.g. ``" km/h"``.
    kind
        What the value is, for the message (default "a number" / "a whole number").
    """
    allowed = _range_text(low, high, low_included=low_included, unit=unit)
    kind = kind or ("a whole number" if whole else "a number")

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not {kind}; give {kind} {allowed}"
            ) from None
        below = value < low or (value == low and not low_included)
        if not math.isfinite(value) or below or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"give {kind} {allowed}, not {text}")
        if whole:
            if not value.is_integer():
                raise argparse.ArgumentTypeError(f"give {kind} {allowed}, not {text}")
            return int(value)
        return value

    parse.__name__ = "whole number" if whole else "number"
    return parse


def minutes_list(text: str) -> str:
    """An argparse ``type`` for ``--minutes``: ascending minutes above 0 (kept as written)."""
    allowed = f"more than 0 and at most {MAX_MINUTES:g}"
    try:
        values = _breaks(text)
    except InputDataError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of minutes; write e.g. 5,10,15 (each {allowed})"
        ) from None
    if not values:
        raise argparse.ArgumentTypeError("give at least one break, e.g. 5,10,15")
    wrong = [v for v in values if not (math.isfinite(v) and 0 < v <= MAX_MINUTES)]
    if wrong:
        raise argparse.ArgumentTypeError(
            f"each break must be {allowed} minutes, not {', '.join(f'{v:g}' for v in wrong)}"
        )
    if list(values) != sorted(set(values)):
        raise argparse.ArgumentTypeError(
            f"give the breaks in ascending order without repeats, e.g. 5,10,15, not {text}"
        )
    return text


def with_user_boundaries(args: argparse.Namespace, area: Any) -> Any:
    """The study area with the planner's ``--boundaries`` in place of its own (if given).

    The boundaries are part of the area, so the demand units are named after
    them and the coverage table by township and community (the ``units``
    layer) takes its polygons from them: one set of boundaries for both.
    """
    boundaries = _user_layer(args.boundaries, args, area, "polygon")
    if boundaries is None:
        return area
    from dataclasses import replace

    from servicecircle.sources.normalize import boundaries_layer

    if "admin_level" not in boundaries.columns:
        boundaries = boundaries.assign(admin_level=8)
    layer = boundaries_layer(boundaries)
    if len(layer) == 0:
        raise InputDataError(
            f"{args.boundaries}: no boundary polygon with a usable admin_level was found; "
            "give polygons, with an admin_level column (6 county, 8 township, 10 community) "
            "or none (all are then taken as townships)."
        )
    return replace(area, boundaries=layer)


def _file_and_part(text: str) -> tuple[str, str | None]:
    """``FILE::PART`` (a layer or sheet) split; PART None when not given."""
    path, _, part = str(text).partition("::")
    return path, part or None


def top_down_inputs(args: argparse.Namespace, area: Any) -> tuple[Any, Any, Any]:
    """The study area with ``--buildings``, the ``--census`` totals and the ``--population-grid``.

    Each file is read before the slow demand estimate starts, so a bad one is
    said at once.
    """
    census = grid = None
    if args.buildings:
        from servicecircle.demand.user_buildings import read_buildings, with_buildings

        path, layer = _file_and_part(args.buildings)
        planner = read_buildings(path, crs=args.crs, study_bounds=area.bounds, layer=layer)
        for note in planner.notes:
            logger.warning("%s", note)
        area = with_buildings(area, planner, args.buildings_mode)
    if args.census:
        from servicecircle.demand.census import read_census

        path, part = _file_and_part(args.census)
        census = read_census(path, layer=part, crs=args.crs, study_bounds=area.bounds)
    if args.population_grid:
        from servicecircle.demand.raster import read_population_grid

        grid = read_population_grid(args.population_grid, area.extent)
    return area, census, grid


def print_census_audit(audit: Sequence[dict[str, Any]]) -> None:
    """Print the census audit: per unit the estimate, the census total and their ratio."""
    if not audit:
        return
    print("census totals (estimate -> census, ratio):")
    for row in audit:
        name = row.get("census_name") or "/".join(
            str(v) for v in (row.get("township"), row.get("community")) if v
        )
        estimate, census, ratio = row.get("estimate"), row.get("census"), row.get("ratio")
        numbers = f"{estimate:,.0f}" if estimate is not None else "-"
        numbers += f" -> {census:,.0f}" if census is not None else ""
        numbers += f", x{ratio:.2f}" if ratio is not None else ""
        print(f"  {name or row.get('level')}: {numbers}; {row.get('status')}")


def _count(value: float | None) -> str:
    return f"{value:,.0f}" if isinstance(value, int | float) else "-"


def _band(band: tuple[float, float]) -> str:
    return f"{band[0]:,.0f}-{band[1]:,.0f}"


def _densities(quality: DemandQualitySummary) -> str:
    """The densities with their bands, in one clause (residential land only when there is some)."""
    clause = (
        f"{_count(quality.density_study_area)} per km² of the study area "
        f"(expected {_band(quality.band_study_area)})"
    )
    if quality.density_residential_land is not None:
        clause += (
            f", {_count(quality.density_residential_land)} per km² of residential land "
            f"(expected {_band(quality.band_residential_land)})"
        )
    return clause


def demand_quality_lines(quality: DemandQualitySummary | None) -> list[str]:
    """``summary.json``'s ``demand_quality`` as the lines the command line prints.

    The final estimate's densities, profile and level shares; the map
    estimate's densities when top-down totals changed them; then the warning
    and any notes.
    """
    if quality is None:
        return []
    applied = list(quality.top_down)
    after = f", after the {' and '.join(applied)}" if applied else ""
    shares = [
        f"{label} {value:.0%}"
        for label, value in (
            ("tagged levels", quality.share_tagged_levels),
            ("assumed levels", quality.share_assumed_levels),
            ("land at a density", quality.share_from_land),
            ("grid cells", quality.share_from_grid),
        )
        if value is not None and value > 0
    ]
    lines = [
        f"demand quality{after}: {_count(quality.residents)} residents, {_densities(quality)}; "
        f"profile: {quality.profile_label or quality.profile}"
        + (f"; people from {', '.join(shares)}" if shares else "")
    ]
    before = quality.map_estimate
    if applied and before is not None:
        lines.append(
            f"  the map estimate alone: {_count(before.residents)} residents, {_densities(before)}"
        )
    if quality.warning:
        lines.append(f"  warning: {quality.warning}")
    lines.extend(f"  note: {note}" for note in quality.notes)
    return lines


def off_network_line(off_network: OffNetwork) -> str:
    """``summary.json``'s ``off_network`` in one line."""
    limit = f"{off_network.limit_m:,.0f} m"
    units = off_network.units
    if units == 0:
        return f"off the road network: nobody (every demand unit lies within {limit} of a road)"
    return (
        f"off the road network: {_count(off_network.people)} people in {units:,} "
        f"place{'s' if units != 1 else ''} farther than {limit} "
        "from any road (listed apart from the gaps: layer off_network of analysis.gpkg)"
    )


def print_demand_summary(summary: CoverageSummary) -> None:
    """Print the demand quality and the people off the road network of a run."""
    for line in demand_quality_lines(summary.demand_quality):
        print(line)
    print(off_network_line(summary.off_network))


def prepare_inputs(args: argparse.Namespace, area: Any) -> dict[str, Any]:
    """Demand, outlets and settings from the command line (shared by analyze and site).

    ``area`` should already hold the planner's boundaries
    (:func:`with_user_boundaries`).
    """
    from servicecircle.coverage import CoverageSettings
    from servicecircle.demand import DemandSettings, demand_from_area
    from servicecircle.outlets import outlets_from_osm, prepare_outlets
    from servicecircle.sources.sample import sample_layer

    is_sample = str(args.area).strip().lower() == "sample"
    # outlets first: none found in OSM is said before the slow demand estimate
    if args.outlets == "osm":
        raw_outlets = outlets_from_osm(area)
    elif args.outlets is None:
        if not is_sample:
            raise InputDataError(
                "Say where today's outlets are: --outlets FILE (points) or --outlets osm "
                "(employment services, community centres and townhalls found in "
                "OpenStreetMap by their tags or names)."
            )
        raw_outlets = sample_layer("outlets")
    else:
        raw_outlets = _user_layer(args.outlets, args, area, "point", sites=True)
    relocation = _user_layer(args.relocation, args, area, "polygon")
    industrial = _user_layer(args.industrial, args, area, "polygon")
    if is_sample:
        relocation = sample_layer("relocation") if relocation is None else relocation
        industrial = sample_layer("industrial") if industrial is None else industrial
    points = _user_layer(args.demand, args, area, "point")
    demand_area, census, grid = top_down_inputs(args, area)
    demand = demand_from_area(
        demand_area,
        settings=DemandSettings(profile=args.profile, m2_per_person=args.m2_per_person),
        relocation=relocation,
        industrial=industrial,
        user_points=points,
        user_mode=args.demand_mode,
        census=census,
        population_grid=grid,
    )
    print_census_audit(demand.assumptions.get("census_audit") or [])
    speeds = {args.mode: args.speed} if args.speed is not None else {}
    settings = CoverageSettings(mode=args.mode, breaks=_breaks(args.minutes), speeds_kmh=speeds)
    outlet_types = settings.outlet_types
    if args.outlets == "osm" or "outlet_type" not in raw_outlets.columns:
        # one standard for all: the chosen mode and the largest break
        from servicecircle.outlets import OutletType

        outlet_types = {"default": OutletType("default", args.mode, settings.breaks[-1])}
        raw_outlets = raw_outlets.assign(outlet_type="default")
        settings = CoverageSettings(
            mode=args.mode, breaks=settings.breaks, outlet_types=outlet_types, speeds_kmh=speeds
        )
    outlets = prepare_outlets(raw_outlets, area=area, types=outlet_types)
    # the area as the demand saw it: its notes say what --buildings did, for the summary
    return {"demand": demand, "outlets": outlets, "settings": settings, "area": demand_area}


def save_to_project(args: argparse.Namespace, area: Any, out_dir: Any) -> Any:
    """Add the run in ``out_dir`` as a scenario to the project file ``--project`` (if given).

    The project is created when the file does not exist; a scenario of the same
    name is replaced. The project is loaded, changed and saved under its lock,
    so runs saving to the same project queue and none loses its scenario.
    Saving is atomic, so a failure leaves the old file intact; a file that is
    not a servicecircle project is never replaced.
    """
    if not args.project:
        return None
    from dataclasses import replace
    from pathlib import Path

    from servicecircle.project import Project, scenario_from_outputs, update_project

    path = Path(args.project)
    parameters: dict[str, Any] = {
        key: value
        for key, value in vars(args).items()
        if key not in ("handler", "quiet", "verbose", "project", "scenario")
        and isinstance(value, str | int | float | bool | type(None))
    }
    parameters["minutes"] = list(_breaks(args.minutes))
    scenario = scenario_from_outputs(
        out_dir, name=args.scenario or "scenario", parameters=parameters
    )
    names: list[str] = []

    def add(project: Project | None) -> Project:
        if project is None:
            project = Project(
                name=area.name,
                settings={"area": str(args.area), "source": area.source, "mode": args.mode},
                layers={"boundaries": area.boundaries},
            )
        names.append(args.scenario or f"scenario {len(project.scenarios) + 1}")
        return project.with_scenario(replace(scenario, name=names[-1]))

    update_project(path, add)
    print(f"saved scenario {names[-1]!r} to project {path}")
    return path


def _published(paths: Sequence[Any], out: Any) -> list[Any]:
    """Where the files written into the staging folder are after the switch."""
    from pathlib import Path

    return [Path(out) / Path(path).name for path in paths]


def command_analyze(args: argparse.Namespace) -> int:
    """Coverage of today's outlets: write analysis.gpkg and summary.json.

    An earlier ``siting.gpkg`` / ``siting.json`` in ``--out`` is removed at the
    same switch, so the folder never pairs a new analysis with an old plan.
    """
    from servicecircle.coverage import coverage_from
    from servicecircle.results.folder import write_analysis
    from servicecircle.results.staging import staged_outputs
    from servicecircle.results.summary import coverage_summary

    with staged_outputs(args.out) as stage:
        area = with_user_boundaries(args, _load_area(args))
        inputs = prepare_inputs(args, area)
        with progress_bar("coverage", enabled=not args.quiet) as update:
            coverage = coverage_from(
                area,
                inputs["demand"],
                inputs["outlets"],
                settings=inputs["settings"],
                progress=update,
            )
        summary = coverage_summary(
            coverage, area=inputs["area"], demand=inputs["demand"], mode=args.mode
        )
        paths = _published(write_analysis(coverage, summary, stage), args.out)
    save_to_project(args, area, args.out)
    shares = ", ".join(
        f"{k} min {v:.1%}" for k, v in summary.coverage_share.items() if v is not None
    )
    print(
        f"{summary.population_total or 0.0:,.0f} people, {summary.n_outlets} outlets: {shares}; "
        f"{len(summary.gaps)} gaps, {len(summary.must_cover_uncovered)} must-cover areas "
        "not covered"
    )
    print_demand_summary(summary)
    for path in paths:
        print(f"wrote {path}")
    return 0


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by analyze and site: the area, its layers and the measure."""
    parser.add_argument("area", metavar="AREA", help=AREA_HELP)
    parser.add_argument("--boundary", metavar="FILE", help="clip to this polygon")
    parser.add_argument(
        "--outlets",
        metavar="FILE|osm",
        help="existing outlets: a point file, or 'osm' (employment services such as 人社, 就业, "
        "零工市场 by name, community centres and townhalls); "
        "the sample has illustrative outlets",
    )
    parser.add_argument(
        "--mode",
        default="walk",
        choices=["walk", "walk_strict", "bike", "ebike", "drive"],
        help="travel mode (default walk, 4.0 km/h)",
    )
    parser.add_argument(
        "--speed",
        type=number_in(0, MAX_SPEED_KMH, unit=" km/h"),
        metavar="KMH",
        help="override the mode's speed (walk 4.0, walk_strict 3.2, bike 12, ebike 18 km/h)",
    )
    parser.add_argument(
        "--minutes",
        type=minutes_list,
        default="5,10,15",
        help="breaks in minutes, ascending (default 5,10,15)",
    )
    parser.add_argument("--relocation", metavar="FILE", help="relocation/resettlement areas")
    parser.add_argument("--industrial", metavar="FILE", help="industrial areas (besides OSM)")
    parser.add_argument("--demand", metavar="FILE", help="your own demand points (people column)")
    parser.add_argument(
        "--demand-mode",
        default="add",
        choices=["add", "replace"],
        help="add the demand points to the estimate, or replace it",
    )
    parser.add_argument("--boundaries", metavar="FILE", help="township/community boundaries")
    parser.add_argument(
        "--crs",
        metavar="SYSTEM",
        help="coordinate system of your files: wgs84, cgcs2000, gcj02, bd09, EPSG code",
    )
    parser.add_argument(
        "--m2-per-person",
        type=number_in(0, 1000, unit=" m²"),
        default=None,
        help="housing m² per person (default: the regional profile's, e.g. 36.5 in Chinese cities)",
    )
    parser.add_argument(
        "--profile",
        choices=["auto", "china_city", "china_town", "elsewhere"],
        default="auto",
        help="regional defaults for levels, m² per person and densities (default auto: "
        "chosen from the study area's location and buildings)",
    )
    parser.add_argument(
        "--buildings",
        metavar="FILE",
        help="your building polygons with floors (Floor, floors, levels, 层数) or height "
        "(height, 高度) and optionally a use column (用途, 类型: 住宅, 商业, 办公, ...)",
    )
    parser.add_argument(
        "--buildings-mode",
        default="add",
        choices=["add", "replace"],
        help="add your buildings to the OSM ones they do not overlap (default), or replace them",
    )
    parser.add_argument(
        "--census",
        metavar="FILE",
        help="census totals per township/community: a table (.csv UTF-8/GBK, .xlsx[::SHEET]) "
        "with 街道/乡镇, 社区/村 and 常住人口/人口 columns, or boundary polygons with a "
        "population column; residents are scaled to them",
    )
    parser.add_argument(
        "--population-grid",
        metavar="FILE",
        help="a population raster (GeoTIFF: WorldPop, GHSL, a 100 m census grid): each cell's "
        "people are shared among the homes in it",
    )
    parser.add_argument("--out", metavar="DIR", default="out", help="output folder (default out)")
    parser.add_argument(
        "--project", metavar="FILE", help="also save the run as a scenario in this project .gpkg"
    )
    parser.add_argument("--scenario", metavar="NAME", help="scenario name in the project")


def _candidates(args: argparse.Namespace, area: Any, coverage: Any, networks: Any) -> Any:
    from servicecircle.candidates import (
        candidates_around_gaps,
        candidates_from_osm,
        combine_candidates,
    )

    parts = []
    for source in [part.strip() for part in args.candidates.split(",") if part.strip()]:
        if source == "osm":
            parts.append(candidates_from_osm(area))
        elif source == "auto":
            mode = coverage.settings.outlet_types[args.new_type].mode
            parts.append(
                candidates_around_gaps(
                    networks[mode],
                    coverage.gaps,
                    edges=area.edges,
                    extent=getattr(area, "extent", None),
                )
            )
        else:
            parts.append(_user_layer(source, args, area, "point", sites=True))
    exclusions = _user_layer(args.exclude, args, area, "polygon")
    return combine_candidates(parts, exclusions=exclusions)


def command_site(args: argparse.Namespace) -> int:
    """Choose new outlet sites: write siting.gpkg and siting.json (and the analysis).

    The analysis and the plan are moved into ``--out`` together, at one switch.
    """
    from servicecircle.coverage import coverage_from, networks_for
    from servicecircle.planning import SitingRequest, plan_sites
    from servicecircle.results.folder import write_analysis, write_siting
    from servicecircle.results.staging import staged_outputs
    from servicecircle.results.summary import coverage_summary, siting_summary

    if (args.new is None) == (args.target is None) and args.model != "min":
        raise InputDataError("Give either --new P (number of new outlets) or --target SHARE.")
    model: Literal["mclp", "min", "pmedian"] = "min" if args.target is not None else args.model
    must = tuple(part.strip() for part in (args.must_cover or "").split(",") if part.strip())
    request = SitingRequest(
        model=model,
        new=args.new,
        target=args.target,
        new_types=(args.new_type,),
        must_cover=must,
        capacity=args.capacity,
        time_limit=args.time_limit,
        seed=args.seed,
    )
    with staged_outputs(args.out) as stage:
        area = with_user_boundaries(args, _load_area(args))
        inputs = prepare_inputs(args, area)
        settings = inputs["settings"]
        if args.new_type not in settings.outlet_types:
            from dataclasses import replace

            from servicecircle.outlets import DEFAULT_OUTLET_TYPES

            if args.new_type not in DEFAULT_OUTLET_TYPES:
                raise InputDataError(
                    f"Unknown --new-type {args.new_type!r}; use one of "
                    f"{', '.join(DEFAULT_OUTLET_TYPES)}."
                )
            kinds = {**settings.outlet_types, args.new_type: DEFAULT_OUTLET_TYPES[args.new_type]}
            settings = replace(settings, outlet_types=kinds)
        modes = {k.mode for k in settings.outlet_types.values()} | {settings.mode}
        networks = networks_for(area, modes, settings=settings)
        with progress_bar("coverage", enabled=not args.quiet) as update:
            coverage = coverage_from(
                area,
                inputs["demand"],
                inputs["outlets"],
                settings=settings,
                networks=networks,
                progress=update,
            )
        summary = coverage_summary(
            coverage, area=inputs["area"], demand=inputs["demand"], mode=args.mode
        )
        candidates = _candidates(args, area, coverage, networks)
        with progress_bar("siting", enabled=not args.quiet) as update:
            plan = plan_sites(
                area, coverage, candidates, request=request, networks=networks, progress=update
            )
        paths = write_analysis(coverage, summary, stage)
        paths += write_siting(plan, siting_summary(plan), stage)
    paths = _published(paths, args.out)
    save_to_project(args, area, args.out)
    result = plan.result
    print(
        f"{request.model}: {len(result.sites)} new outlets from {len(candidates)} candidates, "
        f"coverage {result.share_before:.1%} -> {result.share_after:.1%}; status "
        f"{result.status}, objective {result.objective:,.1f}, bound {result.bound:,.1f}, "
        f"gap {result.gap:.2%}"
    )
    for _, row in plan.chosen.iterrows():
        print(f"  {int(row['rank'])}. {row['name']}: {row['reasons']}")
    print_demand_summary(summary)
    for path in paths:
        print(f"wrote {path}")
    return 0


def command_report(args: argparse.Namespace) -> int:
    """Build the siting report (HTML and/or PDF) from the outputs in DIR."""
    from servicecircle.report import build_report
    from servicecircle.results.folder import read_results

    formats = tuple(part.strip() for part in args.format.split(",") if part.strip())
    with progress_bar("report", enabled=not args.quiet) as update:
        update(0.0, "reading results")
        results = read_results(args.dir)
        paths = build_report(results, args.dir, lang=args.lang, formats=formats, progress=update)
    for path in paths:
        print(f"wrote {path}")
    return 0


def command_map(args: argparse.Namespace) -> int:
    """Write the interactive map of the outputs in DIR as one offline HTML file."""
    from servicecircle.report.outputs_map import write_map_html

    path = write_map_html(
        args.dir, args.out, lang=args.lang, basemap=args.basemap, tianditu_key=args.tianditu_key
    )
    print(f"wrote {path}")
    return 0


def command_app(args: argparse.Namespace) -> int:
    """Start the Streamlit app (``app.py`` beside the package) and wait for it.

    The browser's upload limit is the server's ``file_mb`` limit
    (``SERVICECIRCLE_MAX_FILE_MB``), so a file over it is refused before it
    reaches the server's memory.
    """
    import math
    import subprocess
    from pathlib import Path

    from servicecircle.limits import current_limits

    app = Path(__file__).resolve().parents[1] / "app.py"
    if not app.is_file():
        raise InputDataError(f"app.py not found beside the package ({app}); run from a checkout.")
    upload_mb = max(1, math.ceil(current_limits().file_mb))
    command = [
        *[sys.executable, "-m", "streamlit", "run", str(app)],
        *["--server.port", str(args.port), "--server.maxUploadSize", str(upload_mb)],
    ]
    if args.headless:
        command += ["--server.headless", "true"]
    return subprocess.call(command, cwd=app.parent)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="servicecircle",
        description="Plan 15-minute employment service circles on the real road network.",
    )
    parser.add_argument("--version", action="version", version=f"servicecircle {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    info = sub.add_parser("info", help="layer counts and bounds of a study area")
    info.add_argument("area", metavar="AREA", help=AREA_HELP)
    info.add_argument("--boundary", metavar="FILE", help="clip to this polygon (township/county)")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(handler=command_info)

    analyze = sub.add_parser("analyze", help="coverage of today's outlets, gaps, isochrones")
    add_input_options(analyze)
    analyze.set_defaults(handler=command_analyze)

    site = sub.add_parser("site", help="choose new outlet sites (coverage, gaps, siting)")
    add_input_options(site)
    how = site.add_mutually_exclusive_group()
    how.add_argument(
        "--new",
        type=number_in(1, low_included=True, whole=True),
        metavar="P",
        help="number of new outlets",
    )
    how.add_argument(
        "--target",
        type=number_in(0, 1, kind="a share", unit=" (e.g. 0.95 for 95%)"),
        metavar="SHARE",
        help="fewest new outlets reaching this coverage share, e.g. 0.95",
    )
    site.add_argument(
        "--model",
        default="mclp",
        choices=["mclp", "min", "pmedian"],
        help="mclp: cover the most people (default); min: fewest outlets; "
        "pmedian: shortest mean minutes",
    )
    site.add_argument(
        "--must-cover",
        metavar="CLASSES",
        help="classes that must be covered: relocation,industrial",
    )
    site.add_argument(
        "--capacity",
        type=number_in(0, unit=" people"),
        metavar="N",
        help="people one outlet can serve",
    )
    site.add_argument(
        "--candidates",
        default="osm,auto",
        metavar="osm|auto|FILE",
        help="candidate sites: osm premises, auto (around the gaps), a point file; "
        "comma-separated (default osm,auto)",
    )
    site.add_argument("--exclude", metavar="FILE", help="areas where no outlet may go")
    site.add_argument(
        "--new-type", default="community_window", help="type of the new outlets (mode, minutes)"
    )
    site.add_argument(
        "--time-limit",
        type=number_in(0, 86_400, unit=" seconds"),
        default=10.0,
        help="solver seconds (default 10)",
    )
    site.add_argument(
        "--seed",
        type=number_in(0, low_included=True, whole=True),
        default=0,
        help="heuristic seed (default 0)",
    )
    site.set_defaults(handler=command_site)

    report = sub.add_parser("report", help="siting report (HTML/PDF) from analyze/site outputs")
    report.add_argument("dir", metavar="DIR", help="folder written by analyze (and site)")
    report.add_argument("--lang", default="zh", choices=["zh", "en"], help="language (default zh)")
    report.add_argument("--format", default="html,pdf", help="html, pdf or html,pdf (default)")
    report.set_defaults(handler=command_report)

    webmap = sub.add_parser("map", help="interactive map (HTML, opens offline) of the outputs")
    webmap.add_argument("dir", metavar="DIR", help="folder written by analyze (and site)")
    webmap.add_argument("--out", metavar="FILE", help="HTML file (default maps/<DIR>_<lang>.html)")
    webmap.add_argument("--lang", default="zh", choices=["zh", "en"], help="language (default zh)")
    webmap.add_argument(
        "--basemap",
        default="none",
        choices=["none", "osm", "cartodb", "tianditu"],
        help="background tiles (default none: no internet needed; OSM tiles are blocked in "
        "mainland China)",
    )
    webmap.add_argument("--tianditu-key", metavar="KEY", help="your Tianditu key (tk)")
    webmap.set_defaults(handler=command_map)

    app = sub.add_parser("app", help="start the web app (Streamlit) on the embedded sample")
    app.add_argument(
        "--port",
        type=number_in(1, 65_535, low_included=True, whole=True),
        default=8501,
        help="port to serve on (default 8501)",
    )
    app.add_argument("--headless", action="store_true", help="do not open a browser")
    app.set_defaults(handler=command_app)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    0 on success; 2 for a problem the planner can mend (a bad option, file or
    folder: the message says what to do); 1 for an unexpected error, shown in
    one line (the traceback only with ``-v``); 130 when interrupted.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or argparse's own message
        return stop.code if isinstance(stop.code, int) else 2
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        status: int = args.handler(args)
    except PLANNER_ERRORS as error:
        print(f"servicecircle: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"servicecircle: {_os_error_text(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "servicecircle: interrupted; earlier results were left as they were.", file=sys.stderr
        )
        return 130
    except Exception as error:
        if args.verbose:
            traceback.print_exc()
        detail = f"{type(error).__name__}: {error}".strip()
        print(
            f"servicecircle: unexpected error ({_shortened(detail)}). Earlier results were left "
            "as they were. Run with -v for details, and report it with them if it persists.",
            file=sys.stderr,
        )
        return 1
    return status


def _shortened(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _os_error_text(error: OSError) -> str:
    """A file error the planner can mend, in one line (e.g. an input file that cannot be read)."""
    reason = error.strerror or str(error) or type(error).__name__
    where = f" {error.filename}" if error.filename else ""
    return f"cannot use{where}: {reason}. Check the path and its permissions."


if __name__ == "__main__":
    sys.exit(main())
