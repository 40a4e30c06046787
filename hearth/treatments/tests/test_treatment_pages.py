"""The treatments pages: a list to search, filter and page through, and a page per treatment,
public and working without JavaScript; anything unknown is 404."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db

NOTE = "Hearth lists treatments so members can say what they take; it is not medical advice."


def test_a_visitor_finds_hydroxychloroquine_by_its_brand_name(client: Client) -> None:
    response = client.get("/treatments/", {"q": "Plaquenil"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<!DOCTYPE html>" in page
    assert 'href="/treatments/hydroxychloroquine/"' in page
    assert '<label for="treatment-q">' in page
    assert '<label for="treatment-kind"' in page


def test_the_list_pages_through_the_whole_catalogue(client: Client) -> None:
    first = client.get("/treatments/").content.decode()
    second = client.get("/treatments/", {"page": "2"}).content.decode()

    assert "Page 1 of" in first
    assert 'rel="next"' in first
    assert "Page 2 of" in second
    assert client.get("/treatments/", {"page": "nonsense"}).status_code == 200


def test_the_kind_filter_keeps_only_that_kind(client: Client) -> None:
    response = client.get("/treatments/", {"kind": "device"})

    treatments = list(response.context["page"].object_list)
    assert treatments
    assert {t.kind for t in treatments} == {"device"}
    assert 'value="device" selected' in response.content.decode()


def test_a_condition_in_the_address_narrows_the_list(client: Client) -> None:
    response = client.get("/treatments/", {"condition": "breast-cancer", "q": "tamox"})

    assert [t.slug for t in response.context["page"].object_list] == ["tamoxifen"]
    assert 'href="/conditions/breast-cancer/"' in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"kind": "poison"}, {"condition": "lupus\x00"}, {"q": "plaquenil\x00"}, {"q": "x" * 500}]
)
def test_doctored_parameters_are_ignored_or_searched_safely(client: Client, params: dict[str, str]) -> None:
    assert client.get("/treatments/", params).status_code == 200


def test_nothing_found_says_so(client: Client) -> None:
    response = client.get("/treatments/", {"q": "zzzzqqq"})

    assert "No treatments found for “zzzzqqq”" in response.content.decode()


def test_the_detail_page_names_the_treatment_and_links_its_conditions(client: Client) -> None:
    treatment = Treatment.objects.get(slug="hydroxychloroquine")

    response = client.get(treatment.get_absolute_url())

    page = response.content.decode()
    assert treatment.get_absolute_url() == "/treatments/hydroxychloroquine/"
    assert response.status_code == 200
    assert "<h1>Hydroxychloroquine</h1>" in page
    assert "Plaquenil, HCQ" in page
    assert "Medicine" in page
    assert 'href="/conditions/systemic-lupus-erythematosus/"' in page
    assert NOTE in page


def test_a_treatment_for_no_particular_condition_says_so(client: Client) -> None:
    page = client.get("/treatments/graded-walking/").content.decode()

    assert "Not linked to a particular condition." in page
    assert NOTE in page


@pytest.mark.parametrize(
    "path", ["/treatments/no-such-thing/", "/treatments/hydroxy%00chloroquine/", "/treatments/hydroxy chloroquine/"]
)
def test_an_unknown_or_odd_slug_is_404(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_the_pages_only_answer_get(client: Client) -> None:
    assert client.post("/treatments/").status_code == 405
