"""The report's demand tables: the estimate's quality, the census audit, people off the network.

Built from :class:`~servicecircle.results.schema.CoverageSummary`
(``demand_quality``, ``assumptions.demand.census_audit`` and ``off_network``)
as rows of formatted text for the template, in the report's language. The
warnings are written from the numbers through the report's strings, not
copied from the English sentences of the summary.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from servicecircle._progress import Said
from servicecircle.i18n import demand_words, t
from servicecircle.i18n.labels import class_label, lookup
from servicecircle.i18n.message import say
from servicecircle.report.formatting import (
    Row,
    blank_dash,
    fmt_coord,
    fmt_parameter,
    fmt_people,
    fmt_share,
    is_blank,
    number,
)
from servicecircle.report.strings import text
from servicecircle.results.demand_records import CensusAuditRecord, DemandQualitySummary
from servicecircle.results.schema import OffNetwork

#: Most rows of the people-by-basis tables and of the off-network list.
MAX_BASIS_ROWS = 8
MAX_OFF_NETWORK_ROWS = 30

#: The measures of ``demand_quality`` shown as rows, in order: (key, string, kind).
QUALITY_ROWS: tuple[tuple[str, str, str], ...] = (
    ("residents", "quality.residents", "people"),
    ("study_area_km2", "quality.study_area_km2", "area"),
    ("residential_land_km2", "quality.residential_land_km2", "area"),
    ("density_study_area", "quality.density_study_area", "people"),
    ("density_residential_land", "quality.density_residential_land", "people"),
    ("share_tagged_levels", "quality.share_tagged_levels", "share"),
    ("share_assumed_levels", "quality.share_assumed_levels", "share"),
    ("share_from_land", "quality.share_from_land", "share"),
    ("share_from_grid", "quality.share_from_grid", "share"),
)


def _measures(quality: DemandQualitySummary | None) -> dict[str, float | None]:
    """The measures of :data:`QUALITY_ROWS` by key (all ``None`` without a measure)."""
    if quality is None:
        return {key: None for key, _, _ in QUALITY_ROWS}
    return {
        "residents": quality.residents,
        "study_area_km2": quality.study_area_km2,
        "residential_land_km2": quality.residential_land_km2,
        "density_study_area": quality.density_study_area,
        "density_residential_land": quality.density_residential_land,
        "share_tagged_levels": quality.share_tagged_levels,
        "share_assumed_levels": quality.share_assumed_levels,
        "share_from_land": quality.share_from_land,
        "share_from_grid": quality.share_from_grid,
    }


def _area(value: float | None) -> str:
    x = number(value)
    return "—" if x is None else f"{x:,.2f}"


def _formatted(kind: str, value: float | None) -> str:
    if kind == "share":
        return fmt_share(value)
    if kind == "area":
        return _area(value)
    return fmt_people(value)


def profile_label(quality: DemandQualitySummary, lang: str) -> str:
    """The regional profile in the report's language (its own words when unknown)."""
    label = lookup("PROFILES", quality.profile, lang)
    if label == quality.profile and quality.profile_label:
        return quality.profile_label
    return label


def top_down_text(applied: list[str], lang: str) -> str:
    """The top-down totals applied, in words ("census totals and a population grid")."""
    names = [lookup("TOP_DOWN", a, lang) for a in applied if not is_blank(a)]
    return t("list_sep", lang).join(names) if names else text("quality.top_down_none", lang)


def _band_sentences(quality: DemandQualitySummary, lang: str) -> list[str]:
    """A sentence for each density outside its band (what to do depends on the totals)."""
    applied = [a for a in quality.top_down if not is_blank(a)]
    sentences = []
    for density, band, what in (
        (quality.density_study_area, quality.band_study_area, "quality.what_study_area"),
        (
            quality.density_residential_land,
            quality.band_residential_land,
            "quality.what_residential_land",
        ),
    ):
        if density is None or band[0] <= density <= band[1]:
            continue
        fields = {
            "density": fmt_people(density),
            "what": text(what, lang),
            "low": fmt_people(band[0]),
            "high": fmt_people(band[1]),
            "profile": profile_label(quality, lang),
        }
        if applied:
            key_text = "quality.after_totals"
            fields["totals"] = top_down_text(applied, lang)
        else:
            key_text = "quality.too_low" if density < band[0] else "quality.too_high"
        sentences.append(text(key_text, lang, **fields))
    return sentences


def _basis_rows(people: Mapping[str, float | None], lang: str) -> list[Row]:
    pairs: list[tuple[str, float]] = []
    for key, value in people.items():
        amount = number(value)
        if amount is not None and amount > 0.5:
            pairs.append((key, amount))
    pairs.sort(key=lambda kv: -kv[1])
    rows = [
        {"basis": demand_words.basis_text(k, lang), "people": fmt_people(v)}
        for k, v in pairs[:MAX_BASIS_ROWS]
    ]
    rest = sum(v for _, v in pairs[MAX_BASIS_ROWS:])
    if rest > 0.5:
        rows.append({"basis": text("quality.other_bases", lang), "people": fmt_people(rest)})
    return rows


