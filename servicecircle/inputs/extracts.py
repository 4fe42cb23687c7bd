"""OSM extracts kept on the server, listed by the administrator and offered by name.

A county's extract can be large to upload; the administrator of a shared server
puts it on the server once and lists it in a TOML file::

    # servicecircle.toml
    [[extracts]]
    name = "南京市玄武区"
    path = "/data/osm/xuanwu.osm.pbf"

    [[extracts]]
    name = "Liechtenstein"
    path = "liechtenstein.osm.pbf"   # relative paths are read from this file's folder

The file is the one named by the environment variable ``SERVICECIRCLE_CONFIG``,
else ``servicecircle.toml`` in the folder the app or command starts in. The app
offers the extracts by their names only: a planner picks a name, never types a
path, and neither the path nor its folder is ever shown or written out (the
study area's source is ``extract:NAME``; see
:func:`servicecircle.inputs.naming.public_source`).

>>> Extract("玄武区", Path("/data/x.osm.pbf")).source
'extract:玄武区'
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs.naming import clean_name

#: The environment variable naming the administrator's configuration file.
CONFIG_VARIABLE: Final = "SERVICECIRCLE_CONFIG"

#: The configuration file looked for in the working folder when the variable is not set.
DEFAULT_CONFIG: Final = "servicecircle.toml"


@dataclass(frozen=True)
class Extract:
    """One extract the administrator listed: its name (shown) and its file (never shown)."""

    name: str
    path: Path = dataclasses.field(repr=False)

    @property
    def source(self) -> str:
        """The study area's source for this extract (its name, no path)."""
        return f"extract:{self.name}"


def config_path() -> Path | None:
    """The administrator's configuration file, or None when there is none.

    ``SERVICECIRCLE_CONFIG`` when set (a file that does not exist is an
    error when read), else ``servicecircle.toml`` in the working folder if it
    exists.
    """
    named = os.environ.get(CONFIG_VARIABLE, "").strip()
    if named:
        return Path(named).expanduser()
    default = Path(DEFAULT_CONFIG)
    return default if default.is_file() else None


def configured_extracts(config: Path | None = None) -> tuple[Extract, ...]:
    """The extracts listed in the configuration file, in its order (none without a file).

    Parameters
    ----------
    config
        The configuration file; :func:`config_path` by default.

    Raises
    ------
    InputDataError
        When the file cannot be read, is not TOML, or an entry lacks a name or
        a path; the message names the file by its base name only.
    """
    path = config if config is not None else config_path()
    if path is None:
        return ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        detail = error.strerror if isinstance(error, OSError) else str(error)
        raise InputDataError(
            msg("msg.extracts.bad_config", config=path.name, detail=detail or type(error).__name__)
        ) from error
    entries = data.get("extracts", [])
    if not isinstance(entries, list):
        raise InputDataError(
            msg("msg.extracts.bad_config", config=path.name, detail="[[extracts]]")
        )
    found: dict[str, Extract] = {}
    for number, entry in enumerate(entries, start=1):
        name = clean_name(entry.get("name")) if isinstance(entry, dict) else ""
        where = entry.get("path") if isinstance(entry, dict) else None
        if not name or not isinstance(where, str) or not where.strip():
            raise InputDataError(msg("msg.extracts.bad_entry", config=path.name, number=number))
        file = Path(where.strip()).expanduser()
        found.setdefault(name, Extract(name, file if file.is_absolute() else path.parent / file))
    return tuple(found.values())


def extract_named(name: str, config: Path | None = None) -> Extract:
    """The listed extract called ``name``.

    Raises
    ------
    InputDataError
        When no extract has that name (a path is never looked up), or its
        file is missing: the message names the entry, never the path.
    """
    wanted = clean_name(name)
    for extract in configured_extracts(config):
        if extract.name == wanted:
            if not extract.path.is_file():
                shown = (config or config_path() or Path(DEFAULT_CONFIG)).name
                raise InputDataError(msg("msg.extracts.missing", name=extract.name, config=shown))
            return extract
    raise InputDataError(msg("msg.extracts.unknown", name=wanted))
