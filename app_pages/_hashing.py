"""Content keys of the app's objects: what the caches hash them by.

A study area is hashed by its :attr:`~servicecircle.inputs.area.StudyArea.key`
(set when it is loaded), a layer by its geometry and attributes
(:func:`frame_key`), a demand by its tables, an upload by its bytes, name,
chosen layer and coordinate system. :data:`HASH_FUNCS` gives these to
``st.cache_data`` and ``st.cache_resource``; :func:`content_key` gives the
same keys to the pages (the coverage key a siting plan and the report are
tied to).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import fields
from typing import TYPE_CHECKING, Any, Final

import geopandas as gpd
import shapely

from app_pages._frames import DemandInputs
from app_pages._uploads import KeptUpload, digest
from servicecircle.coverage import CoverageSettings
from servicecircle.demand import Demand, DemandSettings
from servicecircle.demand.census_types import CensusTotals
from servicecircle.demand.user_buildings import PlannerBuildings
from servicecircle.inputs.area import StudyArea

if TYPE_CHECKING:  # the raster reader loads with a grid upload, not on the first page
    from servicecircle.demand.raster import PopulationGrid


def frame_key(frame: gpd.GeoDataFrame | None) -> str:
    """A content hash of a layer (geometry and attributes)."""
    if frame is None or len(frame) == 0:
        return "-"
    wkb = b"".join(shapely.to_wkb(frame.geometry.to_numpy(), hex=False))
    attributes = frame.drop(columns=frame.geometry.name).to_csv().encode()
    return digest(wkb + attributes)


def area_key(area: StudyArea) -> str:
    """The content key a study area was given when loaded (see :func:`load_study_area`)."""
    if not area.key:
        raise ValueError(f"the study area {area.name!r} has no content key to be cached by")
    return area.key


_MEMO: dict[int, tuple[weakref.ref[Any], str]] = {}
_MEMO_LOCK = threading.Lock()


def _once_per_object(value: Any, key: Callable[[Any], str]) -> str:
    """``key(value)``, computed once for each (unchanged, immutable-by-use) object."""
    with _MEMO_LOCK:
        found = _MEMO.get(id(value))
    if found is not None and found[0]() is value:
        return found[1]
    result = key(value)
    ident = id(value)
    with _MEMO_LOCK:
        _MEMO[ident] = (weakref.ref(value, lambda _: _MEMO.pop(ident, None)), result)
    return result


def demand_key(demand: Demand) -> str:
    """A content hash of a demand estimate (its units, areas, admin units, assumptions)."""
    return _once_per_object(
        demand,
        lambda d: content_key(d.units, d.areas, d.admin_units, repr(d.assumptions)),
    )


def upload_key(upload: KeptUpload) -> str:
    """A content hash of an uploaded file: its bytes, name, chosen layer and coordinate system."""
    return digest(f"{digest(upload.data)}|{upload.name}|{upload.layer}|{upload.crs}".encode())


_KEYS: Final[dict[type, Callable[[Any], str]]] = {
    StudyArea: area_key,
    gpd.GeoDataFrame: frame_key,
    Demand: demand_key,
    KeptUpload: upload_key,
    DemandInputs: lambda i: content_key(*(getattr(i, f.name) for f in fields(i))),
    CensusTotals: lambda c: digest(f"{c.rows.to_csv()}|{c.source}|{c.column}|{c.notes!r}".encode()),
    PlannerBuildings: lambda b: content_key(b.buildings, b.source, repr(b.notes)),
    DemandSettings: repr,
    CoverageSettings: repr,
}


def grid_key(grid: PopulationGrid) -> str:
    """A content hash of a population grid: its cells, placement, system, source and notes."""
    text = f"|{grid.transform!r}|{grid.crs.to_wkt()}|{grid.source}|{grid.notes!r}"
    return digest(grid.people.tobytes() + text.encode())


#: Keys of the types named by module and name: their modules load only where they are used.
_NAMED_KEYS: Final[dict[str, Callable[[Any], str]]] = {
    "servicecircle.demand.raster.PopulationGrid": grid_key,
}


def _key_of(value: object) -> Callable[[Any], str] | None:
    kind = type(value)
    return _KEYS.get(kind) or _NAMED_KEYS.get(f"{kind.__module__}.{kind.__qualname__}")


def content_key(*values: object) -> str:
    """One hash of ``values``: each by its type's key in :data:`HASH_FUNCS`, else its repr."""
    parts = []
    for value in values:
        key = _key_of(value)
        parts.append(key(value) if key is not None else repr(value))
    return digest("|".join(parts).encode())


HASH_FUNCS: Final[dict[str | type[Any], Callable[[Any], Any]]] = dict.fromkeys(
    [*_KEYS, *_NAMED_KEYS], content_key
)
"""``hash_funcs`` of every cache here: the content keys of the app's objects."""
