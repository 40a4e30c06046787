"""Maya keeps her own trackers (weight, steps, "walked today"): she creates one, records a value a
day within sensible bounds, renames it, removes a value and deletes it. Ravi finds none of them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hearth.accounts.models import User
from hearth.tracking.checkins import TRACKERS_MAX, do_create_tracker, do_record, do_update_tracker
from hearth.tracking.models import Observation, Tracker
from hearth.tracking.series import local_today


@pytest.fixture
def weight(maya: User) -> Tracker:
    return do_create_tracker(maya, name="Weight", kind="number", unit="kg")


def test_maya_creates_a_tracker_and_records_a_value(maya: User, maya_client: Client) -> None:
    response = maya_client.post("/track/trackers/", {"name": " Weight ", "kind": "number", "unit": "kg"}, follow=True)

    tracker = Tracker.objects.get(member=maya)
    assert response.redirect_chain == [(f"/track/trackers/{tracker.pk}/", 302)]
    assert (tracker.name, tracker.kind, tracker.unit) == ("Weight", "number", "kg")
    today = local_today(maya)
    response = maya_client.post(
        f"/track/trackers/{tracker.pk}/", {"action": "record", "day": today.isoformat(), "value": "70.25"}, follow=True
    )
    assert "Weight: value saved for today." in response.content.decode()
    assert Observation.objects.get(tracker=tracker).value == 70.3
    assert "70.3 kg" in response.content.decode()
    assert "70.3 kg" in maya_client.get("/track/trackers/").content.decode()


def test_a_second_value_the_same_day_replaces_the_first(weight: Tracker, maya: User) -> None:
    today = local_today(maya)
    do_record(maya, weight, today, 71)
    do_record(maya, weight, today, 70.5)

    assert list(Observation.objects.values_list("value", flat=True)) == [70.5]


def test_a_weight_of_900_kg_is_refused_with_the_range(weight: Tracker, maya: User, maya_client: Client) -> None:
    today = local_today(maya)
    response = maya_client.post(
        f"/track/trackers/{weight.pk}/", {"action": "record", "day": today.isoformat(), "value": "900"}
    )

    assert response.status_code == 200
    assert "Enter a value from 1 to 500 kg." in response.content.decode()
    assert 'href="#id_value"' in response.content.decode()
    with pytest.raises(ValidationError, match="from 1 to 500 kg"):
        do_record(maya, weight, today, 900)
    with pytest.raises(ValidationError, match="Enter a number"):
        do_record(maya, weight, today, float("nan"))
    assert not Observation.objects.exists()


def test_a_future_day_is_refused(weight: Tracker, maya: User, maya_client: Client) -> None:
    tomorrow = local_today(maya) + dt.timedelta(days=1)

    response = maya_client.post(
        f"/track/trackers/{weight.pk}/", {"action": "record", "day": tomorrow.isoformat(), "value": "70"}
    )
    assert "not happened yet" in response.content.decode()
    with pytest.raises(ValidationError, match="not happened yet"):
        do_record(maya, weight, tomorrow, 70)
    assert not Observation.objects.exists()


def test_a_duplicate_name_is_refused_whatever_its_case(weight: Tracker, maya: User, maya_client: Client) -> None:
    response = maya_client.post("/track/trackers/", {"name": "WEIGHT", "kind": "scale"})

    assert "already have a tracker named “WEIGHT”" in response.content.decode()
    assert Tracker.objects.count() == 1
    steps = do_create_tracker(maya, name="Steps", kind="number", unit="steps")
    renamed = maya_client.post(f"/track/trackers/{steps.pk}/", {"action": "rename", "name": "weight"})
    assert "already have a tracker named" in renamed.content.decode()
    assert Tracker.objects.get(pk=steps.pk).name == "Steps"


def test_the_unit_must_suit_the_kind(maya: User, maya_client: Client) -> None:
    no_unit = maya_client.post("/track/trackers/", {"name": "Glucose", "kind": "number", "unit": ""})
    assert "Choose the unit of the number." in no_unit.content.decode()
    with pytest.raises(ValidationError, match="unit from the list"):
        do_create_tracker(maya, name="Mood", kind="number", unit="score")
    with pytest.raises(ValidationError, match="no unit to choose"):
        do_create_tracker(maya, name="Mood", kind="scale", unit="kg")
    assert do_create_tracker(maya, name="Mood", kind="scale", unit=None).unit == "score"
    assert do_create_tracker(maya, name="Glucose", kind="number", unit="mmol_l").unit == "mmol_l"


def test_a_yes_no_tracker_stores_one_and_zero(maya: User, maya_client: Client) -> None:
    walked = do_create_tracker(maya, name="Walked today", kind="yes_no")
    today = local_today(maya)
    url = f"/track/trackers/{walked.pk}/"

    maya_client.post(url, {"action": "record", "day": today.isoformat(), "value": "1"})
    maya_client.post(url, {"action": "record", "day": (today - dt.timedelta(days=1)).isoformat(), "value": "0"})

    assert dict(Observation.objects.values_list("day", "value")) == {today: 1.0, today - dt.timedelta(days=1): 0.0}
    with pytest.raises(ValidationError, match="yes or no"):
        do_record(maya, walked, today, 0.5)
    page = maya_client.get(url).content.decode()
    assert "<legend>Value</legend>" in page
    assert ">yes</td>" in page


def test_maya_renames_and_removes_a_value(weight: Tracker, maya: User, maya_client: Client) -> None:
    today = local_today(maya)
    do_record(maya, weight, today, 70)
    url = f"/track/trackers/{weight.pk}/"

    maya_client.post(url, {"action": "rename", "name": "Morning weight"})
    maya_client.post(url, {"action": "remove", "day": today.isoformat()})

    assert Tracker.objects.get(pk=weight.pk).name == "Morning weight"
    assert not Observation.objects.exists()


def test_deleting_a_tracker_asks_first_and_removes_its_values(weight: Tracker, maya: User, maya_client: Client) -> None:
    do_record(maya, weight, local_today(maya), 70)
    url = f"/track/trackers/{weight.pk}/delete/"

    confirm = maya_client.get(url).content.decode()
    assert "Delete “Weight”?" in confirm
    assert "its 1 value" in confirm
    assert Tracker.objects.exists()
    response = maya_client.post(url, follow=True)

    assert "“Weight” and its values are deleted" in response.content.decode()
    assert not Tracker.objects.exists()
    assert not Observation.objects.exists()


def test_maya_keeps_at_most_thirty_trackers(maya: User) -> None:
    for n in range(TRACKERS_MAX):
        do_create_tracker(maya, name=f"Tracker {n}", kind="scale")

    with pytest.raises(ValidationError, match="at most 30"):
        do_create_tracker(maya, name="One more", kind="scale")


def test_ravi_finds_none_of_mayas_trackers(weight: Tracker, maya: User, ravi: User, client: Client) -> None:
    do_record(maya, weight, local_today(maya), 70)
    client.force_login(ravi)
    url = f"/track/trackers/{weight.pk}/"

    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "record", "day": local_today(ravi).isoformat(), "value": "1"}).status_code == 404
    assert client.post(url, {"action": "rename", "name": "Mine"}).status_code == 404
    assert client.get(f"{url}delete/").status_code == 404
    assert client.post(f"{url}delete/").status_code == 404
    assert "You have no tracker yet." in client.get("/track/trackers/").content.decode()
    assert Tracker.objects.get(pk=weight.pk).name == "Weight"
    assert Observation.objects.get().value == 70
    with pytest.raises(ValidationError):
        do_record(ravi, weight, local_today(ravi), 1)


def test_an_anonymous_visitor_is_sent_to_log_in(weight: Tracker, client: Client) -> None:
    for url in ("/track/trackers/", f"/track/trackers/{weight.pk}/", f"/track/trackers/{weight.pk}/delete/"):
        assert "/login/" in client.get(url)["Location"]
    assert "/login/" in client.post(f"/track/trackers/{weight.pk}/delete/")["Location"]
    assert Tracker.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 61}, "name"),
        ({"name": 7}, "name"),
        ({"kind": "colour"}, "kind"),
        ({"loinc": "weight"}, "loinc"),
    ],
)
def test_what_an_app_sends_wrong_for_a_tracker_is_refused(fields: dict[str, object], field: str, maya: User) -> None:
    given: dict[str, object] = {"name": "Weight", "kind": "number", "unit": "kg", **fields}

    with pytest.raises(ValidationError) as refused:
        do_create_tracker(maya, **given)  # type: ignore[arg-type]

    assert field in refused.value.message_dict
    assert not Tracker.objects.exists()


def test_a_reading_from_an_app_is_checked(weight: Tracker, maya: User, ravi: User) -> None:
    today = local_today(maya)

    with pytest.raises(ValidationError, match="Enter a number"):
        do_record(maya, weight, today, "70")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="Unknown source"):
        do_record(maya, weight, today, 70, source="fax")
    with pytest.raises(ValidationError, match="reference"):
        do_record(maya, weight, today, 70, source="fhir", source_ref="x" * 201)
    with pytest.raises(ValidationError, match="not yours"):
        do_update_tracker(ravi, weight, name="Mine")
    assert do_record(maya, weight, today, 70, source="fhir", source_ref="obs-1").source_ref == "obs-1"


def test_a_scale_tracker_takes_a_value_from_0_to_10(maya: User, maya_client: Client) -> None:
    mood = do_create_tracker(maya, name="Mood", kind="scale")
    url = f"/track/trackers/{mood.pk}/"

    maya_client.post(url, {"action": "record", "day": local_today(maya).isoformat(), "value": "7"})
    refused = maya_client.post(url, {"action": "record", "day": local_today(maya).isoformat(), "value": "11"})

    assert Observation.objects.get().value == 7
    assert "Select a valid choice" in refused.content.decode()
    assert "7 of 10" in maya_client.get(url).content.decode()
