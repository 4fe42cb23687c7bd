"""The report's new sites and method notes, from a ``SitingSummary``.

Rows of formatted text for the template, in the report's language: the sites
in build order with why each was chosen, coverage before and after by area
type and by unit, the solver's model, status and settings, the coverage curve.
"""

from __future__ import annotations

from collections.abc import Sequence

from servicecircle.i18n.labels import (
    class_label,
    model_label,
    outlet_type_label,
)
from servicecircle.i18n.message import say
from servicecircle.planning.explain import SiteReasons, gap_percent, reasons_text, search_method
from servicecircle.planning.naming import site_label
from servicecircle.report.formatting import (
    Row,
    blank_dash,
    fmt_coord,
    fmt_objective,
    fmt_parameter,
    fmt_people,
    fmt_share,
    is_blank,
    joined,
    name_text,
)
from servicecircle.report.strings import text
from servicecircle.results.schema import (
    ChosenSite,
    ClassBeforeAfter,
    SitingRequestSummary,
    SitingSummary,
    UnitBeforeAfter,
)


def site_reasons_text(site: ChosenSite, lang: str) -> str:
    """Why a site was chosen, every gap and area named (the one wording of ``explain``)."""
    reasons = SiteReasons(
        newly_covered=site.newly_covered or 0.0,
        gaps=tuple(site.gaps),
        must_cover=tuple(n for n in site.must_cover if not is_blank(n)),
    )
    return reasons_text(reasons, lang, gaps_said=None, names_said=None)


def chosen_rows(
    siting: SitingSummary, lang: str, sites: Sequence[ChosenSite] | None = None
) -> list[Row]:
    """The new sites (``sites``, default all) in build order with people newly covered, reasons."""
    return [
        {
            "rank": str(c.rank),
            "name": site_label(c.rank, c.name, lang),
            "type": outlet_type_label(c.type, lang) if c.type else "—",
            "lon": fmt_coord(c.lon),
            "lat": fmt_coord(c.lat),
            "newly_covered": fmt_people(c.newly_covered),
            "cumulative": fmt_share(c.cumulative_share),
            "reasons": site_reasons_text(c, lang),
        }
        for c in sorted(siting.chosen if sites is None else sites, key=lambda c: c.rank)
    ]


def _before_after(
    label: str, people: float | None, before: float | None, after: float | None
) -> Row:
    return {
        "label": label,
        "people": fmt_people(people),
        "before": fmt_people(before),
        "after": fmt_people(after),
        "gain": fmt_people(None if after is None or before is None else after - before),
        "share_before": fmt_share(before / people if before is not None and people else None),
        "share_after": fmt_share(after / people if after is not None and people else None),
    }


def class_before_after(siting: SitingSummary, lang: str) -> list[Row]:
    """People covered by area type before and after the new sites."""
    before, after = siting.coverage_before, siting.coverage_after
    rows = []
    for name in dict.fromkeys([*before, *after]):
        b: ClassBeforeAfter | None = before.get(name)
        a: ClassBeforeAfter | None = after.get(name)
        people = b.total if b is not None else a.total if a is not None else None
        rows.append(
            _before_after(
                class_label(name, lang),
                people,
                b.covered if b is not None else None,
                a.covered if a is not None else None,
            )
        )
    return rows


def unit_before_after(by_unit: Sequence[UnitBeforeAfter], lang: str) -> dict[str, list[Row]]:
    """People covered by township and by community before and after (``by_unit``).

    A community is named by its township and its name, so namesakes in
    different townships are separate rows.
    """
    out: dict[str, list[Row]] = {"township": [], "community": []}
    for unit in by_unit:
        if unit.level not in out:
            continue
        row = _before_after(
            name_text(unit.name, lang), unit.people, unit.covered_before, unit.covered_after
        )
        row["township"] = blank_dash(unit.township if unit.level == "community" else None)
        out[unit.level].append(row)
    return out


