"""Maya taps "Save" twice, or her app and the page send the same day at once: there is still one
check-in for the day, and neither request fails."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from hearth.accounts.models import User
from hearth.tracking.checkins import CheckInInput, do_check_in
from hearth.tracking.models import CheckIn, SymptomRating
from hearth.tracking.series import local_today


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one writer at a time anyway")
def test_check_ins_for_the_same_day_at_once_make_one(maya: User) -> None:
    day = local_today(maya)

    def check_in(pain: int) -> int:
        try:
            return do_check_in(maya, CheckInInput(day=day, pain=pain % 11, symptoms={"fatigue": pain % 4})).pk
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=6) as pool:
        ids = set(pool.map(check_in, range(24)))

    assert len(ids) == 1
    assert CheckIn.objects.filter(member=maya, day=day).count() == 1
    assert SymptomRating.objects.count() == 1
