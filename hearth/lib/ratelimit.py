"""Per-member rate limits and double-submission guards, kept in the shared cache."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.cache import cache


@dataclass
class RateLimited(Exception):  # noqa: N818  (named for what happened, as Django's PermissionDenied is)
    """Too many actions in a window; `retry_after` is in seconds."""

    message: str
    retry_after: int

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


def _clock() -> float:
    """The counting clock; tests pin it so that a burst never straddles two windows."""
    return time.time()


_lifted: ContextVar[bool] = ContextVar("rate_limits_lifted", default=False)


@contextmanager
def posting_limits_lifted() -> Iterator[None]:
    """For scripts that write on members' behalf (demo and scale data), never for requests."""
    token = _lifted.set(True)
    try:
        yield
    finally:
        _lifted.reset(token)


def hit(scope: str, key: object, limits: tuple[Limit, ...], *, what: str) -> int:
    """Count one action by `key` in `scope`; raise RateLimited once any limit is exceeded.

    Returns how many actions the first limit's window holds so far, for callers that also watch
    for unusual use."""
    if _lifted.get():
        return 0
    counted = 0
    now = int(_clock())
    for limit in limits:
        window = now // limit.seconds
        cache_key = f"rl:{scope}:{key}:{limit.seconds}:{window}"
        if cache.add(cache_key, 1, timeout=limit.seconds + 1):
            used = 1
        else:
            try:
                used = cache.incr(cache_key)
            except ValueError:  # expired between add and incr
                cache.add(cache_key, 1, timeout=limit.seconds + 1)
                used = 1
        counted = counted or used
        if used > limit.count:
            retry_after = limit.seconds - (now % limit.seconds)
            raise RateLimited(
                f"You have {what} {limit.count} times in a short while. Please wait {retry_after} seconds "
                "and try again; nothing was lost.",
                retry_after=retry_after,
            )
    return counted


def claim_submission(scope: str, key: object, token: str, *, seconds: int = 600) -> bool:
    """True the first time a form submission token is seen; False for a repeat (a double submit)."""
    if not token:
        return True
    return bool(cache.add(f"submit:{scope}:{key}:{token[:64]}", 1, timeout=seconds))


def release_submission(scope: str, key: object, token: str) -> None:
    """Forget a claimed token when the submission failed, so that retrying it works."""
    if token:
        cache.delete(f"submit:{scope}:{key}:{token[:64]}")
