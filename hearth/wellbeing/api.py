"""API of the caller's own well-being controls: settings (muted words, quiet hours, reaction
counts), a break, and the list of everything they muted.

All of it is about the signed-in member alone: there is no way to name anyone else's. Refusals
the document cannot foresee (a blank or wordless muted word, quiet hours with one end, a break
of more than 90 days) answer 409; ending a break when not on one, 404. Schema names start with
"Wellbeing" because names are shared across the whole document.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import Field, StrictBool

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    ANY_TEXT,
    CONFLICT,
    NOT_FOUND,
    STORABLE,
    UNAUTHORISED,
    WRITE_ERRORS,
    Input,
    IsoDate,
    explained,
)
from hearth.wellbeing import actions, breaks
from hearth.wellbeing.listing import mutes_of
from hearth.wellbeing.models import MAX_MUTED_WORDS, MUTED_WORD_MAX, Break

router = Router(tags=["wellbeing"])

WRITES = {**WRITE_ERRORS, **NOT_FOUND, **CONFLICT}
# Every refusal of these actions is about the state of things or what the document cannot check.
REFUSED = {"not_found": 404}

MutedWordText = Annotated[str, Field(pattern=ANY_TEXT, max_length=MUTED_WORD_MAX), STORABLE]
ClockTime = Annotated[
    str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["22:00"]), explained("Write a time as HH:MM.")
]


def _page_url() -> str:
    return reverse("wellbeing")


class WellbeingBreakOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    url: str


class WellbeingSettingsOut(Schema):
    muted_words: list[str] = Field(description="Words and phrases whose posts and messages are collapsed for you.")
    quiet_hours_start: str | None = Field(description="HH:MM on your clock; no emails from then.")
    quiet_hours_end: str | None = Field(description="HH:MM on your clock; held emails go out then.")
    hide_reaction_counts: bool
    taking_a_break: WellbeingBreakOut | None
    url: str


class WellbeingSettingsIn(Input):
    """All your settings at once: the muted words replace the list (the same word twice counts once)."""

    muted_words: Annotated[list[MutedWordText], Field(max_length=MAX_MUTED_WORDS)]
    quiet_hours_start: ClockTime | None
    quiet_hours_end: ClockTime | None
    hide_reaction_counts: StrictBool


class WellbeingBreakIn(Input):
    """How long: a period, or the day you will be back (at most 90 days away); one of the two."""

    period: Literal["3d", "1w", "2w", "1m"] | None = None
    until: IsoDate | None = None


class WellbeingMutedWordOut(Schema):
    id: int
    phrase: str


class WellbeingMutedMemberOut(Schema):
    handle: str
    name: str
    url: str


class WellbeingMutedThreadOut(Schema):
    id: int
    title: str
    community: str
    url: str


class WellbeingMutedCommunityOut(Schema):
    slug: str
    name: str
    url: str


class WellbeingMutesOut(Schema):
    words: list[WellbeingMutedWordOut]
    members: list[WellbeingMutedMemberOut]
    threads: list[WellbeingMutedThreadOut]
    communities: list[WellbeingMutedCommunityOut]
    url: str


def _break_out(taking: Break | None) -> WellbeingBreakOut | None:
    if taking is None:
        return None
    return WellbeingBreakOut(starts_at=taking.starts_at, ends_at=taking.ends_at, url=_page_url())


def _clock(value: dt.time | None) -> str | None:
    return f"{value:%H:%M}" if value is not None else None


def _settings_out(member: User) -> WellbeingSettingsOut:
    saved = actions.settings_of(member)
    return WellbeingSettingsOut(
        muted_words=[word.phrase for word in member.muted_words.all()],
        quiet_hours_start=_clock(saved.quiet_from),
        quiet_hours_end=_clock(saved.quiet_until),
        hide_reaction_counts=member.hide_reaction_counts,
        taking_a_break=_break_out(breaks.current_break(member)),
        url=_page_url(),
    )


def _time(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value is not None else None


@router.get("/well-being", response={200: WellbeingSettingsOut, **UNAUTHORISED}, summary="Your well-being settings")
def get_settings(request: HttpRequest) -> WellbeingSettingsOut:
    return _settings_out(member_of(request))


@router.put(
    "/well-being",
    response={200: WellbeingSettingsOut, **WRITES},
    summary="Set your well-being settings",
    description="409 for a muted word that is blank or has no letter or digit, or quiet hours with "
    "one end only or ending when they start.",
)
def put_settings(request: HttpRequest, data: WellbeingSettingsIn) -> WellbeingSettingsOut:
    member = member_of(request)
    with refused_as(REFUSED, otherwise=409), transaction.atomic():
        actions.do_set_muted_words(member, data.muted_words)
        actions.do_update_settings(
            member,
            quiet_from=_time(data.quiet_hours_start),
            quiet_until=_time(data.quiet_hours_end),
            hide_reaction_counts=data.hide_reaction_counts,
        )
    return _settings_out(member)


@router.post(
    "/well-being/break",
    response={201: WellbeingBreakOut, **WRITES},
    summary="Take a break",
    description="Your feed is paused, no emails are sent, and notifications wait quietly until it "
    "ends. A break going on is replaced. 409 for both a period and a date, or neither, or a date "
    "not after today or more than 90 days away.",
)
def take_break(request: HttpRequest, data: WellbeingBreakIn) -> Status[WellbeingBreakOut]:
    member = member_of(request)
    with refused_as(REFUSED, otherwise=409):
        taken = breaks.do_take_break(member, period=data.period or "", until=data.until)
    return Status(201, WellbeingBreakOut(starts_at=taken.starts_at, ends_at=taken.ends_at, url=_page_url()))


@router.delete(
    "/well-being/break",
    response={204: None, **WRITES},
    summary="End your break now",
    description="404 when you are not taking a break.",
)
def end_break(request: HttpRequest) -> Status[None]:
    member = member_of(request)
    with refused_as(REFUSED, otherwise=409):
        breaks.do_end_break(member)
    return Status(204, None)


@router.get("/well-being/mutes", response={200: WellbeingMutesOut, **UNAUTHORISED}, summary="Everything you muted")
def list_mutes(request: HttpRequest) -> WellbeingMutesOut:
    mutes = mutes_of(member_of(request))
    return WellbeingMutesOut(
        words=[WellbeingMutedWordOut(id=word.pk, phrase=word.phrase) for word in mutes.words],
        members=[
            WellbeingMutedMemberOut(handle=member.handle, name=member.public_name, url=member.get_absolute_url())
            for member in mutes.members
        ],
        threads=[
            WellbeingMutedThreadOut(
                id=thread.pk, title=thread.title, community=thread.community.slug, url=thread.get_absolute_url()
            )
            for thread in mutes.threads
        ],
        communities=[
            WellbeingMutedCommunityOut(slug=community.slug, name=community.name, url=community.get_absolute_url())
            for community in mutes.communities
        ],
        url=_page_url(),
    )
