"""The date of a study area's OpenStreetMap data, and what that date means.

The report's method chapter names the date of the map data; it is read when
the data is read, from what the data itself states:

OSM XML (:func:`xml_data_date`)
    the ``timestamp`` of the ``<osm>`` root or Overpass' ``<meta osm_base=...>``
    (basis ``"as_of"``: the data as the database held it then); else the
    newest ``timestamp`` attribute of the nodes, ways and relations (basis
    ``"newest_edit"``: the data is at least that recent); else unknown.
PBF (:func:`pbf_data_date`)
    the header block's ``osmosis_replication_timestamp`` (Geofabrik and
    osmium extracts; basis ``"as_of"``); else unknown.
Online download (:func:`downloaded_today`)
    the day of the download, UTC (basis ``"downloaded"``).
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal, get_args

from servicecircle.inputs.pbf_blocks import pbf_header_block, protobuf_fields

#: What a :class:`DataDate` says: the data as of that day, its newest edit, or its download day.
DateBasis = Literal["as_of", "newest_edit", "downloaded"]
DATE_BASES: tuple[str, ...] = get_args(DateBasis)

#: HeaderBlock field of the replication timestamp (seconds since 1970, UTC).
_REPLICATION_TIMESTAMP = 32


@dataclass(frozen=True)
class DataDate:
    """The day (ISO ``YYYY-MM-DD``, UTC) of the map data and what it means (:data:`DATE_BASES`).

    >>> DataDate("2021-06-12", "as_of")
    DataDate(day='2021-06-12', basis='as_of')
    >>> DataDate("2021-13-01", "as_of")
    Traceback (most recent call last):
    ...
    ValueError: '2021-13-01' is not a day written YYYY-MM-DD
    """

    day: str
    basis: DateBasis

    def __post_init__(self) -> None:
        try:
            parsed = date.fromisoformat(self.day)
        except ValueError:
            parsed = None
        if parsed is None or parsed.isoformat() != self.day:
            raise ValueError(f"{self.day!r} is not a day written YYYY-MM-DD")
        if self.basis not in DATE_BASES:
            raise ValueError(f"unknown date basis {self.basis!r}; use one of {DATE_BASES}")


def day_of(timestamp: str | None) -> str | None:
    """The UTC day of an OSM timestamp (``2021-06-12T07:41:41Z``), or ``None`` when not one.

    >>> day_of("2021-06-12T23:41:41+08:00"), day_of("soon")
    ('2021-06-12', None)
    """
    if not timestamp:
        return None
    try:
        moment = datetime.fromisoformat(timestamp.strip())
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.date().isoformat()


def xml_data_date(path: Path) -> DataDate | None:
    """The date a plain OSM XML file states (module docstring), or ``None``.

    Stops at the first node when the root or ``<meta>`` states the date; else
    reads every element's ``timestamp`` (one element in memory at a time). A
    damaged file gives what was read before the damage.
    """
    newest: str | None = None
    with path.open("rb") as handle:
        try:
            # expat >= 2.4.1, no external entities (see servicecircle.inputs.osm_xml)
            parse = ET.iterparse(handle, events=("start", "end"))  # noqa: S314
            root: ET.Element | None = None
            for event, element in parse:
                root = element if root is None else root
                if event == "end":
                    root.clear()  # the elements read so far, so memory stays flat
                    continue
                if element.tag in ("osm", "meta"):
                    stated = day_of(element.get("timestamp") or element.get("osm_base"))
                    if stated is not None:
                        return DataDate(stated, "as_of")
                elif element.tag in ("node", "way", "relation"):
                    day = day_of(element.get("timestamp"))
                    newest = day if day is not None and (newest is None or day > newest) else newest
        except ET.ParseError:
            pass  # the full read reports a damaged file with its own message
    return DataDate(newest, "newest_edit") if newest is not None else None


def pbf_data_date(path: Path) -> DataDate | None:
    """The replication timestamp of a PBF file's header (module docstring), or ``None``.

    Reads only the first block. Call after
    :func:`servicecircle.inputs.osm_pbf.check_pbf`, which vouches for its size.
    """
    try:
        block = pbf_header_block(path)
        stamp = protobuf_fields(block).get(_REPLICATION_TIMESTAMP) if block is not None else None
    except (OSError, ValueError, struct.error, zlib.error):
        return None
    if not isinstance(stamp, int) or stamp <= 0:
        return None
    try:
        moment = datetime.fromtimestamp(stamp, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return DataDate(moment.date().isoformat(), "as_of")


def downloaded_today(now: datetime | None = None) -> DataDate:
    """Today's date (UTC), as the date of data downloaded now.

    >>> downloaded_today(datetime(2026, 11, 28, 1, 0, tzinfo=UTC))
    DataDate(day='2026-11-28', basis='downloaded')
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return DataDate(moment.date().isoformat(), "downloaded")
