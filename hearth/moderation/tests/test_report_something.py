"""A report: a reason from the list, an optional short note, kept once per reporter and target
while it is open, and a limit on how many one member makes in an hour."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from hearth.accounts.models import User
from hearth.lib.ratelimit import RateLimited
from hearth.moderation.actions import do_report
from hearth.moderation.models import Report, ReportStatus, TargetType

pytestmark = pytest.mark.django_db


def test_a_report_is_kept_once_while_open(tiffany: User) -> None:
    first = do_report(tiffany, TargetType.DIRECT_MESSAGE, 7, "spam", " Selling pills ").report
    again = do_report(tiffany, TargetType.DIRECT_MESSAGE, 7, "spam")

    assert (again.report.pk, again.already) == (first.pk, True)
    assert first.note == "Selling pills"
    Report.objects.update(status=ReportStatus.CLOSED)
    assert do_report(tiffany, TargetType.DIRECT_MESSAGE, 7, "spam").report.pk != first.pk


@pytest.mark.parametrize(
    ("reason", "note", "message"),
    [
        ("boring", "", "Choose a reason"),
        ("spam", "x" * 1001, "at most 1,000 characters"),
        ("spam", "a\x00", "Null characters are not allowed."),
    ],
)
def test_bad_reports_are_refused(tiffany: User, reason: str, note: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        do_report(tiffany, TargetType.DIRECT_MESSAGE, 7, reason, note)

    assert not Report.objects.exists()


def test_reporting_is_limited(tiffany: User) -> None:
    for target in range(20):
        do_report(tiffany, TargetType.DIRECT_MESSAGE, target + 1, "spam")

    with pytest.raises(RateLimited):
        do_report(tiffany, TargetType.DIRECT_MESSAGE, 99, "spam")
