"""What the command line prints about a run: results, demand quality, census audit.

Every line is a message (:mod:`servicecircle.i18n.tables.cli_results`), said in
the ``--lang`` language; class, model, status and audit words are their Chinese
labels in zh and the words the command line always printed in en.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servicecircle.cli.language import message_lang, said
from servicecircle.i18n import t
from servicecircle.i18n.labels import label, lookup
from servicecircle.i18n.message import Message, msg

if TYPE_CHECKING:
    from servicecircle.inputs.area import StudyArea
    from servicecircle.planning.plan import SitingPlan
    from servicecircle.results.demand_records import DemandQualitySummary
    from servicecircle.results.schema import CoverageSummary, OffNetwork

#: The counts ``info`` prints, in this order.
LAYER_COUNTS = ("nodes", "edges", "buildings", "landuse", "premises", "boundaries")

#: The attribution of OSM data, said in the --lang language when it is this one.
OSM_ATTRIBUTION = "© OpenStreetMap contributors, ODbL"


def _term(table: str, value: object) -> str:
    """``value`` as written in English; its label in the ``table`` list in Chinese.

    >>> from servicecircle.cli.language import set_message_lang
    >>> set_message_lang("zh"); _term("MODELS", "mclp")
    '最大覆盖模型（MCLP）'
    >>> set_message_lang("en"); _term("MODELS", "mclp")
    'mclp'
    """
    lang = message_lang()
    return str(value) if lang == "en" else lookup(table, value, lang)


def _count(value: float | None) -> str:
    """A count with thousands separators; ``-`` when missing.

    >>> _count(12345.6), _count(None)
    ('12,346', '-')
    """
    return f"{value:,.0f}" if isinstance(value, int | float) else "-"


def _band(band: tuple[float, float]) -> Message:
    """An expected range.

    >>> str(_band((1000.0, 40000.0)))
    '1,000-40,000'
    """
    return msg("msg.cli.band", low=f"{band[0]:,.0f}", high=f"{band[1]:,.0f}")


def _width(text: str) -> int:
    """How many columns ``text`` takes in a terminal (CJK characters take two).

    >>> _width("nodes"), _width("路网节点")
    (5, 8)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _padded(text: str, columns: int) -> str:
    """``text`` followed by spaces up to ``columns`` terminal columns."""
    return text + " " * max(columns - _width(text), 0)


def print_census_audit(audit: Sequence[Mapping[str, Any]]) -> None:
    """Print the census audit: per unit the estimate, the census total and their ratio."""
    if not audit:
        return
    print(said(msg("msg.cli.census_audit")))
    for row in audit:
        name = row.get("census_name") or "/".join(
            str(v) for v in (row.get("township"), row.get("community")) if v
        )
        estimate, census, ratio = row.get("estimate"), row.get("census"), row.get("ratio")
        numbers = f"{estimate:,.0f}" if estimate is not None else "-"
        numbers += (
            said(msg("msg.cli.census_to", census=f"{census:,.0f}")) if census is not None else ""
        )
        numbers += (
            said(msg("msg.cli.census_ratio", ratio=f"{ratio:.2f}")) if ratio is not None else ""
        )
        where = name or _term("AUDIT_LEVELS", row.get("level"))
        print(
            said(
                msg(
                    "msg.cli.census_row",
                    name=where,
                    numbers=numbers,
                    status=_status(row.get("status"), row.get("detail")),
                )
            )
        )


def _status(status: object, detail: object = None) -> str:
    """A census audit status (in Chinese its label) and its detail (a message) said.

    A detail after ``": "`` in the status (older runs) is kept as written.

    >>> _status("scaled"), _status(None)
    ('scaled', 'None')
    """
    lang = message_lang()
    if not isinstance(status, str):
        return str(status)
    head, _, written = status.partition(": ")
    label = head if lang == "en" else lookup("CENSUS_STATUS", head, lang)
    shown = said(detail) if isinstance(detail, Message | str) else written
    return f"{label}{': ' if lang == 'en' else '：'}{shown}" if shown else label


