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
