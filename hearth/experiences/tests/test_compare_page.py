"""Two or three treatments for one condition side by side, picked with a plain GET form: the same
figures under the same ten-person rule as each treatment's page, and clear errors for too few,
too many, or a treatment not used for the condition."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from hearth.conditions.models import Condition
from hearth.experiences import figures
from hearth.experiences.tests.conftest import page_client
from hearth.experiences.tests.figures_data import SIDE_EFFECTS, reports
from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db

URL = "/treatments/compare/systemic-lupus-erythematosus/"


@pytest.fixture
def prednisone(db: None) -> Treatment:
    return Treatment.objects.get(slug="prednisone")


@pytest.fixture(autouse=True)
def _figures(hydroxychloroquine: Treatment, prednisone: Treatment, lupus: Condition) -> None:
    hydroxychloroquine.side_effects = SIDE_EFFECTS
    hydroxychloroquine.save(update_fields=["side_effects"])
    reports(6, effectiveness="major", side_effects=[("Nausea", "mild")])
    reports(4, effectiveness="slight", side_effects=[("Nausea", "severe")])
    reports(9, treatment=prednisone, effectiveness="major")
    for treatment in (hydroxychloroquine, prednisone):
        figures.refresh(treatment.pk, lupus.pk)


def _rows(page: str) -> dict[str, list[str]]:
    """Each table row's header and cells, read from the page."""
    rows: dict[str, list[str]] = {}
    for header, cells in re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', page):
        rows.setdefault(header, re.findall(r"<td>([^<]*)</td>", cells))
    return rows


def test_two_treatments_side_by_side_with_the_same_hiding(client: Client) -> None:
    response = client.get(URL, {"t": ["hydroxychloroquine", "prednisone"]})

    page = response.content.decode()
    rows = _rows(page)
    assert response.status_code == 200
    assert "Hydroxychloroquine and Prednisone for Systemic lupus erythematosus, side by side" in page
    assert rows["Members who reported"] == ["10", "fewer than 10"]
    assert rows["Major"] == ["60%", "fewer than 10"]
    assert rows["Slight"] == ["40%", "fewer than 10"]
    assert rows["Nausea"] == ["100% (10); severe for 40%", "fewer than 10"]
    assert "Patient-reported experiences, not medical advice; talk with your clinician." in page
    assert 'href="/treatments/prednisone/for/systemic-lupus-erythematosus/"' in page
    # Nothing of prednisone's nine reports shows as a number.
    assert "90%" not in page
    assert "(9)" not in page


def test_three_treatments_and_the_comma_form(client: Client) -> None:
    response = client.get(URL, {"t": "hydroxychloroquine,prednisone,azathioprine"})

    assert response.status_code == 200
    assert [c.treatment.slug for c in response.context["columns"]] == [
        "hydroxychloroquine",
        "prednisone",
        "azathioprine",
    ]


@pytest.mark.parametrize(
    ("asked", "error"),
    [
        (["hydroxychloroquine"], "Choose at least two treatments to compare."),
        (["hydroxychloroquine", "hydroxychloroquine"], "Choose at least two treatments to compare."),
        (["hydroxychloroquine", "prednisone", "azathioprine", "belimumab"], "Choose at most three treatments"),
        (["hydroxychloroquine", "insulin-glargine"], "“insulin-glargine” is not a treatment used for Systemic lupus"),
        (["hydroxychloroquine", "no-such-thing"], "“no-such-thing” is not a treatment used for Systemic lupus"),
        (["hydroxychloroquine", "bad\x00slug"], "is not a treatment used for Systemic lupus"),
    ],
)
def test_a_wrong_choice_is_explained_next_to_the_form(client: Client, asked: list[str], error: str) -> None:
    response = client.get(URL, {"t": asked})

    page = response.content.decode()
    assert response.status_code == 400
    assert error in page
    assert 'aria-describedby="compare-error"' in page
    assert "side by side</caption>" not in page


def test_the_form_works_without_javascript(client: Client) -> None:
    page = client.get(URL, {"with": "hydroxychloroquine"}).content.decode()

    assert '<form method="get" action="/treatments/compare/systemic-lupus-erythematosus/"' in page
    assert "<legend>Choose two or three treatments used for Systemic lupus erythematosus</legend>" in page
    assert 'value="hydroxychloroquine" id="compare-hydroxychloroquine" checked>' in page
    assert '<label for="compare-prednisone">Prednisone</label>' in page
    assert "insulin" not in page.lower()
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_an_unknown_condition_is_404(client: Client) -> None:
    assert client.get("/treatments/compare/no-such-condition/", {"t": ["a", "b"]}).status_code == 404


@pytest.mark.parametrize("persona", ["outsider", "maya", "tiffany", "site_admin"])
def test_everyone_may_compare(persona: str, request: pytest.FixtureRequest) -> None:
    client = Client() if persona == "outsider" else page_client(request.getfixturevalue(persona))

    response = client.get(URL, {"t": ["hydroxychloroquine", "prednisone"]})

    assert response.status_code == 200
    assert _rows(response.content.decode())["Members who reported"] == ["10", "fewer than 10"]