def _densities(quality: DemandQualitySummary) -> list[Message]:
    """The densities with their bands (residential land only when there is some)."""
    clauses = [
        msg(
            "msg.cli.density_study_area",
            density=_count(quality.density_study_area),
            band=_band(quality.band_study_area),
        )
    ]
    if quality.density_residential_land is not None:
        clauses.append(
            msg(
                "msg.cli.density_residential_land",
                density=_count(quality.density_residential_land),
                band=_band(quality.band_residential_land),
            )
        )
    return clauses


def _shares(quality: DemandQualitySummary) -> list[Message]:
    """Where the people come from, as ``"tagged levels 40%"`` parts (shares above 0)."""
    return [
        msg(f"msg.cli.share.{name}", share=f"{value:.0%}")
        for name, value in (
            ("tagged_levels", quality.share_tagged_levels),
            ("assumed_levels", quality.share_assumed_levels),
            ("from_land", quality.share_from_land),
            ("from_grid", quality.share_from_grid),
        )
        if value is not None and value > 0
    ]


def _profile(quality: DemandQualitySummary) -> str:
    """The regional profile: its English label in en, its Chinese name in zh."""
    from servicecircle.report.demand_context import profile_label

    lang = message_lang()
    return (
        quality.profile_label or quality.profile if lang == "en" else profile_label(quality, lang)
    )


def demand_quality_lines(quality: DemandQualitySummary | None) -> list[str]:
    """``summary.json``'s ``demand_quality`` as the lines the command line prints.

    The final estimate's densities, profile and level shares; the map
    estimate's densities when top-down totals changed them; then the warning
    and any notes.
    """
    if quality is None:
        return []
    lang = message_lang()
    applied = [_term("TOP_DOWN", name) for name in quality.top_down]
    shares = _shares(quality)
    fields = {
        "residents": _count(quality.residents),
        "densities": _densities(quality),
        "profile": _profile(quality),
        "shares": msg("msg.cli.quality_shares", shares=shares) if shares else "",
    }
    if applied:
        totals = t("msg.cli.totals_sep", lang).join(applied)
        lines = [said(msg("msg.cli.quality_after", totals=totals, **fields))]
    else:
        lines = [said(msg("msg.cli.quality", **fields))]
    before = quality.map_estimate
    if applied and before is not None:
        lines.append(
            said(
                msg(
                    "msg.cli.quality_before",
                    residents=_count(before.residents),
                    densities=_densities(before),
                )
            )
        )
    if quality.warning:
        lines.append(said(msg("msg.cli.warning_line", warning=quality.warning)))
    lines.extend(said(msg("msg.cli.note_line", note=note)) for note in quality.notes)
    return lines


def off_network_line(off_network: OffNetwork) -> str:
    """``summary.json``'s ``off_network`` in one line."""
    limit = msg("msg.cli.metres", value=f"{off_network.limit_m:,.0f}")
    units = off_network.units
    if units == 0:
        return said(msg("msg.cli.off_network_none", limit=limit))
    return said(
        msg(
            "msg.cli.off_network",
            people=_count(off_network.people),
            units=f"{units:,}",
            places="places" if units != 1 else "place",
            limit=limit,
        )
    )


def missing_unit_lines(summary: CoverageSummary) -> list[str]:
    """A line for each level (township, community) the run has no coverage table of.

    The by-unit tables (``units`` in ``analysis.gpkg``, ``summary.json``)
    hold no row of a level without boundaries; this says so and how to give them.
    """
    levels = {unit.level for unit in summary.units}
    return [
        said(msg(f"msg.admin.no_{level}_units_cli"))
        for level in ("township", "community")
        if level not in levels
    ]


def print_demand_summary(summary: CoverageSummary) -> None:
    """Print the demand quality, the people off the road network and the units missing."""
    for line in demand_quality_lines(summary.demand_quality):
        print(line)
    print(off_network_line(summary.off_network))
    for line in missing_unit_lines(summary):
        print(line)


