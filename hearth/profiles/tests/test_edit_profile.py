"""Maya fills in her profile: every field with who sees it; bad input gets a clear answer and
changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.profiles import actions
from hearth.profiles.actions import ProfileInput, do_update_profile
from hearth.profiles.models import Profile, ProfileCondition, ProfileSymptom, ProfileTreatment

pytestmark = pytest.mark.django_db


def test_a_new_profile_keeps_health_fields_to_the_member(maya: User) -> None:
    profile = do_update_profile(maya, ProfileInput(bio="Hello"))

    assert profile.conditions_visibility == "only_me"
    assert profile.treatments_visibility == "only_me"
    assert profile.symptoms_visibility == "only_me"
    assert profile.discoverable is False


def test_maya_edits_her_profile_in_the_browser_form(maya_client: Client, maya: User) -> None:
    response = maya_client.post(
        "/profile/edit/",
        {
            "bio": "Newly diagnosed.",
            "bio_visibility": "communities",
            "role": "patient",
            "role_visibility": "public",
            "age_range": "35_44",
            "age_range_visibility": "only_me",
            "country": "US",
            "region": "US-NY",
            "place_visibility": "connections",
            "interests": "gardening, pacing, gardening",
            "interests_visibility": "public",
            "avatar_visibility": "communities",
            "conditions_visibility": "communities",
            "treatments_visibility": "only_me",
            "symptoms_visibility": "only_me",
            "discoverable": "on",
            "messages_from": "connections",
        },
    )

    assert response.status_code == 302
    profile = Profile.objects.get(user=maya)
    assert (profile.country, profile.region) == ("US", "US-NY")
    assert profile.interests == ["gardening", "pacing"]
    assert profile.discoverable
    assert profile.discoverable_since is not None
    assert profile.conditions_visibility == "communities"


def test_a_place_finer_than_a_region_is_refused(maya: User) -> None:
    with pytest.raises(ValidationError, match="never records a place finer"):
        do_update_profile(maya, ProfileInput(country="GB", region="GB-CAM"))  # Cambridgeshire, in England
    assert not Profile.objects.filter(user=maya, region="GB-CAM").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (ProfileInput(country="XX"), "country"),
        (ProfileInput(country="FR", region="US-NY"), "region of that country"),
        (ProfileInput(bio="x" * 501), "under 500"),
        (ProfileInput(role="surgeon"), "roles"),
        (ProfileInput(interests=["a" * 41]), "40 characters"),
        (ProfileInput(interests=[f"i{n}" for n in range(11)]), "at most 10"),
        (ProfileInput(visibility={"conditions": "everyone"}), "visibilities"),
        (ProfileInput(visibility={"email": "public"}), "Unknown profile field"),
    ],
)
def test_bad_profile_input_is_refused_clearly(maya: User, data: ProfileInput, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        do_update_profile(maya, data)


def test_conditions_from_the_catalogue_with_a_year(maya: User, maya_client: Client) -> None:
    response = maya_client.post("/profile/conditions/", {"condition": "breast-cancer", "diagnosed_year": "2025"})
    again = maya_client.post("/profile/conditions/", {"condition": "breast-cancer", "diagnosed_year": "2024"})

    assert response.status_code == again.status_code == 302
    assert list(ProfileCondition.objects.filter(profile_id=maya.pk).values_list("diagnosed_year", flat=True)) == [2024]


def test_unknown_conditions_and_future_years_are_refused(maya: User) -> None:
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError, match="catalogue"):
        actions.do_add_condition(maya, "made-up-disease")
    with pytest.raises(ValidationError, match="future"):
        actions.do_add_condition(maya, "breast-cancer", next_year)
    assert not ProfileCondition.objects.exists()


def test_the_condition_form_keeps_the_choice_on_a_future_year(maya_client: Client) -> None:
    response = maya_client.post("/profile/conditions/", {"condition": "breast-cancer", "diagnosed_year": "3000"})

    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert 'value="breast-cancer" selected' in response.content.decode()


def test_treatments_with_dates(maya: User, maya_client: Client) -> None:
    maya_client.post("/profile/treatments/", {"treatment": "tamoxifen", "started_on": "2025-03-01"})
    entry = ProfileTreatment.objects.get(profile_id=maya.pk)

    stopped = maya_client.post(
        f"/profile/treatments/{entry.pk}/", {"started_on": "2025-03-01", "stopped_on": "2025-02-01"}
    )
    assert "comes before the start" in stopped.content.decode()
    maya_client.post(f"/profile/treatments/{entry.pk}/", {"started_on": "2025-03-01", "stopped_on": "2025-09-01"})
    entry.refresh_from_db()
    assert entry.stopped_on == dt.date(2025, 9, 1)

    maya_client.post(f"/profile/treatments/{entry.pk}/remove/")
    assert not ProfileTreatment.objects.exists()


def test_someone_elses_treatment_is_not_found(maya: User, tiffany: User, client: Client) -> None:
    entry = actions.do_add_treatment(maya, "tamoxifen")
    client.force_login(tiffany)

    assert client.get(f"/profile/treatments/{entry.pk}/").status_code == 404
    client.post(f"/profile/treatments/{entry.pk}/remove/")
    assert ProfileTreatment.objects.filter(pk=entry.pk).exists()


def test_symptoms_are_chosen_from_the_list(maya: User, maya_client: Client) -> None:
    maya_client.post("/profile/symptoms/", {"symptoms": ["fatigue", "joint-pain"]})
    assert set(ProfileSymptom.objects.values_list("symptom__slug", flat=True)) == {"fatigue", "joint-pain"}

    with pytest.raises(ValidationError, match="from the list"):
        actions.do_set_symptoms(maya, ["fatigue", "made-up"])
    assert ProfileSymptom.objects.count() == 2


def test_outsiders_are_sent_to_sign_in(client: Client, db: None) -> None:
    for path in [
        "/profile/edit/",
        "/profile/conditions/",
        "/profile/treatments/",
        "/profile/symptoms/",
        "/profile/picture/",
    ]:
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
