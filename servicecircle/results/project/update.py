"""Change a project file that others may change too: load, change and save under its lock.

Two processes that each load a project, add a scenario and save it would
otherwise both write what they loaded plus their own scenario, and the second
save would drop the first one's scenario. :func:`update_project` holds the
project's lock from before the load until after the save, so such writers
queue and each sees the other's work.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from servicecircle._progress import Progress
from servicecircle.results.project.foreign import refuse_to_replace
from servicecircle.results.project.lock import LOCK_TIMEOUT_S, project_lock
from servicecircle.results.project.model import Project, Scenario
from servicecircle.results.project.reading import load_project
from servicecircle.results.project.writing import check_target, write_project

#: ``change(project)``: the project as it is in the file (``None`` when there is no
#: file yet) -> the project to save.
Change = Callable[[Project | None], Project]


def update_project(
    path: str | os.PathLike[str],
    change: Change,
    *,
    timeout: float = LOCK_TIMEOUT_S,
    progress: Progress | None = None,
) -> Project:
    """Load the project at ``path``, apply ``change`` and save the result, under its lock.

    Parameters
    ----------
    path
        The project file; created when it does not exist (or is empty).
    change
        Called with the project as it is in the file (``None`` when there is
        no file yet) once the lock is held; returns the project to save. Keep
        it short: other saves of the file wait meanwhile.
    timeout
        Seconds to wait for another save of the same file to finish.
    progress
        Optional callback ``(fraction, message)`` called once per table.

    Returns
    -------
    Project
        What was saved.

    Raises
    ------
    InputDataError
        When ``path`` is a file that is not a servicecircle project or a
        damaged one (it is left unchanged), or the folder does not exist.
    OutputError
        When the file cannot be written (full disk, read-only or protected
        folder) or another save did not finish within ``timeout`` seconds; the
        previous file is unchanged.
    """
    target = check_target(path)
    with project_lock(target, timeout=timeout):
        refuse_to_replace(target)
        current = load_project(target) if target.is_file() and target.stat().st_size else None
        project = change(current)
        write_project(project, target, progress=progress)
    return project


def add_scenario(
    path: str | os.PathLike[str],
    scenario: Scenario,
    *,
    new_project: Callable[[], Project] | Project,
    timeout: float = LOCK_TIMEOUT_S,
) -> Project:
    """Add ``scenario`` to the project file at ``path`` (replacing one of the same name).

    Parameters
    ----------
    path
        The project file; created from ``new_project`` when it does not exist.
    scenario
        The scenario to add.
    new_project
        The project to start from when there is no file yet (or a function
        that makes it, called only then).
    timeout
        Seconds to wait for another save of the same file to finish.

    Returns
    -------
    Project
        What was saved.

    Raises
    ------
    InputDataError, OutputError
        See :func:`update_project`.
    """

    def add(current: Project | None) -> Project:
        if current is None:
            current = new_project if isinstance(new_project, Project) else new_project()
        return current.with_scenario(scenario)

    return update_project(path, add, timeout=timeout)


__all__ = ["Change", "add_scenario", "update_project"]
