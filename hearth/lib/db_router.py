"""Reads to the PostgreSQL read replica, writes and migrations to the primary (`DATABASE_REPLICA_URL`).

A replica lags the primary by a little, so whoever has just written reads from the primary:
inside a transaction, for the rest of a request (or command, or job) after its first write, and
for `PIN_SECONDS` after it through a cookie, so that the page a form redirects to shows what was
just posted, and a member who has just signed in finds their session.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "hearth_primary"
# Longer than replication usually lags (well under a second), short enough to spare the primary.
PIN_SECONDS = 10


@dataclass
class _Pin:
    """Whether reads must go to the primary, and whether this request has written."""

    pinned: bool = False
    wrote: bool = False


# One per request (set by the middleware); outside requests, one per context, created on the
# first write, so a command or a job reads from the primary once it has written.
_pin: ContextVar[_Pin | None] = ContextVar("hearth_db_pin", default=None)


def _read_from_primary() -> bool:
    pin = _pin.get()
    return (pin is not None and pin.pinned) or connections[DEFAULT_DB_ALIAS].in_atomic_block


class PrimaryReplicaRouter:
    """Django database router for a primary (`default`) and one read replica (`replica`)."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS if _read_from_primary() else REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        pin = _pin.get()
        if pin is None:
            _pin.set(_Pin(pinned=True, wrote=True))
        else:
            pin.pinned = pin.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # Both aliases hold the same data, so objects from either may be related.
        same_data = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in same_data and obj2._state.db in same_data:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica receives the schema through replication


def pin_to_primary_after_writes(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """Middleware: a fresh pin per request; a request that wrote pins its client for PIN_SECONDS."""

    def middleware(request: HttpRequest) -> HttpResponse:
        pin = _Pin(pinned=PIN_COOKIE in request.COOKIES)
        token = _pin.set(pin)
        try:
            response = get_response(request)
        finally:
            _pin.reset(token)
        if pin.wrote:
            response.set_cookie(
                PIN_COOKIE, "1", max_age=PIN_SECONDS, secure=settings.HTTPS, httponly=True, samesite="Lax"
            )
        return response

    return middleware
