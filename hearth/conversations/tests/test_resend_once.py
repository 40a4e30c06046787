"""A message resent with the same client_id (a flaky connection, a double click) counts once,
through the API and through the page's form, even when both copies arrive at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.tests.factories import API, connect
from hearth.conversations.actions import do_send
from hearth.conversations.models import DirectMessage
from hearth.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def connected(maya: User, tiffany: User, ravi: User) -> None:
    connect(maya, tiffany)
    connect(maya, ravi)


def test_the_api_returns_the_first_message_for_a_resend(maya_api: Client) -> None:
    body = {"to": "tiffany", "body": "See you Monday", "client_id": "7d0c-1"}

    first = maya_api.post(f"{API}/conversations", body, content_type="application/json")
    again = maya_api.post(f"{API}/conversations", body, content_type="application/json")

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    assert DirectMessage.objects.count() == 1


def test_a_double_submitted_form_sends_one_message(
    maya_client: Client, tiffany: User, django_capture_on_commit_callbacks: Any
) -> None:
    form = {"body": "See you Monday", "client_id": "form-token-1"}

    with django_capture_on_commit_callbacks(execute=True):
        first = maya_client.post("/messages/tiffany/", form)
        second = maya_client.post("/messages/tiffany/", form)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert DirectMessage.objects.count() == 1
    assert Notification.objects.filter(recipient=tiffany).count() == 1


def test_a_client_id_names_one_message_of_one_sender(maya: User, tiffany: User, ravi: User, maya_api: Client) -> None:
    do_send(maya, tiffany, "Hello", client_id="k1")
    do_send(tiffany, maya, "Hello back", client_id="k1")  # another sender's key is another key

    reused = maya_api.post(
        f"{API}/conversations", {"to": "ravi", "body": "Hi", "client_id": "k1"}, content_type="application/json"
    )

    assert reused.status_code == 409
    assert DirectMessage.objects.count() == 2


def test_two_copies_arriving_at_once_count_once(maya: User, tiffany: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second copy passes the look-up before the first is written; the unique key refuses it,
    and it answers with the first."""
    first = do_send(maya, tiffany, "Hello", client_id="race-1").message
    real_create = DirectMessage.objects.create
    looked = {"n": 0}

    def unseen_first(**kwargs: Any) -> Any:
        looked["n"] += 1
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(DirectMessage.objects, "create", unseen_first)
    real_filter = DirectMessage.objects.filter
    calls = {"n": 0}

    def first_look_misses(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        found = real_filter(*args, **kwargs)
        return found.none() if calls["n"] == 1 and kwargs.get("client_id") == "race-1" else found

    monkeypatch.setattr(DirectMessage.objects, "filter", first_look_misses)

    again = do_send(maya, tiffany, "Hello", client_id="race-1")

    monkeypatch.setattr(DirectMessage.objects, "create", real_create)
    assert looked["n"] == 1
    assert not again.created
    assert again.message.pk == first.pk
