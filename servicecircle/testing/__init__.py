"""Test support shipped with the library (as ``pandas.testing`` is).

- :mod:`.synthetic`: study areas built in code (street grids, buildings,
  land use, boundaries) with exact or random geometry;
- :mod:`.reference`: a slow, plain networkx model of the reach computation,
  the oracle the fast kernels are checked against.

Nothing in the pipeline imports this package.
"""
