"""The API's `crisis` field: the answer to Maya's own crisis reply, thread, direct message or
chat message carries help for her, beside every field it always had; an ordinary one carries
null, and nobody else's reading of it shows anything."""

from __future__ import annotations

from typing import Any

import pytest

from hearth.accounts.models import User
from hearth.chats.tests.factories import make_live_chat
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.communities.tests.test_api_communities import api_client
from hearth.connections.tests.factories import connect
from hearth.discussions.actions import PostInput, do_create_thread
from hearth.discussions.models import Thread
from hearth.profiles.models import Profile

pytestmark = pytest.mark.django_db

CRISIS = "I want to end my life tonight"


@pytest.fixture
def lupus(tiffany: User, maya: User, ravi: User) -> Community:
    return make_community(tiffany, members=[maya], moderators=[ravi])


@pytest.fixture
def thread(lupus: Community, tiffany: User) -> Thread:
    return do_create_thread(tiffany, lupus, "Bad days", PostInput(source="How do you cope?"))


def post_json(user: User, url: str, data: dict[str, Any]) -> Any:
    return api_client(user).post(url, data, content_type="application/json")


def test_a_crisis_reply_answers_with_help_for_its_author(thread: Thread, maya: User) -> None:
    Profile.objects.update_or_create(user=maya, defaults={"country": "US"})

    response = post_json(maya, f"/api/v1/threads/{thread.pk}/posts", {"body": CRISIS})

    assert response.status_code == 201
    body = response.json()
    assert body["source"] == CRISIS
    assert body["yours"] is True
    assert body["url"]
    assert body["crisis"]["kind"] == "self_harm"
    assert {"name": "988 Suicide & Crisis Lifeline", "number": "988", "kind": "crisis_line"}.items() <= body["crisis"][
        "resources"
    ][0].items()
    assert [r["number"] for r in body["crisis"]["resources"] if r["kind"] == "emergency"] == ["911"]


def test_an_ordinary_reply_has_no_crisis(thread: Thread, maya: User) -> None:
    response = post_json(maya, f"/api/v1/threads/{thread.pk}/posts", {"body": "Warm baths help."})

    assert response.status_code == 201
    body = response.json()
    assert "crisis" not in body
    assert body["source"] == "Warm baths help."
    assert body["edited_at"] is None  # unset-looking fields that were set stay


def test_reading_the_thread_shows_nothing_of_it(thread: Thread, maya: User, ravi: User) -> None:
    post_json(maya, f"/api/v1/threads/{thread.pk}/posts", {"body": CRISIS})

    body = api_client(ravi).get(f"/api/v1/threads/{thread.pk}").json()

    assert "crisis" not in body
    assert all("crisis" not in post for post in body["posts"]["items"])


def test_a_crisis_thread_answers_with_help(lupus: Community, maya: User) -> None:
    response = post_json(
        maya, f"/api/v1/communities/{lupus.slug}/threads", {"title": "Help", "body": "No puedo respirar"}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["crisis"]["kind"] == "medical_emergency"
    assert body["posts"]["items"][0]["source"] == "No puedo respirar"


def test_a_crisis_direct_message_answers_with_help(maya: User, ravi: User) -> None:
    connect(maya, ravi)

    response = post_json(maya, "/api/v1/conversations", {"to": ravi.handle, "body": CRISIS})

    assert response.status_code == 201
    assert response.json()["crisis"]["kind"] == "self_harm"
    assert response.json()["source"] == CRISIS


def test_a_crisis_chat_message_answers_with_help(lupus: Community, tiffany: User, maya: User) -> None:
    chat = make_live_chat(tiffany, lupus)

    response = post_json(maya, f"/api/v1/live-chats/{chat.pk}/messages", {"body": "crushing chest pain right now"})

    assert response.status_code == 201
    body = response.json()
    assert body["crisis"]["kind"] == "medical_emergency"
    assert body["text"].startswith("crushing chest pain")


def test_the_crisis_object_is_in_the_openapi_document(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]

    assert "SafetyCrisisOut" in components
    for name in ("PostCreatedOut", "ThreadCreatedOut", "DirectMessageSentOut", "ChatMessageSentOut"):
        assert "crisis" in components[name]["properties"], name
