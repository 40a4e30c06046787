"""Maya looks back over her check-ins, newest first, thirty a page, each with what she recorded and
a link to change it."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from hearth.accounts.models import User
from hearth.tracking.checkins import CheckInInput, do_check_in
from hearth.tracking.series import local_today


def test_maya_sees_her_check_ins_newest_first_with_an_edit_link(maya: User, maya_client: Client) -> None:
    today = local_today(maya)
    do_check_in(maya, CheckInInput(day=today - dt.timedelta(days=3), feeling=2, note="Chemo day."))
    do_check_in(maya, CheckInInput(day=today - dt.timedelta(days=1), pain=7, symptoms={"fatigue": 3}))

    page = maya_client.get("/track/history/").content.decode()

    assert page.index("Fatigue: severe") < page.index("Chemo day.")
    assert "Your check-ins, newest first</caption>" in page
    older = today - dt.timedelta(days=3)
    assert f'href="/track/check-in/{older:%Y-%m-%d}/"' in page


def test_the_history_is_paginated(maya: User, maya_client: Client) -> None:
    today = local_today(maya)
    for back in range(35):
        do_check_in(maya, CheckInInput(day=today - dt.timedelta(days=back), energy=back % 11))

    first = maya_client.get("/track/history/").content.decode()
    second = maya_client.get("/track/history/", {"page": "2"}).content.decode()

    assert first.count('<th scope="row">') == 30
    assert second.count('<th scope="row">') == 5
    assert "Page 1 of 2" in first
    assert maya_client.get("/track/history/", {"page": "x"}).status_code == 200
