"""What a member's moderation record shows (every measure concerning them, with its appeal, and
the audit events whose subject they are), the open appeals in a moderation queue, and the audit
log as administrators and a community's moderators read it.

To the member, moderators are "the moderators of <community>" or "the site's administrators",
never a handle; reporters are never named, and a dismissed report (which changed nothing for
them) is not shown, so a report never shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from hearth.accounts.models import User
from hearth.audit.models import AuditEvent
from hearth.communities.models import Community
from hearth.discussions.models import Post
from hearth.moderation.actions.appeals import (
    appeal_of,
    appeal_open_until,
    closed_message,
    is_site_measure,
    judge_refusal,
)
from hearth.moderation.models import Appeal, AppealStatus, LabelKind, Measure, MeasureKind, TargetType
from hearth.moderation.queue import QUEUE_MAX

PER_PAGE = 20

_THINGS: dict[str, str] = {
    TargetType.POST: "post",
    TargetType.CHAT_MESSAGE: "live chat message",
    TargetType.DIRECT_MESSAGE: "direct message",
    TargetType.PROFILE: "profile",
    TargetType.COMMUNITY: "community",
    "measure": "content",  # "measure:hide" and the like, in the audit log
}
# What was done, told to the member it concerns.
_DONE = {
    MeasureKind.HIDE: "Your {thing} was hidden",
    MeasureKind.LABEL: "A label was added to your {thing}",
    MeasureKind.HOLD: "Your {thing} was held for a moderator's approval",
    MeasureKind.WARN: "You were warned",
    MeasureKind.MUTE: "You were muted: you could read, but not post",
    MeasureKind.REMOVE: "You were removed from the community",
    MeasureKind.SUSPEND: "Your account was suspended: you could read, but not post",
}
_EVENTS = {
    "measure:lift": "A measure concerning you was lifted",
    "appeal:open": "You appealed",
    "appeal:uphold": "Your appeal was answered: the measure stands",
    "appeal:overturn": "Your appeal was answered: the measure was lifted",
    "post:approve": "Your post was approved",
    "professional:apply": "You applied to be a verified professional",
    "professional:cancel": "You cancelled your application to be a verified professional",
    "professional:verify": "You were verified as a professional",
    "professional:decline": "Your application to be a verified professional was declined",
    "professional:withdraw": "Your verification as a professional was withdrawn",
}


def _thing(target_type: str) -> str:
    return _THINGS.get(target_type, target_type.replace("_", " ") or "content")


def what_was_done(measure: Measure) -> str:
    return _DONE[MeasureKind(measure.kind)].format(thing=_thing(measure.target_type))


def deciders(measure: Measure) -> str:
    """Who answers an appeal of the measure, as the member is told."""
    return "the site's administrators" if is_site_measure(measure) else _by(measure.community)


def _by(community: Community | None) -> str:
    return f"the moderators of {community.name}" if community is not None else "the site's administrators"


def _automatic(community: Community | None) -> str:
    return f"an automatic safeguard of {community.name}" if community is not None else "an automatic safeguard"


def label_of(measure: Measure) -> str:
    if measure.kind != MeasureKind.LABEL or not measure.label_kind:
        return ""
    title = str(LabelKind(measure.label_kind).label)
    return f"{title}: {measure.label_text}" if measure.label_text else title


# --- The member's record ----------------------------------------------------------------------


@dataclass(frozen=True)
class RecordEntry:
    measure: Measure
    what: str  # "Your post was hidden"
    by: str  # "the moderators of Type 1 together", "the site's administrators", "an automatic safeguard …"
    community: Community | None
    post_url: str  # the post, while the member can still read it
    label: str
    standing: bool
    appeal: Appeal | None
    appeal_until: datetime | None  # the member may appeal until then
    appeal_closed: str  # why the member may no longer appeal, when the time ran out
    appeal_url: str
    answered_by: str  # who answers (or answered) an appeal


def measures_of(member: User) -> QuerySet[Measure]:
    """Every measure concerning the member, newest first."""
    return Measure.objects.filter(member=member).select_related("community", "appeal").order_by("-created_at", "-pk")


def _readable_posts(member: User, measures: list[Measure]) -> set[int]:
    ids = [m.target_id for m in measures if m.target_type == TargetType.POST and m.target_id is not None]
    if not ids:
        return set()
    return set(Post.objects.visible_to(member).filter(pk__in=ids).values_list("pk", flat=True))


def record_entries(member: User, measures: list[Measure]) -> list[RecordEntry]:
    readable = _readable_posts(member, measures)
    shown = []
    for measure in measures:
        appeal = appeal_of(measure)
        until = appeal_open_until(measure)
        closed = (
            closed_message(measure)
            if appeal is None and until is None and measure.lifted_at is None and measure.kind != MeasureKind.HOLD
            else ""
        )
        by = deciders(measure)
        shown.append(
            RecordEntry(
                measure=measure,
                what=what_was_done(measure),
                by=_automatic(measure.community) if measure.is_automatic else by,
                community=measure.community,
                post_url=reverse("post_link", args=[measure.target_id])
                if measure.target_type == TargetType.POST and measure.target_id in readable
                else "",
                label=label_of(measure),
                standing=measure.stands(),
                appeal=appeal,
                appeal_until=until,
                appeal_closed=closed,
                appeal_url=reverse("moderation_appeal", args=[measure.pk]),
                answered_by=deciders(measure),
            )
        )
    return shown


@dataclass(frozen=True)
class MemberEvent:
    """One audit event about the member, in their words."""

    what: str
    by: str  # "the moderators of …", "the site's administrators", or empty for the member's own doing
    where: str
    why: str
    when: datetime


def events_about(member: User) -> QuerySet[AuditEvent]:
    """The audit events whose subject is the member, newest first, but for dismissed reports."""
    return (
        AuditEvent.objects.filter(subject=member)
        .exclude(action__endswith=":dismiss")
        .select_related("community")
        .order_by("-created_at", "-pk")
    )


def event_words(action: str, data: dict[str, Any]) -> str:
    """What an event did, told to the member it concerns."""
    if action in _EVENTS:
        said = _EVENTS[action]
        kind = data.get("kind")
        if action == "measure:lift" and kind in MeasureKind.values:
            said += f" ({MeasureKind(kind).label.lower()})"
        return said
    noun, _, verb = action.partition(":")
    if verb in MeasureKind.values:
        return _DONE[MeasureKind(verb)].format(thing=_thing(noun))
    return f"{noun.replace('_', ' ').capitalize()}: {verb.replace('_', ' ')}"


def member_events(member: User, events: list[AuditEvent]) -> list[MemberEvent]:
    return [
        MemberEvent(
            what=event_words(event.action, event.data if isinstance(event.data, dict) else {}),
            by="" if event.actor_id == member.pk else _by(event.community),
            where=event.community.name if event.community is not None else "",
            # The member's own words are in their appeal, not in the log.
            why=event.reason,
            when=event.created_at,
        )
        for event in events
    ]


# --- Appeals in a queue -----------------------------------------------------------------------


@dataclass(frozen=True)
class AppealEntry:
    appeal: Appeal
    measure: Measure
    what: str  # "Hidden", "Muted in the community"
    thing: str  # "post", or "" for a measure on the member themself
    target_url: str
    member: str  # "@omar", or "Anonymous member" for a measure on an anonymous post
    community: Community | None
    decide_url: str
    refusal: str  # why this viewer should leave it to another moderator; empty when they may answer


def open_appeals(community: Community | None) -> list[Appeal]:
    """A community's open appeals (not of suspensions, which are the site's), or with None every
    open appeal of the site, oldest first."""
    appeals = Appeal.objects.filter(status=AppealStatus.OPEN).select_related("measure__community", "member")
    if community is not None:
        appeals = appeals.filter(measure__community=community).exclude(measure__kind=MeasureKind.SUSPEND)
    return list(appeals.order_by("created_at", "pk")[:QUEUE_MAX])


def appeal_entries(viewer: User, appeals: list[Appeal]) -> list[AppealEntry]:
    posts = {
        a.measure.target_id
        for a in appeals
        if a.measure.target_type == TargetType.POST and a.measure.target_id is not None
    }
    live = set(Post.objects.filter(pk__in=posts, deleted_at__isnull=True).values_list("pk", flat=True))
    # Whoever wrote an anonymous post is not named to moderators here either.
    anonymous = set(Post.objects.filter(pk__in=posts, is_anonymous=True).values_list("pk", flat=True))
    return [
        AppealEntry(
            appeal=appeal,
            measure=appeal.measure,
            what=str(MeasureKind(appeal.measure.kind).label),
            thing=_thing(appeal.measure.target_type) if appeal.measure.target_type else "",
            target_url=reverse("post_link", args=[appeal.measure.target_id])
            if appeal.measure.target_type == TargetType.POST and appeal.measure.target_id in live
            else "",
            member="Anonymous member"
            if appeal.measure.target_type == TargetType.POST and appeal.measure.target_id in anonymous
            else f"@{appeal.member.handle}",
            community=appeal.measure.community,
            decide_url=reverse("moderation_appeal_decide", args=[appeal.pk]),
            refusal=judge_refusal(viewer, appeal.measure),
        )
        for appeal in appeals
    ]


# --- The audit log ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    community: str = ""  # a slug
    actor: str = ""  # a handle
    subject: str = ""  # a handle
    action: str = ""  # the start of an action, "post:" or "appeal"


def audit_events(community: Community | None = None, given: AuditFilter | None = None) -> QuerySet[AuditEvent]:
    """The audit log, newest first: a community's events, or with None the whole site's."""
    events = AuditEvent.objects.select_related("actor", "subject", "community").order_by("-created_at", "-pk")
    if community is not None:
        events = events.filter(community=community)
    given = given or AuditFilter()
    if given.community:
        events = events.filter(community__slug=given.community)
    if given.actor:
        events = events.filter(actor__in=User.objects.named(given.actor.removeprefix("@")))
    if given.subject:
        events = events.filter(subject__in=User.objects.named(given.subject.removeprefix("@")))
    if given.action:
        events = events.filter(action__startswith=given.action)
    return events


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    actor: str  # "@ravi", or "automatic" when nobody (a safeguard, or someone since erased)
    subject: str
    target: str  # "post 12"
    target_url: str


def audit_rows(events: list[AuditEvent]) -> list[AuditRow]:
    return [
        AuditRow(
            event=event,
            actor=f"@{event.actor.handle}" if event.actor is not None else "nobody (automatic, or since erased)",
            subject=f"@{event.subject.handle}" if event.subject is not None else "",
            target=f"{event.target_type.replace('_', ' ')} {event.target_id}",
            target_url=reverse("post_link", args=[event.target_id]) if event.target_type == "post" else "",
        )
        for event in events
    ]
