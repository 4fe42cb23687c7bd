"""The one palette: pairs a planner must tell apart survive a greyscale print."""

from __future__ import annotations

import pytest

from servicecircle.maps.style import (
    COVERED,
    EXISTING_OUTLET,
    GAP,
    ISOCHRONE_RAMP,
    NEW_SITE,
    SYMBOLS,
    UNCOVERED,
    Symbol,
    hex_rgb,
    ink,
    lightness,
    ramp_colors,
)

#: Difference in CIE L* a grey print keeps clearly apart (about a fifth of the scale).
CLEAR_MARGIN = 20.0


def _grey(color: str) -> float:
    """Luma of a colour as a greyscale printer/photocopier renders it (Rec. 601), 0..255."""
    r, g, b = hex_rgb(color)
    return 0.299 * r + 0.587 * g + 0.114 * b


@pytest.mark.parametrize(("one", "other"), [(COVERED, UNCOVERED), (GAP, NEW_SITE)])
def test_pairs_differ_in_grey(one: Symbol, other: Symbol) -> None:
    assert abs(lightness(one.color) - lightness(other.color)) >= CLEAR_MARGIN
    assert abs(_grey(one.color) - _grey(other.color)) >= 255 * CLEAR_MARGIN / 100


def test_gap_and_new_site_differ_in_shape() -> None:
    assert GAP.marker != NEW_SITE.marker  # static maps
    assert GAP.badge != NEW_SITE.badge  # numbered labels on the web map
    assert EXISTING_OUTLET.marker != NEW_SITE.marker


def test_lightness_of_known_colours() -> None:
    assert lightness("#ffffff") == pytest.approx(100.0, abs=0.01)
    assert lightness("#000000") == pytest.approx(0.0, abs=0.01)
    assert lightness("#777777") == pytest.approx(50.0, abs=0.5)  # mid grey (CIE)


def test_isochrone_ramp_is_blue_and_lightens_with_minutes() -> None:
    for n in (1, 2, 3, 5, 7):
        colors = ramp_colors(n)
        assert len(colors) == len(set(colors)) == n
        assert all(hex_rgb(c)[2] > max(hex_rgb(c)[:2]) for c in colors)  # blue dominates
        shades = [lightness(c) for c in colors]
        assert shades == sorted(shades)
    assert ramp_colors(5) == list(ISOCHRONE_RAMP)


def test_every_symbol_has_a_colour_and_readable_ink() -> None:
    for name, symbol in SYMBOLS.items():
        assert len(symbol.color) == 7 and symbol.color.startswith("#"), name
        contrast = abs(lightness(ink(symbol.color)) - lightness(symbol.color))
        assert contrast >= 40.0, name
