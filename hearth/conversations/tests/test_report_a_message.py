"""Tiffany reports a message Ravi sent her. She is thanked; the report waits for moderators with
the message named and where it was seen; Ravi is told nothing. A member cannot report their own
message, and reporting the same one twice adds nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.tests.factories import API, connect
from hearth.conversations.actions import do_send
from hearth.conversations.models import DirectMessage
from hearth.moderation.actions import THANKS
from hearth.moderation.models import Report, ReportStatus
from hearth.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def message(tiffany: User, ravi: User) -> DirectMessage:
    connect(tiffany, ravi)
    return do_send(ravi, tiffany, "Stop taking your medication, it is poison.").message


def test_tiffany_reports_a_message_on_the_page(message: DirectMessage, tiffany_client: Client, ravi: User) -> None:
    conversation = tiffany_client.get("/messages/ravi/").content.decode()
    form = tiffany_client.get(f"/messages/message/{message.pk}/report/")

    response = tiffany_client.post(
        f"/messages/message/{message.pk}/report/", {"reason": "misinformation", "note": "Dangerous advice"}, follow=True
    )

    assert f"/messages/message/{message.pk}/report/" in conversation
    assert form.status_code == 200
    assert "Misinformation or dangerous advice" in form.content.decode()
    assert THANKS in response.content.decode()
    report = Report.objects.get()
    assert (report.target_type, report.target_id, report.reason) == ("direct_message", message.pk, "misinformation")
    assert report.note == "Dangerous advice"
    assert report.source_url == f"/messages/ravi/#message-{message.pk}"
    assert report.status == ReportStatus.OPEN
    assert not Notification.objects.filter(recipient=ravi).exists()


def test_a_report_without_a_reason_is_refused_and_keeps_the_note(
    message: DirectMessage, tiffany_client: Client
) -> None:
    response = tiffany_client.post(f"/messages/message/{message.pk}/report/", {"note": "Please look"})

    assert response.status_code == 422
    assert "Please look" in response.content.decode()
    assert not Report.objects.exists()


def test_the_api_reports_once(message: DirectMessage, tiffany_api: Client) -> None:
    path = f"{API}/direct-messages/{message.pk}/report"

    first = tiffany_api.post(path, {"reason": "harassment"}, content_type="application/json")
    again = tiffany_api.post(path, {"reason": "harassment"}, content_type="application/json")
    bad = tiffany_api.post(path, {"reason": "boring"}, content_type="application/json")
    nul = tiffany_api.post(path, {"reason": "spam", "note": "\x00"}, content_type="application/json")

    assert first.status_code == again.status_code == 201
    assert first.json() == {"detail": THANKS}
    assert bad.status_code == nul.status_code == 422
    assert nul.json()["detail"][0]["msg"] == "Null characters are not allowed."
    assert Report.objects.count() == 1


def test_nobody_reports_their_own_message(message: DirectMessage, ravi: User, ravi_api: Client) -> None:
    ravi_client = Client()
    ravi_client.force_login(ravi)

    page = ravi_client.get(f"/messages/message/{message.pk}/report/")
    api = ravi_api.post(
        f"{API}/direct-messages/{message.pk}/report", {"reason": "spam"}, content_type="application/json"
    )

    assert page.status_code == 404
    assert api.status_code == 409
    assert not Report.objects.exists()
