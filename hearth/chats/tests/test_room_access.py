"""Who reaches the live room's pages: in closed and private communities, Sam (not a member) and
visitors find nothing at any address, fragments included; Maya, a member, reads and posts but
does not run the room; in a public community visitors read and cannot post."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User
from hearth.chats import actions
from hearth.chats.access import chat_access
from hearth.chats.models import ChatMessage, LiveChat
from hearth.chats.tests.factories import make_live_chat, make_series
from hearth.communities.tests.factories import PersonaWorld, make_community, make_persona_world

HTMX = {"HX-Request": "true"}


def url(chat: LiveChat, name: str, *extra: object) -> str:
    return reverse(name, args=[chat.community.slug, chat.series.slug, chat.date.isoformat(), *extra])


def room_with_a_message(world: PersonaWorld) -> LiveChat:
    chat = make_live_chat(world.people["founder"], world.community)
    member = world.people["member"]
    actions.do_post_message(member, chat_access(member, chat.series), chat, "Members-only chat words")
    return chat


def every_request(chat: LiveChat) -> list[tuple[str, str, dict[str, str], dict[str, str]]]:
    """(method, address, form, headers) for each of the room's addresses."""
    return [
        ("get", url(chat, "chat_room"), {}, {}),
        ("get", url(chat, "chat_messages"), {"since": "0"}, {}),
        ("get", url(chat, "chat_messages"), {"since": "0", "parts": "1"}, HTMX),
        ("post", url(chat, "chat_messages"), {"body": "Let me in"}, {}),
        ("get", url(chat, "chat_topics"), {}, {}),
        ("post", url(chat, "chat_topics"), {"topics": "Hijacked"}, {}),
        ("post", url(chat, "chat_control"), {"action": "end"}, {}),
        ("post", url(chat, "chat_control"), {"action": "hide", "seq": "1"}, {}),
        ("get", url(chat, "chat_presence"), {}, {}),
        ("get", url(chat, "chat_presence"), {}, HTMX),
        ("post", url(chat, "chat_presence"), {"lurk": "on"}, {}),
        ("get", url(chat, "chat_message", 1), {}, {}),
    ]


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("visibility", ["closed", "private"])
@pytest.mark.parametrize("who", ["visitor", "non_member"])
def test_outsiders_find_nothing_at_any_room_address(db: None, visibility: str, who: str) -> None:
    world = make_persona_world(visibility)
    chat = room_with_a_message(world)
    client = client_for(None if who == "visitor" else world.people["non_member"])

    for method, address, form, headers in every_request(chat):
        response = getattr(client, method)(address, form, headers=headers)
        assert response.status_code == 404, (method, address, response.status_code)
        assert b"Members-only chat words" not in response.content

    chat.refresh_from_db()
    assert chat.state == "live"
    assert ChatMessage.objects.count() == 1
    assert ChatMessage.objects.get().hidden_at is None


@pytest.mark.parametrize("visibility", ["public", "closed", "private"])
def test_a_member_who_is_not_a_host_cannot_run_the_room(db: None, visibility: str) -> None:
    world = make_persona_world(visibility)
    chat = room_with_a_message(world)
    maya = client_for(world.people["member"])

    assert maya.get(url(chat, "chat_room")).status_code == 200
    assert b"Run the room" not in maya.get(url(chat, "chat_room")).content
    assert maya.get(url(chat, "chat_topics")).status_code == 404
    assert maya.post(url(chat, "chat_topics"), {"topics": "Mine now"}).status_code == 404
    assert maya.post(url(chat, "chat_control"), {"action": "end"}).status_code == 404
    assert maya.post(url(chat, "chat_control"), {"action": "hide", "seq": "1"}).status_code == 404
    chat.refresh_from_db()
    assert chat.state == "live"
    assert ChatMessage.objects.get().hidden_at is None


@pytest.mark.parametrize("visibility", ["closed", "private"])
def test_members_and_moderators_use_the_room(db: None, visibility: str) -> None:
    world = make_persona_world(visibility)
    chat = room_with_a_message(world)
    maya = client_for(world.people["member"])
    ravi = client_for(world.people["moderator"])

    assert b"Members-only chat words" in maya.get(url(chat, "chat_room")).content
    assert maya.get(url(chat, "chat_message", 1)).status_code == 200
    assert maya.post(url(chat, "chat_messages"), {"body": "Hello, members"}).status_code == 302
    assert ravi.get(url(chat, "chat_topics")).status_code == 200
    assert ravi.post(url(chat, "chat_control"), {"action": "hide", "seq": "1"}).status_code == 302
    assert ChatMessage.objects.get(seq=1).hidden_at is not None


def test_in_a_public_community_visitors_read_but_cannot_post(db: None) -> None:
    world = make_persona_world("public")
    chat = room_with_a_message(world)
    visitor = Client()

    assert b"Members-only chat words" in visitor.get(url(chat, "chat_room")).content
    assert visitor.get(url(chat, "chat_messages"), {"since": "0"}, headers=HTMX).status_code == 200
    assert visitor.get(url(chat, "chat_message", 1)).status_code == 200
    assert visitor.get(url(chat, "chat_presence"), headers=HTMX).status_code == 200
    posted = visitor.post(url(chat, "chat_messages"), {"body": "Drive-by"})
    lurked = visitor.post(url(chat, "chat_presence"), {"lurk": "on"})

    assert posted.status_code == 302
    assert reverse("account_login") in posted["Location"]
    assert lurked.status_code == 302
    assert reverse("account_login") in lurked["Location"]
    assert ChatMessage.objects.count() == 1
    for name in ("chat_topics", "chat_control"):
        method = "get" if name == "chat_topics" else "post"
        assert getattr(visitor, method)(url(chat, name)).status_code == 404


def test_a_date_years_ahead_opens_no_room(client: Client, tiffany: User) -> None:
    lupus = make_community(tiffany)
    series = make_series(tiffany, lupus)
    far = series.first_date + timedelta(days=7 * 60)  # a Monday sixty weeks on: past the year looked ahead
    assert client.get(f"/c/{lupus.slug}/chats/{series.slug}/{far.isoformat()}/").status_code == 404
    assert not series.chats.filter(date=far).exists()
