"""Ravi's queue: his community's reports, oldest first, with their context, and its quiet
well-being checks. Nobody else's business: members, Tiffany (who moderates elsewhere) and
strangers get 404; site administrators see every queue and the site-wide one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hearth.accounts.models import User
from hearth.audit.models import AuditEvent
from hearth.connections.tests.factories import connect
from hearth.conversations.actions import do_report_message, do_send
from hearth.discussions.actions import PostInput, do_reply
from hearth.moderation.actions import DecisionInput, do_decide, do_report_post
from hearth.moderation.models import QueueItem
from hearth.moderation.tests.conftest import Diabetes, client_of
from hearth.safety.models import CheckedContent, CrisisKind, WellbeingCheck

pytestmark = pytest.mark.django_db


def _queue(diabetes: Diabetes) -> str:
    return reverse("moderation_queue", args=[diabetes.community.slug])


def test_ravi_sees_the_report_with_its_context(maya: User, ravi: User, diabetes: Diabetes) -> None:
    older = do_reply(diabetes.founder, diabetes.post.thread, PostInput(source="Buy my pills at example.com"))
    do_report_post(maya, older.pk, "spam")
    do_report_post(maya, diabetes.post.pk, "misinformation", "Insulin is not optional", "https://example.org/a")
    do_report_post(diabetes.founder, diabetes.post.pk, "misinformation", "Dangerous")

    page = client_of(ravi).get(_queue(diabetes)).content.decode()

    assert page.index("Buy my pills") < page.index("Stop your insulin")  # the oldest first
    assert "Cinnamon and blood sugar" in page
    assert "by omar" in page
    assert "2 members reported it" in page
    assert "Misinformation or dangerous advice (2)" in page
    assert "Insulin is not optional" in page
    assert "https://example.org/a" in page
    assert "maya_r" not in page  # reporters are not named, even to moderators


@pytest.mark.parametrize("who", ["maya", "tiffany", "omar"])
def test_others_get_404(request: pytest.FixtureRequest, who: str, diabetes: Diabetes) -> None:
    user = diabetes.omar if who == "omar" else request.getfixturevalue(who)
    do_report_post(request.getfixturevalue("maya") if who != "maya" else diabetes.founder, diabetes.post.pk, "spam")

    assert client_of(user).get(_queue(diabetes)).status_code == 404
    assert client_of(user).get(reverse("moderation_site_queue")).status_code == 404


def test_the_founder_and_site_admins_see_the_queue(site_admin: User, maya: User, diabetes: Diabetes) -> None:
    do_report_post(maya, diabetes.post.pk, "spam")

    assert "Stop your insulin" in client_of(diabetes.founder).get(_queue(diabetes)).content.decode()
    assert "Stop your insulin" in client_of(site_admin).get(_queue(diabetes)).content.decode()
    site_wide = client_of(site_admin).get(reverse("moderation_site_queue")).content.decode()
    assert "Stop your insulin" in site_wide
    assert "Type 1 together" in site_wide


def test_a_wellbeing_check_shows_quietly_until_done(maya: User, ravi: User, tiffany: User, diabetes: Diabetes) -> None:
    check = WellbeingCheck.objects.create(
        community=diabetes.community,
        member=maya,
        kind=CrisisKind.SELF_HARM,
        what=CheckedContent.POST,
        object_id=diabetes.post.pk,
    )
    done_url = reverse("moderation_check_done", args=[check.pk])

    page = client_of(ravi).get(_queue(diabetes)).content.decode()
    refused = client_of(tiffany).post(done_url)
    done = client_of(ravi).post(done_url, follow=True)
    again = client_of(diabetes.founder).post(done_url, follow=True)

    assert "A member may need a kind word" in page
    assert reverse("post_link", args=[diabetes.post.pk]) in page
    assert "maya" not in page.split("Well-being checks")[1].split("Reports, oldest first")[0]
    assert refused.status_code == 404
    assert "Marked as done" in done.content.decode()
    assert "A member may need a kind word" not in done.content.decode()
    assert "Already handled by @ravi" in again.content.decode()
    check.refresh_from_db()
    assert check.handled_by == ravi
    assert AuditEvent.objects.filter(action="wellbeing_check:done", actor=ravi).count() == 1


def test_reported_direct_messages_reach_the_site_wide_queue(
    site_admin: User, maya: User, ravi: User, diabetes: Diabetes
) -> None:
    connect(maya, diabetes.omar)
    message = do_send(diabetes.omar, maya, "Stop taking your medication, it is poison.").message
    do_report_message(maya, message, "harassment", "Not the first time")
    item = QueueItem.objects.get()

    page = client_of(site_admin).get(reverse("moderation_site_queue")).content.decode()
    hidden = client_of(ravi).get(reverse("moderation_act", args=[item.pk]))
    with pytest.raises(Exception, match="Only posts can be hidden"):
        do_decide(site_admin, item, DecisionInput("hide", "No."))
    do_decide(site_admin, item, DecisionInput("dismiss", "Handled by email."))

    assert item.community is None
    assert "Direct message" in page
    assert "it is poison" in page
    assert "Not the first time" in page
    assert hidden.status_code == 404  # no community's moderators see direct messages, only administrators
    assert AuditEvent.objects.get(action="direct_message:dismiss").target_type == "directmessage"
