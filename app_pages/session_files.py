"""One private temporary folder per browser session, removed when the session ends.

Every file the app writes for a session (uploads handed to the readers,
analysis outputs for reports and scenarios, exports being built) lives in the
session's :class:`SessionFolder`. The folder object is kept in the session
state: when Streamlit drops a session (the browser closed and the reconnection
time passed), its state is garbage-collected and the folder is removed with it.
Folders left by a server process that was killed are removed by the next
session that starts (:func:`remove_orphans`), never those of a running process.

This module does not import Streamlit; :func:`app_pages._state.session_folder`
keeps the folder in ``st.session_state``.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import weakref
from pathlib import Path

from servicecircle._io import pid_alive

logger = logging.getLogger(__name__)

PREFIX = "servicecircle-session-"
"""Start of every session folder's name; the server process id follows."""

_NAME = re.compile(rf"^{re.escape(PREFIX)}(\d+)-")


class SessionFolder:
    """A temporary folder removed when this object is garbage-collected or removed.

    Parameters
    ----------
    root
        Where to create it; default the system's temporary folder.

    Attributes
    ----------
    path
        The folder (``<root>/servicecircle-session-<pid>-<random>``).
    """

    def __init__(self, root: str | Path | None = None) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=root))
        self._finalizer = weakref.finalize(self, _remove, str(self.path))

    @property
    def alive(self) -> bool:
        """True while the folder exists and has not been removed."""
        return self._finalizer.alive and self.path.is_dir()

    def remove(self) -> None:
        """Remove the folder and everything in it now."""
        self._finalizer()


def _remove(folder: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    logger.debug("removed session folder %s", folder)


def remove_orphans(root: str | Path | None = None) -> list[Path]:
    """Remove session folders whose server process no longer runs; return them.

    Parameters
    ----------
    root
        Where session folders are created; default the system's temporary folder.
    """
    removed = []
    base = Path(root) if root is not None else Path(tempfile.gettempdir())
    for folder in base.glob(f"{PREFIX}*"):
        match = _NAME.match(folder.name)
        if match is None or not folder.is_dir():
            continue
        pid = int(match.group(1))
        if pid != os.getpid() and not pid_alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
            logger.info("removed %s left by a server that stopped", folder.name)
    return removed


__all__ = ["PREFIX", "SessionFolder", "remove_orphans"]
