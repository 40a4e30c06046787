"""Measures: what moderators (or a safeguard) do that concerns one member, and lifting them.

A community's moderators warn a member privately, mute them there for some days, or remove them;
site administrators suspend an account from the whole site. Each is refused on oneself, on
someone who is not a member, and on those who answer for the community: founders and site
administrators act on moderators, only site administrators on founders (and on each other).
Each is written to the audit log in its transaction, and the member is told, with the reason,
after the commit.

The views and the API fetch the member and the measure through `member_for` and `measure_for`,
which answer 404 to everyone who does not moderate the community (or, for a suspension, is not a
site administrator); the `do_*` check again, so that no other caller can skip it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils import timezone

from hearth.accounts.access import UNTIL_LIFTED
from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.communities.access import CommunityAccess, Need, access_for, community_for, is_site_admin
from hearth.communities.actions import end_membership
from hearth.communities.models import Community, Membership, Role
from hearth.discussions.models import Post, Thread
from hearth.lib.page_cache import forget_visitor_pages
from hearth.lib.text import refuse_nul
from hearth.moderation.actions import author_of, target_of
from hearth.moderation.models import DECISION_REASON_MAX, Measure, MeasureKind, QueueItem, TargetType, standing
from hearth.notifications.actions import notify
from hearth.notifications.models import Kind

MUTE_DAYS_MAX = 90
SUSPEND_DAYS_MAX = 365
# What a member is told of: measures on them, rather than on one of their posts or messages.
ON_THE_MEMBER = frozenset({MeasureKind.WARN, MeasureKind.MUTE, MeasureKind.REMOVE, MeasureKind.SUSPEND})


class AlreadyLifted(ValidationError):  # noqa: N818  (a ValidationError, named for what is wrong)
    def __init__(self) -> None:
        super().__init__("This measure was already lifted.", code="lifted")


def _latest_end(measures: QuerySet[Measure]) -> datetime | None:
    """The latest end of the measures; UNTIL_LIFTED when one of them has no end."""
    if measures.filter(ends_at__isnull=True).exists():
        return UNTIL_LIFTED
    latest: datetime | None = measures.aggregate(latest=Max("ends_at"))["latest"]
    return latest


def refresh_pauses(member: User, community_id: int | None) -> None:
    """Bring the member's mute in a community (or, with None, their site suspension) in line with
    the measures that still stand: the latest end of those (UNTIL_LIFTED for one with no end), or none."""
    now = timezone.now()
    if community_id is None:
        ends = _latest_end(Measure.objects.filter(standing(now), member=member, kind=MeasureKind.SUSPEND))
        User.objects.filter(pk=member.pk).update(suspended_until=ends)
        member.suspended_until = ends
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
            if measure.kind in {MeasureKind.HOLD, MeasureKind.HIDE}:
                # A thread kept unlisted for its first post is listed again once nothing keeps it.
                keeping = Measure.objects.filter(
                    target_type=TargetType.POST,
                    target_id=measure.target_id,
                    kind__in=[MeasureKind.HOLD, MeasureKind.HIDE],
                    lifted_at__isnull=True,
                )
                if not keeping.exists():
                    first = Post.objects.filter(pk=measure.target_id or 0, is_first=True).values("thread_id")
                    Thread.objects.filter(pk__in=first, is_held=True).update(is_held=False)
            forget_visitor_pages()
        elif measure.target_type == TargetType.CHAT_MESSAGE and measure.kind == MeasureKind.HIDE:
            chat_message = apps.get_model("chats", "ChatMessage")
            # Only a hiding this measure made (a host's earlier one stands: hidden_at before it).
            shown = chat_message.objects.filter(pk=measure.target_id or 0, hidden_at__gte=measure.created_at).update(
                hidden_at=None, hidden_by=None
            )
            if shown:
                from hearth.moderation.actions.reports import show_chat_message_again  # chats' room, after commit

                show_chat_message_again(measure.target_id or 0)
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


# --- Who may ----------------------------------------------------------------------------------


def standing_removal(member: User, community: Community) -> Measure | None:
    return (
        Measure.objects.filter(standing(), kind=MeasureKind.REMOVE, member=member, community=community)
        .order_by("-created_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class MemberInCommunity:
    """A member as the community's moderators see them: their membership, or the removal that
    keeps them out (a removed member is still shown, so that the removal can be lifted)."""

    access: CommunityAccess  # the moderator's
    member: User
    membership: Membership | None
    removal: Measure | None

    @property
    def community(self) -> Community:
        return self.access.community


def member_for(user: Any, slug: str, handle: str) -> MemberInCommunity:
    """The member `handle` of the community `slug`, for its moderators; 404 for everyone else, and
    for handles of nobody, or of people who are neither members nor removed by a standing measure."""
    access = community_for(user, slug, Need.MODERATE)
    member = User.objects.named(handle).first()
    if member is None:
        raise Http404
    membership = Membership.objects.filter(community=access.community, user=member).first()
    removal = None if membership is not None else standing_removal(member, access.community)
    if membership is None and removal is None:
        raise Http404
    return MemberInCommunity(access, member, membership, removal)


def measure_for(user: Any, measure_id: int) -> Measure:
    """A measure, for the moderators of its community (site administrators for a suspension);
    404 for everyone else."""
    measure = Measure.objects.select_related("community", "member", "created_by").filter(pk=measure_id).first()
    if measure is None:
        raise Http404
    if measure.community is None:
        if not is_site_admin(user):
            raise Http404
    elif not access_for(user, measure.community).can_moderate:
        raise Http404
    return measure


def site_admin_for(user: Any, handle: str) -> User:
    """The member `handle`, for site administrators (who suspend); 404 for everyone else."""
    if not is_site_admin(user):
        raise Http404
    member = User.objects.named(handle).first()
    if member is None:
        raise Http404
    return member


def _check_rank(access: CommunityAccess | None, actor: User, member: User, role: str | None) -> None:
    """Refuse a measure concerning someone who answers for the community (or the site) to one
    who may not act on them."""
    if member.pk == actor.pk:
        raise ValidationError("You cannot take a measure concerning yourself.", code="self")
    actor_is_admin = is_site_admin(actor)
    if is_site_admin(member) and not actor_is_admin:
        raise ValidationError("Only a site administrator can act on a site administrator.", code="protected")
    if role == Role.FOUNDER and not actor_is_admin:
        raise ValidationError("Only a site administrator can act on a founder of the community.", code="protected")
    if role == Role.MODERATOR and not (access is not None and access.can_manage):
        raise ValidationError("Only the community's founders can act on one of its moderators.", code="protected")


def rank_refusal(moderator: User, measure: Measure) -> str:
    """Why `moderator` may not undo a measure concerning someone above them (a founder, or a
    moderator when they are not a founder), through a lift or an appeal; empty when they may."""
    member = measure.member
    if member is None or measure.community is None or member.pk == moderator.pk:
        return ""
    role = Membership.objects.filter(community=measure.community, user=member).values_list("role", flat=True).first()
    try:
        _check_rank(access_for(moderator, measure.community), moderator, member, role)
    except ValidationError as refused:
        return str(refused.messages[0])
    return ""


# --- Checking what is given -------------------------------------------------------------------


def check_told(text: str, *, what: str = "a reason", code: str = "reason") -> str:
    """What the member is told (a measure's reason, an appeal's answer): something, and at most
    DECISION_REASON_MAX characters."""
    refuse_nul(text)
    text = text.strip()
    if not text:
        verb = "Give a short reason" if what == "a reason" else f"Write {what}"
        raise ValidationError(f"{verb}: the member is told it.", code=code)
    if len(text) > DECISION_REASON_MAX:
        raise ValidationError(f"{what.capitalize()} has at most {DECISION_REASON_MAX} characters.", code=code)
    return text


def check_reason(reason: str) -> str:
    """The reason the member is told."""
    return check_told(reason)


def check_days(days: int, most: int, what: str) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= most:
        raise ValidationError(f"{what} lasts from 1 to {most} days.", code="days")
    return days


def _check_item(item: QueueItem | None, member: User, community: Community | None) -> None:
    """A queue item a measure comes from is about something the member wrote, in that community."""
    if item is None:
        return
    author = author_of(target_of(item))
    if author is None or author.pk != member.pk or (community is not None and item.community_id != community.pk):
        raise ValidationError("That report is not about something this member wrote here.", code="item")


# --- Taking measures --------------------------------------------------------------------------


def _membership_for_measure(actor: User, community: Community, member: User) -> tuple[CommunityAccess, Membership]:
    """The member's membership, locked, once the actor is found to moderate and to outrank them."""
    access = access_for(actor, community)
    if not access.can_moderate:
        raise ValidationError("Only the community's moderators take measures here.", code="not_moderator")
    if member.pk == actor.pk:
        raise ValidationError("You cannot take a measure concerning yourself.", code="self")
    # Race: two moderators acting on the same member at once; the membership row orders them.
    membership = Membership.objects.select_for_update().filter(community=community, user=member).first()
    if membership is None:
        raise ValidationError(f"{member.handle} is not a member of {community.name}.", code="not_member")
    _check_rank(access, actor, member, membership.role)
    return access, membership


