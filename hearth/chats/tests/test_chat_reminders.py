"""Chat reminders: Maya asks to be reminded 30 minutes before each #LupusChat; the job queue
reminds her once per session at that moment, in her notifications and by email, with the time on
her own clock (she lives in India, the chat is at 21:00 in New York). Nothing before the moment,
nothing twice, nothing for a cancelled session, nothing once she has left a closed community;
Sam, who is not a member of a closed community, cannot even ask."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.chats import actions, reminders, tasks
from hearth.chats.access import chat_access
from hearth.chats.models import ChatReminder, ChatSeries
from hearth.chats.schedule import Rule, Session, zone
from hearth.chats.tests.factories import make_series
from hearth.communities.actions import do_leave
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.communities.tests.test_api_communities import api_client
from hearth.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

NEW_YORK = "America/New_York"
MAYAS_ZONE = "Asia/Kolkata"
SITE = "https://hearth.example.org"


@pytest.fixture(autouse=True)
def _site(settings: Settings) -> None:
    settings.SITE_URL = SITE


@pytest.fixture
def lupus(tiffany: User, maya: User) -> Community:
    return make_community(tiffany, "Living with lupus", visibility="closed", members=[maya])


def next_monday_at_nine() -> datetime:
    """21:00 in New York on a Monday at least three days ahead."""
    day = timezone.now().astimezone(zone(NEW_YORK)).date() + timedelta(days=3)
    day += timedelta(days=(0 - day.weekday()) % 7)
    return datetime.combine(day, time(21, 0), tzinfo=zone(NEW_YORK))


@pytest.fixture
def series(tiffany: User, lupus: Community) -> ChatSeries:
    return make_series(tiffany, lupus, starts=next_monday_at_nine())


@pytest.fixture
def first(series: ChatSeries) -> datetime:
    """When the first session starts."""
    return Rule.of(series).starts_at(series.first_date)


@pytest.fixture
def maya_reminded(maya: User, series: ChatSeries) -> ChatReminder:
    maya.time_zone = MAYAS_ZONE
    maya.save(update_fields=["time_zone"])
    return actions.do_set_reminder(maya, chat_access(maya, series), minutes_before=30)


def run_at(now: datetime, capture: Any) -> int:
    with capture(execute=True):
        return reminders.send_due_reminders(now)


def reminder_url(series: ChatSeries) -> str:
    return reverse("chat_reminder", args=[series.community.slug, series.slug])


# --- Setting and removing a reminder ----------------------------------------------------------


def test_maya_sets_changes_and_removes_her_reminder(maya: User, maya_client: Client, series: ChatSeries) -> None:
    set_ = maya_client.post(reminder_url(series), {"minutes_before": "60", "by_email": "1", "in_app": "1"}, follow=True)
    reminder = ChatReminder.objects.get(user=maya, series=series)

    assert set_.redirect_chain[-1][0] == series.get_absolute_url()
    assert (reminder.minutes_before, reminder.by_email, reminder.in_app) == (60, True, True)
    assert "You will be reminded by email and here on the site, 1 hour before each #LupusChat chat." in (
        set_.content.decode()
    )
    assert "Stop reminders" in set_.content.decode()

    maya_client.post(reminder_url(series), {"minutes_before": "1440", "in_app": "1"})
    reminder.refresh_from_db()

    assert (reminder.minutes_before, reminder.by_email, reminder.in_app) == (1440, False, True)

    removed = maya_client.post(reminder_url(series), {"remove": "1"}, follow=True)

    assert not ChatReminder.objects.filter(user=maya).exists()
    assert "Reminder removed" in removed.content.decode()


def test_the_series_page_shows_her_reminder_as_she_set_it(maya: User, maya_client: Client, series: ChatSeries) -> None:
    before = maya_client.get(series.get_absolute_url()).content.decode()
    actions.do_set_reminder(maya, chat_access(maya, series), minutes_before=45, by_email=False)  # as the API may
    after = maya_client.get(series.get_absolute_url()).content.decode()

    assert '<option value="30" selected>30 minutes before</option>' in before
    assert '<option value="1440">1 day before</option>' in before
    assert "You are reminded 45 minutes before each chat, here on the site." in after
    assert '<option value="45" selected>45 minutes before</option>' in after
    assert '<option value="30">30 minutes before</option>' in after


@pytest.mark.parametrize(
    ("form", "says"),
    [
        ({"minutes_before": "soon", "in_app": "1"}, "Choose how many minutes"),
        ({"minutes_before": "", "in_app": "1"}, "Choose how many minutes"),
        ({"in_app": "1"}, "Choose how many minutes"),
        ({"minutes_before": "3", "in_app": "1"}, "Remind from 5 minutes to 7 days before."),
        ({"minutes_before": "-30", "in_app": "1"}, "Remind from 5 minutes to 7 days before."),
        ({"minutes_before": "99999999999999999999", "in_app": "1"}, "Remind from 5 minutes to 7 days before."),
        ({"minutes_before": "3\x000", "in_app": "1"}, "Choose how many minutes"),
        ({"minutes_before": "30"}, "Choose email, a notification here, or both."),
        ({"minutes_before": "30", "by_email": "off", "in_app": "0"}, "Choose email, a notification here, or both."),
    ],
)
def test_bad_values_are_refused_with_a_message(
    maya: User, maya_client: Client, series: ChatSeries, form: dict[str, str], says: str
) -> None:
    response = maya_client.post(reminder_url(series), form, follow=True)

    assert response.status_code == 200
    assert says in response.content.decode()
    assert not ChatReminder.objects.exists()


def test_sam_outside_a_closed_community_cannot_ask_and_learns_nothing(series: ChatSeries) -> None:
    sam = UserFactory.create(handle="sam_cares")
    client = Client()
    client.force_login(sam)

    response = client.post(reminder_url(series), {"minutes_before": "30", "in_app": "1"})
    removal = client.post(reminder_url(series), {"remove": "1"})
    missing = client.post(reverse("chat_reminder", args=[series.community.slug, "nosuchchat"]), {"remove": "1"})

    assert (response.status_code, removal.status_code, missing.status_code) == (404, 404, 404)
    assert not ChatReminder.objects.exists()


def test_visitors_are_sent_to_log_in_and_reading_is_not_setting(maya_client: Client, series: ChatSeries) -> None:
    visitor = Client().post(reminder_url(series), {"minutes_before": "30"})

    assert visitor.status_code == 302
    assert reverse("account_login") in visitor["Location"]
    assert maya_client.get(reminder_url(series)).status_code == 405


# --- Sending ----------------------------------------------------------------------------------


def test_nothing_is_sent_before_the_moment(
    maya_reminded: ChatReminder, first: datetime, django_capture_on_commit_callbacks: Any
) -> None:
    assert run_at(first - timedelta(days=2), django_capture_on_commit_callbacks) == 0
    assert run_at(first - timedelta(minutes=31), django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_maya_is_reminded_once_at_the_moment_on_her_own_clock(
    maya: User,
    series: ChatSeries,
    maya_reminded: ChatReminder,
    first: datetime,
    django_capture_on_commit_callbacks: Any,
) -> None:
    sent = run_at(first - timedelta(minutes=30), django_capture_on_commit_callbacks)

    notification = Notification.objects.get()
    chat = notification.live_chat
    assert sent == 1
    assert (notification.recipient, notification.kind, notification.community) == (
        maya,
        Kind.CHAT_REMINDER,
        series.community,
    )
    assert chat is not None
    assert (chat.series_id, chat.date, chat.starts_at) == (series.pk, series.first_date, first)

    (email,) = mail.outbox
    hers = first.astimezone(zone(MAYAS_ZONE))
    ours = first.astimezone(zone(NEW_YORK))
    assert email.to == [maya.email]
    assert email.subject == f"#LupusChat starts at {hers:%H:%M}"
    assert f"Your time: {hers:%A %-d %B %Y, %H:%M} ({MAYAS_ZONE})" in email.body
    assert f"The chat's time: {ours:%A %-d %B %Y}, 21:00 ({NEW_YORK})" in email.body
    assert f"{SITE}{chat.get_absolute_url()}" in email.body
    assert f"{SITE}{series.get_absolute_url()}" in email.body

    for later in (timedelta(minutes=29), timedelta(minutes=1), timedelta(0)):
        assert run_at(first - later, django_capture_on_commit_callbacks) == 0
    assert run_at(first + timedelta(minutes=5), django_capture_on_commit_callbacks) == 0
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    maya_reminded.refresh_from_db()
    assert maya_reminded.last_sent_for == series.first_date


def test_the_next_session_is_reminded_of_in_its_turn(
    series: ChatSeries, maya_reminded: ChatReminder, first: datetime, django_capture_on_commit_callbacks: Any
) -> None:
    run_at(first - timedelta(minutes=30), django_capture_on_commit_callbacks)
    second = Rule.of(series).starts_at(series.first_date + timedelta(days=7))

    assert run_at(first + timedelta(minutes=30), django_capture_on_commit_callbacks) == 0  # live now
    assert run_at(second - timedelta(minutes=31), django_capture_on_commit_callbacks) == 0
    assert run_at(second - timedelta(minutes=30), django_capture_on_commit_callbacks) == 1
    assert [n.live_chat.date for n in Notification.objects.order_by("pk")] == [  # type: ignore[union-attr]
        series.first_date,
        series.first_date + timedelta(days=7),
    ]


def test_a_long_lead_is_not_hidden_by_a_session_live_now(
    maya: User, series: ChatSeries, first: datetime, django_capture_on_commit_callbacks: Any
) -> None:
    """Reminded a week ahead: while one session is live, the next one's reminder still goes."""
    actions.do_set_reminder(maya, chat_access(maya, series), minutes_before=7 * 24 * 60, by_email=False)
    second_date = series.first_date + timedelta(days=7)
    second = Rule.of(series).starts_at(second_date)
    run_at(first - timedelta(days=7), django_capture_on_commit_callbacks)

    assert run_at(second - timedelta(days=7) + timedelta(minutes=1), django_capture_on_commit_callbacks) == 1
    assert Notification.objects.order_by("pk").last().live_chat.date == second_date  # type: ignore[union-attr]


