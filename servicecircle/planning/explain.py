"""Why each new site was chosen: the reasons as data, said in words from the i18n tables.

:func:`site_reasons` follows the plan in build order and records, for every
new site, the people it newly covers, the ranks of the gaps it serves and the
must-cover areas (industrial parks, relocation sites) it brings within reach:
a :class:`SiteReasons`. :func:`reasons_text` says them in a language with the
``explain.*`` words of :mod:`servicecircle.i18n`; no sentence is written here.
A site that newly covers nobody "adds no coverage" (:attr:`SiteReasons.adds_coverage`).

:meth:`SiteReasons.from_record` reads the reasons back from a chosen site of
``siting.json`` or a row of :attr:`SitingPlan.chosen
<servicecircle.planning.plan.SitingPlan.chosen>`, so the report and the app say the
same reasons from the same data.

:func:`solver_statement` is the one sentence on how good a plan is (proven
best, within a share of the best, or a heuristic's plan of unknown distance),
said alike by the report, the app and the command line.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Protocol

import numpy as np
import numpy.typing as npt
import shapely

from servicecircle.coverage import Coverage, within
from servicecircle.i18n import t
from servicecircle.i18n.message import Message, msg
from servicecircle.planning.naming import area_label
from servicecircle.siting import SiteType, SitingResult

#: A site newly covering at most this many people adds no coverage.
NO_COVERAGE_PEOPLE: Final = 0.5
#: How many gap ranks and must-cover names the sentence names (the data keeps all).
GAPS_SAID: Final = 5
MUST_COVER_SAID: Final = 3


@dataclass(frozen=True)
class SiteReasons:
    """Why one new site was chosen.

    Attributes
    ----------
    newly_covered
        People it covers that no earlier site (or today's outlets) covered.
    gaps
        Ranks of the gap areas whose people it newly covers, ascending.
    must_cover
        Names of the must-cover areas whose people it newly covers, sorted.
    """

    newly_covered: float
    gaps: tuple[int, ...] = ()
    must_cover: tuple[str, ...] = ()

    @property
    def adds_coverage(self) -> bool:
        """False when the site newly covers nobody (it is not needed)."""
        return self.newly_covered > NO_COVERAGE_PEOPLE

    @classmethod
    def from_record(cls, site: Mapping[str, object]) -> SiteReasons:
        """The reasons of a chosen site of ``siting.json`` or a row of ``SitingPlan.chosen``.

        ``gaps`` may be a list of ranks or the text ``"1,5"``; ``must_cover`` a
        list of names or the text ``"A; B"``.

        >>> SiteReasons.from_record({"newly_covered": 759.2, "gaps": "1,5", "must_cover": ""})
        SiteReasons(newly_covered=759.2, gaps=(1, 5), must_cover=())
        """
        people = site.get("newly_covered")
        number = float(people) if isinstance(people, (int, float)) else 0.0
        return cls(
            newly_covered=number if math.isfinite(number) else 0.0,
            gaps=tuple(int(g) for g in _items(site.get("gaps"), ",")),
            must_cover=tuple(_items(site.get("must_cover"), "; ")),
        )


def _items(value: object, separator: str) -> list[str]:
    """The non-empty items of a list or of a text joined by ``separator``."""
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
    elif isinstance(value, str):
        items = value.split(separator)
    else:
        items = []
    return [item.strip() for item in items if item.strip()]


def reasons_text(
    reasons: SiteReasons,
    lang: str = "en",
    *,
    gaps_said: int | None = GAPS_SAID,
    names_said: int | None = MUST_COVER_SAID,
) -> str:
    """The reasons said in ``lang`` (``"zh"`` or ``"en"``).

    The one wording of the app, the report, the maps and ``siting.json``.

    Parameters
    ----------
    reasons
        The site's reasons.
    lang
        Language of the words.
    gaps_said, names_said
        How many gap ranks and must-cover names to name (None: all of them;
        the report names all, as its tables cite them).

    Examples
    --------
    >>> reasons_text(SiteReasons(759.4, gaps=(1, 5)))
    'newly covers 759 people; serves gap #1, #5'
    >>> reasons_text(SiteReasons(0.0))
    'adds no coverage (everyone it reaches is covered already); not needed'
    >>> reasons_text(SiteReasons(12.0, must_cover=("A", "B")), "zh", names_said=1)
    '新覆盖 12 人；覆盖必须覆盖区域：A'
    """
    separator = t("list_sep", lang)
    parts = [
        t("explain.newly", lang, people=reasons.newly_covered)
        if reasons.adds_coverage
        else t("explain.none", lang)
    ]
    if reasons.gaps:
        ranks = (t("explain.gap", lang, rank=g) for g in reasons.gaps[:gaps_said])
        parts.append(t("explain.gaps", lang, ranks=separator.join(ranks)))
    if reasons.must_cover:
        names = separator.join(area_label(n, lang) for n in reasons.must_cover[:names_said])
        parts.append(t("explain.must", lang, names=names))
    return t("explain.sep", lang).join(parts)


def _gap_of_unit(coverage: Coverage) -> npt.NDArray[np.int64]:
    """The rank of the gap holding each demand unit uncovered today (-1: none)."""
    units, gaps = coverage.demand, coverage.gaps
    covered_before = units["covered"].to_numpy(bool)
    gap_of_unit = np.full(len(units), -1)
    if len(gaps):
        uncovered = np.flatnonzero(~covered_before)
        points = units.geometry.to_numpy()[uncovered]
        tree = shapely.STRtree(gaps.geometry.to_numpy())
        point_idx, gap_idx = tree.query(points, predicate="within")
        gap_of_unit[uncovered[point_idx]] = gaps["rank"].to_numpy()[gap_idx]
    return gap_of_unit


def site_reasons(
    result: SitingResult, site_types: Mapping[str, SiteType], coverage: Coverage
) -> list[SiteReasons]:
    """The reasons of every new site of ``result``, in build order.

    Parameters
    ----------
    result
        The solved plan; its sites in build order with the people each
        newly covers.
    site_types
        The siting problem's site types (travel minutes of every site to
        every demand unit), by name.
    coverage
        Today's coverage: its demand units (``covered``, ``area_id``), gaps
        and must-cover areas.

    Returns
    -------
    list of SiteReasons
        One per site of ``result.sites``: the gaps and must-cover areas whose
        units the site reaches first (no earlier site or outlet covers them).
    """
    units = coverage.demand
    served_so_far = units["covered"].to_numpy(bool).copy()
    gap_of_unit = _gap_of_unit(coverage)
    must = coverage.must_cover
    must_name = dict(zip(must["area_id"], must["name"], strict=True)) if len(must) else {}
    area_ids = units["area_id"].to_numpy()
    out = []
    for site in result.sites:
        kind = site_types[site.type]
        reach = kind.minutes.tocsr()[site.site]
        reached = reach.indices[within(reach.data, kind.minutes_break)]
        new_units = reached[~served_so_far[reached]]
        served_so_far[new_units] = True
        out.append(
            SiteReasons(
                newly_covered=float(site.new_people),
                gaps=tuple(sorted({int(g) for g in gap_of_unit[new_units] if g > 0})),
                must_cover=_names(must_name, area_ids[new_units]),
            )
        )
    return out


def _names(must_name: Mapping[object, object], area_ids: Iterable[object]) -> tuple[str, ...]:
    return tuple(sorted({str(must_name[a]) for a in area_ids if a in must_name}))


# --------------------------------------------------------------------------- how good the plan is

#: A relative gap at most this small is none: the plan is proven the best possible.
PROVEN_GAP: Final = 1e-6


class SolverOutcome(Protocol):
    """How a search ended: a :class:`~servicecircle.siting.SitingResult` or ``siting.json``."""

    @property
    def status(self) -> str:
        """``"optimal"``, ``"time_limit"`` or ``"heuristic"``."""

    @property
    def gap(self) -> float | None:
        """Relative distance from the objective to the bound (None: unknown)."""

    @property
    def bound(self) -> float | None:
        """Best proven bound on the objective (None: none)."""


def _known(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def gap_percent(gap: float | None) -> str:
    """A gap as the percentage the statement says, rounded up to 0.01% ("—" when unknown).

    >>> gap_percent(0.02551), gap_percent(0.0), gap_percent(None)
    ('2.56%', '0.00%', '—')
    """
    if gap is None or not math.isfinite(gap):
        return "—"
    return f"{math.ceil(max(gap, 0.0) * 10_000 - 1e-9) / 100:.2f}%"


def solver_message(outcome: SolverOutcome, n_candidates: int | None = None) -> Message:
    """:func:`solver_statement` as a message (for notes and files).

    ``n_candidates`` defaults to the outcome's ``n_candidates`` when it has one.
    """
    count = n_candidates if n_candidates is not None else getattr(outcome, "n_candidates", None)
    among = "_among" if isinstance(count, int) and count > 0 else ""
    fields: dict[str, object] = {"candidates": count} if among else {}
    case = _case(outcome)
    if case == "within":
        status = outcome.status if outcome.status in ("time_limit", "optimal") else "heuristic"
        fields |= {"gap": gap_percent(outcome.gap), "why": msg(f"msg.explain.solver.why.{status}")}
    return msg(f"msg.explain.solver.{case}{among}", **fields)


def _case(outcome: SolverOutcome) -> str:
    """``"optimal"`` (no gap), ``"within"`` (a gap to a bound) or ``"unknown"`` (no bound)."""
    gap = outcome.gap
    if gap is not None and _known(gap) and gap <= PROVEN_GAP:
        return "optimal"
    if gap is not None and _known(gap) and _known(outcome.bound):
        return "within"
    return "unknown"


def solver_verdict(outcome: SolverOutcome, lang: str = "en") -> str:
    """:func:`solver_statement` in a few words, for a figure's value ("可证明最优").

    >>> from types import SimpleNamespace as Outcome
    >>> solver_verdict(Outcome(status="optimal", gap=0.0256, bound=9.0), "zh")
    '与最优相差 ≤ 2.56%'
    """
    fields = {"gap": gap_percent(outcome.gap)} if _case(outcome) == "within" else {}
    return msg(f"msg.explain.verdict.{_case(outcome)}", **fields).text(lang)


def search_method(method: str | None, lang: str = "en") -> str:
    """How the plan was searched for, in words that never contradict :func:`solver_statement`.

    The fast search is not called "heuristic" here: whether its plan is
    proven best is the statement's to say.

    >>> search_method("heuristic", "zh")
    '快速搜索（贪心、局部搜索与 HiGHS 子问题），并计算理论上界'
    """
    kind = "exact" if method == "exact" else "fast"
    return msg(f"msg.explain.method.{kind}").text(lang)


def solver_statement(
    outcome: SolverOutcome, lang: str = "en", *, n_candidates: int | None = None
) -> str:
    """The one plain sentence on how good a plan is, in ``lang``.

    Proven the best possible only when the gap is none (:data:`PROVEN_GAP`);
    else within the gap of the best possible, as the bound proves; a plan
    with no bound says its distance from the best is not known.

    Parameters
    ----------
    outcome
        The solver's result or ``siting.json`` (``status``, ``gap``, ``bound``).
    lang
        ``"zh"`` or ``"en"``.
    n_candidates
        Candidate sites compared (default: the outcome's ``n_candidates``);
        none or 0 leaves them unsaid.

    Examples
    --------
    >>> from types import SimpleNamespace as Outcome
    >>> solver_statement(Outcome(status="optimal", gap=0.0, bound=9.0), "zh", n_candidates=120)
    '在比较的 120 个候选点位中，该方案可证明为最优。'
    >>> solver_statement(Outcome(status="time_limit", gap=0.0256, bound=9.0), "en")
    'This plan is within 2.56% of the best possible (the search stopped at its time limit; \
the bound gives the gap).'
    """
    return solver_message(outcome, n_candidates).text(lang)
