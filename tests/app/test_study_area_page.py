"""Page 1, study area: sample, upload, place search (offline), boundary, counts, map."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from tests.app.conftest import APP, REPO, TIMEOUT, texts


def _counts(at: AppTest) -> dict[str, int]:
    frame = at.dataframe[0].value
    return dict(zip(frame.iloc[:, 0], frame.iloc[:, 1], strict=True))


def test_no_area_until_loaded(app_without_area: AppTest) -> None:
    """When the sample could not be opened, the page says to load an area."""
    assert texts(app_without_area.info) == [t("app.no_area", "zh")]
    assert not app_without_area.dataframe


def test_load_sample_shows_counts_and_map(app: AppTest, sample_area) -> None:
    app.button(key="study.load").click().run()
    assert not app.exception
    assert not app.error and not app.warning
    counts = _counts(app)
    summary = sample_area.summary()
    assert counts[t("layer.nodes", "zh")] == summary["nodes"]
    assert counts[t("layer.edges", "zh")] == summary["edges"]
    assert counts[t("layer.buildings", "zh")] == summary["buildings"]
    assert counts[t("layer.premises", "zh")] == summary["premises"]
    assert app.get("iframe"), "the map should be on the page (a Leaflet page in an iframe)"
    assert app.session_state["area"].source == "sample"


def test_switching_language_keeps_the_area(app: AppTest) -> None:
    app.button(key="study.load").click().run()
    app.radio(key="lang").set_value("en").run()
    assert not app.exception
    frame = app.dataframe[0].value
    assert list(frame.columns) == ["Layer", "Count"]
    assert "Road network" in set(frame["Layer"])
    assert [e.label for e in app.expander][:2] == [
        "Land use by class",
        "Candidate premises by kind",
    ]


def test_sessions_do_not_share_areas(app: AppTest) -> None:
    app.radio(key="study.source").set_value("upload").run()
    data = (REPO / "tests" / "data" / "vaduz.osm").read_bytes()
    app.file_uploader(key="study.upload").upload("vaduz.osm", data).run()
    app.button(key="study.load").click().run()
    assert app.session_state["area"].source == "xml:vaduz.osm"
    other = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    other.run()
    assert other.session_state["area"].source == "sample"  # its own start, not the upload


def test_upload_osm_xml_extract(app: AppTest) -> None:
    app.radio(key="study.source").set_value("upload").run()
    data = (REPO / "tests" / "data" / "vaduz.osm").read_bytes()
    app.file_uploader(key="study.upload").upload("vaduz.osm", data).run()
    app.button(key="study.load").click().run()
    assert not app.exception
    assert not app.error, texts(app.error)
    counts = _counts(app)
    assert counts[t("layer.edges", "zh")] > 100
    assert app.session_state["area"].name.startswith("vaduz")


def test_upload_without_file_asks_for_one(app: AppTest) -> None:
    app.radio(key="study.source").set_value("upload").run()
    app.button(key="study.load").click().run()
    assert texts(app.warning) == [t("study.need_upload", "zh")]


def test_broken_upload_is_a_message_not_a_traceback(app: AppTest) -> None:
    app.radio(key="study.source").set_value("upload").run()
    app.file_uploader(key="study.upload").upload("county.osm.pbf", b"not a pbf file").run()
    app.button(key="study.load").click().run()
    assert not app.exception
    assert len(app.error) == 1
    assert "session_state" not in app.error[0].value
    assert app.session_state["area"].source == "sample"  # the area in use stays


def test_place_search_without_internet_says_use_an_extract(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Route every HTTP request to a closed local port: the machine is "offline".
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    app.radio(key="study.source").set_value("place").run()
    app.text_input(key="study.place").input("Nowhere County 0x1").run()
    app.button(key="study.load").click().run()
    assert not app.exception
    assert texts(app.error) == [t("study.place_offline", "zh")]
    assert app.session_state["area"].source == "sample"  # the area in use stays


def test_boundary_clips_the_sample(app: AppTest, sample_area) -> None:
    import geopandas as gpd

    units = gpd.read_file(REPO / "data" / "sample" / "boundaries.geojson")
    one = units.iloc[[0]][["name", "geometry"]].to_json().encode()
    app.file_uploader(key="study.boundary").upload("street.geojson", one).run()
    app.button(key="study.load").click().run()
    assert not app.exception
    assert not app.error, texts(app.error)
    # buildings are cut to the street; roads are kept up to 1 km beyond it, for routes
    buildings = _counts(app)[t("layer.buildings", "zh")]
    assert 0 < buildings < len(sample_area.buildings)
    assert app.session_state["area_boundary"] is not None
    area = app.session_state["area"]
    assert area.extent_basis == "boundary"
    assert area.extent.within(units.geometry.iloc[0].buffer(1e-9))


def test_same_extract_under_another_name_is_named_after_this_upload(app: AppTest) -> None:
    data = (REPO / "tests" / "data" / "vaduz.osm").read_bytes()
    sessions = [app, AppTest.from_file(str(APP), default_timeout=TIMEOUT)]
    for at, name in zip(sessions, ["vaduz.osm", "county.osm"], strict=True):
        at.run()
        at.radio(key="study.source").set_value("upload").run()
        at.file_uploader(key="study.upload").upload(name, data).run()
        at.button(key="study.load").click().run()
        assert not at.exception and not at.error, texts(at.error)
    first, second = (at.session_state["area"] for at in sessions)
    assert first.name.startswith("vaduz") and second.name.startswith("county")
    # the source names the planner's file, never where the server kept it
    assert (first.source, second.source) == ("xml:vaduz.osm", "xml:county.osm")
