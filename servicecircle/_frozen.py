"""An immutable, hashable mapping for the mapping fields of frozen settings.

A frozen dataclass hashes its fields; a ``dict`` field cannot be hashed, so
settings holding one needed a hand-written ``__hash__``. Such fields hold a
:class:`FrozenMap` instead: it reads like the ``dict`` it was given (same
order, equal to it) but cannot change, and hashes by content.

>>> speeds = FrozenMap({"walk": 3.6})
>>> speeds["walk"], speeds == {"walk": 3.6}, hash(speeds) == hash(FrozenMap(walk=3.6))
(3.6, True, True)
>>> FrozenMap()
FrozenMap({})
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A read-only mapping that keeps the given order and hashes by its items."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = (), **named: V) -> None:
        self._items: dict[K, V] = dict(items)
        self._items.update(named)  # type: ignore[arg-type]  # keyword keys are text

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"

    def __reduce__(self) -> tuple[type[FrozenMap[K, V]], tuple[dict[K, V]]]:
        return (type(self), (self._items,))
