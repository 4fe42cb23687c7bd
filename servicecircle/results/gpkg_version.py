"""The GeoPackage version every file of a run is written as: 1.2.

GDAL 3.7 and later write GeoPackage 1.4 by default; GDAL 3.6 (QGIS 3.28 LTR)
and ArcGIS 10.x warn on opening it. Version 1.2 holds everything written here
(map layers, attribute tables, layer identifiers and descriptions), so every
GeoPackage is created as 1.2 (GDAL's ``VERSION`` dataset creation option).

>>> creation_options(Path("/no/such/file.gpkg"))
{'dataset_options': {'VERSION': '1.2'}}
"""

from __future__ import annotations

from pathlib import Path

GPKG_VERSION = "1.2"


def creation_options(path: Path) -> dict[str, dict[str, str]]:
    """The options creating a GeoPackage at ``path`` as :data:`GPKG_VERSION` (none if it exists)."""
    if path.exists() and path.stat().st_size > 0:
        return {}
    return {"dataset_options": {"VERSION": GPKG_VERSION}}
