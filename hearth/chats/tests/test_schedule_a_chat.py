"""Tiffany, founder of a lupus community, schedules #LupusChat with the form, moves it, cancels one
session and then the series. Every refusal is said next to the field it is about, with what she
typed kept, and no input makes the page fail."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.chats import actions
from hearth.chats.models import ChatSeries, LiveChat
from hearth.chats.schedule import zone
from hearth.chats.tests.factories import make_series
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

NEW_YORK = "America/New_York"


def next_monday(weeks_ahead: int = 1) -> date:
    today = timezone.now().astimezone(zone(NEW_YORK)).date()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7) + timedelta(weeks=weeks_ahead - 1)


def lupus_chat_form(**changes: str) -> dict[str, str]:
    """What Tiffany types to hold #LupusChat on Mondays at 21:00 New York time."""
    fields = {
        "title": "Monday #LupusChat",
        "tag": "#LupusChat",
        "description": "An hour together for anyone living with lupus.",
        "time_zone": NEW_YORK,
        "first_date": next_monday().isoformat(),
        "start_time": "21:00",
        "duration_minutes": "60",
        "frequency": "weekly",
        "interval": "1",
        "until": "",
        "topic_interval_minutes": "",
        "topics_ahead_days": "",
        "hosts": "",
        "guests": "",
    }
    fields.update(changes)
    return fields


@pytest.fixture
def lupus(tiffany: User, maya: User) -> Community:
    return make_community(tiffany, members=[maya])


@pytest.fixture
def tiffany_client(tiffany: User) -> Client:
    client = Client()
    client.force_login(tiffany)
    return client


def schedule(client: Client, community: Community, **changes: str) -> _MonkeyPatchedWSGIResponse:
    return client.post(reverse("chat_series_create", args=[community.slug]), lupus_chat_form(**changes))


def field_errors(response: _MonkeyPatchedWSGIResponse) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_tiffany_schedules_lupus_chat_and_lands_on_its_page(tiffany_client: Client, lupus: Community) -> None:
    form_page = tiffany_client.get(reverse("chat_series_create", args=[lupus.slug]))
    assert form_page.status_code == 200
    for name in ("title", "tag", "time_zone", "first_date", "start_time", "until", "hosts", "guests"):
        assert f'for="id_{name}"'.encode() in form_page.content, name

    response = schedule(tiffany_client, lupus)

    series = ChatSeries.objects.get(community=lupus)
    assert response.status_code == 302
    assert response["Location"] == series.get_absolute_url()
    assert (series.tag, series.slug, series.start_time) == ("LupusChat", "lupuschat", time(21, 0))
    assert list(series.hosts.all()) == [lupus.created_by]
    page = tiffany_client.get(response["Location"])
    assert page.status_code == 200
    assert "Every Monday at 21:00 (America/New_York)" in page.content.decode()
    assert "#LupusChat is scheduled" in page.content.decode()
    assert next_monday().isoformat() in page.content.decode()  # the first session's link


