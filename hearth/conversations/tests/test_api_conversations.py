"""The conversations API: Maya and Tiffany, connected, write with their scripts; conversations
come with unread counts, read in pages, marked read; every resource names its page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.tests.factories import API, connect
from hearth.conversations.actions import do_send
from hearth.lib.ratelimit import posting_limits_lifted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def connected(maya: User, tiffany: User) -> None:
    connect(maya, tiffany)


def post(client: Client, path: str, body: Any) -> Any:
    return client.post(f"{API}{path}", body, content_type="application/json")


def test_maya_and_tiffany_write_and_read_through_the_api(maya_api: Client, tiffany_api: Client) -> None:
    sent = post(maya_api, "/conversations", {"to": "tiffany", "body": "Hello **there**", "client_id": "a1"})
    conversation_id = sent.json()["conversation"]
    post(maya_api, f"/conversations/{conversation_id}/messages", {"body": "Second"})

    listed = tiffany_api.get(f"{API}/conversations").json()
    read = tiffany_api.get(f"{API}/conversations/{conversation_id}").json()

    assert sent.status_code == 201
    message = sent.json()
    assert message | {"id": 0, "created_at": ""} == {
        "id": 0,
        "conversation": conversation_id,
        "sender": "maya_r",
        "yours": True,
        "source": "Hello **there**",
        "html": "<p>Hello <strong>there</strong></p>\n",
        "created_at": "",
        "url": f"/messages/tiffany/#message-{message['id']}",
    }
    assert listed["count"] == 1
    assert listed["unread"] == 2
    assert listed["items"][0] | {"last_message_at": None} == {
        "id": conversation_id,
        "member": "maya_r",
        "name": "maya_r",
        "last_message_at": None,
        "unread": 2,
        "muted": False,
        "url": "/messages/maya_r/",
    }
    assert [m["source"] for m in read["messages"]["items"]] == ["Hello **there**", "Second"]
    assert read["messages"]["items"][0]["url"].startswith("/messages/maya_r/#message-")
    assert read["can_send"] is True
    assert read["unread"] == 2  # reading through the API leaves them unread

    marked = post(tiffany_api, f"/conversations/{conversation_id}/read", {})

    assert marked.json() == {"unread": 0}
    assert tiffany_api.get(f"{API}/conversations").json()["unread"] == 0


def test_marking_read_up_to_a_message(maya: User, tiffany: User, tiffany_api: Client) -> None:
    first = do_send(maya, tiffany, "One").message
    do_send(maya, tiffany, "Two")

    marked = post(tiffany_api, f"/conversations/{first.conversation_id}/read", {"up_to": first.pk})
    backwards = post(tiffany_api, f"/conversations/{first.conversation_id}/read", {"up_to": 1})

    assert marked.json() == {"unread": 1}
    assert backwards.json() == {"unread": 1}


def test_a_conversation_reads_in_pages(maya: User, tiffany: User, tiffany_api: Client) -> None:
    with posting_limits_lifted():
        sent = [do_send(maya, tiffany, f"Message {n}").message for n in range(7)]
    path = f"{API}/conversations/{sent[0].conversation_id}"

    latest = tiffany_api.get(path, {"limit": 3}).json()["messages"]
    older = tiffany_api.get(path, {"limit": 3, "before": latest["items"][0]["id"]}).json()["messages"]
    after = tiffany_api.get(path, {"limit": 3, "after": sent[1].pk}).json()["messages"]

    assert [m["source"] for m in latest["items"]] == ["Message 4", "Message 5", "Message 6"]
    assert latest["older"] is True
    assert [m["source"] for m in older["items"]] == ["Message 1", "Message 2", "Message 3"]
    assert [m["source"] for m in after["items"]] == ["Message 2", "Message 3", "Message 4"]
    assert after["older"] is True


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 101}, {"before": 0}, {"after": -1}, {"after": "x"}])
def test_bad_paging_is_422(maya: User, tiffany: User, tiffany_api: Client, query: dict[str, Any]) -> None:
    conversation_id = do_send(maya, tiffany, "One").message.conversation_id

    assert tiffany_api.get(f"{API}/conversations/{conversation_id}", query).status_code == 422


def test_unknown_conversations_and_members_are_404(maya_api: Client) -> None:
    assert maya_api.get(f"{API}/conversations/999999").status_code == 404
    assert maya_api.get(f"{API}/conversations/{2**63 - 1}").status_code == 404
    assert maya_api.get(f"{API}/conversations/{2**63}").status_code == 422
    assert post(maya_api, "/conversations", {"to": "nobody_here", "body": "Hi"}).status_code == 404
    assert post(maya_api, "/direct-messages/999999/report", {"reason": "spam"}).status_code == 404
