"""End-to-end test in a real browser: Debian's chromium driven by Playwright.

Starts ``streamlit run app.py`` on a free localhost port and drives it with
every request that leaves localhost refused, so the map must work with no
internet. Skips only when chromium is not installed; fails when the map
assets are missing (run ``scripts/install_web_assets.sh``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from servicecircle.results.field_names import FIELDS, field_name, layer_name

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
#: The study-area page's map: a Leaflet page without folium in an ``st.iframe``.
STUDY_MAP_FRAME = 'iframe[data-testid="stIFrame"]'

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy within the time limit")


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    """Run the app on a free localhost port for the tests of this module."""
    if not Path(CHROMIUM).is_file():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from servicecircle.maps import web as webmap

    if not webmap.assets_installed():
        pytest.fail("map assets missing: run scripts/install_web_assets.sh before this test")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(REPO / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture()
def page(app_url: str) -> Iterator[object]:
    """A chromium page that refuses every request leaving localhost."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        blocked: list[str] = []

        def route(request_route: object) -> None:
            request = request_route.request  # type: ignore[attr-defined]
            if request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
                request_route.continue_()  # type: ignore[attr-defined]
            else:
                blocked.append(request.url)
                request_route.abort()  # type: ignore[attr-defined]

        context.route("**/*", route)
        page = context.new_page()
        page.blocked = blocked  # type: ignore[attr-defined]
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors  # type: ignore[attr-defined]
        try:
            yield page
        finally:
            context.close()
            browser.close()


def test_sample_study_area_map_offline(page: object, app_url: str) -> None:
    """Load the sample; the map iframe holds a Leaflet map with GeoJSON paths, offline."""
    pg = page  # playwright.sync_api.Page
    pg.goto(app_url)  # type: ignore[attr-defined]
    load = pg.get_by_role("button", name="加载研究区")  # type: ignore[attr-defined]
    load.wait_for(timeout=60_000)
    load.click()

    frame = pg.frame_locator(STUDY_MAP_FRAME)  # type: ignore[attr-defined]
    frame.locator(".leaflet-container").wait_for(timeout=120_000)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
    paths = frame.locator("path.leaflet-interactive").count()
    legend = frame.locator(".sc-legend").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    pg.wait_for_timeout(1000)  # type: ignore[attr-defined]
    pg.screenshot(path=str(ARTIFACTS / "study_area.png"), full_page=True)  # type: ignore[attr-defined]

    assert paths > 100  # buildings, land use, premises of the sample
    assert "道路网" in legend  # the legend is in the chosen language
    assert "OpenStreetMap" in frame.locator(".leaflet-control-attribution").inner_text()
    assert pg.get_by_text("路网节点").count() >= 1  # type: ignore[attr-defined]
    assert pg.blocked == []  # type: ignore[attr-defined]  # nothing fetched from the internet
    assert pg.errors == []  # type: ignore[attr-defined]


def _load_sample(pg: object) -> None:
    load = pg.get_by_role("button", name="加载研究区")  # type: ignore[attr-defined]
    load.wait_for(timeout=60_000)
    load.click()
    frame = pg.frame_locator(STUDY_MAP_FRAME)  # type: ignore[attr-defined]
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=120_000)


def test_demand_and_placing_an_outlet_on_the_map(page: object, app_url: str) -> None:
    """Demand page shows its map; an outlet drawn with the marker tool is added at once."""
    pg = page
    pg.goto(app_url)  # type: ignore[attr-defined]
    _load_sample(pg)

    pg.get_by_role("link", name="2 服务需求").click()  # type: ignore[attr-defined]
    pg.get_by_text("研究区人数").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    frame = pg.frame_locator(MAP_FRAME)  # type: ignore[attr-defined]
    frame.locator(".leaflet-draw-draw-polygon").wait_for(timeout=60_000)
    assert frame.locator("path.leaflet-interactive").count() > 100  # demand points
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "demand.png"), full_page=True)  # type: ignore[attr-defined]

    pg.get_by_role("link", name="3 现有站点").click()  # type: ignore[attr-defined]
    pg.get_by_text("共 3 个站点").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    frame = pg.frame_locator(MAP_FRAME)  # type: ignore[attr-defined]
    frame.locator(".leaflet-draw-draw-marker").click(timeout=60_000)
    box = frame.locator(".leaflet-container").bounding_box()
    assert box is not None
    pg.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.5)  # type: ignore[attr-defined]
    pg.get_by_text("共 4 个站点").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    pg.screenshot(path=str(ARTIFACTS / "outlets.png"), full_page=True)  # type: ignore[attr-defined]
    assert pg.blocked == []  # type: ignore[attr-defined]
    assert pg.errors == []  # type: ignore[attr-defined]


