"""Members propose additions to the treatments catalogue; moderators approve or decline them.

Maya proposes obinutuzumab (Gazyva) for lupus. Tiffany (who founded a lupus community), Ravi (who
moderates a diabetes community) and the administrator see the queue and decide; Dr Okafor, a
verified clinician who moderates nothing, proposes like any member but decides nothing. A
proposal is 404 to everyone but its proposer and those who decide; visitors are sent to sign in.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.audit.models import AuditEvent
from hearth.communities.tests.factories import make_community
from hearth.conditions.models import Condition
from hearth.treatments.actions import ProposalInput, do_propose
from hearth.treatments.models import ProposalStatus, Treatment, TreatmentProposal
from hearth.treatments.search import search_treatments

pytestmark = pytest.mark.django_db

LUPUS = "systemic-lupus-erythematosus"
PERSONAS = ["outsider", "maya", "clinician", "tiffany", "ravi", "site_admin"]
DECIDERS = {"tiffany", "ravi", "site_admin"}


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def people(maya: User, tiffany: User, ravi: User, site_admin: User) -> dict[str, User | None]:
    lupus = Condition.objects.get(slug=LUPUS)
    make_community(tiffany, "Living with lupus", members=[maya], conditions=[lupus])
    make_community(UserFactory.create(handle="priya"), "Type 1 together", moderators=[ravi])
    clinician = UserFactory.create(handle="dr_okafor", verified_as="clinician")
    return {
        "outsider": None,
        "maya": maya,
        "clinician": clinician,
        "tiffany": tiffany,
        "ravi": ravi,
        "site_admin": site_admin,
    }


@pytest.fixture
def obinutuzumab(people: dict[str, User | None], maya: User) -> TreatmentProposal:
    given = ProposalInput(
        "Obinutuzumab", "medicine", ("Gazyva",), (LUPUS,), note="Approved for lupus nephritis; some of us take it."
    )
    return do_propose(maya, given)


def form(**changes: str) -> dict[str, str]:
    return {
        "name": "Tai chi",
        "kind": "lifestyle",
        "other_names": "Taiji, tai-chi chuan",
        "condition_1": LUPUS,
    } | changes


def test_maya_proposes_a_treatment(people: dict[str, User | None], maya: User) -> None:
    client = client_of(maya)

    page = client.get("/treatments/propose/")
    sent = client.post("/treatments/propose/", form(note="Helps with stiffness."), follow=True)

    assert page.status_code == 200
    assert '<label for="id_name">' in page.content.decode()
    proposal = TreatmentProposal.objects.get()
    assert (proposal.name, proposal.kind, proposal.other_names) == ("Tai chi", "lifestyle", ["Taiji", "tai-chi chuan"])
    assert [c.slug for c in proposal.conditions.all()] == [LUPUS]
    assert proposal.status == ProposalStatus.PENDING
    assert "waits for a moderator" in sent.content.decode()
    assert "Tai chi" in client.get("/treatments/proposals/").content.decode()
    event = AuditEvent.objects.get(action="treatment:propose")
    assert (event.actor, event.target_id) == (maya, proposal.pk)


def test_the_catalogue_links_to_the_form(client: Client) -> None:
    assert 'href="/treatments/propose/"' in client.get("/treatments/").content.decode()


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"name": "plaquenil"}, "already in the catalogue, as Hydroxychloroquine"),
        ({"name": "HYDROXYCHLOROQUINE"}, "already in the catalogue"),
        ({"other_names": "Taiji, Plaquenil"}, "“Plaquenil” is already in the catalogue"),
        ({"other_names": ",".join(f"name {n}" for n in range(11))}, "at most 10 other names"),
        ({"name": "x" * 151}, "at most 150 characters"),
        ({"note": "x" * 501}, "at most 500 characters"),
        ({"name": "Tai\x00chi"}, "Null characters are not allowed"),
        ({"name": "  "}, "This field is required"),
        ({"name": "!!!"}, "Write the treatment&#x27;s name"),
        ({"kind": "potion"}, "Select a valid choice"),
        ({"condition_1": "no-such-condition"}, "Select a valid choice"),
    ],
)
def test_bad_proposals_are_refused_clearly(
    people: dict[str, User | None], maya: User, changes: dict[str, str], said: str
) -> None:
    response = client_of(maya).post("/treatments/propose/", form(**changes))

    assert response.status_code == 422
    assert said in response.content.decode()
    assert not TreatmentProposal.objects.exists()


def test_a_name_waiting_for_a_decision_is_not_proposed_twice(obinutuzumab: TreatmentProposal, tiffany: User) -> None:
    response = client_of(tiffany).post("/treatments/propose/", form(name="OBINUTUZUMAB"))

    assert response.status_code == 422
    assert "was proposed already" in response.content.decode()
    assert TreatmentProposal.objects.count() == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_the_queue(obinutuzumab: TreatmentProposal, people: dict[str, User | None], persona: str) -> None:
    client = client_of(people[persona])

    queue = client.get("/treatments/proposals/")
    one = client.get(f"/treatments/proposals/{obinutuzumab.pk}/")

    if persona == "outsider":
        assert queue.status_code == 302
        assert "/accounts/login/" in queue["Location"]
        assert one.status_code == 302
        assert "/accounts/login/" in one["Location"]
        return
    assert queue.status_code == 200
    page = queue.content.decode()
    if persona in DECIDERS:
        assert "Waiting for a decision" in page
        assert "Obinutuzumab" in page
        assert "@maya_r" in page
        assert one.status_code == 200
        assert "Approve: add it to the catalogue" in one.content.decode()
    elif persona == "maya":
        assert "Obinutuzumab" in page
        assert "Waiting for a moderator" in page
        assert one.status_code == 200
        assert "Approve: add it to the catalogue" not in one.content.decode()
    else:
        assert "Obinutuzumab" not in page
        assert one.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_approve(obinutuzumab: TreatmentProposal, people: dict[str, User | None], persona: str) -> None:
    response = client_of(people[persona]).post(f"/treatments/proposals/{obinutuzumab.pk}/", {"decision": "approve"})

    obinutuzumab.refresh_from_db()
    if persona in DECIDERS:
        assert response.status_code == 302
        assert obinutuzumab.status == ProposalStatus.APPROVED
        assert obinutuzumab.decided_by == people[persona]
    else:
        assert response.status_code == (302 if persona == "outsider" else 404)
        assert obinutuzumab.status == ProposalStatus.PENDING
        assert not Treatment.objects.filter(proposed=True).exists()


def test_an_approval_adds_it_to_the_catalogue_and_search_finds_it(
    obinutuzumab: TreatmentProposal, tiffany: User, maya: User
) -> None:
    assert search_treatments("Gazyva") == []

    client_of(tiffany).post(f"/treatments/proposals/{obinutuzumab.pk}/", {"decision": "approve"})

    treatment = Treatment.objects.get(proposed=True)
    assert (treatment.slug, treatment.name, treatment.kind) == (
        "obinutuzumab",
        "Obinutuzumab",
        "medicine",
    )
    assert treatment.other_names == ["Gazyva"]
    assert [c.slug for c in treatment.conditions.all()] == [LUPUS]
    assert search_treatments("Gazyva") == [treatment]
    assert [t.slug for t in search_treatments("obinu", condition=LUPUS)] == ["obinutuzumab"]
    obinutuzumab.refresh_from_db()
    assert obinutuzumab.treatment == treatment
    event = AuditEvent.objects.get(action="treatment:approve")
    assert (event.actor, event.subject, event.data["treatment"]) == (tiffany, maya, "obinutuzumab")
    mine = client_of(maya).get("/treatments/proposals/").content.decode()
    assert "Added to the catalogue" in mine
    assert 'href="/treatments/obinutuzumab/"' in mine


def test_a_decline_needs_a_reason_the_proposer_reads(
    obinutuzumab: TreatmentProposal, tiffany: User, maya: User
) -> None:
    client = client_of(tiffany)

    without = client.post(f"/treatments/proposals/{obinutuzumab.pk}/", {"decision": "decline", "reason": " "})
    declined = client.post(
        f"/treatments/proposals/{obinutuzumab.pk}/", {"decision": "decline", "reason": "Please add it as a therapy."}
    )

    assert without.status_code == 422
    assert "Say why it is declined" in without.content.decode()
    assert declined.status_code == 302
    obinutuzumab.refresh_from_db()
    assert (obinutuzumab.status, obinutuzumab.decision_reason) == (
        ProposalStatus.DECLINED,
        "Please add it as a therapy.",
    )
    assert AuditEvent.objects.get(action="treatment:decline").reason == "Please add it as a therapy."
    assert "Why: Please add it as a therapy." in client_of(maya).get("/treatments/proposals/").content.decode()
    assert not Treatment.objects.filter(proposed=True).exists()


def test_a_decided_proposal_is_not_decided_again(obinutuzumab: TreatmentProposal, tiffany: User, ravi: User) -> None:
    client_of(tiffany).post(f"/treatments/proposals/{obinutuzumab.pk}/", {"decision": "approve"})

    again = client_of(ravi).post(
        f"/treatments/proposals/{obinutuzumab.pk}/", {"decision": "decline", "reason": "No."}, follow=True
    )

    assert "Already added to the catalogue by @tiffany" in again.content.decode()
    obinutuzumab.refresh_from_db()
    assert obinutuzumab.status == ProposalStatus.APPROVED
    assert Treatment.objects.filter(proposed=True).count() == 1


def test_a_slug_taken_or_reserved_gets_a_new_one(people: dict[str, User | None], maya: User, tiffany: User) -> None:
    from hearth.treatments.actions import do_decide_proposal

    proposal = do_propose(maya, ProposalInput("Propose", "therapy"))
    do_decide_proposal(tiffany, proposal, approve=True)
    Treatment.objects.create(slug="cold-water", name="Cold water swimming", kind="lifestyle")
    other = do_propose(maya, ProposalInput("Cold water", "lifestyle"))
    do_decide_proposal(tiffany, other, approve=True)

    assert Treatment.objects.get(name="Propose").slug == "propose-treatment"
    assert Treatment.objects.get(name="Cold water").slug == "cold-water-2"


def test_a_suspended_member_may_not_propose(people: dict[str, User | None], maya: User) -> None:
    maya.suspended_until = timezone.now() + dt.timedelta(days=1)
    maya.save()

    response = client_of(maya).post("/treatments/propose/", form())

    assert response.status_code == 422
    assert "suspended" in response.content.decode()
    assert not TreatmentProposal.objects.exists()
