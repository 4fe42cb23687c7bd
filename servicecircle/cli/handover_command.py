"""``servicecircle handover DIR``: the workbook and the street packs of an output folder.

Writes ``<area>_工作簿.xlsx`` (``<area>_workbook.xlsx`` in English) and a folder
``<area>_街道资料`` with one one-page PDF per township / street, named after the
study area as the planner knows it. Without township units only the workbook is
written and the command says why there are no street packs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from servicecircle.cli.language import said
from servicecircle.cli.printing import print_written
from servicecircle.cli.progress import progress_bar
from servicecircle.i18n.message import msg


def handover_paths(area_name: str, out_dir: Path, lang: str) -> tuple[Path, Path]:
    """The workbook's path and the street packs' folder for a study area's name."""
    from servicecircle.inputs.naming import shown_name
    from servicecircle.report.street_pack import file_stem
    from servicecircle.report.strings import text

    name = file_stem(shown_name(area_name, lang))
    workbook = out_dir / text("handover.file.workbook", lang, name=name)
    return workbook, out_dir / text("handover.file.packs", lang, name=name)


def command_handover(args: argparse.Namespace) -> int:
    """Write the workbook and one street pack per township / street of the outputs in DIR."""
    from servicecircle.report.handover_data import street_names
    from servicecircle.report.street_pack import write_street_packs
    from servicecircle.report.workbook import write_workbook
    from servicecircle.results.folder import read_results

    lang = args.lang
    with progress_bar(msg("msg.handover.bar"), enabled=not args.quiet) as update:
        update(0.0, msg("msg.cli.step.reading_results"))
        results = read_results(args.dir)
        out_dir = Path(args.out) if args.out else Path(args.dir)
        workbook, packs = handover_paths(results.coverage.study_area.name, out_dir, lang)
        update(0.05, msg("msg.handover.step.workbook"))
        written = [write_workbook(results, workbook, lang=lang)]
        if street_names(results):
            written += write_street_packs(
                results,
                packs,
                lang=lang,
                progress=lambda fraction, step: update(0.1 + 0.9 * fraction, step),
            )
    print_written(written)
    if len(written) == 1:
        print(said(msg("msg.handover.no_townships")), file=sys.stderr)
    return 0
