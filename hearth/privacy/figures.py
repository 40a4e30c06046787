"""The rule for every figure about a group of members (a count, a percentage, a distribution):
it is shown only when it rests on at least `MIN_GROUP` people, so that nobody can be picked out
of a small group. Aggregates call `shown` or `enough_people`; templates use the filters in
`templatetags/group_figures.py`."""

from __future__ import annotations

from typing import TypeVar

MIN_GROUP = 10
HIDDEN = f"fewer than {MIN_GROUP}"

Value = TypeVar("Value")


def enough_people(people: int | None) -> bool:
    """Whether a figure resting on `people` distinct members may be shown."""
    return people is not None and people >= MIN_GROUP


def shown(value: Value, people: int | None = None) -> Value | None:
    """`value` when it rests on enough people, else None (for the API and for Python callers).
    For a count of people, the count is itself the number it rests on."""
    resting_on = value if people is None and isinstance(value, int) else people
    return value if enough_people(resting_on) else None


def as_text(value: object, people: int | None = None) -> str:
    """`value` as text, or "fewer than 10" when it rests on too few people."""
    kept = shown(value, people)
    return HIDDEN if kept is None else str(kept)
