"""Error pages in the site's style, and JSON errors for the API (`{"detail": ...}`)."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from hearth.lib.ratelimit import RateLimited

API_PREFIX = "/api/"
# The database or Redis not answering (gone, restarting, or SQLite's lock held too long): the
# request fails at once with 503 and the next one tries again; nothing is wrong with the request.
UNAVAILABLE = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 30


def _api_error(request: HttpRequest, detail: str, status: int) -> JsonResponse | None:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": detail}, status=status)
    return None


def too_many_requests(request: HttpRequest, error: RateLimited) -> HttpResponse:
    """The page for a member who acts too fast: what happened, when to retry, nothing lost."""
    response = render(request, "429.html", {"message": str(error)}, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _api_error(request, "Bad request.", 400) or defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _api_error(request, "Forbidden.", 403) or defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _api_error(request, "Not found.", 404) or defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its `except` block (asgiref keeps it so under ASGI too).
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return service_unavailable(request)
    api = _api_error(request, "Something went wrong on our side. Please try again later.", 500)
    if api is not None:
        return api
    # Rendered without a request context: the page must not depend on the database or session.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    response: HttpResponse | None = _api_error(
        request, "Hearth is unavailable for a moment. Please try again in a minute.", 503
    )
    if response is None:
        # Like the 500 page, rendered without a request context: no database, no session.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    api = _api_error(request, "CSRF check failed: send the X-CSRFToken header, or use a bearer token.", 403)
    if api is not None:
        return api
    return HttpResponse(loader.get_template("403_csrf.html").render({}, request), status=403)
