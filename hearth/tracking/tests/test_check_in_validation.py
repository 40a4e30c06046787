"""What Maya types wrong in a check-in is named clearly, and nothing of it is saved: a pain of 11,
25 hours of sleep, a feeling of 0, a note too long, a symptom that is not one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hearth.accounts.models import User
from hearth.profiles import actions as profile_actions
from hearth.tracking.checkins import CheckInInput, do_add_dose, do_check_in, do_delete_check_in
from hearth.tracking.models import NOTE_MAX, CheckIn, DoseTaken, SymptomRating
from hearth.tracking.series import local_today


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pain", "11", "Choose one of the options offered."),
        ("energy", "-1", "Choose one of the options offered."),
        ("feeling", "0", "Choose one of the options offered."),
        ("sleep_hours", "25", "from 0 to 24"),
        ("sleep_hours", "7.25", "one decimal"),
        ("sleep_hours", "lots", "as a number"),
        ("note", "x" * (NOTE_MAX + 1), f"at most {NOTE_MAX} characters"),
    ],
)
def test_the_page_names_the_field_and_saves_nothing(
    field: str, value: str, message: str, maya: User, maya_client: Client
) -> None:
    response = maya_client.post("/track/check-in/", {"feeling": "4", "pain": "2", field: value})

    assert response.status_code == 200
    page = response.content.decode()
    assert "The check-in is not saved yet" in page
    assert message in page
    assert f'href="#id_{field}' in page
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"pain": 11}, "pain"),
        ({"energy": -1}, "energy"),
        ({"feeling": 0}, "feeling"),
        ({"feeling": True}, "feeling"),
        ({"sleep_hours": Decimal(25)}, "sleep_hours"),
        ({"sleep_hours": Decimal("NaN")}, "sleep_hours"),
        ({"note": "x" * (NOTE_MAX + 1)}, "note"),
        ({"symptoms": {"made-up": 1}}, "symptoms"),
        ({"symptoms": {"fatigue": 4}}, "symptoms"),
        ({"doses": {12345: True}}, "doses"),
    ],
)
def test_the_action_refuses_bad_values_and_saves_nothing(data: dict[str, object], field: str, maya: User) -> None:
    given: dict[str, object] = {"feeling": 4, **data}
    with pytest.raises(ValidationError) as refused:
        do_check_in(maya, CheckInInput(day=local_today(maya), **given))  # type: ignore[arg-type]

    assert field in refused.value.message_dict
    assert not CheckIn.objects.exists()


def test_an_unknown_symptom_is_named(maya: User) -> None:
    with pytest.raises(ValidationError) as refused:
        do_check_in(maya, CheckInInput(day=local_today(maya), symptoms={"fatigue": 2, "made-up": 1}))

    assert "“made-up” is not a symptom in the list" in refused.value.message_dict["symptoms"][0]
    assert not SymptomRating.objects.exists()


def test_a_bad_value_leaves_the_earlier_check_in_as_it_was(maya: User) -> None:
    today = local_today(maya)
    do_check_in(maya, CheckInInput(day=today, pain=3, note="Kept."))

    with pytest.raises(ValidationError):
        do_check_in(maya, CheckInInput(day=today, pain=4, note="x" * (NOTE_MAX + 1)))

    check_in = CheckIn.objects.get()
    assert (check_in.pain, check_in.note) == (3, "Kept.")


def test_sleep_keeps_one_decimal(maya: User) -> None:
    check_in = do_check_in(maya, CheckInInput(day=local_today(maya), sleep_hours=Decimal("6.25")))

    assert CheckIn.objects.get(pk=check_in.pk).sleep_hours == Decimal("6.3")


small_ints = st.one_of(st.none(), st.integers(min_value=-3, max_value=13))
symptom_slugs = st.sampled_from(["fatigue", "nausea", "joint-pain", "made-up", ""])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    feeling=small_ints,
    pain=small_ints,
    energy=small_ints,
    sleep=st.one_of(st.none(), st.decimals(min_value=-2, max_value=30, places=1)),
    note=st.text(max_size=NOTE_MAX + 5),
    symptoms=st.dictionaries(symptom_slugs, st.integers(min_value=-1, max_value=4), max_size=4),
)
def test_a_check_in_saves_exactly_what_was_given_or_nothing(
    maya: User,
    feeling: int | None,
    pain: int | None,
    energy: int | None,
    sleep: Decimal | None,
    note: str,
    symptoms: dict[str, int],
) -> None:
    day = local_today(maya) - dt.timedelta(days=1)
    for earlier in CheckIn.objects.filter(member=maya):
        do_delete_check_in(maya, earlier)
    data = CheckInInput(
        day=day, feeling=feeling, pain=pain, energy=energy, sleep_hours=sleep, note=note, symptoms=symptoms
    )

    refused: ValidationError | None = None
    try:
        do_check_in(maya, data)
    except ValidationError as error:
        refused = error

    if refused is not None:
        assert refused.message_dict
        assert not CheckIn.objects.exists()
        assert not SymptomRating.objects.exists()
        return
    check_in = CheckIn.objects.get(member=maya)
    assert (check_in.day, check_in.feeling, check_in.pain, check_in.energy) == (day, feeling, pain, energy)
    assert check_in.sleep_hours == sleep
    assert check_in.note == note.strip()
    assert dict(check_in.ratings.values_list("symptom__slug", "severity")) == symptoms


def test_doses_must_be_the_members_own(maya: User, ravi: User) -> None:
    entry = profile_actions.do_add_treatment(ravi, "tamoxifen")
    ravis_dose = do_add_dose(ravi, entry, "Morning")

    with pytest.raises(ValidationError, match="not one of your scheduled doses"):
        do_check_in(maya, CheckInInput(day=local_today(maya), doses={ravis_dose.pk: True}))
    assert not DoseTaken.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"day": "2025-01-01"}, "day"),
        ({"sleep_hours": "seven"}, "sleep_hours"),
        ({"sleep_hours": [7]}, "sleep_hours"),
        ({"note": 12}, "note"),
        ({"note": "null\x00byte"}, "note"),
        ({"symptoms": ["fatigue"]}, "symptoms"),
        ({"symptoms": {f"s{n}": 1 for n in range(61)}}, "symptoms"),
        ({"symptoms": {3: 1}}, "symptoms"),
        ({"doses": [1]}, "doses"),
        ({"doses": dict.fromkeys(range(1, 102), True)}, "doses"),
        ({"doses": {"1": True}}, "doses"),
        ({"doses": {1: "yes"}}, "doses"),
    ],
)
def test_what_an_app_sends_wrong_is_refused(data: dict[str, object], field: str, maya: User) -> None:
    given: dict[str, object] = {"day": local_today(maya), "feeling": 3, **data}

    with pytest.raises(ValidationError) as refused:
        do_check_in(maya, CheckInInput(**given))  # type: ignore[arg-type]

    assert field in refused.value.message_dict
    assert not CheckIn.objects.exists()


def test_an_unknown_source_is_refused(maya: User) -> None:
    with pytest.raises(ValidationError, match="Unknown source"):
        do_check_in(maya, CheckInInput(day=local_today(maya), feeling=3), source="fax")
    assert not CheckIn.objects.exists()
