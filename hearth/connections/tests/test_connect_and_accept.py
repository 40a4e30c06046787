"""Maya asks Tiffany to connect, with a note; Tiffany is told, accepts, and Maya is told. Both
see each other among their connections. Asking someone who already asked you accepts them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.actions import do_request
from hearth.connections.models import Connection, ConnectionStatus
from hearth.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def test_maya_asks_tiffany_and_tiffany_accepts(
    maya: User, tiffany: User, maya_client: Client, tiffany_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        asked = maya_client.post("/connections/tiffany/request/", {"note": "We met in the lupus chat."})

    assert asked.status_code == 302
    connection = Connection.objects.get()
    assert connection.status == ConnectionStatus.PENDING
    assert connection.requested_by == maya
    assert connection.message == "We met in the lupus chat."
    request_notice = Notification.objects.get(recipient=tiffany)
    assert request_notice.kind == Kind.CONNECTION_REQUEST
    assert request_notice.actor == maya
    page = tiffany_client.get("/connections/").content.decode()
    assert "We met in the lupus chat." in page
    assert "/connections/maya_r/accept/" in page
    assert "maya_r" in tiffany_client.get("/notifications/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        accepted = tiffany_client.post("/connections/maya_r/accept/")

    assert accepted.status_code == 302
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ACCEPTED
    assert connection.accepted_at is not None
    assert Notification.objects.get(recipient=maya).kind == Kind.CONNECTION_ACCEPTED
    assert "/messages/tiffany/" in maya_client.get("/connections/").content.decode()


def test_the_request_page_shows_a_form_for_a_note(maya_client: Client, tiffany: User) -> None:
    page = maya_client.get("/connections/tiffany/request/")

    assert page.status_code == 200
    assert 'name="note"' in page.content.decode()


def test_asking_back_accepts_the_waiting_request(maya: User, tiffany: User) -> None:
    do_request(maya, tiffany)

    answered = do_request(tiffany, maya, "Yes!")

    assert answered.accepted
    assert Connection.objects.get().status == ConnectionStatus.ACCEPTED


def test_a_rolled_back_request_notifies_nobody(
    maya: User, tiffany: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        do_request(maya, tiffany)

    assert len(callbacks) == 1
    assert not Notification.objects.exists()
