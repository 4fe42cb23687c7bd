"""The report's demand tables: the estimate's quality, the census audit, people off the network.

Built from ``summary.json`` (``demand_quality``, ``assumptions.demand.census_audit``
and ``off_network``) as rows of formatted text for the template, in the
report's language. The warnings are written from the numbers through the
report's strings, not copied from the English sentences of the summary
(those are shown only when the numbers are missing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from servicecircle.i18n import demand_words
from servicecircle.report.formatting import (
    fmt_coord,
    fmt_parameter,
    fmt_people,
    fmt_share,
    is_blank,
    number,
)
from servicecircle.report.strings import class_label, lookup, text

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

Row = dict[str, Any]


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _area(value: Any) -> str:
    x = number(value)
    return "—" if x is None else f"{x:,.2f}"


def _formatted(kind: str, value: Any) -> str:
    if kind == "share":
        return fmt_share(value)
    if kind == "area":
        return _area(value)
    return fmt_people(value)


def _band(band: Any) -> tuple[float, float] | None:
    if isinstance(band, Sequence) and not isinstance(band, str) and len(band) == 2:
        low, high = number(band[0]), number(band[1])
        if low is not None and high is not None:
            return low, high
    return None


def profile_label(quality: Mapping[str, Any], lang: str) -> str:
    """The regional profile in the report's language (its own words when unknown)."""
    name = quality.get("profile")
    label = lookup("PROFILES", name, lang)
    if label == str(name) and quality.get("profile_label"):
        return str(quality["profile_label"])
    return label


def top_down_text(applied: Any, lang: str) -> str:
    """The top-down totals applied, in words ("census totals and a population grid")."""
    names = [lookup("TOP_DOWN", a, lang) for a in applied or [] if not is_blank(a)]
    return (
        text("reason.list_sep", lang).join(names) if names else text("quality.top_down_none", lang)
    )


def _band_sentences(quality: Mapping[str, Any], lang: str) -> list[str]:
    """A sentence for each density outside its band (what to do depends on the totals)."""
    applied = [a for a in quality.get("top_down") or [] if not is_blank(a)]
    sentences = []
    for key, band_key, what in (
        ("density_study_area", "band_study_area", "quality.what_study_area"),
        ("density_residential_land", "band_residential_land", "quality.what_residential_land"),
    ):
        density, band = number(quality.get(key)), _band(quality.get(band_key))
        if density is None or band is None or band[0] <= density <= band[1]:
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


def _basis_rows(people: Any, lang: str) -> list[Row]:
    pairs: list[tuple[str, float]] = []
    for key, value in _mapping(people).items():
        amount = number(value)
        if amount is not None and amount > 0.5:
            pairs.append((str(key), amount))
    pairs.sort(key=lambda kv: -kv[1])
    rows = [
        {"basis": demand_words.basis_text(k, lang), "people": fmt_people(v)}
        for k, v in pairs[:MAX_BASIS_ROWS]
    ]
    rest = sum(v for _, v in pairs[MAX_BASIS_ROWS:])
    if rest > 0.5:
        rows.append({"basis": text("quality.other_bases", lang), "people": fmt_people(rest)})
    return rows