def test_two_workers_at_once_remind_her_once(
    maya_reminded: ChatReminder, first: datetime, django_capture_on_commit_callbacks: Any
) -> None:
    now = first - timedelta(minutes=30)
    due = actions.due_reminders(now)
    assert len(due) == 1

    with django_capture_on_commit_callbacks(execute=True):
        results = [reminders.remind(reminder, session, now) for reminder, session in due * 2]

    assert results == [True, False]
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_email_only_and_here_only(
    maya: User,
    ravi: User,
    lupus: Community,
    series: ChatSeries,
    first: datetime,
    django_capture_on_commit_callbacks: Any,
) -> None:
    lupus.memberships.create(user=ravi)
    actions.do_set_reminder(maya, chat_access(maya, series), minutes_before=15, by_email=True, in_app=False)
    actions.do_set_reminder(ravi, chat_access(ravi, series), minutes_before=15, by_email=False, in_app=True)

    assert run_at(first - timedelta(minutes=15), django_capture_on_commit_callbacks) == 2

    assert [email.to for email in mail.outbox] == [[maya.email]]
    assert [n.recipient for n in Notification.objects.all()] == [ravi]


def test_no_email_to_an_unverified_address(
    maya: User, maya_reminded: ChatReminder, first: datetime, django_capture_on_commit_callbacks: Any
) -> None:
    EmailAddress.objects.filter(user=maya).update(verified=False)

    assert run_at(first - timedelta(minutes=30), django_capture_on_commit_callbacks) == 1
    assert mail.outbox == []
    assert Notification.objects.count() == 1


