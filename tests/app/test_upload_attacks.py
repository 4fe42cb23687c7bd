"""Every uploader of the app answers bad files and attacks with a message (issue 10).

For each file uploader (study area extract and boundary, the three demand
layers, override areas, census totals, population grid, the planner's
buildings, outlets, key groups, candidate sites, exclusion areas, open project) the test
uploads every file of ``tests/data/bad`` the uploader accepts, files made here
for its kind (empty, damaged, XML entity tricks, a compressed bomb, workbooks
and GeoTIFFs that are not what they say), and GDAL VRT documents under every
accepted name (vector VRTs, and raster VRTs named ``.tif``) that point at a
"secret" file in the test folder or at ``/vsicurl/`` on a local HTTP server
that records every request. Each upload must give an error message written for the planner (no
exception, no "unexpected error" with a traceback); the secret must appear in
no element of the page, nothing on the page may render as a link, image or
HTML, and the test server must receive nothing.
"""

from __future__ import annotations

import bz2
import errno
import gzip
import io
import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from servicecircle.i18n import t
from tests.app.conftest import APP, REPO, TIMEOUT, markdown_hazards, shown, texts
from tests.inputs.test_upload_safety import attacks, server, vrt  # noqa: F401 - fixture

BAD = REPO / "tests" / "data" / "bad"
INSIDE_SAMPLE = (24.945, 60.170)  # a point in the embedded sample's study area

Server = tuple[str, list[str]]

#: Files of tests/data/bad with several layers: the app asks which one to use
#: instead of refusing them (tests/app/test_layer_choice.py).
MULTI_LAYER = frozenset({"two_shapefiles.zip"})


@dataclass(frozen=True)
class Uploader:
    """One file uploader: where it is, what it reads, how a file is handed to it."""

    key: str
    kind: str  # "point", "polygon", "osm", "project", "census" or "raster"
    open: Callable[[AppTest], None]
    untouched: str | None  # the session key a refused file must leave unset
    submit: Callable[[AppTest], None] = lambda at: None


# --------------------------------------------------------------------------- pages


def _sample(at: AppTest) -> None:
    at.button(key="study.load").click().run()


def _open_outlets(at: AppTest) -> None:
    _sample(at)
    at.switch_page("app_pages/outlets.py").run()
    at.radio(key="outlets.source").set_value("upload").run()


def _open_demand(at: AppTest) -> None:
    _sample(at)
    at.switch_page("app_pages/demand.py").run()


def _open_siting(at: AppTest) -> None:
    _sample(at)
    at.switch_page("app_pages/coverage.py").run()
    at.switch_page("app_pages/siting.py").run()
    at.multiselect(key="siting.sources").set_value(["osm", "upload"]).run()


def _open_coverage(at: AppTest) -> None:
    _sample(at)
    at.switch_page("app_pages/coverage.py").run()


def _open_study_upload(at: AppTest) -> None:
    at.radio(key="study.source").set_value("upload").run()


def _load(at: AppTest) -> None:
    at.button(key="study.load").click().run()


def _open_projects(at: AppTest) -> None:
    at.switch_page("app_pages/report.py").run()
    at.radio(key="report.section").set_value("project").run()


def _open_project_file(at: AppTest) -> None:
    at.button(key="report.project_open").click().run()


UPLOADERS = [
    Uploader("study.upload", "osm", _open_study_upload, "area", _load),
    Uploader("study.boundary", "polygon", lambda at: None, "area", _load),
    Uploader("admin.township_upload", "polygon", _sample, None),
    Uploader("admin.community_upload", "polygon", _sample, None),
    Uploader("demand.relocation_upload", "polygon", _open_demand, None),
    Uploader("demand.industrial_upload", "polygon", _open_demand, None),
    Uploader("demand.points_upload", "point", _open_demand, None),
    Uploader("demand.override_upload", "polygon", _open_demand, None),
    Uploader("demand.census_upload", "census", _open_demand, None),
    Uploader("demand.grid_upload", "raster", _open_demand, None),
    Uploader("demand.buildings_upload", "polygon", _open_demand, None),
    Uploader("outlets.upload", "point", _open_outlets, "result.outlets"),
    Uploader("staffing.groups_upload", "census", _open_coverage, None),
    Uploader("siting.candidates_upload", "point", _open_siting, "result.siting"),
    Uploader("siting.exclusion_upload", "polygon", _open_siting, "result.siting"),
    Uploader("report.project_upload", "project", _open_projects, "project", _open_project_file),
]