def demand_quality_context(summary: Mapping[str, Any], lang: str) -> dict[str, Any] | None:
    """The demand quality section: measures (final and map estimate), warnings, people by basis.

    ``None`` when ``summary.json`` has no ``demand_quality`` (older runs).
    """
    quality = summary.get("demand_quality")
    if not isinstance(quality, Mapping):
        return None
    before = _mapping(quality.get("map_estimate"))
    applied = [a for a in quality.get("top_down") or [] if not is_blank(a)]
    two = bool(applied and before)
    bands = {
        "density_study_area": _band(quality.get("band_study_area")),
        "density_residential_land": _band(quality.get("band_residential_land")),
    }
    rows = []
    for key, label, kind in QUALITY_ROWS:
        if key not in quality and key not in before:
            continue
        if kind == "share" and not number(quality.get(key)) and not number(before.get(key)):
            continue  # a source of people this run does not have
        band = bands.get(key)
        rows.append(
            {
                "label": text(label, lang),
                "final": _formatted(kind, quality.get(key)),
                "map_estimate": _formatted(kind, before.get(key)),
                "band": (
                    text("quality.band", lang, low=fmt_people(band[0]), high=fmt_people(band[1]))
                    if band
                    else ""
                ),
            }
        )
    warnings = _band_sentences(quality, lang)
    if not warnings and quality.get("warning") and not bands["density_study_area"]:
        warnings = [str(quality["warning"])]  # numbers missing: the summary's own words
    return {
        "profile": profile_label(quality, lang),
        "profile_reason": ""
        if is_blank(quality.get("profile_reason"))
        else demand_words.profile_reason_text(str(quality["profile_reason"]), lang),
        "top_down": top_down_text(applied, lang),
        "two_measures": two,
        "rows": rows,
        "warnings": warnings,
        "by_basis": _basis_rows(quality.get("people_by_basis"), lang),
        "excluded": _basis_rows(quality.get("floor_people_excluded"), lang),
        "by_decision": [
            (lookup("DECISIONS", k, lang), fmt_people(v))
            for k, v in _mapping(quality.get("buildings_by_decision")).items()
        ],
    }


# --------------------------------------------------------------------------- census audit


def _status_text(status: Any, lang: str) -> str:
    """An audit status in the report's language; a detail after ``": "`` is kept as written."""
    if is_blank(status):
        return "—"
    head, sep, detail = str(status).partition(": ")
    label = lookup("CENSUS_STATUS", head, lang)
    return f"{label}{'：' if lang == 'zh' else ': '}{detail}" if sep else label


def census_audit_rows(summary: Mapping[str, Any], lang: str) -> list[Row]:
    """The census audit (``assumptions.demand.census_audit``) as table rows.

    Columns: level, township, community, estimate (residents before scaling),
    census, ratio (census ÷ estimate) and status, in the audit's order.
    """
    demand = _mapping(_mapping(summary.get("assumptions")).get("demand"))
    audit = demand.get("census_audit")
    if not isinstance(audit, list):
        return []
    rows = []
    for record in audit:
        if not isinstance(record, Mapping):
            continue
        ratio = number(record.get("ratio"))
        rows.append(
            {
                "level": lookup("AUDIT_LEVELS", record.get("level"), lang),
                "township": "—" if is_blank(record.get("township")) else str(record["township"]),
                "community": (
                    "—" if is_blank(record.get("community")) else str(record["community"])
                ),
                "estimate": fmt_people(record.get("estimate")),
                "census": fmt_people(record.get("census")),
                "ratio": "—" if ratio is None else f"{ratio:.2f}",
                "status": _status_text(record.get("status"), lang),
            }
        )
    return rows


# --------------------------------------------------------------------------- off the network


def off_network_context(summary: Mapping[str, Any], lang: str) -> dict[str, Any] | None:
    """People off the road network (``summary.off_network``): a sentence and the places.

    ``None`` when the summary does not say (older runs).
    """
    off = summary.get("off_network")
    if not isinstance(off, Mapping):
        return None
    units = int(number(off.get("units")) or 0)
    limit = fmt_parameter(off.get("limit_m"))
    places = [p for p in off.get("places") or [] if isinstance(p, Mapping)]
    rows = [
        {
            "people": fmt_people(place.get("people")),
            "class": class_label(place.get("class"), lang) if place.get("class") else "—",
            "road_m": fmt_people(place.get("road_m")),
            "township": "—" if is_blank(place.get("township")) else str(place["township"]),
            "community": "—" if is_blank(place.get("community")) else str(place["community"]),
            "lon": fmt_coord(place.get("lon")),
            "lat": fmt_coord(place.get("lat")),
        }
        for place in places[:MAX_OFF_NETWORK_ROWS]
    ]
    if units == 0:
        sentence = text("offnet.none", lang, limit=limit)
    else:
        sentence = text(
            "offnet.summary", lang, people=fmt_people(off.get("people")), units=units, limit=limit
        )
    return {
        "people": fmt_people(off.get("people")),
        "units": units,
        "sentence": sentence,
        "rows": rows,
        "more": max(units - len(rows), 0),
    }
