"""Streamlit entry point: ``streamlit run app.py``.

Page config, the language switch and map settings in the sidebar, and the
navigation between the pages in ``app_pages/`` (one file per page), grouped
by the step of the pipeline they belong to.
"""

from __future__ import annotations

import streamlit as st
import streamlit.delta_generator

from app_pages._labels import md_escape, tr
from app_pages._start import area_name, area_title, open_on_sample
from app_pages._state import current_area
from app_pages._widgets import language_switch, map_settings

#: The favicon: the world-map emoji 🗺️ drawn by the browser inside an inline SVG, which
#: Streamlit sends as a data: URL (a material icon would be fetched). Written with character
#: references so that Streamlit does not load its emoji catalogue (0.1 s of CPU) to check it.
PAGE_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
    '<text y=".9em" font-size="90">&#x1F5FA;&#xFE0F;</text></svg>'
)

#: Streamlit checks once per process, on the first element drawn, whether it runs under
#: ``streamlit run``, by ``inspect.stack()`` of the script thread, which resolves the file of
#: every loaded module (0.1 s of CPU on the first page with pandas and geopandas loaded). The
#: app runs only under ``streamlit run`` (or AppTest), where the check would say nothing.
streamlit.delta_generator._use_warning_has_been_displayed = True  # noqa: SLF001

st.set_page_config(
    page_title="服务圈 ServiceCircle",
    page_icon=PAGE_ICON,
    layout="wide",
    initial_sidebar_state="expanded",
)

language_switch()
open_on_sample()  # a new session starts on the embedded sample, ready to compute

# Steps of the pipeline (group title key) and their pages: (file, title key, URL path, icon).
STEPS = {
    "nav.data": [
        ("app_pages/study_area.py", "page.study_area", "study_area", ":material/map:"),
        ("app_pages/demand.py", "page.demand", "demand", ":material/groups:"),
        ("app_pages/outlets.py", "page.outlets", "outlets", ":material/location_on:"),
    ],
    "nav.analyse": [
        ("app_pages/coverage.py", "page.coverage", "coverage", ":material/radar:"),
    ],
    "nav.plan": [
        ("app_pages/siting.py", "page.siting", "siting", ":material/add_location_alt:"),
    ],
    "nav.deliver": [
        ("app_pages/report.py", "page.report", "report", ":material/download:"),
    ],
}
FIRST_PAGE = "app_pages/study_area.py"

navigation = st.navigation(
    {
        tr(step): [
            st.Page(path, title=tr(title), url_path=url, icon=icon, default=path == FIRST_PAGE)
            for path, title, url, icon in pages
        ]
        for step, pages in STEPS.items()
    }
)

st.sidebar.caption(tr("app.title"))
map_settings()
status = st.sidebar.empty()
title = st.empty()  # the study area's name atop every page

navigation.run()

# After the page ran, so that a study area loaded just now is already shown.
area = current_area()
status.caption(
    tr("app.current_area", name=md_escape(area_name(area)))
    if area is not None
    else tr("app.no_area")
)
area_title(title)
