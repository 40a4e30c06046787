"""The unread count in every page's header (htmx keeps it fresh while the tab is visible)."""

from __future__ import annotations

from django.http import HttpRequest

from hearth.notifications.models import Notification


def unread(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: Notification.objects.badge_count(user)}
