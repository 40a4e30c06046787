"""Template filters for member-written content (stored HTML goes out only through the markdown
module), and the thread page's posts."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.template import engines
from django.template.backends.utils import csrf_input
from django.utils.safestring import SafeString

from hearth.communities.access import CommunityAccess
from hearth.discussions import display
from hearth.lib.markdown import safe_html
from hearth.moderation.display import post_moderation

register = template.Library()


@register.filter
def member_html(html: str) -> SafeString:
    """Rendered member content, cleaned again on the way out (see hearth.lib.markdown.safe_html)."""
    return safe_html(html)


@register.filter
def author_label(post: object) -> str:
    """How a post's author is shown: the handle, "Anonymous member" or "Former member"."""
    return display.author_label(post)  # type: ignore[arg-type]


@register.simple_tag(takes_context=True)
def thread_posts(
    context: template.Context, posts: Sequence[display.PostDisplay], access: CommunityAccess
) -> SafeString:
    """A page of posts, rendered by the Jinja2 engine (see TEMPLATES in settings): fifty posts
    with five reaction buttons each cost the Django template language about 12 ms, Jinja2 about 2.
    What it returns was escaped by that engine's autoescaping."""
    request = context.get("request")
    # The form token is made once here: the engine's own `csrf_input` masks a new one per form.
    token = csrf_input(request) if request is not None else ""
    fragment = engines["jinja2"].get_template("discussions/posts.html")
    hidden = context.get("hidden_posts") or {}  # post id → why it is collapsed (hearth.wellbeing.muting)
    names = {"posts": posts, "can_post": access.can_post, "csrf_input": SafeString(token), "hidden": hidden}
    # Report links, moderators' labels and hidden posts, by post id (hearth.moderation.display).
    names["moderation"] = post_moderation(posts, context.get("user"), access)
    return SafeString(fragment.render(names))
