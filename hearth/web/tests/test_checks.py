"""Configuration checks: several workers need shared state; production settings pass --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hearth.web.checks import check_shared_state_across_workers, check_threads_fit_the_pool, threads_fit_the_pool

ROOT = Path(__file__).resolve().parents[3]
REDIS_CACHE = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
REDIS_LAYER = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer"}}
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOCAL_LAYER = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def test_one_worker_may_keep_state_in_process(settings) -> None:
    settings.WEB_CONCURRENCY = 1
    settings.CACHES, settings.CHANNEL_LAYERS = LOCAL_CACHE, LOCAL_LAYER

    assert check_shared_state_across_workers() == []


def test_several_workers_with_in_process_cache_and_layer_are_refused(settings) -> None:
    settings.WEB_CONCURRENCY = 2
    settings.CACHES, settings.CHANNEL_LAYERS = LOCAL_CACHE, LOCAL_LAYER

    errors = check_shared_state_across_workers()

    assert [error.id for error in errors] == ["hearth.E001", "hearth.E002"]
    assert "REDIS_URL" in str(errors[0].hint)


def test_several_workers_with_redis_pass(settings) -> None:
    settings.WEB_CONCURRENCY = 4
    settings.CACHES, settings.CHANNEL_LAYERS = REDIS_CACHE, REDIS_LAYER

    assert check_shared_state_across_workers() == []


def _manage(*args: str, **overrides: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "HTTPS"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ | overrides,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.integration
def test_deploy_check_is_clean_with_production_values() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k" * 30 + "production-secret-value-0123456789abcdef",
        ALLOWED_HOSTS="hearth.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.integration
def test_serving_two_workers_without_redis_is_refused_at_start() -> None:
    result = _manage("check", WEB_CONCURRENCY="2")

    assert result.returncode != 0
    assert "hearth.E001" in result.stderr


def test_more_threads_than_pooled_connections_are_refused() -> None:
    errors = threads_fit_the_pool(8, {"OPTIONS": {"pool": {"max_size": 4}}})

    assert [error.id for error in errors] == ["hearth.E003"]
    assert "DATABASE_POOL_SIZE" in str(errors[0].hint)


def test_threads_within_the_pool_or_without_one_pass() -> None:
    assert threads_fit_the_pool(4, {"OPTIONS": {"pool": {"max_size": 20}}}) == []
    assert threads_fit_the_pool(4, {"OPTIONS": {}}) == []  # SQLite: no pool
    assert check_threads_fit_the_pool() == []  # this suite's own settings
