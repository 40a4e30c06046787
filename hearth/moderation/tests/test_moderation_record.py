"""Omar's moderation record: every measure concerning him, newest first, with what was done,
where, why, when and until when, and its appeal; and what happened, in order. Moderators are
"the moderators of Type 1 together", never a handle; Maya, who reported him, is never named, nor
is a report that changed nothing. The record is his alone, goes into his data export and goes
with his account."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.tests.factories import PASSWORD
from hearth.audit.actions import record
from hearth.audit.models import AuditEvent
from hearth.communities.models import Membership
from hearth.discussions.actions import PostInput, do_reply
from hearth.moderation.actions import DecisionInput, do_decide, do_report_post
from hearth.moderation.actions.appeals import do_appeal, do_decide_appeal
from hearth.moderation.models import Appeal, Measure, MeasureKind
from hearth.moderation.tests.conftest import Diabetes, client_of
from hearth.moderation.tests.test_appeals import REASON, WORDS, hide_omars_post
from hearth.notifications.models import Notification
from hearth.privacy.actions import do_request_deletion, erase_due_accounts
from hearth.privacy.export import REGISTRY, Exported, rows_of
from hearth.privacy.models import AccountDeletion

pytestmark = pytest.mark.django_db

RECORD = reverse("moderation_record")


@pytest.fixture
def hidden(maya: User, ravi: User, diabetes: Diabetes) -> Measure:
    return hide_omars_post(maya, ravi, diabetes)


def _record(user: User, query: str = "") -> str:
    answer = client_of(user).get(RECORD + query)
    assert answer.status_code == 200
    return answer.content.decode()


def test_omar_sees_what_was_done_where_and_why(hidden: Measure, diabetes: Diabetes) -> None:
    page = _record(diabetes.omar)

    assert "Your moderation record" in page
    assert "Your post was hidden" in page
    assert "in Type 1 together" in page
    assert "by the moderators of Type 1 together" in page
    assert f"Why: {REASON}" in page
    assert reverse("post_link", args=[diabetes.post.pk]) in page
    assert "You can appeal until" in page
    assert f'action="{reverse("moderation_appeal", args=[hidden.pk])}"' in page
    # What happened, in order: the hiding, by the moderators, with its reason.
    assert "What happened, in order" in page
    assert page.count(REASON) >= 2
    for name in ("ravi", "maya", "priya"):  # no moderator's handle, and never the reporter
        assert name not in page.lower()


def test_the_appeal_and_its_answer_show_in_the_record(hidden: Measure, diabetes: Diabetes) -> None:
    appeal = do_appeal(diabetes.omar, hidden, WORDS)
    waiting = _record(diabetes.omar)
    do_decide_appeal(diabetes.founder, appeal, uphold=False, answer="Fair: it reads as alongside.")
    answered = _record(diabetes.omar)

    assert WORDS in waiting
    assert "Your appeal is waiting for the moderators of Type 1 together" in waiting
    assert "You can appeal until" not in waiting
    assert "Overturned: the measure was lifted" in answered
    assert "Fair: it reads as alongside." in answered
    assert "Lifted on" in answered
    assert "You appealed" in answered
    assert "Your appeal was answered: the measure was lifted" in answered
    assert "priya" not in answered.lower()


def test_after_14_days_the_record_says_appeals_closed(hidden: Measure, diabetes: Diabetes) -> None:
    Measure.objects.filter(pk=hidden.pk).update(created_at=timezone.now() - timedelta(days=20))

    page = _record(diabetes.omar)

    assert "Appeals are open for 14 days after a decision; this one closed on" in page
    assert "You can appeal until" not in page


def test_a_dismissed_report_never_shows(maya: User, ravi: User, diabetes: Diabetes) -> None:
    other = do_reply(diabetes.omar, diabetes.post.thread, PostInput(source="Also, try walking after meals."))
    item = do_report_post(maya, other.pk, "spam", "Off topic").report.item
    assert item is not None
    do_decide(ravi, item, DecisionInput("dismiss", "Nothing wrong here."))

    page = _record(diabetes.omar)

    assert AuditEvent.objects.filter(action="post:dismiss", subject=diabetes.omar).exists()
    assert "Nothing wrong here." not in page
    assert "Nothing. Moderators have taken no measure concerning you." in page


def test_a_post_he_can_no_longer_read_is_not_linked(hidden: Measure, diabetes: Diabetes) -> None:
    Membership.objects.filter(community=diabetes.community, user=diabetes.omar).delete()  # left the closed group

    page = _record(diabetes.omar)

    assert "Your post was hidden" in page
    assert reverse("post_link", args=[diabetes.post.pk]) not in page


def test_a_warning_and_a_suspension_say_who_decided(diabetes: Diabetes, site_admin: User, ravi: User) -> None:
    warning = Measure.objects.create(kind=MeasureKind.WARN, member=diabetes.omar, community=diabetes.community,
                                     reason="Please be gentle.", created_by=ravi)  # fmt: skip
    record(
        ravi, "measure:warn", warning, community=diabetes.community, reason="Please be gentle.", subject=diabetes.omar
    )
    Measure.objects.create(kind=MeasureKind.SUSPEND, member=diabetes.omar, reason="Spam.", created_by=site_admin,
                           ends_at=timezone.now() + timedelta(days=3))  # fmt: skip

    page = _record(diabetes.omar)

    assert "You were warned" in page
    assert "You were warned, in Type 1 together, by the moderators of Type 1 together." in page
    assert "Your account was suspended" in page
    assert "by the site&#x27;s administrators" in page
    assert "Until " in page
    assert "siteadmin" not in page


def test_the_record_is_his_alone(hidden: Measure, maya: User, tiffany: User, diabetes: Diabetes) -> None:
    for person in (maya, tiffany, diabetes.founder):
        page = _record(person)
        assert REASON not in page
        assert "Nothing. Moderators have taken no measure concerning you." in page
    visitor = client_of(maya)
    visitor.logout()
    assert "/accounts/login/" in visitor.get(RECORD)["Location"]


def test_the_record_is_paginated(diabetes: Diabetes) -> None:
    for n in range(25):
        Measure.objects.create(kind=MeasureKind.WARN, member=diabetes.omar, community=diabetes.community,
                               reason=f"Warning number {n}.")  # fmt: skip

    first, second = _record(diabetes.omar), _record(diabetes.omar, "?page=2")

    assert "Warning number 24." in first
    assert "Warning number 0." not in first
    assert "Warning number 0." in second
    assert "Page 2 of 2" in second


def test_the_notice_of_a_hidden_post_says_until_when_he_may_appeal(
    maya: User, ravi: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        measure = hide_omars_post(maya, ravi, diabetes)
    assert Notification.objects.filter(recipient=diabetes.omar, measure=measure).exists()

    page = client_of(diabetes.omar).get(reverse("notifications")).content.decode()

    assert "You can appeal until" in page
    assert f'href="{RECORD}#measure-{measure.pk}"' in page
    do_appeal(diabetes.omar, measure, WORDS)
    assert "You can appeal until" not in client_of(diabetes.omar).get(reverse("notifications")).content.decode()


def test_his_export_holds_his_measures_and_appeals_without_who_decided(hidden: Measure, diabetes: Diabetes) -> None:
    do_appeal(diabetes.omar, hidden, WORDS)
    measures, appeals = REGISTRY["moderation.Measure"], REGISTRY["moderation.Appeal"]
    assert isinstance(measures, Exported)
    assert isinstance(appeals, Exported)

    rows = rows_of(measures, diabetes.omar)
    appealed = rows_of(appeals, diabetes.omar)

    assert [(r["kind"], r["community"], r["reason"]) for r in rows] == [("hide", "type-1-together", REASON)]
    assert [(r["text"], r["status"]) for r in appealed] == [(WORDS, "open")]
    assert not {"created_by", "lifted_by", "decided_by", "member"} & (set(rows[0]) | set(appealed[0]))
    assert rows_of(measures, diabetes.founder) == []


def test_erasing_his_account_takes_his_measures_and_appeals(hidden: Measure, diabetes: Diabetes) -> None:
    do_appeal(diabetes.omar, hidden, WORDS)
    do_request_deletion(diabetes.omar, PASSWORD, keep_posts=False)
    AccountDeletion.objects.update(erase_after=timezone.now())

    assert erase_due_accounts() == 1

    assert not Measure.objects.exists()
    assert not Appeal.objects.exists()
    assert not AuditEvent.objects.filter(reason__contains="cinnamon").exists()
