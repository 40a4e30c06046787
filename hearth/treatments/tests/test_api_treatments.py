"""The treatments and symptoms API: public search with filters and pages, a treatment by slug,
`url` on each treatment and condition, and JSON errors (404, 422) rather than 500."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_brand_name_finds_the_treatment_with_its_conditions_and_urls(client: Client) -> None:
    response = client.get("/api/v1/treatments", {"q": "Plaquenil"})

    first = response.json()[0]
    assert response.status_code == 200
    assert first["slug"] == "hydroxychloroquine"
    assert first["kind"] == "medicine"
    assert first["url"] == "/treatments/hydroxychloroquine/"
    assert {
        "slug": "systemic-lupus-erythematosus",
        "name": "Systemic lupus erythematosus",
        "url": "/conditions/systemic-lupus-erythematosus/",
    } in first["conditions"]


def test_the_filters_narrow_the_list(client: Client) -> None:
    response = client.get("/api/v1/treatments", {"condition": "type-1-diabetes", "kind": "device", "limit": "50"})

    found = response.json()
    assert {t["slug"] for t in found} >= {"insulin-pump", "continuous-glucose-monitor"}
    assert {t["kind"] for t in found} == {"device"}
    assert all(any(c["slug"] == "type-1-diabetes" for c in t["conditions"]) for t in found)


def test_offset_pages_through_the_list(client: Client) -> None:
    first = client.get("/api/v1/treatments", {"limit": 3}).json()
    second = client.get("/api/v1/treatments", {"limit": 3, "offset": 3}).json()
    both = client.get("/api/v1/treatments", {"limit": 6}).json()

    assert [t["slug"] for t in first + second] == [t["slug"] for t in both]


def test_a_treatment_by_its_slug(client: Client) -> None:
    response = client.get("/api/v1/treatments/tamoxifen")

    body = response.json()
    assert response.status_code == 200
    assert body["name"] == "Tamoxifen"
    assert body["other_names"] == ["Nolvadex", "Soltamox"]
    assert body["url"] == "/treatments/tamoxifen/"


@pytest.mark.parametrize("slug", ["no-such-thing", "tamox%00ifen", "tamoxifen%20"])
def test_an_unknown_treatment_gets_404_json(client: Client, slug: str) -> None:
    response = client.get(f"/api/v1/treatments/{slug}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/treatments", {"q": "plaquenil\x00"}),
        ("/api/v1/treatments", {"condition": "lupus\x00"}),
        ("/api/v1/treatments", {"kind": "poison"}),
        ("/api/v1/treatments", {"q": "x" * 101}),
        ("/api/v1/treatments", {"limit": "0"}),
        ("/api/v1/symptoms", {"q": "tired\x00"}),
        ("/api/v1/symptoms", {"limit": "1000"}),
    ],
)
def test_bad_parameters_and_nul_characters_get_422_json(client: Client, path: str, params: dict[str, str]) -> None:
    response = client.get(path, params)

    assert response.status_code == 422
    assert "detail" in response.json()


def test_symptoms_are_searchable_by_other_names(client: Client) -> None:
    response = client.get("/api/v1/symptoms", {"q": "tired"})

    assert response.status_code == 200
    assert response.json()[0] == {
        "slug": "fatigue",
        "name": "Fatigue",
        "other_names": ["Tiredness", "Exhaustion", "Lack of energy", "Tired all the time"],
    }


def test_every_symptom_is_listed_when_nothing_is_asked(client: Client) -> None:
    slugs = {s["slug"] for s in client.get("/api/v1/symptoms", {"limit": 100}).json()}

    assert {"fatigue", "joint-pain", "brain-fog", "hot-flashes", "nausea"} <= slugs
