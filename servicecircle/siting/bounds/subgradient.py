"""The step-size rule shared by the Lagrangian bounds' subgradient searches."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

__all__ = ["StepSize", "open_mask"]


@dataclass(eq=False)
class StepSize:
    """Scale ``theta`` of a Polyak step, halved after ``patience`` steps without progress.

    The search ends once the bound meets the incumbent, ``theta`` falls below
    ``min_theta`` or the deadline passes (:meth:`exhausted`).

    >>> step = StepSize(theta=2.0, patience=2)
    >>> step.update(improved=False); step.update(improved=False); step.theta
    1.0
    """

    theta: float
    patience: int
    min_theta: float = 1e-5
    stall: int = 0

    def update(self, *, improved: bool) -> None:
        """Count a step that did or did not improve the bound."""
        if improved:
            self.stall = 0
            return
        self.stall += 1
        if self.stall >= self.patience:
            self.theta *= 0.5
            self.stall = 0

    def exhausted(self, *, gap_closed: bool, deadline: float) -> bool:
        """Whether to stop: the gap is closed, the step too small or the time up."""
        return gap_closed or self.theta < self.min_theta or time.perf_counter() > deadline


def open_mask(n: int, *rows: np.ndarray) -> np.ndarray:
    """Boolean mask over ``n`` rows, true on every row listed."""
    mask = np.zeros(n, dtype=bool)
    for r in rows:
        mask[r] = True
    return mask
