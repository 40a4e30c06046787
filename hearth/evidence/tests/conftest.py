"""The lupus library's people: Maya (a member with lupus), Tiffany (who founded a lupus community),
Dr Okafor (a verified clinician), Ravi (who moderates a diabetes community only), an administrator,
and the systemic lupus condition with one guideline in its library."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.tests.factories import make_community
from hearth.conditions.models import Condition
from hearth.evidence.actions import EntryInput, do_add_entry
from hearth.evidence.models import EvidenceEntry

LUPUS = "systemic-lupus-erythematosus"


@dataclass(frozen=True)
class Library:
    lupus: Condition
    diabetes: Condition
    clinician: User
    guideline: EvidenceEntry  # added by the clinician


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def clinician(db: None) -> User:
    return UserFactory.create(
        handle="dr_okafor", display_name="Dr Okafor", verified_as="clinician", verified_title="Rheumatologist"
    )


@pytest.fixture
def library(maya: User, tiffany: User, ravi: User, clinician: User) -> Library:
    lupus = Condition.objects.get(slug=LUPUS)
    diabetes = Condition.objects.get(slug="type-1-diabetes")
    make_community(tiffany, "Living with lupus", members=[maya], conditions=[lupus])
    founder = UserFactory.create(handle="priya")
    make_community(founder, "Type 1 together", moderators=[ravi], conditions=[diabetes])
    guideline = do_add_entry(
        clinician,
        lupus,
        EntryInput(
            kind="guideline",
            title="EULAR recommendations for lupus",
            url="https://example.org/eular-sle",
            source="EULAR",
            summary="How lupus is treated, for clinicians.\nHydroxychloroquine for everyone.",
            treatments=("hydroxychloroquine",),
        ),
    )
    return Library(lupus, diabetes, clinician, guideline)


def entry_form(**changes: str | list[str]) -> dict[str, str | list[str]]:
    return {
        "kind": "explainer",
        "title": "Lupus explained",
        "url": "https://example.org/lupus-explained",
        "source": "Lupus UK",
        "summary": "What lupus is, in plain words.",
        "last_reviewed_on": "2025-01-15",
    } | changes
