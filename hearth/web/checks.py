"""System checks that refuse configurations which would misbehave once running."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

_IN_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
_IN_PROCESS_LAYERS = {"channels.layers.InMemoryChannelLayer"}


@register()
def check_shared_state_across_workers(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """With several workers, each would keep its own cache and channel layer: live messages and
    rate limits would reach only the people on the same worker. Require Redis instead."""
    if settings.WEB_CONCURRENCY <= 1:
        return []
    errors: list[CheckMessage] = []
    cache_backend = settings.CACHES["default"]["BACKEND"]
    if cache_backend in _IN_PROCESS_CACHES:
        errors.append(
            Error(
                f"WEB_CONCURRENCY={settings.WEB_CONCURRENCY} needs a shared cache, but the cache is in-process.",
                hint="Set REDIS_URL, or run one worker (WEB_CONCURRENCY=1).",
                id="hearth.E001",
            )
        )
    layer_backend = settings.CHANNEL_LAYERS["default"]["BACKEND"]
    if layer_backend in _IN_PROCESS_LAYERS:
        errors.append(
            Error(
                f"WEB_CONCURRENCY={settings.WEB_CONCURRENCY} needs a shared channel layer, but it is in-process.",
                hint="Set REDIS_URL, or run one worker (WEB_CONCURRENCY=1).",
                id="hearth.E002",
            )
        )
    return errors


@register()
def check_threads_fit_the_pool(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return threads_fit_the_pool(settings.WEB_THREADS, dict(settings.DATABASES["default"]))


def threads_fit_the_pool(threads: int, database: dict[str, Any]) -> list[CheckMessage]:
    """Each of a worker's WEB_THREADS threads holds a database connection while it serves a
    request; with fewer pooled connections, requests would wait for one and fail after 3 s."""
    pool = database.get("OPTIONS", {}).get("pool")
    if not isinstance(pool, dict) or threads <= pool["max_size"]:
        return []
    return [
        Error(
            f"WEB_THREADS={threads} is more than DATABASE_POOL_SIZE={pool['max_size']}.",
            hint="Raise DATABASE_POOL_SIZE or lower WEB_THREADS.",
            id="hearth.E003",
        )
    ]
