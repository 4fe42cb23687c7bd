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
export DIR [--format gpkg,geojson,shp,csv,xlsx] [--crs wgs84|cgcs2000|gk|EPSG:N] [--fields zh|en]
    Every layer of those outputs as GIS and table files.
batch REGIONS_FILE --osm EXTRACT [analyze, site options] [--scheduler local|tcp://H:P] --out DIR
    Every region at once on Dask, gathered into one GeoPackage and one summary table.
app [--port N]
    Start the web app.

Modules: :mod:`~servicecircle.cli.parser` (options and help),
:mod:`~servicecircle.cli.pipeline` (analyze, site),
:mod:`~servicecircle.cli.commands` (info, report, map, app),
:mod:`~servicecircle.cli.batch_command` (batch),
:mod:`~servicecircle.cli.printing` (what is printed),
:mod:`~servicecircle.cli.options` (value types) and
:mod:`~servicecircle.cli.progress` (tqdm bars). The work itself is in
:mod:`servicecircle.workflow` and the pipeline's stages.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import traceback
from collections.abc import Sequence

from servicecircle.cli.language import default_lang, message_lang, said, set_message_lang
from servicecircle.cli.parser import build_parser
from servicecircle.errors import PLANNER_ERRORS
from servicecircle.i18n.message import Message, msg, say

__all__ = ["main"]

#: How ``-v`` logs: level and logger before each line (the planner's notes say only themselves).
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    0 on success; 2 for a problem the planner can mend (a bad option, file or
    folder: the message says what to do); 1 for an unexpected error, shown in
    one line (the traceback only with ``-v``); 130 when interrupted. Run from
    the shell (``argv`` None), the process ends next: what the command built
    is left to the exit (:func:`_leave_objects_to_the_exit`).
    """
    status = _run(argv)
    if argv is None:
        _leave_objects_to_the_exit()
    return status


def _leave_objects_to_the_exit() -> None:
    """Spare the interpreter's last garbage collection over everything the command built.

    All of a command's objects go with its process, but the collection Python
    runs while exiting scans each of them once more: about 0.15 s of CPU
    after ``info sample``, more after a run with networks and coverage.
    :func:`gc.freeze` moves them out of the collector's reach. Only a command
    started from the shell does this; a process that calls :func:`main` and
    goes on (a test, a notebook) keeps its collections.
    """
    gc.freeze()


def _run(argv: Sequence[str] | None) -> int:
    """:func:`main` without its exit: parse ``argv``, run the command, turn errors into a status."""
    set_message_lang(_early_lang(argv))
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or argparse's own message
        return stop.code if isinstance(stop.code, int) else 2
    set_message_lang(message_language(args))
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format=LOG_FORMAT if args.verbose else said(msg("msg.cli.log_format")),
    )
    try:
        status: int = args.handler(args)
    except PLANNER_ERRORS as error:
        print(f"servicecircle: {said(error)}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"servicecircle: {said(_os_error_text(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"servicecircle: {said(msg('msg.cli.interrupted'))}", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the command line never ends in a traceback
        if args.verbose:
            traceback.print_exc()
        detail = f"{type(error).__name__}: {error}".strip()
        unexpected = msg("msg.cli.unexpected", detail=_shortened(detail))
        print(f"servicecircle: {said(unexpected)}", file=sys.stderr)
        return 1
    return status


def _early_lang(argv: Sequence[str] | None) -> str:
    """The messages' language read before parsing, for the errors of the option values.

    >>> _early_lang(["--lang", "zh", "analyze", "sample"]), _early_lang(["report", "x"])
    ('zh', 'en')
    """
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=["zh", "en"], default=None)
    known, _ = early.parse_known_args(argv)
    return str(known.lang or default_lang())


def message_language(args: argparse.Namespace) -> str:
    """The language of the messages: the subcommand's ``--lang`` if given, else the global one.

    ``report`` and ``map`` have their own ``--lang`` (the output's language,
    default zh); given, it sets the messages' language too.
    """
    own = getattr(args, "lang", None)
    if own is None and hasattr(args, "lang"):
        args.lang = "zh"
    return str(own or args.message_lang)


def _shortened(text: str, limit: int = 300) -> str:
    r"""``text`` on one line, cut to ``limit`` characters.

    >>> _shortened("a\n  b", 10), _shortened("abcdef", 4)
    ('a b', 'abc…')
    """
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _os_error_text(error: OSError) -> Message:
    """A file error the planner can mend, in one line (e.g. an input file that cannot be read)."""
    reason = error.strerror or say(error, message_lang()) or type(error).__name__
    if error.filename:
        return msg("msg.cli.os_error_file", path=str(error.filename), reason=reason)
    return msg("msg.cli.os_error", reason=reason)
