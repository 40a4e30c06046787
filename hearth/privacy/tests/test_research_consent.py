"""Research consent is off until Maya turns it on, and withdrawing takes effect at once; every
consent she gave stays in her history."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.privacy.models import ResearchConsent
from hearth.privacy.research import CONSENT_VERSION, consenting_members, has_research_consent

pytestmark = pytest.mark.django_db


def test_off_by_default(maya: User, maya_client: Client) -> None:
    assert not has_research_consent(maya)
    page = maya_client.get("/my-data/research/").content.decode()
    assert "You have not agreed" in page
    assert f"version {CONSENT_VERSION}" in page


def test_giving_and_withdrawing_take_effect_at_once(maya: User, maya_client: Client) -> None:
    maya_client.post("/my-data/research/", {"choice": "give", "version": CONSENT_VERSION})
    assert has_research_consent(maya)
    assert list(consenting_members()) == [maya]

    maya_client.post("/my-data/research/", {"choice": "withdraw"})

    assert not has_research_consent(maya)
    assert not consenting_members().exists()
    page = maya_client.get("/my-data/research/").content.decode()
    assert "You have not agreed" in page
    assert page.count("<tr>") == 2  # the header and the consent she withdrew


def test_consent_to_an_older_text_is_refused(maya: User, maya_client: Client) -> None:
    response = maya_client.post("/my-data/research/", {"choice": "give", "version": "0"}, follow=True)

    assert "The consent text has changed" in response.content.decode()
    assert not ResearchConsent.objects.exists()


def test_consent_to_an_older_version_no_longer_counts(maya: User) -> None:
    ResearchConsent.objects.create(member=maya, version="0")
    assert not has_research_consent(maya)


def test_through_the_api(maya: User, maya_token: str, client: Client) -> None:
    auth = {"Authorization": f"Bearer {maya_token}"}
    assert client.get("/api/v1/my-data/research-consent", headers=auth).json()["given"] is False

    given = client.post(
        "/api/v1/my-data/research-consent", {"version": CONSENT_VERSION}, content_type="application/json", headers=auth
    )
    assert given.status_code == 200
    assert given.json()["given"] is True
    assert has_research_consent(maya)
    stale = client.post(
        "/api/v1/my-data/research-consent", {"version": "0"}, content_type="application/json", headers=auth
    )
    assert stale.status_code == 409

    withdrawn = client.delete("/api/v1/my-data/research-consent", headers=auth).json()
    assert withdrawn["given"] is False
    assert withdrawn["history"][0]["withdrawn_at"] is not None
    assert withdrawn["url"] == "/my-data/research/"
    assert not has_research_consent(maya)
