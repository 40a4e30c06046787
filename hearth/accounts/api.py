"""API for the signed-in member."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from hearth.accounts.models import User

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


class ErrorOut(Schema):
    detail: str


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="The signed-in member")
def me(request: HttpRequest) -> User:
    user = request.auth
    assert isinstance(user, User)
    return user
