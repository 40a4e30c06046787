"""How the API answers what went wrong: JSON `{"detail": ...}` with the status each refusal
stands for, and 404 (never 403) for what the viewer may not know of."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError

from hearth.discussions.actions import DuplicateSubmission
from hearth.lib.ratelimit import RateLimited

# --- Inside operations ------------------------------------------------------------------------


# Refusals that stand for the same status wherever they come from: a member whom moderators
# muted here, or the site suspended (hearth.moderation), may not do this for now.
EVERYWHERE = {"paused": 403, "suspended": 403}


@contextmanager
def refused_as(statuses: Mapping[str, int], *, otherwise: int | None = None) -> Iterator[None]:
    """Answer an action's refusal with the status its code stands for (in `statuses`, or in
    EVERYWHERE): `otherwise` for the others, or 422 when that is None. Input the OpenAPI
    document allows is never answered with 422: what the document cannot know (who is asking,
    the state of things) gets 403, 404 or 409."""
    try:
        yield
    except ValidationError as exc:
        code = getattr(exc, "code", None) or ""
        status = statuses.get(code, EVERYWHERE.get(code, otherwise))
        if status is None:
            raise
        raise HttpError(status, exc.messages[0]) from exc


# --- For the whole API ------------------------------------------------------------------------


def _answer(request: HttpRequest, detail: Any, status: int, *, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


def _too_big(request: HttpRequest, exc: RequestDataTooBig, *, api: NinjaAPI) -> HttpResponse:
    return _answer(request, "The request body is too large.", 413, api=api)


def _refused(request: HttpRequest, exc: ValidationError, *, api: NinjaAPI) -> HttpResponse:
    status = EVERYWHERE.get(getattr(exc, "code", None) or "")
    if status is not None:
        return _answer(request, exc.messages[0], status, api=api)
    return _answer(request, exc.messages, 422, api=api)


def _http_error(request: HttpRequest, exc: HttpError, *, api: NinjaAPI) -> HttpResponse:
    return _answer(request, exc.message, exc.status_code, api=api)


def _rate_limited(request: HttpRequest, exc: RateLimited, *, api: NinjaAPI) -> HttpResponse:
    response = _answer(request, exc.message, 429, api=api)
    response["Retry-After"] = str(exc.retry_after)
    return response


def _duplicate(request: HttpRequest, exc: DuplicateSubmission, *, api: NinjaAPI) -> HttpResponse:
    # A retried request whose first attempt got through (same Idempotency-Key): nothing new is made.
    return _answer(request, "This was already submitted.", 409, api=api)


def answer_errors(api: NinjaAPI) -> None:
    """Teach `api` the statuses of what Django and Hearth's actions raise."""
    api.add_exception_handler(RequestDataTooBig, partial(_too_big, api=api))
    api.add_exception_handler(ValidationError, partial(_refused, api=api))
    api.add_exception_handler(HttpError, partial(_http_error, api=api))
    api.add_exception_handler(RateLimited, partial(_rate_limited, api=api))
    api.add_exception_handler(DuplicateSubmission, partial(_duplicate, api=api))