# --------------------------------------------------------------------------- files


@pytest.fixture
def secret(tmp_path: Path) -> tuple[dict[str, Path], str]:
    """Files standing for another project's data on the server, and their secret text.

    They lie inside the sample's study area, so a reader tricked into opening
    them would accept them: points for point uploaders, a polygon for polygon
    ones, a text file for XML entities.
    """
    text = f"SECRET-{uuid.uuid4().hex}"
    folder = tmp_path / "other_project"
    folder.mkdir()
    point = shapely.Point(*INSIDE_SAMPLE)
    paths = {"point": folder / "outlets.geojson", "polygon": folder / "areas.geojson"}
    for kind, geometry in (("point", point), ("polygon", point.buffer(0.002))):
        frame = gpd.GeoDataFrame({"name": [text]}, geometry=[geometry], crs=4326)
        frame.to_file(paths[kind], driver="GeoJSON", engine="pyogrio")
    paths["text"] = folder / "notes.txt"
    paths["text"].write_text(text)
    paths["raster"] = _geotiff(folder / "population.tif", INSIDE_SAMPLE)
    return paths, text


def _geotiff(path: Path, corner: tuple[float, float] | None, *, crs: str | None = "EPSG:4326"):
    """A valid 2 × 2 GeoTIFF of 100 people per cell, its north-west corner at ``corner``."""
    import rasterio
    from rasterio.transform import from_origin

    west, north = corner if corner is not None else (0.0, 10.0)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=2,
        height=2,
        count=1,
        dtype="float32",
        crs=crs,
        transform=from_origin(west, north, 0.001, 0.001),
    ) as target:
        target.write(np.full((2, 2), 100.0, dtype="float32"), 1)
    return path


def _osm_files(secret: dict[str, Path], base_url: str) -> dict[str, bytes]:
    """Study-area extracts that must be refused: damaged, entity tricks, bombs, VRT."""
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    node = f'<node id="1" lat="{INSIDE_SAMPLE[1]}" lon="{INSIDE_SAMPLE[0]}">'
    entity = (
        f'{head}<!DOCTYPE osm [<!ENTITY secret SYSTEM "file://{secret["text"]}">]>\n'
        f'<osm version="0.6">{node}<tag k="name" v="&secret;"/></node></osm>\n'
    )
    external = (
        f'{head}<!DOCTYPE osm SYSTEM "{base_url}/osm.dtd">\n<osm version="0.6">{node}</node></osm>'
    )
    laughs = (
        f'{head}<!DOCTYPE osm [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        f'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
        f'<osm version="0.6">{node}<tag k="name" v="&c;"/></node></osm>\n'
    )
    filler = head.encode() + b'<osm version="0.6">' + b" " * (3 * 2**20) + b"</osm>\n"
    return {
        "empty.osm": b"",
        "empty.osm.pbf": b"",
        "not_a_pbf.osm.pbf": b"not a pbf file at all",
        "truncated.osm": (head + f'<osm version="0.6">{node}<tag k="na').encode(),
        "not_osm.xml": (head + "<html><body>hello</body></html>").encode(),
        "entity_file.osm": entity.encode(),
        "external_dtd.osm": external.encode(),
        "billion_laughs.osm": laughs.encode(),
        "bomb.osm.gz": gzip.compress(filler),
        "bomb.osm.bz2": bz2.compress(filler),
        "vrt_file.osm": vrt(str(secret["point"])),
        "vrt_url.osm.pbf": vrt(f"/vsicurl/{base_url}/x.geojson"),
        "vrt_url.xml": vrt(f"/vsicurl/{base_url}/x.geojson"),
    }


