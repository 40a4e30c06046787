"""Who is asking: the one place that turns a request into a member, or refuses."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone

from hearth.accounts.models import User

# `User.suspended_until` for a suspension with no end (hearth.moderation): far enough ahead to
# never arrive, near enough that converting it to any time zone stays a valid date.
UNTIL_LIFTED = datetime(9999, 1, 1, tzinfo=UTC)


def member_of(request: HttpRequest) -> User:
    """The signed-in member behind a page request (request.user) or an API request (request.auth)."""
    user = getattr(request, "auth", None) or request.user
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied
    return user


def until_words(moment: datetime) -> str:
    """Words for when a pause ends: "until 3 March 2026, 14:00", or "until it is lifted"."""
    if moment >= UNTIL_LIFTED:
        return "until it is lifted"
    return "until " + timezone.localtime(moment).strftime("%-d %B %Y, %H:%M")


def is_suspended(user: Any) -> bool:
    until = getattr(user, "suspended_until", None)
    return until is not None and until > timezone.now()


def refuse_if_suspended(user: Any, doing: str) -> None:
    """Refuse what a suspended member may not do (hearth.moderation): they sign in and read,
    but `doing` ("send messages") waits until the suspension ends."""
    if is_suspended(user):
        raise ValidationError(
            f"Your account is suspended {until_words(user.suspended_until)}, so you cannot {doing}. "
            "Your moderation record says why, and how to appeal.",
            code="suspended",
        )
