"""API for the signed-in member."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from hearth.accounts import actions
from hearth.accounts.access import member_of
from hearth.accounts.models import TextSize, User
from hearth.api.schemas import ANY_TEXT, STORABLE, UNAUTHORISED, WRITE_ERRORS, Input

router = Router(tags=["accounts"])


class MeOut(Schema):
    handle: str
    display_name: str
    text_size: str
    date_joined: dt.datetime
    url: str

    @staticmethod
    def resolve_url(obj: User) -> str:
        return obj.get_absolute_url()


class MePatch(Input):
    display_name: Annotated[str, Field(pattern=ANY_TEXT, max_length=60), STORABLE] | None = None
    text_size: TextSize | None = None


@router.get("/me", response={200: MeOut, **UNAUTHORISED}, summary="The signed-in member")
def me(request: HttpRequest) -> User:
    return member_of(request)


@router.patch("/me", response={200: MeOut, **WRITE_ERRORS}, summary="Change display name or text size")
def update_me(request: HttpRequest, changes: MePatch) -> User:
    user = member_of(request)
    return actions.do_update_preferences(
        user,
        display_name=user.display_name if changes.display_name is None else changes.display_name,
        text_size=user.text_size if changes.text_size is None else changes.text_size,
    )
