"""Asking twice, asking someone already connected, asking oneself, or two requests crossing:
each gets a clear answer and the pair keeps exactly one row."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.actions import do_request
from hearth.connections.models import Connection, ConnectionStatus
from hearth.connections.tests.factories import API, connect

pytestmark = pytest.mark.django_db


def test_asking_twice_says_the_request_is_waiting(maya: User, tiffany: User) -> None:
    do_request(maya, tiffany)

    with pytest.raises(ValidationError, match="already asked Tiffany") as refused:
        do_request(maya, tiffany)

    assert refused.value.code == "already_requested"
    assert Connection.objects.count() == 1


def test_asking_a_connection_says_you_are_connected(maya: User, tiffany: User) -> None:
    connect(tiffany, maya)

    with pytest.raises(ValidationError, match="already connected with Tiffany"):
        do_request(maya, tiffany)


def test_nobody_connects_with_themselves(maya: User) -> None:
    with pytest.raises(ValidationError, match="yourself"):
        do_request(maya, maya)


def test_a_double_submitted_page_form_keeps_one_request(maya_client: Client, tiffany: User) -> None:
    maya_client.post("/connections/tiffany/request/")
    second = maya_client.post("/connections/tiffany/request/", follow=True)

    assert second.status_code == 200
    assert "already asked Tiffany" in second.content.decode()
    assert Connection.objects.count() == 1


def test_the_api_answers_a_repeat_with_409(maya_api: Client, tiffany: User) -> None:
    first = maya_api.post(f"{API}/connections", {"handle": "tiffany"}, content_type="application/json")
    second = maya_api.post(f"{API}/connections", {"handle": "tiffany"}, content_type="application/json")

    assert first.status_code == 201
    assert second.status_code == 409
    assert "already asked" in second.json()["detail"]


def test_requests_crossing_at_the_same_moment_connect_the_pair(
    maya: User, tiffany: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tiffany's request is written between Maya's look-up and her insert: the unique pair
    refuses Maya's row, and her request accepts Tiffany's instead of failing."""
    connect(tiffany, maya, accepted=False)
    real_select = Connection.objects.select_for_update

    class Unseen:
        def filter(self, **kwargs: object) -> Unseen:
            return self

        def first(self) -> None:
            monkeypatch.setattr(Connection.objects, "select_for_update", real_select)

    monkeypatch.setattr(Connection.objects, "select_for_update", Unseen)

    answered = do_request(maya, tiffany)

    assert answered.accepted
    assert Connection.objects.get().status == ConnectionStatus.ACCEPTED
