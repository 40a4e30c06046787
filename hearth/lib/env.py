"""Typed readers for environment variables; a bad value stops start-up naming the variable."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no, on/off), not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, not {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, *, schemes: set[str]) -> str | None:
    """Return the URL in `name`, or None when unset; refuse a scheme not in `schemes`."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    scheme = urlsplit(raw).scheme
    if scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(
            f"{name} must be a URL starting with one of: {allowed} (got {scheme or 'no scheme'!r})."
        )
    return raw


def secret_key(var_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into var/secret_key."""
    raw = os.environ.get("SECRET_KEY")
    if raw is not None:
        if len(raw) < 50 or len(set(raw)) < 5:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters with at least 5 different ones.")
        return raw
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


def email_settings(name: str, default_dir: Path) -> dict[str, object]:
    """Django email settings from an EMAIL_URL such as smtp://user:pass@host:587?tls=1.

    Schemes: smtp, smtps (implicit TLS), file:///path (one .eml per message), console:, memory:.
    """
    raw = env_url(name, schemes={"smtp", "smtps", "file", "console", "memory"})
    if raw is None:
        return {"EMAIL_BACKEND": "hearth.lib.mail.EmlFileBackend", "EMAIL_FILE_PATH": str(default_dir)}
    parts = urlsplit(raw)
    if parts.scheme == "file":
        return {
            "EMAIL_BACKEND": "hearth.lib.mail.EmlFileBackend",
            "EMAIL_FILE_PATH": unquote(parts.path) or str(default_dir),
        }
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "memory":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if not parts.hostname:
        raise ImproperlyConfigured(f"{name} must name a host, as in smtp://user:password@mail.example.org:587.")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an invalid port.") from None
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", "").lower() in _TRUE,
    }
