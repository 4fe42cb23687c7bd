"""How coverage is measured: :class:`CoverageSettings` and the key of a break."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from servicecircle._frozen import FrozenMap
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.network import SnapRules, TravelMode, mode_from_name
from servicecircle.supply.outlets import DEFAULT_OUTLET_TYPES, OutletType


def break_key(minutes: float) -> str:
    """The text key of a break in column names and JSON (``covered_15``, ``"7.5"``).

    >>> break_key(15.0)
    '15'
    >>> break_key(7.5)
    '7.5'
    >>> break_key(10)
    '10'
    """
    return f"{minutes:g}"


@dataclass(frozen=True)
class CoverageSettings:
    """How coverage is measured.

    The mappings are kept as :class:`~servicecircle._frozen.FrozenMap`, so the
    settings are immutable and hash by content (cache keys, equal settings).

    Attributes
    ----------
    mode
        Travel mode for outlets whose type does not say (and for isochrones
        of untyped outlets).
    breaks
        Minutes of the service-circle tiers, ascending.
    outlet_types
        Known outlet types with their own mode and minutes.
    max_snap_m
        Points farther than this from the mode's network reach nothing;
        demand that far from every network is off the road network.
    gap_join_m
        Uncovered demand units closer than this form one gap area.
    must_cover_share
        An industrial or relocation area counts as covered when at least
        this share of it is within reach.
    walk_off_m
        Isochrone buffer around the reached streets.
    speeds_kmh
        Speed overrides by mode name, e.g. ``{"walk": 3.6}``.
    prefer_connected_m
        A point whose nearest road lies on a cut-off piece of the network
        is attached to the connected network instead when a road of it lies
        within this distance (:class:`~servicecircle.network.SnapRules`).
    connected_piece_m
        Pieces of the network at least this long (metres), and the largest,
        count as connected.
    """

    mode: str = "walk"
    breaks: tuple[float, ...] = (5.0, 10.0, 15.0)
    outlet_types: Mapping[str, OutletType] = field(
        default_factory=lambda: FrozenMap(DEFAULT_OUTLET_TYPES)
    )
    max_snap_m: float = 500.0
    gap_join_m: float = 200.0
    must_cover_share: float = 1.0
    walk_off_m: float = 50.0
    speeds_kmh: Mapping[str, float] = field(default_factory=FrozenMap)
    prefer_connected_m: float = SnapRules.prefer_connected_m
    connected_piece_m: float = SnapRules.connected_piece_m

    def __post_init__(self) -> None:
        breaks = tuple(float(b) for b in self.breaks)
        if not breaks or any(b <= 0 for b in breaks) or list(breaks) != sorted(set(breaks)):
            raise InputDataError(msg("msg.coverage.breaks", breaks=list(breaks)))
        object.__setattr__(self, "breaks", breaks)
        object.__setattr__(self, "outlet_types", FrozenMap(self.outlet_types))
        object.__setattr__(self, "speeds_kmh", FrozenMap(self.speeds_kmh))
        mode_from_name(self.mode)  # raises for an unknown mode
        wrong = {m: v for m, v in self.speeds_kmh.items() if not v > 0}
        if wrong:
            raise InputDataError(msg("msg.coverage.speeds", speeds=str(wrong)))
        if not self.max_snap_m > 0:
            raise InputDataError(msg("msg.coverage.max_snap", metres=self.max_snap_m))
        self.snap_rules()  # raises for a negative distance

    def snap_rules(self) -> SnapRules:
        """How points are attached to the networks built with these settings."""
        return SnapRules(
            prefer_connected_m=self.prefer_connected_m, connected_piece_m=self.connected_piece_m
        )

    def travel_mode(self, name: str) -> TravelMode:
        """The travel mode ``name`` with this settings' speed override, if any."""
        mode = mode_from_name(name)
        speed = self.speeds_kmh.get(name)
        return mode.with_speed(float(speed)) if speed else mode
