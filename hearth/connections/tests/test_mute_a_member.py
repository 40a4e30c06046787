"""Tiffany mutes Maya: Maya's requests and messages still arrive, but make no notification.
Maya is not told, and unmuting brings notifications back."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.actions import do_mute, do_request, do_unmute
from hearth.connections.models import Connection, Mute
from hearth.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_muted_members_request_arrives_without_a_notification(
    maya: User, tiffany: User, tiffany_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    response = tiffany_client.post("/connections/maya_r/mute/", follow=True)

    with django_capture_on_commit_callbacks(execute=True):
        do_request(maya, tiffany)

    assert "You muted maya_r" in response.content.decode()
    assert Connection.objects.exists()
    assert not Notification.objects.exists()


def test_muting_twice_keeps_one_mute_and_unmuting_brings_notifications_back(
    maya: User, tiffany: User, django_capture_on_commit_callbacks: Any
) -> None:
    do_mute(tiffany, maya)
    do_mute(tiffany, maya)
    assert Mute.objects.count() == 1

    do_unmute(tiffany, maya)
    with django_capture_on_commit_callbacks(execute=True):
        do_request(maya, tiffany)

    assert Notification.objects.filter(recipient=tiffany).count() == 1


def test_the_muted_list_offers_undo(maya: User, tiffany: User, tiffany_client: Client) -> None:
    do_mute(tiffany, maya)

    page = tiffany_client.get("/connections/blocked/").content.decode()
    tiffany_client.post("/connections/maya_r/unmute/")

    assert "/connections/maya_r/unmute/" in page
    assert not Mute.objects.exists()
