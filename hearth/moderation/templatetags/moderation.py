"""Template tags for moderation: the measure a "your post was hidden/labelled" notification
tells of (the notification names it; the measure holds the reason)."""

from __future__ import annotations

from django import template

from hearth.moderation.models import Measure
from hearth.notifications.models import Notification

register = template.Library()


@register.simple_tag
def decision_for(notification: Notification) -> Measure | None:
    """The measure the notification tells of, while it exists."""
    if notification.measure_id is None:
        return None
    return Measure.objects.filter(pk=notification.measure_id).first()