def _open_page(pg: Any, link: str, ready_text: str) -> None:
    """Follow a navigation link and wait until the page shows ``ready_text``."""
    pg.get_by_role("link", name=link).click(timeout=60_000)  # type: ignore[attr-defined]
    pg.get_by_text(ready_text, exact=True).first.wait_for(timeout=180_000)  # type: ignore[attr-defined]


def _wait_for_legend(pg: Any, entry: str) -> Any:
    """The map frame once its legend lists ``entry`` (the map of the current page).

    While Streamlit re-runs a page the old map's iframe can stay beside the
    new one for a moment; wait until one is left.
    """
    pg.wait_for_function(f"document.querySelectorAll('{MAP_FRAME}').length === 1", timeout=180_000)
    frame = pg.frame_locator(MAP_FRAME)
    frame.locator(".sc-legend", has_text=entry).wait_for(timeout=180_000)
    return frame


def test_sample_coverage_siting_and_download(page: object, app_url: str, tmp_path: Path) -> None:
    """Sample -> coverage (isochrone polygons) -> siting -> a downloaded file, all offline."""
    import geopandas as gpd

    pg = page
    pg.set_viewport_size({"width": 1400, "height": 1600})  # type: ignore[attr-defined]
    pg.goto(app_url)  # type: ignore[attr-defined]
    _load_sample(pg)

    # coverage: the service areas are Leaflet paths in the map, the gaps are numbered
    _open_page(pg, "4 覆盖分析", "覆盖缺口（按未覆盖人数排序）")
    frame = _wait_for_legend(pg, "≤ 15 分钟")
    legend = frame.locator(".sc-legend").inner_text()
    assert "覆盖缺口" in legend
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
    assert frame.locator("path.leaflet-interactive").count() > 10
    assert frame.locator(".sc-rank").count() >= 1
    pg.get_by_text("按类别的覆盖率").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    pg.wait_for_timeout(1500)  # type: ignore[attr-defined]  # let the map finish drawing
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "coverage.png"))  # type: ignore[attr-defined]

    # siting: three new outlets, shown in build order and on the map
    _open_page(pg, "5 选址优化", "新站点选址")
    run = pg.get_by_role("button", name="开始选址")  # type: ignore[attr-defined]
    run.wait_for(timeout=60_000)
    run.click()
    pg.get_by_text("推荐站址（按建设顺序）").wait_for(timeout=180_000)  # type: ignore[attr-defined]
    frame = _wait_for_legend(pg, "推荐新增网点")
    assert frame.locator(".sc-rank").count() >= 3 + 1  # three sites and at least one gap
    assert pg.get_by_text("覆盖曲线").count() >= 1  # type: ignore[attr-defined]
    pg.wait_for_timeout(1000)  # type: ignore[attr-defined]
    pg.screenshot(path=str(ARTIFACTS / "siting.png"))  # type: ignore[attr-defined]

    # export: every layer in one GeoPackage, downloaded by the browser
    _open_page(pg, "6 报告与导出", "GIS 文件")
    button = pg.get_by_role("button", name="下载全部图层（GeoPackage）")  # type: ignore[attr-defined]
    button.wait_for(timeout=60_000)
    with pg.expect_download(timeout=120_000) as info:  # type: ignore[attr-defined]
        button.click()
    download = info.value
    assert download.suggested_filename.endswith("_servicecircle.gpkg")
    target = tmp_path / download.suggested_filename
    download.save_as(str(target))
    layers = set(gpd.list_layers(target)["name"])  # named in Chinese, as export writes them
    assert {layer_name(n, "zh") for n in ("demand", "isochrones", "gaps", "chosen")} <= layers
    chosen = gpd.read_file(target, layer=layer_name("chosen", "zh"))
    ranks = list(chosen[field_name(FIELDS["rank"], "zh")])
    assert ranks and ranks == list(range(1, len(ranks) + 1))
    assert pg.blocked == []  # type: ignore[attr-defined]  # nothing fetched from the internet
    assert pg.errors == []  # type: ignore[attr-defined]


