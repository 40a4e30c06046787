"""Who is asking: the one place that turns a request into a member, or refuses."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from hearth.accounts.models import User


def member_of(request: HttpRequest) -> User:
    """The signed-in member behind a page request (request.user) or an API request (request.auth)."""
    user = getattr(request, "auth", None) or request.user
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied
    return user
