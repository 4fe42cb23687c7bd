"""Which ways a home or an office can be reached from: the ground-level snapping rules.

A point (a home, an outlet, a candidate premise) is attached to the nearest
way that someone standing beside it can step onto. Routing still uses every
way the travel mode may use; only the *attachment* is restricted, so a house
under a motorway viaduct is attached to the street below, not to the viaduct.

A way is **not** a snapping target when it is

* a motorway, a motorway or trunk ramp (``motorway``, ``motorway_link``,
  ``trunk_link``): access-controlled, no doors open onto them;
* a trunk road without a sidewalk (``sidewalk`` is not ``yes``, ``both``,
  ``left`` or ``right``, and ``foot`` is not ``yes`` or ``designated``):
  expressways and ring roads, whose pavements are mapped as separate ways
  when they exist;
* in a tunnel (``tunnel`` other than ``no`` and ``building_passage``) or on
  a bridge or viaduct (``bridge`` other than ``no`` and ``boardwalk``);
* on another level than the ground (``layer`` other than 0): an elevated
  road or an underpass mapped without a bridge or tunnel tag.

Pieces of the network that are cut off from the rest (a compound's internal
roads mapped without their gate, a footpath around a building) are handled
in :mod:`servicecircle.reach.snap` with :class:`SnapRules`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.network.rules import _tag

NEVER_FROM_THE_GROUND: frozenset[str] = frozenset({"motorway", "motorway_link", "trunk_link"})
"""``highway`` classes no point is attached to."""

SIDEWALK_YES: frozenset[str] = frozenset({"yes", "both", "left", "right"})
"""``sidewalk`` values that make a trunk road a snapping target."""

FOOT_YES: frozenset[str] = frozenset({"yes", "designated"})
"""``foot`` values that make a trunk road a snapping target."""

GROUND_TUNNELS: frozenset[str] = frozenset({"no", "building_passage"})
"""``tunnel`` values that are at ground level (a passage through a building is)."""

GROUND_BRIDGES: frozenset[str] = frozenset({"no", "boardwalk"})
"""``bridge`` values that are at ground level."""


@dataclass(frozen=True)
class SnapRules:
    """How points are attached to the network (part of a :class:`~servicecircle.network.Network`).

    Attributes
    ----------
    prefer_connected_m
        A point whose nearest way lies on a cut-off piece of the network is
        attached to the nearest way of the connected network instead when
        that lies within this distance (metres) of the point. The default,
        500 m, is the usual snapping limit: a cut-off piece (a compound's
        roads mapped without their gate, farm tracks) then only holds points
        that have no connected road within reach at all. On the
        Liechtenstein extract, 658 people lived 180-490 m from a connected
        road and nearer to two cut-off farm tracks: at 150 m they were
        unreachable by any outlet.
    connected_piece_m
        A piece of the network (a weakly connected component) counts as
        connected when it is the largest or holds at least this length of
        ways (metres): smaller pieces are the fragments that no outlet or
        candidate elsewhere can reach.
    """

    prefer_connected_m: float = 500.0
    connected_piece_m: float = 2_000.0

    def __post_init__(self) -> None:
        for name in ("prefer_connected_m", "connected_piece_m"):
            value = float(getattr(self, name))
            if not np.isfinite(value) or value < 0:
                raise InputDataError(
                    msg("msg.network.distance", name=name, value=getattr(self, name))
                )
            object.__setattr__(self, name, value)


def _layer_value(value: object) -> float:
    """One ``layer`` tag as a number: ``"-1"`` -> -1, ``"1;2"`` -> 1, unreadable -> 0."""
    if value is None:
        return 0.0
    text = str(value).strip().split(";")[0].strip()
    try:
        number = float(text)
    except ValueError:
        return 0.0
    return number if np.isfinite(number) else 0.0


def ground_level(edges: pd.DataFrame) -> np.ndarray:
    """Which ways a point beside them can be attached to (see the module docstring).

    Parameters
    ----------
    edges
        The StudyArea ``edges`` layer (tag columns may be missing: a missing
        tag counts as untagged).

    Returns
    -------
    numpy.ndarray
        bool, aligned to the rows of ``edges``.
    """
    highway = _tag(edges, "highway").fillna("road")
    sidewalk = _tag(edges, "sidewalk")
    foot = _tag(edges, "foot")
    tunnel = _tag(edges, "tunnel")
    bridge = _tag(edges, "bridge")
    layer = _tag(edges, "layer").map(_layer_value, na_action="ignore").fillna(0.0)
    trunk_without_pavement = (highway == "trunk") & ~(
        sidewalk.isin(SIDEWALK_YES) | foot.isin(FOOT_YES)
    )
    below_or_above = (
        (tunnel.notna() & ~tunnel.isin(GROUND_TUNNELS))
        | (bridge.notna() & ~bridge.isin(GROUND_BRIDGES))
        | (layer.astype(float) != 0.0)
    )
    closed = highway.isin(NEVER_FROM_THE_GROUND) | trunk_without_pavement | below_or_above
    return ~closed.to_numpy(dtype=bool)
