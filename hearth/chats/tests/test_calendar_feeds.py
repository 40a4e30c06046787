"""Calendar feeds: what a calendar program expands from Hearth's iCalendar feed (with the
`icalendar` and `recurring-ical-events` packages) are exactly Hearth's own sessions, across
daylight-saving changes; and who may fetch which feed. In closed and private communities only a
current member gets the feed, signed in or by the key of their private address; Sam (not a
member), visitors, a wrong key and a revoked key find nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import recurring_ical_events
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.chats import actions, schedule
from hearth.chats.access import chat_access
from hearth.chats.models import CalendarKey, ChatSeries, LiveChat
from hearth.chats.tests.factories import make_series
from hearth.communities.actions import do_leave
from hearth.communities.models import Community
from hearth.communities.tests.factories import PersonaWorld, make_community, make_persona_world

pytestmark = pytest.mark.django_db

NEW_YORK = "America/New_York"
# From October 2026 to April 2027: daylight time ends on 1 November 2026 and starts on 14 March 2027.
SPAN = (date(2026, 10, 1), date(2027, 4, 30))


@pytest.fixture
def lupus(tiffany: User, maya: User) -> Community:
    return make_community(tiffany, "Living with lupus", members=[maya])


def series_from(
    founder: User,
    community: Community,
    first: date,
    *,
    time_zone: str = NEW_YORK,
    tag: str = "LupusChat",
    **rule: Any,
) -> ChatSeries:
    """A series at 21:00 local whose first session is on `first`, in the past possibly: it is
    scheduled ahead, as a schedule must be, then given its first date and rule (`frequency`,
    `interval`, `monthly_last`, `until`)."""
    local = schedule.zone(time_zone)
    ahead = datetime.combine(timezone.now().astimezone(local).date() + timedelta(days=3), time(21, 0), tzinfo=local)
    series = make_series(founder, community, starts=ahead, time_zone=time_zone, tag=tag)
    series.first_date = first
    for name, value in rule.items():
        setattr(series, name, value)
    series.save()
    return series


def fetch(client: Client, address: str, **query: str) -> Calendar:
    response = client.get(address, query)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def series_feed(series: ChatSeries) -> str:
    return reverse("series_calendar", args=[series.community.slug, series.slug])


def expanded(calendar: Calendar, span: tuple[date, date] = SPAN) -> list[datetime]:
    """The start instants (UTC) a calendar program shows from the first day to the last, included."""
    events = recurring_ical_events.of(calendar).between(span[0], span[1] + timedelta(days=1))
    return sorted(event.decoded("dtstart").astimezone(UTC) for event in events)


def hearths(series: ChatSeries, span: tuple[date, date] = SPAN) -> list[datetime]:
    return [session.starts_at for session in schedule.sessions(series, *span)]


def times(moments: Iterator[datetime] | list[datetime]) -> list[str]:
    return [f"{moment:%Y-%m-%d %H:%M}" for moment in moments]


# --- The same sessions as Hearth's, across daylight-saving changes ----------------------------


def test_weekly_monday_chat_stays_at_nine_across_both_changes(tiffany: User, lupus: Community) -> None:
    series = series_from(tiffany, lupus, date(2026, 10, 19))

    calendar = fetch(Client(), series_feed(series))
    found = expanded(calendar)

    assert found == hearths(series)
    assert len(found) == len(schedule.Rule.of(series).dates(*SPAN))
    # 21:00 in New York: 01:00 UTC in daylight time, 02:00 UTC in standard time.
    assert times(m for m in found if m.date() in {date(2026, 10, 27), date(2026, 11, 3)}) == [
        "2026-10-27 01:00",
        "2026-11-03 02:00",
    ]
    assert times(m for m in found if m.date() in {date(2027, 3, 9), date(2027, 3, 16)}) == [
        "2027-03-09 02:00",
        "2027-03-16 01:00",
    ]
    assert {m.astimezone(schedule.zone(NEW_YORK)).time() for m in found} == {time(21, 0)}


def test_the_feed_describes_its_time_zone_and_rule(tiffany: User, lupus: Community) -> None:
    series = series_from(tiffany, lupus, date(2026, 10, 19))

    calendar = fetch(Client(), series_feed(series))
    zones = list(calendar.walk("VTIMEZONE"))
    (event,) = calendar.walk("VEVENT")

    assert [str(zone["TZID"]) for zone in zones] == [NEW_YORK]
    assert {sub.name for sub in zones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert event["DTSTART"].params["TZID"] == NEW_YORK
    assert event.decoded("dtstart") == datetime(2026, 10, 19, 21, 0, tzinfo=schedule.zone(NEW_YORK))
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;INTERVAL=1;BYDAY=MO"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["UID"]) == f"chat-series-{series.pk}@testserver"
    assert str(event["URL"]) == "http://testserver" + series.get_absolute_url()
    assert str(event["SUMMARY"]) == "#LupusChat: Lupus chat"


@pytest.mark.parametrize(
    ("first", "options"),
    [
        pytest.param(date(2026, 10, 13), {"frequency": "monthly"}, id="monthly-2nd-tuesday"),
        pytest.param(date(2026, 10, 29), {"frequency": "monthly", "monthly_last": True}, id="monthly-last-thursday"),
        pytest.param(date(2026, 10, 19), {"interval": 2}, id="every-2-weeks"),
        pytest.param(date(2026, 10, 19), {"until": date(2027, 3, 22)}, id="until"),
        pytest.param(date(2026, 10, 19), {"interval": 3, "until": date(2027, 3, 15)}, id="every-3-weeks-until"),
        pytest.param(date(2026, 10, 31), {"time_zone": "Europe/London"}, id="london-saturday"),
    ],
)
def test_other_rules_expand_to_hearths_sessions(
    tiffany: User, lupus: Community, first: date, options: dict[str, Any]
) -> None:
    series = series_from(tiffany, lupus, first, **options)

    found = expanded(fetch(Client(), series_feed(series)))

    assert found == hearths(series)
    assert len(found) >= 5
    local = schedule.zone(series.time_zone)
    assert {moment.astimezone(local).time() for moment in found} == {time(21, 0)}


@pytest.mark.parametrize(
    ("first", "at"),
    [
        pytest.param(date(2027, 2, 28), time(2, 30), id="skipped-by-spring-forward"),
        pytest.param(date(2026, 10, 25), time(1, 30), id="repeated-at-fall-back"),
    ],
)
def test_a_start_time_the_change_skips_or_repeats_reads_alike(
    tiffany: User, lupus: Community, first: date, at: time
) -> None:
    series = series_from(tiffany, lupus, first, start_time=at)  # Sundays, as the changes are

    found = expanded(fetch(Client(), series_feed(series)))

    assert found == hearths(series)


def test_until_includes_its_own_day_and_stops_there(tiffany: User, lupus: Community) -> None:
    series = series_from(tiffany, lupus, date(2026, 10, 19), until=date(2027, 3, 22))

    found = expanded(fetch(Client(), series_feed(series)))

    assert times(found[-2:]) == ["2027-03-16 01:00", "2027-03-23 01:00"]


def test_a_cancelled_session_is_left_out_by_both(tiffany: User, lupus: Community) -> None:
    series = series_from(tiffany, lupus, date(2026, 10, 19))
    chat = actions.live_chat_on(series, date(2027, 3, 15))  # the Monday after the March change
    assert chat is not None
    actions.do_cancel_session(tiffany, chat_access(tiffany, series), chat, "Host away")

    calendar = fetch(Client(), series_feed(series))
    found = expanded(calendar)

    assert found == hearths(series)
    assert datetime(2027, 3, 16, 1, 0, tzinfo=UTC) not in found
    assert datetime(2027, 3, 23, 1, 0, tzinfo=UTC) in found
    (event,) = calendar.walk("VEVENT")
    assert b"EXDATE;TZID=America/New_York:20270315T210000" in event.to_ical()


def test_a_session_moved_by_its_host_is_moved_in_the_calendar_too(tiffany: User, lupus: Community) -> None:
    series = series_from(tiffany, lupus, date(2026, 10, 19))
    chat = actions.live_chat_on(series, date(2026, 12, 28))
    assert chat is not None
    LiveChat.objects.filter(pk=chat.pk).update(
        starts_at=chat.starts_at - timedelta(hours=2), ends_at=chat.ends_at - timedelta(hours=2)
    )

    found = expanded(fetch(Client(), series_feed(series)))

    assert found == hearths(series)
    assert datetime(2026, 12, 29, 0, 0, tzinfo=UTC) in found
    assert datetime(2026, 12, 29, 2, 0, tzinfo=UTC) not in found


def test_a_cancelled_series_is_served_marked_cancelled_and_left_out_of_the_community_feed(
    tiffany: User, lupus: Community
) -> None:
    kept = series_from(tiffany, lupus, date(2026, 10, 19), tag="LupusChat")
    dropped = series_from(tiffany, lupus, date(2026, 10, 20), tag="LupusTuesday")
    actions.do_cancel_series(tiffany, chat_access(tiffany, dropped), "We moved to Mondays")

    (event,) = fetch(Client(), series_feed(dropped)).walk("VEVENT")
    community = fetch(Client(), reverse("community_calendar", args=[lupus.slug]))

    assert str(event["STATUS"]) == "CANCELLED"
    assert [str(e["UID"]) for e in community.walk("VEVENT")] == [f"chat-series-{kept.pk}@testserver"]


def test_a_community_feed_holds_each_series_once(tiffany: User, lupus: Community) -> None:
    mondays = series_from(tiffany, lupus, date(2026, 10, 19), tag="LupusChat")
    tuesdays = series_from(tiffany, lupus, date(2026, 10, 13), tag="LupusMonthly", frequency="monthly")

    calendar = fetch(Client(), reverse("community_calendar", args=[lupus.slug]))

    assert expanded(calendar) == sorted([*hearths(mondays), *hearths(tuesdays)])
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_a_one_off_chat_is_one_event(tiffany: User, lupus: Community) -> None:
    starts = datetime(2027, 1, 12, 19, 30, tzinfo=schedule.zone("Europe/Paris"))
    series = make_series(tiffany, lupus, starts=starts, time_zone="Europe/Paris", frequency="once")

    calendar = fetch(Client(), series_feed(series))
    (event,) = calendar.walk("VEVENT")

    assert "RRULE" not in event
    assert expanded(calendar, (date(2027, 1, 1), date(2027, 2, 1))) == [starts.astimezone(UTC)]


# --- Who may fetch which feed -----------------------------------------------------------------


def closed_world(visibility: str) -> tuple[PersonaWorld, ChatSeries]:
    world = make_persona_world(visibility)
    series = make_series(world.people["founder"], world.community, tag="SecretChat")
    return world, series


def feeds_of(series: ChatSeries) -> list[str]:
    return [reverse("community_calendar", args=[series.community.slug]), series_feed(series)]


def signed_in(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("visibility", ["closed", "private"])
def test_outsiders_find_no_feed_of_a_closed_or_private_community(visibility: str) -> None:
    world, series = closed_world(visibility)
    member, sam = world.people["member"], world.people["non_member"]
    revoked = actions.do_new_calendar_key(member).secret
    actions.do_new_calendar_key(member)  # replaces it
    sams_key = actions.do_new_calendar_key(sam).secret

    attempts: list[tuple[str, User | None, dict[str, str]]] = [
        ("visitor", None, {}),
        ("Sam signed in", sam, {}),
        ("Sam's own key", None, {"key": sams_key}),
        ("a wrong key", None, {"key": "not-a-key"}),
        ("an empty key", None, {"key": ""}),
        ("a key with a NUL", None, {"key": "a\x00b"}),
        ("the member's revoked key", None, {"key": revoked}),
        ("the revoked key, signed in", member, {"key": revoked}),
    ]
    for label, who, query in attempts:
        for address in feeds_of(series):
            response = signed_in(who).get(address, query)
            assert response.status_code == 404, (label, address, response.status_code)
            assert b"SecretChat" not in response.content


@pytest.mark.parametrize("visibility", ["closed", "private"])
def test_a_member_gets_the_feed_by_key_or_signed_in(visibility: str) -> None:
    world, series = closed_world(visibility)
    member = world.people["member"]
    key = actions.do_new_calendar_key(member).secret

    for address in feeds_of(series):
        by_key = Client().get(address, {"key": key})
        by_session = signed_in(member).get(address)
        for response in (by_key, by_session):
            assert response.status_code == 200, address
            assert b"#SecretChat" in response.content
            assert response["Cache-Control"] == "private, no-store"
        assert by_key["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("visibility", ["closed", "private"])
def test_a_members_key_stops_opening_the_feed_when_they_leave(visibility: str) -> None:
    world, series = closed_world(visibility)
    member = world.people["member"]
    key = actions.do_new_calendar_key(member).secret

    do_leave(member, world.community)

    for address in feeds_of(series):
        assert Client().get(address, {"key": key}).status_code == 404


def test_public_feeds_are_open_to_anyone(tiffany: User, lupus: Community) -> None:
    series = make_series(tiffany, lupus)
    sam = UserFactory.create(handle="sam_cares")

    for who in (None, sam):
        for address in feeds_of(series):
            response = signed_in(who).get(address)
            assert response.status_code == 200, address
            assert b"#LupusChat" in response.content
            assert response["Cache-Control"] == "no-cache"


def test_a_feed_of_a_missing_community_or_series_is_404(tiffany: User, lupus: Community) -> None:
    series = make_series(tiffany, lupus)

    assert Client().get(reverse("community_calendar", args=["no-such-place"])).status_code == 404
    assert Client().get(reverse("series_calendar", args=[lupus.slug, "nosuchchat"])).status_code == 404
    assert Client().post(series_feed(series)).status_code == 405


# --- A member's private feed ------------------------------------------------------------------


def member_feed(key: str) -> str:
    return reverse("member_calendar", args=[key])


def summaries(key: str) -> list[str]:
    return sorted(str(event["SUMMARY"]) for event in fetch(Client(), member_feed(key)).walk("VEVENT"))


def test_the_private_feed_holds_the_chats_of_every_community_while_a_member() -> None:
    world, secret = closed_world("private")
    member = world.people["member"]
    public = make_community(world.people["founder"], "Open lupus circle", members=[member])
    make_series(world.people["founder"], public, tag="OpenChat", title="Open chat")
    elsewhere = make_community(world.people["founder"], "Not joined")
    make_series(world.people["founder"], elsewhere, tag="OtherChat", title="Other chat")
    key = actions.do_new_calendar_key(member).secret

    before = summaries(key)
    do_leave(member, world.community)
    after = summaries(key)

    assert before == ["#OpenChat: Open chat", f"#{secret.tag}: {secret.title}"]
    assert after == ["#OpenChat: Open chat"]


def test_the_private_feed_is_not_kept_by_shared_caches() -> None:
    world, _ = closed_world("closed")
    key = actions.do_new_calendar_key(world.people["member"]).secret

    response = Client().get(member_feed(key))

    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_a_wrong_revoked_or_closed_accounts_private_address_is_404() -> None:
    world, _ = closed_world("closed")
    member = world.people["member"]
    revoked = actions.do_new_calendar_key(member).secret
    actions.do_revoke_calendar_key(member)
    other = UserFactory.create(handle="gone")
    closed_account = actions.do_new_calendar_key(other).secret
    User.objects.filter(pk=other.pk).update(is_active=False)

    for secret in (revoked, closed_account, "nothing-here", "x" * 65):
        assert Client().get(member_feed(secret)).status_code == 404


# --- The calendar settings page ---------------------------------------------------------------


def settings_page() -> str:
    return reverse("calendar_settings")


def test_maya_creates_replaces_and_revokes_her_private_address(maya: User, maya_client: Client) -> None:
    created = maya_client.post(settings_page(), {"action": "new"}, follow=True)
    first = CalendarKey.objects.get(user=maya, revoked_at__isnull=True).secret

    assert created.status_code == 200
    assert "http://testserver" + member_feed(first) in created.content.decode()
    assert created["Cache-Control"] == "no-store"
    assert Client().get(member_feed(first)).status_code == 200

    replaced = maya_client.post(settings_page(), {"action": "new"}, follow=True)
    second = CalendarKey.objects.get(user=maya, revoked_at__isnull=True).secret

    assert second != first
    assert "The old one has stopped working" in replaced.content.decode()
    assert Client().get(member_feed(first)).status_code == 404
    assert Client().get(member_feed(second)).status_code == 200

    revoked = maya_client.post(settings_page(), {"action": "revoke"}, follow=True)

    assert "no longer works anywhere" in revoked.content.decode()
    assert second not in revoked.content.decode()
    assert Client().get(member_feed(second)).status_code == 404
    assert not CalendarKey.objects.filter(user=maya, revoked_at__isnull=True).exists()


def test_the_settings_page_lists_each_communitys_feed(tiffany: User, maya: User, maya_client: Client) -> None:
    public = make_community(tiffany, "Living with lupus", members=[maya])
    closed = make_community(tiffany, "Lupus and work", visibility="closed", members=[maya])
    make_series(tiffany, public, tag="LupusChat")
    make_series(tiffany, closed, tag="WorkChat")

    without_key = maya_client.get(settings_page()).content.decode()
    key = actions.do_new_calendar_key(maya).secret
    with_key = maya_client.get(settings_page()).content.decode()

    assert reverse("community_calendar", args=[public.slug]) in without_key
    assert "needs your private address" in without_key
    assert f"{reverse('community_calendar', args=[closed.slug])}?key={key}" in with_key


def test_an_unknown_action_is_refused_plainly(maya_client: Client) -> None:
    response = maya_client.post(settings_page(), {"action": "explode"}, follow=True)

    assert response.status_code == 200
    assert "Choose to create, replace or turn off" in response.content.decode()
    assert not CalendarKey.objects.exists()


def test_visitors_are_sent_to_log_in(db: None) -> None:
    response = Client().get(settings_page())

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