def _take(
    actor: User,
    kind: MeasureKind,
    member: User,
    community: Community | None,
    reason: str,
    *,
    item: QueueItem | None,
    ends_at: datetime | None = None,
    **data: Any,
) -> Measure:
    """Make the measure, write it to the audit log and tell the member after the commit; the
    caller holds the transaction."""
    measure = Measure.objects.create(
        kind=kind,
        member=member,
        community=community,
        item=item,
        reason=reason,
        created_by=actor,
        ends_at=ends_at,
    )
    if item is not None:
        data["item"] = item.pk
    if ends_at is not None:
        data["ends_at"] = ends_at.isoformat()
    record(actor, f"measure:{kind}", measure, community=community, reason=reason, subject=member, **data)
    transaction.on_commit(lambda: notify(member, Kind.MEASURE, community=community, measure=measure))
    return measure


def do_warn(
    moderator: User, community: Community, member: User, reason: str, *, item: QueueItem | None = None
) -> Measure:
    """A private warning: the member is told, and nothing anyone else sees changes."""
    reason = check_reason(reason)
    _check_item(item, member, community)
    with transaction.atomic():
        _membership_for_measure(moderator, community, member)
        return _take(moderator, MeasureKind.WARN, member, community, reason, item=item)


def do_mute(
    moderator: User, community: Community, member: User, days: int, reason: str, *, item: QueueItem | None = None
) -> Measure:
    """Mute a member in the community for `days`: they read, but do not post, react or chat there."""
    days = check_days(days, MUTE_DAYS_MAX, "A mute")
    reason = check_reason(reason)
    _check_item(item, member, community)
    with transaction.atomic():
        _membership_for_measure(moderator, community, member)
        ends_at = timezone.now() + timedelta(days=days)
        measure = _take(moderator, MeasureKind.MUTE, member, community, reason, item=item, ends_at=ends_at, days=days)
        refresh_pauses(member, community.pk)
    return measure


