"""Pages as visitors who are not signed in see them, kept in the shared cache for a short while.

Public communities are read by many more people than write in them ("lurk, then post"), and a
page shown to one visitor who is not signed in is the page every such visitor gets. Views marked
`@same_for_visitors` (hearth.lib.page_cache) are therefore answered from the cache for up to
`SECONDS`, for visitors only: anyone signed in, carrying a pending message, or asking through
htmx always gets a fresh page.

Two parts of a page are personal to each response and are swapped in on the way out: the CSP
nonce of its scripts and the CSRF token of its forms (the footer's text size form). So a cached
page neither reuses another visitor's nonce nor carries another visitor's token.

Nothing is served stale after content is taken down: editing or deleting a post and changing a
community call `forget_visitor_pages()` (after the commit), which moves every key to a new
generation. Otherwise a new reply reaches visitors within `SECONDS`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from redis.exceptions import RedisError

from hearth.lib.page_cache import GENERATION_KEY
from hearth.web.display import text_size_for

SECONDS = 30
_NONCE = "__hearth_nonce__"
_TOKEN = "__hearth_csrf_token__"  # noqa: S105 (a placeholder, not a secret)
_TOKEN_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")


def _visitor_request(request: HttpRequest, view: Callable[..., Any]) -> bool:
    return (
        getattr(view, "same_for_visitors", False)
        and request.method == "GET"
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and "HTTP_HX_REQUEST" not in request.META
    )


def _key(request: HttpRequest) -> str:
    generation = cache.get(GENERATION_KEY, 0)
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"visitor-pages:{generation}:{text_size_for(request)}:{path}"


def _freeze(request: HttpRequest, response: HttpResponse) -> dict[str, Any] | None:
    if response.status_code != 200 or response.streaming or set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return None
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get("Cache-Control", ""):
        return None
    content = response.content.decode(response.charset)
    nonce = getattr(request, "_csp_nonce", None)
    if nonce:
        content = content.replace(str(nonce), _NONCE)
    content = _TOKEN_FIELD.sub(rf"\g<1>{_TOKEN}\g<2>", content)
    headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
    return {"content": content, "headers": headers}


def _replay(request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
    content: str = stored["content"]
    if _NONCE in content:
        content = content.replace(_NONCE, str(request.csp_nonce))  # type: ignore[attr-defined]
    if _TOKEN in content:
        content = content.replace(_TOKEN, get_token(request))
    response = HttpResponse(content)
    for name, value in stored["headers"].items():
        response[name] = value
    return response


class VisitorPageCacheMiddleware:
    """Answer visitors' requests for `same_for_visitors` pages from the cache (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "_visitor_page_key", None)
        if key is not None and (frozen := _freeze(request, response)) is not None:
            with suppress(RedisError):
                cache.set(key, frozen, SECONDS)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        """After URL resolution (so the view's mark is known without resolving again)."""
        if not _visitor_request(request, view):
            return None
        try:
            key = _key(request)
            stored = cache.get(key)
        except RedisError:  # the cache is down: pages are still served, fresh
            return None
        if stored is not None:
            return _replay(request, stored)
        request._visitor_page_key = key  # type: ignore[attr-defined]
        return None