def _quality_rows(quality: DemandQualitySummary, lang: str) -> list[Row]:
    final, before = _measures(quality), _measures(quality.map_estimate)
    bands = {
        "density_study_area": quality.band_study_area,
        "density_residential_land": quality.band_residential_land,
    }
    rows = []
    for key, label, kind in QUALITY_ROWS:
        if kind == "share" and not number(final[key]) and not number(before[key]):
            continue  # a source of people this run does not have
        band = bands.get(key)
        rows.append(
            {
                "label": text(label, lang),
                "final": _formatted(kind, final[key]),
                "map_estimate": _formatted(kind, before[key]),
                "band": (
                    text("quality.band", lang, low=fmt_people(band[0]), high=fmt_people(band[1]))
                    if band
                    else ""
                ),
            }
        )
    return rows


def demand_quality_context(
    quality: DemandQualitySummary | None, lang: str
) -> dict[str, object] | None:
    """The demand quality section: measures (final and map estimate), warnings, people by basis.

    ``None`` when the demand was not measured.
    """
    if quality is None:
        return None
    applied = [a for a in quality.top_down if not is_blank(a)]
    return {
        "profile": profile_label(quality, lang),
        "profile_reason": ""
        if is_blank(quality.profile_reason)
        else demand_words.profile_reason_text(quality.profile_reason, lang),
        "top_down": top_down_text(applied, lang),
        "two_measures": bool(applied and quality.map_estimate is not None),
        "rows": _quality_rows(quality, lang),
        "warnings": _band_sentences(quality, lang),
        "by_basis": _basis_rows(quality.people_by_basis, lang),
        "excluded": _basis_rows(quality.floor_people_excluded, lang),
        "by_decision": [
            (lookup("DECISIONS", k, lang), fmt_people(v))
            for k, v in quality.buildings_by_decision.items()
        ],
    }


# --------------------------------------------------------------------------- census audit


def _status_text(status: str | None, lang: str, said: Said | None = None) -> str:
    """An audit status and its detail (a message) in the report's language.

    A project saved before the detail was kept apart has it after ``": "`` in
    the status, in English; it is kept as written.
    """
    if status is None or is_blank(status):
        return "—"
    head, _, detail = status.partition(": ")
    label = lookup("CENSUS_STATUS", head, lang)
    detail = say(said, lang) if said is not None else detail
    return f"{label}{'：' if lang == 'zh' else ': '}{detail}" if detail else label


def _audit_row(record: CensusAuditRecord, lang: str) -> Row:
    return {
        "level": lookup("AUDIT_LEVELS", record.level, lang),
        "township": blank_dash(record.township),
        "community": blank_dash(record.community),
        "where": demand_words.where_text(record.where, lang) or "—",
        "estimate": fmt_people(record.estimate),
        "census": fmt_people(record.census),
        "ratio": "—" if record.ratio is None else f"{record.ratio:.2f}",
        "status": _status_text(record.status, lang, record.detail),
    }


def census_audit_rows(audit: Sequence[CensusAuditRecord] | None, lang: str) -> list[Row]:
    """The census audit (``assumptions.demand.census_audit``) as table rows.

    Columns: level, township, community, where (the file and row, in ``lang``),
    estimate (residents before scaling), census, ratio (census ÷ estimate) and
    status, in the audit's order.
    """
    return [_audit_row(record, lang) for record in audit or ()]


# --------------------------------------------------------------------------- off the network


def off_network_context(off: OffNetwork, lang: str) -> dict[str, object]:
    """People off the road network (``summary.off_network``): a sentence and the places."""
    limit = fmt_parameter(off.limit_m)
    rows = [
        {
            "people": fmt_people(place.people),
            "class": class_label(place.class_, lang) if place.class_ else "—",
            "road_m": fmt_people(place.road_m),
            "township": blank_dash(place.township),
            "community": blank_dash(place.community),
            "lon": fmt_coord(place.lon),
            "lat": fmt_coord(place.lat),
        }
        for place in off.places[:MAX_OFF_NETWORK_ROWS]
    ]
    if off.units == 0:
        sentence = text("offnet.none", lang, limit=limit)
    else:
        sentence = text(
            "offnet.summary", lang, people=fmt_people(off.people), units=off.units, limit=limit
        )
    return {
        "people": fmt_people(off.people),
        "units": off.units,
        "sentence": sentence,
        "rows": rows,
        "more": max(off.units - len(rows), 0),
    }
