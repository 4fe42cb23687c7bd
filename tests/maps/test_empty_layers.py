"""An empty point layer with a tooltip draws (the outlets map of a fully covered area)."""

from __future__ import annotations

import folium
import geopandas as gpd
import shapely

from servicecircle.maps.web.layers import points_layer


def _rendered(frame: gpd.GeoDataFrame) -> str:
    m = folium.Map(location=[32.0, 118.8], zoom_start=14)
    points_layer(frame, name="uncovered", tooltip={"people": "people"}).group.add_to(m)
    return m.get_root().render()


def test_an_empty_layer_with_a_tooltip_renders() -> None:
    full = gpd.GeoDataFrame({"people": [12.0]}, geometry=[shapely.Point(118.8, 32.0)], crs=4326)
    assert '"t0"' in _rendered(full)  # the tooltip's field
    # folium refused an empty layer's tooltip: "The field t0 is not available in the data"
    assert '"t0"' not in _rendered(full.iloc[:0])
