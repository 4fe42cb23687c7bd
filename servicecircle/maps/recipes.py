"""The results map, one recipe for the app, the CLI map and the report's map.

:func:`coverage_layers` turns today's coverage (and a siting plan) into the
ordered, styled layers of :mod:`servicecircle.maps.web`, labelled from the i18n
tables, so every results map shows the same layers in the same order with the
same words and symbols. It reads only the frames, so it takes a
:class:`~servicecircle.coverage.measure.Coverage` and a
:class:`~servicecircle.planning.plan.SitingPlan` as they are, or the layers of an
output folder through :class:`LayerFrames`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

import geopandas as gpd
import numpy as np
import pandas as pd

from servicecircle.coverage.gaps import road_place
from servicecircle.i18n import check_lang, t
from servicecircle.i18n.labels import class_label, outlet_type_label
from servicecircle.inputs.crs import WGS84
from servicecircle.maps.style import CANDIDATE
from servicecircle.maps.web import (
    MapLayer,
    boundaries_layer,
    demand_layer,
    gaps_layer,
    isochrones_layer,
    network_layer,
    outlets_layer,
    points_layer,
    sites_layer,
)
from servicecircle.planning.naming import area_label, candidate_labels, site_labels

LABEL_KEYS: Final[Mapping[str, str]] = {
    "edges": "layer.edges",
    "units": "map.boundaries",
    "isochrones": "map.isochrones",
    "demand": "map.demand",
    "gaps": "map.gaps",
    "outlets": "map.outlets",
    "candidates": "layer.candidates",
    "chosen": "map.chosen",
    "name": "report.col.name",
    "people": "report.col.people",
    "class": "report.col.class",
    "rank": "report.col.rank",
    "type": "report.col.type",
    "source": "field.source",
    "break": "report.col.minutes",
    "nearest": "report.col.nearest",
    "township": "report.col.township",
    "community": "report.col.community",
    "newly": "report.col.newly_covered",
    "reasons": "report.col.reasons",
    "share": "report.col.share",
    "unnamed": "report.value.unnamed",
    "place": "admin.gap_place",
}
"""i18n key of each label of the results map: layer names (the static maps' legend words),
then tooltip fields (the report tables' column names)."""


class CoverageFrames(Protocol):
    """What the recipe reads of today's coverage (a ``Coverage`` has all of it)."""

    @property
    def demand(self) -> gpd.GeoDataFrame:
        """Demand units with ``covered`` and people."""
        ...

    @property
    def outlets(self) -> gpd.GeoDataFrame:
        """Existing outlets with name and type."""
        ...

    @property
    def isochrones(self) -> gpd.GeoDataFrame:
        """Service areas of the existing outlets."""
        ...

    @property
    def gaps(self) -> gpd.GeoDataFrame:
        """Ranked gaps (uncovered clusters)."""
        ...

    @property
    def units(self) -> gpd.GeoDataFrame:
        """Administrative units with their coverage."""
        ...


class PlanFrames(Protocol):
    """What the recipe reads of a siting plan (a ``SitingPlan`` has it)."""

    @property
    def chosen(self) -> gpd.GeoDataFrame:
        """The new outlets, in build order."""
        ...


def _empty() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(geometry=[], crs=WGS84)


@dataclass(frozen=True, eq=False)
class LayerFrames:
    """The map layers of an output folder, as the recipe reads them (missing: empty)."""

    demand: gpd.GeoDataFrame = field(default_factory=_empty)
    outlets: gpd.GeoDataFrame = field(default_factory=_empty)
    isochrones: gpd.GeoDataFrame = field(default_factory=_empty)
    gaps: gpd.GeoDataFrame = field(default_factory=_empty)
    units: gpd.GeoDataFrame = field(default_factory=_empty)
    chosen: gpd.GeoDataFrame = field(default_factory=_empty)

    @classmethod
    def from_layers(cls, layers: Mapping[str, gpd.GeoDataFrame]) -> LayerFrames:
        """The frames among ``layers`` (names as in ``analysis.gpkg`` / ``siting.gpkg``)."""
        names = ("demand", "outlets", "isochrones", "gaps", "units", "chosen")
        return cls(**{name: layers[name] for name in names if layers.get(name) is not None})


def _rounded(frame: gpd.GeoDataFrame, columns: Mapping[str, int]) -> gpd.GeoDataFrame:
    """Numbers shown in tooltips, rounded (``{"people": 0}``)."""
    out = frame.copy()
    for column, digits in columns.items():
        if column in out.columns:
            out[column] = pd.to_numeric(out[column], errors="coerce").round(digits)
    return out


def _units_layer(
    units: gpd.GeoDataFrame, minutes: float, label: dict[str, str], *, show: bool
) -> MapLayer:
    shown = _rounded(units, {"people": 0})
    share = f"share_{minutes:g}"
    if share in shown.columns:
        shown = shown.assign(
            share_shown=["—" if pd.isna(v) else f"{100 * float(v):.1f}%" for v in shown[share]]
        )
    return boundaries_layer(
        shown,
        name=label["units"],
        tooltip={
            "name": label["name"],
            "people": label["people"],
            "share_shown": f"{label['share']} ({minutes:g})",
        },
        show=show,
    )


def _demand_layer(
    demand: gpd.GeoDataFrame, lang: str, label: dict[str, str], *, show: bool
) -> MapLayer:
    shown = _rounded(demand, {"people": 0, "minutes_to_nearest": 1})
    if "name" in shown.columns:  # unnamed relocation/industrial areas: 安置区 N / 工业区 N
        shown = shown.assign(name=[area_label(n, lang) for n in shown["name"]])
    classes = None
    if "class" in shown.columns:
        shown = shown.assign(class_shown=[class_label(c, lang) for c in shown["class"]])
        classes = {str(c): class_label(c, lang) for c in set(demand["class"])}
    return demand_layer(
        shown,
        name=label["demand"],
        class_labels=classes,
        tooltip={
            "name": label["name"],
            "class_shown": label["class"],
            "people": label["people"],
            "township": label["township"],
            "community": label["community"],
            "minutes_to_nearest": label["nearest"],
        },
        show=show,
    )


def _outlets_layer(
    outlets: gpd.GeoDataFrame, lang: str, label: dict[str, str], *, show: bool
) -> MapLayer:
    kinds = outlets["outlet_type"] if "outlet_type" in outlets.columns else None
    shown = outlets
    types = None
    if kinds is not None:
        shown = outlets.assign(type_shown=[outlet_type_label(k, lang) for k in kinds])
        types = {str(k): outlet_type_label(k, lang) for k in set(kinds)}
    return outlets_layer(
        shown,
        name=label["outlets"],
        type_labels=types,
        tooltip={"name": label["name"], "type_shown": label["type"]},
        show=show,
    )


def _sites_layer(
    chosen: gpd.GeoDataFrame,
    reasons: Mapping[int, str] | None,
    label: dict[str, str],
    *,
    lang: str,
    show: bool,
) -> MapLayer:
    shown = _rounded(chosen, {"newly_covered": 0})
    if "name" in shown.columns and "rank" in shown.columns:
        shown = shown.assign(name=site_labels(shown["rank"], shown["name"], lang))
    elif "name" in shown.columns:
        shown = shown.assign(name=shown["name"].fillna(label["unnamed"]))
    if reasons is not None and "rank" in shown.columns:
        ranks = pd.to_numeric(shown["rank"], errors="coerce").to_numpy(dtype=float)
        shown = shown.assign(
            reasons_shown=[reasons.get(int(r), "") if np.isfinite(r) else "" for r in ranks]
        )
    return sites_layer(
        shown,
        name=label["chosen"],
        order_column="rank",
        tooltip={
            "rank": label["rank"],
            "name": label["name"],
            "newly_covered": label["newly"],
            "reasons_shown": label["reasons"],
        },
        show=show,
    )


def _isochrones_layer(
    isochrones: gpd.GeoDataFrame, lang: str, label: dict[str, str], *, show: bool
) -> MapLayer:
    return isochrones_layer(
        _rounded(isochrones, {"people": 0}),
        name=label["isochrones"],
        minutes_label=t("map.minutes", lang, minutes="{minutes}"),
        tooltip={"minutes": label["break"], "people": label["people"]},
        show=show,
    )


def _gaps_layer(
    gaps: gpd.GeoDataFrame, label: dict[str, str], *, lang: str, show: bool
) -> MapLayer:
    """Ranked gaps; each placed by its unit and by its nearest named road (花径路附近)."""
    shown = _rounded(gaps, {"people": 0, "nearest_minutes": 1})
    tooltip = {
        "rank": label["rank"],
        "people": label["people"],
        "township": label["township"],
        "community": label["community"],
        "nearest_minutes": label["nearest"],
    }
    if "road" in shown.columns:
        roads = zip(shown["road"], shown["road_m"], strict=True)
        shown = shown.assign(place=[road_place(r, m).text(lang) for r, m in roads])
        tooltip["place"] = label["place"]
    return gaps_layer(shown, name=label["gaps"], tooltip=tooltip, show=show)


def _candidates_layer(candidates: gpd.GeoDataFrame, lang: str, label: dict[str, str]) -> MapLayer:
    """Candidate sites by source, switched off at first."""
    if "candidate_id" in candidates.columns:
        shown = candidates.assign(
            name=candidate_labels(candidates["candidate_id"], candidates["name"], lang)
        )
    else:
        shown = candidates.assign(name=candidates["name"].fillna(""))
    if "source" in shown.columns:
        shown = shown.assign(source_shown=[t(f"siting.source.{s}", lang) for s in shown["source"]])
    return points_layer(
        shown,
        name=label["candidates"],
        color=CANDIDATE.color,
        tooltip={"name": label["name"], "source_shown": label["source"]},
        radius=3.0,
        show=False,
    )


def coverage_layers(
    coverage: CoverageFrames,
    plan: PlanFrames | None = None,
    *,
    lang: str = "zh",
    minutes: float | None = None,
    edges: gpd.GeoDataFrame | None = None,
    network: dict[str, Any] | None = None,
    candidates: gpd.GeoDataFrame | None = None,
    reasons: Mapping[int, str] | None = None,
    show_units: bool = True,
    show_demand: bool = True,
    overlays: Sequence[MapLayer] = (),
    hidden: Collection[str] = (),
) -> list[MapLayer]:
    """The layers of a results map, bottom to top, styled and labelled in ``lang``.

    Road network, admin boundaries, service areas, demand, gaps, existing
    outlets, candidate sites and the plan's new sites; empty layers are left out.

    Parameters
    ----------
    coverage
        Today's coverage (``demand``, ``outlets``, ``isochrones``, ``gaps``, ``units``).
    plan
        The siting plan (its ``chosen`` sites, numbered by ``rank``), if any.
    lang
        {"zh", "en"}: layer names, legend and tooltips.
    minutes
        The break the units' coverage share is shown for (default: the largest isochrone).
    edges, network
        The road network, as edges or as their GeoJSON
        (:func:`servicecircle.maps.web.network_feature`); neither: no network layer.
    candidates
        Candidate sites (``name``, ``source``), drawn hidden until switched on.
    reasons
        Why each new site was chosen, by rank (shown in its tooltip).
    show_units, show_demand
        Whether to draw the admin boundaries and the demand units.
    overlays
        The caller's own layers (hexagons, exclusion areas, people off the road
        network, ...), drawn above the demand and below the gaps.
    hidden
        Layers drawn but switched off at first, by :data:`LABEL_KEYS` role
        (``"edges"``, ``"isochrones"``, ...); candidates always start hidden.

    Returns
    -------
    list of MapLayer
        For :func:`servicecircle.maps.web.compose_map`.
    """
    label = {role: t(key, check_lang(lang)) for role, key in LABEL_KEYS.items()}
    iso = coverage.isochrones
    if minutes is None:
        minutes = float(pd.to_numeric(iso["minutes"]).max()) if len(iso) else 15.0
    layers: list[MapLayer] = []
    if edges is not None or network is not None:
        layers.append(
            network_layer(edges, name=label["edges"], data=network, show="edges" not in hidden)
        )
    if show_units and len(coverage.units):
        layers.append(_units_layer(coverage.units, minutes, label, show="units" not in hidden))
    if len(iso) and "minutes" in iso.columns:
        layers.append(_isochrones_layer(iso, lang, label, show="isochrones" not in hidden))
    if show_demand and len(coverage.demand):
        layers.append(_demand_layer(coverage.demand, lang, label, show="demand" not in hidden))
    layers += overlays
    if len(coverage.gaps):
        layers.append(_gaps_layer(coverage.gaps, label, lang=lang, show="gaps" not in hidden))
    if len(coverage.outlets):
        layers.append(_outlets_layer(coverage.outlets, lang, label, show="outlets" not in hidden))
    if candidates is not None and len(candidates):
        layers.append(_candidates_layer(candidates, lang, label))
    if plan is not None and len(plan.chosen):
        layers.append(
            _sites_layer(plan.chosen, reasons, label, lang=lang, show="chosen" not in hidden)
        )
    return layers
