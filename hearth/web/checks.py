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
