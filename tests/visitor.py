"""A person's browser against real servers on 127.0.0.1: one cookie jar (cookies do not depend on the
port, so a session made on one server is sent to the others), CSRF tokens handled, no redirects
followed, so that tests see each answer as it is."""

from __future__ import annotations

import re
from typing import Any

import httpx

_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor:
    def __init__(self) -> None:
        self.http = httpx.Client(timeout=15, follow_redirects=False)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Visitor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str) -> httpx.Response:
        return self.http.get(url)

    def log_in(self, base: str, email: str, password: str) -> None:
        page = self.http.get(f"{base}/accounts/login/")
        token = _CSRF_FIELD.search(page.text)
        assert token, "the login page has no CSRF token"
        response = self.http.post(
            f"{base}/accounts/login/",
            data={"login": email, "password": password, "csrfmiddlewaretoken": token.group(1)},
        )
        assert response.status_code == 302, f"logging in as {email} failed: {response.status_code}"

    def post_form(self, url: str, data: dict[str, str]) -> httpx.Response:
        """Submit a form as the page holding it would: with the page's CSRF token."""
        return self.http.post(url, data={**data, "csrfmiddlewaretoken": self._csrf_cookie()})

    def api(self, method: str, url: str, payload: Any = None) -> httpx.Response:
        """Call the API with the browser session, as the site's own pages would."""
        headers = {"X-CSRFToken": self._csrf_cookie()} if method != "GET" else {}
        return self.http.request(method, url, json=payload, headers=headers)

    def _csrf_cookie(self) -> str:
        return self.http.cookies.get("csrftoken") or ""


def start_thread(tiffany: Visitor, base: str, community: str, title: str) -> tuple[str, int]:
    """Tiffany founds a public community with a first thread; returns its slug and the thread's id."""
    created = tiffany.api(
        "POST",
        f"{base}/api/v1/communities",
        {"name": community, "description": f"A place for {community}.", "visibility": "public"},
    )
    assert created.status_code == 201, created.text
    slug = created.json()["slug"]
    thread = tiffany.api("POST", f"{base}/api/v1/communities/{slug}/threads", {"title": title, "body": "Welcome."})
    assert thread.status_code == 201, thread.text
    return slug, int(thread.json()["id"])
