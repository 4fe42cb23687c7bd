"""A file with several layers gets a choice of its layers in the app (issue 10).

A GeoPackage with two layers or a zip with two shapefiles cannot be read
without knowing which layer to use. Every layer uploader (and the study-area
boundary) shows the file's layers in a select box that starts empty; the
chosen layer is read, and the choice is kept across pages.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely
from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from tests.app.conftest import REPO, markdown_hazards, shown, texts

INSIDE_SAMPLE = (24.945, 60.170)
CHOOSE = t("common.upload_layer_needed", "zh")


def _points(n: int) -> gpd.GeoDataFrame:
    lon, lat = INSIDE_SAMPLE
    return gpd.GeoDataFrame(
        {"name": [f"站{i}" for i in range(n)]},
        geometry=[shapely.Point(lon + i * 1e-3, lat) for i in range(n)],
        crs="EPSG:4326",
    )


def _two_layers(path: Path) -> bytes:
    """A GeoPackage with layers ``small`` (2 points) and ``large`` (3 points and an outline)."""
    pyogrio.write_dataframe(_points(2), path, layer="small", driver="GPKG")
    pyogrio.write_dataframe(_points(3), path, layer="large", driver="GPKG")
    lon, lat = INSIDE_SAMPLE
    outline = gpd.GeoDataFrame(
        {"name": ["城区"]},
        geometry=[shapely.box(lon - 0.01, lat - 0.005, lon + 0.01, lat + 0.005)],
        crs="EPSG:4326",
    )
    pyogrio.write_dataframe(outline, path, layer="outline", driver="GPKG")
    return path.read_bytes()


def _outlets_page(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/outlets.py").run()
    app.radio(key="outlets.source").set_value("upload").run()


def _messages(app: AppTest) -> str:
    return "\n".join(shown(m) for m in texts(app.error) + texts(app.warning))


def test_the_planner_chooses_the_layer_of_a_geopackage(app: AppTest, tmp_path: Path) -> None:
    _outlets_page(app)
    name = "[底图](http:x).gpkg"  # a file name is shown as text in the label
    app.file_uploader(key="outlets.upload").upload(name, _two_layers(tmp_path / "a.gpkg")).run()
    assert not app.exception and not app.error, texts(app.error)
    choice = app.selectbox(key="outlets.upload.layer")
    assert choice.options == ["small", "large", "outline"] and choice.value is None
    assert not markdown_hazards(choice.label) and "底图" in shown(choice.label)
    assert CHOOSE in texts(app.info)
    assert "result.outlets" not in app.session_state  # nothing is read before the choice

    choice.set_value("large").run()
    assert not app.exception and not app.error, texts(app.error)
    assert app.session_state["result.outlets"]["name"].tolist() == ["站0", "站1", "站2"]

    app.switch_page("app_pages/demand.py").run()  # the choice survives other pages
    app.switch_page("app_pages/outlets.py").run()
    assert app.selectbox(key="outlets.upload.layer").value == "large"
    assert len(app.session_state["result.outlets"]) == 3

    app.selectbox(key="outlets.upload.layer").set_value("small").run()
    assert app.session_state["result.outlets"]["name"].tolist() == ["站0", "站1"]
    app.selectbox(key="outlets.upload.layer").set_value("outline").run()
    assert "（图层 'outline'）：该图层必须是点" in _messages(app)
    assert "result.outlets" not in app.session_state


def test_the_corpus_geopackage_with_two_layers(app: AppTest) -> None:
    data = (REPO / "tests" / "data" / "good" / "two_layers.gpkg").read_bytes()
    _outlets_page(app)
    app.file_uploader(key="outlets.upload").upload("two_layers.gpkg", data).run()
    assert not app.exception and not app.error, texts(app.error)
    choice = app.selectbox(key="outlets.upload.layer")
    assert choice.options == ["outlets", "communities"]
    choice.set_value("outlets").run()
    assert not app.exception
    message = _messages(app)  # its outlets are in China, far from the sample (Helsinki)
    assert (
        "two_layers.gpkg（图层 'outlets'）" in message and "位于研究区外超过 50 千米处" in message
    )
    assert "holds 2 layers" not in message


def test_the_corpus_zip_with_two_shapefiles(app: AppTest) -> None:
    data = (REPO / "tests" / "data" / "bad" / "two_shapefiles.zip").read_bytes()
    app.button(key="study.load").click().run()
    app.switch_page("app_pages/demand.py").run()
    app.file_uploader(key="demand.points_upload").upload("two_shapefiles.zip", data).run()
    assert not app.exception and not app.error, texts(app.error)
    choice = app.selectbox(key="demand.points_upload.layer")
    assert choice.options == ["more/outlets", "outlets"] and choice.value is None
    assert CHOOSE in texts(app.info)
    choice.set_value("more/outlets").run()
    assert not app.exception
    message = _messages(app)  # its points are in China, far from the sample (Helsinki)
    assert "two_shapefiles.zip（其中的 Shapefile 文件 'more/outlets.shp'）" in message
    assert "位于研究区外" in message and "holds 2" not in message
    assert CHOOSE not in texts(app.info)


def test_the_boundary_file_layer_is_chosen_before_loading(app: AppTest, tmp_path: Path) -> None:
    from app_pages._state import AREA_BOUNDARY_KEY

    data = _two_layers(tmp_path / "boundary.gpkg")
    app.file_uploader(key="study.boundary").upload("boundary.gpkg", data).run()
    choice = app.selectbox(key="study.boundary.layer")
    assert choice.options == ["small", "large", "outline"] and choice.value is None
    app.button(key="study.load").click().run()
    assert not app.exception and not app.error, texts(app.error)
    assert texts(app.warning) == [CHOOSE]
    assert app.session_state[AREA_BOUNDARY_KEY] is None  # nothing loaded: the sample stays whole

    app.selectbox(key="study.boundary.layer").set_value("outline").run()
    app.button(key="study.load").click().run()
    assert not app.exception and not app.error, texts(app.error)
    boundary = app.session_state[AREA_BOUNDARY_KEY]
    assert boundary is not None and boundary.geom_type == "Polygon"
    assert boundary.contains(shapely.Point(*INSIDE_SAMPLE))
