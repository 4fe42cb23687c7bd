"""Numbers written as the report writes them, formatted here (not by the library under test)."""

from __future__ import annotations


def people_text(value: float) -> str:
    """People with thousands separators: 12,345."""
    return f"{value:,.0f}"


def per_10k_text(value: float) -> str:
    """Staff per 10,000 residents, one decimal: 3.3."""
    return f"{value:,.1f}"


def share_text(part: float, whole: float) -> str:
    """``part`` as a percentage of ``whole``, one decimal: 25.0%."""
    return f"{part / whole:.1%}"
