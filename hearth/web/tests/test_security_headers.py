"""Every response carries the security headers; the CSP is nonce-based with nothing unsafe."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = ["/", "/conditions/", "/accounts/login/", "/accounts/signup/", "/no-such-page/", "/api/v1/me", "/healthz"]


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_security_headers(client: Client, path: str) -> None:
    response = client.get(path)

    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_page_scripts_carry_the_nonce_of_the_header(client: Client) -> None:
    response = client.get("/")

    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonce
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts
    assert all(f'nonce="{nonce.group(1)}"' in tag for tag in scripts)
    assert all("src=" in tag for tag in scripts)  # no inline scripts at all


def test_a_fresh_nonce_for_every_response(client: Client) -> None:
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]

    assert first != second


def test_no_third_party_origin_is_referenced_by_any_page(client: Client) -> None:
    for path in ["/", "/conditions/", "/accounts/login/", "/accounts/signup/", "/conditions/type-1-diabetes/"]:
        page = client.get(path).content.decode()
        origins = set(re.findall(r"""(?:src|href|action)=["'](https?:)?//([^/"']+)""", page))
        assert origins == set(), (path, origins)


def test_https_mode_redirects_and_sends_hsts(client: Client, settings) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000

    redirect = client.get("/")
    secure = client.get("/", secure=True)
    health = client.get("/healthz")

    assert redirect.status_code == 301
    assert redirect["Location"].startswith("https://")
    assert "max-age=31536000" in secure["Strict-Transport-Security"]
    assert health.status_code == 200  # load balancers may probe over plain HTTP
