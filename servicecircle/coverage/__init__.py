"""Coverage today: who is inside the service circle, by class and by unit, and the gaps.

Modules: :mod:`.settings` (:class:`CoverageSettings`, :func:`break_key`),
:mod:`.measure` (:func:`coverage_from` -> :class:`Coverage`, on the road
networks), :mod:`.tables` (the one coverage table, :func:`coverage_table`)
and :mod:`.gaps` (gap areas, must-cover areas, demand off the road network);
:mod:`.incremental` (:class:`~.incremental.CoverageEditor`: the same coverage
after an edit of the outlets, searching only from those that changed);
:mod:`.accessibility` (2SFCA/E2SFCA on staff and the three-way split of
people by capacity, on a travel-time matrix) and :mod:`.access_run`
(:func:`accessibility_from` -> :class:`Accessibility`, from a coverage).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from servicecircle._lazy import lazy_exports

if TYPE_CHECKING:
    from servicecircle.coverage.access_run import Accessibility, accessibility_from
    from servicecircle.coverage.accessibility import DecayBands
    from servicecircle.coverage.gaps import (
        OFF_NETWORK_COLUMNS,
        gap_areas,
        must_cover_check,
        off_network_table,
    )
    from servicecircle.coverage.measure import (
        Coverage,
        coverage_from,
        nearest_outlets,
        networks_for,
        road_distances,
        service_areas,
    )
    from servicecircle.coverage.settings import CoverageSettings, break_key
    from servicecircle.coverage.tables import (
        LEVELS,
        TABLE_COLUMNS,
        UNIT_COLUMNS,
        class_coverage,
        coverage_table,
        covered_mask,
        people_by_unit,
        standard_mask,
        unit_coverage,
        unit_names,
        within,
    )
else:  # each name loads its module on first use (the settings without the engine)
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "access_run": (
                "Accessibility",
                "accessibility_from",
            ),
            "accessibility": ("DecayBands",),
            "gaps": (
                "OFF_NETWORK_COLUMNS",
                "gap_areas",
                "must_cover_check",
                "off_network_table",
            ),
            "measure": (
                "Coverage",
                "coverage_from",
                "nearest_outlets",
                "networks_for",
                "road_distances",
                "service_areas",
            ),
            "settings": (
                "CoverageSettings",
                "break_key",
            ),
            "tables": (
                "LEVELS",
                "TABLE_COLUMNS",
                "UNIT_COLUMNS",
                "class_coverage",
                "coverage_table",
                "covered_mask",
                "people_by_unit",
                "standard_mask",
                "unit_coverage",
                "unit_names",
                "within",
            ),
        },
    )

__all__ = [
    "LEVELS",
    "OFF_NETWORK_COLUMNS",
    "TABLE_COLUMNS",
    "UNIT_COLUMNS",
    "Accessibility",
    "Coverage",
    "CoverageSettings",
    "DecayBands",
    "accessibility_from",
    "break_key",
    "class_coverage",
    "coverage_from",
    "coverage_table",
    "covered_mask",
    "gap_areas",
    "must_cover_check",
    "nearest_outlets",
    "networks_for",
    "off_network_table",
    "people_by_unit",
    "road_distances",
    "service_areas",
    "standard_mask",
    "unit_coverage",
    "unit_names",
    "within",
]
