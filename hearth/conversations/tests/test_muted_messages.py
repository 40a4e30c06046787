"""Tiffany mutes Maya, or only their conversation: Maya's messages still arrive and count as
unread, but make no notification. Maya is not told."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.actions import do_mute
from hearth.connections.tests.factories import API, connect
from hearth.conversations.actions import do_send
from hearth.conversations.models import ConversationMember
from hearth.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def connected(maya: User, tiffany: User) -> None:
    connect(maya, tiffany)


def test_a_muted_members_messages_make_no_notification(
    maya: User, tiffany: User, tiffany_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    do_mute(tiffany, maya)

    with django_capture_on_commit_callbacks(execute=True):
        do_send(maya, tiffany, "Hello")

    assert not Notification.objects.exists()
    inbox = tiffany_client.get("/messages/").content.decode()
    assert '<span class="pill">Muted</span>' in inbox
    assert '<span class="badge">1<span' in inbox


def test_a_muted_conversation_makes_no_notification(
    maya: User, tiffany: User, tiffany_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    do_send(maya, tiffany, "Hello")
    muted = tiffany_client.post("/messages/maya_r/mute/", {"muted": "1"}, follow=True)

    with django_capture_on_commit_callbacks(execute=True):
        do_send(maya, tiffany, "Hello again")

    assert "You muted this conversation." in muted.content.decode()
    assert not Notification.objects.exists()
    tiffany_client.post("/messages/maya_r/mute/", {"muted": "0"})
    with django_capture_on_commit_callbacks(execute=True):
        do_send(maya, tiffany, "Are you there?")
    assert Notification.objects.filter(recipient=tiffany).count() == 1


def test_muting_through_the_api(maya: User, tiffany: User, tiffany_api: Client) -> None:
    conversation = do_send(maya, tiffany, "Hello").message.conversation

    response = tiffany_api.patch(
        f"{API}/conversations/{conversation.pk}", {"muted": True}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["muted"] is True
    assert ConversationMember.objects.get(conversation=conversation, user=tiffany).muted
