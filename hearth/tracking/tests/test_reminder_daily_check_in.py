"""The daily check-in reminder: Maya, in Tokyo, asks for it at 20:00 her time with an email. The
job reminds her once that day, from 20:00 on her clock (11:00 UTC), in her notifications and by
email with a link to the check-in; never twice, even when two runs overlap; not at all on a day she
has checked in. Off, it is silent. Ravi's reminder follows his own clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.notifications.models import Kind, Notification
from hearth.tracking import reminders, tasks
from hearth.tracking.models import CheckIn, Reminder

pytestmark = pytest.mark.django_db

TOKYO = "Asia/Tokyo"
SITE = "https://hearth.example.org"
# A Tuesday: 20:00 in Tokyo is 11:00 UTC.
DAY = dt.date(2026, 11, 24)
TOKYO_EIGHT_PM = dt.datetime(2026, 11, 24, 11, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _site(settings: Settings) -> None:
    settings.SITE_URL = SITE


@pytest.fixture
def maya_in_tokyo(maya: User) -> User:
    maya.time_zone = TOKYO
    maya.save(update_fields=["time_zone"])
    Reminder.objects.create(member=maya, enabled=True, at=dt.time(20, 0), by_email=True)
    return maya


def run_at(now: dt.datetime, capture: Any) -> int:
    with capture(execute=True):
        return reminders.send_due_reminders(now)


def test_nothing_before_her_time(maya_in_tokyo: User, django_capture_on_commit_callbacks: Any) -> None:
    assert run_at(TOKYO_EIGHT_PM - dt.timedelta(minutes=1), django_capture_on_commit_callbacks) == 0
    # 20:00 in London is long past 20:00 in Tokyo's day before, which was not hers to remind.
    assert run_at(dt.datetime(2026, 11, 23, 10, 59, tzinfo=dt.UTC), django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_maya_is_reminded_once_at_eight_on_her_clock(
    maya_in_tokyo: User, django_capture_on_commit_callbacks: Any
) -> None:
    assert run_at(TOKYO_EIGHT_PM, django_capture_on_commit_callbacks) == 1
    assert run_at(TOKYO_EIGHT_PM + dt.timedelta(minutes=5), django_capture_on_commit_callbacks) == 0
    assert run_at(TOKYO_EIGHT_PM + dt.timedelta(hours=3, minutes=59), django_capture_on_commit_callbacks) == 0

    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (maya_in_tokyo, Kind.CHECK_IN_REMINDER)
    (email,) = mail.outbox
    assert email.to == [maya_in_tokyo.email]
    assert email.subject == "Time for today's check-in"
    assert f"{SITE}{reverse('check_in')}" in email.body
    html, kind = email.alternatives[0]  # type: ignore[attr-defined]
    assert kind == "text/html"
    assert f'href="{SITE}{reverse("check_in")}"' in html
    assert Reminder.objects.get(member=maya_in_tokyo).last_sent_on == DAY
    # Her next day begins at midnight in Tokyo (15:00 UTC); 20:00 then comes again.
    next_day = TOKYO_EIGHT_PM + dt.timedelta(days=1)
    assert run_at(next_day - dt.timedelta(minutes=5), django_capture_on_commit_callbacks) == 0
    assert run_at(next_day, django_capture_on_commit_callbacks) == 1


def test_two_runs_at_once_remind_her_once(maya_in_tokyo: User, django_capture_on_commit_callbacks: Any) -> None:
    due = reminders.due_reminders(TOKYO_EIGHT_PM)
    assert len(due) == 1

    with django_capture_on_commit_callbacks(execute=True):
        results = [reminders.remind(reminder, day) for reminder, day in due * 2]

    assert results == [True, False]
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_not_on_a_day_she_checked_in(maya_in_tokyo: User, django_capture_on_commit_callbacks: Any) -> None:
    CheckIn.objects.create(member=maya_in_tokyo, day=DAY, feeling=4)
    # A check-in of the UTC day before does not count for hers.
    assert run_at(TOKYO_EIGHT_PM, django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.exists()


def test_her_check_in_of_yesterday_does_not_stop_today(
    maya_in_tokyo: User, django_capture_on_commit_callbacks: Any
) -> None:
    CheckIn.objects.create(member=maya_in_tokyo, day=DAY - dt.timedelta(days=1), feeling=4)
    assert run_at(TOKYO_EIGHT_PM, django_capture_on_commit_callbacks) == 1


def test_off_is_silent_and_here_only_sends_no_email(
    maya_in_tokyo: User, ravi: User, django_capture_on_commit_callbacks: Any
) -> None:
    Reminder.objects.filter(member=maya_in_tokyo).update(enabled=False)
    Reminder.objects.create(member=ravi, enabled=True, at=dt.time(9, 30), by_email=False)  # Ravi is on UTC

    assert run_at(TOKYO_EIGHT_PM, django_capture_on_commit_callbacks) == 1

    assert [n.recipient for n in Notification.objects.all()] == [ravi]
    assert mail.outbox == []


def test_no_email_to_an_unverified_address_nor_to_a_closed_account(django_capture_on_commit_callbacks: Any) -> None:
    unverified = UserFactory.create(handle="sam_cares", unverified=True)
    closed = UserFactory.create(handle="gone", is_active=False)
    for member in (unverified, closed):
        Reminder.objects.create(member=member, enabled=True, at=dt.time(8, 0), by_email=True)

    assert run_at(TOKYO_EIGHT_PM, django_capture_on_commit_callbacks) == 1

    assert [n.recipient for n in Notification.objects.all()] == [unverified]
    assert mail.outbox == []


def test_the_job_runs_every_five_minutes(maya: User) -> None:
    job = tasks.send_check_in_reminders
    assert job.call_local() == 0
    assert job.task_class().validate_datetime(dt.datetime(2026, 11, 24, 11, 5, tzinfo=dt.UTC))
    assert not job.task_class().validate_datetime(dt.datetime(2026, 11, 24, 11, 7, tzinfo=dt.UTC))


def test_maya_turns_it_on_and_off(maya: User, maya_client: Client) -> None:
    page = maya_client.get(reverse("check_in_reminder")).content.decode()
    assert "<strong>off</strong>" in page
    assert 'type="time"' in page

    response = maya_client.post(reverse("check_in_reminder"), {"enabled": "on", "at": "07:30", "by_email": "on"})

    assert response.status_code == 302
    reminder = Reminder.objects.get(member=maya)
    assert (reminder.enabled, reminder.at, reminder.by_email) == (True, dt.time(7, 30), True)
    assert "on, at 07:30, with an email" in maya_client.get(reverse("check_in_reminder")).content.decode()
    maya_client.post(reverse("check_in_reminder"), {"at": "07:30"})
    reminder.refresh_from_db()
    assert not reminder.enabled


def test_a_time_that_is_none_is_refused(maya: User, maya_client: Client) -> None:
    for at in ("25:00", "evening", "", "07:30\x00"):
        response = maya_client.post(reverse("check_in_reminder"), {"enabled": "on", "at": at})
        assert response.status_code == 200
        assert "The reminder is not saved yet" in response.content.decode()
    assert not Reminder.objects.exists()


def test_turned_on_after_its_time_the_first_comes_tomorrow(maya: User, django_capture_on_commit_callbacks: Any) -> None:
    """Turned on at 22:00 for 20:00, she is not reminded five minutes later."""
    reminder = reminders.do_set_reminder(maya, enabled=True, at=dt.time(0, 0), by_email=False)
    assert reminder.last_sent_on is not None
    assert reminders.due_reminders(dt.datetime.now(tz=dt.UTC)) == []
    later = reminders.do_set_reminder(maya, enabled=True, at=dt.time(23, 59, 59), by_email=False)
    assert later.at == dt.time(23, 59)


def test_a_notification_links_to_the_check_in(maya: User, maya_client: Client) -> None:
    Reminder.objects.create(member=maya, enabled=True, at=dt.time(0, 0))
    reminders.send_due_reminders(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=1))

    page = maya_client.get(reverse("notifications")).content.decode()

    assert f'<a href="{reverse("check_in")}">Time for today\'s check-in</a>' in page
    assert reverse("check_in_reminder") in page


def test_the_break_hook_is_there_and_quiet(maya: User) -> None:
    assert reminders._on_a_break(maya) is False


def test_moving_west_does_not_bring_a_second_reminder_for_the_same_day(
    maya_in_tokyo: User, django_capture_on_commit_callbacks: Any
) -> None:
    assert run_at(TOKYO_EIGHT_PM, django_capture_on_commit_callbacks) == 1  # Tokyo's day DAY
    maya_in_tokyo.time_zone = "America/Los_Angeles"  # she flies east to west: her day goes back
    maya_in_tokyo.save(update_fields=["time_zone"])

    # An hour later it is past 20:00 in Los Angeles too, on the day before DAY there: she was
    # already reminded for a later day.
    assert run_at(TOKYO_EIGHT_PM + dt.timedelta(hours=1), django_capture_on_commit_callbacks) == 0
    assert Reminder.objects.get(member=maya_in_tokyo).last_sent_on == DAY
