"""The app's first page starts lean: what only later steps need is imported where it is used.

Like ``tests/cli/test_lean_start.py``, each check runs in a fresh interpreter
and reads ``sys.modules``; no wall-clock assertion (the machine may be busy).
The first page (the study area, opened on the sample) draws its map as a
Leaflet page without folium (:mod:`servicecircle.maps.web.leaflet`), so
folium, branca, jinja2 and streamlit_folium are not loaded; nor are the
solvers, the report and workbook writers, the results and planning
libraries, the network builder, the coverage engine, SciPy and the
benchmark peers. The CPU this saves is
measured by ``benchmarks/bench_start.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.app.conftest import APP, REPO, TIMEOUT

#: Never needed to open the app on its first page (the sample's study area).
HEAVY = (
    "highspy",
    "weasyprint",
    "matplotlib",
    "openpyxl",
    "osmnx",
    "sklearn",
    "pandana",
    "spopt",
    "numba",
    "servicecircle.results.export",
    "servicecircle.results.schema",
    "servicecircle.planning",
    "servicecircle.siting",
    "servicecircle.workflow",
    "servicecircle.report",
    # The engines of the later pages: the first page builds no network and measures nothing.
    "scipy",
    "networkx",
    "servicecircle.network.graph",
    "servicecircle.reach",
    "servicecircle.isochrones",
    "servicecircle.coverage.measure",
    "servicecircle.demand.estimate",
    "servicecircle.supply.candidates",
    # Streamlit's emoji catalogue (0.1 s of CPU): the favicon is an inline SVG.
    "streamlit.emojis",
    # The folium maps of the later pages (0.3 s to import, 0.2 s to render in streamlit_folium).
    "folium",
    "branca",
    "jinja2",
    "streamlit_folium",
    "servicecircle.maps.web.canvas",
    "servicecircle.maps.web.layers",
    # The population-grid reader (affine): only with a grid upload on the demand page.
    "servicecircle.demand.raster",
    "affine",
)

#: The app's own modules that app.py and the first page import (without running the page).
FIRST_PAGE_IMPORTS = (
    "app_pages._labels",
    "app_pages._start",
    "app_pages._state",
    "app_pages._widgets",
    "app_pages._cache",
    "app_pages._maps",
    "app_pages._tables",
    "app_pages._coordinates",
    "app_pages._uploads",
    "app_pages.units_view",
)


def loaded_after(code: str, names: tuple[str, ...] = HEAVY) -> list[str]:
    """The modules of ``names`` loaded after running ``code`` in a fresh interpreter."""
    script = (
        "import contextlib, io, json, sys\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "with contextlib.redirect_stdout(io.StringIO()), "
        "contextlib.redirect_stderr(io.StringIO()):\n"
        f"    {code}\n"
        f"print(json.dumps([m for m in {list(names)!r} if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=TIMEOUT * 3,
        check=True,
        cwd=REPO,
    )
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_the_first_pages_modules_import_no_heavy_module() -> None:
    assert loaded_after("import " + ", ".join(FIRST_PAGE_IMPORTS)) == []


def test_opening_the_app_on_its_first_page_loads_no_heavy_module() -> None:
    code = (
        "from streamlit.testing.v1 import AppTest; "
        f"at = AppTest.from_file({str(APP)!r}, default_timeout={TIMEOUT}); at.run(); "
        "assert not at.exception, at.exception; "
        "from app_pages._state import AREA_KEY; "
        "assert at.session_state[AREA_KEY].source == 'sample'"  # it opened on the sample
    )
    assert loaded_after(code) == []


def test_the_first_page_draws_its_map_without_folium_and_the_next_pages_with_it() -> None:
    """The checks above can fail: the outlets page does load folium, for its own map."""
    code = (
        "from streamlit.testing.v1 import AppTest; "
        f"at = AppTest.from_file({str(APP)!r}, default_timeout={TIMEOUT}); at.run(); "
        "assert not at.exception, at.exception; "
        "from servicecircle.maps.web.leaflet import page_spec; "
        "(frame,) = at.get('iframe'); spec = page_spec(frame.proto.srcdoc); "
        "assert len(spec['layers']) == 5, spec['layers']; "  # the sample's five layers
        "import sys; assert 'folium' not in sys.modules; "
        "at.switch_page('app_pages/outlets.py').run(); "
        "assert not at.exception, at.exception"
    )
    assert loaded_after(code, ("folium", "streamlit_folium")) == ["folium", "streamlit_folium"]


def test_streamlit_s_bare_mode_check_is_skipped() -> None:
    """Streamlit's once-a-process check for ``streamlit run`` (``inspect.stack()``) is not run.

    It resolves the file of every loaded module (0.1 s of CPU on the first page);
    app.py marks it done. The check can fail: a page that does not mark it runs it.
    """
    code = (
        "import streamlit.delta_generator as dg, streamlit.env_util as env; "
        "calls = []; real = env.is_repl; "
        "env.is_repl = lambda: calls.append(1) or real(); "
        "from streamlit.testing.v1 import AppTest; "
        f"at = AppTest.from_file({str(APP)!r}, default_timeout={TIMEOUT}); at.run(); "
        "assert not at.exception, at.exception; "
        "assert calls == [], 'the app ran the check'; "
        "dg._use_warning_has_been_displayed = False; "
        "AppTest.from_string('import streamlit as st; st.write(1)').run(); "
        "assert calls == [1], 'a plain page runs the check'; "
        "sys.modules['checked'] = sys"
    )
    assert loaded_after(code, ("checked",)) == ["checked"]


def test_the_first_page_sets_off_few_full_collections() -> None:
    """The app's collector thresholds (``app_pages``): one full pass at most on the first page.

    With Python's defaults the same run makes three (0.1-0.15 s of CPU).
    """
    code = (
        "import gc; full = []; "
        "gc.callbacks.append(lambda phase, info: full.append(1) "
        "if phase == 'stop' and info['generation'] == 2 else None); "
        "from streamlit.testing.v1 import AppTest; "
        f"at = AppTest.from_file({str(APP)!r}, default_timeout={TIMEOUT}); full.clear(); at.run(); "
        "assert not at.exception, at.exception; "
        "import app_pages; assert gc.get_threshold() == app_pages.COLLECTOR_THRESHOLDS; "
        "assert len(full) <= 1, full; "
        "sys.modules['checked'] = sys"
    )
    assert loaded_after(code, ("checked",)) == ["checked"]


def test_a_map_is_walked_for_its_extent_only_when_the_page_asks_for_it(monkeypatch) -> None:
    """``st_folium`` walks every coordinate for its ``"bounds"`` answer: only when asked for."""
    import folium.features
    from streamlit.testing.v1 import AppTest

    walked: list[str] = []
    own = folium.features.GeoJson._get_self_bounds

    def counted(layer: folium.features.GeoJson) -> object:
        walked.append(layer.get_name())
        return own(layer)

    monkeypatch.setattr(folium.features.GeoJson, "_get_self_bounds", counted)

    def page() -> None:
        import folium

        from app_pages._widgets import show_map

        line = {"type": "LineString", "coordinates": [[24.9, 60.1], [24.95, 60.2]]}
        for key, returned in (("quiet", []), ("asks", ["bounds"])):
            m = folium.Map(location=[60.15, 24.92], zoom_start=12, tiles=None)
            folium.GeoJson({"type": "Feature", "properties": {}, "geometry": line}).add_to(m)
            show_map(m, key=key, returned_objects=returned)
            assert m.get_bounds() == [[60.1, 24.9], [60.2, 24.95]]  # the map's own, after

    at = AppTest.from_function(page, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    # Once for the map that asks, and once for each check of the map's own bounds after.
    assert len(walked) == 3
