"""What a moderation queue shows: each open item with its context (the words, where they are,
who wrote them, every open report on them grouped by reason), and the community's open
well-being checks. Posts, live chat messages, direct messages, profiles and communities each
show what a moderator needs to decide. Built in a fixed number of queries however long the queue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from hearth.accounts.models import User
from hearth.communities.models import Community, Status
from hearth.discussions.display import author_label
from hearth.discussions.models import Post
from hearth.lib.markdown import safe_html
from hearth.moderation.models import QueueItem, Reason, Report, ReportStatus, TargetType
from hearth.profiles.access import profile_of
from hearth.profiles.models import Visibility
from hearth.safety.models import CheckedContent, WellbeingCheck

QUEUE_MAX = 100  # the oldest first; a moderator works down from the top


@dataclass(frozen=True)
class ReasonGroup:
    reason: str
    label: str
    count: int
    notes: tuple[str, ...]
    links: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    item: QueueItem
    what: str  # "Post", "Live chat message", "Direct message", "Profile", "Community"
    body: SafeString  # the reported words (a profile's bio, a community's description), cleaned
    gone: bool  # deleted (or the account closed) since it was reported
    url: str  # where it is, for those who may see it
    place: str  # the thread's title, the chat's tag and date, the community's name; "" otherwise
    place_url: str
    author: str  # who wrote it, or whose profile it is
    reasons: tuple[ReasonGroup, ...]
    reporters: int
    act_url: str
    handle: str = ""  # a reported profile's handle
    status: str = ""  # what already happened to it, in a few words ("Hidden by a host.")


@dataclass(frozen=True)
class CheckEntry:
    check: WellbeingCheck
    what: str
    url: str
    done_url: str


def _groups(reports: list[Report]) -> tuple[ReasonGroup, ...]:
    by_reason: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        by_reason[report.reason].append(report)
    labels = dict(Reason.choices)
    return tuple(
        ReasonGroup(
            reason=reason,
            label=str(labels.get(reason, reason)),
            count=len(found),
            notes=tuple(r.note for r in found if r.note),
            links=tuple(r.evidence_url for r in found if r.evidence_url),
        )
        for reason, found in sorted(by_reason.items(), key=lambda pair: (-len(pair[1]), pair[0]))
    )


def open_items(community: Community | None) -> list[QueueItem]:
    """A community's open items, or with None every open item of the site."""
    items = QueueItem.objects.filter(handled_at__isnull=True).select_related("community")
    if community is not None:
        items = items.filter(community=community)
    return list(items.order_by("created_at", "pk")[:QUEUE_MAX])


def _ids(items: list[QueueItem], target_type: TargetType) -> list[int]:
    return [item.target_id for item in items if item.target_type == target_type]


def _targets(items: list[QueueItem]) -> dict[tuple[str, int], Any]:
    """Every item's target, one query for each kind of target there is."""
    found: dict[tuple[str, int], Any] = {}

    def keep(target_type: TargetType, rows: Any) -> None:
        found.update({(target_type.value, row.pk): row for row in rows})

    if ids := _ids(items, TargetType.POST):
        keep(TargetType.POST, Post.objects.filter(pk__in=ids).select_related("thread__community", "author"))
    if ids := _ids(items, TargetType.DIRECT_MESSAGE):
        direct_message = apps.get_model("conversations", "DirectMessage")
        keep(TargetType.DIRECT_MESSAGE, direct_message.objects.filter(pk__in=ids).select_related("sender"))
    if ids := _ids(items, TargetType.CHAT_MESSAGE):
        chat_message = apps.get_model("chats", "ChatMessage")
        related = ("author", "live_chat__series__community")
        keep(TargetType.CHAT_MESSAGE, chat_message.objects.filter(pk__in=ids).select_related(*related))
    if ids := _ids(items, TargetType.PROFILE):
        keep(TargetType.PROFILE, User.objects.filter(pk__in=ids).select_related("profile"))
    if ids := _ids(items, TargetType.COMMUNITY):
        keep(TargetType.COMMUNITY, Community.objects.filter(pk__in=ids))
    return found


def _gone(base: dict[str, Any], what: str) -> Entry:
    return Entry(**base, what=what, body=SafeString(""), gone=True, url="", place="", place_url="", author="")


def _post(base: dict[str, Any], post: Post | None) -> Entry:
    gone = post is None or post.deleted_at is not None or post.thread.deleted_at is not None
    return Entry(
        **base,
        what="Post",
        body=safe_html(post.html) if post is not None and not gone else SafeString(""),
        gone=gone,
        url=post.get_absolute_url() if post is not None and not gone else "",
        place=post.thread.title if post is not None else "",
        place_url=post.thread.get_absolute_url() if post is not None and not gone else "",
        author=author_label(post) if post is not None else "",
    )


