"""Maya downloads all her tracking as one CSV: each value a row, safe to open in a spreadsheet,
and nothing of anyone else's; an anonymous visitor is sent to log in."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.conditions.models import Symptom
from hearth.tracking.checkins import CheckInInput, do_check_in, do_create_tracker, do_record
from hearth.tracking.csv_io import from_spreadsheet, spreadsheet_safe
from hearth.tracking.models import CheckIn, DoseTaken
from hearth.tracking.series import local_today
from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db


def _rows(response: object) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


def test_maya_exports_every_kind_of_value(maya: User, maya_client: Client) -> None:
    today = local_today(maya)
    yesterday = today - dt.timedelta(days=1)
    fatigue, _ = Symptom.objects.get_or_create(slug="fatigue", defaults={"name": "Fatigue"})
    tamoxifen, _ = Treatment.objects.get_or_create(slug="tamoxifen", defaults={"name": "Tamoxifen", "kind": "medicine"})
    do_check_in(
        maya,
        CheckInInput(
            day=yesterday,
            feeling=4,
            pain=3,
            energy=6,
            sleep_hours=Decimal("7.5"),
            note="Walked =1+1",
            symptoms={"fatigue": 2},
        ),
    )
    check_in = CheckIn.objects.get(member=maya, day=yesterday)
    DoseTaken.objects.create(check_in=check_in, treatment=tamoxifen, label="Morning", taken=True)
    weight = do_create_tracker(maya, name="Weight", kind="number", unit="kg")
    do_record(maya, weight, yesterday, 70.2)
    do_record(maya, weight, today, 70.4)

    response = maya_client.get("/track/export.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="hearth-tracking-{today.isoformat()}.csv"'
    rows = _rows(response)
    day = yesterday.isoformat()
    assert [(r["date"], r["series"], r["name"], r["value"], r["unit"], r["note"]) for r in rows] == [
        (day, "feeling", "Overall feeling", "4", "", ""),
        (day, "pain", "Pain", "3", "", ""),
        (day, "energy", "Energy", "6", "", ""),
        (day, "sleep", "Sleep", "7.5", "hours", ""),
        (day, "symptom-fatigue", fatigue.name, "2", "", ""),
        (day, "dose", f"{tamoxifen.name} — Morning", "1", "", ""),
        (day, "note", "Note", "", "", "Walked =1+1"),
        (day, "tracker", "Weight", "70.2", "kg", ""),
        (today.isoformat(), "tracker", "Weight", "70.4", "kg", ""),
    ]


def test_text_a_spreadsheet_would_run_is_written_as_text(maya: User, maya_client: Client) -> None:
    yesterday = local_today(maya) - dt.timedelta(days=1)
    do_check_in(maya, CheckInInput(day=yesterday, note='=HYPERLINK("http://evil.example","click")'))
    tracker = do_create_tracker(maya, name="-Steps", kind="number", unit="steps")
    do_record(maya, tracker, yesterday, 4000)

    rows = _rows(maya_client.get("/track/export.csv"))

    assert rows[0]["note"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[1]["name"] == "'-Steps"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=x", "'plain", "plain", ""])
def test_the_guard_gives_back_exactly_what_was_written(text: str) -> None:
    safe = spreadsheet_safe(text)

    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert from_spreadsheet(safe) == text


def test_the_export_holds_nothing_of_ravi(maya: User, ravi: User, maya_client: Client) -> None:
    yesterday = local_today(ravi) - dt.timedelta(days=1)
    do_check_in(ravi, CheckInInput(day=yesterday, pain=9, note="Ravi's secret"))

    rows = _rows(maya_client.get("/track/export.csv"))

    assert rows == []


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client) -> None:
    response = client.get("/track/export.csv")

    assert response.status_code == 302
    assert "/login" in response["Location"] or "/accounts/" in response["Location"]
