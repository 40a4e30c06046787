"""PostgreSQL and Redis for tests that need the real services: found through DATABASE_URL and
REDIS_URL (set on CI's second run), skipped with a reason when they are not configured or not
reachable, and throwaway databases that are dropped afterwards."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import redis as redis_client

THROWAWAY_PREFIX = "hearth_w_"


@dataclass(frozen=True)
class Service:
    url: str
    host: str
    port: int


def _parse(url: str, default_port: int) -> Service:
    parts = urlsplit(url)
    return Service(url=url, host=parts.hostname or "127.0.0.1", port=parts.port or default_port)


def postgres() -> Service:
    """The PostgreSQL server of DATABASE_URL, or skip the test."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL: set DATABASE_URL to a postgres:// URL")
    service = _parse(url, 5432)
    try:
        psycopg.connect(_with_database(url, "postgres"), connect_timeout=3).close()
    except Exception as error:  # noqa: BLE001  (any failure means "not reachable")
        pytest.skip(f"PostgreSQL at {service.host}:{service.port} is not reachable: {error}")
    return service


def redis() -> Service:
    """The Redis server of REDIS_URL, or skip the test."""
    url = os.environ.get("REDIS_URL", "")
    if not url.startswith(("redis://", "rediss://")):
        pytest.skip("needs Redis: set REDIS_URL to a redis:// URL")
    service = _parse(url, 6379)
    try:
        redis_client.Redis.from_url(url, socket_connect_timeout=3).ping()
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"Redis at {service.host}:{service.port} is not reachable: {error}")
    return service


def with_address(url: str, host: str, port: int) -> str:
    """The same URL (credentials, database, query) pointed at another host and port."""
    parts = urlsplit(url)
    credentials = parts.netloc.rpartition("@")[0]
    netloc = f"{credentials}@{host}:{port}" if credentials else f"{host}:{port}"
    return urlunsplit(parts._replace(netloc=netloc))


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _admin(service: Service, sql: str) -> None:
    with psycopg.connect(_with_database(service.url, "postgres"), autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql.encode())


@contextmanager
def throwaway_database(service: Service, purpose: str) -> Iterator[str]:
    """Create an empty database on the server, yield its URL, drop it afterwards."""
    name = f"{THROWAWAY_PREFIX}{purpose}_{secrets.token_hex(4)}"
    _admin(service, f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(service.url, name)
    finally:
        _admin(service, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
