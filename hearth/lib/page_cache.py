"""Pages that visitors who are not signed in may be served from the cache (the middleware is
`hearth.web.page_cache`), and how writes that take content down stop that at once."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

GENERATION_KEY = "visitor-pages:generation"

View = TypeVar("View", bound=Callable[..., HttpResponse])


def same_for_visitors(view: View) -> View:
    """Mark a view whose page, for visitors who are not signed in, depends only on its URL."""
    view.same_for_visitors = True  # type: ignore[attr-defined]
    return view


def forget_visitor_pages() -> None:
    """Stop serving every cached visitor page, once the current transaction commits. Called by
    the actions that edit or take down content, so nothing taken down is served from the cache."""
    transaction.on_commit(_next_generation)


def _next_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value starts a new generation
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
