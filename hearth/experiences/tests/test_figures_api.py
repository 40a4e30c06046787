"""The API of a treatment's figures for a condition: public; below 10 members a figure is null
with `contributors_needed: 10` (tested at 9 and 10); 404 for anything not used for the condition."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hearth.conditions.models import Condition
from hearth.experiences import figures
from hearth.experiences.tests.conftest import API, token_client
from hearth.experiences.tests.factories import days_ago
from hearth.experiences.tests.figures_data import SIDE_EFFECTS, reports
from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db

URL = f"{API}/treatments/hydroxychloroquine/conditions/systemic-lupus-erythematosus/figures"
DISTRIBUTIONS = ("effectiveness", "stop_reasons", "duration", "missed_doses", "burden", "cost_band")


@pytest.fixture(autouse=True)
def _listed_side_effects(hydroxychloroquine: Treatment) -> None:
    hydroxychloroquine.side_effects = SIDE_EFFECTS
    hydroxychloroquine.save(update_fields=["side_effects"])


def _get(client: Client, url: str = URL) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    found: dict[str, Any] = response.json()
    return found


def _numbers(value: Any) -> list[int]:
    """Every number in an answer, however deep."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, dict):
        return [n for item in value.values() for n in _numbers(item)]
    if isinstance(value, list):
        return [n for item in value for n in _numbers(item)]
    return []


def test_nine_reports_answer_nulls(client: Client, hydroxychloroquine: Treatment, lupus: Condition) -> None:
    reports(9, effectiveness="major", started_on=days_ago(50), missed_doses="never", stopped_on=days_ago(1),
            stop_reasons=["cost"], side_effects=[("Nausea", "mild")])  # fmt: skip
    reports(1, consent=False)  # a tenth, without consent: not counted
    figures.refresh(hydroxychloroquine.pk, lupus.pk)

    found = _get(client)

    assert found["reports"] is None
    assert found["contributors_needed"] == 10
    assert found["since"] is None
    assert found["stopped"] is None
    assert found["side_effects"] == []
    for key in DISTRIBUTIONS:
        assert found[key]["members"] is None
        assert found[key]["answers"] is None
        assert found[key]["contributors_needed"] == 10
    # The only numbers are the rule's own.
    assert set(_numbers(found)) == {10}


def test_ten_reports_answer_the_figures(client: Client, hydroxychloroquine: Treatment, lupus: Condition) -> None:
    reports(10, effectiveness="major", started_on=days_ago(50), side_effects=[("Nausea", "mild")])
    reports(9, consent=False, side_effects=[("Rash", "mild")])
    figures.refresh(hydroxychloroquine.pk, lupus.pk)

    found = _get(client)

    assert found["reports"] == 10
    assert found["contributors_needed"] is None
    major = next(a for a in found["effectiveness"]["answers"] if a["value"] == "major")
    assert major == {"value": "major", "label": "Major", "members": 10, "percent": 100}
    assert found["duration"]["members"] == 10
    assert found["stop_reasons"]["members"] is None  # nobody stopped
    assert found["side_effects"][0]["name"] == "Nausea"
    assert found["side_effects"][0]["members"] == 10
    assert found["side_effects"][0]["severity"]["answers"][0] == {
        "value": "mild",
        "label": "Mild",
        "members": 10,
        "percent": 100,
    }
    assert found["rare_side_effects"] == ["Rash", "Stomach upset", "Eye changes"]
    assert found["note"] == "Patient-reported experiences, not medical advice; talk with your clinician."
    assert found["url"] == "/treatments/hydroxychloroquine/for/systemic-lupus-erythematosus/"


def test_a_side_effect_needs_ten_members_of_its_own(
    client: Client, hydroxychloroquine: Treatment, lupus: Condition
) -> None:
    reports(10, side_effects=[("Nausea", "mild")])
    reports(9, side_effects=[("Rash", "severe")])
    figures.refresh(hydroxychloroquine.pk, lupus.pk)

    found = _get(client)

    assert [e["name"] for e in found["side_effects"]] == ["Nausea"]
    assert "Rash" in found["rare_side_effects"]
    assert 9 not in _numbers(found["side_effects"])


def test_tips_come_without_their_authors(client: Client, hydroxychloroquine: Treatment, lupus: Condition) -> None:
    made = reports(2, share_tip=True, tip="Take it with <b>food</b>.")
    reports(1, share_tip=False, tip="Private thought.")

    tips = _get(client)["tips"]

    assert [tip["text"] for tip in tips] == ["Take it with <b>food</b>.", "Take it with <b>food</b>."]
    assert set(tips[0]) == {"text", "shared_at"}
    assert made[0].member.handle not in str(tips)


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/treatments/insulin-glargine/conditions/systemic-lupus-erythematosus/figures",
        f"{API}/treatments/nothing-like-it/conditions/systemic-lupus-erythematosus/figures",
        f"{API}/treatments/hydroxychloroquine/conditions/no-such-condition/figures",
        f"{API}/treatments/hydroxychloroquine/conditions/lupus%00/figures",
    ],
)
def test_anything_not_used_for_the_condition_is_404(client: Client, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize("persona", ["outsider", "maya", "site_admin"])
def test_everyone_may_read_the_figures(persona: str, request: pytest.FixtureRequest) -> None:
    client = Client() if persona == "outsider" else token_client(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 200
