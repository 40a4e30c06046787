"""A small catalogue held in memory and built again when it is older than its time to live.

Each worker keeps its own copy, so a change made elsewhere shows within the time to live; a
catalogue sync in this process calls `forget` to show it at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class TimedIndex(Generic[T]):
    """The entries `build` returns, kept for `ttl` seconds."""

    def __init__(self, build: Callable[[], tuple[T, ...]], ttl: float = 300.0) -> None:
        self._build = build
        self._ttl = ttl
        self._built_at = 0.0
        self._entries: tuple[T, ...] | None = None

    def entries(self) -> tuple[T, ...]:
        """The entries, built now when there are none yet or they are older than the time to live."""
        now = time.monotonic()
        if self._entries is None or now - self._built_at > self._ttl:
            self._entries, self._built_at = self._build(), now
        return self._entries

    def forget(self) -> None:
        """Drop the entries, so the next `entries()` builds them again."""
        self._entries = None
