"""One palette and symbol table for every map: the web map, the static maps and the report.

Isochrones use one blue ramp (darker is nearer), whatever draws them. The pairs a
planner must tell apart on a grey printout differ in lightness, not only in hue,
and the two numbered markers differ in shape too:

* covered demand (light green) and uncovered demand (dark red);
* a coverage gap (dark red, square badge) and a recommended new outlet (light
  orange, star / round badge).

Colours are ``#rrggbb`` strings; :func:`lightness` gives the CIE L* a greyscale
printer keeps. ``marker`` is the matplotlib marker of a symbol and ``badge`` the
shape of its numbered web-map label.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

ATTRIBUTION: Final = "© OpenStreetMap contributors"
"""The credit every map carries (the basemap-free maps draw OpenStreetMap data)."""

Badge = Literal["round", "square"]
"""Shape of a numbered label on the web map: {"round", "square"}."""


@dataclass(frozen=True)
class Symbol:
    """How one kind of feature is drawn.

    Attributes
    ----------
    color
        Fill colour, ``#rrggbb``.
    marker
        Matplotlib marker of a point (``"o"``, ``"s"``, ``"*"``, ``"X"``; ``""`` for areas).
    badge
        Shape of its numbered label on the web map.
    edge
        Outline colour.
    """

    color: str
    marker: str = "o"
    badge: Badge = "round"
    edge: str = "#ffffff"


ISOCHRONE_RAMP: Final[tuple[str, ...]] = ("#08519c", "#3182bd", "#6baed6", "#9ecae1", "#c6dbef")
"""Blues for the time breaks, nearest (darkest) first; :func:`ramp_colors` spreads them."""

COVERED: Final = Symbol("#66bd63", "o")
UNCOVERED: Final = Symbol("#a50026", "o")
GAP: Final = Symbol("#b2182b", "s", "square", edge="#67000d")
EXISTING_OUTLET: Final = Symbol("#252525", "s")
NEW_SITE: Final = Symbol("#fdae61", "*", "round", edge="#000000")
REMOVED_OUTLET: Final = Symbol("#737373", "X")
CANDIDATE: Final = Symbol("#7b3294", "o")
BOUNDARY: Final = Symbol("#6a51a3", "")
OFF_NETWORK: Final = Symbol("#e7298a", "o")
EXCLUDED: Final = Symbol("#555555", "")

SYMBOLS: Final[Mapping[str, Symbol]] = {
    "covered": COVERED,
    "uncovered": UNCOVERED,
    "gap": GAP,
    "outlet": EXISTING_OUTLET,
    "new_site": NEW_SITE,
    "removed": REMOVED_OUTLET,
    "candidate": CANDIDATE,
    "boundary": BOUNDARY,
    "off_network": OFF_NETWORK,
    "excluded": EXCLUDED,
}
"""Every symbol by name, for legends and tests."""

NETWORK_COLOR: Final = "#8c8c8c"
BUILDING_COLOR: Final = "#a1887f"
PREMISE_COLOR: Final = "#00838f"
DEMAND_COLOR: Final = "#e65100"
OTHER_COLOR: Final = "#bdbdbd"
BEYOND_COLOR: Final = "#f46d43"
"""Values beyond the last class (e.g. farther than the largest break)."""
MISSING_COLOR: Final = UNCOVERED.color
"""Missing values (e.g. demand no outlet reaches at all): uncovered."""
CURVE_COLOR: Final = ISOCHRONE_RAMP[0]
"""The coverage curve of the charts."""
SHARE_RAMP: Final[tuple[str, ...]] = (UNCOVERED.color, "#f46d43", "#fee08b", "#a6d96a", "#1a9850")
"""Classes of a covered share, lowest first: from uncovered red to covered green."""

BUILDING_DECISION_COLORS: Final[dict[str, str]] = {
    "homes": "#1b9e77",
    "no_homes": EXCLUDED.color,
    "non-residential": "#7f7f7f",
    "industrial": "#8c510a",
}
"""Buildings by the demand estimate's decision (and areas the planner marks)."""

