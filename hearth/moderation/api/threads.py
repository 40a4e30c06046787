"""API: locking a thread and slow mode, for the thread's community's moderators (and site
administrators); 404 for everyone else. Doing what is already done (locking a locked thread,
unlocking an open one, setting the slow mode in force) answers 409 saying so."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import BeforeValidator, Field

from hearth.accounts.access import member_of
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    ANY_TEXT,
    CONFLICT,
    NOT_BLANK,
    NOT_FOUND,
    SAYS_SOMETHING,
    STORABLE,
    WRITE_ERRORS,
    Input,
    PathId,
    _a_number,
)
from hearth.discussions.models import Thread
from hearth.moderation.actions import threads as actions
from hearth.moderation.actions.threads import LOCK_REASON_MAX, SLOW_MODE_MAX

router = Router(tags=["moderation"])

ThreadId = PathId
_ERRORS = {**WRITE_ERRORS, **NOT_FOUND, **CONFLICT}
_AS_CONFLICT = {"handled": 409}

# --- What comes in ----------------------------------------------------------------------------


class ModerationThreadLockIn(Input):
    reason: Annotated[
        str,
        Field(pattern=SAYS_SOMETHING, max_length=LOCK_REASON_MAX, description="Why; shown at the top of the thread."),
        NOT_BLANK,
    ]


class ModerationThreadUnlockIn(Input):
    reason: Annotated[
        str, Field(pattern=ANY_TEXT, max_length=LOCK_REASON_MAX, description="Why; kept in the audit log."), STORABLE
    ] = ""


class ModerationSlowModeIn(Input):
    seconds: Annotated[
        int,
        Field(
            ge=0, le=SLOW_MODE_MAX, description=f"Seconds each member waits between replies, 0 (off) to {SLOW_MODE_MAX}"
        ),
        BeforeValidator(_a_number),  # a number, as the document says: not true, nor "60"
    ]
    reason: Annotated[
        str, Field(pattern=ANY_TEXT, max_length=LOCK_REASON_MAX, description="Why; kept in the audit log."), STORABLE
    ] = ""


# --- What goes out ----------------------------------------------------------------------------


class ModerationThreadOut(Schema):
    id: int
    url: str
    locked: bool
    locked_at: dt.datetime | None
    slow_mode_seconds: int


def _out(thread: Thread) -> ModerationThreadOut:
    return ModerationThreadOut(
        id=thread.pk,
        url=thread.get_absolute_url(),
        locked=thread.locked_at is not None,
        locked_at=thread.locked_at,
        slow_mode_seconds=thread.slow_mode_seconds,
    )


# --- Operations -------------------------------------------------------------------------------


@router.post(
    "/moderation/threads/{thread_id}/lock",
    response={200: ModerationThreadOut, **_ERRORS},
    summary="Lock a thread: it takes replies from moderators only",
    description=(
        "`reason` is shown to members at the top of the thread. 404 for a thread of a community you "
        "do not moderate; 409 when it is already locked."
    ),
)
def lock(request: HttpRequest, thread_id: ThreadId, data: ModerationThreadLockIn) -> ModerationThreadOut:
    user = member_of(request)
    thread, _ = actions.thread_to_moderate(user, thread_id)
    with refused_as(_AS_CONFLICT, otherwise=409):
        thread = actions.do_lock_thread(user, thread, data.reason)
    return _out(thread)


@router.post(
    "/moderation/threads/{thread_id}/unlock",
    response={200: ModerationThreadOut, **_ERRORS},
    summary="Unlock a thread: members may reply again",
    description="404 for a thread of a community you do not moderate; 409 when it is not locked.",
)
def unlock(request: HttpRequest, thread_id: ThreadId, data: ModerationThreadUnlockIn) -> ModerationThreadOut:
    user = member_of(request)
    thread, _ = actions.thread_to_moderate(user, thread_id)
    with refused_as(_AS_CONFLICT, otherwise=409):
        thread = actions.do_unlock_thread(user, thread, data.reason)
    return _out(thread)


@router.post(
    "/moderation/threads/{thread_id}/slow-mode",
    response={200: ModerationThreadOut, **_ERRORS},
    summary="Set a thread's slow mode: each member replies at most once every so many seconds",
    description=(
        "`seconds` from 0 (off) to 86400 (a day); the pages offer 30, 60, 300, 900 and 3600. Moderators "
        "are not slowed. 404 for a thread of a community you do not moderate; 409 when that slow mode "
        "is already in force."
    ),
)
def set_slow_mode(request: HttpRequest, thread_id: ThreadId, data: ModerationSlowModeIn) -> ModerationThreadOut:
    user = member_of(request)
    thread, _ = actions.thread_to_moderate(user, thread_id)
    with refused_as(_AS_CONFLICT, otherwise=409):
        thread = actions.do_set_slow_mode(user, thread, data.seconds, data.reason)
    return _out(thread)
