"""The one progress protocol of the library: ``progress(fraction, message)``.

Long work (reading OSM, travel times, isochrones, siting, the report) takes an
optional ``progress`` callable and calls it with the share done (0 to 1) and a
short message naming the step. The CLI passes a tqdm bar, the app a
``st.progress`` bar; the library never draws anything itself.

>>> seen = []
>>> report = scaled(lambda fraction, message: seen.append((fraction, message)), 0.5, 1.0)
>>> report(0.5, "travel times")
>>> seen
[(0.75, 'travel times')]
>>> null_progress(0.3, "ignored") is None
True
"""

from __future__ import annotations

from collections.abc import Callable

from servicecircle.i18n.message import Message

Said = str | Message
"""Words for a planner: a :class:`~servicecircle.i18n.message.Message`, or text."""

Progress = Callable[[float, Said], None]
"""A callable taking the share done (0 to 1) and a message naming the step."""


def null_progress(fraction: float, message: Said) -> None:
    """Progress that goes nowhere (the default when a caller passes none)."""


def scaled(progress: Progress | None, start: float, end: float) -> Progress:
    """``progress`` for a sub-step that spans ``start`` to ``end`` of the whole.

    Parameters
    ----------
    progress
        The whole task's progress, or ``None`` (then nothing is reported).
    start, end
        The share of the whole done when the sub-step begins and ends.

    Returns
    -------
    Progress
        A callable mapping the sub-step's own 0 to 1 onto ``start`` to ``end``.
    """
    if progress is None:
        return null_progress
    outer = progress

    def report(fraction: float, message: Said) -> None:
        outer(start + (end - start) * fraction, message)

    return report
