"""Fixtures shared by every test: the personas of PRODUCT.md, API clients, clean shared state."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from huey.contrib.djhuey import HUEY
from hypothesis import settings as hypothesis_settings
from pytest_django.fixtures import Settings

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from tests.plain_http import PLAIN_HTTP

# Speed is measured by `make bench`, never asserted by a test: no per-example time limit, which a
# busy two-core CI machine misses for reasons of its own (a 200 ms deadline failed a schedule
# property once at 329 ms).
hypothesis_settings.register_profile("hearth", deadline=None)
hypothesis_settings.load_profile("hearth")


def pytest_configure(config: pytest.Config) -> None:
    """Each pytest-xdist worker gets a Redis database of its own, as it gets a test database.

    Tests empty the cache (a FLUSHDB on Redis) and count rate limits in it, and the channel layer
    keeps its groups there: workers sharing one database would wipe and read each other's keys.
    Worker gwN uses REDIS_URL's database number minus N (15, 14, … for .../15). This runs
    before anything has used the cache or the channel layer, and the environment carries the
    worker's URL to the servers that integration tests start.
    """
    worker, url = os.environ.get("PYTEST_XDIST_WORKER", ""), os.environ.get("REDIS_URL", "")
    if not worker.startswith("gw") or not url.startswith(("redis://", "rediss://")):
        return
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) - int(worker.removeprefix("gw"))
    if database < 0:
        raise pytest.UsageError(f"{worker} has no Redis database left below {url}: use fewer workers or a higher one")
    own = urlunsplit(parts._replace(path=f"/{database}"))
    os.environ["REDIS_URL"] = own
    settings.CACHES["default"]["LOCATION"] = own
    layer = cast("dict[str, Any]", settings.CHANNEL_LAYERS["default"])
    layer["CONFIG"]["hosts"][0]["address"] = own


@pytest.fixture(scope="session", autouse=True)
def _collected_static() -> None:
    """Pages link hashed static files, so the manifest must be current, as it is in production.

    pytest-xdist's workers take turns (a lock in var/): the first collects, the others find the
    manifest current instead of writing the same files at the same time.
    """
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    with (Path(settings.VAR_DIR) / ".collectstatic.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sources = Path(settings.BASE_DIR, "hearth").glob("*/static/**/*.*")
        if not manifest.exists() or any(path.stat().st_mtime > manifest.stat().st_mtime for path in sources):
            call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _plain_http(settings: Settings) -> None:
    """The test client and local test servers speak plain HTTP; HTTPS has tests of its own."""
    for name, value in PLAIN_HTTP.items():
        setattr(settings, name, value)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def _clean_shared_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Rate-limit counters and cached pages must not leak from one test into the next.

    Limits count per clock window, so a burst that happened to cross a minute's end on a busy
    machine would be counted in two windows; the counting clock stands still at an hour's start.
    """
    pinned = time.time() // 3600 * 3600 + 1
    monkeypatch.setattr("hearth.lib.ratelimit._clock", lambda: pinned)
    cache.clear()
    HUEY.immediate = True
    yield
    cache.clear()


@pytest.fixture
def maya(db: None) -> User:
    """Newly diagnosed, uses an alias because of her employer."""
    return UserFactory.create(handle="maya_r", email="maya@example.org")


@pytest.fixture
def tiffany(db: None) -> User:
    """Founder of a lupus community."""
    return UserFactory.create(handle="tiffany", email="tiffany@example.org", display_name="Tiffany")


@pytest.fixture
def ravi(db: None) -> User:
    """Moderator of a type 1 diabetes community."""
    return UserFactory.create(handle="ravi", email="ravi@example.org", display_name="Ravi")


@pytest.fixture
def site_admin(db: None) -> User:
    return UserFactory.create(handle="siteadmin", email="admin@example.org", staff=True)


@pytest.fixture
def maya_client(maya: User) -> Client:
    client = Client()
    client.force_login(maya)
    return client


@pytest.fixture
def maya_token(maya: User) -> str:
    return do_create_access_token(maya, "tests").secret
