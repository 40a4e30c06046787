"""The read replica: DATABASE_REPLICA_URL parsed like DATABASE_URL, reads routed to the replica
and writes to the primary, and whoever has just written reads from the primary."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from hearth.accounts.models import User
from hearth.lib import db_router
from hearth.lib.db_router import PIN_COOKIE, PrimaryReplicaRouter, pin_to_primary_after_writes

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = ROOT / "hearth" / "settings.py"
PRIMARY = "postgres://hearth:secret@db-primary.internal:5432/hearth"
REPLICA = "postgres://hearth_ro:secret@db-replica.internal:5432/hearth"


def load_settings(monkeypatch: pytest.MonkeyPatch, **environ: str) -> dict[str, Any]:
    """Run settings.py afresh under `environ`, without touching the settings of this process."""
    for name in ("DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


# --- Settings ---------------------------------------------------------------------------------


def test_without_a_replica_there_is_one_database_and_no_router(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_settings(monkeypatch, DATABASE_URL=PRIMARY)

    assert set(loaded["DATABASES"]) == {"default"}
    assert "DATABASE_ROUTERS" not in loaded
    assert "hearth.lib.db_router.pin_to_primary_after_writes" not in loaded["MIDDLEWARE"]


def test_a_replica_url_adds_the_replica_the_router_and_the_middleware(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_settings(monkeypatch, DATABASE_URL=PRIMARY, DATABASE_REPLICA_URL=REPLICA)

    replica = loaded["DATABASES"]["replica"]
    assert replica["HOST"] == "db-replica.internal"
    assert replica["USER"] == "hearth_ro"
    assert replica["ENGINE"] == "django.db.backends.postgresql"
    assert replica["OPTIONS"]["connect_timeout"] == 3  # fails as fast as the primary
    assert replica["TEST"] == {"MIRROR": "default"}  # tests see one database through both names
    assert loaded["DATABASE_ROUTERS"] == ["hearth.lib.db_router.PrimaryReplicaRouter"]
    middleware = loaded["MIDDLEWARE"]
    pin = middleware.index("hearth.lib.db_router.pin_to_primary_after_writes")
    assert pin < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")


def test_postgresql_connections_give_up_after_3_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_settings(monkeypatch, DATABASE_URL=PRIMARY)

    assert loaded["DATABASES"]["default"]["OPTIONS"]["connect_timeout"] == 3


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"DATABASE_URL": PRIMARY, "DATABASE_REPLICA_URL": "mysql://x/y"}, "DATABASE_REPLICA_URL must be a URL"),
        ({"DATABASE_REPLICA_URL": REPLICA}, "DATABASE_REPLICA_URL needs DATABASE_URL"),
        ({"DATABASE_URL": PRIMARY, "DATABASE_REPLICA_URL": "postgres://h:port/x"}, "DATABASE_REPLICA_URL is not"),
    ],
)
def test_a_bad_replica_url_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        load_settings(monkeypatch, **environ)


def test_start_up_stops_on_a_bad_replica_url() -> None:
    environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    environ["DATABASE_REPLICA_URL"] = "sqlite:///replica.sqlite3"

    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60
    )

    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL" in result.stderr


# --- Router decisions -------------------------------------------------------------------------

router = PrimaryReplicaRouter()


@pytest.fixture(autouse=True)
def _fresh_pin() -> Iterator[None]:
    """Each test starts as a new request would: nothing written, nothing pinned."""
    token = db_router._pin.set(None)
    yield
    db_router._pin.reset(token)


def test_reads_go_to_the_replica_and_writes_to_the_primary() -> None:
    assert router.db_for_read(User) == "replica"
    assert router.db_for_write(User) == "default"


def test_after_a_write_reads_stay_on_the_primary() -> None:
    router.db_for_write(User)

    assert router.db_for_read(User) == "default"


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_go_to_the_primary() -> None:
    with transaction.atomic():
        inside = router.db_for_read(User)
    outside = router.db_for_read(User)

    assert inside == "default"
    assert outside == "replica"


def test_migrations_run_on_the_primary_only() -> None:
    assert router.allow_migrate("default", "discussions") is True
    assert router.allow_migrate("replica", "discussions") is False


def test_objects_from_primary_and_replica_may_be_related() -> None:
    from_primary, from_replica, elsewhere = User(), User(), User()
    from_primary._state.db, from_replica._state.db, elsewhere._state.db = "default", "replica", "archive"

    assert router.allow_relation(from_primary, from_replica) is True
    assert router.allow_relation(from_primary, elsewhere) is None


# --- The middleware: one pin per request, and a cookie after a write -------------------------


def _writes(request: HttpRequest) -> HttpResponse:
    router.db_for_write(User)
    return HttpResponse(router.db_for_read(User))


def _reads(request: HttpRequest) -> HttpResponse:
    return HttpResponse(router.db_for_read(User))


def test_a_request_that_writes_reads_its_writes_and_pins_its_client_for_a_while(rf: RequestFactory) -> None:
    response = pin_to_primary_after_writes(_writes)(rf.post("/c/lupus/threads/new"))

    assert response.content == b"default"
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == db_router.PIN_SECONDS
    assert cookie["httponly"]


def test_the_page_after_a_write_reads_from_the_primary(rf: RequestFactory) -> None:
    request = rf.get("/t/1/")
    request.COOKIES[PIN_COOKIE] = "1"

    response = pin_to_primary_after_writes(_reads)(request)

    assert response.content == b"default"
    assert PIN_COOKIE not in response.cookies  # a read does not extend the pin


def test_a_pin_does_not_outlive_its_request(rf: RequestFactory) -> None:
    pin_to_primary_after_writes(_writes)(rf.post("/posts/1/react"))

    response = pin_to_primary_after_writes(_reads)(rf.get("/"))

    assert response.content == b"replica"
    assert PIN_COOKIE not in response.cookies
