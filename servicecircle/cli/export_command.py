"""``servicecircle export DIR``: every layer of an output folder as GIS and table files.

Writes into ``DIR/export`` (or ``--out``) a GeoPackage and an Excel workbook
holding every layer, and one GeoJSON, zipped Shapefile and CSV file per
layer, in the coordinate system of ``--crs`` and with field names in the
language of ``--fields`` (default: the global ``--lang``); see
:mod:`servicecircle.results.export_folder`.
"""

from __future__ import annotations

import argparse
import sys

from servicecircle.cli.language import said
from servicecircle.cli.printing import print_written
from servicecircle.cli.progress import progress_bar
from servicecircle.i18n.message import msg

#: Help of ``--crs``.
CRS_HELP = (
    "coordinate system of the files: wgs84 (default), cgcs2000 (EPSG:4490), gk (CGCS2000 "
    "3-degree Gauss-Kruger zone of the study area, no prefix), gk:ZONE (25-45, eastings with "
    "the zone prefix), gk:CM (75-135), EPSG:NNNN, or the names --crs of analyze accepts "
    "(国家2000, cgcs2000-gk3:117, ...)"
)


def add_export(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``export`` subcommand and its options."""
    export = sub.add_parser(
        "export",
        help="every layer as GeoPackage, GeoJSON, Shapefile (zip), CSV and Excel files",
    )
    export.add_argument("dir", metavar="DIR", help="folder written by analyze (and site)")
    export.add_argument("--out", metavar="FOLDER", help="folder to write into (default DIR/export)")
    export.add_argument(
        "--format",
        dest="formats",
        default="gpkg,geojson,shp,csv,xlsx",
        metavar="LIST",
        help="some of gpkg,geojson,shp,csv,xlsx (default all)",
    )
    export.add_argument("--crs", metavar="SYSTEM", help=CRS_HELP)
    export.add_argument(
        "--fields",
        choices=["zh", "en"],
        help="language of field and layer names (default: the --lang language)",
    )
    export.set_defaults(handler=command_export)


def command_export(args: argparse.Namespace) -> int:
    """Write every layer of the outputs in DIR in each format asked for."""
    from servicecircle.inputs.crs import CoordinateSystem
    from servicecircle.results.export_folder import export_results, parse_formats
    from servicecircle.results.field_names import layer_name

    formats = parse_formats(args.formats)
    fields = args.fields or args.message_lang
    with progress_bar(msg("msg.export.bar"), enabled=not args.quiet) as update:
        update(0.0, msg("msg.cli.step.reading_results"))
        done = export_results(
            args.dir, args.out, formats=formats, crs=args.crs, fields=fields, progress=update
        )
    print_written(done.paths)
    if done.crs is not None:
        system = CoordinateSystem.from_crs(done.crs).said
        print(said(msg("msg.export.crs_line", crs=system)))
        if "geojson" in formats and done.crs.to_epsg() != 4326:
            print(said(msg("msg.export.geojson_crs", crs=system)), file=sys.stderr)
    if done.skipped:
        skipped = [layer_name(name, fields) for name in done.skipped]
        print(said(msg("msg.export.skipped", layers=skipped)), file=sys.stderr)
    return 0
