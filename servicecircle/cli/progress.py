"""Progress bars of the command line: a tqdm bar on stderr behind the library's Progress."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm

from servicecircle._progress import Progress, Said
from servicecircle.cli.language import said


@contextmanager
def progress_bar(description: Said, *, enabled: bool = True) -> Iterator[Progress]:
    """Yield a ``(fraction, message)`` callback drawing a tqdm bar on stderr.

    Parameters
    ----------
    description
        The bar's title, e.g. ``"coverage"``.
    enabled
        False draws nothing (``--quiet``).
    """
    bar = tqdm(
        total=100,
        desc=said(description),
        unit="%",
        disable=not enabled,
        leave=False,
        bar_format="{desc}: {percentage:3.0f}%|{bar}| {postfix}",
    )

    def update(fraction: float, message: Said) -> None:
        bar.n = round(100 * min(max(fraction, 0.0), 1.0))
        bar.set_postfix_str(said(message), refresh=False)
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()