def test_no_reminder_for_a_cancelled_session(
    tiffany: User,
    series: ChatSeries,
    maya_reminded: ChatReminder,
    first: datetime,
    django_capture_on_commit_callbacks: Any,
) -> None:
    chat = actions.live_chat_on(series, series.first_date)
    assert chat is not None
    actions.do_cancel_session(tiffany, chat_access(tiffany, series), chat, "Host unwell")

    assert run_at(first - timedelta(minutes=30), django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_no_reminder_for_a_cancelled_series(
    tiffany: User,
    series: ChatSeries,
    maya_reminded: ChatReminder,
    first: datetime,
    django_capture_on_commit_callbacks: Any,
) -> None:
    actions.do_cancel_series(tiffany, chat_access(tiffany, series), "The chat has ended for good")

    assert run_at(first - timedelta(minutes=30), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_no_reminder_after_maya_left_the_closed_community(
    maya: User,
    lupus: Community,
    maya_reminded: ChatReminder,
    first: datetime,
    django_capture_on_commit_callbacks: Any,
) -> None:
    do_leave(maya, lupus)

    assert run_at(first - timedelta(minutes=30), django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.exists()
    assert mail.outbox == []
    maya_reminded.refresh_from_db()
    assert maya_reminded.last_sent_for is None


def test_no_reminder_to_a_closed_account(
    maya: User, maya_reminded: ChatReminder, first: datetime, django_capture_on_commit_callbacks: Any
) -> None:
    User.objects.filter(pk=maya.pk).update(is_active=False)

    assert run_at(first - timedelta(minutes=30), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_the_jobs_run_each_minute_and_cost_little_with_nothing_to_do(db: None) -> None:
    jobs = (tasks.send_due_reminders, tasks.release_due_topics, tasks.finish_due_chats)
    with CaptureQueriesContext(connection) as queries:
        results = [job.call_local() for job in jobs]
    for job in jobs:
        job()  # as the worker runs it

    assert results == [0, 0, 0]
    assert len(queries) <= 3
    assert all(job.task_class().validate_datetime(datetime(2026, 11, 21, 18, 7, tzinfo=UTC)) for job in jobs)


# --- Reading the reminder ---------------------------------------------------------------------


def remind_maya(first: datetime, capture: Any) -> Notification:
    run_at(first - timedelta(minutes=30), capture)
    return Notification.objects.get()


def test_the_notifications_page_shows_the_reminder_on_her_clock(
    maya_client: Client, maya_reminded: ChatReminder, first: datetime, django_capture_on_commit_callbacks: Any
) -> None:
    notification = remind_maya(first, django_capture_on_commit_callbacks)
    chat = notification.live_chat
    assert chat is not None
    hers = first.astimezone(zone(MAYAS_ZONE))

    page = maya_client.get(reverse("notifications"))

    assert page.status_code == 200
    html = page.content.decode()
    assert f'<a href="{chat.get_absolute_url()}">#LupusChat starts at {hers:%H:%M} your time</a>' in html
    assert f"{hers:%A %-d %B} ({MAYAS_ZONE})" in html


def test_the_api_links_the_reminder_to_the_room(
    maya: User, maya_reminded: ChatReminder, first: datetime, django_capture_on_commit_callbacks: Any
) -> None:
    notification = remind_maya(first, django_capture_on_commit_callbacks)
    assert notification.live_chat is not None

    (item,) = api_client(maya).get("/api/v1/notifications").json()["items"]

    assert item["kind"] == "chat_reminder"
    assert item["url"] == notification.live_chat.get_absolute_url()
    assert datetime.fromisoformat(item["starts_at"]) == first
    assert (item["thread"], item["post"]) == (None, None)


def test_a_reminder_of_a_session_cancelled_afterwards_says_so(
    tiffany: User,
    series: ChatSeries,
    maya_client: Client,
    maya_reminded: ChatReminder,
    first: datetime,
    django_capture_on_commit_callbacks: Any,
) -> None:
    chat = remind_maya(first, django_capture_on_commit_callbacks).live_chat
    assert chat is not None
    actions.do_cancel_session(tiffany, chat_access(tiffany, series), chat, "Host unwell")

    html = maya_client.get(reverse("notifications")).content.decode()

    assert "was cancelled" in html
    assert "your time</a>" not in html


def test_a_reminder_without_its_session_does_not_break_the_page(
    maya: User, maya_client: Client, lupus: Community
) -> None:
    Notification.objects.create(recipient=maya, kind=Kind.CHAT_REMINDER, community=lupus)

    page = maya_client.get(reverse("notifications"))
    api = api_client(maya).get("/api/v1/notifications")

    assert page.status_code == 200
    assert "starts soon" in page.content.decode()
    assert api.status_code == 200
    assert api.json()["items"][0]["url"] == lupus.get_absolute_url()


def test_after_leaving_maya_no_longer_sees_the_reminder(
    maya: User,
    lupus: Community,
    maya_client: Client,
    maya_reminded: ChatReminder,
    first: datetime,
    django_capture_on_commit_callbacks: Any,
) -> None:
    remind_maya(first, django_capture_on_commit_callbacks)
    do_leave(maya, lupus)

    html = maya_client.get(reverse("notifications")).content.decode()

    assert "#LupusChat" not in html
    assert api_client(maya).get("/api/v1/notifications").json()["items"] == []


def test_a_session_from_the_schedule_is_what_the_email_names(maya: User, series: ChatSeries, first: datetime) -> None:
    session = Session(
        series=series, date=series.first_date, starts_at=first, ends_at=first + series.duration, chat=None
    )
    maya.time_zone = NEW_YORK

    email = reminders.ReminderEmail.of(maya, series, session, first - timedelta(days=1))

    assert email.subject == "#LupusChat starts tomorrow at 21:00"
    assert "Time: " in email.body
    assert "The chat's time" not in email.body
