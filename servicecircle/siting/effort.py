"""How long a covering search may go on: a deadline in seconds, or a count of work units.

With a work limit (:attr:`~servicecircle.siting.options.SolveOptions.work_limit`)
no phase looks at the clock: every phase gets a share of the units and counts
what it did, so the same input and seed give the same plan and bound on a
busy and on an idle machine. One unit is about one pass over the reduced
coverage matrix: a Lagrangian step, a swap of the local search, or a
branch-and-bound node of HiGHS on a kernel whose matrix is that large.
Calibration (maximal covering at 50,000 x 5,000, p = 50): a smoothed-LP
step counts one unit and takes 10-12 ms of CPU, ten tabu moves count one
(0.8-1.2 ms each), the band LP counts 150 (0.6-1.4 s); with the reduction
and the greedy, which are not counted, 700 units take 6.9-8.2 s of CPU,
about 90 units a CPU second.

>>> effort = Effort(float("inf"), units=100)
>>> effort.share(0.25), effort.left
(25, 75)
>>> Effort(1.0).share(0.25) is None
True
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

__all__ = ["Effort", "effort_from"]


@dataclass(eq=False)
class Effort:
    """A deadline (``time.perf_counter()`` value), and work units when counted.

    Attributes
    ----------
    deadline
        When to stop; infinite when the work is counted.
    units
        Work units for the whole search, or ``None`` when only the deadline counts.
    used
        Units spent so far.
    """

    deadline: float
    units: int | None = None
    used: int = 0

    @property
    def counted(self) -> bool:
        """Whether the work is counted (the result does not depend on the machine's load)."""
        return self.units is not None

    @property
    def left(self) -> int:
        """Units not yet spent (a very large number when the work is not counted)."""
        return 2**62 if self.units is None else max(self.units - self.used, 0)

    def seconds_left(self) -> float:
        """Seconds until the deadline (infinite when the work is counted)."""
        return self.deadline - time.perf_counter()

    def share(self, fraction: float) -> int | None:
        """Reserve ``fraction`` of the units left (at least one); ``None`` when not counted."""
        if self.units is None:
            return None
        n = max(1, math.floor(fraction * self.left))
        self.used += n
        return n

    def spend(self, n: int) -> None:
        """Count ``n`` units as spent."""
        self.used += int(n)

    def refund(self, n: int) -> None:
        """Give back ``n`` reserved units that were not used."""
        self.used -= int(n)


def effort_from(start: float, time_limit: float, work_limit: int | None) -> Effort:
    """The effort of a search started at ``start``: the clock, or ``work_limit`` units."""
    if work_limit is None:
        return Effort(start + float(time_limit))
    return Effort(math.inf, units=int(work_limit))
