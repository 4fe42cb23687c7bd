"""Planners' own files (CSV, GeoJSON, GeoPackage, Shapefile) read into WGS-84 layers.

- :mod:`.read`: :func:`~.read.read_layer`, :func:`~.read.list_layers`,
  :class:`~.read.LoadedLayer`: the entry points;
- :mod:`.tabular` and :mod:`.columns`: CSV/TXT decoding, delimiter, and the
  coordinate and WKT columns;
- :mod:`.vector`: GeoJSON and GeoPackage through pyogrio;
- :mod:`.archive`: safe zip unpacking and shapefiles;
- :mod:`.checks`: degree range, swapped axes, study-area distance, repair;
- :mod:`.raw`: the layer as read before the checks, and how features are named
  in messages (:func:`~.raw.describe_rows`).
"""
