"""servicecircle: plan 15-minute employment service circles on the real road network.

The library never imports streamlit. Data flows one way:
sources -> network -> demand -> reach -> isochrones -> analysis -> siting ->
project -> maps/report/export -> cli.
"""

from __future__ import annotations

__version__ = "0.1.0"
