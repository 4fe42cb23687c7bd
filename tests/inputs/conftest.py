"""Fixtures shared by the study-area source tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def osmnx_against(monkeypatch):
    """Point osmnx at a local URL, with no cache and no rate-limit probing."""
    import osmnx as ox

    def configure(base_url: str) -> None:
        monkeypatch.setattr(ox.settings, "overpass_url", f"{base_url}/api")
        monkeypatch.setattr(ox.settings, "nominatim_url", f"{base_url}/nominatim")
        monkeypatch.setattr(ox.settings, "use_cache", False)
        monkeypatch.setattr(ox.settings, "overpass_rate_limit", False)
        monkeypatch.setattr(ox.settings, "requests_timeout", 20)

    return configure
