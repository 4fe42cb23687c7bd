"""Resource limits that keep a shared server up, set by the administrator.

Every planner's file and every online download is checked against these
limits before the work that could exhaust the machine starts. Each limit has a
default that fits a county study area on a 2-core, 24 GB server and an
environment variable that the administrator of the server sets to raise or
lower it (the planner in the browser cannot change them)::

    SERVICECIRCLE_MAX_FILE_MB=500 servicecircle app

A message that refuses a file names the limit and the variable, so that the
planner knows what to ask for.

>>> Limits().file_mb
500.0
>>> Limits.variable("file_mb")
'SERVICECIRCLE_MAX_FILE_MB'
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, fields
from typing import Final

from servicecircle._progress import Said
from servicecircle.errors import ResourceLimitError
from servicecircle.i18n.message import msg

logger = logging.getLogger(__name__)

_VARIABLES: Final[dict[str, str]] = {
    "file_mb": "SERVICECIRCLE_MAX_FILE_MB",
    "features": "SERVICECIRCLE_MAX_FEATURES",
    "vertices": "SERVICECIRCLE_MAX_VERTICES",
    "outlets": "SERVICECIRCLE_MAX_OUTLETS",
    "inflated_mb": "SERVICECIRCLE_MAX_INFLATED_MB",
    "download_km2": "SERVICECIRCLE_MAX_DOWNLOAD_KM2",
    "session_memory_mb": "SERVICECIRCLE_SESSION_MEMORY_MB",
    "raster_cells": "SERVICECIRCLE_MAX_RASTER_CELLS",
}

_UNITS: Final[dict[str, str]] = {
    "file_mb": "msg.limits.unit.mb",
    "features": "msg.limits.unit.features",
    "vertices": "msg.limits.unit.vertices",
    "outlets": "msg.limits.unit.outlets",
    "inflated_mb": "msg.limits.unit.mb",
    "download_km2": "msg.limits.unit.km2",
    "session_memory_mb": "msg.limits.unit.mb",
    "raster_cells": "msg.limits.unit.cells",
}
"""The message key of each limit's unit."""


@dataclass(frozen=True)
class Limits:
    """The limits in force; read them with :func:`current_limits`.

    Attributes
    ----------
    file_mb
        Largest file a planner may bring (upload, layer file, OSM extract), in MB.
    features
        Most features (rows) in one layer file.
    vertices
        Most coordinates (vertices) in one layer file.
    outlets
        Most existing outlets, or candidate sites, in one file: each one is a
        source of travel-time searches and service areas.
    inflated_mb
        Largest size a compressed input (zip, ``.gz``, ``.bz2``) may unpack to, in MB.
    download_km2
        Largest study area downloaded online (``place:``, ``bbox:``, a boundary
        file), in km².
    session_memory_mb
        Memory one app session's heavy work (reading a study area, computing
        coverage) may use, in MB, beyond what the server process already holds.
    raster_cells
        Most cells of a population grid read over the study area (and most
        cells in one of its compressed blocks).
    """

    file_mb: float = 500.0
    features: int = 500_000
    vertices: int = 10_000_000
    outlets: int = 20_000
    inflated_mb: float = 1024.0
    download_km2: float = 2_500.0
    session_memory_mb: float = 6_000.0
    raster_cells: int = 25_000_000

    @staticmethod
    def variable(name: str) -> str:
        """The environment variable that sets the limit ``name``."""
        return _VARIABLES[name]

    def exceeded(self, name: str, what: Said, *, found: Said | None = None) -> ResourceLimitError:
        """An error saying that ``what`` is over the limit ``name`` and how to raise it.

        Parameters
        ----------
        name
            The limit's attribute name, e.g. ``"features"``.
        what
            What is too large, e.g. ``"outlets.geojson holds 100,000 features"``
            (a message, or text).
        found
            Optional advice specific to the case, put before the administrator hint.
        """
        value = getattr(self, name)
        shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
        unit = msg(_UNITS[name])
        variable = _VARIABLES[name]
        if found:
            return ResourceLimitError(
                msg(
                    "msg.limits.exceeded_advice",
                    what=what,
                    limit=shown,
                    unit=unit,
                    advice=found,
                    variable=variable,
                )
            )
        return ResourceLimitError(
            msg("msg.limits.exceeded", what=what, limit=shown, unit=unit, variable=variable)
        )


def current_limits() -> Limits:
    """Return the limits in force: the defaults, overridden by the environment.

    A variable that is not a positive number is ignored with a warning in the
    log (the default stays in force).
    """
    values: dict[str, float | int] = {}
    for spec in fields(Limits):
        text = os.environ.get(_VARIABLES[spec.name])
        if text is None or not text.strip():
            continue
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        if not number > 0 or number == float("inf"):
            logger.warning("%s=%r is not a positive number; ignored", _VARIABLES[spec.name], text)
            continue
        values[spec.name] = int(number) if spec.type in (int, "int") else number
    return Limits(**values)  # type: ignore[arg-type]


__all__ = ["Limits", "current_limits"]
