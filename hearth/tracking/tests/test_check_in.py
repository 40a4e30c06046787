"""Maya checks in for today in one short form: one POST, then she sees it on her overview; a second
check-in the same day updates the first; an empty one is refused; only she ever sees it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hearth.accounts.models import User
from hearth.profiles import actions as profile_actions
from hearth.tracking.checkins import CheckInInput, do_check_in
from hearth.tracking.models import CheckIn, SymptomRating
from hearth.tracking.series import local_today


@pytest.fixture
def maya_symptoms(maya: User) -> User:
    profile_actions.do_set_symptoms(maya, ["fatigue", "nausea"])
    return maya


def test_maya_checks_in_with_one_post_and_sees_it(maya_symptoms: User, maya_client: Client) -> None:
    page = maya_client.get("/track/check-in/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<legend>Fatigue</legend>" in html
    assert 'name="symptom-fatigue"' in html
    assert 'name="feeling"' in html

    response = maya_client.post(
        "/track/check-in/",
        {
            "feeling": "4",
            "pain": "3",
            "energy": "6",
            "sleep_hours": "7.5",
            "symptom-fatigue": "2",
            "symptom-nausea": "0",
            "note": "Walked to the park.",
        },
        follow=True,
    )

    assert response.redirect_chain == [("/track/", 302)]
    assert "Check-in saved for today." in response.content.decode()
    assert "Edit today’s check-in" in response.content.decode()
    check_in = CheckIn.objects.get(member=maya_symptoms)
    assert check_in.day == local_today(maya_symptoms)
    assert (check_in.feeling, check_in.pain, check_in.energy) == (4, 3, 6)
    assert check_in.sleep_hours == Decimal("7.5")
    assert check_in.note == "Walked to the park."
    assert dict(SymptomRating.objects.values_list("symptom__slug", "severity")) == {"fatigue": 2, "nausea": 0}


def test_a_second_check_in_the_same_day_updates_the_first(maya_symptoms: User, maya_client: Client) -> None:
    maya_client.post("/track/check-in/", {"feeling": "2", "symptom-fatigue": "3", "note": "Rough morning."})
    page = maya_client.get("/track/check-in/").content.decode()
    assert "You checked in on this day" in page
    assert 'value="3" id="id_symptom-fatigue_3" checked' in page or 'id="id_symptom-fatigue_3" checked' in page
    assert "Rough morning." in page

    maya_client.post("/track/check-in/", {"feeling": "4", "symptom-fatigue": "1", "note": "Better by evening."})

    check_in = CheckIn.objects.get(member=maya_symptoms)
    assert check_in.feeling == 4
    assert check_in.note == "Better by evening."
    assert list(check_in.ratings.values_list("severity", flat=True)) == [1]


def test_the_action_keeps_one_check_in_a_day(maya: User) -> None:
    today = local_today(maya)
    first = do_check_in(maya, CheckInInput(day=today, pain=5))
    second = do_check_in(maya, CheckInInput(day=today, pain=2, symptoms={"fatigue": 1}))

    assert first.pk == second.pk
    assert CheckIn.objects.filter(member=maya).count() == 1
    assert CheckIn.objects.get().pain == 2
    # A later check-in that leaves fatigue out keeps its rating of the day.
    do_check_in(maya, CheckInInput(day=today, pain=1, symptoms={"nausea": 2}))
    assert dict(SymptomRating.objects.values_list("symptom__slug", "severity")) == {"fatigue": 1, "nausea": 2}


def test_an_empty_check_in_is_refused(maya: User, maya_client: Client) -> None:
    response = maya_client.post("/track/check-in/", {"note": "   "})

    assert response.status_code == 200
    assert "Fill in at least one thing" in response.content.decode()
    assert not CheckIn.objects.exists()
    with pytest.raises(ValidationError, match="at least one thing"):
        do_check_in(maya, CheckInInput(day=local_today(maya)))


def test_the_check_in_stays_fast_whatever_the_symptoms(maya: User, django_assert_max_num_queries: object) -> None:
    profile_actions.do_set_symptoms(maya, ["fatigue", "nausea", "joint-pain", "brain-fog", "hot-flashes"])
    data = CheckInInput(
        day=local_today(maya),
        feeling=3,
        pain=4,
        symptoms={"fatigue": 1, "nausea": 2, "joint-pain": 3, "brain-fog": 0, "hot-flashes": 1},
    )
    with django_assert_max_num_queries(7):  # type: ignore[operator]
        do_check_in(maya, data)
    assert SymptomRating.objects.count() == 5


def test_an_anonymous_visitor_is_sent_to_log_in(db: None, client: Client) -> None:
    for url in ("/track/", "/track/check-in/", "/track/check-in/2024-01-01/", "/track/history/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    response = client.post("/track/check-in/", {"feeling": "3"})
    assert response.status_code == 302
    assert not CheckIn.objects.exists()


def test_ravi_sees_nothing_of_mayas_check_ins(maya: User, ravi: User, client: Client) -> None:
    do_check_in(maya, CheckInInput(day=local_today(maya), feeling=2, note="Scan results tomorrow."))
    client.force_login(ravi)

    for url in ("/track/", "/track/history/", "/track/check-in/"):
        assert "Scan results tomorrow." not in client.get(url).content.decode()
    client.post("/track/check-in/", {"feeling": "5"})
    assert CheckIn.objects.get(member=maya).feeling == 2
