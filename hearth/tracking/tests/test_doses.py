"""Maya schedules the doses of her treatments ("Morning", "Evening"); her check-in then asks, for
each, taken or missed, and the history shows it. Another member's dose is not found."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hearth.accounts.models import User
from hearth.profiles import actions as profile_actions
from hearth.profiles.models import ProfileTreatment
from hearth.tracking.checkins import DOSES_PER_TREATMENT_MAX, do_add_dose
from hearth.tracking.models import DoseTaken, ScheduledDose


@pytest.fixture
def tamoxifen(maya: User) -> ProfileTreatment:
    return profile_actions.do_add_treatment(maya, "tamoxifen")


def test_without_treatments_maya_is_pointed_to_her_profile(maya: User, maya_client: Client) -> None:
    page = maya_client.get("/track/doses/").content.decode()

    assert 'href="/profile/treatments/"' in page
    assert "no current treatment" in page


def test_maya_schedules_and_removes_a_dose(tamoxifen: ProfileTreatment, maya_client: Client) -> None:
    response = maya_client.post("/track/doses/", {"treatment": tamoxifen.pk, "label": "  Morning "}, follow=True)

    assert "“Morning” is scheduled for Tamoxifen." in response.content.decode()
    dose = ScheduledDose.objects.get()
    assert (dose.profile_treatment_id, dose.label) == (tamoxifen.pk, "Morning")

    response = maya_client.post(f"/track/doses/{dose.pk}/remove/", follow=True)
    assert "no longer scheduled" in response.content.decode()
    assert not ScheduledDose.objects.exists()


def test_a_dose_name_is_needed_once_and_short(tamoxifen: ProfileTreatment, maya: User, maya_client: Client) -> None:
    maya_client.post("/track/doses/", {"treatment": tamoxifen.pk, "label": "Morning"})

    again = maya_client.post("/track/doses/", {"treatment": tamoxifen.pk, "label": "morning"}).content.decode()
    assert "already one of its doses" in again
    long = maya_client.post("/track/doses/", {"treatment": tamoxifen.pk, "label": "x" * 41}).content.decode()
    assert "at most 40 characters" in long
    assert f'href="#id_dose_{tamoxifen.pk}_label"' in long
    assert ScheduledDose.objects.count() == 1


def test_a_treatment_has_at_most_six_doses(tamoxifen: ProfileTreatment, maya: User) -> None:
    for n in range(DOSES_PER_TREATMENT_MAX):
        do_add_dose(maya, tamoxifen, f"Dose {n}")

    with pytest.raises(ValidationError, match="at most 6"):
        do_add_dose(maya, tamoxifen, "One more")
    assert ScheduledDose.objects.count() == DOSES_PER_TREATMENT_MAX


def test_a_stopped_treatment_takes_no_dose(tamoxifen: ProfileTreatment, maya: User, maya_client: Client) -> None:
    profile_actions.do_update_treatment(maya, tamoxifen.pk, started_on=None, stopped_on=dt.date(2025, 1, 1))

    assert maya_client.post("/track/doses/", {"treatment": tamoxifen.pk, "label": "Morning"}).status_code == 404
    with pytest.raises(ValidationError, match="treatments you take now"):
        do_add_dose(maya, tamoxifen, "Morning")


def test_doses_taken_and_missed_are_saved_and_shown(
    tamoxifen: ProfileTreatment, maya: User, maya_client: Client
) -> None:
    morning = do_add_dose(maya, tamoxifen, "Morning")
    evening = do_add_dose(maya, tamoxifen, "Evening")

    page = maya_client.get("/track/check-in/").content.decode()
    assert "<legend>Tamoxifen, Morning</legend>" in page
    maya_client.post("/track/check-in/", {f"dose-{morning.pk}": "1", f"dose-{evening.pk}": "0"})

    assert set(DoseTaken.objects.values_list("label", "taken")) == {("Morning", True), ("Evening", False)}
    history = maya_client.get("/track/history/").content.decode()
    assert "Tamoxifen, Morning: taken" in history
    assert "Tamoxifen, Evening: missed" in history
    again = maya_client.get("/track/check-in/").content.decode()
    assert f'value="1" id="id_dose-{morning.pk}_0" checked' in again or f'id="id_dose-{morning.pk}_0" checked' in again


def test_ravi_cannot_touch_mayas_doses(tamoxifen: ProfileTreatment, maya: User, ravi: User, client: Client) -> None:
    dose = do_add_dose(maya, tamoxifen, "Morning")
    client.force_login(ravi)

    assert client.post(f"/track/doses/{dose.pk}/remove/").status_code == 404
    assert client.post("/track/doses/", {"treatment": tamoxifen.pk, "label": "Evening"}).status_code == 404
    assert client.post("/track/doses/", {"treatment": "x", "label": "Evening"}).status_code == 404
    assert "Tamoxifen" not in client.get("/track/doses/").content.decode()
    assert ScheduledDose.objects.filter(profile_treatment=tamoxifen).count() == 1


def test_an_anonymous_visitor_is_sent_to_log_in(tamoxifen: ProfileTreatment, maya: User, client: Client) -> None:
    dose = do_add_dose(maya, tamoxifen, "Morning")

    assert "/login/" in client.get("/track/doses/")["Location"]
    assert "/login/" in client.post(f"/track/doses/{dose.pk}/remove/")["Location"]
    assert ScheduledDose.objects.exists()


@pytest.mark.parametrize("label", ["   ", "x" * 41])
def test_the_action_wants_a_short_dose_name(label: str, tamoxifen: ProfileTreatment, maya: User) -> None:
    with pytest.raises(ValidationError) as refused:
        do_add_dose(maya, tamoxifen, label)

    assert "label" in refused.value.message_dict
    assert not ScheduledDose.objects.exists()
