"""What the thread page shows of each post, worked out in Python before the template runs.

The thread page is the most read page in Hearth. Its template used to look up each post's author,
dates, links and five reaction buttons through the template language, which cost about 55
variable lookups a post and two thirds of the page's time. Here each post becomes a `PostDisplay`
of ready strings and flags, so the template only prints them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from hearth.communities.access import CommunityAccess
from hearth.discussions.models import Post, Reaction, ReactionKind
from hearth.lib.markdown import safe_html
from hearth.professionals.badges import Badge, badge_of

_LINKS = ("post_react", "post_edit", "post_delete", "post_history", "post_reveal", "member_detail")
_PLACEHOLDER = "0000000000"


@lru_cache(maxsize=1)
def _link_patterns() -> dict[str, str]:
    """Each per-post link reversed once, with a placeholder for the post id (or the handle)."""
    return {name: reverse(name, args=[_PLACEHOLDER]) for name in _LINKS}


def _link(name: str, value: object) -> str:
    return _link_patterns()[name].replace(_PLACEHOLDER, str(value))


@lru_cache(maxsize=1)
def _reaction_kinds() -> tuple[tuple[str, str], ...]:
    """`ReactionKind.choices` builds a new list on every call."""
    return tuple((str(kind), str(label)) for kind, label in ReactionKind.choices)


@dataclass(frozen=True, slots=True)
class ReactionButton:
    kind: str
    label: str
    count: int | None  # None when the viewer hides reaction counts
    mine: bool

    @property
    def pressed(self) -> str:
        return "true" if self.mine else "false"

    @property
    def count_label(self) -> str:
        return f"{self.count} reaction{'' if self.count == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class PostDisplay:
    pk: str  # a string: printing an int in a template costs a trip through number localisation
    author_label: str
    author_url: str  # empty for anonymous posts and former members
    created_iso: str
    created_text: str
    edited: bool
    members_only: bool
    deleted: bool
    content_warning: str
    body: SafeString
    reactions: tuple[ReactionButton, ...]
    react_url: str
    edit_url: str  # empty unless the viewer wrote it
    delete_url: str  # empty unless the viewer wrote it or moderates
    history_url: str  # empty unless the viewer moderates and it was edited
    reveal_url: str  # empty unless the viewer moderates and it is anonymous
    author_badge: Badge | None = None  # a verified professional's, never on an anonymous post


def author_label(post: Post) -> str:
    """How a post's author is shown: the handle, "Anonymous member" or "Former member"."""
    if post.is_anonymous:
        return "Anonymous member"
    if post.author is None:
        return "Former member"
    return str(post.author.public_name)


def _when(moment: Any) -> tuple[str, str]:
    local = timezone.localtime(moment)
    return local.isoformat(), f"{local.day} {local:%b %Y, %H:%M}"


def reaction_buttons(posts: Iterable[Post], viewer: Any) -> dict[int, tuple[ReactionButton, ...]]:
    """The five reaction buttons of each post, in one query however many posts."""
    ids = [post.pk for post in posts]
    counts: dict[tuple[int, str], int] = {}
    mine: set[tuple[int, str]] = set()
    viewer_pk = viewer.pk if viewer.is_authenticated else None
    rows = (
        Reaction.objects.filter(post_id__in=ids)
        .values_list("post_id", "kind")
        .annotate(n=Count("id"), by_viewer=Count("id", filter=Q(user_id=viewer_pk)))
        .order_by()
    )
    for post_id, kind, n, by_viewer in rows:
        counts[(post_id, kind)] = n
        if by_viewer:
            mine.add((post_id, kind))
    hide_counts = bool(viewer.is_authenticated and getattr(viewer, "hide_reaction_counts", False))
    kinds = _reaction_kinds()
    return {
        pk: tuple(
            ReactionButton(
                kind=kind,
                label=label,
                count=None if hide_counts else counts.get((pk, kind), 0),
                mine=(pk, kind) in mine,
            )
            for kind, label in kinds
        )
        for pk in ids
    }


def post_displays(posts: list[Post], viewer: Any, access: CommunityAccess) -> list[PostDisplay]:
    """Each post as the viewer sees it on the thread page; posts need `author` selected."""
    buttons = reaction_buttons(posts, viewer)
    viewer_pk = viewer.pk if viewer.is_authenticated else None
    moderates = access.can_moderate
    shown = []
    for post in posts:
        created_iso, created_text = _when(post.created_at)
        mine = viewer_pk is not None and post.author_id == viewer_pk
        named = not post.is_anonymous and post.author is not None
        shown.append(
            PostDisplay(
                pk=str(post.pk),
                author_label=author_label(post),
                author_url=_link("member_detail", post.author.handle) if named and post.author else "",
                author_badge=badge_of(post.author) if named and post.author else None,
                created_iso=created_iso,
                created_text=created_text,
                edited=post.edited_at is not None,
                members_only=post.members_only,
                deleted=post.deleted_at is not None,
                content_warning=post.content_warning,
                body=safe_html(post.html) if post.deleted_at is None else SafeString(""),
                reactions=buttons[post.pk],
                react_url=_link("post_react", post.pk),
                edit_url=_link("post_edit", post.pk) if mine else "",
                delete_url=_link("post_delete", post.pk) if mine or moderates else "",
                history_url=_link("post_history", post.pk) if moderates and post.edited_at else "",
                reveal_url=_link("post_reveal", post.pk) if moderates and post.is_anonymous else "",
            )
        )
    return shown