def print_coverage(summary: CoverageSummary) -> None:
    """Print today's coverage in one line: people, outlets, shares by break, gaps."""
    shares = [
        msg("msg.cli.coverage_share", minutes=k, share=f"{v:.1%}")
        for k, v in summary.coverage_share.items()
        if v is not None
    ]
    line = msg(
        "msg.cli.coverage",
        people=f"{summary.population_total or 0.0:,.0f}",
        outlets=summary.n_outlets,
        shares=shares,
        gaps=len(summary.gaps),
        must=len(summary.must_cover_uncovered),
    )
    print(said(line))


def print_plan(plan: SitingPlan, n_candidates: int) -> None:
    """Print the plan: the model's result in one line, then each chosen site and why."""
    from servicecircle.planning.explain import (
        SiteReasons,
        gap_percent,
        reasons_text,
        solver_verdict,
    )
    from servicecircle.planning.naming import site_label

    lang = message_lang()
    result = plan.result
    line = msg(
        "msg.cli.plan",
        model=_term(
            "MODELS", "staffed_mclp" if result.model == "staffed_mclp" else plan.request.model
        ),
        sites=len(result.sites),
        candidates=n_candidates,
        before=f"{result.share_before:.1%}",
        after=f"{result.share_after:.1%}",
        status=str(result.status) if lang == "en" else solver_verdict(result, lang),
        objective=f"{result.objective:,.1f}",
        bound=f"{result.bound:,.1f}",
        gap=gap_percent(result.gap),
    )
    print(said(line))
    for _, row in plan.chosen.iterrows():
        site = site_label(int(row["rank"]), row["name"], lang)
        reasons = reasons_text(SiteReasons.from_record(row.to_dict()), lang)
        print("  " + said(msg("msg.cli.plan_site", site=site, reasons=reasons)))


def print_written(paths: Iterable[Path | str]) -> None:
    """Print ``wrote PATH`` for each file written."""
    for path in paths:
        print(said(msg("msg.cli.wrote", path=str(path))))


def _named_counts(counts: Mapping[str, int], prefix: str) -> list[Message]:
    """``name count`` parts; in Chinese the names are labels (``prefix`` keys), counts summed.

    A land-use value without a Chinese word is counted under its map group
    (residential, green, other ...).
    """
    lang = message_lang()
    if lang == "en":
        return [msg("msg.cli.info.part", name=k, count=v) for k, v in counts.items()]
    from servicecircle.maps.web.legend import landuse_group

    summed: dict[str, int] = {}
    for name, count in counts.items():
        word = label(prefix, name, lang)
        if word == name or not _is_chinese(word):
            word = t(f"landuse.{landuse_group(name)}", lang) if prefix == "osm_value." else word
        summed[word] = summed.get(word, 0) + int(count)
    return [msg("msg.cli.info.part", name=k, count=v) for k, v in summed.items()]


def _is_chinese(text: str) -> bool:
    """Whether ``text`` has a CJK character.

    >>> _is_chinese("居住"), _is_chinese("basin")
    (True, False)
    """
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def print_info(area: StudyArea) -> None:
    """Print the layer counts, land use and premises, bounds, notes and attribution of ``area``."""
    summary = area.summary()
    source = summary["source"]
    shown_source = msg("msg.cli.info.sample_source") if source == "sample" else source
    print(said(msg("msg.cli.info.head", name=summary["name"], source=shown_source)))
    for key in LAYER_COUNTS:
        name = said(msg(f"msg.cli.info.count.{key}"))
        print(f"  {_padded(name, 11)}{summary[key]:>9,}")
    for key, counts, prefix in (
        ("msg.cli.info.landuse", summary["landuse_by_class"], "osm_value."),
        ("msg.cli.info.premises", summary["premises_by_kind"], "premise."),
    ):
        if counts:
            print("  " + said(msg(key, parts=_named_counts(counts, prefix))))
    bounds = {side: f"{value:.5f}" for side, value in summary["bounds"].items()}
    print("  " + said(msg("msg.cli.info.bounds", **bounds)))
    for note in area.notes:  # said in the --lang language (the JSON keeps English)
        print(said(msg("msg.cli.note_line", note=note)))
    attribution = summary["attribution"]
    shown = msg("msg.cli.info.osm_attribution") if attribution == OSM_ATTRIBUTION else attribution
    print("  " + said(msg("msg.cli.info.data", attribution=shown)))
