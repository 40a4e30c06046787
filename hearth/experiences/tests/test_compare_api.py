"""The API's comparison of two or three treatments for a condition: the same figures as each one's
own under the same rule; 422 for a malformed or repeated choice, 404 for anything not used for it."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.conditions.models import Condition
from hearth.experiences import figures
from hearth.experiences.tests.conftest import API, token_client
from hearth.experiences.tests.figures_data import reports
from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db

URL = f"{API}/conditions/systemic-lupus-erythematosus/treatment-comparison"


@pytest.fixture(autouse=True)
def _figures(hydroxychloroquine: Treatment, lupus: Condition) -> None:
    prednisone = Treatment.objects.get(slug="prednisone")
    reports(10, effectiveness="moderate")
    reports(9, treatment=prednisone, effectiveness="moderate")
    for treatment in (hydroxychloroquine, prednisone):
        figures.refresh(treatment.pk, lupus.pk)


def test_two_treatments_with_the_same_rule(client: Client) -> None:
    response = client.get(URL, {"t": "hydroxychloroquine,prednisone"})

    found = response.json()
    first, second = found["treatments"]
    assert response.status_code == 200
    assert found["condition"]["slug"] == "systemic-lupus-erythematosus"
    assert (first["treatment"]["slug"], first["reports"], first["contributors_needed"]) == (
        "hydroxychloroquine",
        10,
        None,
    )
    assert (second["treatment"]["slug"], second["reports"], second["contributors_needed"]) == ("prednisone", None, 10)
    assert second["effectiveness"]["answers"] is None
    assert "tips" not in first


def test_three_treatments(client: Client) -> None:
    response = client.get(URL, {"t": "prednisone,hydroxychloroquine,azathioprine"})

    assert [t["treatment"]["slug"] for t in response.json()["treatments"]] == [
        "prednisone", "hydroxychloroquine", "azathioprine",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "asked", ["hydroxychloroquine", "a,b,c,d", "", "hydroxychloroquine,", "hydroxychloroquine,pred\x00nisone"]
)
def test_a_malformed_choice_is_422(client: Client, asked: str) -> None:
    assert client.get(URL, {"t": asked}).status_code == 422


def test_the_same_treatment_twice_is_422_saying_so(client: Client) -> None:
    response = client.get(URL, {"t": "hydroxychloroquine,hydroxychloroquine"})

    assert response.status_code == 422
    assert response.json() == {"detail": ["Choose at least two treatments to compare."]}


@pytest.mark.parametrize(
    "url",
    [
        f"{URL}?t=hydroxychloroquine,insulin-glargine",
        f"{URL}?t=hydroxychloroquine,nothing-like-it",
        f"{API}/conditions/no-such-condition/treatment-comparison?t=hydroxychloroquine,prednisone",
    ],
)
def test_anything_not_used_for_the_condition_is_404(client: Client, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize("persona", ["outsider", "maya", "site_admin"])
def test_everyone_may_compare(persona: str, request: pytest.FixtureRequest) -> None:
    client = Client() if persona == "outsider" else token_client(request.getfixturevalue(persona))

    assert client.get(URL, {"t": "hydroxychloroquine,prednisone"}).status_code == 200
