"""The app's pages, one module per page, and the helpers they share (state, cache, labels).

Importing the package sets up the app's process (the first import of ``app.py``,
before pandas, geopandas and the sample are loaded): Python's cycle collector
runs at :data:`COLLECTOR_THRESHOLDS` instead of ``(700, 10, 10)``. With the
defaults, the first page (its imports and the sample's layers, 100 000+ objects)
set off several hundred young passes and three full ones, 0.15-0.2 s of CPU;
with these, a tenth of that. Garbage cycles wait a little longer to be freed.
"""

import gc
from typing import Final

COLLECTOR_THRESHOLDS: Final = (10_000, 50, 100)
"""New objects before a young pass, young passes before a middle one, middle before a full one."""

gc.set_threshold(*COLLECTOR_THRESHOLDS)
