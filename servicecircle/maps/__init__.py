"""Presentation shared by the app, the CLI and the report.

:mod:`~servicecircle.maps.style` is the one palette and symbol table (and the
map attribution); :mod:`~servicecircle.maps.recipes` is the one results map
(:func:`~servicecircle.maps.recipes.coverage_layers`).
"""
