"""Zipped and bare Shapefiles: a zip checked before it is unpacked, then the parts read.

A zip is refused before anything is written when it holds paths outside its
folder, too many members, or declares more bytes than the limit; only the
chosen shapefile's ``.shp/.shx/.dbf/.prj/.cpg`` are unpacked, into a temporary
folder, counting the bytes actually written. Member names not flagged UTF-8
are re-decoded as GBK. A ``.dbf`` without ``.cpg`` has its encoding detected;
a ``.prj`` that is not a coordinate system is set aside (the planner then
chooses one).
"""

from __future__ import annotations

import codecs
import glob
import re
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

import pyproj

from servicecircle._progress import Said
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import Message, msg
from servicecircle.inputs.files.raw import RawLayer, ReadCaps
from servicecircle.inputs.files.vector import choose_layer, frame_to_raw, ogr_read
from servicecircle.inputs.signatures import check_shapefile


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name, re-decoded as GBK when the zip did not flag UTF-8 names."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def _unsafe(name: str) -> bool:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return ".." in PurePosixPath(name.replace("\\", "/")).parts


@contextmanager
def open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    """Open ``path`` as a zip file, or raise a planner's message when it is not one."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputDataError(
            msg("msg.files.zip_unreadable", file=path.name, detail=str(exc))
        ) from exc
    with archive:
        unsafe = [_member_name(i) for i in archive.infolist() if _unsafe(i.filename)]
        if unsafe:
            raise InputDataError(
                msg("msg.files.zip_unsafe", file=path.name, names=[repr(n) for n in unsafe[:5]])
            )
        yield archive


def zip_member_names(archive: zipfile.ZipFile) -> list[str]:
    """The zip's file names (decoded, ``/``-separated), without folders and macOS metadata."""
    names = []
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = _member_name(info).replace("\\", "/")
        parts = PurePosixPath(name).parts
        if parts and (parts[0] == "__MACOSX" or parts[-1].startswith("._")):
            continue
        names.append(name)
    return names


def shapefiles_in(names: list[str]) -> list[tuple[str, str]]:
    """(layer name, member) for every .shp member; layer name is the path without .shp."""
    return sorted((name[:-4], name) for name in names if name.lower().endswith(".shp"))


_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


_MAX_ZIP_MEMBERS = 10_000


def _extract(archive: zipfile.ZipFile, target: Path, limit: int, shown: str, layer: str) -> None:
    """Unpack the parts of the shapefile ``layer`` into ``target``, counting the bytes written.

    Only the ``.shp``, ``.shx``, ``.dbf``, ``.prj`` and ``.cpg`` members of that
    layer are written; the rest of the zip stays packed.
    """
    written = 0
    root = target.resolve()
    for info in archive.infolist():
        name = _member_name(info).replace("\\", "/")
        stem, suffix = PurePosixPath(name).with_suffix(""), PurePosixPath(name).suffix.lower()
        if info.is_dir() or str(stem) != layer or suffix not in _SHAPEFILE_PARTS:
            continue
        if info.flag_bits & 0x1:
            raise InputDataError(msg("msg.files.zip_password", file=shown))
        destination = (target / name).resolve()
        if root not in destination.parents:
            raise InputDataError(msg("msg.files.zip_member_outside", file=shown, member=repr(name)))
        destination.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as source, destination.open("wb") as sink:
            while chunk := source.read(1 << 20):
                written += len(chunk)
                if written > limit:
                    raise InputDataError(
                        msg("msg.files.zip_bomb", file=shown, mb=f"{limit / 2**20:,.0f}")
                    )
                sink.write(chunk)


def read_zip(path: Path, layer: str | None, limit: int, caps: ReadCaps) -> RawLayer:
    """Read the one layer of a zip (a zipped shapefile, GeoPackage, GeoJSON or table)."""
    with open_zip(path) as archive:
        if len(archive.infolist()) > _MAX_ZIP_MEMBERS:
            raise InputDataError(
                msg(
                    "msg.files.zip_members",
                    file=path.name,
                    count=f"{len(archive.infolist()):,}",
                    most=f"{_MAX_ZIP_MEMBERS:,}",
                )
            )
        declared = sum(info.file_size for info in archive.infolist())
        if declared > limit:
            raise InputDataError(
                msg(
                    "msg.files.zip_too_big",
                    file=path.name,
                    mb=f"{declared / 2**20:,.0f}",
                    limit=f"{limit / 2**20:,.0f}",
                )
            )
        names = zip_member_names(archive)
        shapefiles = shapefiles_in(names)
        if not shapefiles:
            listed: list[str] | Message = (
                [repr(n) for n in names[:10]] if names else msg("msg.files.zip_nothing")
            )
            raise InputDataError(msg("msg.files.zip_no_shapefile", file=path.name, listed=listed))
        layer_names = [stem for stem, _ in shapefiles]
        chosen = choose_layer(layer_names, layer, path.name)
        member = dict(shapefiles)[chosen]
        with tempfile.TemporaryDirectory(prefix="servicecircle-zip-") as tmp:
            try:
                _extract(archive, Path(tmp), limit, path.name, chosen)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
                raise InputDataError(
                    msg("msg.files.zip_damaged", file=path.name, detail=str(exc))
                ) from exc
            shown = msg("msg.files.shapefile_of", file=path.name, member=repr(member))
            return read_shapefile(
                Path(tmp) / member, name=PurePosixPath(chosen).name, shown=shown, caps=caps
            )


