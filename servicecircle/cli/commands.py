"""The commands that do not run the pipeline: info, report, map and app."""

from __future__ import annotations

import argparse
import json
import sys

from servicecircle.cli.pipeline import loaded_area
from servicecircle.cli.printing import print_info, print_written
from servicecircle.cli.progress import progress_bar
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.workflow.inputs import RunInputs


def command_info(args: argparse.Namespace) -> int:
    """Print the layer counts and bounds of a study area."""
    area = loaded_area(
        RunInputs(area=args.area, boundary=args.boundary, name=args.name), quiet=args.quiet
    )
    if args.json:
        print(json.dumps(area.summary(), ensure_ascii=False, indent=2))
        return 0
    print_info(area)
    return 0


def command_report(args: argparse.Namespace) -> int:
    """Build the siting report (HTML and/or PDF) from the outputs in DIR."""
    from servicecircle.report import build_report
    from servicecircle.results.folder import read_results

    formats = tuple(part.strip() for part in args.format.split(",") if part.strip())
    with progress_bar(msg("msg.cli.bar.report"), enabled=not args.quiet) as update:
        update(0.0, msg("msg.cli.step.reading_results"))
        results = read_results(args.dir)
        paths = build_report(
            results,
            args.dir,
            lang=args.lang,
            formats=formats,
            progress=update,
            bureau=args.bureau,
        )
    print_written(paths)
    return 0


def command_map(args: argparse.Namespace) -> int:
    """Write the interactive map of the outputs in DIR as one offline HTML file.

    With ``--print A4|A3``, write the print maps (``--format png,pdf``) into a folder instead.
    """
    from servicecircle.report.outputs_map import write_map_html

    if args.paper:
        from servicecircle.maps.print_set import (
            default_print_folder,
            print_formats,
            write_print_maps,
        )
        from servicecircle.results.folder import read_results

        formats = print_formats(args.format)
        folder = args.out or default_print_folder(args.dir, size=args.paper, lang=args.lang)
        results = read_results(args.dir)
        paths = write_print_maps(results, folder, lang=args.lang, size=args.paper, formats=formats)
        print_written(paths)
        return 0

    path = write_map_html(
        args.dir, args.out, lang=args.lang, basemap=args.basemap, tianditu_key=args.tianditu_key
    )
    print_written([path])
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

    app = Path(__file__).resolve().parents[2] / "app.py"
    if not app.is_file():
        raise InputDataError(msg("msg.cli.no_app", path=str(app)))
    upload_mb = max(1, math.ceil(current_limits().file_mb))
    command = [
        *[sys.executable, "-m", "streamlit", "run", str(app)],
        *["--server.port", str(args.port), "--server.maxUploadSize", str(upload_mb)],
    ]
    if args.headless:
        command += ["--server.headless", "true"]
    return subprocess.call(command, cwd=app.parent)
