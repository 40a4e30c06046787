"""Maya has the conversation open; Tiffany's new messages appear without reloading: the page asks
every few seconds for the messages after the last one it has. Without JavaScript, a link checks
for new messages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.tests.factories import connect
from hearth.conversations.actions import do_send
from hearth.conversations.models import ConversationMember

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def connected(maya: User, tiffany: User) -> None:
    connect(maya, tiffany)


def poll_url(page: str) -> str:
    found = re.search(r'id="dm-poller" hx-get="([^"]+)"', page)
    assert found is not None
    return found[1].replace("&amp;", "&")


def test_new_messages_arrive_on_the_open_page(maya: User, tiffany: User, maya_client: Client) -> None:
    first = do_send(tiffany, maya, "Hello Maya").message
    page = maya_client.get("/messages/tiffany/").content.decode()
    assert poll_url(page) == f"/messages/tiffany/new/?since={first.pk}"
    assert 'hx-trigger="every 5s"' in page
    assert 'href="/messages/tiffany/">Check for new messages' in page

    nothing_yet = maya_client.get(poll_url(page))
    second = do_send(tiffany, maya, "Are you coming on *Monday*?").message
    fresh = maya_client.get(poll_url(page))

    assert nothing_yet.status_code == 204
    assert fresh.status_code == 200
    fragment = fresh.content.decode()
    assert "Are you coming on <em>Monday</em>?" in fragment
    assert "Hello Maya" not in fragment
    assert 'hx-swap-oob="beforeend:#dm-messages"' in fragment
    assert poll_url(fragment) == f"/messages/tiffany/new/?since={second.pk}"
    assert ConversationMember.objects.get(user=maya).last_read_id == second.pk


def test_polling_before_any_message_answers_204(maya_client: Client, tiffany: User) -> None:
    assert maya_client.get("/messages/tiffany/new/?since=0").status_code == 204


@pytest.mark.parametrize("since", ["abc", "-1", "99999999999999999999999", ""])
def test_a_strange_since_is_read_as_zero(maya: User, tiffany: User, maya_client: Client, since: str) -> None:
    do_send(tiffany, maya, "Hello Maya")

    response = maya_client.get(f"/messages/tiffany/new/?since={since}")

    assert response.status_code == 200
    assert "Hello Maya" in response.content.decode()
