"""Probes for /healthz: each part of the stack answers within a couple of seconds or is named."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from huey.contrib.djhuey import HUEY

log = logging.getLogger(__name__)
PROBE_TIMEOUT = 2.0


def probe_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def probe_replica() -> None:
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def probe_cache() -> None:
    key = f"healthz:{secrets.token_hex(8)}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)


async def _round_trip() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer is configured")
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "healthz.ping"})
    message = await asyncio.wait_for(layer.receive(channel), timeout=PROBE_TIMEOUT)
    if message.get("type") != "healthz.ping":
        raise RuntimeError("the channel layer returned another message")


async def _round_trip_in_time() -> None:
    # Bounded as a whole: a Redis that accepts connections but never answers must not hold /healthz.
    await asyncio.wait_for(_round_trip(), timeout=PROBE_TIMEOUT)


def probe_channel_layer() -> None:
    async_to_sync(_round_trip_in_time)()


def probe_tasks() -> None:
    HUEY.pending_count()


PROBES: dict[str, Callable[[], None]] = {
    "database": probe_database,
    "cache": probe_cache,
    "channel_layer": probe_channel_layer,
    "tasks": probe_tasks,
}
if "replica" in settings.DATABASES:  # DATABASE_REPLICA_URL
    PROBES["replica"] = probe_replica


def run_probes() -> tuple[bool, dict[str, str]]:
    """Run every probe; return whether all passed and a status per part."""
    results: dict[str, str] = {}
    for name, probe in PROBES.items():
        try:
            probe()
        except Exception:
            log.warning("health probe %s failed", name, exc_info=True)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    healthy = all(value == "ok" for value in results.values())
    return healthy, {"status": "ok" if healthy else "unavailable", **results}