def _direct_message(base: dict[str, Any], message: Any) -> Entry:
    return Entry(
        **base,
        what="Direct message",
        body=safe_html(message.html) if message is not None else SafeString(""),
        gone=message is None,
        url="",
        place="",
        place_url="",
        author=message.sender.public_name if message is not None else "",
    )


def _chat_message(base: dict[str, Any], message: Any) -> Entry:
    """A live chat message, shown to moderators even when a host has hidden it already."""
    if message is None:
        return _gone(base, "Live chat message")
    chat = message.live_chat
    series = chat.series
    url = reverse("chat_message", args=[series.community.slug, series.slug, chat.date.isoformat(), message.seq])
    return Entry(
        **base,
        what="Live chat message",
        body=safe_html(message.html),
        gone=False,
        url=url,
        place=f"#{series.tag}, {chat.date:%-d %B %Y}",
        place_url=chat.get_absolute_url(),
        author=message.author.public_name,
        status="Hidden in the room." if message.hidden_at is not None else "",
    )


def _profile(base: dict[str, Any], member: User | None) -> Entry:
    """A member's profile: their name and handle, and their bio unless nobody but they can see it."""
    if member is None or not member.is_active:
        return _gone(base, "Profile")
    profile = profile_of(member)
    seen = bool(profile.bio) and profile.visibility_of("bio") != Visibility.ONLY_ME
    return Entry(
        **base,
        what="Profile",
        body=format_html("<p>{}</p>", profile.bio) if seen else SafeString(""),
        gone=False,
        url=member.get_absolute_url(),
        place="",
        place_url="",
        author=member.public_name,
        handle=member.handle,
    )


def _community(base: dict[str, Any], community: Community | None) -> Entry:
    if community is None:
        return _gone(base, "Community")
    return Entry(
        **base,
        what="Community",
        body=safe_html(community.description_html),
        gone=False,
        url=community.get_absolute_url(),
        place=community.name,
        place_url=community.get_absolute_url(),
        author="",
        status="" if community.status == Status.ACTIVE else f"{community.get_status_display()}.",
    )


_SHOWN = {
    TargetType.POST: _post,
    TargetType.DIRECT_MESSAGE: _direct_message,
    TargetType.CHAT_MESSAGE: _chat_message,
    TargetType.PROFILE: _profile,
    TargetType.COMMUNITY: _community,
}


def entries(items: list[QueueItem]) -> list[Entry]:
    reports: dict[int, list[Report]] = defaultdict(list)
    for report in Report.objects.filter(item__in=items, status=ReportStatus.OPEN).order_by("created_at", "pk"):
        reports[report.item_id or 0].append(report)
    targets = _targets(items)
    shown = []
    for item in items:
        found = reports[item.pk]
        base = {
            "item": item,
            "reasons": _groups(found),
            "reporters": len({r.reporter_id for r in found}),
            "act_url": reverse("moderation_act", args=[item.pk]),
        }
        show: Any = _SHOWN[TargetType(item.target_type)]
        shown.append(show(base, targets.get((item.target_type, item.target_id))))
    return shown


def open_checks(community: Community) -> list[CheckEntry]:
    """The community's well-being checks still waiting, oldest first, each with where to look."""
    checks = list(
        WellbeingCheck.objects.filter(community=community, handled_at__isnull=True).order_by("created_at", "pk")[
            :QUEUE_MAX
        ]
    )
    post_ids = [c.object_id for c in checks if c.what == CheckedContent.POST]
    live_posts = set(Post.objects.filter(pk__in=post_ids, deleted_at__isnull=True).values_list("pk", flat=True))
    chat_ids = [c.object_id for c in checks if c.what == CheckedContent.CHAT_MESSAGE]
    chat_urls: dict[int, str] = {}
    if chat_ids:
        model = apps.get_model("chats", "ChatMessage")
        for message in model.objects.filter(pk__in=chat_ids).select_related("live_chat__series__community"):
            chat_urls[message.pk] = message.get_absolute_url()
    shown = []
    for check in checks:
        if check.what == CheckedContent.POST:
            url = reverse("post_link", args=[check.object_id]) if check.object_id in live_posts else ""
            what = "a post"
        else:
            url = chat_urls.get(check.object_id, "")
            what = "a live chat message"
        shown.append(CheckEntry(check, what, url, reverse("moderation_check_done", args=[check.pk])))
    return shown
