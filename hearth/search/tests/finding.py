"""Short ways for tests to ask what a viewer finds."""

from __future__ import annotations

from typing import Any

from hearth.search.query import search


def found(viewer: Any, query: str, **options: int) -> list[int]:
    """The ids of the posts `viewer` finds for `query`, in the order they come."""
    return [result.post.pk for result in search(viewer, query, **options).posts]


def community_names(viewer: Any, query: str) -> list[str]:
    return [community.name for community in search(viewer, query).communities]
