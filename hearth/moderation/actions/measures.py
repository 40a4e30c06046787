"""Measures: what moderators (or a safeguard) do that concerns one member, and lifting them.

Whoever calls these has already checked that the moderator moderates the measure's community
(`hearth.moderation.access`), or is a site administrator for a suspension.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.communities.models import Membership
from hearth.discussions.models import Post, Thread
from hearth.lib.page_cache import forget_visitor_pages
from hearth.moderation.models import Measure, MeasureKind, TargetType, standing


class AlreadyLifted(ValidationError):  # noqa: N818  (a ValidationError, named for what is wrong)
    def __init__(self) -> None:
        super().__init__("This measure was already lifted.", code="lifted")


def _latest_end(measures: object) -> object:
    return measures.aggregate(latest=Max("ends_at"))["latest"]  # type: ignore[attr-defined]


def refresh_pauses(member: User, community_id: int | None) -> None:
    """Bring the member's mute in a community (or, with None, their site suspension) in line with
    the measures that still stand: the latest end of those, or none."""
    now = timezone.now()
    if community_id is None:
        ends = _latest_end(Measure.objects.filter(standing(now), member=member, kind=MeasureKind.SUSPEND))
        User.objects.filter(pk=member.pk).update(suspended_until=ends)
        member.suspended_until = ends  # type: ignore[assignment]
        return
    ends = _latest_end(
        Measure.objects.filter(standing(now), member=member, kind=MeasureKind.MUTE, community_id=community_id)
    )
    Membership.objects.filter(user=member, community_id=community_id).update(muted_until=ends)


def do_lift(moderator: User | None, measure: Measure, *, reason: str = "") -> Measure:
    """Lift a measure before it ends (an overturned appeal, an approved post, a change of mind).

    What it did is undone: a hidden or held post shows again, a label goes, a mute or suspension
    ends (unless another still runs). A removed member may join again. A warning stays on record
    as lifted. Lifting twice answers that it was.
    """
    with transaction.atomic():
        measure = Measure.objects.select_for_update().get(pk=measure.pk)
        if measure.lifted_at is not None:
            raise AlreadyLifted
        measure.lifted_at = timezone.now()
        measure.lifted_by = moderator
        measure.save(update_fields=["lifted_at", "lifted_by"])
        member = measure.member
        if member is not None and measure.kind == MeasureKind.MUTE:
            refresh_pauses(member, measure.community_id)
        elif member is not None and measure.kind == MeasureKind.SUSPEND:
            refresh_pauses(member, None)
        elif measure.target_type == TargetType.POST and measure.kind in {
            MeasureKind.HIDE,
            MeasureKind.HOLD,
            MeasureKind.LABEL,
        }:
            if measure.kind == MeasureKind.HOLD:
                first = Post.objects.filter(pk=measure.target_id or 0, is_first=True).values("thread_id")
                Thread.objects.filter(pk__in=first).update(is_held=False)
            forget_visitor_pages()
        elif measure.target_type == TargetType.CHAT_MESSAGE and measure.kind == MeasureKind.HIDE:
            chat_message = apps.get_model("chats", "ChatMessage")
            chat_message.objects.filter(pk=measure.target_id or 0).update(hidden_at=None, hidden_by=None)
        record(
            moderator,
            "measure:lift",
            measure,
            community=measure.community,
            reason=reason,
            subject=member,
            kind=measure.kind,
        )
    return measure