def _sibling(shp: Path, suffix: str) -> Path | None:
    for candidate in shp.parent.glob(glob.escape(shp.stem) + ".*"):
        if candidate.suffix.lower() == suffix and candidate.stem == shp.stem:
            return candidate
    return None


def _dbf_encoding(dbf: Path, shown: Said) -> tuple[str | None, Message | None]:
    """Encoding to pass to GDAL for a .dbf without .cpg, and a note; (None, None) to leave it."""
    with dbf.open("rb") as handle:
        header = handle.read(32)
        if len(header) < 32 or header[29] != 0:
            return None, None
        header_length = int.from_bytes(header[8:10], "little")
        handle.seek(header_length)
        sample = handle.read(4 << 20)
    if all(b < 0x80 for b in sample):
        return None, None
    for encoding, label in (("utf-8", "UTF-8"), ("gb18030", "GBK/GB18030")):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        return (
            "UTF-8" if encoding == "utf-8" else "GB18030",
            msg("msg.files.no_cpg_read_as", file=shown, encoding=label),
        )
    return None, msg("msg.files.no_cpg_unknown", file=shown)


def read_shapefile(shp: Path, *, name: str, shown: Said, caps: ReadCaps) -> RawLayer:
    """Read a shapefile and its sidecar files (.shx, .dbf required; .prj and .cpg used)."""
    missing = [suffix for suffix in (".shx", ".dbf") if _sibling(shp, suffix) is None]
    if missing:
        key = "msg.files.shapefile_missing" + ("" if len(missing) == 1 else "_both")
        parts: Said = (
            missing[0] if len(missing) == 1 else msg("msg.files.and_two", a=".shx", b=".dbf")
        )
        raise InputDataError(msg(key, file=shown, parts=parts))
    notes: list[Said] = []
    kwargs: dict[str, Any] = {}
    dbf = _sibling(shp, ".dbf")
    shx = _sibling(shp, ".shx")
    if dbf is None or shx is None:  # checked above; for the type checker
        raise TypeError("the shapefile sidecars were checked above")
    check_shapefile(shp, shx, dbf, str(shown))
    if _sibling(shp, ".cpg") is None:
        encoding, note = _dbf_encoding(dbf, shown)
        if encoding is not None:
            kwargs["encoding"] = encoding
        if note is not None:
            notes.append(note)
    prj = _sibling(shp, ".prj")
    unreadable_prj = _unreadable_prj(prj) if prj is not None else None
    with _without_prj(shp, shx, dbf, unreadable_prj is not None) as readable:
        frame = ogr_read(str(readable), shown, msg("msg.files.what_shapefile"), caps, **kwargs)
    if frame.crs is None:
        key = "msg.files.no_prj" if prj is None else "msg.files.empty_prj"
        notes.append(msg(key, file=shown))
    raw = frame_to_raw(frame, name, shown, notes)
    raw.unreadable_prj = unreadable_prj
    return raw


def _unreadable_prj(prj: Path) -> str | None:
    """The start of a ``.prj`` that is not a coordinate system, or None when it is one."""
    text = prj.read_bytes()[:65536].decode("utf-8", "replace").strip()
    if not text:  # an empty .prj says as little as none
        return None
    try:
        pyproj.CRS.from_wkt(text)
    except pyproj.exceptions.CRSError:
        return text[:60]
    return None


@contextmanager
def _without_prj(shp: Path, shx: Path, dbf: Path, needed: bool) -> Iterator[Path]:
    """``shp``, or a copy of the shapefile without its ``.prj`` when ``needed``."""
    if not needed:
        yield shp
        return
    with tempfile.TemporaryDirectory(prefix="servicecircle-shp-") as tmp:
        for part in (shp, shx, dbf, _sibling(shp, ".cpg")):
            if part is not None:
                target = Path(tmp) / (shp.stem + part.suffix.lower())
                try:
                    target.hardlink_to(part)
                except OSError:
                    target.write_bytes(part.read_bytes())
        yield Path(tmp) / (shp.stem + ".shp")
