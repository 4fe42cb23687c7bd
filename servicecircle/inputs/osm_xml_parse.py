"""One streamed pass over an OSM XML file into osmnx's Overpass-like elements.

osmnx reads an XML file twice per call (a whole-tree parse to look at the
root, then a SAX pass with a Python handler per element), and the study area
needs two calls (the roads, the features), on top of a pass writing the
roads to their own file. Here expat reads the file once, a block at a time,
and fills the same structure osmnx's ``_OSMContentHandler`` builds
(``{"elements": [{"type": "node", "id": 1, "lat": .., "lon": .., "tags": {..}}, ..]}``,
the ``id``, ``changeset``, ``uid`` and ``version`` attributes as integers, ``lat``
and ``lon`` as floats); :func:`roads_elements` takes from it what the roads
graph reads.

>>> import tempfile
>>> from pathlib import Path
>>> text = (
...     '<osm version="0.6"><node id="2" lat="1.5" lon="2"><tag k="a" v="b"/></node>'
...     '<way id="9"><nd ref="2"/><tag k="highway" v="path"/></way></osm>'
... )
>>> with tempfile.TemporaryDirectory() as folder:
...     path = Path(folder) / "a.osm"
...     _ = path.write_text(text)
...     read = overpass_elements(path)
>>> read["elements"][0]
{'type': 'node', 'tags': {'a': 'b'}, 'id': 2, 'lat': 1.5, 'lon': 2.0}
>>> read["elements"][1]
{'type': 'way', 'tags': {'highway': 'path'}, 'id': 9, 'nodes': [2]}
"""

from __future__ import annotations

import pyexpat
from pathlib import Path
from typing import Any

#: Root attributes osmnx keeps (``osmnx._osm_xml.ROOT_ATTR_DEFAULTS``'s keys).
_ROOT_KEYS = ("version", "generator", "copyright", "attribution", "license")
_INTEGERS = ("changeset", "id", "uid", "version")
_FLOATS = ("lat", "lon")
#: Bytes handed to expat at a time.
_BLOCK = 1 << 20


class _Outside:
    """Where a ``tag``, ``nd`` or ``member`` outside an element that holds them would go.

    It raises the ``KeyError`` looking the list up in the element would raise
    (an ``nd`` in a node: ``KeyError('nodes')``).
    """

    def __init__(self, key: str) -> None:
        self.key = key

    def __setitem__(self, key: str, value: str) -> None:
        raise KeyError(self.key)

    def append(self, _value: Any) -> None:
        """Refuse the value: the current element has no such list."""
        raise KeyError(self.key)


_NO_TAGS, _NO_NODES, _NO_MEMBERS = _Outside("tags"), _Outside("nodes"), _Outside("members")


class _Elements:
    """The expat start-element handler building the Overpass-like structure."""

    def __init__(self) -> None:
        self.read: dict[str, Any] = {"elements": []}
        self.elements: list[dict[str, Any]] = self.read["elements"]
        self.current: dict[str, Any] = {}
        # the current element's tags, node list and members (looked up once per element)
        self.tags: Any = _NO_TAGS
        self.nodes: Any = _NO_NODES
        self.members: Any = _NO_MEMBERS

    def start(self, name: str, attrs: dict[str, str]) -> None:
        """One element's start tag: a new node/way/relation, or a part of the current one."""
        if name == "tag":
            self.tags[attrs["k"]] = attrs["v"]
        elif name == "nd":
            self.nodes.append(int(attrs["ref"]))
        elif name == "node" or name == "way":  # noqa: PLR1714  (two compares: the hot path)
            element: dict[str, Any] = {"type": name, "tags": {}, **attrs}
            self.nodes, self.members = _NO_NODES, _NO_MEMBERS
            if name == "way":
                self.nodes = element["nodes"] = []
            for key in _FLOATS:
                if key in attrs:
                    element[key] = float(attrs[key])
            self._numbered(element, attrs)
        elif name == "relation":
            element = {"type": name, "tags": {}, "members": [], **attrs}
            self.nodes, self.members = _NO_NODES, element["members"]
            self._numbered(element, attrs)
        elif name == "member":
            member = {k: (int(v) if k == "ref" else v) for k, v in attrs.items()}
            self.members.append(member)
        elif name == "osm":
            self.read.update({k: v for k, v in attrs.items() if k in _ROOT_KEYS})

    def _numbered(self, element: dict[str, Any], attrs: dict[str, str]) -> None:
        """Turn ``element``'s integer attributes to numbers and make it the current element."""
        for key in _INTEGERS:
            if key in attrs:
                element[key] = int(attrs[key])
        self.current = element
        self.tags = element["tags"]
        self.elements.append(element)


def overpass_elements(path: Path) -> dict[str, Any]:
    """Read the plain OSM XML file ``path`` as osmnx's Overpass-like JSON, in one pass.

    Every node must have ``id``, ``lat`` and ``lon``, every way's ``nd`` a
    ``ref``, every ``tag`` a ``k`` and ``v``.

    Raises
    ------
    pyexpat.ExpatError
        When the XML is not well formed.
    KeyError, ValueError
        When an element lacks one of the attributes above, or a number is not one.
    """
    handler = _Elements()
    parser = pyexpat.ParserCreate()
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = handler.start
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            parser.Parse(block, False)
        parser.Parse(b"", True)
    return handler.read


def roads_elements(read: dict[str, Any]) -> dict[str, Any]:
    """The part of :func:`overpass_elements`' result that makes the road graph.

    The ways tagged ``highway`` (in file order) after the nodes they use
    (by id, each with its position only, the last of a repeated id), as
    ``graph_from_xml`` would read a copy of the file holding only those
    (it turns *every* way, buildings included, into edges).
    """
    ways = [e for e in read["elements"] if e["type"] == "way" and "highway" in e["tags"]]
    used = {ref for way in ways for ref in way["nodes"]}
    positions = {
        e["id"]: (e["lat"], e["lon"])
        for e in read["elements"]
        if e["type"] == "node" and e["id"] in used
    }
    nodes = [
        {"type": "node", "tags": {}, "id": node, "lat": lat, "lon": lon}
        for node, (lat, lon) in sorted(positions.items())
    ]
    return {"elements": [*nodes, *ways]}
