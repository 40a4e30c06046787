"""The upcoming chats directory (/chats/), like the old healthcare hashtag registries: chats of
public communities only, whoever is looking; a condition filter; times in a chosen zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.chats import actions
from hearth.chats.access import chat_access
from hearth.chats.schedule import Rule, zone
from hearth.chats.tests.factories import make_live_chat, make_series
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.conditions.models import Condition

DIRECTORY = reverse("upcoming_chats")


def soon(hours: int) -> datetime:
    """A start on the hour, some hours from now."""
    return (timezone.now() + timedelta(hours=hours)).replace(minute=0, second=0, microsecond=0)


@pytest.fixture
def lupus(tiffany: User, maya: User) -> Community:
    sle = Condition.objects.get(slug="systemic-lupus-erythematosus")
    return make_community(tiffany, members=[maya], conditions=[sle])


@pytest.fixture
def diabetes(ravi: User) -> Community:
    return make_community(ravi, "Type 1 together", conditions=[Condition.objects.get(slug="type-1-diabetes")])


def directory(client: Client, **query: str) -> str:
    response = client.get(DIRECTORY, query)
    assert response.status_code == 200
    return response.content.decode()


def test_chats_of_public_communities_are_listed_soonest_first(
    tiffany: User, ravi: User, lupus: Community, diabetes: Community
) -> None:
    make_series(tiffany, lupus, tag="LupusChat", starts=soon(30))
    make_series(ravi, diabetes, tag="T1DChat", starts=soon(5))

    page = directory(Client())

    assert page.index("#T1DChat") < page.index("#LupusChat")
    assert "Type 1 together" in page
    assert reverse("chat_series", args=[lupus.slug, "lupuschat"]) in page


@pytest.mark.parametrize("visibility", ["closed", "private"])
def test_closed_and_private_chats_never_appear_even_for_their_members(
    tiffany: User, maya: User, site_admin: User, visibility: str
) -> None:
    circle = make_community(tiffany, "Lupus circle", visibility=visibility, members=[maya])
    make_series(tiffany, circle, tag="SecretChat", title="Secret-title-marker", starts=soon(3))

    for viewer in (None, maya, tiffany, site_admin):
        client = Client()
        if viewer is not None:
            client.force_login(viewer)
        page = directory(client)
        assert "SecretChat" not in page, viewer
        assert "Secret-title-marker" not in page, viewer
        assert "Lupus circle" not in page, viewer


def test_cancelled_sessions_and_series_and_chats_beyond_two_weeks_are_left_out(tiffany: User, lupus: Community) -> None:
    called_off = make_series(tiffany, lupus, tag="CalledOff", starts=soon(3), frequency="once")
    actions.do_cancel_series(tiffany, chat_access(tiffany, called_off), "")
    skipped = make_series(tiffany, lupus, tag="SkippedChat", starts=soon(3), frequency="once")
    chat = actions.live_chat_on(skipped, skipped.first_date)
    assert chat is not None
    actions.do_cancel_session(tiffany, chat_access(tiffany, skipped), chat, "Host unwell")
    make_series(tiffany, lupus, tag="FarChat", starts=timezone.now() + timedelta(days=20))

    page = directory(Client())

    for tag in ("CalledOff", "SkippedChat", "FarChat"):
        assert tag not in page
    assert "No chat in the next 14 days." in page


def test_a_live_chat_is_marked_live(tiffany: User, lupus: Community) -> None:
    make_live_chat(tiffany, lupus)

    page = directory(Client())

    assert "#LupusChat" in page
    assert "Live now" in page


def test_the_condition_filter_keeps_that_conditions_communities_and_their_groups(
    tiffany: User, ravi: User, lupus: Community, diabetes: Community
) -> None:
    make_series(tiffany, lupus, tag="LupusChat", starts=soon(30))
    make_series(ravi, diabetes, tag="T1DChat", starts=soon(5))
    group = make_community(tiffany, "Lupus parents", parent=lupus)
    make_series(tiffany, group, tag="ParentsChat", starts=soon(10))

    page = directory(Client(), condition="systemic-lupus-erythematosus")

    assert "#LupusChat" in page
    assert "#ParentsChat" in page
    assert "#T1DChat" not in page
    assert '<option value="systemic-lupus-erythematosus" selected>' in page
    assert '<option value="type-1-diabetes">' in page
    only_diabetes = directory(Client(), condition="type-1-diabetes")
    assert "#T1DChat" in only_diabetes
    assert "#LupusChat" not in only_diabetes


def test_a_condition_without_chats_says_so(tiffany: User, lupus: Community) -> None:
    make_series(tiffany, lupus, starts=soon(30))

    page = directory(Client(), condition="crohns-disease")

    assert "#LupusChat" not in page
    assert "No chat in the next 14 days for" in page


@pytest.mark.parametrize("condition", ["no-such-condition", "lupus\x00", "x" * 500, "../../etc", "'; DROP TABLE"])
def test_an_unknown_or_doctored_condition_never_fails(tiffany: User, lupus: Community, condition: str) -> None:
    make_series(tiffany, lupus, starts=soon(30))

    directory(Client(), condition=condition)


def test_times_are_shown_in_the_zone_chosen_with_tz(tiffany: User, lupus: Community) -> None:
    series = make_series(tiffany, lupus, starts=soon(30))
    starts = Rule.of(series).starts_at(series.first_date)

    tokyo = directory(Client(), tz="Asia/Tokyo")
    utc = directory(Client())

    assert f"{starts.astimezone(zone('Asia/Tokyo')):%H:%M}</time>" in tokyo
    assert '<option value="Asia/Tokyo" selected>' in tokyo
    assert f"({series.start_time:%H:%M} America/New_York)" in tokyo
    assert f"{starts.astimezone(UTC):%H:%M}</time>" in utc
    assert '<option value="UTC" selected>' in utc


@pytest.mark.parametrize("tz", ["Mars/Olympus_Mons", "", "utc", "Europe/Paris\x00", "../../../etc/passwd", "x" * 300])
def test_an_unknown_zone_shows_utc_and_never_fails(tiffany: User, lupus: Community, tz: str) -> None:
    make_series(tiffany, lupus, starts=soon(30))

    page = directory(Client(), tz=tz)

    assert '<option value="UTC" selected>' in page
    assert "#LupusChat" in page


def test_a_member_reads_times_in_their_own_zone_unless_they_choose_another(tiffany: User, lupus: Community) -> None:
    make_series(tiffany, lupus, starts=soon(30))
    amelie = UserFactory.create(handle="amelie", time_zone="Europe/Paris")
    client = Client()
    client.force_login(amelie)

    assert '<option value="Europe/Paris" selected>' in directory(client)
    assert '<option value="Asia/Tokyo" selected>' in directory(client, tz="Asia/Tokyo")


def test_the_directory_form_has_labels_and_works_without_javascript(db: None) -> None:
    page = directory(Client())

    assert '<form method="get"' in page
    assert '<label for="chats-condition">' in page
    assert '<label for="chats-tz">' in page
