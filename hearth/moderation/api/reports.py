"""API: reporting a live chat message, a member's profile or a community.

Each mirrors reporting a post: 201 for a new report, 200 when the caller's earlier report of the
same thing is still open (it counts once), 404 for what the caller cannot see, 409 for their own
message or profile (or a source that is not a web address). The reported member is never told who
reported them; "worried" sends them only a private, kind word with places to find support.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Status
from pydantic import Field

from hearth.accounts.access import member_of
from hearth.api.errors import refused_as
from hearth.api.schemas import ANY_TEXT, CONFLICT, NOT_FOUND, STORABLE, TOO_MANY, WRITE_ERRORS, PathId
from hearth.moderation.actions import Reported
from hearth.moderation.actions import reports as actions
from hearth.moderation.api import ModerationReportCreate, ModerationReportOut

router = Router(tags=["moderation"])

ChatMessageId = PathId
Handle = Annotated[str, Field(pattern=ANY_TEXT, max_length=60), STORABLE]
RESPONSES = {201: ModerationReportOut, 200: ModerationReportOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT, **TOO_MANY}
REFUSALS = {"own": 409, "evidence_url": 409, "reason": 409}
COUNTS_ONCE = (
    "The member is never told who reported them. 201 for a new report; 200 when your earlier report "
    "is still open (it counts once). 429, with `Retry-After`, after many reports."
)


def _answer(done: Reported) -> Status[ModerationReportOut]:
    message = actions.thanks_for(done)
    return Status(200 if done.already else 201, ModerationReportOut(detail=message, already=done.already))


@router.post(
    "/moderation/chat-messages/{message_id}/reports",
    response=RESPONSES,
    summary="Report a live chat message to its community's moderators",
    description=(
        f"{COUNTS_ONCE} 404 for a message you cannot read (a hidden one, unless you run the room); "
        "409 for your own message or a source that is not a web address. `worried` sends its author "
        "a private, kind message with crisis lines for their country, at most once a day."
    ),
)
def report_chat_message(
    request: HttpRequest, message_id: ChatMessageId, data: ModerationReportCreate
) -> Status[ModerationReportOut]:
    user = member_of(request)
    with refused_as(REFUSALS):
        done = actions.do_report_chat_message(user, message_id, data.reason, data.note, data.source)
    return _answer(done)


@router.post(
    "/moderation/profiles/{handle}/reports",
    response=RESPONSES,
    summary="Report a member's profile to the site administrators",
    description=(
        f"{COUNTS_ONCE} 404 for an unknown handle or a closed account; 409 for your own profile or a "
        "source that is not a web address. `worried` sends the member a private, kind message with "
        "crisis lines for their country, at most once a day."
    ),
)
def report_profile(request: HttpRequest, handle: Handle, data: ModerationReportCreate) -> Status[ModerationReportOut]:
    user = member_of(request)
    with refused_as(REFUSALS):
        done = actions.do_report_profile(user, handle, data.reason, data.note, data.source)
    return _answer(done)


@router.post(
    "/moderation/communities/{slug}/reports",
    response=RESPONSES,
    summary="Report a community to the site administrators",
    description=(
        f"{COUNTS_ONCE} 404 for a community you may not know of; 409 for `worried` (a community is "
        "not a person: report their post or profile) or a source that is not a web address."
    ),
)
def report_community(request: HttpRequest, slug: str, data: ModerationReportCreate) -> Status[ModerationReportOut]:
    user = member_of(request)
    with refused_as(REFUSALS):
        done = actions.do_report_community(user, slug, data.reason, data.note, data.source)
    return _answer(done)
