"""The command line says which by-unit tables a run has none of, and how to give boundaries."""

from __future__ import annotations

from types import SimpleNamespace

from servicecircle.cli.printing import missing_unit_lines
from servicecircle.i18n import t


def _summary(*levels: str) -> SimpleNamespace:
    return SimpleNamespace(units=tuple(SimpleNamespace(level=level) for level in levels))


def test_a_run_without_communities_says_so() -> None:
    lines = missing_unit_lines(_summary("township", "township"))  # type: ignore[arg-type]
    assert lines == [t("msg.admin.no_community_units_cli", "en")]
    assert "--boundaries" in lines[0]


def test_a_run_without_units_says_both_and_a_run_with_both_says_nothing() -> None:
    assert missing_unit_lines(_summary()) == [  # type: ignore[arg-type]
        t("msg.admin.no_township_units_cli", "en"),
        t("msg.admin.no_community_units_cli", "en"),
    ]
    assert missing_unit_lines(_summary("community", "township")) == []  # type: ignore[arg-type]
