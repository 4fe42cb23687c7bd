"""Save a project to one GeoPackage: atomically, under a lock, never over a stranger's file.

:func:`save_project` writes the whole project under a temporary name next to
the target, flushes it to disk and moves it over the target with
:func:`os.replace`, so a failure or a killed process leaves the previous file
intact (the next save removes what a killed one left behind). It holds the
project's lock (:func:`~servicecircle.project.lock.project_lock`) meanwhile,
refuses to replace a file that is not a servicecircle project
(:func:`~servicecircle.project.foreign.refuse_to_replace`), and turns a full
disk or a read-only folder into an :class:`~servicecircle.errors.OutputError`
that says so.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from servicecircle._io import fsync_dir, glob_escape, pid_alive
from servicecircle.errors import InputDataError
from servicecircle.project.encoding import (
    FORMAT_NAME,
    FORMAT_VERSION,
    META_TABLE,
    SCENARIO_TABLE,
    encode_frame,
    safe_table_name,
)
from servicecircle.project.foreign import refuse_to_replace
from servicecircle.project.lock import LOCK_TIMEOUT_S, project_lock
from servicecircle.project.model import Project
from servicecircle.project.save_errors import WRITE_FAILURES, failure_kind, save_failure
from servicecircle.sources import gdal_guard  # noqa: F401 - locks GDAL down before pyogrio is used

logger = logging.getLogger(__name__)

#: ``progress(fraction, message)``, called once per table while saving.
Progress = Callable[[float, str], None]


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
    :func:`~servicecircle.project.update_project` to add to a project that
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
            f"Cannot save the project to {target}: the folder {target.parent} does not exist. "
            "Create it or choose another place."
        )
    if not os.access(target.parent, os.W_OK):
        code = errno.EACCES if _writable_disk(target.parent) else errno.EROFS
        raise save_failure(OSError(code, os.strerror(code), str(target.parent)), target)
    return target


def _writable_disk(folder: Path) -> bool:
    """False when ``folder`` lies on a file system mounted read-only."""
    try:
        return not (os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return True


def write_project(project: Project, target: Path, *, progress: Progress | None = None) -> None:
    """Write ``project`` over ``target`` atomically; the caller holds the project's lock."""
    jobs = _plan_tables(project)
    _remove_stale_saves(target)
    tmp = target.with_name(f".{target.stem}.{os.getpid()}-{uuid.uuid4().hex[:8]}.saving.gpkg")
    try:
        _write_tables(tmp, project, jobs, progress=progress)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        kind = failure_kind(exc, target.parent) if isinstance(exc, WRITE_FAILURES) else None
        _remove_partial(tmp)
        if kind is None:
            raise
        raise save_failure(exc, target, kind=kind) from exc
    fsync_dir(target.parent)
    logger.info(
        "saved project %r: %d layers, %d scenarios, %d tables in %s",
        project.name,
        len(project.layers),
        len(project.scenarios),
        len(jobs),
        target,
    )


def _remove_partial(tmp: Path) -> None:
    """Delete the temporary file of a failed save, with SQLite's side files."""
    for extra in ("", "-journal", "-wal", "-shm"):
        try:
            Path(f"{tmp}{extra}").unlink(missing_ok=True)
        except OSError as exc:  # pragma: no cover - the folder changed under our feet
            logger.warning("could not remove %s%s: %s", tmp, extra, exc)


def _remove_stale_saves(target: Path) -> None:
    """Delete temporary files that a killed save of ``target`` left behind.

    Only files whose writing process no longer runs are removed, so a save in
    progress elsewhere is never disturbed.
    """
    pattern = re.compile(
        rf"^\.{re.escape(target.stem)}\.(\d+)-[0-9a-f]{{8}}\.saving\.gpkg(-journal|-wal|-shm)?$"
    )
    for leftover in target.parent.glob(f".{glob_escape(target.stem)}.*.saving.gpkg*"):
        match = pattern.match(leftover.name)
        if match is None:
            continue
        pid = int(match.group(1))
        if pid != os.getpid() and not pid_alive(pid):
            try:
                leftover.unlink(missing_ok=True)
            except OSError as exc:  # e.g. no permission: the save itself will say so
                logger.warning("could not remove %s: %s", leftover, exc)
            else:
                logger.info("removed %s left by an interrupted save", leftover.name)


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
    metas: list[dict[str, Any]] = []
    total = len(jobs) + 2
    for step, job in enumerate(jobs):
        if progress is not None:
            progress(step / total, f"saving {job.identifier}")
        out, meta = encode_frame(job.frame, table=job.table)
        meta.update(scope=job.scope, kind=job.kind, name=job.name)
        meta["order"] = list(job.frame.columns)
        options = {"IDENTIFIER": job.identifier, "DESCRIPTION": f"servicecircle {job.kind}"}
        kwargs: dict[str, Any] = {"driver": "GPKG", "layer": job.table, "layer_options": options}
        if isinstance(out, gpd.GeoDataFrame):
            kwargs["promote_to_multi"] = False
            types = set(out.geom_type.dropna())
            kwargs["geometry_type"] = types.pop() if len(types) == 1 else "Unknown"
        pyogrio.write_dataframe(out, tmp, **kwargs)
        metas.append(meta)
    if progress is not None:
        progress(len(jobs) / total, "saving scenario list")
    scen = pd.DataFrame(
        {
            "name": [s.name for s in project.scenarios],
            "parameters": [json.dumps(s.parameters, ensure_ascii=False) for s in project.scenarios],
            "layers": [", ".join(s.layers) for s in project.scenarios],
            "tables": [", ".join(s.tables) for s in project.scenarios],
        }
    ).astype(object)
    pyogrio.write_dataframe(
        scen, tmp, driver="GPKG", layer=SCENARIO_TABLE, layer_options={"IDENTIFIER": "scenarios"}
    )
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
    if progress is not None:
        progress((len(jobs) + 1) / total, "saving project settings")
    pyogrio.write_dataframe(
        table,
        tmp,
        driver="GPKG",
        layer=META_TABLE,
        layer_options={"IDENTIFIER": "servicecircle project"},
    )
    if progress is not None:
        progress(1.0, "project written")
