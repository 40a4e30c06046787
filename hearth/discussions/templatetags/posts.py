"""Template filters for member-written content: stored HTML goes out only through the markdown module."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from hearth.lib.markdown import safe_html

register = template.Library()


@register.filter
def member_html(html: str) -> SafeString:
    """Rendered member content, cleaned again on the way out (see hearth.lib.markdown.safe_html)."""
    return safe_html(html)


@register.filter
def author_label(post: object) -> str:
    """How a post's author is shown: the handle, "Anonymous member" or "Former member"."""
    if getattr(post, "is_anonymous", False):
        return "Anonymous member"
    author = getattr(post, "author", None)
    if author is None:
        return "Former member"
    return str(author.public_name)
