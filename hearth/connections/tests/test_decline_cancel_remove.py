"""Tiffany declines Maya's request, Maya withdraws one, either of them ends a connection; nobody
is told, and answering a request that is not there says so."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.actions import do_request
from hearth.connections.models import Connection
from hearth.connections.tests.factories import connect
from hearth.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_tiffany_declines_and_maya_is_not_told(
    maya: User, tiffany: User, tiffany_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        do_request(maya, tiffany)

    response = tiffany_client.post("/connections/maya_r/decline/", follow=True)

    assert "You declined" in response.content.decode()
    assert not Connection.objects.exists()
    assert not Notification.objects.exists()  # Tiffany's notice of the request went with it


def test_maya_withdraws_her_request(maya: User, tiffany: User, maya_client: Client) -> None:
    do_request(maya, tiffany)

    response = maya_client.post("/connections/tiffany/cancel/", follow=True)

    assert "withdrawn" in response.content.decode()
    assert not Connection.objects.exists()


def test_a_request_cannot_be_accepted_by_the_one_who_sent_it(maya: User, tiffany: User, maya_client: Client) -> None:
    do_request(maya, tiffany)

    response = maya_client.post("/connections/tiffany/accept/", follow=True)

    assert "There is no request from Tiffany" in response.content.decode()
    assert not Connection.objects.filter(status="accepted").exists()


def test_either_member_removes_a_connection(maya: User, tiffany: User, tiffany_client: Client) -> None:
    connect(maya, tiffany)

    response = tiffany_client.post("/connections/maya_r/remove/", follow=True)

    assert "no longer connected" in response.content.decode()
    assert not Connection.objects.exists()


def test_removing_what_is_not_there_says_so(maya: User, tiffany: User, maya_client: Client) -> None:
    response = maya_client.post("/connections/tiffany/remove/", follow=True)

    assert "You are not connected with Tiffany" in response.content.decode()


def test_coming_back_goes_only_to_this_site(maya: User, tiffany: User, maya_client: Client) -> None:
    do_request(tiffany, maya)

    inside = maya_client.post("/connections/tiffany/decline/", {"next": "/messages/"})
    do_request(tiffany, maya)
    outside = maya_client.post("/connections/tiffany/decline/", {"next": "https://elsewhere.example/"})

    assert inside["Location"] == "/messages/"
    assert outside["Location"] == "/connections/"
