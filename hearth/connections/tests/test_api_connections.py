"""The connections API: Maya asks Tiffany with a script, Tiffany answers with hers; lists, blocks
and mutes; 404 for unknown members, 409 for what the state refuses, 422 for bad input, 429 for
haste, 401 for outsiders. Never 403, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.connections.models import Block, Connection, ConnectionStatus, Mute
from hearth.connections.tests.factories import API, connect

pytestmark = pytest.mark.django_db


def post(client: Client, path: str, body: Any = None) -> Any:
    return client.post(f"{API}{path}", body or {}, content_type="application/json")


def test_maya_asks_and_tiffany_accepts_through_the_api(maya_api: Client, tiffany_api: Client, tiffany: User) -> None:
    asked = post(maya_api, "/connections", {"handle": "@tiffany", "note": "Hi from the lupus chat"})
    waiting = tiffany_api.get(f"{API}/connections/requests").json()
    sent = maya_api.get(f"{API}/connections/requests", {"direction": "sent"}).json()
    accepted = post(tiffany_api, "/connections/maya_r/accept")
    listed = maya_api.get(f"{API}/connections").json()

    assert asked.status_code == 201
    assert asked.json()["status"] == "pending"
    assert asked.json()["requested_by_you"] is True
    assert asked.json()["url"] == "/connections/"
    assert [item["member"] for item in waiting["items"]] == ["maya_r"]
    assert waiting["items"][0]["note"] == "Hi from the lupus chat"
    assert sent["count"] == 1
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert listed["count"] == 1
    assert listed["items"][0] == listed["items"][0] | {"member": "tiffany", "name": "Tiffany", "status": "accepted"}


def test_asking_back_through_the_api_answers_200_connected(maya: User, tiffany: User, tiffany_api: Client) -> None:
    connect(maya, tiffany, accepted=False)

    response = post(tiffany_api, "/connections", {"handle": "maya_r"})

    assert response.status_code == 200
    assert response.json()["status"] == "accepted"


def test_decline_and_remove_answer_204_then_404(maya: User, tiffany: User, tiffany_api: Client) -> None:
    connect(maya, tiffany, accepted=False)

    assert post(tiffany_api, "/connections/maya_r/decline").status_code == 204
    assert post(tiffany_api, "/connections/maya_r/decline").status_code == 404
    connect(maya, tiffany)
    assert tiffany_api.delete(f"{API}/connections/maya_r").status_code == 204
    assert tiffany_api.delete(f"{API}/connections/maya_r").status_code == 404
    assert not Connection.objects.exists()


@pytest.mark.parametrize("handle", ["nobody_here", "closed"])
def test_unknown_and_closed_accounts_answer_404(maya_api: Client, handle: str) -> None:
    UserFactory.create(handle="closed", is_active=False)

    assert post(maya_api, "/connections", {"handle": handle}).status_code == 404
    assert maya_api.put(f"{API}/blocks/{handle}").status_code == 404
    assert maya_api.put(f"{API}/mutes/{handle}").status_code == 404
    assert post(maya_api, f"/connections/{handle}/accept").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"handle": "tiffany", "note": "x" * 301}, "note"),
        ({"handle": "tiffany", "note": "hi\x00"}, "note"),
        ({"handle": "tif fany"}, "handle"),
        ({"handle": "tiffany", "extra": 1}, "extra"),
    ],
)
def test_bad_input_is_422_and_asks_nobody(maya_api: Client, tiffany: User, body: dict[str, Any], field: str) -> None:
    response = post(maya_api, "/connections", body)

    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"])
    assert not Connection.objects.exists()


def test_a_nul_note_is_refused_in_words(maya_api: Client, tiffany: User) -> None:
    response = post(maya_api, "/connections", {"handle": "tiffany", "note": "\x00"})

    assert response.json()["detail"][0]["msg"] == "Null characters are not allowed."


def test_asking_too_often_answers_429_with_retry_after(maya_api: Client) -> None:
    others = UserFactory.create_batch(21)
    statuses = [post(maya_api, "/connections", {"handle": other.handle}).status_code for other in others]

    assert statuses[:20] == [201] * 20
    assert statuses[20] == 429
    limited = post(maya_api, "/connections", {"handle": others[0].handle})
    assert int(limited["Retry-After"]) > 0


def test_blocks_and_mutes_through_the_api(maya: User, ravi: User, maya_api: Client) -> None:
    connect(ravi, maya)

    blocked = maya_api.put(f"{API}/blocks/ravi")
    again = maya_api.put(f"{API}/blocks/ravi")
    muted = maya_api.put(f"{API}/mutes/ravi")
    blocks = maya_api.get(f"{API}/blocks").json()
    mutes = maya_api.get(f"{API}/mutes").json()

    assert blocked.status_code == again.status_code == muted.status_code == 200
    assert blocked.json()["url"] == "/connections/blocked/"
    assert [item["member"] for item in blocks["items"]] == ["ravi"]
    assert [item["member"] for item in mutes["items"]] == ["ravi"]
    assert not Connection.objects.exists()
    assert maya_api.delete(f"{API}/blocks/ravi").status_code == 204
    assert maya_api.delete(f"{API}/mutes/ravi").status_code == 204
    assert maya_api.delete(f"{API}/mutes/ravi").status_code == 204
    assert not Block.objects.exists()
    assert not Mute.objects.exists()


def test_blocking_or_asking_oneself_is_409(maya_api: Client) -> None:
    assert maya_api.put(f"{API}/blocks/maya_r").status_code == 409
    assert maya_api.put(f"{API}/mutes/maya_r").status_code == 409
    assert post(maya_api, "/connections", {"handle": "maya_r"}).status_code == 409


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/connections"),
        ("get", "/connections/requests"),
        ("post", "/connections"),
        ("post", "/connections/tiffany/accept"),
        ("post", "/connections/tiffany/decline"),
        ("delete", "/connections/tiffany"),
        ("get", "/blocks"),
        ("put", "/blocks/tiffany"),
        ("delete", "/blocks/tiffany"),
        ("get", "/mutes"),
        ("put", "/mutes/tiffany"),
        ("delete", "/mutes/tiffany"),
    ],
)
def test_an_outsider_gets_401(client: Client, tiffany: User, method: str, path: str) -> None:
    response = getattr(client, method)(f"{API}{path}", {"handle": "tiffany"}, content_type="application/json")

    assert response.status_code == 401


def test_pending_requests_do_not_count_as_connections(maya: User, tiffany: User, maya_api: Client) -> None:
    connect(tiffany, maya, accepted=False)

    assert maya_api.get(f"{API}/connections").json()["count"] == 0
    assert Connection.objects.get().status == ConnectionStatus.PENDING
