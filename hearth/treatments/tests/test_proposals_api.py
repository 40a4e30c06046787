"""Proposals to the treatments catalogue through the API, as each persona: every member proposes
and lists their own; administrators and those who moderate a community (Tiffany, Ravi) list what
waits and decide; Maya and Dr Okafor (a verified clinician who moderates nothing) get 404 there,
visitors 401."""

from __future__ import annotations

from itertools import count
from typing import Any

import pytest
from django.test import Client

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.tests.factories import make_community
from hearth.conditions.models import Condition
from hearth.treatments.actions import ProposalInput, do_propose
from hearth.treatments.models import ProposalStatus, Treatment, TreatmentProposal

pytestmark = pytest.mark.django_db

API = "/api/v1"
LUPUS = "systemic-lupus-erythematosus"
PERSONAS = ["outsider", "maya", "clinician", "tiffany", "ravi", "site_admin"]
DECIDERS = {"tiffany", "ravi", "site_admin"}
_tokens = count()


def script(user: User | None) -> Client:
    if user is None:
        return Client()
    token = do_create_access_token(user, f"script {next(_tokens)}").secret
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def people(maya: User, tiffany: User, ravi: User, site_admin: User) -> dict[str, User | None]:
    make_community(tiffany, "Living with lupus", members=[maya], conditions=[Condition.objects.get(slug=LUPUS)])
    make_community(UserFactory.create(handle="priya"), "Type 1 together", moderators=[ravi])
    return {
        "outsider": None,
        "maya": maya,
        "clinician": UserFactory.create(handle="dr_okafor", verified_as="clinician"),
        "tiffany": tiffany,
        "ravi": ravi,
        "site_admin": site_admin,
    }


@pytest.fixture
def proposal(people: dict[str, User | None], maya: User) -> TreatmentProposal:
    return do_propose(maya, ProposalInput("Obinutuzumab", "medicine", ("Gazyva",), (LUPUS,)))


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(API + path, body, content_type="application/json")


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_proposes_and_lists_their_own(people: dict[str, User | None], persona: str) -> None:
    client = script(people[persona])

    sent = post(client, "/treatment-proposals", {"name": "Tai chi", "kind": "lifestyle", "conditions": [LUPUS]})
    mine = client.get(f"{API}/treatment-proposals")

    if persona == "outsider":
        assert (sent.status_code, mine.status_code) == (401, 401)
        assert not TreatmentProposal.objects.exists()
        return
    assert sent.status_code == 201
    body = sent.json()
    assert (body["name"], body["status"], body["treatment"]) == ("Tai chi", "pending", None)
    assert body["conditions"][0]["slug"] == LUPUS
    assert body["url"] == f"/treatments/proposals/{body['id']}/"
    assert [p["id"] for p in mine.json()] == [body["id"]]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_what_waits(proposal: TreatmentProposal, people: dict[str, User | None], persona: str) -> None:
    response = script(people[persona]).get(f"{API}/treatment-proposals/pending")

    if persona in DECIDERS:
        assert response.status_code == 200
        assert [(p["name"], p["proposed_by"]) for p in response.json()] == [("Obinutuzumab", "maya_r")]
    else:
        assert response.status_code == (401 if persona == "outsider" else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_decides(proposal: TreatmentProposal, people: dict[str, User | None], persona: str) -> None:
    response = post(script(people[persona]), f"/treatment-proposals/{proposal.pk}/decide", {"decision": "approve"})

    proposal.refresh_from_db()
    if persona in DECIDERS:
        assert response.status_code == 200
        assert (response.json()["status"], response.json()["treatment"]) == ("approved", "obinutuzumab")
        assert Treatment.objects.get(slug="obinutuzumab").proposed
        assert script(None).get(f"{API}/treatments", {"q": "gazyva"}).json()[0]["slug"] == "obinutuzumab"
    else:
        assert response.status_code == (401 if persona == "outsider" else 404)
        assert proposal.status == ProposalStatus.PENDING


def test_deciding_twice_or_declining_without_a_reason_is_409(proposal: TreatmentProposal, tiffany: User) -> None:
    client = script(tiffany)
    path = f"/treatment-proposals/{proposal.pk}/decide"

    without = post(client, path, {"decision": "decline"})
    declined = post(client, path, {"decision": "decline", "reason": "Too new."})
    again = post(client, path, {"decision": "approve"})

    assert without.status_code == 409
    assert declined.status_code == 200
    assert declined.json()["decision_reason"] == "Too new."
    assert again.status_code == 409
    assert "Already declined by @tiffany" in again.json()["detail"]
    assert post(client, "/treatment-proposals/999999/decide", {"decision": "approve"}).status_code == 404


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"name": "Plaquenil", "kind": "medicine"}, 409),
        ({"name": "Tai chi", "kind": "lifestyle", "other_names": ["HCQ"]}, 409),
        ({"name": "obinutuzumab", "kind": "medicine"}, 409),  # waits for a decision already
        ({"name": "Tai chi", "kind": "lifestyle", "conditions": ["no-such-condition"]}, 404),
        ({"name": "Tai chi", "kind": "lifestyle", "other_names": ["x"] * 11}, 422),
        ({"name": "x" * 151, "kind": "lifestyle"}, 422),
        ({"name": " ", "kind": "lifestyle"}, 422),
        ({"name": "Tai chi", "kind": "potion"}, 422),
        ({"name": "Tai chi", "kind": "lifestyle", "note": "x" * 501}, 422),
    ],
)
def test_bad_proposals_are_refused(proposal: TreatmentProposal, maya: User, body: dict[str, Any], status: int) -> None:
    response = post(script(maya), "/treatment-proposals", body)

    assert response.status_code == status
    assert TreatmentProposal.objects.count() == 1
