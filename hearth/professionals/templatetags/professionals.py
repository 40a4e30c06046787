"""`{% verified_badge member %}`: a verified professional's badge beside their name, or nothing."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from hearth.professionals.badges import badge_of

register = template.Library()


@register.simple_tag
def verified_badge(member: Any, full: bool = False) -> SafeString:
    badge = badge_of(member)
    if badge is None:
        return SafeString("")
    return badge.in_full() if full else SafeString(badge.__html__())
