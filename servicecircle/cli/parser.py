"""The argument parser: every subcommand, its options and their help text."""

from __future__ import annotations

import argparse
from typing import TypeAlias

from servicecircle import __version__
from servicecircle.cli import commands, pipeline
from servicecircle.cli.batch_command import add_batch_options, command_batch
from servicecircle.cli.export_command import add_export
from servicecircle.cli.language import ENV_VAR, default_lang
from servicecircle.cli.options import MAX_SPEED_KMH, minutes_list, number_in
from servicecircle.cli.staff_lines import staff_option
from servicecircle.i18n.message import msg

#: The subcommands' parsers (``add_subparsers``' action).
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

AREA_HELP = (
    "study area: 'sample', a .osm.pbf / .osm / .osm.xml(.bz2/.gz) file, 'place:NAME', "
    "'bbox:W,S,E,N', 'extract:NAME' (listed by the server's administrator), or a boundary "
    "polygon file (downloaded online)"
)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="servicecircle",
        description="Plan 15-minute employment service circles on the real road network.",
    )
    parser.add_argument("--version", action="version", version=f"servicecircle {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    parser.add_argument(
        "--lang",
        dest="message_lang",
        default=default_lang(),
        choices=["zh", "en"],
        help=f"language of errors, notes and progress (default en, or ${ENV_VAR})",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_info(sub)
    analyze = sub.add_parser("analyze", help="coverage of today's outlets, gaps, isochrones")
    add_input_options(analyze)
    analyze.set_defaults(handler=pipeline.command_analyze)
    site = sub.add_parser("site", help="choose new outlet sites (coverage, gaps, siting)")
    add_input_options(site)
    _add_siting_options(site)
    site.set_defaults(handler=pipeline.command_site)
    _add_report(sub)
    _add_map(sub)
    _add_handover(sub)
    add_export(sub)
    _add_batch(sub)
    _add_app(sub)
    return parser


def _add_info(sub: Subparsers) -> None:
    info = sub.add_parser("info", help="layer counts and bounds of a study area")
    info.add_argument("area", metavar="AREA", help=AREA_HELP)
    info.add_argument("--boundary", metavar="FILE", help="clip to this polygon (township/county)")
    info.add_argument(
        "--name",
        metavar="NAME",
        help="the study area's name in every title (default: from the boundary, place or file)",
    )
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(handler=commands.command_info)


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by analyze and site: the area, its layers and the measure."""
    parser.add_argument("area", metavar="AREA", help=AREA_HELP)
    parser.add_argument("--boundary", metavar="FILE", help="clip to this polygon")
    parser.add_argument(
        "--name",
        metavar="NAME",
        help="the study area's name in every title (default: from the boundary, place or file)",
    )
    _add_measure_options(parser)
    _add_demand_options(parser)
    _add_top_down_options(parser)
    _add_output_options(parser)


def _add_measure_options(parser: argparse.ArgumentParser) -> None:
    """Today's outlets and how they are reached: mode, speed and minutes."""
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
        type=number_in(0, MAX_SPEED_KMH, unit=msg("msg.cli.unit.kmh")),
        metavar="KMH",
        help="override the mode's speed (walk 4.0, walk_strict 3.2, bike 12, ebike 18 km/h)",
    )
    parser.add_argument(
        "--minutes",
        type=minutes_list,
        default="5,10,15",
        help="breaks in minutes, ascending (default 5,10,15)",
    )
    parser.add_argument(
        "--standards",
        metavar="FILE",
        help="outlet types' standards, TOML or CSV (UTF-8 or GBK): 类型/层级/出行方式/"
        "时间（分钟）/人员/每名人员服务人口/开放天数 (type, tier, mode, minutes, staff, "
        "residents_per_staff, opening_days); rows override the defaults",
    )


def _add_demand_options(parser: argparse.ArgumentParser) -> None:
    """The planner's areas and points, boundaries, coordinate system and demand assumptions."""
    parser.add_argument("--relocation", metavar="FILE", help="relocation/resettlement areas")
    parser.add_argument("--industrial", metavar="FILE", help="industrial areas (besides OSM)")
    parser.add_argument("--demand", metavar="FILE", help="your own demand points (people column)")
    parser.add_argument(
        "--groups",
        metavar="FILE",
        help="key groups per township/community: CSV/XLSX with 街道/社区 and 60岁及以上, "
        "登记失业人员, 外出务工/返乡人员, 高校毕业生 columns (people, or shares 比例/占比/%%), "
        "or a point/polygon layer (FILE::SHEET or FILE::LAYER); coverage, staff per 10,000 "
        "and equity per group",
    )
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
        type=number_in(0, 1000, unit=msg("msg.cli.unit.m2")),
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


def _add_top_down_options(parser: argparse.ArgumentParser) -> None:
    """The planner's buildings, census totals and population grid."""
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


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    """The output folder and the project the run is saved to."""
    parser.add_argument("--out", metavar="DIR", default="out", help="output folder (default out)")
    parser.add_argument(
        "--project", metavar="FILE", help="also save the run as a scenario in this project .gpkg"
    )
    parser.add_argument("--scenario", metavar="NAME", help="scenario name in the project")
    parser.add_argument(
        "--no-sensitivity",
        dest="sensitivity",
        action="store_false",
        help="skip the sensitivity checks: coverage at walking speed -20%%/+20%% and, with "
        "site, each must-cover rule solved again without it (one time limit per rule)",
    )


