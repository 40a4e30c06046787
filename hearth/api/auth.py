"""API authentication: the browser session (with CSRF on writes) or a personal access token."""

from __future__ import annotations

from typing import Any

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
