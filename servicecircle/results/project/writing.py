"""Save a project to one GeoPackage: atomically, under a lock, never over a stranger's file.

:func:`save_project` writes the whole project under a temporary name next to
the target, flushes it to disk and moves it over the target with
:func:`os.replace` (:func:`servicecircle._io.atomic_path`), so a failure or a
killed process leaves the previous file intact (the next save removes what a
killed one left behind). It holds the project's lock
(:func:`~servicecircle.results.project.lock.project_lock`) meanwhile, refuses to
replace a file that is not a servicecircle project
(:func:`~servicecircle.results.project.foreign.refuse_to_replace`), and turns a full
disk or a read-only folder into an :class:`~servicecircle.errors.OutputError`
that says so.
"""

from __future__ import annotations

import errno
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from servicecircle._io import atomic_path, output_error
from servicecircle._progress import Progress, null_progress
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg
from servicecircle.inputs import gdal_guard  # noqa: F401 - locks GDAL down before pyogrio is used
from servicecircle.results.gpkg_version import creation_options
from servicecircle.results.project.encoding import (
    FORMAT_NAME,
    FORMAT_VERSION,
    META_TABLE,
    SCENARIO_TABLE,
    encode_frame,
    safe_table_name,
)
from servicecircle.results.project.foreign import refuse_to_replace
from servicecircle.results.project.lock import LOCK_TIMEOUT_S, SAVE_ACTION, project_lock
from servicecircle.results.project.model import Project

logger = logging.getLogger(__name__)


def save_project(
    project: Project,
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    timeout: float = LOCK_TIMEOUT_S,
) -> Path:
    """Write ``project`` to one GeoPackage, atomically.

    The file is written under a temporary name in the same folder, flushed to
    disk, then moved over ``path``. If anything fails (or the process is
    killed) before the move, the previous file at ``path`` is left untouched;
    the next save removes what a killed save left behind. Another save of the
    same file waits until this one is done (see
    :func:`~servicecircle.results.project.update_project` to add to a project that
    others may change meanwhile).

    Parameters
    ----------
    project
        The project to save.
    path
        Target ``.gpkg`` file; its folder must exist. An existing file is
        replaced only when it is a servicecircle project (or empty).
    progress
        Optional callback ``(fraction, message)`` called once per table.
    timeout
        Seconds to wait for another save of the same file to finish.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    InputDataError
        When the folder does not exist, or ``path`` is a file that is not a
        servicecircle project (it is left unchanged).
    OutputError
        When the file cannot be written (full disk, read-only or protected
        folder, another save that does not finish); the previous file is
        unchanged.
    """
    target = check_target(path)
    with project_lock(target, timeout=timeout):
        refuse_to_replace(target)
        write_project(project, target, progress=progress)
    return target


