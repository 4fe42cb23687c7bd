"""A planner's unit names on the study-area map (a Leaflet page without folium) stay text.

The map page holds the names inside its JSON, HTML-escaped, with ``<``, ``>``
and ``&`` written as ``\\u`` escapes, so a name cannot close the script element
or add markup (issue 10, for the map of issue 17).
"""

from __future__ import annotations

import json

import shapely
from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from servicecircle.maps.web.leaflet import page_spec
from tests.app.conftest import texts

HOSTILE = "</script><img src=x onerror=alert(1)>"
ESCAPED = "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def _streets(name: str) -> bytes:
    feature = {
        "type": "Feature",
        "properties": {"街道名称": name},
        "geometry": shapely.geometry.mapping(shapely.box(24.934, 60.1635, 24.9545, 60.18)),
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


def test_an_uploaded_unit_name_is_escaped_text_on_the_study_area_map(app: AppTest) -> None:
    app.radio(key="lang").set_value("en").run()  # the map names units by name (zh: name_zh)
    app.button(key="study.load").click().run()
    app.file_uploader(key="admin.township_upload").upload("街道.geojson", _streets(HOSTILE)).run()
    assert not app.exception and not app.error, texts(app.error)
    (frame,) = app.get("iframe")
    page = frame.proto.srcdoc
    assert HOSTILE not in page
    assert "<img" not in page
    assert page.count("</script>") == 3  # Leaflet, the map's JSON, the script drawing it
    spec = page_spec(page)
    (boundaries,) = [
        layer for layer in spec["layers"] if layer["name"] == t("layer.boundaries", "en")
    ]
    names = [feature["properties"]["t0"] for feature in boundaries["data"]["features"]]
    assert ESCAPED in names  # shown in the tooltip as the planner typed it
