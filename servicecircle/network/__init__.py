"""Travel-mode networks: modes, road rules, and compact routable graphs.

>>> from servicecircle.network import WALK, network_from_area
>>> net = network_from_area(area, WALK)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from servicecircle._lazy import lazy_exports

if TYPE_CHECKING:
    from servicecircle.network.graph import Network, network_from_area, network_from_layers
    from servicecircle.network.ground import SnapRules, ground_level
    from servicecircle.network.modes import (
        BIKE,
        DRIVE,
        DRIVE_SPEEDS_KMH,
        EBIKE,
        PRESETS,
        WALK,
        WALK_STRICT,
        TravelMode,
        mode_from_name,
        modes_by_name,
    )
    from servicecircle.network.rules import edge_speeds_kmh
    from servicecircle.network.speeds import maxspeeds_kmh, parse_maxspeed
else:  # each name loads its module on first use: a travel mode without SciPy's graph routines
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "graph": ("Network", "network_from_area", "network_from_layers"),
            "ground": ("SnapRules", "ground_level"),
            "modes": (
                "BIKE",
                "DRIVE",
                "DRIVE_SPEEDS_KMH",
                "EBIKE",
                "PRESETS",
                "WALK",
                "WALK_STRICT",
                "TravelMode",
                "mode_from_name",
                "modes_by_name",
            ),
            "rules": ("edge_speeds_kmh",),
            "speeds": ("maxspeeds_kmh", "parse_maxspeed"),
        },
    )

__all__ = [
    "BIKE",
    "DRIVE",
    "DRIVE_SPEEDS_KMH",
    "EBIKE",
    "PRESETS",
    "WALK",
    "WALK_STRICT",
    "Network",
    "SnapRules",
    "TravelMode",
    "edge_speeds_kmh",
    "ground_level",
    "maxspeeds_kmh",
    "mode_from_name",
    "modes_by_name",
    "network_from_area",
    "network_from_layers",
    "parse_maxspeed",
]