def _settled(pg: Any) -> None:
    """Wait until Streamlit has finished running the page (and the map has been drawn)."""
    pg.wait_for_timeout(1500)
    pg.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=180_000
    )
    pg.wait_for_timeout(2000)


def _standard_share(pg: Any) -> str:
    """The share covered by each type's standard, as the Outlets page shows it."""
    metric = pg.locator('[data-testid="stMetric"]', has_text="按各类站点标准").first
    return str(metric.locator('[data-testid="stMetricValue"]').inner_text())


def test_outlet_dragged_and_deleted_on_the_map(page: object, app_url: str) -> None:
    """Outlets page: a click previews a new outlet; one dragged, one deleted; coverage follows."""
    pg: Any = page
    pg.set_viewport_size({"width": 1400, "height": 1400})
    pg.goto(app_url)
    load = pg.get_by_role("button", name="加载研究区")
    load.wait_for(timeout=60_000)
    load.click()
    pg.get_by_text("路网节点").first.wait_for(state="attached", timeout=120_000)
    _open_page(pg, "3 现有站点", "修改后的覆盖情况")
    pg.get_by_text("共 3 个站点").wait_for(timeout=60_000)
    frame = _wait_for_legend(pg, "现有站点")
    markers = frame.locator("img.leaflet-marker-icon")
    markers.first.wait_for(timeout=60_000)
    assert markers.count() == 3
    before = _standard_share(pg)

    # a click previews a new outlet there: its service area and the people it would newly cover
    box = frame.locator(".leaflet-container").bounding_box()
    assert box is not None
    frame.locator(".leaflet-container").click(
        position={"x": box["width"] * 0.45, "y": box["height"] * 0.45}
    )
    pg.get_by_text("可新覆盖的人数").first.wait_for(timeout=120_000)
    _settled(pg)
    frame = _wait_for_legend(pg, "≤ 15 分钟")  # the new outlet's service area
    markers = frame.locator("img.leaflet-marker-icon")

    # drag the first outlet about 150 px right in the edit mode, then save
    frame.locator(".leaflet-draw-edit-edit").click(timeout=60_000)
    box = markers.first.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] - 2
    pg.mouse.move(x, y)
    pg.mouse.down()
    for step in range(1, 11):
        pg.mouse.move(x + 15 * step, y + 5 * step)
    pg.mouse.up()
    frame.locator(".leaflet-draw-actions a").first.click(timeout=60_000)  # save
    pg.wait_for_function(
        """share => {
            const m = [...document.querySelectorAll('[data-testid="stMetric"]')]
                .find(e => e.innerText.includes('按各类站点标准'));
            return m && !m.innerText.includes(share);
        }""",
        arg=before,
        timeout=120_000,
    )
    moved = _standard_share(pg)
    assert moved != before
    pg.get_by_text("共 3 个站点").wait_for(timeout=60_000)

    # delete an outlet in the delete mode, then save (once the page has settled)
    _settled(pg)
    frame = _wait_for_legend(pg, "现有站点")
    frame.locator(".leaflet-draw-edit-remove").click(timeout=60_000)
    frame.locator("img.leaflet-marker-icon").nth(1).click(timeout=60_000, force=True)
    frame.locator(".leaflet-draw-actions a").first.click(timeout=60_000)  # save
    try:
        pg.get_by_text("共 2 个站点").wait_for(timeout=120_000)
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "outlets_edited.png"), full_page=True)
    ARTIFACTS.mkdir(exist_ok=True)
    pg.wait_for_timeout(1000)
    pg.screenshot(path=str(ARTIFACTS / "outlets_edited.png"), full_page=True)
    assert pg.blocked == []  # nothing fetched from the internet
    assert pg.errors == []
