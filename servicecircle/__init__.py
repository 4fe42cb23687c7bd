"""servicecircle: plan 15-minute employment service circles on the real road network.

The packages are the stages of the pipeline, in the order data flows through
them (each imports only the ones above it; ``tests/test_architecture.py``
checks this with import-linter):

1. ``inputs``: the study area (OSM extracts, online downloads, the embedded
   sample) and the planner's files, with their coordinate systems.
2. ``network``: the travel-mode road networks and their rules and speeds.
3. ``demand``: who needs the service: residents, workers, relocation areas,
   census totals and population grids, street and community units.
4. ``supply``: who provides it: the existing outlets and candidate sites.
5. ``reach``: travel times from outlets and candidates to the demand.
6. ``isochrones``: the service areas drawn on the roads.
7. ``coverage``: who is inside the circle today, the gaps, one coverage table.
8. ``siting``: location models on a sparse cost matrix (no geometry).
9. ``planning``: a siting request on today's coverage, and why each site.
10. ``results``: typed results (``summary.json``, ``siting.json``), the output
    folder, GIS exports and project files.
11. ``maps``: one palette and one results-map recipe for the web and print.
12. ``report``: the siting report (HTML, PDF) from the results.
13. ``i18n``: one string system (zh, en) for the app, the report and the maps.

``workflow`` holds what the CLI and the app share; ``cli`` is the command line;
``testing`` holds test support (synthetic areas, a networkx oracle).
Cross-cutting: ``errors``, ``limits``, ``memory``, ``_io`` (atomic writes),
``_progress`` (the one progress protocol), ``_frozen``. The library never
imports streamlit; the app (``app.py``, ``app_pages/``) sits on top.
"""

from __future__ import annotations

__version__ = "0.1.0"
