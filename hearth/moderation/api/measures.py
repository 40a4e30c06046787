"""API for moderators' measures on a member: warn privately, mute in a community for some days,
remove from a community, suspend from the site (site administrators), and lift a measure early.

Whoever does not moderate the community (or, for suspensions, is not a site administrator) gets
404, as for unknown members; so does a handle that is not a member of the community (a member
removed by a standing measure is still found, so that the removal can be lifted). What cannot
be done to this member (oneself, a founder or a moderator one may not act on, a measure already
lifted or ended) answers 409.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import BeforeValidator, Field

from hearth.accounts.access import member_of
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    CONFLICT,
    NOT_BLANK,
    NOT_FOUND,
    READ_ERRORS,
    SAYS_SOMETHING,
    WRITE_ERRORS,
    BodyId,
    Input,
    PathId,
    _a_number,
)
from hearth.moderation.access import item_for
from hearth.moderation.actions import measures as actions
from hearth.moderation.models import DECISION_REASON_MAX, Measure, MeasureKind, QueueItem

router = Router(tags=["moderation"])

MeasureId = PathId
Reason = Annotated[
    str,
    Field(
        pattern=SAYS_SOMETHING,
        max_length=DECISION_REASON_MAX,
        description="Why; the member is told it (a lift's reason goes to the audit log).",
    ),
    NOT_BLANK,
]
_REFUSALS = {"self": 409, "protected": 409, "not_member": 409, "item": 409, "lifted": 409, "ended": 409}


# --- What comes in ----------------------------------------------------------------------------


class ModerationMeasureIn(Input):
    reason: Reason
    item: BodyId | None = Field(
        default=None, description="The queue item this comes from, when acting on its author; decided separately."
    )


class ModerationMuteIn(ModerationMeasureIn):
    days: Annotated[
        int,
        Field(ge=1, le=actions.MUTE_DAYS_MAX, description="How many days the mute lasts."),
        BeforeValidator(_a_number),  # a number, as the document says: not true, nor "3"
    ]


class ModerationSuspendIn(ModerationMeasureIn):
    days: Annotated[
        int | None,
        Field(ge=1, le=actions.SUSPEND_DAYS_MAX, description="How many days; none for until lifted."),
        BeforeValidator(_a_number),
    ] = None


class ModerationLiftIn(Input):
    reason: Reason


# --- What goes out ----------------------------------------------------------------------------


class ModerationMeasureOut(Schema):
    id: int
    kind: MeasureKind
    member: str | None  # the member's handle
    community: str | None  # the community's slug; none for a site suspension
    reason: str
    created_by: str | None  # a moderator's handle; none for an automatic safeguard's
    created_at: dt.datetime
    ends_at: dt.datetime | None
    lifted_at: dt.datetime | None
    stands: bool


class ModerationMemberOut(Schema):
    handle: str
    community: str
    role: str | None  # none for a member removed by a standing measure
    muted_until: dt.datetime | None
    recent_posts: int = Field(description=f"Posts here in the last {actions.RECENT_DAYS} days, anonymous ones aside.")
    standing: list[ModerationMeasureOut] = Field(description="Measures in force in this community.")
    suspensions: list[ModerationMeasureOut] = Field(
        description="Site suspensions in force; shown to site administrators only."
    )


def _measure_out(measure: Measure) -> ModerationMeasureOut:
    return ModerationMeasureOut(
        id=measure.pk,
        kind=MeasureKind(measure.kind),
        member=measure.member.handle if measure.member else None,
        community=measure.community.slug if measure.community else None,
        reason=measure.reason,
        created_by=measure.created_by.handle if measure.created_by else None,
        created_at=measure.created_at,
        ends_at=measure.ends_at,
        lifted_at=measure.lifted_at,
        stands=measure.stands(),
    )


def _item(request: HttpRequest, item_id: int | None) -> QueueItem | None:
    return item_for(member_of(request), item_id) if item_id is not None else None


_WRITE = {201: ModerationMeasureOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT}
_ABOUT = (
    " The member is told what was done and why, after the commit, and may appeal once; it goes to the "
    "audit log. 404 unless you moderate the community and the handle is a member of it; 409 for "
    "yourself, or a founder or moderator you may not act on; 422 for a reason empty or too long."
)


# --- Operations -------------------------------------------------------------------------------


@router.get(
    "/moderation/communities/{slug}/members/{handle}",
    response={200: ModerationMemberOut, **READ_ERRORS},
    summary="A member as the community's moderators see them, with the measures in force",
    description="For the community's moderators and site administrators; 404 for everyone else.",
)
def get_member(request: HttpRequest, slug: str, handle: str) -> ModerationMemberOut:
    found = actions.member_for(member_of(request), slug, handle)
    shown = actions.standing_of(found)
    return ModerationMemberOut(
        handle=found.member.handle,
        community=found.community.slug,
        role=found.membership.role if found.membership else None,
        muted_until=found.membership.muted_until if found.membership else None,
        recent_posts=shown.recent_posts,
        standing=[_measure_out(m) for m in shown.standing],
        suspensions=[_measure_out(m) for m in shown.suspensions],
    )


@router.post(
    "/moderation/communities/{slug}/members/{handle}/warn",
    response=_WRITE,
    summary="Warn a member privately",
    description="Nothing others see changes." + _ABOUT,
)
def warn(request: HttpRequest, slug: str, handle: str, data: ModerationMeasureIn) -> Status[ModerationMeasureOut]:
    user = member_of(request)
    found = actions.member_for(user, slug, handle)
    item = _item(request, data.item)
    with refused_as(_REFUSALS):
        measure = actions.do_warn(user, found.community, found.member, data.reason, item=item)
    return Status(201, _measure_out(measure))


@router.post(
    "/moderation/communities/{slug}/members/{handle}/mute",
    response=_WRITE,
    summary="Mute a member in the community for some days",
    description="They read, but cannot post, reply, react or chat there until it ends." + _ABOUT,
)
def mute(request: HttpRequest, slug: str, handle: str, data: ModerationMuteIn) -> Status[ModerationMeasureOut]:
    user = member_of(request)
    found = actions.member_for(user, slug, handle)
    item = _item(request, data.item)
    with refused_as(_REFUSALS):
        measure = actions.do_mute(user, found.community, found.member, data.days, data.reason, item=item)
    return Status(201, _measure_out(measure))


@router.post(
    "/moderation/communities/{slug}/members/{handle}/remove",
    response=_WRITE,
    summary="Remove a member from the community",
    description="While the removal stands, they cannot join, ask to join or accept an invitation." + _ABOUT,
)
def remove(request: HttpRequest, slug: str, handle: str, data: ModerationMeasureIn) -> Status[ModerationMeasureOut]:
    user = member_of(request)
    found = actions.member_for(user, slug, handle)
    item = _item(request, data.item)
    with refused_as(_REFUSALS):
        measure = actions.do_remove(user, found.community, found.member, data.reason, item=item)
    return Status(201, _measure_out(measure))


@router.post(
    "/moderation/members/{handle}/suspend",
    response=_WRITE,
    summary="Suspend a member from the whole site (site administrators)",
    description=(
        "For `days`, or until lifted. They sign in and read, but post, react, chat, send messages, "
        "ask to connect, create communities and report nowhere. The member is told, and may appeal "
        "once. 404 for everyone but site administrators, and for unknown handles; 409 for yourself "
        "or another site administrator; 422 for a reason empty or too long."
    ),
)
def suspend(request: HttpRequest, handle: str, data: ModerationSuspendIn) -> Status[ModerationMeasureOut]:
    user = member_of(request)
    member = actions.site_admin_for(user, handle)
    item = _item(request, data.item)
    with refused_as(_REFUSALS):
        measure = actions.do_suspend(user, member, data.days, data.reason, item=item)
    return Status(201, _measure_out(measure))


@router.post(
    "/moderation/measures/{measure_id}/lift",
    response={200: ModerationMeasureOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Lift a measure early",
    description=(
        "A mute or suspension ends, a removed member may join again, a hidden post shows again. "
        "404 unless you moderate the measure's community (site administrators, for suspensions); "
        "409 when it was already lifted or has ended, or concerns you or someone you may not act on."
    ),
)
def lift(request: HttpRequest, measure_id: MeasureId, data: ModerationLiftIn) -> ModerationMeasureOut:
    user = member_of(request)
    measure = actions.measure_for(user, measure_id)
    with refused_as(_REFUSALS):
        measure = actions.do_lift_early(user, measure, data.reason)
    return _measure_out(measure)
