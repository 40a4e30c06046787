"""Template filters for the times of live chats: a moment shown in a chosen time zone."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.templatetags.tz import do_timezone

from hearth.chats.schedule import zone

register = template.Library()


@register.filter
def in_zone(value: datetime | None, name: str) -> datetime | str:
    """`moment|in_zone:"America/New_York"|date:"H:i"`: the moment on that zone's clock. A name
    that is no time zone shows UTC rather than failing the page."""
    if value is None:
        return ""
    moment: datetime = do_timezone(value, zone(name or "UTC"))
    return moment
