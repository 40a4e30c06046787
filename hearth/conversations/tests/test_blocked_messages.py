"""Maya blocks Ravi. Neither can write to the other, through the pages or the API, and what Ravi
is told reads exactly as a refusal for any other reason: nothing reveals the block. Maya's
earlier conversation with him stays readable to both."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.actions import do_block
from hearth.connections.tests.factories import API, connect, messages_from, on_page
from hearth.conversations.access import CANNOT_MESSAGE
from hearth.conversations.actions import do_send
from hearth.conversations.models import DirectMessage
from hearth.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(maya: User, ravi: User, django_capture_on_commit_callbacks: Any) -> DirectMessage:
    connect(maya, ravi)
    with django_capture_on_commit_callbacks(execute=True):
        first = do_send(ravi, maya, "Hi Maya").message
    assert Notification.objects.filter(recipient=maya).exists()
    do_block(maya, ravi)
    return first


@pytest.mark.usefixtures("history")
@pytest.mark.parametrize("direction", ["ravi to maya", "maya to ravi"])
def test_neither_side_can_write(maya: User, ravi: User, direction: str) -> None:
    sender, recipient = (ravi, maya) if direction == "ravi to maya" else (maya, ravi)

    with pytest.raises(ValidationError) as refused:
        do_send(sender, recipient, "Hello?")

    assert refused.value.messages == [CANNOT_MESSAGE]
    assert DirectMessage.objects.count() == 1


def test_ravi_is_told_what_anyone_refused_is_told(history: DirectMessage, ravi: User, tiffany: User) -> None:
    client = Client()
    client.force_login(ravi)
    messages_from(tiffany, "nobody")

    blocked = client.post(f"{API}/conversations", {"to": "maya_r", "body": "Hello?"}, content_type="application/json")
    not_taking = client.post(
        f"{API}/conversations", {"to": "tiffany", "body": "Hello?"}, content_type="application/json"
    )
    page = client.post("/messages/maya_r/", {"body": "Hello?"})
    conversation_page = client.get("/messages/maya_r/").content.decode()

    assert blocked.status_code == not_taking.status_code == 409
    assert blocked.json() == not_taking.json() == {"detail": CANNOT_MESSAGE}
    assert page.status_code == 422
    assert on_page(CANNOT_MESSAGE) in page.content.decode()
    assert "Hello?" in page.content.decode()  # nothing lost
    assert "Hi Maya" in conversation_page
    for text in (blocked.content.decode(), page.content.decode(), conversation_page):
        assert "block" not in text.lower()


def test_a_block_takes_back_the_notice_of_a_message(history: DirectMessage, maya: User) -> None:
    assert not Notification.objects.filter(recipient=maya).exists()


def test_a_block_after_the_page_was_opened_still_stops_the_message(maya: User, ravi: User, maya_client: Client) -> None:
    connect(maya, ravi)
    form_page = maya_client.get("/messages/ravi/")
    do_block(ravi, maya)

    response = maya_client.post("/messages/ravi/", {"body": "Are we still on for Monday?"})

    assert 'name="body"' in form_page.content.decode()
    assert response.status_code == 422
    assert on_page(CANNOT_MESSAGE) in response.content.decode()
    assert not DirectMessage.objects.exists()
