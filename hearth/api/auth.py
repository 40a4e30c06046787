"""API authentication: the browser session (with CSRF on writes) or a personal access token,
and for reads anyone may make, nobody at all."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from hearth.accounts.actions import user_for_token
from hearth.accounts.models import User


class TokenAuth(HttpBearer):
    openapi_description = "A personal access token, created under Account settings → Access tokens."

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class MemberSessionAuth(SessionAuth):
    """The browser session of an active member."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


MEMBER_AUTH = [TokenAuth(), MemberSessionAuth(csrf=True)]


class _Anyone:
    """Lets a request without credentials through as an anonymous reader. A request that does
    carry an Authorization header and failed the checks before this one still gets 401: a
    script with a revoked token should be told, not quietly shown less."""

    def __call__(self, request: HttpRequest) -> AnonymousUser | None:
        return None if "Authorization" in request.headers else AnonymousUser()


VIEWER_AUTH = [*MEMBER_AUTH, _Anyone()]
"""For reads that anyone may make and a member sees more of."""

# Ninja documents the schemes it knows and extends that list with this one: `{}` tells clients
# that the credentials are optional.
OPTIONAL_AUTH: dict[str, Any] = {"security": [{}]}

OPEN_TO_ANYONE: dict[str, Any] = {"auth": VIEWER_AUTH, "openapi_extra": OPTIONAL_AUTH}
"""An operation's authentication when anyone may call it: `@router.get(path, **OPEN_TO_ANYONE)`.
The two always go together, so that the document says what the code accepts."""


def viewer_of(request: HttpRequest) -> User | AnonymousUser:
    """The member behind a request made with VIEWER_AUTH, or an anonymous reader."""
    user = getattr(request, "auth", None)
    return user if isinstance(user, User) else AnonymousUser()