@pytest.mark.parametrize(
    ("changes", "field", "said"),
    [
        ({"tag": "Lupus Chat"}, "tag", "A tag is 2 to 50 letters"),
        ({"tag": "#1lupus"}, "tag", "A tag is 2 to 50 letters"),
        ({"tag": "#" + "L" * 51}, "tag", "at most 51 characters"),
        ({"until": "2000-01-03"}, "until", "no chat would take place"),
        ({"frequency": "once", "first_date": "2020-03-02"}, "first_date", "no session still to come"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Select a valid choice"),
        ({"hosts": "@ravi"}, "hosts", "@ravi: not a member of this community"),
        ({"hosts": "tiffany, tiffany"}, "hosts", "named twice"),
        ({"guests": "@nobody_here"}, "guests", "not a member of this community"),
        ({"title": "T" * 121}, "title", "at most 120 characters"),
        ({"title": "   "}, "title", "This field is required"),
        ({"title": "Lupus\x00chat"}, "title", "Null characters are not allowed"),
        ({"hosts": "maya_r\x00"}, "hosts", "Null characters are not allowed"),
        ({"first_date": "2026-10-19\x00"}, "first_date", "Enter a valid date"),
        ({"start_time": "25:00"}, "start_time", "Enter a valid time"),
        ({"duration_minutes": "600"}, "duration_minutes", "less than or equal to 240"),
        ({"topic_interval_minutes": "90"}, "topic_interval_minutes", "within the chat's length"),
        ({"frequency": "yearly"}, "frequency", "Select a valid choice"),
        ({"first_date": "9999-12-27"}, "first_date", "within the next 10 years"),
        ({"first_date": "0001-01-01"}, "first_date", "from 2000 on"),
        ({"until": "9999-12-31"}, "until", "within the next 10 years"),
    ],
)
def test_a_refused_schedule_says_why_next_to_the_field_and_keeps_what_was_typed(
    tiffany_client: Client, lupus: Community, maya: User, ravi: User, changes: dict[str, str], field: str, said: str
) -> None:
    response = schedule(tiffany_client, lupus, **changes)

    assert response.status_code == 200
    errors = field_errors(response)
    assert list(errors) == [field], errors
    assert any(said in error for error in errors[field]), errors
    assert f'id="id_{field}_error"'.encode() in response.content
    assert b"Monday #LupusChat" in response.content or "title" in changes  # the title she typed is kept
    assert b"An hour together for anyone living with lupus." in response.content
    assert not ChatSeries.objects.exists()


def test_a_tag_already_taken_in_the_community_is_refused_next_to_the_tag(
    tiffany_client: Client, tiffany: User, lupus: Community
) -> None:
    make_series(tiffany, lupus, tag="LupusChat")

    response = schedule(tiffany_client, lupus, tag="lupuschat", title="Another chat")

    assert response.status_code == 200
    assert field_errors(response) == {"tag": ["#lupuschat is already the tag of another chat in this community."]}
    assert b'value="lupuschat"' in response.content
    assert b'value="Another chat"' in response.content
    assert ChatSeries.objects.count() == 1


def test_the_same_tag_in_another_community_is_fine(tiffany_client: Client, tiffany: User, lupus: Community) -> None:
    make_series(tiffany, make_community(tiffany, "Lupus in the family"), tag="LupusChat")

    assert schedule(tiffany_client, lupus).status_code == 302
    assert ChatSeries.objects.filter(slug="lupuschat").count() == 2


def test_named_hosts_and_guest_experts_who_are_members_are_kept(
    tiffany_client: Client, tiffany: User, maya: User, lupus: Community
) -> None:
    response = schedule(tiffany_client, lupus, hosts="@maya_r", guests="tiffany")

    assert response.status_code == 302
    series = ChatSeries.objects.get()
    assert list(series.hosts.all()) == [maya]
    assert list(series.guests.all()) == [tiffany]


def test_editing_moves_a_saved_session_still_to_come(tiffany_client: Client, tiffany: User, lupus: Community) -> None:
    schedule(tiffany_client, lupus)
    series = ChatSeries.objects.get()
    chat = actions.live_chat_on(series, next_monday())  # saved ahead, as when Tiffany writes its topics
    assert chat is not None
    edit = reverse("chat_series_edit", args=[lupus.slug, series.slug])

    form_page = tiffany_client.get(edit)
    assert form_page.status_code == 200
    assert b'value="Monday #LupusChat"' in form_page.content
    assert b'value="21:00' in form_page.content
    response = tiffany_client.post(edit, lupus_chat_form(start_time="20:00"))

    assert response.status_code == 302
    assert response["Location"] == series.get_absolute_url()
    chat.refresh_from_db()
    local = chat.starts_at.astimezone(zone(NEW_YORK))
    assert (local.date(), local.time()) == (next_monday(), time(20, 0))
    assert chat.ends_at - chat.starts_at == timedelta(minutes=60)
    assert "Every Monday at 20:00 (America/New_York)" in tiffany_client.get(response["Location"]).content.decode()


def test_editing_keeps_the_series_own_tag_and_refuses_another_series_tag(
    tiffany_client: Client, tiffany: User, lupus: Community
) -> None:
    series = make_series(tiffany, lupus, tag="LupusChat")
    make_series(tiffany, lupus, tag="SpoonieChat")
    edit = reverse("chat_series_edit", args=[lupus.slug, series.slug])

    assert tiffany_client.post(edit, lupus_chat_form(title="Renamed")).status_code == 302
    response = tiffany_client.post(edit, lupus_chat_form(tag="SpoonieChat"))

    assert response.status_code == 200
    assert list(field_errors(response)) == ["tag"]
    assert b'value="SpoonieChat"' in response.content
    series.refresh_from_db()
    assert (series.title, series.tag) == ("Renamed", "LupusChat")


def test_tiffany_cancels_one_session_with_a_reason_and_restores_it(
    tiffany_client: Client, tiffany: User, lupus: Community
) -> None:
    series = make_series(tiffany, lupus, starts=timezone.now() + timedelta(days=3))
    day = series.first_date.isoformat()
    cancel = reverse("chat_session_cancel", args=[lupus.slug, series.slug, day])

    assert tiffany_client.get(cancel).status_code == 200
    response = tiffany_client.post(cancel, {"reason": "Host unwell; back next week"}, follow=True)

    assert response.redirect_chain[-1][0] == series.get_absolute_url()
    page = response.content.decode()
    assert "is cancelled" in page
    assert "Host unwell; back next week" in page
    chat = LiveChat.objects.get(series=series, date=series.first_date)
    assert chat.cancelled_at is not None
    assert chat.cancel_reason == "Host unwell; back next week"
    again = tiffany_client.get(cancel)
    assert b"Hold it after all" in again.content

    restored = tiffany_client.post(cancel, {"restore": "1"}, follow=True)

    assert restored.status_code == 200
    assert restored.redirect_chain[-1][0] == chat.get_absolute_url()
    chat = LiveChat.objects.get(pk=chat.pk)
    assert chat.cancelled_at is None
    assert chat.cancel_reason == ""
    assert "Host unwell" not in tiffany_client.get(series.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("reason", "said"), [("x" * 201, "at most 200 characters"), ("Ill\x00", "Null characters are not allowed")]
)
def test_a_refused_reason_is_said_next_to_it(
    tiffany_client: Client, tiffany: User, lupus: Community, reason: str, said: str
) -> None:
    series = make_series(tiffany, lupus)
    for address in (
        reverse("chat_session_cancel", args=[lupus.slug, series.slug, series.first_date.isoformat()]),
        reverse("chat_series_cancel", args=[lupus.slug, series.slug]),
    ):
        response = tiffany_client.post(address, {"reason": reason})
        assert response.status_code == 200
        assert any(said in error for error in field_errors(response)["reason"])
    series.refresh_from_db()
    assert series.cancelled_at is None
    assert not LiveChat.objects.filter(cancelled_at__isnull=False).exists()


def test_a_session_that_took_place_cannot_be_cancelled(tiffany_client: Client, tiffany: User, lupus: Community) -> None:
    from hearth.chats.tests.factories import make_live_chat

    chat = make_live_chat(tiffany, lupus, ended=True)
    cancel = reverse("chat_session_cancel", args=[lupus.slug, chat.series.slug, chat.date.isoformat()])

    response = tiffany_client.post(cancel, {"reason": "Too late"})

    assert response.status_code == 200
    assert field_errors(response) == {"reason": ["This chat has already taken place."]}
    chat.refresh_from_db()
    assert chat.cancelled_at is None


def test_a_date_the_series_does_not_meet_on_has_no_cancel_page(
    tiffany_client: Client, tiffany: User, lupus: Community
) -> None:
    series = make_series(tiffany, lupus)
    for day in ((series.first_date + timedelta(days=1)).isoformat(), "not-a-date", "2026-02-30", "2026-01-05\x00"):
        address = reverse("chat_session_cancel", args=[lupus.slug, series.slug, "DAY"]).replace("DAY", day)
        assert tiffany_client.get(address).status_code == 404, day


def test_tiffany_cancels_the_series_with_a_reason(tiffany_client: Client, tiffany: User, lupus: Community) -> None:
    series = make_series(tiffany, lupus)
    cancel = reverse("chat_series_cancel", args=[lupus.slug, series.slug])

    assert tiffany_client.get(cancel).status_code == 200
    response = tiffany_client.post(cancel, {"reason": "We meet in the forum now"}, follow=True)

    assert response.redirect_chain[-1][0] == series.get_absolute_url()
    page = response.content.decode()
    assert "This chat series is cancelled." in page
    assert "We meet in the forum now" in page
    assert "Next chats" not in page
    series.refresh_from_db()
    assert series.cancelled_at is not None
    chats = tiffany_client.get(reverse("community_chats", args=[lupus.slug])).content.decode()
    assert "Cancelled: We meet in the forum now" in chats
    assert "No chat in the next 60 days." in chats
