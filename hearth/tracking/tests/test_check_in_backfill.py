"""Maya forgot yesterday: she fills in a past day from the links to the last seven days or the date
field, and edits it later. A day that has not happened yet, or one from long ago, is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hearth.accounts.models import User
from hearth.tracking.checkins import CheckInInput, do_check_in
from hearth.tracking.models import CheckIn
from hearth.tracking.series import local_today


def test_maya_fills_in_yesterday(maya: User, maya_client: Client) -> None:
    yesterday = local_today(maya) - dt.timedelta(days=1)
    url = f"/track/check-in/{yesterday:%Y-%m-%d}/"

    page = maya_client.get("/track/check-in/").content.decode()
    assert f'href="{url}"' in page
    response = maya_client.post(url, {"pain": "6", "note": "Forgot to check in."}, follow=True)

    assert "Check-in saved for yesterday." in response.content.decode()
    check_in = CheckIn.objects.get(member=maya)
    assert (check_in.day, check_in.pain) == (yesterday, 6)
    assert "Forgot to check in." in maya_client.get(url).content.decode()


def test_the_last_seven_days_show_which_are_done(maya: User, maya_client: Client) -> None:
    today = local_today(maya)
    do_check_in(maya, CheckInInput(day=today - dt.timedelta(days=2), feeling=3))

    page = maya_client.get("/track/check-in/").content.decode()

    assert page.count('<span class="pill">done</span>') == 1
    assert page.count("not filled in") == 6


def test_the_date_field_jumps_to_a_day(maya: User, maya_client: Client) -> None:
    day = local_today(maya) - dt.timedelta(days=40)

    response = maya_client.get("/track/check-in/", {"day": day.isoformat()})

    assert response.status_code == 302
    assert response["Location"] == f"/track/check-in/{day:%Y-%m-%d}/"
    today = maya_client.get("/track/check-in/", {"day": local_today(maya).isoformat()})
    assert today["Location"] == "/track/check-in/"


@pytest.mark.parametrize("jump", ["not-a-date", "3000-01-01", "1990-01-01"])
def test_the_date_field_explains_a_day_it_cannot_go_to(jump: str, maya_client: Client) -> None:
    response = maya_client.get("/track/check-in/", {"day": jump})

    assert response.status_code == 200
    assert 'href="#id_day"' in response.content.decode()


def test_a_future_day_is_not_found_and_refused(maya: User, maya_client: Client) -> None:
    tomorrow = local_today(maya) + dt.timedelta(days=1)

    assert maya_client.get(f"/track/check-in/{tomorrow:%Y-%m-%d}/").status_code == 404
    assert maya_client.post(f"/track/check-in/{tomorrow:%Y-%m-%d}/", {"feeling": "3"}).status_code == 404
    with pytest.raises(ValidationError) as refused:
        do_check_in(maya, CheckInInput(day=tomorrow, feeling=3))
    assert "not happened yet" in refused.value.message_dict["day"][0]
    assert not CheckIn.objects.exists()


def test_a_day_from_long_ago_or_not_a_day_is_refused(maya: User, maya_client: Client) -> None:
    long_ago = local_today(maya) - dt.timedelta(days=3700)

    assert maya_client.get(f"/track/check-in/{long_ago:%Y-%m-%d}/").status_code == 404
    assert maya_client.get("/track/check-in/2025-02-30/").status_code == 404
    assert maya_client.get("/track/check-in/99999999999999999999-01-01/").status_code == 404
    with pytest.raises(ValidationError, match="ten years"):
        do_check_in(maya, CheckInInput(day=long_ago, feeling=3))
    assert not CheckIn.objects.exists()
