"""Maya imports a CSV of her tracking: the file is checked whole, every problem named by line and
column, nothing saved until she says yes on the preview; then it is saved at once, and the same
file twice adds nothing. Ravi cannot see or confirm her import."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.conditions.models import Symptom
from hearth.profiles.models import Profile, ProfileTreatment
from hearth.tracking.checkins import CheckInInput, do_check_in, do_create_tracker, do_record
from hearth.tracking.csv_io import do_stage_import, forget_stale_imports
from hearth.tracking.models import CheckIn, DoseTaken, Observation, PendingImport, ScheduledDose, SymptomRating, Tracker
from hearth.tracking.series import local_today
from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db

HEADER = "date,series,name,value,unit,note\n"


def _upload(client: Client, data: bytes, name: str = "tracking.csv") -> Any:
    return client.post("/track/import/", {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def _download(client: Client) -> bytes:
    response: Any = client.get("/track/export.csv")
    return b"".join(response.streaming_content)


def _day(member: User, back: int) -> str:
    return (local_today(member) - dt.timedelta(days=back)).isoformat()


@pytest.fixture
def fatigue(db: None) -> Symptom:
    symptom, _ = Symptom.objects.get_or_create(slug="fatigue", defaults={"name": "Fatigue"})
    return symptom


@pytest.fixture
def tamoxifen(maya: User) -> Treatment:
    treatment, _ = Treatment.objects.get_or_create(slug="tamoxifen", defaults={"name": "Tamoxifen", "kind": "medicine"})
    return treatment


def _good_file(maya: User, tamoxifen: Treatment) -> bytes:
    one, two = _day(maya, 2), _day(maya, 1)
    return (
        HEADER
        + f"{one},feeling,Overall feeling,4,,\n"
        + f"{one},pain,Pain,3,,\n"
        + f"{one},sleep,Sleep,7.5,hours,\n"
        + f"{one},symptom-fatigue,Fatigue,2,,\n"
        + f"{one},dose,{tamoxifen.name} — Morning,1,,\n"
        + f'{one},note,Note,,,"Long walk, felt ok"\n'
        + f"{one},tracker,Weight,70.2,kg,\n"
        + f"{two},energy,Energy,6,,\n"
        + f"{two},tracker,Weight,70.4,kg,\n"
    ).encode()


def test_maya_previews_then_imports_a_file(
    maya: User, maya_client: Client, fatigue: Symptom, tamoxifen: Treatment
) -> None:
    response = _upload(maya_client, _good_file(maya, tamoxifen))

    pending = PendingImport.objects.get(member=maya)
    assert response.status_code == 302
    assert response["Location"] == f"/track/import/{pending.pk}/"
    assert not CheckIn.objects.filter(member=maya).exists()  # nothing saved before she says yes

    preview = maya_client.get(f"/track/import/{pending.pk}/")
    page = preview.content.decode()
    assert "9 values" in page
    assert "New trackers will be made: Weight" in page
    assert "<caption>Values per series</caption>" in page

    done = maya_client.post(f"/track/import/{pending.pk}/", {"action": "import"})

    assert done.status_code == 302
    assert not PendingImport.objects.exists()
    check_in = CheckIn.objects.get(member=maya, day=_day(maya, 2))
    assert (check_in.feeling, check_in.pain, check_in.sleep_hours, check_in.note) == (
        4,
        3,
        Decimal("7.5"),
        "Long walk, felt ok",
    )
    assert check_in.source == "csv"
    assert SymptomRating.objects.get(check_in=check_in).severity == 2
    assert DoseTaken.objects.get(check_in=check_in).taken is True
    weight = Tracker.objects.get(member=maya, name="Weight")
    assert weight.unit == "kg"
    assert list(weight.observations.order_by("day").values_list("value", flat=True)) == [70.2, 70.4]


def test_the_same_file_twice_adds_nothing(
    maya: User, maya_client: Client, fatigue: Symptom, tamoxifen: Treatment
) -> None:
    for _ in range(2):
        _upload(maya_client, _good_file(maya, tamoxifen))
        pending = PendingImport.objects.get(member=maya)
        maya_client.post(f"/track/import/{pending.pk}/", {"action": "import"})

    assert CheckIn.objects.filter(member=maya).count() == 2
    assert SymptomRating.objects.count() == 1
    assert DoseTaken.objects.count() == 1
    assert Observation.objects.count() == 2
    assert Tracker.objects.filter(member=maya).count() == 1


def test_an_import_updates_values_in_place_and_keeps_the_rest(maya: User, maya_client: Client) -> None:
    day = local_today(maya) - dt.timedelta(days=3)
    do_check_in(maya, CheckInInput(day=day, pain=8, energy=2, note="Before"))

    _upload(maya_client, (HEADER + f"{day.isoformat()},pain,Pain,4,,\n").encode())
    pending = PendingImport.objects.get(member=maya)
    assert "1 of these day" in maya_client.get(f"/track/import/{pending.pk}/").content.decode()
    maya_client.post(f"/track/import/{pending.pk}/", {"action": "import"})

    check_in = CheckIn.objects.get(member=maya, day=day)
    assert (check_in.pain, check_in.energy, check_in.note) == (4, 2, "Before")


def test_export_then_import_into_an_empty_account_gives_the_same_data(
    maya: User, maya_client: Client, fatigue: Symptom, tamoxifen: Treatment
) -> None:
    _upload(maya_client, _good_file(maya, tamoxifen))
    maya_client.post(f"/track/import/{PendingImport.objects.get().pk}/", {"action": "import"})
    do_check_in(maya, CheckInInput(day=local_today(maya), note='=cmd|" /C calc"!A0'))
    steps = do_create_tracker(maya, name="@Steps", kind="number", unit="steps")
    do_record(maya, steps, local_today(maya), 12345)
    exported = _download(maya_client)

    newcomer = User.objects.create_user(handle="maya_two", email="two@example.org", password="x" * 20)
    client = Client()
    client.force_login(newcomer)
    Profile.objects.get_or_create(user=newcomer)
    response = _upload(client, exported)
    assert response.status_code == 302, response.content.decode()
    client.post(response["Location"], {"action": "import"})

    assert _download(client) == exported


def test_a_bom_is_accepted(maya: User, maya_client: Client) -> None:
    response = _upload(maya_client, ("\ufeff" + HEADER + f"{_day(maya, 1)},pain,Pain,2,,\n").encode())

    assert response.status_code == 302


def _errors(response: Any) -> str:
    assert response.status_code == 200
    assert not PendingImport.objects.exists()
    page: str = response.content.decode()
    return page


def test_wrong_columns_name_the_expected_header(maya: User, maya_client: Client) -> None:
    page = _errors(_upload(maya_client, b"day,what,amount\n2024-01-01,pain,3\n"))

    assert "The first line must name the columns date,series,name,value,unit,note" in page
    assert "found: day,what,amount" in page


def test_a_latin_1_file_is_refused_with_how_to_save_it(maya: User, maya_client: Client) -> None:
    data = (HEADER + f"{_day(maya, 1)},note,Note,,,Très fatiguée\n").encode("latin-1")

    page = _errors(_upload(maya_client, data))

    assert "not UTF-8" in page
    assert "CSV UTF-8" in page


def test_a_binary_file_is_refused(maya: User, maya_client: Client) -> None:
    assert "binary" in _errors(_upload(maya_client, b"\x89PNG\r\n\x1a\n\x00\x00\x00"))
    assert "workbook" in _errors(_upload(maya_client, b"PK\x03\x04" + b"\x00" * 40, name="tracking.xlsx"))


def test_a_file_of_100_000_rows_is_refused(maya: User, maya_client: Client) -> None:
    day = _day(maya, 1)
    data = (HEADER + f"{day},pain,,3,,\n" * 100_000).encode()

    page = _errors(_upload(maya_client, data))

    assert "the limit is 2 MB" in page


def test_too_many_rows_say_the_limit_and_the_count(maya: User, maya_client: Client) -> None:
    data = (HEADER + "2024-01-01,pain,,3,,\n" * 20_001).encode()

    page = _errors(_upload(maya_client, data))

    assert "The file has 20,001 rows; at most 20,000" in page


def test_every_bad_row_is_named_by_line_and_column(maya: User, maya_client: Client, fatigue: Symptom) -> None:
    tomorrow = (local_today(maya) + dt.timedelta(days=1)).isoformat()
    day = _day(maya, 1)
    data = (
        HEADER
        + f"{day},pain,Pain,11,,\n"  # line 2
        + f"{tomorrow},pain,Pain,3,,\n"  # line 3
        + "31/01/2024,pain,Pain,3,,\n"  # line 4
        + f"{day},mood,Mood,3,,\n"  # line 5
        + f"{day},symptom-no-such-thing,X,1,,\n"  # line 6
        + f"{day},symptom-fatigue,Fatigue,5,,\n"  # line 7
        + f"{day},tracker,Weight,900,kg,\n"  # line 8
        + f"{day},feeling,,4,,\n"  # line 9
        + f"{day},feeling,,5,,\n"  # line 10
        + f"{day},pain,Pain,3.5,,\n"  # line 11
        + f"{day},tracker,Weight,70,stone,\n"  # line 12
    ).encode()

    page = _errors(_upload(maya_client, data))

    for expected in [
        "Line 2, column value: enter a value from 0 to 10",
        f"Line 3, column date: {tomorrow} is in the future.",
        "Line 4, column date: &quot;31/01/2024&quot; is not a date; write it as YYYY-MM-DD",
        "Line 5, column series: &quot;mood&quot; is not a series",
        "Line 6, column series: there is no symptom &quot;no-such-thing&quot;.",
        "Line 7, column value: enter a value from 0 to 3",
        "Line 8, column value: enter a value from 1 to 500 kg.",
        "Line 10 repeats line 9: the same day and series",
        "Line 11, column value: enter a whole number.",
        "Line 12, column unit: &quot;stone&quot; is not a unit Hearth knows",
    ]:
        assert expected in page
    assert "10 problems" in page
    assert not CheckIn.objects.exists()


def test_at_most_200_errors_are_listed_with_the_count(maya: User, maya_client: Client) -> None:
    data = (HEADER + f"{_day(maya, 1)},pain,,99,,\n" * 250).encode()

    page = _errors(_upload(maya_client, data))

    assert page.count("column value: enter a value from 0 to 10") == 200
    assert "250 problems" in page
    assert "And 50 more." in page


def test_twenty_thousand_rows_import_at_once(maya: User, maya_client: Client) -> None:
    today = local_today(maya)
    lines = [HEADER]
    for back in range(1, 3001):
        day = (today - dt.timedelta(days=back)).isoformat()
        lines += [f"{day},pain,,3,,\n", f"{day},energy,,5,,\n", f"{day},tracker,Steps,{back},steps,\n"]
    _upload(maya_client, "".join(lines).encode())

    maya_client.post(f"/track/import/{PendingImport.objects.get().pk}/", {"action": "import"})

    assert CheckIn.objects.filter(member=maya).count() == 3000
    assert Observation.objects.filter(tracker__member=maya).count() == 3000


def test_a_dose_row_keeps_the_treatment_and_label(maya: User, maya_client: Client, tamoxifen: Treatment) -> None:
    profile, _ = Profile.objects.get_or_create(user=maya)
    entry = ProfileTreatment.objects.create(profile=profile, treatment=tamoxifen)
    ScheduledDose.objects.create(profile_treatment=entry, label="Evening")
    _upload(maya_client, (HEADER + f"{_day(maya, 1)},dose,{tamoxifen.name} — Evening,0,,\n").encode())

    maya_client.post(f"/track/import/{PendingImport.objects.get().pk}/", {"action": "import"})

    dose = DoseTaken.objects.get()
    assert (dose.treatment, dose.label, dose.taken) == (tamoxifen, "Evening", False)


def test_cancel_saves_nothing(maya: User, maya_client: Client) -> None:
    _upload(maya_client, (HEADER + f"{_day(maya, 1)},pain,,2,,\n").encode())
    pending = PendingImport.objects.get()

    response = maya_client.post(f"/track/import/{pending.pk}/", {"action": "cancel"})

    assert response.status_code == 302
    assert not PendingImport.objects.exists()
    assert not CheckIn.objects.exists()


def test_ravi_gets_404_for_maya_import(maya: User, maya_client: Client, ravi: User) -> None:
    _upload(maya_client, (HEADER + f"{_day(maya, 1)},pain,,2,,\n").encode())
    pending = PendingImport.objects.get()
    client = Client()
    client.force_login(ravi)

    assert client.get(f"/track/import/{pending.pk}/").status_code == 404
    assert client.post(f"/track/import/{pending.pk}/", {"action": "import"}).status_code == 404
    assert not CheckIn.objects.exists()
    assert PendingImport.objects.exists()


def test_an_import_older_than_an_hour_is_gone(maya: User, maya_client: Client) -> None:
    _upload(maya_client, (HEADER + f"{_day(maya, 1)},pain,,2,,\n").encode())
    PendingImport.objects.update(created_at=timezone.now() - dt.timedelta(hours=1, minutes=1))
    pending = PendingImport.objects.get()

    response = maya_client.post(f"/track/import/{pending.pk}/", {"action": "import"})

    assert response.status_code == 404
    assert "Upload the file again" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client) -> None:
    assert client.get("/track/import/").status_code == 302
    assert client.get("/track/import/1/").status_code == 302


def test_an_import_nobody_confirmed_is_deleted_after_an_hour(maya: User) -> None:
    day = timezone.localdate() - dt.timedelta(days=1)
    stale = do_stage_import(maya, "old.csv", f"date,series,name,value,unit,note\n{day},pain,Pain,4,,\n".encode())
    PendingImport.objects.filter(pk=stale.pk).update(created_at=timezone.now() - dt.timedelta(minutes=61))

    assert forget_stale_imports() == 1
    assert not PendingImport.objects.exists()


def test_a_new_upload_replaces_the_one_waiting(maya: User) -> None:
    day = timezone.localdate() - dt.timedelta(days=1)
    first = do_stage_import(maya, "first.csv", f"date,series,name,value,unit,note\n{day},pain,Pain,4,,\n".encode())
    second = do_stage_import(maya, "second.csv", f"date,series,name,value,unit,note\n{day},pain,Pain,5,,\n".encode())

    assert list(PendingImport.objects.values_list("pk", flat=True)) == [second.pk]
    assert first.pk != second.pk
