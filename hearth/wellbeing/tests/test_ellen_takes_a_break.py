"""Ellen takes a two-week break. Her feed shows a gentle "your feed is paused" page with a way to
end the break early; no email reaches her (chat reminder, check-in reminder); reminders are not
written at all, and other notifications wait quietly, out of the header's badge. She can still
read and post. On her first visit to the feed after the break: "Welcome back", with counts only,
once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.chats import actions as chat_actions
from hearth.chats import reminders as chat_reminders
from hearth.chats.access import chat_access
from hearth.chats.schedule import Rule
from hearth.chats.tests.factories import make_series
from hearth.communities.models import Community
from hearth.notifications.models import Kind, Notification
from hearth.search.tests.factories import make_reply, make_thread
from hearth.tracking import reminders as check_in_reminders
from hearth.tracking.models import Reminder
from hearth.wellbeing.breaks import do_end_break, do_take_break, on_a_break, welcome_back
from hearth.wellbeing.models import Break

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_break(ellen: User, ellen_client: Client) -> Break:
    response = ellen_client.post("/well-being/break/", {"period": "2w"})
    assert response.status_code == 302
    return Break.objects.get(user=ellen)


def test_ellen_takes_a_two_week_break(ellen: User, on_break: Break) -> None:
    assert on_a_break(ellen)
    assert dt.timedelta(days=13, hours=23) < on_break.ends_at - timezone.now() <= dt.timedelta(days=14)
    assert not on_a_break(ellen, on_break.ends_at)


def test_her_feed_is_paused_gently(ellen_client: Client, on_break: Break) -> None:
    page = ellen_client.get("/feed/").content.decode()

    assert "You are taking a break until" in page
    assert "your feed is paused" in page
    assert 'action="/well-being/break/end/"' in page


def test_notifications_wait_quietly_and_she_can_still_post(
    ellen: User, ellen_client: Client, maya: User, circle: Community, on_break: Break
) -> None:
    thread = make_thread(ellen, circle, "Garden therapy", "My roses help.")  # she can post
    make_reply(maya, thread, "Mine too!")

    assert Notification.objects.filter(recipient=ellen, kind=Kind.REPLY).count() == 1
    assert ">1<" not in ellen_client.get("/notifications/badge/").content.decode()
    assert Notification.objects.badge_count(ellen) == 0
    assert Notification.objects.unread_count(ellen) == 1
    assert "You are taking a break" in ellen_client.get("/notifications/").content.decode()
    assert ellen_client.get(thread.get_absolute_url()).status_code == 200  # she can still read


def test_no_chat_reminder_reaches_her(
    ellen: User, tiffany: User, circle: Community, on_break: Break, django_capture_on_commit_callbacks: Any
) -> None:
    series = make_series(tiffany, circle, starts=timezone.now() + dt.timedelta(days=3))
    chat_actions.do_set_reminder(ellen, chat_access(ellen, series), minutes_before=30, by_email=True)
    moment = Rule.of(series).starts_at(series.first_date) - dt.timedelta(minutes=30)

    with django_capture_on_commit_callbacks(execute=True):
        reminded = chat_reminders.send_due_reminders(moment)

    assert reminded == 0
    assert mail.outbox == []
    assert not Notification.objects.filter(recipient=ellen, kind=Kind.CHAT_REMINDER).exists()


def test_no_check_in_reminder_reaches_her(
    ellen: User, on_break: Break, django_capture_on_commit_callbacks: Any
) -> None:
    Reminder.objects.create(member=ellen, enabled=True, at=dt.time(0, 0), by_email=True)

    with django_capture_on_commit_callbacks(execute=True):
        reminded = check_in_reminders.send_due_reminders(timezone.now())

    assert reminded == 0
    assert mail.outbox == []
    assert not Notification.objects.filter(recipient=ellen).exists()


def test_welcome_back_after_the_break_with_counts_only(
    ellen: User, ellen_client: Client, maya: User, circle: Community, on_break: Break
) -> None:
    thread = make_thread(ellen, circle, "Garden therapy", "My roses help.")
    make_reply(maya, thread, "Mine too! Secret-words")
    make_reply(maya, thread, "And lavender.")
    Break.objects.filter(pk=on_break.pk).update(ends_at=timezone.now())

    first = ellen_client.get("/feed/").content.decode()
    second = ellen_client.get("/feed/").content.decode()

    assert "Welcome back" in first
    assert "2 replies in threads you follow" in first
    assert "Secret-words" not in first  # counts only, never content
    assert "Welcome back" not in second
    assert Notification.objects.badge_count(ellen) == 2  # what waited shows again


def test_ending_the_break_early(ellen: User, ellen_client: Client, on_break: Break) -> None:
    response = ellen_client.post("/well-being/break/end/")

    assert response.status_code == 302
    assert response["Location"] == "/feed/"
    assert not on_a_break(ellen)
    page = ellen_client.get("/feed/").content.decode()
    assert "Welcome back" in page
    assert "Nothing waited for you" in page
    assert ellen_client.post("/well-being/break/end/").status_code == 302  # not on one: said kindly


def test_a_break_until_a_date_at_most_ninety_days_away(ellen: User, ellen_client: Client) -> None:
    today = timezone.now().astimezone(dt.UTC).date()
    too_far = ellen_client.post("/well-being/break/", {"period": "until", "until": str(today + dt.timedelta(days=92))})
    past = ellen_client.post("/well-being/break/", {"period": "until", "until": str(today - dt.timedelta(days=1))})
    missing = ellen_client.post("/well-being/break/", {"period": "until"})
    fine = ellen_client.post("/well-being/break/", {"period": "until", "until": str(today + dt.timedelta(days=30))})

    assert too_far.status_code == 422
    assert "at most 90 days" in too_far.content.decode()
    assert past.status_code == 422
    assert missing.status_code == 422
    assert 'href="#id_until"' in missing.content.decode()
    assert fine.status_code == 302
    assert Break.objects.get(user=ellen).ends_at.date() in {today + dt.timedelta(days=d) for d in (29, 30)}


def test_a_new_break_replaces_the_current_one_without_a_welcome(ellen: User) -> None:
    first = do_take_break(ellen, period="3d")
    second = do_take_break(ellen, period="1m")

    first.refresh_from_db()
    assert first.ended_at is not None
    assert first.welcomed_at is not None
    assert welcome_back(ellen) is None
    do_end_break(ellen)
    assert second.pk != first.pk
    assert welcome_back(ellen) is not None


def test_two_breaks_started_at_once_end_together(ellen: User) -> None:
    from hearth.wellbeing.breaks import do_end_break, on_a_break
    from hearth.wellbeing.models import Break

    do_take_break(ellen, period="2w")
    Break.objects.create(user=ellen, starts_at=timezone.now(), ends_at=timezone.now() + dt.timedelta(days=3))

    do_end_break(ellen)

    assert not on_a_break(ellen)