def _project_files(secret: dict[str, Path], base_url: str) -> dict[str, bytes]:
    """GeoPackages that are not servicecircle projects, or not GeoPackages at all."""
    return {
        "empty.gpkg": b"",
        "vrt_file.gpkg": vrt(str(secret["point"])),
        "vrt_url.gpkg": vrt(f"/vsicurl/{base_url}/x.geojson"),
        "zip_renamed.gpkg": (BAD / "zip_slip.zip").read_bytes(),
    }


def _raster_vrt(source: str) -> bytes:
    """A GDAL raster VRT document that reads ``source``."""
    return (
        '<VRTDataset rasterXSize="2" rasterYSize="2"><VRTRasterBand dataType="Float32" '
        f'band="1"><SimpleSource><SourceFilename>{source}</SourceFilename></SimpleSource>'
        "</VRTRasterBand></VRTDataset>"
    ).encode()


def _raster_files(folder: Path, secret: dict[str, Path], base_url: str) -> dict[str, bytes]:
    """Population grids that must be refused: not TIFFs, VRTs named .tif, unusable TIFFs."""
    folder.mkdir(parents=True)
    valid = secret["raster"].read_bytes()
    return {
        "empty.tif": b"",
        "text.tif": b"population,100\n",
        "png.tiff": b"\x89PNG\r\n\x1a\n" + b"\0" * 40,
        "vrt_file.tif": _raster_vrt(str(secret["raster"])),
        "vrt_url.tif": _raster_vrt(f"/vsicurl/{base_url}/population.tif"),
        "vrt_url_plain.tiff": _raster_vrt(f"{base_url}/population.tif"),
        "vector_vrt.tif": vrt(str(secret["polygon"])),
        "truncated.tif": valid[: len(valid) // 2],
        "elsewhere.tif": _geotiff(folder / "elsewhere.tif", None).read_bytes(),
        "no_crs.tif": _geotiff(folder / "no_crs.tif", INSIDE_SAMPLE, crs=None).read_bytes(),
    }


def _workbook(sheets: dict[str, list[list[object]]], extra: dict[str, bytes] | None = None):
    """An .xlsx workbook (bytes), with ``extra`` parts added or put in place of its own."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if not extra:
        return buffer.getvalue()
    changed = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(changed, "w") as target:
        for item in source.infolist():
            if item.filename not in extra:
                target.writestr(item, source.read(item))
        for name, data in extra.items():
            target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return changed.getvalue()


def _census_files(secret: dict[str, Path], base_url: str) -> dict[str, bytes]:
    """Census tables that must be refused: entity tricks, bombs, disguised and unusable files."""
    census = [["街道", "常住人口"], ["示例街道东", 5000]]
    sheet = "xl/worksheets/sheet1.xml"
    entity = (
        f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY secret SYSTEM "file://{secret["text"]}">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>街道</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>常住人口</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&secret;</t></is></c><c r="B2"><v>5</v></c>'
        "</row></sheetData></worksheet>"
    ).encode()
    external = entity.replace(
        f'[<!ENTITY secret SYSTEM "file://{secret["text"]}">]'.encode(),
        f'SYSTEM "{base_url}/sheet.dtd"'.encode(),
    )
    filler = b'<?xml version="1.0"?><worksheet>' + b" " * (3 * 2**20) + b"</worksheet>"
    return {
        "entity_file.xlsx": _workbook({"s": census}, {sheet: entity}),
        "external_dtd.xlsx": _workbook({"s": census}, {sheet: external}),
        "bomb.xlsx": _workbook({"s": census}, {"xl/worksheets/sheet2.xml": filler}),
        "vrt_file.xlsx": vrt(str(secret["polygon"])),
        "old_workbook.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
        "zip_slip.xlsx": (BAD / "zip_slip.zip").read_bytes(),
        "workbook_named.csv": _workbook({"s": census}),
        "no_header.csv": "示例街道东,5000\r\n".encode("gbk"),
        "no_population.csv": "街道,面积（平方公里）\r\n示例街道东,1.2\r\n".encode("gbk"),
        "not_a_number.csv": "街道,常住人口\r\n示例街道东,约五千\r\n".encode("gbk"),
        "vrt_url.csv": vrt(f"/vsicurl/{base_url}/census.csv"),
    }


def _layer_attacks(folder: Path, secret: dict[str, Path], kind: str, base_url: str) -> dict:
    """VRT documents (local file and URL) and a linked crs under every layer name."""
    made = attacks(folder / kind, secret[kind], base_url)
    return {
        f"{path.parent.name}_{path.name}": path.read_bytes()
        for path in made
        if path.parent.name != "bare"  # a bare .shp needs its parts beside it: not an upload
    }


def _files_for(uploader: Uploader, at: AppTest, tmp_path: Path, secret, base_url: str) -> dict:
    """Every file the uploader accepts (by its ``type`` list) that it must refuse."""
    accepted = tuple(at.file_uploader(key=uploader.key).proto.type)
    files = {
        path.name: path.read_bytes()
        for path in sorted(BAD.iterdir())
        if path.is_file() and path.name not in MULTI_LAYER
    }
    if uploader.kind == "osm":
        files |= _osm_files(secret, base_url)
    elif uploader.kind == "project":
        files |= _project_files(secret, base_url)
    elif uploader.kind == "raster":
        files = _raster_files(tmp_path / "rasters", secret, base_url)
    elif uploader.kind == "census":  # tables, and boundary layers with a population column
        files |= _layer_attacks(tmp_path / "attacks", secret, "polygon", base_url)
        files |= _census_files(secret, base_url)
    else:
        files |= _layer_attacks(tmp_path / "attacks", secret, uploader.kind, base_url)
    fitting = {n: d for n, d in files.items() if n.lower().endswith(accepted)}
    assert fitting, (uploader.key, accepted)
    return fitting


# --------------------------------------------------------------------------- checks


def _markdown_texts(at: AppTest) -> list[str]:
    """Every text on the page that Streamlit renders as Markdown."""
    bodies = [
        str(element.value)
        for elements in (at.error, at.warning, at.info, at.success, at.markdown, at.caption)
        for element in elements
    ]
    bodies += [str(element.label) for element in at.expander]
    bodies += [str(element.label) for element in at.metric]
    return bodies


def _page_text(at: AppTest) -> str:
    """Everything the page holds, as protobuf text (tables and map components too)."""
    return "\n".join(str(node.proto) for node in at._tree if hasattr(node, "proto"))


def assert_refused(at: AppTest, name: str, secret_text: str) -> None:
    """A planner's message, no traceback, no secret, nothing rendered from the file."""
    assert not at.exception, (name, [e.value for e in at.exception])
    errors = texts(at.error)
    assert errors, f"{name}: no error message"
    unexpected = t("error.unexpected", "zh")
    details = [c.value for e in at.expander for c in e.code]
    assert not any(unexpected in e for e in errors), (name, errors, details)
    assert secret_text not in _page_text(at), f"{name}: the secret file was shown"
    for body in _markdown_texts(at):
        assert not markdown_hazards(body), (name, body)


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("uploader", UPLOADERS, ids=[u.key for u in UPLOADERS])
def test_every_uploader_refuses_bad_files_and_attacks(
    uploader: Uploader,
    tmp_path: Path,
    server: Server,  # noqa: F811 - the fixture imported above
    secret: tuple[dict[str, Path], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base_url, requests = server
    paths, secret_text = secret
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["area.sample_tried"] = True  # no opening sample: a refused area leaves none
    at.run()
    uploader.open(at)
    assert not at.exception and not at.error, texts(at.error)
    if uploader.kind in ("osm", "census"):  # the bombs inflate to 3 MB (the sample to more)
        monkeypatch.setenv("SERVICECIRCLE_MAX_INFLATED_MB", "1")
    files = _files_for(uploader, at, tmp_path, paths, base_url)
    for name, data in files.items():
        at.file_uploader(key=uploader.key).upload(name, data).run()
        uploader.submit(at)
        assert_refused(at, name, secret_text)
    assert requests == [], requests
    if uploader.untouched is not None:
        assert uploader.untouched not in at.session_state


def test_an_upload_over_the_size_limit_is_refused_unread(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    _open_outlets(app)
    monkeypatch.setenv("SERVICECIRCLE_MAX_FILE_MB", "0.01")  # 10 KB
    rows = "".join(f"站{i},{INSIDE_SAMPLE[0]},{INSIDE_SAMPLE[1]}\n" for i in range(1000))
    app.file_uploader(key="outlets.upload").upload("big.csv", ("name,lon,lat\n" + rows).encode())
    app.run()
    assert not app.exception
    (message,) = [shown(e) for e in texts(app.error)]
    assert "big.csv" in message and "SERVICECIRCLE_MAX_FILE_MB" in message
    assert "result.outlets" not in app.session_state


def test_outlet_and_candidate_files_have_the_outlet_limit(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    lon, lat = INSIDE_SAMPLE
    rows = "".join(f"站{i},{lon + i * 1e-4},{lat},100\n" for i in range(5))
    five = ("name,lon,lat,people\n" + rows).encode()
    _open_siting(app)
    monkeypatch.setenv("SERVICECIRCLE_MAX_OUTLETS", "3")
    app.file_uploader(key="siting.candidates_upload").upload("candidates.csv", five).run()
    assert not app.exception
    assert any("SERVICECIRCLE_MAX_OUTLETS" in shown(e) for e in texts(app.error))
    app.switch_page("app_pages/outlets.py").run()
    app.radio(key="outlets.source").set_value("upload").run()
    app.file_uploader(key="outlets.upload").upload("outlets.csv", five).run()
    assert not app.exception
    assert any("SERVICECIRCLE_MAX_OUTLETS" in shown(e) for e in texts(app.error))
    assert "result.outlets" not in app.session_state
    # demand points are not travel-time sources: the same file is accepted there
    app.switch_page("app_pages/demand.py").run()
    app.file_uploader(key="demand.points_upload").upload("points.csv", five).run()
    assert not app.exception and not app.error, texts(app.error)


def test_a_full_disk_is_a_message(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    _open_outlets(app)
    write_bytes = Path.write_bytes

    def full_disk(path: Path, data: bytes) -> int:
        if path.name == "outlets.csv":
            raise OSError(errno.ENOSPC, "No space left on device")
        return write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    app.file_uploader(key="outlets.upload").upload("outlets.csv", b"name,lon,lat\nA,24.945,60.17\n")
    app.run()
    assert not app.exception
    (message,) = [shown(e) for e in texts(app.error)]
    assert "outlets.csv" in message and "disk may be full" in message
    assert not app.expander or not any(e.code for e in app.expander)  # no traceback


def test_every_uploader_of_the_app_is_in_this_test() -> None:
    """A new uploader in app_pages/ must be added to UPLOADERS above."""
    keys = set()
    for page in sorted((REPO / "app_pages").glob("*.py")):
        if page.name == "_widgets.py":  # defines kept_upload around st.file_uploader
            continue
        text = page.read_text(encoding="utf-8")
        for call in re.finditer(r"(?:st\.file_uploader|_widgets\.kept_upload)\(", text):
            after = text[call.end() : call.end() + 400]
            found = re.match(r'\s*"([^"]+)"', after) or re.search(r'key="([^"]+)"', after)
            if found:
                keys.add(found.group(1))
            else:  # a key from a table of the page: every literal naming an uploader
                held = set(re.findall(r'"([a-z_]+\.[a-z_]+_upload)"', text))
                assert held, (page.name, call.start())
                keys |= held
    assert keys == {u.key for u in UPLOADERS}
