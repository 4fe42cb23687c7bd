"""``servicecircle map``: the outputs as one self-contained HTML map that opens offline."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from servicecircle.cli import main
from servicecircle.errors import InputDataError
from servicecircle.maps.web import assets_installed
from servicecircle.report.outputs_map import map_from_outputs, write_map_html
from tests.report.real_outputs import copy_outputs, read_json, write_json

pytestmark = pytest.mark.skipif(
    not assets_installed(),
    reason="Leaflet assets not installed: run `bash scripts/install_web_assets.sh`",
)

#: <script src=...> and <link href=...> pointing at the web (a CDN): the map would need internet.
REMOTE_ASSET = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)


def _unicode(page: str) -> str:
    """The page with JSON ``\\uXXXX`` escapes decoded."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page)


def _readable(page: str) -> str:
    """The page with JSON ``\\uXXXX`` escapes and HTML entities decoded."""
    return html.unescape(_unicode(page))


def _geojson_types(html: str) -> list[str]:
    return re.findall(r'"type":\s*"((?:Multi)?Polygon|(?:Multi)?Point)"', html)


def test_map_command_writes_an_offline_html_with_the_polygons(
    outputs_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["map", str(outputs_dir)]) == 0  # default: maps/<folder>_zh.html
    path = tmp_path / "maps" / f"{outputs_dir.name}_zh.html"
    assert f"wrote {Path('maps') / path.name}" in capsys.readouterr().out
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert not REMOTE_ASSET.search(html), "a script or style sheet is loaded from the web"
    assert "L.map(" in html and "leaflet" in html.lower()  # Leaflet is inlined
    types = _geojson_types(html)
    summary = read_json(outputs_dir / "summary.json")
    polygons = sum(t.endswith("Polygon") for t in types)
    # every township/community boundary, every isochrone band and every gap is drawn
    assert polygons >= len(summary["units"]) + len(summary["minutes"]) + len(summary["gaps"])
    text = _readable(html)
    for label in ("服务圈", "覆盖缺口", "推荐新增网点", "现有服务网点", "图例", "新覆盖"):
        assert label in text, label
    assert "© OpenStreetMap 贡献者" in text


def test_map_in_english_with_escaped_names(outputs_dir: Path, tmp_path: Path) -> None:
    folder = copy_outputs(outputs_dir, tmp_path / "out")
    siting = read_json(folder / "siting.json")
    siting["chosen"][0]["must_cover"] = ["<img src=x onerror=alert(1)>"]
    write_json(siting, folder / "siting.json")
    path = write_map_html(folder, tmp_path / "m.html", lang="en")
    page = path.read_text(encoding="utf-8")
    assert "<img src=x" not in page
    # shown as text: HTML-escaped in the GeoJSON properties the tooltip displays
    assert "&lt;img src=x onerror=alert(1)&gt;" in _unicode(page)
    text = _readable(page)
    assert "recommended new outlets" in text and "newly covers" in text
    assert "Coverage gaps" in text and "Service areas" in text


def test_map_options_and_bad_requests(outputs_dir: Path, tmp_path: Path) -> None:
    m = map_from_outputs(outputs_dir, lang="zh", basemap="cartodb")
    rendered = m.get_root().render()
    assert "basemaps.cartocdn.com" in rendered  # a tile basemap only when asked for
    assert "cartocdn" not in json.dumps(map_from_outputs(outputs_dir).to_json())
    with pytest.raises(InputDataError, match="Tianditu"):
        map_from_outputs(outputs_dir, basemap="tianditu")
    with pytest.raises(InputDataError, match="basemap"):
        map_from_outputs(outputs_dir, basemap="google")
    with pytest.raises(InputDataError, match=".html"):
        write_map_html(outputs_dir, tmp_path / "map.png")
    assert main(["map", str(outputs_dir), "--basemap", "tianditu"]) == 2
