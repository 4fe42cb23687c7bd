"""The mark of a finished region: ``regions/<code>/done.json``, written last and atomically.

A region's run writes its files first; :func:`run_and_mark` then writes the
marker, holding the region's outcome (its numbers, files, CPU and wall time,
peak memory), into the same folder in one atomic step. A folder with a
readable marker of the same code is complete, and a rerun of the batch skips
it (:func:`is_done`); a folder without one (a run cut off midway, or a
region that failed) is run again. The markers are also what the batch's
summary table is gathered from, so regions finished by an earlier run are
counted the same as the ones run now.

A job may carry a ``fingerprint`` (a hash of what it reads, e.g. a border
band's: the markers of the two regions it joins and the sites it starts
from): the marker records it, and a marker of another fingerprint is not
trusted, so the job runs again when what it reads has changed
(:func:`job_fingerprint`). Jobs without one (the regions) are done when
their marker is there.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from servicecircle._io import write_text_atomic

#: The marker's file name in a region's folder.
MARKER = "done.json"
#: The marker's format; a marker of another format is not trusted (the region runs again).
MARKER_VERSION = 1


class Job(Protocol):
    """What the batch needs of a region's job: its code, name and output folder."""

    @property
    def code(self) -> str:
        """The region's code (unique in the batch)."""

    @property
    def name(self) -> str:
        """The region's name."""

    def folder(self, out_dir: str | os.PathLike[str]) -> Path:
        """The region's output folder under the batch's ``out_dir``."""


class Outcome(Protocol):
    """What the batch needs of a region's outcome (a dataclass)."""

    @property
    def code(self) -> str:
        """The region's code."""

    @property
    def ok(self) -> bool:
        """Whether the region ran without error."""

    @property
    def error(self) -> str | None:
        """What went wrong, in English (``None`` when it worked)."""

    @property
    def error_zh(self) -> str | None:
        """What went wrong, in Chinese."""


J = TypeVar("J", bound=Job)
O = TypeVar("O", bound=Outcome)  # noqa: E741 - O reads as "outcome" beside J


def marker_path(job: Job, out_dir: str | os.PathLike[str]) -> Path:
    """The marker file of ``job`` under ``out_dir``."""
    return job.folder(out_dir) / MARKER


def job_fingerprint(job: object) -> str | None:
    """``job``'s ``fingerprint`` (a hash of its inputs), or ``None`` when it carries none."""
    value = getattr(job, "fingerprint", None)
    return str(value) if value else None


def marker_stamp(job: Job, out_dir: str | os.PathLike[str]) -> str | None:
    """A hash of ``job``'s marker file (``None`` when it has none): changes when it runs again."""
    import hashlib

    if read_marker(job, out_dir) is None:
        return None
    try:
        return hashlib.sha256(marker_path(job, out_dir).read_bytes()).hexdigest()
    except OSError:
        return None


def outcome_record(outcome: object) -> dict[str, Any]:
    """An outcome (a dataclass) as plain JSON-ready data."""
    if dataclasses.is_dataclass(outcome) and not isinstance(outcome, type):
        return dataclasses.asdict(outcome)
    return dict(vars(outcome))


def write_marker(job: Job, out_dir: str | os.PathLike[str], outcome: object) -> Path:
    """Write ``job``'s marker holding ``outcome``, atomically; return its path."""
    record = {
        "version": MARKER_VERSION,
        "code": job.code,
        "name": job.name,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "outcome": outcome_record(outcome),
    }
    if (fingerprint := job_fingerprint(job)) is not None:
        record["fingerprint"] = fingerprint
    text = json.dumps(record, ensure_ascii=False, indent=2, allow_nan=False, default=str)
    path = marker_path(job, out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_text_atomic(path, text)


def read_marker(job: Job, out_dir: str | os.PathLike[str]) -> Mapping[str, Any] | None:
    """``job``'s marker, or ``None`` when there is none or it is not a complete one of ``job``.

    A job with a fingerprint takes only a marker of the same fingerprint.
    """
    path = marker_path(job, out_dir)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("version") != MARKER_VERSION:
        return None
    if record.get("code") != job.code or not isinstance(record.get("outcome"), dict):
        return None
    fingerprint = job_fingerprint(job)
    if fingerprint is not None and record.get("fingerprint") != fingerprint:
        return None
    return record


def is_done(job: Job, out_dir: str | os.PathLike[str]) -> bool:
    """Whether ``job``'s folder holds its complete marker (the region is skipped on a rerun)."""
    return read_marker(job, out_dir) is not None


def run_and_mark(run: Callable[[J, str], O], job: J, out_dir: str) -> O:
    """Run ``job`` with ``run`` (on a worker) and mark its folder complete when it worked.

    ``run`` writes the region's files into its folder; the marker is written
    after them, so a marker is never there without the files. A failed
    region gets no marker and runs again on the next run of the batch.
    """
    outcome = run(job, out_dir)
    if outcome.ok:
        write_marker(job, out_dir, outcome)
    return outcome
