"""One report section per recommended site: where, why here, who is newly covered, build order.

Built from the chosen sites of ``siting.json`` that newly cover someone
(:func:`~servicecircle.report.summary_text.recommended_sites`). The place
(street, community, nearest road) and the people newly covered by area type
and by community are shown when the plan recorded them (folders written
before it did show the road the site stands on and no breakdown).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from servicecircle.coverage.gaps import road_place
from servicecircle.i18n.labels import class_label, outlet_type_label
from servicecircle.planning.explain import NO_COVERAGE_PEOPLE
from servicecircle.planning.naming import site_label
from servicecircle.report.formatting import (
    Row,
    blank_dash,
    fmt_coord,
    fmt_people,
    fmt_share,
    is_blank,
    name_text,
    number,
)
from servicecircle.report.siting_tables import site_reasons_text
from servicecircle.report.strings import text
from servicecircle.results.schema import ChosenSite
from servicecircle.results.siting_records import CommunityGain


def location_rows(site: ChosenSite, lang: str) -> list[tuple[str, str]]:
    """Street (township), community and nearest road of a site, each when known.

    A plan written before sites were placed has no township or community;
    its road is the name of the road the site stands on.
    """
    rows = []
    if not is_blank(site.township):
        rows.append((text("col.township", lang), str(site.township)))
    if not is_blank(site.community):
        rows.append((text("col.community", lang), str(site.community)))
    road = site.road if not is_blank(site.road) else site.name
    if not is_blank(road):
        rows.append((text("doc.col.road", lang), road_place(road, site.road_m).text(lang)))
    return rows


def _class_rows(by_class: Mapping[str, float | None], lang: str) -> list[Row]:
    pairs = [(str(k), number(v)) for k, v in by_class.items()]
    return [
        {"label": class_label(name, lang), "people": fmt_people(people)}
        for name, people in sorted(pairs, key=lambda p: -(p[1] or 0.0))
        if (people or 0.0) > NO_COVERAGE_PEOPLE
    ]


def _community_rows(gains: Sequence[CommunityGain], lang: str) -> list[Row]:
    """The communities where the site newly covers people, most people first."""
    ordered = sorted(gains, key=lambda gain: -(number(gain.people) or 0.0))
    return [
        {
            "township": blank_dash(gain.township),
            "community": name_text(gain.community, lang),
            "people": fmt_people(gain.people),
        }
        for gain in ordered
        if (number(gain.people) or 0.0) > NO_COVERAGE_PEOPLE
    ]


def site_section(site: ChosenSite, lang: str) -> dict[str, object]:
    """Everything a recommended site's section shows."""
    label = site_label(site.rank, site.name, lang)
    facts = [
        (text("doc.site.order", lang), text("doc.site.order_value", lang, n=site.rank)),
        (text("doc.site.type", lang), outlet_type_label(site.type, lang) if site.type else "—"),
        *location_rows(site, lang),
        (text("doc.site.coords", lang), f"{fmt_coord(site.lon)}, {fmt_coord(site.lat)}"),
        (text("doc.site.newly", lang), fmt_people(site.newly_covered)),
        (text("doc.site.cumulative", lang), fmt_share(site.cumulative_share)),
    ]
    return {
        "rank": site.rank,
        "anchor": f"site-{site.rank}",
        "label": label,
        "facts": facts,
        "why": site_reasons_text(site, lang),
        "by_class": _class_rows(site.newly_by_class, lang),
        "by_community": _community_rows(site.newly_by_community, lang),
        "map_caption": text("doc.map.site", lang, site=label),
    }


def site_sections(sites: Sequence[ChosenSite], lang: str) -> list[dict[str, object]]:
    """The sections of the recommended sites, in build order."""
    return [site_section(site, lang) for site in sites]


def site_table_rows(sites: Sequence[ChosenSite], lang: str) -> list[Row]:
    """The one-line-per-site overview: build order, name, place, people newly covered."""
    rows = []
    for site in sites:
        place = [value for _, value in location_rows(site, lang)]
        rows.append(
            {
                "rank": str(site.rank),
                "anchor": f"site-{site.rank}",
                "name": site_label(site.rank, site.name, lang),
                "type": outlet_type_label(site.type, lang) if site.type else "—",
                "place": " / ".join(place) or "—",
                "newly_covered": fmt_people(site.newly_covered),
                "cumulative": fmt_share(site.cumulative_share),
            }
        )
    return rows
