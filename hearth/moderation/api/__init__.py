"""API for moderation: reporting a post, a community's moderation queue, and deciding an item.

Whoever may not moderate a community gets 404 for its queue and items, as for any private thing.
Deciding an item someone already decided answers 409 ("Already handled by @x"), never a second
decision; a label without its links or text is refused with 409 too (the document cannot say
which fields one choice needs).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import Field

from hearth.accounts.access import member_of
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    ANY_TEXT,
    CONFLICT,
    NOT_FOUND,
    READ_ERRORS,
    STORABLE,
    TOO_MANY,
    WRITE_ERRORS,
    Input,
    PathId,
)
from hearth.communities.access import Need, community_for
from hearth.moderation import actions, queue
from hearth.moderation.access import item_for
from hearth.moderation.models import (
    DECISION_REASON_MAX,
    LABEL_LINKS_MAX,
    LABEL_TEXT_MAX,
    NOTE_MAX,
    URL_MAX,
    Decision,
    LabelKind,
    QueueItem,
    Reason,
)

router = Router(tags=["moderation"])

PostId = PathId
ItemId = PathId
WebLink = Annotated[
    str,
    Field(pattern=ANY_TEXT, max_length=URL_MAX, description="An http:// or https:// address."),
    STORABLE,
]


# --- What comes in ----------------------------------------------------------------------------


class ModerationReportCreate(Input):
    reason: Reason
    note: Annotated[
        str, Field(pattern=ANY_TEXT, max_length=NOTE_MAX, description="Anything moderators should know."), STORABLE
    ] = ""
    source: WebLink = Field(default="", description="For misinformation: a link to a reliable source.")


class ModerationLabelIn(Input):
    kind: LabelKind
    text: Annotated[
        str, Field(pattern=ANY_TEXT, max_length=LABEL_TEXT_MAX, description="The content warning."), STORABLE
    ] = ""
    links: list[WebLink] = Field(
        default_factory=list,
        max_length=LABEL_LINKS_MAX,
        description=(
            "Sources, for a disputed label: http:// or https:// addresses, or the `url` of an entry of the "
            "evidence library (`/library/<condition>/<id>/`)."
        ),
    )


class ModerationActionCreate(Input):
    action: Decision
    reason: Annotated[
        str,
        Field(pattern=ANY_TEXT, max_length=DECISION_REASON_MAX, description="Why; the post's author is told it."),
        STORABLE,
    ]
    label: ModerationLabelIn | None = None


# --- What goes out ----------------------------------------------------------------------------


class ModerationReportOut(Schema):
    detail: str
    already: bool


class ModerationReasonOut(Schema):
    reason: Reason
    count: int
    notes: list[str]
    sources: list[str]


class ModerationItemOut(Schema):
    id: int
    url: str  # the page to decide it
    target_type: str
    target_id: int
    target_url: str  # the reported post's page, empty for direct messages and deleted posts
    text_html: str
    author: str
    thread: str
    reporters: int
    reasons: list[ModerationReasonOut]
    created_at: dt.datetime
    handled: bool
    handled_by: str | None
    decision: str
    decision_reason: str
    note: str = Field(description="Why a safeguard put it here (a held or flagged post); empty otherwise.")


class ModerationCheckOut(Schema):
    id: int
    what: str
    url: str
    created_at: dt.datetime


class ModerationQueueOut(Schema):
    url: str
    items: list[ModerationItemOut]
    wellbeing_checks: list[ModerationCheckOut]


def _item_out(entry: queue.Entry) -> ModerationItemOut:
    item = entry.item
    return ModerationItemOut(
        id=item.pk,
        url=entry.act_url,
        target_type=item.target_type,
        target_id=item.target_id,
        target_url=entry.url,
        text_html=str(entry.body),
        author=entry.author,
        thread=entry.place,
        reporters=entry.reporters,
        reasons=[
            ModerationReasonOut(reason=Reason(g.reason), count=g.count, notes=list(g.notes), sources=list(g.links))
            for g in entry.reasons
        ],
        created_at=item.created_at,
        handled=item.is_handled,
        handled_by=item.handled_by.handle if item.handled_by else None,
        decision=item.decision,
        decision_reason=item.reason,
        note=item.note,
    )


# --- Operations -------------------------------------------------------------------------------


@router.post(
    "/posts/{post_id}/reports",
    response={201: ModerationReportOut, 200: ModerationReportOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT, **TOO_MANY},
    summary="Report a post to its community's moderators",
    description=(
        "The member is never told who reported them. 201 for a new report; 200 when your earlier "
        "report of the post is still open (it counts once). 404 for a post you cannot read; 409 for "
        "your own post or a source that is not a web address; 429, with `Retry-After`, after many reports."
    ),
)
def report_post(request: HttpRequest, post_id: PostId, data: ModerationReportCreate) -> Status[ModerationReportOut]:
    user = member_of(request)
    with refused_as({"own": 409, "evidence_url": 409}):
        done = actions.do_report_post(user, post_id, data.reason, data.note, data.source)
    return Status(200 if done.already else 201, ModerationReportOut(detail=done.message, already=done.already))


@router.get(
    "/communities/{slug}/moderation/queue",
    response={200: ModerationQueueOut, **READ_ERRORS},
    summary="A community's moderation queue, oldest first, with its open well-being checks",
    description="For the community's moderators and founders, and site administrators; 404 for everyone else.",
)
def get_queue(request: HttpRequest, slug: str) -> ModerationQueueOut:
    community = community_for(member_of(request), slug, Need.MODERATE).community
    return ModerationQueueOut(
        url=reverse("moderation_queue", args=[community.slug]),
        items=[_item_out(entry) for entry in queue.entries(queue.open_items(community))],
        wellbeing_checks=[
            ModerationCheckOut(id=c.check.pk, what=c.check.what, url=c.url, created_at=c.check.created_at)
            for c in queue.open_checks(community)
        ],
    )


@router.post(
    "/moderation/items/{item_id}/actions",
    response={200: ModerationItemOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Decide a queue item: dismiss its reports, hide the post, or label it",
    description=(
        "`reason` is required and shown to the post's author when the post is hidden or labelled. "
        "A label is `disputed` with one to three `links`, or `content_warning` with `text`. 404 for "
        "an item of a community you do not moderate; 409 when it was already handled (by whom is "
        "said) or the decision lacks what it needs. `approve` lets a post held for approval show "
        "(its author is told); `dismiss` approves a held post too, and any decision lifts a hide the "
        "safeguards made after several members' reports."
    ),
)
def act(request: HttpRequest, item_id: ItemId, data: ModerationActionCreate) -> ModerationItemOut:
    user = member_of(request)
    item: QueueItem = item_for(user, item_id)
    label = data.label
    given = actions.DecisionInput(
        data.action,
        data.reason,
        label.kind if label else "",
        label.text if label else "",
        tuple(label.links) if label else (),
    )
    with refused_as({}, otherwise=409):
        item = actions.do_decide(user, item, given)
    item.refresh_from_db()
    return _item_out(queue.entries([item])[0])
