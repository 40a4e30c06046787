"""Maya and Tiffany, connected, exchange messages on the pages: each sees the conversation in
their inbox with the other's name and an unread count; opening it marks it read. Tiffany is
notified of Maya's first message once, not of every message, and the notice is read with the
conversation."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.tests.factories import connect
from hearth.conversations.actions import do_send
from hearth.conversations.models import Conversation, DirectMessage
from hearth.lib.ratelimit import posting_limits_lifted
from hearth.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def connected(maya: User, tiffany: User) -> None:
    connect(maya, tiffany)


def send_page(client: Client, handle: str, body: str, client_id: str = "") -> Any:
    return client.post(f"/messages/{handle}/", {"body": body, "client_id": client_id})


def test_maya_and_tiffany_exchange_messages(
    maya: User, tiffany: User, maya_client: Client, tiffany_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_page(maya_client, "tiffany", "Hello **Tiffany**, how was the chat?")
        send_page(maya_client, "tiffany", "And the fatigue?")

    message = DirectMessage.objects.order_by("pk").last()
    assert message is not None
    assert sent.status_code == 302
    assert sent["Location"].startswith("/messages/tiffany/#message-")
    inbox = tiffany_client.get("/messages/").content.decode()
    assert "maya_r" in inbox
    assert '<span class="badge">2<span class="visually-hidden"> unread</span>' in inbox
    notices = Notification.objects.filter(recipient=tiffany, kind=Kind.DIRECT_MESSAGE)
    assert notices.count() == 1
    assert notices.get().actor == maya
    notice_page = tiffany_client.get("/notifications/").content.decode()
    assert 'maya_r sent you a message:\n<a href="/messages/maya_r/">' in notice_page

    page = tiffany_client.get("/messages/maya_r/").content.decode()

    assert "Hello <strong>Tiffany</strong>, how was the chat?" in page
    assert "And the fatigue?" in page
    assert "badge" not in tiffany_client.get("/messages/").content.decode().split("<main")[1]
    assert notices.get().read_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        send_page(tiffany_client, "maya_r", "Good, thanks!")

    maya_inbox = maya_client.get("/messages/").content.decode()
    assert "Tiffany" in maya_inbox
    assert '<span class="badge">1<span' in maya_inbox
    assert Conversation.objects.count() == 1


def test_the_first_message_can_start_from_an_empty_conversation_page(maya_client: Client, tiffany: User) -> None:
    page = maya_client.get("/messages/tiffany/")

    assert page.status_code == 200
    assert "No messages yet." in page.content.decode()
    assert 'name="body"' in page.content.decode()


def test_the_inbox_lists_the_newest_conversation_first(
    maya: User, tiffany: User, ravi: User, maya_client: Client
) -> None:
    connect(maya, ravi)
    do_send(maya, tiffany, "First")
    do_send(maya, ravi, "Second")

    inbox = maya_client.get("/messages/").content.decode()

    assert inbox.index("/messages/ravi/") < inbox.index("/messages/tiffany/")


def test_older_messages_are_a_link_away(maya: User, tiffany: User, maya_client: Client) -> None:
    with posting_limits_lifted():
        sent = [do_send(maya, tiffany, f"Message number {n}.", client_id=f"m{n}").message for n in range(55)]

    latest = maya_client.get("/messages/tiffany/").content.decode()
    older = maya_client.get(f"/messages/tiffany/?before={sent[5].pk}").content.decode()

    assert "Message number 54." in latest
    assert "Message number 4." not in latest
    assert "Older messages" in latest
    assert "Message number 4." in older
    assert "Latest messages" in older


def test_a_closed_accounts_conversation_leaves_the_inbox(maya: User, tiffany: User, maya_client: Client) -> None:
    do_send(tiffany, maya, "Bye")
    tiffany.is_active = False
    tiffany.save(update_fields=["is_active"])

    assert "/messages/tiffany/" not in maya_client.get("/messages/").content.decode()
    assert maya_client.get("/messages/tiffany/").status_code == 404
