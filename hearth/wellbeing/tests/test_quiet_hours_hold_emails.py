"""Ellen's quiet hours run from 21:00 to 08:00 in London. An email that comes during them is held
and sent when they end; one that is of no use by then (a chat that has started, a day that is
over) is dropped. Outside them it goes at once; during a break, never. The in-app badge is not
touched by quiet hours."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

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
from hearth.wellbeing import tasks
from hearth.wellbeing.actions import do_update_settings
from hearth.wellbeing.breaks import do_take_break
from hearth.wellbeing.models import HeldEmail
from hearth.wellbeing.quiet import DROPPED, HELD, SENT, deliver, in_quiet_hours, release_held_emails

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# A winter night: London is on UTC.
ELEVEN_PM = dt.datetime(2026, 1, 14, 23, 0, tzinfo=LONDON)
EIGHT_AM = dt.datetime(2026, 1, 15, 8, 0, tzinfo=LONDON)


@pytest.fixture
def quiet_ellen(ellen: User) -> User:
    do_update_settings(ellen, quiet_from=dt.time(21, 0), quiet_until=dt.time(8, 0), hide_reaction_counts=False)
    return ellen


def _deliver(member: User, now: dt.datetime, expires_at: dt.datetime | None = None) -> str:
    return deliver(member, to=member.email, subject="Hello", body="Body", expires_at=expires_at, now=now)


def test_quiet_hours_hold_an_email_until_they_end(quiet_ellen: User) -> None:
    assert _deliver(quiet_ellen, ELEVEN_PM) == HELD
    assert mail.outbox == []
    held = HeldEmail.objects.get()
    assert held.send_after == EIGHT_AM

    assert release_held_emails(EIGHT_AM - dt.timedelta(minutes=1)) == 0
    assert release_held_emails(EIGHT_AM) == 1
    assert release_held_emails(EIGHT_AM) == 0  # never twice
    (email,) = mail.outbox
    assert email.to == [quiet_ellen.email]
    assert email.subject == "Hello"
    assert not HeldEmail.objects.exists()


def test_an_email_of_no_use_by_morning_is_dropped(quiet_ellen: User) -> None:
    assert _deliver(quiet_ellen, ELEVEN_PM, expires_at=ELEVEN_PM + dt.timedelta(hours=1)) == DROPPED
    assert not HeldEmail.objects.exists()
    assert mail.outbox == []


def test_outside_quiet_hours_it_goes_at_once_and_during_a_break_never(quiet_ellen: User) -> None:
    assert _deliver(quiet_ellen, EIGHT_AM + dt.timedelta(hours=2)) == SENT
    assert len(mail.outbox) == 1
    do_take_break(quiet_ellen, period="1w")
    assert _deliver(quiet_ellen, timezone.now()) == DROPPED
    assert len(mail.outbox) == 1


def test_a_held_email_is_not_sent_if_a_break_began_meanwhile(quiet_ellen: User) -> None:
    now = timezone.now()
    HeldEmail.objects.create(user=quiet_ellen, to=quiet_ellen.email, subject="Hi", body="B", send_after=now)
    do_take_break(quiet_ellen, period="3d")

    assert tasks.release_held_emails.call_local() == 0
    assert mail.outbox == []
    assert not HeldEmail.objects.exists()


@pytest.mark.parametrize(
    ("at", "quiet"),
    [(dt.time(22, 0), True), (dt.time(7, 59), True), (dt.time(8, 0), False), (dt.time(12, 0), False)],
)
def test_quiet_hours_across_midnight(at: dt.time, quiet: bool) -> None:
    assert in_quiet_hours(dt.time(21, 0), dt.time(8, 0), at) is quiet
    assert in_quiet_hours(dt.time(13, 0), dt.time(14, 0), at) is False


def test_a_chat_reminder_email_is_held_until_quiet_hours_end(
    quiet_ellen: User, tiffany: User, circle: Community, django_capture_on_commit_callbacks: Any
) -> None:
    series = make_series(tiffany, circle, starts=timezone.now() + dt.timedelta(days=3))
    chat_actions.do_set_reminder(quiet_ellen, chat_access(quiet_ellen, series), minutes_before=120, by_email=True)
    starts = Rule.of(series).starts_at(series.first_date)
    moment = starts - dt.timedelta(minutes=120)
    local = moment.astimezone(LONDON)
    # Quiet from an hour before the reminder until an hour after it: still before the chat starts.
    do_update_settings(
        quiet_ellen,
        quiet_from=(local - dt.timedelta(hours=1)).time(),
        quiet_until=(local + dt.timedelta(hours=1)).time(),
        hide_reaction_counts=False,
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert chat_reminders.send_due_reminders(moment) == 1

    assert mail.outbox == []
    held = HeldEmail.objects.get()
    assert held.expires_at == starts
    assert release_held_emails(moment + dt.timedelta(hours=1)) == 1
    assert mail.outbox[0].subject.startswith("#LupusChat starts")


def test_ellen_sets_quiet_hours_on_the_page(ellen: User, ellen_client: Client) -> None:
    one_end = ellen_client.post("/well-being/settings/", {"quiet_from": "21:00", "quiet_until": ""})
    same = ellen_client.post("/well-being/settings/", {"quiet_from": "21:00", "quiet_until": "21:00"})
    saved = ellen_client.post(
        "/well-being/settings/", {"quiet_from": "21:00", "quiet_until": "08:00", "hide_reaction_counts": "on"}
    )

    assert one_end.status_code == 422
    assert "or neither" in one_end.content.decode()
    assert same.status_code == 422
    assert saved.status_code == 302
    ellen.refresh_from_db()
    assert ellen.hide_reaction_counts
    page = ellen_client.get("/well-being/").content.decode()
    assert 'value="21:00"' in page
    assert 'value="08:00"' in page


def test_a_held_email_the_mail_server_refused_is_held_again(quiet_ellen: User, monkeypatch: pytest.MonkeyPatch) -> None:
    from hearth.wellbeing import quiet

    assert _deliver(quiet_ellen, ELEVEN_PM) == HELD

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("the mail server is away")

    monkeypatch.setattr(quiet, "send_mail", refuse)
    assert release_held_emails(EIGHT_AM) == 0
    held = HeldEmail.objects.get()
    assert held.send_after == EIGHT_AM + quiet.RETRY_AFTER

    monkeypatch.undo()
    assert release_held_emails(EIGHT_AM + quiet.RETRY_AFTER) == 1
    assert len(mail.outbox) == 1