def _request_rows(request: SitingRequestSummary, lang: str) -> list[tuple[str, str]]:
    rows = []
    if request.time_limit is not None:
        rows.append((text("method.time_limit", lang), fmt_parameter(request.time_limit)))
    if isinstance(request.new, int):
        rows.append((text("method.new", lang), fmt_parameter(request.new)))
    elif request.new is not None:
        per_type = (
            f"{outlet_type_label(k, lang)} {fmt_parameter(v)}" for k, v in request.new.items()
        )
        rows.append((text("method.new", lang), joined(per_type, lang)))
    if request.target is not None:
        rows.append((text("method.target", lang), fmt_share(request.target)))
    if request.new_types:
        types = (outlet_type_label(t, lang) for t in request.new_types)
        rows.append((text("method.new_types", lang), joined(types, lang)))
    must = joined((class_label(c, lang) for c in request.must_cover), lang) or "—"
    rows.append((text("method.must_cover", lang), must))
    capacity = request.capacity
    rows.append(
        (
            text("method.capacity", lang),
            fmt_people(capacity) if capacity is not None else text("value.unlimited", lang),
        )
    )
    return rows


def method_rows(siting: SitingSummary, lang: str) -> list[tuple[str, str]]:
    """Model, method, objective, bound, gap, time and the request's settings.

    The solver's status is not among them: the report says it once, in the
    sentence of :func:`servicecircle.report.quality_method.solver_sentence`.
    """
    model = siting.solver_model or siting.model
    rows = [
        (text("method.model", lang), model_label(model, lang)),
        (text("method.method", lang), search_method(siting.method, lang)),
        (text("method.objective", lang), fmt_objective(siting.objective, model)),
        (text("method.bound", lang), fmt_objective(siting.bound, model)),
        (text("method.gap", lang), gap_percent(siting.gap)),
        (text("method.seconds", lang), fmt_parameter(siting.seconds)),
        *_request_rows(siting.request, lang),
    ]
    if siting.mean_minutes is not None:
        rows.append((text("method.mean_minutes", lang), f"{siting.mean_minutes:.1f}"))
    if siting.people_beyond_cutoff is not None:
        label = text("doc.method.after_uncovered", lang)
        rows.append((label, fmt_people(siting.people_beyond_cutoff)))
    if siting.uncoverable_must_cover:
        rows.append((text("method.uncoverable", lang), fmt_people(siting.uncoverable_must_cover)))
    return rows


def curve_rows(siting: SitingSummary) -> list[Row]:
    """The coverage curve: people and share covered with 0, 1, ... new outlets."""
    return [
        {
            "n_new": fmt_people(point.n_new),
            "covered": fmt_people(point.covered),
            "share": fmt_share(point.share),
        }
        for point in siting.curve
    ]


def siting_context(
    siting: SitingSummary | None, lang: str, *, sites: Sequence[ChosenSite] | None = None
) -> dict[str, object] | None:
    """Everything the plan's chapters and the method notes show, or ``None`` without a plan.

    ``sites`` are the recommended sites (default: every chosen site); the
    summary line counts them and the people they newly cover.
    """
    if siting is None:
        return None
    shown = list(siting.chosen if sites is None else sites)
    chosen = chosen_rows(siting, lang, shown)
    newly = sum(c.newly_covered or 0.0 for c in shown)
    model = siting.solver_model or siting.model
    return {
        "chosen": chosen,
        "summary": text(
            "sites.summary",
            lang,
            n=len(chosen),
            people=fmt_people(newly),
            before=fmt_share(siting.share_before),
            after=fmt_share(siting.share_after),
        ),
        "before_after": class_before_after(siting, lang),
        "units": unit_before_after(siting.by_unit, lang),
        "method": method_rows(siting, lang),
        "objective_meaning": text(f"objective.{model}", lang) if model else "",
        "notes": [say(note, lang) for note in siting.notes],
        "curve": curve_rows(siting),
    }