LANDUSE_GROUPS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "residential": ("#f4c27a", ("residential",)),
    "industrial": ("#b39ddb", ("industrial", "port", "quarry")),
    "commercial": ("#ef9a9a", ("commercial",)),
    "retail": ("#f48fb1", ("retail",)),
    "green": (
        "#a5d6a7",
        (
            "grass",
            "meadow",
            "farmland",
            "forest",
            "orchard",
            "vineyard",
            "allotments",
            "village_green",
            "recreation_ground",
            "cemetery",
            "greenfield",
            "farmyard",
            "plant_nursery",
        ),
    ),
}
"""Display group -> (colour, OSM ``landuse`` values); anything else is "other"."""

PREMISE_COLORS: Final[dict[str, str]] = {
    "community_centre": "#00838f",
    "townhall": "#283593",
    "social_facility": "#2e7d32",
    "public_building": "#6d4c41",
    "government": "#37474f",
    "marketplace": "#ef6c00",
    "employment_service": "#c62828",
    "gig_market": "#f9a825",
    "community_service": "#00695c",
    "community_committee": "#4527a0",
    "subdistrict_office": "#1565c0",
}
"""Colour of each kind of candidate premises."""

DEMAND_CLASS_COLORS: Final[dict[str, str]] = {
    "residential": "#e65100",
    "industrial": "#6a1b9a",
    "relocation": "#c2185b",
    "user": "#00897b",
}
"""Colour of each demand class (``servicecircle.demand.DEMAND_CLASSES``)."""

OUTLET_TYPE_COLORS: Final[dict[str, str]] = {
    "community_window": "#00695c",
    "doorstep_station": "#283593",
    "employment_post": "#4e342e",
    "gig_market": "#f9a825",
    "default": EXISTING_OUTLET.color,
}
"""Colour of each outlet type, apart from the demand colours."""

CATEGORY_PALETTE: Final[tuple[str, ...]] = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
)
"""Colours for categories without a fixed colour (outlet types, ...)."""


def hex_rgb(color: str) -> tuple[int, int, int]:
    """``"#08519c"`` -> ``(8, 81, 156)``.

    >>> hex_rgb("#08519c")
    (8, 81, 156)
    """
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def lightness(color: str) -> float:
    """CIE L* (0 black .. 100 white) of a colour: what a greyscale print keeps.

    >>> round(lightness("#ffffff")), round(lightness("#000000"))
    (100, 0)
    """

    def linear(channel: int) -> float:
        c = channel / 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in hex_rgb(color))
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 116.0 * y ** (1.0 / 3.0) - 16.0 if y > 216 / 24389 else y * 24389 / 27


def ink(color: str) -> str:
    """Black or white, whichever reads better on ``color``.

    >>> ink("#fdae61"), ink("#08519c")
    ('#000000', '#ffffff')
    """
    return "#000000" if lightness(color) > 60.0 else "#ffffff"


def ramp_colors(n: int) -> list[str]:
    """``n`` colours along :data:`ISOCHRONE_RAMP`, darkest (nearest break) first.

    >>> ramp_colors(0), ramp_colors(1)
    ([], ['#3182bd'])
    """
    if n <= 0:
        return []
    if n == 1:
        return [ISOCHRONE_RAMP[1]]
    stops = [hex_rgb(c) for c in ISOCHRONE_RAMP]
    out = []
    for i in range(n):
        pos = i * (len(stops) - 1) / (n - 1)
        lo = min(int(pos), len(stops) - 2)
        frac = pos - lo
        rgb = [round(a + (b - a) * frac) for a, b in zip(stops[lo], stops[lo + 1], strict=True)]
        out.append("#{:02x}{:02x}{:02x}".format(*rgb))
    return out
