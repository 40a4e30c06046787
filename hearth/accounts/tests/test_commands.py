"""create_member and api_token, for administrators and scripts."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from hearth.accounts.actions import user_for_token
from hearth.accounts.models import User

pytestmark = pytest.mark.django_db


def test_create_member_makes_a_verified_member_who_can_log_in(client) -> None:
    out = StringIO()

    call_command(
        "create_member", handle="sam_cares", email="Sam@Example.org", password="a-long-passphrase-9", stdout=out
    )

    sam = User.objects.get(handle="sam_cares")
    assert sam.email == "sam@example.org"
    assert EmailAddress.objects.get(user=sam).verified
    assert "Created member sam_cares" in out.getvalue()
    assert (
        client.post("/accounts/login/", {"login": "sam@example.org", "password": "a-long-passphrase-9"}).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("handle", "email", "password", "message"),
    [
        ("maya_r", "other@example.org", "a-long-passphrase-9", "handle is taken"),
        ("someone", "MAYA@example.org", "a-long-passphrase-9", "email address already exists"),
        ("me@x.org", "x@example.org", "a-long-passphrase-9", "looks like an email"),
        ("someone", "x@example.org", "123", "too short"),
    ],
)
def test_create_member_refuses_bad_input_plainly(
    maya: User, handle: str, email: str, password: str, message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("create_member", handle=handle, email=email, password=password)


def test_api_token_prints_a_working_token(maya: User) -> None:
    out = StringIO()

    call_command("api_token", "maya_r", stdout=out)
    call_command("api_token", "MAYA_R", stdout=out)  # twice: each gets its own name

    first, second = out.getvalue().split()
    assert user_for_token(first) == maya
    assert user_for_token(second) == maya


def test_api_token_for_an_unknown_handle_says_so() -> None:
    with pytest.raises(CommandError, match="No member has the handle"):
        call_command("api_token", "nobody")


def test_api_token_refuses_a_duplicate_name(maya: User) -> None:
    call_command("api_token", "maya_r", name="ci", stdout=StringIO())

    with pytest.raises(CommandError, match="already have a token"):
        call_command("api_token", "maya_r", name="ci")
