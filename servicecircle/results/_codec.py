"""JSON <-> frozen records: one reader and writer for every record of the results schema.

A :class:`Record` is a frozen dataclass whose fields are written under their
own names (``class_`` is written ``class``), in field order. Reading checks
each value against the field's type hint (numbers, text, lists as tuples,
objects as mappings, nested records, ``X | None``) and names the first value
that does not fit, so a damaged file gives a message, never a traceback.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, Union

import numpy as np

from servicecircle.i18n.message import Message

#: A value of a JSON document, as :func:`json.loads` returns it.
JsonValue = Union[  # noqa: UP007 - a recursive alias needs the Union form on Python 3.11
    None, bool, int, float, str, list["JsonValue"], dict[str, "JsonValue"]
]
#: A JSON object.
JsonObject = dict[str, JsonValue]


class SchemaError(ValueError):
    """A value of a results file that does not fit the schema (the message names it)."""


class _FreeJson:
    """Marker for a free-form JSON value in the type hints the reader follows."""


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """The resolved type hints of a record class (free-form JSON as :class:`_FreeJson`)."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls, localns={"JsonValue": _FreeJson})
    return _HINTS[cls]


def json_key(field: dataclasses.Field[Any]) -> str:
    """The JSON key of a record field: its name without a trailing underscore."""
    return field.name.rstrip("_")


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin in (tuple, list):
        return "a list"
    if origin in (Mapping, dict) or (isinstance(hint, type) and issubclass(hint, Record)):
        return "an object"
    if hint in (int, float):
        return "a number"
    if hint is str:
        return "text"
    if hint is bool:
        return "true or false"
    return "a value it can read"


def _union(hint: Any, raw: object, where: str) -> Any:
    options = typing.get_args(hint)
    if raw is None:
        if type(None) in options:
            return None
        raise SchemaError(f"{where} is empty")
    errors: list[SchemaError] = []
    for option in options:
        if option is type(None):
            continue
        try:
            return decode(option, raw, where)
        except SchemaError as error:
            errors.append(error)
    raise errors[0]


def _scalar(hint: Any, raw: object, where: str) -> Any:
    if hint is float and isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    if hint is int and isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if hint is int and isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if hint in (str, bool) and isinstance(raw, hint):
        return raw
    raise SchemaError(f"{where} is {_shown(raw)}, not {_kind(hint)}")


def decode(hint: Any, raw: object, where: str) -> Any:
    """``raw`` (parsed JSON) as a value of type ``hint``; ``where`` names it in errors.

    Raises
    ------
    SchemaError
        When ``raw`` does not fit ``hint``.
    """
    origin = typing.get_origin(hint)
    if hint is _FreeJson or hint is Any:
        return raw
    if origin in (Union, types.UnionType):
        return _union(hint, raw, where)
    if origin is Literal:
        if raw in typing.get_args(hint):
            return raw
        allowed = ", ".join(repr(a) for a in typing.get_args(hint))
        raise SchemaError(f"{where} is {_shown(raw)}, not one of {allowed}")
    if isinstance(hint, type) and issubclass(hint, Record):
        return hint.from_json(raw, where)
    if hint is Message:
        return _message(raw, where)
    if origin in (tuple, list):
        if not isinstance(raw, list):
            raise SchemaError(f"{where} is {_shown(raw)}, not a list")
        args = typing.get_args(hint)
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(raw) != len(args):
                raise SchemaError(f"{where} has {len(raw)} values, not {len(args)}")
            pairs = enumerate(zip(args, raw, strict=True))
            return tuple(decode(a, v, f"{where}[{i}]") for i, (a, v) in pairs)
        values = [decode(args[0], v, f"{where}[{i}]") for i, v in enumerate(raw)]
        return tuple(values) if origin is tuple else values
    if origin in (Mapping, dict):
        if not isinstance(raw, dict):
            raise SchemaError(f"{where} is {_shown(raw)}, not an object")
        value_hint = typing.get_args(hint)[1]
        return {str(k): decode(value_hint, v, f"{where}.{k}") for k, v in raw.items()}
    return _scalar(hint, raw, where)


def _message(raw: object, where: str) -> Message:
    """A :class:`Message` stored as ``{"key": ..., "fields": {...}}``."""
    if not (isinstance(raw, dict) and isinstance(raw.get("key"), str)):
        raise SchemaError(f"{where} is {_shown(raw)}, not a message")
    if not isinstance(raw.get("fields", {}), dict):
        raise SchemaError(f"{where}.fields is {_shown(raw.get('fields'))}, not an object")
    return Message.from_json({"key": raw["key"], "fields": raw.get("fields", {})})


def encode(value: object) -> JsonValue:
    """A record, message, tuple, mapping or plain value as JSON-ready values."""
    if isinstance(value, Record):
        return value.to_json()
    if isinstance(value, Message):
        return json_ready(value.to_json())
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def json_ready(value: object) -> JsonValue:
    """``value`` with NumPy scalars as Python numbers, tuples as lists and NaN as ``None``.

    A :class:`~servicecircle.i18n.message.Message` becomes its key and fields
    (:meth:`~servicecircle.i18n.message.Message.to_json`).

    >>> json_ready({"a": (1, float("nan"))})
    {'a': [1, None]}
    >>> json_ready(Message("demo.count", {"count": np.int64(3)}))
    {'key': 'demo.count', 'fields': {'count': 3}}
    """
    if isinstance(value, Message):
        return json_ready(value.to_json())
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [json_ready(v) for v in value]
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if value is None or isinstance(value, int | str):
        return value
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


class Record:
    """Base of the frozen records of the results schema: JSON in and out by field type."""

    def to_json(self) -> JsonObject:
        """The record as a JSON object, fields in order (``omit_none`` ones left out when None)."""
        out: JsonObject = {}
        for field in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            if value is None and field.metadata.get("omit_none"):
                continue
            out[json_key(field)] = encode(value)
        return out

    @classmethod
    def from_json(cls, data: object, where: str = "") -> typing.Self:
        """The record from a parsed JSON object; ``where`` names it in errors.

        Keys the record does not know are ignored.

        Raises
        ------
        SchemaError
            When ``data`` is not an object, lacks a field without a default,
            or holds a value of the wrong kind.
        """
        if not isinstance(data, dict):
            raise SchemaError(f"{where or 'the file'} is {_shown(data)}, not an object")
        prefix = f"{where}." if where else ""
        fields = dataclasses.fields(cls)  # type: ignore[arg-type]
        missing = [
            prefix + json_key(f)
            for f in fields
            if json_key(f) not in data
            and f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        ]
        if missing:
            raise SchemaError(f"{', '.join(missing)} missing")
        hints = _hints(cls)
        values = {
            f.name: decode(hints[f.name], data[json_key(f)], prefix + json_key(f))
            for f in fields
            if json_key(f) in data
        }
        return cls(**values)
