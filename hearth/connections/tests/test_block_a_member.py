"""Maya blocks Ravi: silently, any connection or request between them goes, and neither can ask
the other to connect. Ravi is refused with the same words as any refusal, and nothing he can
see tells him he is blocked."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.actions import CANNOT_CONNECT, do_block, do_request
from hearth.connections.models import Block, Connection
from hearth.connections.tests.factories import API, connect, on_page
from hearth.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_blocking_removes_the_connection_and_tells_nobody(
    maya: User, ravi: User, maya_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    connect(ravi, maya)

    with django_capture_on_commit_callbacks(execute=True):
        response = maya_client.post("/connections/ravi/block/", follow=True)

    assert "You blocked Ravi. They are not told." in response.content.decode()
    assert Block.objects.filter(blocker=maya, blocked=ravi).exists()
    assert not Connection.objects.exists()
    assert not Notification.objects.exists()


def test_blocking_takes_back_a_waiting_request_and_its_notice(
    maya: User, ravi: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        do_request(ravi, maya)

    do_block(maya, ravi)

    assert not Connection.objects.exists()
    assert not Notification.objects.filter(recipient=maya).exists()


@pytest.mark.parametrize("who_blocks", ["maya", "ravi"])
def test_neither_side_of_a_block_can_ask_to_connect(maya: User, ravi: User, who_blocks: str) -> None:
    blocker, other = (maya, ravi) if who_blocks == "maya" else (ravi, maya)
    do_block(blocker, other)

    for asker, asked in ((maya, ravi), (ravi, maya)):
        with pytest.raises(ValidationError) as refused:
            do_request(asker, asked)
        assert refused.value.messages == [CANNOT_CONNECT]


def test_the_blocked_member_sees_only_a_neutral_refusal(maya: User, ravi: User, ravi_client: Client) -> None:
    do_block(maya, ravi)

    page = ravi_client.post("/connections/maya_r/request/", {"note": "Hello"})
    api = ravi_client.post(f"{API}/connections", {"handle": "maya_r"}, content_type="application/json")

    assert page.status_code == 422
    assert on_page(CANNOT_CONNECT) in page.content.decode()
    assert "Hello" in page.content.decode()  # the note is kept
    assert api.status_code == 409
    assert api.json() == {"detail": CANNOT_CONNECT}
    for text in (page.content.decode(), api.content.decode()):
        assert "block" not in text.lower()


def test_unblocking_lets_them_connect_again(maya: User, ravi: User, maya_client: Client) -> None:
    do_block(maya, ravi)
    listed = maya_client.get("/connections/blocked/").content.decode()

    maya_client.post("/connections/ravi/unblock/")

    assert "/connections/ravi/unblock/" in listed
    assert not Block.objects.exists()
    assert not do_request(ravi, maya).accepted


def test_blocking_twice_keeps_one_block(maya: User, ravi: User) -> None:
    do_block(maya, ravi)
    do_block(maya, ravi)

    assert Block.objects.count() == 1


def test_nobody_blocks_themselves(maya: User, maya_client: Client) -> None:
    response = maya_client.post("/connections/maya_r/block/", follow=True)

    assert on_page("You can't block yourself.") in response.content.decode()
    assert not Block.objects.exists()
