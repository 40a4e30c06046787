"""What the thread page shows of moderation on each post: a "Report" link, a moderator's label
above the post, and a hidden post's place ("Hidden by moderators"), worked out in one query for a
page of posts. The author and the community's moderators still see a hidden post, with why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from hearth.communities.access import CommunityAccess
from hearth.discussions.display import PostDisplay
from hearth.evidence.labels import LabelSource, label_sources
from hearth.moderation.models import LabelKind, Measure, MeasureKind, TargetType

_PLACEHOLDER = "0000000000"


@dataclass(frozen=True, slots=True)
class PostModeration:
    report_url: str  # empty for visitors, the post's author, and deleted posts
    hidden: bool  # hidden from this viewer: only "Hidden by moderators" is shown
    hidden_reason: str  # for the author and moderators of a hidden post, who still see it: a sentence
    held: bool  # waiting for a moderator's approval (hearth.moderation.safeguards), not hidden
    placeholder: str  # what everyone else sees in a hidden post's place
    label_title: str  # "Disputed: see sources" or "Content warning"; empty when unlabelled
    label_text: str
    label_links: tuple[str, ...]
    # The label's links as shown: library entries by their titles, other sources by address.
    label_sources: tuple[LabelSource, ...] = ()


def post_moderation(posts: Sequence[PostDisplay], viewer: Any, access: CommunityAccess) -> dict[str, PostModeration]:
    """Each post's moderation as the viewer sees it, by the post's id (a string, as PostDisplay's)."""
    ids = [int(post.pk) for post in posts]
    hidden: dict[int, str] = {}
    held: set[int] = set()
    automatic: set[int] = set()
    labels: dict[int, Measure] = {}
    standing = (
        Measure.objects.filter(
            target_type=TargetType.POST,
            target_id__in=ids,
            kind__in=[MeasureKind.HIDE, MeasureKind.HOLD, MeasureKind.LABEL],
            lifted_at__isnull=True,
        )
        .only("target_id", "kind", "reason", "label_kind", "label_text", "label_links", "created_at", "created_by_id")
        .order_by("created_at", "pk")
    )
    for measure in standing:
        if measure.target_id is None:
            continue
        if measure.kind == MeasureKind.LABEL:
            labels[measure.target_id] = measure  # the latest label stands
        elif measure.kind == MeasureKind.HOLD:
            hidden[measure.target_id] = "Waiting for a moderator's approval."
            held.add(measure.target_id)
        elif measure.is_automatic:  # several members reported it; no moderator has looked yet
            hidden[measure.target_id] = measure.reason
            automatic.add(measure.target_id)
        else:
            hidden[measure.target_id] = f"Hidden by moderators: {measure.reason}"
            automatic.discard(measure.target_id)
    signed_in = bool(getattr(viewer, "is_authenticated", False))
    report_pattern = reverse("moderation_report_post", args=[_PLACEHOLDER]) if signed_in else ""
    titles = dict(LabelKind.choices)
    sources = dict(zip(labels, label_sources(label.label_links for label in labels.values()), strict=True))
    shown = {}
    for post in posts:
        pk = int(post.pk)
        mine = bool(post.edit_url)  # PostDisplay gives the edit link to the author alone
        sees_hidden = mine or access.can_moderate
        label = labels.get(pk)
        shown[post.pk] = PostModeration(
            report_url=report_pattern.replace(_PLACEHOLDER, post.pk)
            if signed_in and not mine and not post.deleted
            else "",
            hidden=pk in hidden and not sees_hidden,
            hidden_reason=hidden.get(pk, "") if sees_hidden else "",
            held=pk in held,
            placeholder=(
                "Waiting for a moderator's approval."
                if pk in held
                else "Hidden for now while moderators look at it."
                if pk in automatic
                else "Hidden by moderators."
            ),
            label_title=str(titles.get(label.label_kind, "")) if label else "",
            label_text=label.label_text if label else "",
            label_links=tuple(label.label_links) if label else (),
            label_sources=sources.get(pk, ()),
        )
    return shown
