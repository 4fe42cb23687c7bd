"""Travel modes: who may use which road, in which direction, how fast.

A :class:`TravelMode` is a frozen dataclass (it doubles as a cache key). The
presets follow the project's domain defaults:

========== ============ ==================================================
name       speed        notes
========== ============ ==================================================
walk       4.0 km/h     15 min ≈ 1,000 m (GB 50180-2018, 800–1,000 m)
walk_strict 3.2 km/h    elderly / strict reading, 15 min ≈ 800 m
bike       12 km/h      footways and pedestrian streets at walking pace
ebike      18 km/h      as bike (GB 17761-2018 caps design speed at 25)
drive      by road      class speeds below, OSM ``maxspeed`` where tagged
========== ============ ==================================================

Road rules, all configurable through :func:`dataclasses.replace`:

* walk / walk_strict: every ``highway`` class except motorways, motorway
  links, trunk links (ramps) and non-roads (construction, proposed,
  abandoned, raceway, bus_guideway, platform); trunk roads are walkable
  unless tagged ``foot=no``. Cycleways are walkable unless ``foot=no``.
  One-way tags are ignored.
* bike / ebike: as walking for the classes, with footways, pedestrian
  streets, steps, corridors and elevators ridden at walking pace (pushing
  the bicycle, ``dismount_speed_kmh``) unless ``bicycle=yes/designated``;
  ``bicycle=no`` excludes the way. One-way tags apply (``oneway:bicycle=no``
  lifts them when that column is present).
* drive: only the motor-road classes in :data:`DRIVE_SPEEDS_KMH` except
  ``track`` (farm and forest tracks; add it back with
  ``replace(DRIVE, excluded_highways=...)``); one-way streets honoured,
  including ``oneway=-1`` and ``junction=roundabout``.

Access tags: the most specific key present wins (``access`` < ``vehicle`` <
``bicycle`` / ``motor_vehicle`` < ``motorcar``, or ``access`` < ``foot``);
``no`` and ``private`` exclude a way for every mode, and for driving also
``agricultural``, ``forestry``, ``emergency``, ``psv``, ``bus``,
``military``. (Agricultural or forestry ``access`` on tracks and paths is read
as a motor-traffic restriction, so walking and cycling stay allowed.)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from servicecircle._progress import Said
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg

NON_ROADS: frozenset[str] = frozenset(
    {
        "construction",
        "proposed",
        "planned",
        "abandoned",
        "disused",
        "razed",
        "raceway",
        "bus_guideway",
        "platform",
        "no",
        "emergency_bay",
        "rest_area",
        "services",
    }
)
"""``highway`` values that are not travelled ways for any mode."""

DRIVE_SPEEDS_KMH: tuple[tuple[str, float], ...] = (
    ("motorway", 100.0),
    ("motorway_link", 60.0),
    ("trunk", 80.0),
    ("trunk_link", 50.0),
    ("primary", 60.0),
    ("primary_link", 40.0),
    ("secondary", 50.0),
    ("secondary_link", 40.0),
    ("tertiary", 40.0),
    ("tertiary_link", 30.0),
    ("unclassified", 30.0),
    ("residential", 30.0),
    ("road", 30.0),
    ("living_street", 10.0),
    ("service", 20.0),
    ("track", 15.0),
)
"""Default driving speeds by road class (km/h), used where ``maxspeed`` is missing."""

BIKE_DISMOUNT_HIGHWAYS: frozenset[str] = frozenset(
    {"footway", "pedestrian", "steps", "corridor", "elevator"}
)
"""Classes a cyclist walks (pushing the bicycle) unless ``bicycle=yes``."""

ACCESS_DENY: frozenset[str] = frozenset({"no", "private"})
DRIVE_ACCESS_DENY: frozenset[str] = frozenset(
    {"no", "private", "agricultural", "forestry", "emergency", "psv", "bus", "military"}
)


@dataclass(frozen=True)
class TravelMode:
    """How one kind of traveller uses the road network.

    Attributes
    ----------
    name
        Short name (``walk``, ``bike``, ...).
    speed_kmh
        Speed on every allowed way; for driving the fallback for classes not
        listed in ``class_speeds_kmh``.
    class_speeds_kmh
        ``(highway, km/h)`` pairs overriding ``speed_kmh`` per road class
        (driving). A tuple so that the mode stays hashable.
    excluded_highways
        ``highway`` values never used by this mode (in addition to
        :data:`NON_ROADS`).
    included_highways
        If not empty, only these ``highway`` values are used (an allow-list,
        as for driving); ways with no ``highway`` tag count as ``road``.
    access_keys
        Access tag columns from the most general to the most specific
        (``access``, ``vehicle``, ``motor_vehicle``, ...); on each way the
        most specific one present decides. Missing columns are skipped.
    access_deny
        Access tag values that exclude a way.
    honour_oneway
        Whether ``oneway`` (``yes``/``true``/``1``, ``-1``/``reverse``) and
        ``junction=roundabout`` restrict the direction of travel.
    oneway_override_key
        Column that lifts one-way restrictions for this mode when ``no``
        (``oneway:bicycle``); ignored when the column is absent.
    use_maxspeed
        Use the OSM ``maxspeed`` tag where present and parsable.
    dismount_highways
        Classes travelled at ``dismount_speed_kmh`` unless the mode access
        tag (the last of ``access_keys``) is ``yes``/``designated``
        (cyclists on footways). A mode tag ``dismount`` has the same effect
        on any class.
    dismount_speed_kmh
        Pace on ``dismount_highways`` (walking with the bicycle).
    access_speed_kmh
        Speed of the off-network leg from a point to its nearest road (the
        straight line to the snapped position); ``None`` means
        ``speed_kmh``.
    """

    name: str
    speed_kmh: float
    class_speeds_kmh: tuple[tuple[str, float], ...] = ()
    excluded_highways: frozenset[str] = field(default_factory=frozenset)
    included_highways: frozenset[str] = field(default_factory=frozenset)
    access_keys: tuple[str, ...] = ("access", "foot")
    access_deny: frozenset[str] = ACCESS_DENY
    honour_oneway: bool = False
    oneway_override_key: str | None = None
    use_maxspeed: bool = False
    dismount_highways: frozenset[str] = field(default_factory=frozenset)
    dismount_speed_kmh: float = 4.0
    access_speed_kmh: float | None = None

    def __post_init__(self) -> None:
        speeds = [self.speed_kmh, self.dismount_speed_kmh]
        speeds += [s for _, s in self.class_speeds_kmh]
        if self.access_speed_kmh is not None:
            speeds.append(self.access_speed_kmh)
        if not all(s > 0 and s < float("inf") for s in speeds):
            raise InputDataError(msg("msg.network.speed", mode=mode_said(self.name)))

    @property
    def access_leg_speed_kmh(self) -> float:
        """Speed used for the straight leg between a point and its road (km/h)."""
        return self.speed_kmh if self.access_speed_kmh is None else self.access_speed_kmh

    def class_speed(self, highway: str) -> float:
        """Return the default speed (km/h) on road class ``highway``."""
        return dict(self.class_speeds_kmh).get(highway, self.speed_kmh)

    def with_speed(self, speed_kmh: float) -> TravelMode:
        """Return a copy travelling at ``speed_kmh``.

        For modes with per-class speeds every class speed is scaled by the
        same factor as the fallback speed.
        """
        factor = speed_kmh / self.speed_kmh
        return replace(
            self,
            speed_kmh=float(speed_kmh),
            class_speeds_kmh=tuple((k, v * factor) for k, v in self.class_speeds_kmh),
        )


WALK = TravelMode(
    name="walk",
    speed_kmh=4.0,
    excluded_highways=frozenset({"motorway", "motorway_link", "trunk_link"}),
    access_keys=("access", "foot"),
)
WALK_STRICT = replace(WALK, name="walk_strict", speed_kmh=3.2)
BIKE = TravelMode(
    name="bike",
    speed_kmh=12.0,
    excluded_highways=frozenset({"motorway", "motorway_link", "trunk_link"}),
    access_keys=("access", "vehicle", "bicycle"),
    honour_oneway=True,
    oneway_override_key="oneway:bicycle",
    dismount_highways=BIKE_DISMOUNT_HIGHWAYS,
    dismount_speed_kmh=4.0,
)
EBIKE = replace(BIKE, name="ebike", speed_kmh=18.0)
DRIVE = TravelMode(
    name="drive",
    speed_kmh=30.0,
    class_speeds_kmh=DRIVE_SPEEDS_KMH,
    included_highways=frozenset(k for k, _ in DRIVE_SPEEDS_KMH),
    excluded_highways=frozenset({"track"}),
    access_keys=("access", "vehicle", "motor_vehicle", "motorcar"),
    access_deny=DRIVE_ACCESS_DENY,
    honour_oneway=True,
    use_maxspeed=True,
)

PRESETS: tuple[TravelMode, ...] = (WALK, WALK_STRICT, BIKE, EBIKE, DRIVE)


def mode_said(name: str) -> Said:
    """A travel mode's name for a message: its label (步行 in zh) when it has one.

    >>> from servicecircle.i18n.message import say
    >>> say(mode_said("walk"), "zh"), say(mode_said("tractor"), "zh")
    ('步行', 'tractor')
    """
    from servicecircle.i18n import keys

    key = f"mode.{name}"
    return msg(key) if key in keys("en") else name


def modes_by_name() -> dict[str, TravelMode]:
    """Return a new ``{name: TravelMode}`` dict of the preset modes."""
    return {m.name: m for m in PRESETS}


def mode_from_name(name: str) -> TravelMode:
    """Return the preset mode called ``name``.

    Raises
    ------
    InputDataError
        If no preset has that name.
    """
    modes = modes_by_name()
    try:
        return modes[name]
    except KeyError:
        unknown = msg("msg.network.unknown_mode", mode=name, modes=list(modes))
        raise InputDataError(unknown) from None
