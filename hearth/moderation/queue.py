"""What a moderation queue shows: each open item with its context (the words, where they are,
who wrote them, every open report on them grouped by reason), and the community's open
well-being checks. Built in a fixed number of queries however long the queue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.safestring import SafeString

from hearth.communities.models import Community
from hearth.discussions.display import author_label
from hearth.discussions.models import Post
from hearth.lib.markdown import safe_html
from hearth.moderation.models import QueueItem, Reason, Report, ReportStatus, TargetType
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
    what: str  # "Post", "Direct message"
    body: SafeString  # the reported words, cleaned; empty once deleted
    gone: bool  # deleted since it was reported
    url: str  # where it is, for those who may see it
    place: str  # the thread's title, or "" for a direct message
    place_url: str
    author: str
    reasons: tuple[ReasonGroup, ...]
    reporters: int
    act_url: str


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


def entries(items: list[QueueItem]) -> list[Entry]:
    reports: dict[int, list[Report]] = defaultdict(list)
    for report in Report.objects.filter(item__in=items, status=ReportStatus.OPEN).order_by("created_at", "pk"):
        reports[report.item_id or 0].append(report)
    post_ids = [item.target_id for item in items if item.target_type == TargetType.POST]
    posts = {p.pk: p for p in Post.objects.filter(pk__in=post_ids).select_related("thread", "author")}
    message_ids = [item.target_id for item in items if item.target_type == TargetType.DIRECT_MESSAGE]
    messages = {}
    if message_ids:
        model = apps.get_model("conversations", "DirectMessage")
        messages = {m.pk: m for m in model.objects.filter(pk__in=message_ids).select_related("sender")}
    shown = []
    for item in items:
        found = reports[item.pk]
        reasons, reporters = _groups(found), len({r.reporter_id for r in found})
        act_url = reverse("moderation_act", args=[item.pk])
        if item.target_type == TargetType.POST:
            post = posts.get(item.target_id)
            gone = post is None or post.deleted_at is not None or post.thread.deleted_at is not None
            shown.append(
                Entry(
                    item=item,
                    what="Post",
                    body=safe_html(post.html) if post is not None and not gone else SafeString(""),
                    gone=gone,
                    url=post.get_absolute_url() if post is not None and not gone else "",
                    place=post.thread.title if post is not None else "",
                    place_url=post.thread.get_absolute_url() if post is not None and not gone else "",
                    author=author_label(post) if post is not None else "",
                    reasons=reasons,
                    reporters=reporters,
                    act_url=act_url,
                )
            )
        else:
            message: Any = messages.get(item.target_id)
            shown.append(
                Entry(
                    item=item,
                    what="Direct message",
                    body=safe_html(message.html) if message is not None else SafeString(""),
                    gone=message is None,
                    url="",
                    place="",
                    place_url="",
                    author=message.sender.public_name if message is not None else "",
                    reasons=reasons,
                    reporters=reporters,
                    act_url=act_url,
                )
            )
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
