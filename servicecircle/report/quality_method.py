"""The report's data-quality and solver lines: map data date, road network, solver result.

The solver's result is said once, in the words of
:func:`servicecircle.planning.explain.solver_statement`; the numbers behind
it (objective, bound, gap, seconds) stay in the technical table of the
method chapter.
"""

from __future__ import annotations

import re

from servicecircle.i18n.labels import mode_label
from servicecircle.inputs.naming import public_source
from servicecircle.planning.explain import solver_statement
from servicecircle.report.formatting import fmt_people, fmt_share
from servicecircle.report.strings import text
from servicecircle.results.schema import CoverageSummary, NetworkStats, SitingSummary

#: A date in a data file's name: ``liechtenstein-2013-08-03.osm.pbf``, ``china-240101.osm.pbf``.
_FILE_DATE = re.compile(r"(?<!\d)(20\d\d)-?([01]\d)-?([0-3]\d)(?!\d)")


def osm_date_text(summary: CoverageSummary, lang: str) -> str:
    """The map data's date: as recorded when the data was read, else from the file's name.

    The recorded date (:attr:`~servicecircle.results.schema.Assumptions.data_date`)
    says what it means (the data as of that day, its newest edit, the day of
    the download); files written before it was recorded, and data that states
    no date, fall back to a date in the data file's name, else "not recorded".

    >>> from types import SimpleNamespace as NS
    >>> area = NS(study_area=NS(source="pbf:/srv/liechtenstein-2013-08-03.osm.pbf"))
    >>> old = NS(assumptions=NS(data_date=None), **vars(area))
    >>> osm_date_text(old, "zh")  # type: ignore[arg-type]
    '2013-08-03（据数据文件名）'
    >>> dated = NS(assumptions=NS(data_date=NS(day="2013-08-04", basis="as_of")), **vars(area))
    >>> osm_date_text(dated, "en")  # type: ignore[arg-type]
    '2013-08-04 (the data as of that day, as the data file states)'
    """
    recorded = summary.assumptions.data_date
    if recorded is not None:
        return text(f"doc.dq.osm_date_{recorded.basis}", lang, date=recorded.day)
    source = public_source(summary.study_area.source)
    kind, _, name = source.partition(":")
    found = _FILE_DATE.search(name) if kind in {"pbf", "xml", "osm", "extract"} else None
    if found is None or not 1 <= int(found.group(2)) <= 12:
        return text("doc.dq.osm_date_unknown", lang)
    date = "-".join(found.groups())
    return text("doc.dq.osm_date_file", lang, date=date)


def road_text(stats: NetworkStats, lang: str) -> str:
    """How complete a mode's road network is: its connected share and its cut-off pieces."""
    share = stats.largest_component_nodes / stats.nodes if stats.nodes else None
    return text(
        "doc.dq.roads_value",
        lang,
        share=fmt_share(share),
        fragments=fmt_people(stats.fragment_edges),
    )


def solver_sentence(siting: SitingSummary, lang: str) -> str:
    """The one sentence on how good the plan is, with the candidates compared.

    :func:`servicecircle.planning.explain.solver_statement`: the report says
    nothing else about the solver's status.
    """
    return solver_statement(siting, lang)


def quality_rows(
    summary: CoverageSummary, siting: SitingSummary | None, lang: str
) -> list[tuple[str, str]]:
    """Map data date, road completeness by mode (main first), off-network people, solver."""
    rows = [(text("doc.dq.osm_date", lang), osm_date_text(summary, lang))]
    modes = sorted(summary.networks, key=lambda m: (m != summary.mode, m))
    for mode in modes:
        label = text("doc.dq.roads", lang, mode=mode_label(mode, lang))
        rows.append((label, road_text(summary.networks[mode], lang)))
    if summary.off_network.people is not None:
        rows.append((text("doc.dq.off_network", lang), fmt_people(summary.off_network.people)))
    if siting is not None:
        n = siting.n_candidates
        if n:
            rows.append(
                (text("doc.dq.candidates", lang), text("doc.dq.candidates_value", lang, n=n))
            )
    return rows
