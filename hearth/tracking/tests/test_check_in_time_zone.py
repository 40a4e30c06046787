"""Maya's check-in day is her own local day: at 1:30 a.m. in Sydney, "today" is already Sydney's
tomorrow, whatever the server's clock says."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.tracking.models import CheckIn


@pytest.fixture
def sydney_night(maya: User, monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """14:30 UTC today, which is 00:30 or 01:30 tomorrow in Sydney; returns Sydney's day."""
    maya.time_zone = "Australia/Sydney"
    maya.save(update_fields=["time_zone"])
    real = timezone.now()
    frozen = dt.datetime.combine(real.date(), dt.time(14, 30), tzinfo=dt.UTC)
    monkeypatch.setattr("hearth.tracking.series.timezone.now", lambda: frozen)
    return frozen.date() + dt.timedelta(days=1)


def test_mayas_check_in_belongs_to_her_day_in_sydney(sydney_night: dt.date, maya: User, maya_client: Client) -> None:
    maya_client.post("/track/check-in/", {"feeling": "3"})

    assert CheckIn.objects.get(member=maya).day == sydney_night


def test_sydneys_today_is_not_in_the_future(sydney_night: dt.date, maya_client: Client) -> None:
    today = sydney_night
    tomorrow = today + dt.timedelta(days=1)

    assert maya_client.get(f"/track/check-in/{today:%Y-%m-%d}/").status_code == 200
    assert maya_client.get(f"/track/check-in/{tomorrow:%Y-%m-%d}/").status_code == 404
