"""The planner's statistics are refreshed after bulk loads and every night."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from huey.contrib.djhuey import HUEY

from hearth.accounts.models import User
from hearth.communities.tests.factories import make_community
from hearth.lib.planner import refresh_statistics
from hearth.search.tests.factories import make_thread
from hearth.web.tasks import refresh_planner_statistics

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps statistics only when asked")
def test_sqlite_has_statistics_for_its_posts_once_refreshed(tiffany: User) -> None:
    make_thread(tiffany, make_community(tiffany), "Pacing", "What helps you pace yourself?")

    refresh_statistics()

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'discussions_post'")
        assert cursor.fetchone()[0] > 0


def test_the_statistics_are_refreshed_every_night() -> None:
    night, noon = dt.datetime(2026, 11, 22, 4, 17), dt.datetime(2026, 11, 22, 12, 0)  # noqa: DTZ001 (huey: naive UTC)
    at_night = {task.name for task in HUEY.read_periodic(night)}
    at_noon = {task.name for task in HUEY.read_periodic(noon)}

    assert "refresh_planner_statistics" in at_night - at_noon
    refresh_planner_statistics.call_local()  # and it runs on either database
