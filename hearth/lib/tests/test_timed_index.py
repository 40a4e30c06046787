"""A timed index builds once, keeps its entries for its time to live, and builds again when forgotten."""

from __future__ import annotations

import time

import pytest

from hearth.lib.timed_index import TimedIndex


def test_builds_once_then_again_after_its_time_or_when_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    builds: list[float] = []

    def build() -> tuple[float, ...]:
        builds.append(clock[0])
        return (clock[0],)

    index = TimedIndex(build, ttl=60)
    assert index.entries() == (1000.0,)
    clock[0] += 60
    assert index.entries() == (1000.0,)
    clock[0] += 1
    assert index.entries() == (1061.0,)
    index.forget()
    assert index.entries() == (1061.0,)
    assert builds == [1000.0, 1061.0, 1061.0]
