"""Named errors whose messages say what was wrong and what to do.

Each subclasses a built-in so callers that only know the built-in still catch
it. Messages are written for planners, not programmers.
"""

from __future__ import annotations


class InputDataError(ValueError):
    """A planner's file or value cannot be used as it is."""


class CRSMismatchError(ValueError):
    """Two layers are in different coordinate systems where one is required."""


class OfflineError(ConnectionError):
    """An online source (Overpass, Nominatim) could not be reached."""


class InfeasibleRequestError(ValueError):
    """A siting or coverage request cannot be met; the message gives the best achievable."""


class ResourceLimitError(InputDataError):
    """An input is larger than the server's limits allow; the message names the limit."""


class OutputError(OSError):
    """Results cannot be written where asked (folder missing, read-only or full)."""


def error_detail(error: BaseException, *, limit: int = 200) -> str:
    """What ``error`` says, in one line of at most ``limit`` characters (its type if nothing).

    For quoting a library's error (GDAL's, the operating system's) inside a
    planner's message.
    """
    said = str(error).strip()
    return said.splitlines()[0][:limit] if said else type(error).__name__


#: Errors a planner can cause and mend: shown as their message, never as a traceback.
PLANNER_ERRORS: tuple[type[Exception], ...] = (
    InputDataError,
    CRSMismatchError,
    OfflineError,
    InfeasibleRequestError,
    OutputError,
)