def _add_siting_options(site: argparse.ArgumentParser) -> None:
    """How many outlets, by which model, for whom, and the solver's limits."""
    how = site.add_mutually_exclusive_group()
    how.add_argument(
        "--new",
        type=number_in(1, low_included=True, whole=True),
        metavar="P",
        help="number of new outlets",
    )
    how.add_argument(
        "--target",
        type=number_in(0, 1, kind=msg("msg.cli.kind.share"), unit=msg("msg.cli.unit.share")),
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
        type=number_in(0, unit=msg("msg.cli.unit.people")),
        metavar="N",
        help="people one NEW outlet can serve (default: unlimited)",
    )
    site.add_argument(
        "--existing-capacity",
        type=number_in(0, unit=msg("msg.cli.unit.people")),
        metavar="N",
        help="people one existing outlet can serve (default: unlimited; an outlets file's "
        "capacity column, 服务能力 or 容量, gives each outlet its own)",
    )
    site.add_argument(
        "--staff",
        type=staff_option,
        metavar="N",
        help="staff to post across new and existing outlets: the sites and staff serving the "
        "most people within capacity (staff x people per staff); with --model min the fewest "
        "outlets; 'standard' (标准, --model min): each outlet at its type's standard",
    )
    _add_candidate_options(site)
    _add_solver_options(site)


def _add_candidate_options(site: argparse.ArgumentParser) -> None:
    """Where new outlets may go, and of which type they are."""
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


def _add_solver_options(site: argparse.ArgumentParser) -> None:
    """The solver's time limit and the heuristic's seed."""
    site.add_argument(
        "--time-limit",
        type=number_in(0, 86_400, unit=msg("msg.cli.unit.seconds")),
        default=10.0,
        help="solver seconds (default 10)",
    )
    site.add_argument(
        "--work-limit",
        type=number_in(0, whole=True),
        default=None,
        help=(
            "work units instead of seconds for maximal covering: the same plan on a busy"
            " machine (about 90 a CPU second: 700 take ~8 s at 50,000 units x 5,000 sites)"
        ),
    )
    site.add_argument(
        "--seed",
        type=number_in(0, low_included=True, whole=True),
        default=0,
        help="heuristic seed (default 0)",
    )


def _add_report(sub: Subparsers) -> None:
    report = sub.add_parser("report", help="siting report (HTML/PDF) from analyze/site outputs")
    report.add_argument("dir", metavar="DIR", help="folder written by analyze (and site)")
    report.add_argument("--lang", choices=["zh", "en"], help="language (default zh)")
    report.add_argument("--format", default="html,pdf", help="html, pdf or html,pdf (default)")
    report.add_argument(
        "--bureau",
        metavar="TEXT",
        help="who prepares the report, for the cover (default: a blank line to fill in)",
    )
    report.set_defaults(handler=commands.command_report)


def _add_map(sub: Subparsers) -> None:
    webmap = sub.add_parser("map", help="interactive map (HTML, opens offline) of the outputs")
    webmap.add_argument("dir", metavar="DIR", help="folder written by analyze (and site)")
    webmap.add_argument("--out", metavar="FILE", help="HTML file (default maps/<DIR>_<lang>.html)")
    webmap.add_argument("--lang", choices=["zh", "en"], help="language (default zh)")
    webmap.add_argument(
        "--basemap",
        default="none",
        choices=["none", "osm", "cartodb", "tianditu"],
        help="background tiles (default none: no internet needed; OSM tiles are blocked in "
        "mainland China)",
    )
    webmap.add_argument("--tianditu-key", metavar="KEY", help="your Tianditu key (tk)")
    webmap.add_argument(
        "--print",
        dest="paper",
        choices=["A4", "A3"],
        help="print maps (landscape) into a folder instead: --out is the folder "
        "(default maps/<DIR>_<paper>_<lang>)",
    )
    webmap.add_argument("--format", default="png,pdf", help="print maps: png, pdf or png,pdf")
    webmap.set_defaults(handler=commands.command_map)


def _add_handover(sub: Subparsers) -> None:
    from servicecircle.cli.handover_command import command_handover

    handover = sub.add_parser(
        "handover", help="Excel workbook and one-page street packs (PDF) from analyze/site outputs"
    )
    handover.add_argument("dir", metavar="DIR", help="folder written by analyze (and site)")
    handover.add_argument("--out", metavar="FOLDER", help="folder to write into (default DIR)")
    handover.add_argument("--lang", choices=["zh", "en"], help="language (default zh)")
    handover.set_defaults(handler=command_handover)


def _add_batch(sub: Subparsers) -> None:
    batch = sub.add_parser(
        "batch",
        help="many regions (counties, townships) at once on Dask: coverage and sites per "
        "region with people served across borders, gathered into one GeoPackage and table",
    )
    add_batch_options(batch)
    _add_measure_options(batch)
    _add_demand_options(batch)
    _add_top_down_options(batch)
    _add_siting_options(batch)
    batch.set_defaults(handler=command_batch)


def _add_app(sub: Subparsers) -> None:
    app = sub.add_parser("app", help="start the web app (Streamlit) on the embedded sample")
    app.add_argument(
        "--port",
        type=number_in(1, 65_535, low_included=True, whole=True),
        default=8501,
        help="port to serve on (default 8501)",
    )
    app.add_argument("--headless", action="store_true", help="do not open a browser")
    app.set_defaults(handler=commands.command_app)
