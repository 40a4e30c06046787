"""Bad messages are refused clearly and lose nothing: an empty or over-long message, a NUL, a
malformed body, haste. The page keeps the text in the form; the API says what was wrong."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.tests.factories import API, connect, on_page
from hearth.conversations.models import DirectMessage

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * 5_001


@pytest.fixture(autouse=True)
def connected(maya: User, tiffany: User) -> None:
    connect(maya, tiffany)


def send(client: Client, body: Any) -> Any:
    return client.post(f"{API}/conversations", body, content_type="application/json")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   ", "Write something before sending."),
        ("", "This field is required."),
        (TOO_LONG, "A message has at most 5,000 characters (this one has 5,001)."),
        ("Hi\x00", "Null characters are not allowed."),
    ],
)
def test_the_page_says_what_is_wrong_and_keeps_the_text(maya_client: Client, body: str, message: str) -> None:
    response = maya_client.post("/messages/tiffany/", {"body": body})

    page = response.content.decode()
    assert response.status_code == 422
    assert on_page(message) in page
    if body.strip() and "\x00" not in body:
        assert body in page
    assert not DirectMessage.objects.exists()


def test_the_api_answers_413_over_the_limit(maya_api: Client) -> None:
    response = send(maya_api, {"to": "tiffany", "body": TOO_LONG})

    assert response.status_code == 413
    assert response.json() == {"detail": "A message has at most 5,000 characters (this one has 5,001)."}
    assert not DirectMessage.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"to": "tiffany", "body": "   "}, "body"),
        ({"to": "tiffany", "body": "Hi\x00"}, "body"),
        ({"to": "tiffany", "body": "Hi", "client_id": "a\x00"}, "client_id"),
        ({"to": "tiffany", "body": "Hi", "client_id": "c" * 65}, "client_id"),
        ({"to": "tif fany", "body": "Hi"}, "to"),
        ({"to": "tiffany"}, "body"),
        ({"to": "tiffany", "body": 5}, "body"),
    ],
)
def test_the_api_answers_422_naming_the_field(maya_api: Client, body: dict[str, Any], field: str) -> None:
    response = send(maya_api, body)

    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"])
    assert not DirectMessage.objects.exists()


def test_a_body_that_is_not_json_is_refused_as_bad_input(maya_api: Client) -> None:
    response = maya_api.post(f"{API}/conversations", "{not json", content_type="application/json")

    assert response.status_code in (400, 422)
    assert not DirectMessage.objects.exists()


def test_sending_too_quickly_answers_429_and_the_page_keeps_the_text(maya_api: Client, maya_client: Client) -> None:
    statuses = [send(maya_api, {"to": "tiffany", "body": f"Message {n}"}).status_code for n in range(31)]
    page = maya_client.post("/messages/tiffany/", {"body": "One more thing"})

    assert statuses[:30] == [201] * 30
    assert statuses[30] == 429
    assert page.status_code == 429
    assert int(page["Retry-After"]) > 0
    assert "One more thing" in page.content.decode()
    assert "nothing was lost" in page.content.decode()
    assert DirectMessage.objects.count() == 30


def test_writing_to_oneself_is_refused(maya_api: Client) -> None:
    response = send(maya_api, {"to": "maya_r", "body": "Note to self"})

    assert response.status_code == 409
    assert not DirectMessage.objects.exists()
