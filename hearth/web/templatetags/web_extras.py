"""Small template helpers for the site's layout."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`mapping|get_item:key`, for dictionaries whose keys come from a loop."""
    if mapping is None:
        return None
    getter = getattr(mapping, "get", None)
    return getter(key) if getter is not None else None
