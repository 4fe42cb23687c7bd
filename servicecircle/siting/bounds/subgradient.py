"""The step-size rule shared by the Lagrangian bounds' subgradient searches."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["StepSize"]


@dataclass(eq=False)
class StepSize:
    """Scale ``theta`` of a Polyak step, halved after ``patience`` steps without progress.

    >>> step = StepSize(theta=2.0, patience=2)
    >>> step.update(improved=False); step.update(improved=False); step.theta
    1.0
    """

    theta: float
    patience: int
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
