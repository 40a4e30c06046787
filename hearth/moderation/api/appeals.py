"""API: a member's moderation record and appeals; the open appeals of a community and answering
one; the audit log, for site administrators and a community's moderators.

Someone else's measure, an appeal one may not answer and another community's appeals and log
are 404, as for any private thing. Appealing twice, after the deadline or a lifted measure, and
answering an appeal already answered (or one's own measure, where another moderator can), are
409 with a plain sentence.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from hearth.accounts.access import member_of
from hearth.accounts.validators import HANDLE_MAX
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    CONFLICT,
    INVALID,
    NOT_BLANK,
    NOT_FOUND,
    READ_ERRORS,
    SAYS_SOMETHING,
    UNAUTHORISED,
    WRITE_ERRORS,
    Input,
    PageQuery,
    PathId,
)
from hearth.audit.models import AuditEvent
from hearth.communities.access import Need, community_for
from hearth.moderation import record
from hearth.moderation.access import site_admin_only
from hearth.moderation.actions.appeals import appeal_for, do_appeal, do_decide_appeal, own_measure
from hearth.moderation.models import (
    APPEAL_MAX,
    DECISION_REASON_MAX,
    Appeal,
    AppealStatus,
    LabelKind,
    MeasureKind,
)

router = Router(tags=["moderation"])

MeasureId = PathId
AppealId = PathId
_REFUSED = {"appealed": 409, "closed": 409, "lifted": 409, "not_appealable": 409, "handled": 409, "own_measure": 409}


# --- What comes in ----------------------------------------------------------------------------


class ModerationAppealCreate(Input):
    text: Annotated[
        str,
        Field(pattern=SAYS_SOMETHING, max_length=APPEAL_MAX, description="Why the decision should be looked at again."),
        NOT_BLANK,
    ]


class ModerationAppealVerdict(StrEnum):
    UPHOLD = "uphold"
    OVERTURN = "overturn"


class ModerationAppealDecide(Input):
    decision: ModerationAppealVerdict
    answer: Annotated[
        str,
        Field(pattern=SAYS_SOMETHING, max_length=DECISION_REASON_MAX, description="Why; the member is told it."),
        NOT_BLANK,
    ]


# Empty rather than optional: a query parameter is always a string, and the document says so.
_HANDLE = r"^@?[A-Za-z0-9_.-]*$"


class ModerationAuditQuery(PageQuery):
    actor: str = Field("", pattern=_HANDLE, max_length=HANDLE_MAX + 1, description="Who acted (a handle).")
    subject: str = Field("", pattern=_HANDLE, max_length=HANDLE_MAX + 1, description="Whom it concerns (a handle).")
    action: str = Field("", pattern=r"^[a-z_:]*$", max_length=60, description='How the action starts: "post:".')


class ModerationSiteAuditQuery(ModerationAuditQuery):
    community: str = Field("", pattern=r"^[-a-zA-Z0-9_]*$", max_length=100, description="A community's slug.")


# --- What goes out ----------------------------------------------------------------------------


class ModerationAppealOut(Schema):
    id: int
    measure: int
    status: AppealStatus
    text: str
    answer: str = Field(description="The moderators' answer, once there is one.")
    created_at: dt.datetime
    decided_at: dt.datetime | None


class ModerationRecordMeasureOut(Schema):
    id: int
    kind: MeasureKind
    what: str = Field(description='What was done, in words: "Your post was hidden".')
    by: str = Field(description='"the moderators of <community>", "the site\'s administrators", or a safeguard.')
    community: str | None = Field(description="The community's slug.")
    target_type: str
    target_id: int | None
    target_url: str = Field(description="The post, while you can still read it; empty otherwise.")
    reason: str
    label_kind: LabelKind | None
    label_text: str
    label_links: list[str]
    created_at: dt.datetime
    ends_at: dt.datetime | None
    lifted_at: dt.datetime | None
    standing: bool
    appeal: ModerationAppealOut | None
    appeal_until: dt.datetime | None = Field(description="Until when you may appeal; null when you may not.")
    appeal_closed: str = Field(description="Why you may no longer appeal, when the time ran out.")


class ModerationRecordOut(Schema):
    url: str
    count: int
    measures: list[ModerationRecordMeasureOut]


class ModerationAppealItemOut(Schema):
    id: int
    url: str = Field(description="The page to answer it.")
    measure: int
    kind: MeasureKind
    target_type: str
    target_id: int | None
    target_url: str
    member: str = Field(description='The member\'s handle, or "Anonymous member" for an anonymous post.')
    community: str | None
    reason: str = Field(description="Why the measure was taken.")
    text: str = Field(description="The member's appeal.")
    measure_created_at: dt.datetime
    created_at: dt.datetime
    refusal: str = Field(description="Why you should leave it to another moderator (you took it); empty otherwise.")


class ModerationAppealQueueOut(Schema):
    url: str
    appeals: list[ModerationAppealItemOut]


class ModerationAuditEventOut(Schema):
    id: int
    action: str
    actor: str | None = Field(description="Who acted (a handle); null for a safeguard or someone since erased.")
    subject: str | None = Field(description="Whom it concerns (a handle).")
    community: str | None
    target_type: str
    target_id: int
    reason: str
    created_at: dt.datetime


class ModerationAuditOut(Schema):
    count: int
    items: list[ModerationAuditEventOut]


def _appeal_out(appeal: Appeal) -> ModerationAppealOut:
    return ModerationAppealOut(
        id=appeal.pk,
        measure=appeal.measure_id,
        status=AppealStatus(appeal.status),
        text=appeal.text,
        answer=appeal.answer,
        created_at=appeal.created_at,
        decided_at=appeal.decided_at,
    )


def _measure_out(entry: record.RecordEntry) -> ModerationRecordMeasureOut:
    measure = entry.measure
    return ModerationRecordMeasureOut(
        id=measure.pk,
        kind=MeasureKind(measure.kind),
        what=entry.what,
        by=entry.by,
        community=measure.community.slug if measure.community else None,
        target_type=measure.target_type,
        target_id=measure.target_id,
        target_url=entry.post_url,
        reason=measure.reason,
        label_kind=LabelKind(measure.label_kind) if measure.label_kind else None,
        label_text=measure.label_text,
        label_links=list(measure.label_links),
        created_at=measure.created_at,
        ends_at=measure.ends_at,
        lifted_at=measure.lifted_at,
        standing=entry.standing,
        appeal=_appeal_out(entry.appeal) if entry.appeal else None,
        appeal_until=entry.appeal_until,
        appeal_closed=entry.appeal_closed,
    )


def _item_out(entry: record.AppealEntry) -> ModerationAppealItemOut:
    appeal, measure = entry.appeal, entry.measure
    return ModerationAppealItemOut(
        id=appeal.pk,
        url=entry.decide_url,
        measure=measure.pk,
        kind=MeasureKind(measure.kind),
        target_type=measure.target_type,
        target_id=measure.target_id,
        target_url=entry.target_url,
        member=entry.member.removeprefix("@"),  # "Anonymous member" for an anonymous post
        community=measure.community.slug if measure.community else None,
        reason=measure.reason,
        text=appeal.text,
        measure_created_at=measure.created_at,
        created_at=appeal.created_at,
        refusal=entry.refusal,
    )


def _audit_out(row: record.AuditRow) -> ModerationAuditEventOut:
    event = row.event
    return ModerationAuditEventOut(
        id=event.pk,
        action=event.action,
        actor=event.actor.handle if event.actor else None,
        subject=event.subject.handle if event.subject else None,
        community=event.community.slug if event.community else None,
        target_type=event.target_type,
        target_id=event.target_id,
        reason=event.reason,
        created_at=event.created_at,
    )


# --- Operations -------------------------------------------------------------------------------


@router.get(
    "/moderation/me/record",
    response={200: ModerationRecordOut, **UNAUTHORISED, **INVALID},
    summary="Your moderation record: every measure concerning you, newest first, with its appeal",
    description="Moderators are named only as the community's moderators or the site's administrators.",
)
def my_record(request: HttpRequest, page: Query[PageQuery]) -> ModerationRecordOut:
    user = member_of(request)
    measures = record.measures_of(user)
    shown = list(measures[page.offset : page.offset + page.limit])
    return ModerationRecordOut(
        url=reverse("moderation_record"),
        count=measures.count(),
        measures=[_measure_out(entry) for entry in record.record_entries(user, shown)],
    )


@router.post(
    "/moderation/measures/{measure_id}/appeal",
    response={201: ModerationAppealOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Appeal a measure concerning you, once, within 14 days",
    description=(
        "404 for a measure that is not about you. 409 when you already appealed it, when the 14 days "
        "have passed (the day they closed is said), when it was lifted, or for a post held for approval."
    ),
)
def appeal(request: HttpRequest, measure_id: MeasureId, data: ModerationAppealCreate) -> Status[ModerationAppealOut]:
    user = member_of(request)
    measure = own_measure(user, measure_id)
    with refused_as(_REFUSED, otherwise=409):
        made = do_appeal(user, measure, data.text)
    return Status(201, _appeal_out(made))


@router.get(
    "/moderation/communities/{slug}/appeals",
    response={200: ModerationAppealQueueOut, **READ_ERRORS},
    summary="A community's open appeals, oldest first",
    description="For the community's moderators and founders, and site administrators; 404 for everyone else.",
)
def community_appeals(request: HttpRequest, slug: str) -> ModerationAppealQueueOut:
    user = member_of(request)
    community = community_for(user, slug, Need.MODERATE).community
    return ModerationAppealQueueOut(
        url=reverse("moderation_queue", args=[community.slug]),
        appeals=[_item_out(entry) for entry in record.appeal_entries(user, record.open_appeals(community))],
    )


@router.post(
    "/moderation/appeals/{appeal_id}/decide",
    response={200: ModerationAppealOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Answer an appeal: uphold the measure, or overturn (lift) it",
    description=(
        "`answer` is required and told to the member. The community's moderators answer its appeals; "
        "site administrators answer appeals of suspensions and of measures outside a community; 404 for "
        "everyone else. 409 when it was already answered (by whom is said), or when you took the "
        "measure and another moderator can answer."
    ),
)
def decide(request: HttpRequest, appeal_id: AppealId, data: ModerationAppealDecide) -> ModerationAppealOut:
    user = member_of(request)
    found = appeal_for(user, appeal_id)
    with refused_as(_REFUSED, otherwise=409):
        done = do_decide_appeal(user, found, uphold=data.decision == ModerationAppealVerdict.UPHOLD, answer=data.answer)
    return _appeal_out(done)


@router.get(
    "/moderation/audit",
    response={200: ModerationAuditOut, **READ_ERRORS},
    summary="The whole audit log, newest first",
    description="For site administrators; 404 for everyone else. Filter by community, actor, subject, action.",
)
def site_audit(request: HttpRequest, filters: Query[ModerationSiteAuditQuery]) -> ModerationAuditOut:
    site_admin_only(member_of(request))
    given = record.AuditFilter(filters.community, filters.actor, filters.subject, filters.action)
    return _audit(record.audit_events(None, given), filters)


@router.get(
    "/moderation/communities/{slug}/audit",
    response={200: ModerationAuditOut, **READ_ERRORS},
    summary="A community's audit log, newest first",
    description="For the community's moderators and founders, and site administrators; 404 for everyone else.",
)
def community_audit(request: HttpRequest, slug: str, filters: Query[ModerationAuditQuery]) -> ModerationAuditOut:
    community = community_for(member_of(request), slug, Need.MODERATE).community
    given = record.AuditFilter("", filters.actor, filters.subject, filters.action)
    return _audit(record.audit_events(community, given), filters)


def _audit(events: QuerySet[AuditEvent], page: PageQuery) -> ModerationAuditOut:
    shown = list(events[page.offset : page.offset + page.limit])
    return ModerationAuditOut(count=events.count(), items=[_audit_out(row) for row in record.audit_rows(shown)])