def check_target(path: str | os.PathLike[str]) -> Path:
    """``path`` as a :class:`Path`, once its folder is known to exist and take files.

    Raises
    ------
    InputDataError
        When the folder does not exist.
    OutputError
        When the folder is read-only or not writable for this user.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise InputDataError(
            msg("msg.results.project.no_folder", target=str(target), folder=str(target.parent))
        )
    if not os.access(target.parent, os.W_OK):
        code = errno.EACCES if _writable_disk(target.parent) else errno.EROFS
        refused = OSError(code, os.strerror(code), str(target.parent))
        raise output_error(refused, target, action=SAVE_ACTION, keeps_previous=True)
    return target


def _writable_disk(folder: Path) -> bool:
    """False when ``folder`` lies on a file system mounted read-only."""
    try:
        return not (os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return True


def write_project(project: Project, target: Path, *, progress: Progress | None = None) -> None:
    """Write ``project`` over ``target`` atomically; the caller holds the project's lock.

    See :func:`~servicecircle._io.atomic_path`: the file is written under a
    temporary name beside ``target`` and moved over it at the end; a failed
    save is an :class:`~servicecircle.errors.OutputError` saying why, and that
    the previous file is unchanged.
    """
    jobs = _plan_tables(project)
    with atomic_path(target, suffix=".gpkg", action=SAVE_ACTION) as temporary:
        _write_tables(temporary, project, jobs, progress=progress)
    logger.info(
        "saved project %r: %d layers, %d scenarios, %d tables in %s",
        project.name,
        len(project.layers),
        len(project.scenarios),
        len(jobs),
        target,
    )


@dataclass(frozen=True)
class _Job:
    table: str
    frame: pd.DataFrame
    scope: str  # "project" or the scenario's position (as text)
    kind: str  # "layer" or "table"
    name: str
    identifier: str


def _plan_tables(project: Project) -> list[_Job]:
    taken = {META_TABLE, SCENARIO_TABLE}
    jobs = [
        _Job(safe_table_name(name, taken), frame, "project", "layer", name, name)
        for name, frame in project.layers.items()
    ]
    for i, scenario in enumerate(project.scenarios, start=1):
        for kind, frames in (("layer", scenario.layers), ("table", scenario.tables)):
            for name, frame in frames.items():
                table = safe_table_name(f"s{i:02d}_{name}", taken)
                jobs.append(_Job(table, frame, str(i - 1), kind, name, f"{scenario.name} · {name}"))
    return jobs


def _write_tables(
    tmp: Path, project: Project, jobs: list[_Job], *, progress: Progress | None
) -> None:
    report = progress or null_progress
    metas: list[dict[str, Any]] = []
    total = len(jobs) + 2
    for step, job in enumerate(jobs):
        report(step / total, msg("msg.results.project.saving", name=job.identifier))
        metas.append(_write_job(tmp, job))
    report(len(jobs) / total, msg("msg.results.project.saving_scenarios"))
    scen = pd.DataFrame(
        {
            "name": [s.name for s in project.scenarios],
            "parameters": [json.dumps(s.parameters, ensure_ascii=False) for s in project.scenarios],
            "layers": [", ".join(s.layers) for s in project.scenarios],
            "tables": [", ".join(s.tables) for s in project.scenarios],
        }
    ).astype(object)
    pyogrio.write_dataframe(
        scen,
        tmp,
        driver="GPKG",
        layer=SCENARIO_TABLE,
        layer_options={"IDENTIFIER": "scenarios"},
        **creation_options(tmp),  # GeoPackage 1.2 when a project has no layer to write first
    )
    report((len(jobs) + 1) / total, msg("msg.results.project.saving_settings"))
    _write_meta(tmp, project, metas)
    report(1.0, msg("msg.results.project.written"))


def _write_job(tmp: Path, job: _Job) -> dict[str, Any]:
    """Write one layer or table of the project; return what restores it exactly."""
    out, meta = encode_frame(job.frame, table=job.table)
    meta.update(scope=job.scope, kind=job.kind, name=job.name)
    meta["order"] = list(job.frame.columns)
    options = {"IDENTIFIER": job.identifier, "DESCRIPTION": f"servicecircle {job.kind}"}
    kwargs: dict[str, Any] = {"driver": "GPKG", "layer": job.table, "layer_options": options}
    kwargs.update(creation_options(tmp))  # GeoPackage 1.2: GDAL 3.6 opens it quietly
    if isinstance(out, gpd.GeoDataFrame):
        kwargs["promote_to_multi"] = False
        types = set(out.geom_type.dropna())
        kwargs["geometry_type"] = types.pop() if len(types) == 1 else "Unknown"
    pyogrio.write_dataframe(out, tmp, **kwargs)
    return meta


def _write_meta(tmp: Path, project: Project, metas: list[dict[str, Any]]) -> None:
    """Write ``sc_project``: format, settings, scenarios and how to restore every table."""
    meta_rows = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "name": project.name,
        "settings": project.settings,
        "scenarios": [
            {"name": s.name, "parameters": s.parameters, "summary": s.summary}
            for s in project.scenarios
        ],
        "tables": metas,
    }
    table = pd.DataFrame(
        {
            "key": list(meta_rows),
            "value": [json.dumps(v, ensure_ascii=False) for v in meta_rows.values()],
        }
    ).astype(object)
    pyogrio.write_dataframe(
        table,
        tmp,
        driver="GPKG",
        layer=META_TABLE,
        layer_options={"IDENTIFIER": "servicecircle project"},
    )
