"""The evidence library through the API, as each persona: anyone reads it; Tiffany (who founded a
lupus community), Dr Okafor (a verified clinician) and the administrator add, edit and review;
Maya, Ravi (who moderates a diabetes community) and visitors are refused: 404, or 401 without
credentials."""

from __future__ import annotations

from itertools import count
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.audit.models import AuditEvent
from hearth.evidence.models import EvidenceEntry
from hearth.evidence.tests.conftest import LUPUS, Library

pytestmark = pytest.mark.django_db

API = "/api/v1"


_tokens = count()


def script(user: User | None) -> Client:
    if user is None:
        return Client()
    token = do_create_access_token(user, f"script {next(_tokens)}").secret
    return Client(headers={"Authorization": f"Bearer {token}"})


def new_entry(**changes: Any) -> dict[str, Any]:
    return {
        "kind": "organisation",
        "title": "Lupus UK: living with lupus",
        "source_url": "https://example.org/lupus-uk",
        "source": "Lupus UK",
        "summary": "Support and plain-language guides.",
        "treatments": ["hydroxychloroquine"],
    } | changes


@pytest.fixture
def people(library: Library, maya: User, tiffany: User, ravi: User, site_admin: User) -> dict[str, User | None]:
    return {
        "outsider": None,
        "maya": maya,
        "tiffany": tiffany,
        "clinician": library.clinician,
        "ravi": ravi,
        "site_admin": site_admin,
    }


PERSONAS = ["outsider", "maya", "tiffany", "clinician", "ravi", "site_admin"]
CURATORS = {"tiffany", "clinician", "site_admin"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_reads_the_library(library: Library, people: dict[str, User | None], persona: str) -> None:
    client = script(people[persona])

    listed = client.get(f"{API}/conditions/{LUPUS}/evidence")
    one = client.get(f"{API}/evidence/{library.guideline.pk}")

    assert listed.status_code == 200
    [entry] = listed.json()
    assert entry["title"] == "EULAR recommendations for lupus"
    assert entry["source_url"] == "https://example.org/eular-sle"
    assert entry["url"] == f"/library/{LUPUS}/{library.guideline.pk}/"
    assert entry["added_by"] == "dr_okafor"
    assert entry["added_by_verified_as"] == "clinician"
    assert entry["treatments"] == [
        {"slug": "hydroxychloroquine", "name": "Hydroxychloroquine", "url": "/treatments/hydroxychloroquine/"}
    ]
    assert one.json() == entry
    assert client.get(f"{API}/conditions/no-such-thing/evidence").status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_add_edit_and_review(library: Library, people: dict[str, User | None], persona: str) -> None:
    client = script(people[persona])
    guideline = library.guideline.pk
    EvidenceEntry.objects.filter(pk=guideline).update(last_reviewed_on="2024-01-01")

    added = client.post(f"{API}/conditions/{LUPUS}/evidence", new_entry(), content_type="application/json")
    edited = client.patch(f"{API}/evidence/{guideline}", {"title": "EULAR 2023"}, content_type="application/json")
    reviewed = client.post(f"{API}/evidence/{guideline}/review")

    statuses = (added.status_code, edited.status_code, reviewed.status_code)
    if persona in CURATORS:
        assert statuses == (201, 200, 200)
        assert added.json()["treatments"][0]["slug"] == "hydroxychloroquine"
        assert edited.json()["title"] == "EULAR 2023"
        assert edited.json()["source"] == "EULAR"  # left out, kept
        assert reviewed.json()["last_reviewed_on"] == timezone.localdate().isoformat()
        assert AuditEvent.objects.filter(action__startswith="evidence:").count() == 4  # with the fixture's
    else:
        assert statuses == ((401, 401, 401) if persona == "outsider" else (404, 404, 404))
        assert EvidenceEntry.objects.count() == 1
        assert EvidenceEntry.objects.get().title == "EULAR recommendations for lupus"


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_remove(library: Library, people: dict[str, User | None], persona: str) -> None:
    response = script(people[persona]).delete(f"{API}/evidence/{library.guideline.pk}")

    library.guideline.refresh_from_db()
    if persona in {"tiffany", "clinician", "site_admin"}:
        assert response.status_code == 204
        assert library.guideline.removed_at is not None
    else:
        assert response.status_code == (401 if persona == "outsider" else 404)
        assert library.guideline.removed_at is None


def test_a_removed_entry_is_404_to_readers_and_409_to_curators(library: Library, maya: User, tiffany: User) -> None:
    url = f"{API}/evidence/{library.guideline.pk}"
    curator = script(tiffany)
    curator.delete(url)

    assert script(None).get(url).status_code == 404
    assert script(maya).get(url).status_code == 404
    assert curator.get(url).json()["removed"] is True
    assert curator.delete(url).status_code == 409
    assert curator.post(f"{url}/review").status_code == 409
    assert script(None).get(f"{API}/conditions/{LUPUS}/evidence").json() == []


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"source_url": "javascript:alert(1)"}, 409),
        ({"source_url": "https://example.org/eular-sle"}, 409),
        ({"treatments": ["tamoxifen"]}, 409),
        ({"last_reviewed_on": "2999-01-01"}, 409),
        ({"title": "  "}, 422),
        ({"summary": "x" * 2_001}, 422),
        ({"treatments": ["x"] * 51}, 422),
        ({"kind": "rumour"}, 422),
    ],
)
def test_bad_input_is_refused(library: Library, tiffany: User, changes: dict[str, Any], status: int) -> None:
    response = script(tiffany).post(
        f"{API}/conditions/{LUPUS}/evidence", new_entry(**changes), content_type="application/json"
    )

    assert response.status_code == status
    assert EvidenceEntry.objects.count() == 1
