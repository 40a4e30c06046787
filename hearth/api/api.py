"""The API instance, its error handling and its routers."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError

from hearth.accounts.api import router as accounts_router
from hearth.api.auth import MEMBER_AUTH
from hearth.communities.api import router as communities_router
from hearth.conditions.api import router as conditions_router
from hearth.discussions.actions import DuplicateSubmission
from hearth.discussions.api import router as discussions_router
from hearth.lib.ratelimit import RateLimited
from hearth.notifications.api import router as notifications_router
from hearth.search.api import router as search_router

api = NinjaAPI(
    title="Hearth API",
    version="1",
    description=(
        "Hearth's API. Authenticate with the browser session or with "
        '`Authorization: Bearer <personal access token>`. Errors are JSON `{"detail": ...}`. '
        "Every resource carries `url`, the path of its HTML page."
    ),
    urls_namespace="api",
    auth=MEMBER_AUTH,
    docs_url=None,
)
api.add_router("", accounts_router)
api.add_router("", conditions_router)
api.add_router("", communities_router)
api.add_router("", discussions_router)
api.add_router("", notifications_router)
api.add_router("", search_router)


@api.exception_handler(RequestDataTooBig)
def request_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(request, {"detail": "The request body is too large."}, status=413)


@api.exception_handler(DjangoValidationError)
def action_refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.messages}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


# A retried request whose first attempt got through (same Idempotency-Key): nothing new is made.
@api.exception_handler(DuplicateSubmission)
def duplicate_submission(request: HttpRequest, exc: DuplicateSubmission) -> HttpResponse:
    return api.create_response(request, {"detail": "This was already submitted."}, status=409)
