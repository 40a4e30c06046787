"""Template tags for moderation: the decision a "your post was hidden/labelled" notification
tells of (the notification names the post; the decision holds the reason)."""

from __future__ import annotations

from django import template

from hearth.moderation.models import Decision, QueueItem, TargetType
from hearth.notifications.models import Kind, Notification

register = template.Library()

_DECISIONS = {Kind.POST_HIDDEN: Decision.HIDE, Kind.POST_LABELLED: Decision.LABEL}


@register.simple_tag
def decision_for(notification: Notification) -> QueueItem | None:
    """The latest decision on the notification's post made before it was sent."""
    decision = _DECISIONS.get(Kind(notification.kind)) if notification.kind in Kind.values else None
    if decision is None or notification.post_id is None:
        return None
    return (
        QueueItem.objects.filter(
            target_type=TargetType.POST,
            target_id=notification.post_id,
            decision=decision,
            handled_at__lte=notification.created_at,
        )
        .order_by("-handled_at", "-pk")
        .first()
    )
