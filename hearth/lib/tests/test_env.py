"""Environment readers: good values parse, bad ones stop start-up naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hearth.lib import env

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("yes", True), ("ON", True), ("0", False), ("off", False)])
def test_booleans(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("FLAG", raw)

    assert env.env_bool("FLAG", default=not expected) is expected


def test_defaults_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANY", raising=False)

    assert env.env_bool("ANY", default=True) is True
    assert env.env_int("ANY", 3) == 3
    assert env.env_list("ANY", ["a"]) == ["a"]
    assert env.env_url("ANY", schemes={"redis"}) is None


@pytest.mark.parametrize(
    ("name", "raw", "call", "message"),
    [
        ("DEBUG", "maybe", lambda: env.env_bool("DEBUG", default=False), "DEBUG must be a boolean"),
        ("PORT", "eighty", lambda: env.env_int("PORT", 8000), "PORT must be a whole number"),
        ("PORT", "0", lambda: env.env_int("PORT", 8000, minimum=1), "PORT must be at least 1"),
        ("PORT", "70000", lambda: env.env_int("PORT", 8000, maximum=65535), "PORT must be at most 65535"),
        ("REDIS_URL", "http://x", lambda: env.env_url("REDIS_URL", schemes={"redis"}), "REDIS_URL must be a URL"),
        ("SECRET_KEY", "short", lambda: env.secret_key(Path("/nonexistent")), "SECRET_KEY must be at least 50"),
        ("EMAIL_URL", "smtp://", lambda: env.email_settings("EMAIL_URL", Path("/tmp")), "EMAIL_URL must name a host"),
        ("EMAIL_URL", "smtp://h:x/", lambda: env.email_settings("EMAIL_URL", Path("/tmp")), "invalid port"),
    ],
)
def test_bad_values_name_the_variable(monkeypatch: pytest.MonkeyPatch, name: str, raw: str, call, message: str) -> None:
    monkeypatch.setenv(name, raw)

    with pytest.raises(ImproperlyConfigured, match=message):
        call()


def test_a_secret_key_is_generated_once_into_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)

    first = env.secret_key(tmp_path)
    second = env.secret_key(tmp_path)

    assert first == second
    assert len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (None, {"EMAIL_BACKEND": "hearth.lib.mail.EmlFileBackend", "EMAIL_FILE_PATH": "/default"}),
        ("file:///srv/mail", {"EMAIL_BACKEND": "hearth.lib.mail.EmlFileBackend", "EMAIL_FILE_PATH": "/srv/mail"}),
        ("console:", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        ("memory:", {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}),
    ],
)
def test_email_urls(monkeypatch: pytest.MonkeyPatch, url: str | None, expected: dict[str, str]) -> None:
    if url is None:
        monkeypatch.delenv("EMAIL_URL", raising=False)
    else:
        monkeypatch.setenv("EMAIL_URL", url)

    assert env.email_settings("EMAIL_URL", Path("/default")) == expected


def test_an_smtp_url_with_credentials_and_tls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMAIL_URL", "smtp://hearth%40example.org:p%40ss@mail.example.org:587?tls=1")

    settings = env.email_settings("EMAIL_URL", Path("/x"))

    assert settings["EMAIL_HOST"] == "mail.example.org"
    assert settings["EMAIL_PORT"] == 587
    assert settings["EMAIL_HOST_USER"] == "hearth@example.org"
    assert settings["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert settings["EMAIL_USE_TLS"] is True
    assert settings["EMAIL_USE_SSL"] is False


def _start(**overrides: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}} | overrides
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [("DEBUG", "sometimes"), ("DATABASE_URL", "mysql://x/y"), ("WEB_CONCURRENCY", "two"), ("REDIS_URL", "nope")],
)
def test_start_up_stops_and_names_a_bad_variable(name: str, value: str) -> None:
    result = _start(**{name: value})

    assert result.returncode != 0
    assert name in result.stderr
    assert "Traceback" not in result.stderr.splitlines()[-1]


def test_a_bad_pool_size_for_postgresql_stops_start_up() -> None:
    result = _start(DATABASE_URL="postgres://hearth@127.0.0.1:5432/hearth", DATABASE_POOL_SIZE="lots")

    assert result.returncode != 0
    assert "DATABASE_POOL_SIZE" in result.stderr
