"""Presentation shared by the app, the CLI and the report.

:mod:`~servicecircle.maps.style` is the one palette and symbol table (and the
map attribution); :mod:`~servicecircle.maps.recipes` is the one results map
(:func:`~servicecircle.maps.recipes.coverage_layers`).
:mod:`~servicecircle.maps.print_map` draws the A4/A3 print maps (on
:mod:`~servicecircle.maps.print_page` and :mod:`~servicecircle.maps.print_layers`;
the set of files: :mod:`~servicecircle.maps.print_set`);
:mod:`~servicecircle.maps.extent` says where a map opens.
"""
