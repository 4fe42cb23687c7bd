"""The report page's files for streets and communities: the workbook and the street packs.

Both are deferred downloads (:func:`~app_pages._downloads.deferred`): built
from the run in memory (:func:`~servicecircle.results.summary.results_of`)
only when their button is clicked, in the report's language. The street
packs come as one zip of one-page PDFs, one per township / street; without
township boundaries the page says why there are none.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import streamlit as st

from app_pages._downloads import deferred, download_button, file_stem
from app_pages._labels import tr
from servicecircle.coverage import Coverage
from servicecircle.demand import Demand
from servicecircle.i18n import t
from servicecircle.i18n.message import msg, say
from servicecircle.inputs.area import StudyArea
from servicecircle.inputs.naming import shown_name
from servicecircle.planning.plan import SitingPlan
from servicecircle.report.street_pack import write_street_packs
from servicecircle.report.workbook import write_workbook
from servicecircle.results.bundle import Results
from servicecircle.results.summary import results_of

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_MIME = "application/zip"


def has_townships(coverage: Coverage) -> bool:
    """Whether the run counted people by township / street."""
    units = coverage.units
    return "level" in units.columns and bool((units["level"] == "township").any())


def zip_street_packs(results: Results, path: Path, *, lang: str, folder_name: str) -> Path:
    """Write the street packs into the zip ``path``, as ``folder_name/<street>.pdf``."""
    with tempfile.TemporaryDirectory(prefix="packs-", dir=path.parent) as scratch:
        pdfs = write_street_packs(results, scratch, lang=lang)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for pdf in pdfs:
                archive.write(pdf, arcname=f"{folder_name}/{pdf.name}")
    return path


def handover_section(
    area: StudyArea, coverage: Coverage, demand: Demand | None, plan: SitingPlan | None, lang: str
) -> None:
    """Download buttons for the workbook and the zip of street packs, in ``lang``."""
    st.subheader(tr("report.handover.app.title"))
    st.caption(tr("report.handover.app.help"))
    if demand is None:
        st.info(tr("report.need_rerun"))
        return
    name = file_stem(shown_name(area.name, lang))

    def results() -> Results:
        return results_of(coverage, plan, area=area, demand=demand, mode=coverage.settings.mode)

    book_name = t("report.handover.file.workbook", lang, name=name)
    download_button(
        tr("report.handover.app.workbook"),
        deferred(book_name, lambda path: write_workbook(results(), path, lang=lang)),
        file_name=book_name,
        mime=XLSX_MIME,
        key="report.handover.workbook",
    )
    if not has_townships(coverage):
        st.info(say(msg("msg.handover.no_townships"), lang))
        return
    zip_name = t("report.handover.file.packs_zip", lang, name=name)
    folder = t("report.handover.file.packs", lang, name=name)
    download_button(
        tr("report.handover.app.packs"),
        deferred(
            zip_name,
            lambda path: zip_street_packs(results(), path, lang=lang, folder_name=folder),
        ),
        file_name=zip_name,
        mime=ZIP_MIME,
        key="report.handover.packs",
    )
