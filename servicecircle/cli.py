"""The ``servicecircle`` command line: the same pipeline as the app, from the shell.

Subcommands
-----------
info AREA [--json]
    Layer counts and bounds of a study area.
app [--port N]
    Start the web app.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from tqdm import tqdm

from servicecircle import __version__
from servicecircle.errors import (
    CRSMismatchError,
    InfeasibleRequestError,
    InputDataError,
    OfflineError,
)

logger = logging.getLogger(__name__)

AREA_HELP = (
    "study area: 'sample', a .osm.pbf / .osm / .osm.xml(.bz2/.gz) file, 'place:NAME', "
    "'bbox:W,S,E,N', or a boundary polygon file (downloaded online)"
)


@contextmanager
def progress_bar(
    description: str, *, enabled: bool = True
) -> Iterator[Callable[[float, str], None]]:
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


def command_app(args: argparse.Namespace) -> int:
    """Start the Streamlit app (``app.py`` beside the package) and wait for it."""
    import subprocess
    from pathlib import Path

    app = Path(__file__).resolve().parents[1] / "app.py"
    if not app.is_file():
        raise InputDataError(f"app.py not found beside the package ({app}); run from a checkout.")
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port)]
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

    app = sub.add_parser("app", help="start the web app (Streamlit) on the embedded sample")
    app.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    app.add_argument("--headless", action="store_true", help="do not open a browser")
    app.set_defaults(handler=command_app)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        status: int = args.handler(args)
    except (InputDataError, CRSMismatchError, InfeasibleRequestError, OfflineError) as error:
        print(f"servicecircle: {error}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":
    sys.exit(main())