def do_remove(
    moderator: User, community: Community, member: User, reason: str, *, item: QueueItem | None = None
) -> Measure:
    """Remove a member from the community; while the removal stands, they cannot join again."""
    reason = check_reason(reason)
    _check_item(item, member, community)
    with transaction.atomic():
        _, membership = _membership_for_measure(moderator, community, member)  # who may, locked
        end_membership(membership)
        return _take(moderator, MeasureKind.REMOVE, member, community, reason, item=item)  # one audit event


def do_suspend(admin: User, member: User, days: int | None, reason: str, *, item: QueueItem | None = None) -> Measure:
    """Suspend an account from the whole site, for `days` or (None) until lifted: the member signs
    in and reads, but posts, reacts, chats, sends messages, connects and reports nowhere."""
    if not is_site_admin(admin):
        raise ValidationError("Only site administrators suspend accounts.", code="not_admin")
    if days is not None:
        days = check_days(days, SUSPEND_DAYS_MAX, "A suspension")
    reason = check_reason(reason)
    _check_item(item, member, None)
    _check_rank(None, admin, member, None)
    with transaction.atomic():
        # Race: two administrators suspending the same member at once; the member's row orders them.
        User.objects.select_for_update().filter(pk=member.pk).first()
        ends_at = timezone.now() + timedelta(days=days) if days is not None else None
        measure = _take(admin, MeasureKind.SUSPEND, member, None, reason, item=item, ends_at=ends_at, days=days)
        refresh_pauses(member, None)
    return measure


