"""API: a community's watched words, for its moderators (404 for everyone else, as for any private
thing). Adding a phrase the community already watches, or more than it may hold, answers 409."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from hearth.accounts.access import member_of
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    CONFLICT,
    NOT_BLANK,
    NOT_FOUND,
    READ_ERRORS,
    SAYS_SOMETHING,
    WRITE_ERRORS,
    Input,
    PathId,
)
from hearth.communities.access import Need, community_for
from hearth.moderation.actions import safeguards as actions
from hearth.moderation.models import WATCHED_PHRASE_MAX, WatchedAction, WatchedWord

router = Router(tags=["moderation"])

WordId = PathId


class ModerationWatchedWordIn(Input):
    phrase: Annotated[
        str,
        Field(
            pattern=SAYS_SOMETHING,
            max_length=WATCHED_PHRASE_MAX,
            description="Matched as whole words, whatever the case, accents or punctuation.",
        ),
        NOT_BLANK,
    ]
    action: WatchedAction = Field(
        description="`flag`: it goes through and shows in the queue; `hold`: a post waits for approval (a chat "
        "message is flagged); `refuse`: it is refused, with the phrase named."
    )


class ModerationWatchedWordOut(Schema):
    id: int
    phrase: str
    action: WatchedAction
    added_by: str | None = Field(description="The handle of the moderator who added it.")
    created_at: dt.datetime


def _out(word: WatchedWord) -> ModerationWatchedWordOut:
    return ModerationWatchedWordOut(
        id=word.pk,
        phrase=word.phrase,
        action=WatchedAction(word.action),
        added_by=word.created_by.handle if word.created_by else None,
        created_at=word.created_at,
    )


@router.get(
    "/moderation/communities/{slug}/watched-words",
    response={200: list[ModerationWatchedWordOut], **READ_ERRORS},
    summary="A community's watched words",
    description="For the community's moderators and founders, and site administrators; 404 for everyone else.",
)
def list_watched_words(request: HttpRequest, slug: str) -> list[ModerationWatchedWordOut]:
    community = community_for(member_of(request), slug, Need.MODERATE).community
    return [_out(word) for word in WatchedWord.objects.filter(community=community).select_related("created_by")]


@router.post(
    "/moderation/communities/{slug}/watched-words",
    response={201: ModerationWatchedWordOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Watch for a word or phrase in a community's new posts and live chat messages",
    description=(
        "404 for a community you do not moderate; 409 for a phrase it already watches (however it is "
        "written), one with no letter or digit, or when it watches as many as it may (200)."
    ),
)
def add_watched_word(
    request: HttpRequest, slug: str, data: ModerationWatchedWordIn
) -> Status[ModerationWatchedWordOut]:
    user = member_of(request)
    community = community_for(user, slug, Need.MODERATE).community
    with refused_as({}, otherwise=409):
        word = actions.do_add_watched_word(user, community, data.phrase, data.action)
    return Status(201, _out(word))


@router.delete(
    "/moderation/communities/{slug}/watched-words/{word_id}",
    response={204: None, **WRITE_ERRORS, **NOT_FOUND},
    summary="Stop watching for a word or phrase",
    description="404 for a community you do not moderate, or a word it does not watch.",
)
def remove_watched_word(request: HttpRequest, slug: str, word_id: WordId) -> Status[None]:
    user = member_of(request)
    community = community_for(user, slug, Need.MODERATE).community
    word = WatchedWord.objects.filter(pk=word_id, community=community).first()
    if word is None:
        raise Http404
    actions.do_remove_watched_word(user, word)
    return Status(204, None)
