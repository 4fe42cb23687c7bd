"""A local stand-in for Overpass and Nominatim that replays responses recorded from an OSM file.

The recorded responses are built from ``tests/data/vaduz.osm`` in the JSON
layout Overpass returns, and served over real HTTP on 127.0.0.1, so osmnx's
whole online code path (query building, HTTP, JSON parsing) runs unchanged.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


def overpass_json_from_xml(path: Path) -> dict[str, Any]:
    """Return the elements of an OSM XML file in Overpass JSON layout."""
    elements: list[dict[str, Any]] = []
    for element in ET.parse(path).getroot():
        tags = {t.get("k"): t.get("v") for t in element.iter("tag")}
        item: dict[str, Any] = {"type": element.tag, "id": int(element.get("id", 0))}
        if element.tag == "node":
            item.update(lat=float(element.get("lat", 0)), lon=float(element.get("lon", 0)))
        elif element.tag == "way":
            item["nodes"] = [int(nd.get("ref", 0)) for nd in element.iter("nd")]
        elif element.tag == "relation":
            item["members"] = [
                {"type": m.get("type"), "ref": int(m.get("ref", 0)), "role": m.get("role", "")}
                for m in element.iter("member")
            ]
        else:
            continue
        if tags:
            item["tags"] = tags
        elements.append(item)
    return {"version": 0.6, "generator": "replay", "elements": elements}


def _roads_only(response: dict[str, Any]) -> dict[str, Any]:
    ways = [
        e for e in response["elements"] if e["type"] == "way" and "highway" in e.get("tags", {})
    ]
    used = {n for w in ways for n in w["nodes"]}
    nodes = [e for e in response["elements"] if e["type"] == "node" and e["id"] in used]
    return {**response, "elements": nodes + ways}


@contextmanager
def replay_server(osm_xml: Path, place: dict[str, Any] | None = None) -> Iterator[str]:
    """Serve recorded Overpass/Nominatim responses; yield the base URL.

    ``POST /api/interpreter`` answers road queries (those filtering on
    ``highway``) with the roads and everything else with all elements;
    ``GET /nominatim/search`` answers with ``place`` (a Nominatim result).
    """
    everything = overpass_json_from_xml(osm_xml)
    roads = _roads_only(everything)
    queries: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, payload: Any) -> None:
            body = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            query = form.get("data", [""])[0]
            queries.append(query)
            self._send(roads if '["highway"]' in query else everything)

        def do_GET(self) -> None:  # noqa: N802
            if self.path.startswith("/nominatim/search"):
                self._send([place] if place else [])
            else:
                self.send_response(404)
                self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
