"""Streamlit entry point: ``streamlit run app.py``.

Page config, the language switch and map settings in the sidebar, and the
navigation between the pages in ``app_pages/`` (one file per page).
"""

from __future__ import annotations

import streamlit as st

from app_pages import common
from servicecircle.i18n import t

st.set_page_config(
    page_title="服务圈 ServiceCircle",
    page_icon="🗺️",  # an emoji favicon is a data: URL (a material icon would be fetched)
    layout="wide",
    initial_sidebar_state="expanded",
)

lang = common.language_switch()

# (file, title key, URL path, icon) of each page, in order.
PAGES = [
    ("app_pages/study_area.py", "page.study_area", "study_area", ":material/map:"),
    ("app_pages/demand.py", "page.demand", "demand", ":material/groups:"),
    ("app_pages/outlets.py", "page.outlets", "outlets", ":material/location_on:"),
    ("app_pages/coverage.py", "page.coverage", "coverage", ":material/radar:"),
    ("app_pages/siting.py", "page.siting", "siting", ":material/add_location_alt:"),
    ("app_pages/report.py", "page.report", "report", ":material/download:"),
]

navigation = st.navigation(
    [
        st.Page(path, title=t(title, lang), url_path=url, icon=icon, default=i == 0)
        for i, (path, title, url, icon) in enumerate(PAGES)
    ]
)

st.sidebar.caption(t("app.title", lang))
common.map_settings()
status = st.sidebar.empty()

navigation.run()

# After the page ran, so that a study area loaded just now is already shown.
area = common.current_area()
status.caption(
    t("app.current_area", lang, name=common.md_escape(area.name))
    if area is not None
    else t("app.no_area", lang)
)
