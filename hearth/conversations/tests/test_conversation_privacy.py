"""A conversation exists only for its two members. Ravi, who is not part of Maya and Tiffany's,
gets 404 from every page and API call about it; an outsider is sent to log in (pages) or gets 401
(API). Their words never reach him."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.tests.factories import API, connect
from hearth.conversations.actions import do_send
from hearth.conversations.models import DirectMessage

pytestmark = pytest.mark.django_db

SECRET = "Private-marker words"


@pytest.fixture
def message(maya: User, tiffany: User) -> DirectMessage:
    connect(maya, tiffany)
    return do_send(maya, tiffany, SECRET).message


def test_ravi_gets_404_from_every_page(message: DirectMessage, ravi_client: Client) -> None:
    for response in (
        ravi_client.get("/messages/maya_r/"),
        ravi_client.get("/messages/maya_r/new/?since=0"),
        ravi_client.post("/messages/maya_r/mute/", {"muted": "1"}),
        ravi_client.get(f"/messages/message/{message.pk}/report/"),
        ravi_client.post(f"/messages/message/{message.pk}/report/", {"reason": "spam"}),
    ):
        assert response.status_code == 404
        assert SECRET not in response.content.decode()
    assert "maya_r" not in ravi_client.get("/messages/").content.decode()


def test_ravi_gets_404_from_every_api_call(message: DirectMessage, ravi_api: Client) -> None:
    conversation = message.conversation_id
    for response in (
        ravi_api.get(f"{API}/conversations/{conversation}"),
        ravi_api.post(f"{API}/conversations/{conversation}/messages", {"body": "Hi"}, content_type="application/json"),
        ravi_api.post(f"{API}/conversations/{conversation}/read", {}, content_type="application/json"),
        ravi_api.patch(f"{API}/conversations/{conversation}", {"muted": True}, content_type="application/json"),
        ravi_api.post(
            f"{API}/direct-messages/{message.pk}/report", {"reason": "spam"}, content_type="application/json"
        ),
    ):
        assert response.status_code == 404
        assert SECRET not in response.content.decode()
    assert ravi_api.get(f"{API}/conversations").json()["count"] == 0


@pytest.mark.parametrize(
    "path", ["/messages/", "/messages/maya_r/", "/messages/maya_r/new/", "/messages/message/1/report/"]
)
def test_an_outsider_is_sent_to_log_in(client: Client, message: DirectMessage, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_outsider_gets_401_from_the_api(client: Client, message: DirectMessage) -> None:
    assert client.get(f"{API}/conversations").status_code == 401
    assert client.get(f"{API}/conversations/{message.conversation_id}").status_code == 401


def test_nobody_has_a_conversation_with_themselves_or_a_stranger_handle(maya_client: Client) -> None:
    assert maya_client.get("/messages/maya_r/").status_code == 404
    assert maya_client.get("/messages/nobody_here/").status_code == 404
