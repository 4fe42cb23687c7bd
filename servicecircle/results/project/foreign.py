"""Never save a project over a file that is not one: say what the file holds instead.

A project is saved by replacing the whole file, so saving into a planner's own
GeoPackage (their layers, their QGIS styles in ``layer_styles``) would delete
everything in it. :func:`refuse_to_replace` lets a save replace only a
servicecircle project (its ``sc_project`` table says so) or an empty file, and
refuses anything else with a message that lists what the file holds. The file
is only read, with SQLite in read-only mode, so it stays byte for byte as it
was.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Final

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.signatures import SQLITE_MAGIC, what_it_looks_like
from servicecircle.results.project.encoding import FORMAT_NAME, META_TABLE

#: Tables every GeoPackage (and SQLite) has for its own bookkeeping: not the user's data.
_INTERNAL_PREFIXES: Final = ("gpkg_", "rtree_", "sqlite_")
#: How many table names a message lists.
_SHOWN: Final = 6


def refuse_to_replace(target: Path) -> None:
    """Raise unless saving a project at ``target`` loses nothing but an older project.

    Saving may replace a servicecircle project, an empty file, or nothing.

    Raises
    ------
    InputDataError
        When ``target`` is a folder, or a file that is not a servicecircle
        project; the message says what it holds and to choose a new file name.
    """
    if not target.exists():
        return
    if target.is_dir():
        raise InputDataError(msg("msg.results.project.is_folder", target=str(target)))
    if target.stat().st_size == 0:
        return
    holds = what_it_holds(target)
    if holds is None:
        return
    raise InputDataError(
        msg(
            "msg.results.project.foreign_file",
            target=str(target),
            holds=holds,
            free=_free_name(target).name,
        )
    )


def what_it_holds(path: Path) -> str | None:
    """What the file ``path`` holds, in words; ``None`` when it is a servicecircle project."""
    with path.open("rb") as handle:
        head = handle.read(100)
    if not head.startswith(SQLITE_MAGIC):
        return f"it is not a GeoPackage (it looks like {what_it_looks_like(head)})"
    try:
        tables, project_format = _tables_and_format(path)
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        return f"it is an SQLite database that cannot be read ({exc}), perhaps damaged"
    if project_format == FORMAT_NAME:
        return None
    kind = "a GeoPackage" if "gpkg_contents" in tables else "an SQLite database"
    own = [t for t in tables if not t.lower().startswith(_INTERNAL_PREFIXES)]
    if not own:
        return f"it is {kind} without layers or tables"
    listed = ", ".join(_describe(t) for t in own[:_SHOWN])
    more = f" and {len(own) - _SHOWN} more" if len(own) > _SHOWN else ""
    mark = (
        f" (its {META_TABLE} table was not written by servicecircle or is damaged)"
        if META_TABLE in tables
        else ""
    )
    count = "1 layer or table" if len(own) == 1 else f"{len(own)} layers and tables"
    return f"it is {kind} holding {count}: {listed}{more}{mark}"


def _tables_and_format(path: Path) -> tuple[list[str], object]:
    """The tables of the SQLite file ``path`` and its ``sc_project`` format (None if absent)."""
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    connection = sqlite3.connect(uri, uri=True)
    try:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"
        ).fetchall()
        tables = [str(name) for (name,) in rows]
        if META_TABLE not in tables:
            return tables, None
        try:
            found = connection.execute(
                f"SELECT value FROM {META_TABLE} WHERE key = 'format'"  # noqa: S608 - constant
            ).fetchone()
        except sqlite3.OperationalError:  # no key/value columns
            return tables, None
    finally:
        connection.close()
    if found is None:
        return tables, None
    try:
        return tables, json.loads(found[0])
    except (TypeError, ValueError):
        return tables, None


def _describe(table: str) -> str:
    return "layer_styles (QGIS styles)" if table == "layer_styles" else repr(table)


def _free_name(target: Path) -> Path:
    """A name beside ``target`` that no file has yet: ``NAME_project.gpkg``, ``..._2``..."""
    candidate, i = target.with_name(f"{target.stem}_project.gpkg"), 2
    while candidate.exists():
        candidate, i = target.with_name(f"{target.stem}_project_{i}.gpkg"), i + 1
    return candidate


__all__ = ["refuse_to_replace", "what_it_holds"]
