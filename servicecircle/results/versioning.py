"""What every results file shares: its schema version and the record of a whole file.

``summary.json`` and ``siting.json`` carry :data:`SCHEMA_VERSION`; a file of
another version is refused with :class:`SchemaVersionError`, whose message
tells the planner to run ``analyze`` / ``site`` again. The records of each
file are in :mod:`servicecircle.results.schema` (``summary.json``) and
:mod:`servicecircle.results.siting_records` (``siting.json``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Self

from servicecircle.results._codec import JsonObject, Record, SchemaError

#: Version of the schema written into both files as ``schema_version``. Version 2
#: stores notes as messages (key and fields, :meth:`Message.to_json
#: <servicecircle.i18n.message.Message.to_json>`) where version 1 stored English text.
SCHEMA_VERSION: Final = 2

#: The versions this version reads: version 1's notes are read as the text they hold.
READABLE_VERSIONS: Final = (1, 2)

#: A value per time break, keyed ``"5"``, ``"7.5"``, ``"15"``.
ByBreak = Mapping[str, float | None]


class SchemaVersionError(SchemaError):
    """A results file written by another version of servicecircle.

    Attributes
    ----------
    found
        The file's ``schema_version`` (``None`` when it has none: written
        before versions were written).
    """

    def __init__(self, found: object) -> None:
        self.found = found
        written = "an older" if found is None or _older(found) else "another"
        super().__init__(
            f"it was written by {written} version of servicecircle (results schema "
            f"{found if found is not None else 'unversioned'}; this version reads "
            f"{' and '.join(str(v) for v in READABLE_VERSIONS)})"
        )


def _older(found: object) -> bool:
    return isinstance(found, int) and not isinstance(found, bool) and found < min(READABLE_VERSIONS)


def check_version(data: object) -> None:
    """Refuse a parsed results file whose ``schema_version`` is not readable here.

    Raises
    ------
    SchemaError
        When ``data`` is not a JSON object.
    SchemaVersionError
        When its version is missing or another.
    """
    if not isinstance(data, dict):
        raise SchemaError(f"it holds a JSON {type(data).__name__}, not an object")
    found = data.get("schema_version")
    if found not in READABLE_VERSIONS or isinstance(found, bool):
        raise SchemaVersionError(found)


class ResultsFile(Record):
    """The record of a whole results file: versioned when written and when read."""

    def to_json(self) -> JsonObject:
        """The file's JSON object, with ``schema_version`` first."""
        return {"schema_version": SCHEMA_VERSION, **super().to_json()}

    @classmethod
    def from_json(cls, data: object, where: str = "") -> Self:
        """Read the file's parsed JSON.

        Raises
        ------
        SchemaVersionError
            When it was written by another version.
        SchemaError
            When a value is missing or of the wrong kind.
        """
        check_version(data)
        if not isinstance(data, dict):  # refused by check_version; narrows the type
            raise SchemaError(f"it holds a JSON {type(data).__name__}, not an object")
        cls._check_values(data)
        return super().from_json(data, where)

    @classmethod
    def _check_values(cls, data: dict[str, object]) -> None:
        """Checks beyond the fields' types (none unless a file adds some)."""