def do_lift_early(moderator: User, measure: Measure, reason: str) -> Measure:
    """A moderator's change of mind: lift a measure with a reason, and tell the member it was lifted
    (when the measure concerned them rather than one of their posts)."""
    reason = check_reason(reason)
    member = measure.member
    if member is not None:
        if member.pk == moderator.pk:
            raise ValidationError("A measure concerning you is lifted by someone else.", code="self")
        if measure.community is not None:
            role = (
                Membership.objects.filter(community=measure.community, user=member)
                .values_list("role", flat=True)
                .first()
            )
            _check_rank(access_for(moderator, measure.community), moderator, member, role)
    if measure.lifted_at is None and measure.ends_at is not None and measure.ends_at <= timezone.now():
        raise ValidationError("This measure has already ended.", code="ended")
    lifted = do_lift(moderator, measure, reason=reason)
    if member is not None and lifted.kind in ON_THE_MEMBER:
        community = lifted.community
        transaction.on_commit(lambda: notify(member, Kind.MEASURE, community=community, measure=lifted))
    return lifted


# --- What moderators see of a member ----------------------------------------------------------

RECENT_DAYS = 30
EARLIER_SHOWN = 10


@dataclass(frozen=True)
class MemberStanding:
    """A member's measures as a moderator of the community sees them: those in force here, and
    (for site administrators) their site suspensions; a few earlier ones; and how much they
    posted here lately (anonymous posts not counted: counting them would tell who wrote them)."""

    standing: list[Measure]
    suspensions: list[Measure]
    earlier: list[Measure]
    recent_posts: int


def standing_of(found: MemberInCommunity) -> MemberStanding:
    now = timezone.now()
    # Measures on the member's anonymous posts are not listed: that would name the author.
    anonymous = Post.objects.filter(author=found.member, community=found.community, is_anonymous=True).values("pk")
    here = (
        Measure.objects.filter(member=found.member, community=found.community)
        .exclude(target_type=TargetType.POST, target_id__in=anonymous)
        .select_related("created_by")
    )
    suspensions = Measure.objects.none()
    if found.access.is_site_admin:
        suspensions = Measure.objects.filter(member=found.member, kind=MeasureKind.SUSPEND).select_related("created_by")
    earlier = sorted(
        [*here.exclude(standing(now))[:EARLIER_SHOWN], *suspensions.exclude(standing(now))[:EARLIER_SHOWN]],
        key=lambda measure: measure.created_at,
        reverse=True,
    )
    recent = Post.objects.filter(
        author=found.member,
        community=found.community,
        is_anonymous=False,
        deleted_at__isnull=True,
        created_at__gte=now - timedelta(days=RECENT_DAYS),
    ).count()
    return MemberStanding(
        standing=list(here.filter(standing(now))),
        suspensions=list(suspensions.filter(standing(now))),
        earlier=earlier[:EARLIER_SHOWN],
        recent_posts=recent,
    )
