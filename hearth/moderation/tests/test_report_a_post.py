"""Journey 8 begins: Maya reports Omar's post in Ravi's community. Only what one can read can be
reported, once while open, and Omar never learns who reported it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.moderation.actions import ALREADY, THANKS, do_report_post
from hearth.moderation.models import QueueItem, Report, TargetType
from hearth.moderation.tests.conftest import Diabetes, client_of

pytestmark = pytest.mark.django_db


def _url(diabetes: Diabetes) -> str:
    return reverse("moderation_report_post", args=[diabetes.post.pk])


def test_maya_reports_a_post_once(maya: User, diabetes: Diabetes) -> None:
    client = client_of(maya)
    form = client.get(_url(diabetes))
    body = {"reason": "misinformation", "evidence_url": "https://www.diabetes.org/insulin", "note": "Dangerous"}

    first = client.post(_url(diabetes), body, follow=True)
    again = client.post(_url(diabetes), body, follow=True)

    assert form.status_code == 200
    assert "Stop your insulin" in form.content.decode()
    assert "omar is never told who reported it" in form.content.decode()
    assert THANKS in first.content.decode()
    assert ALREADY in again.content.decode()
    report = Report.objects.get()
    assert (report.target_type, report.target_id, report.reason) == (
        TargetType.POST,
        diabetes.post.pk,
        "misinformation",
    )
    assert report.evidence_url == "https://www.diabetes.org/insulin"
    assert report.note == "Dangerous"
    assert report.item == QueueItem.objects.get(community=diabetes.community)


def test_reports_of_several_members_gather_in_one_item(maya: User, ravi: User, diabetes: Diabetes) -> None:
    do_report_post(maya, diabetes.post.pk, "misinformation")
    do_report_post(ravi, diabetes.post.pk, "spam")

    assert QueueItem.objects.get().reports.count() == 2


def test_a_source_link_must_be_a_web_address(maya: User, diabetes: Diabetes) -> None:
    response = client_of(maya).post(_url(diabetes), {"reason": "misinformation", "evidence_url": "javascript:alert(1)"})

    assert response.status_code == 422
    assert "must be a web address" in response.content.decode()
    assert not Report.objects.exists()


def test_a_source_link_is_kept_only_for_misinformation(maya: User, diabetes: Diabetes) -> None:
    result = do_report_post(maya, diabetes.post.pk, "spam", evidence_url="https://example.org")

    assert result.report.evidence_url == ""


def test_a_non_member_cannot_report_a_post_of_a_closed_community(diabetes: Diabetes) -> None:
    sam = UserFactory.create(handle="sam_cares")

    response = client_of(sam).post(_url(diabetes), {"reason": "spam"})

    assert response.status_code == 404
    assert client_of(sam).get(_url(diabetes)).status_code == 404
    assert not Report.objects.exists()


def test_nobody_reports_their_own_post(diabetes: Diabetes) -> None:
    assert client_of(diabetes.omar).get(_url(diabetes)).status_code == 404


def test_visitors_are_asked_to_sign_in(client: object, diabetes: Diabetes) -> None:
    response = client.get(_url(diabetes))  # type: ignore[attr-defined]

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_thread_offers_report_to_members_but_the_author(maya: User, diabetes: Diabetes) -> None:
    thread_url = diabetes.post.thread.get_absolute_url()

    as_maya = client_of(maya).get(thread_url).content.decode()
    as_omar = client_of(diabetes.omar).get(thread_url).content.decode()

    assert _url(diabetes) in as_maya
    assert _url(diabetes) not in as_omar
