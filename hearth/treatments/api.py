"""API for the treatments and symptoms catalogues: search and detail; members' proposals to the
treatments catalogue, which administrators and moderators approve or decline."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.validators import slug_re
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from hearth.accounts.access import member_of
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    ANY_TEXT,
    CONFLICT,
    INVALID,
    NOT_BLANK,
    NOT_FOUND,
    SAYS_SOMETHING,
    STORABLE,
    TOO_MANY,
    UNAUTHORISED,
    WRITE_ERRORS,
    Id,
    Input,
    Slug,
)
from hearth.conditions.models import Condition, Symptom
from hearth.conditions.symptoms import search_symptoms
from hearth.treatments import actions
from hearth.treatments.models import (
    DECISION_REASON_MAX,
    PROPOSAL_NOTE_MAX,
    Kind,
    ProposalStatus,
    Treatment,
    TreatmentProposal,
)
from hearth.treatments.search import search_treatments

router = Router(tags=["treatments"])

SearchText = Annotated[
    str,
    Field(pattern=ANY_TEXT, max_length=100, description="A name, brand name or other name; empty lists them all."),
    STORABLE,
]


class TreatedCondition(Schema):
    slug: str
    name: str
    url: str

    @staticmethod
    def resolve_url(obj: Condition) -> str:
        return obj.get_absolute_url()


class CatalogueTreatment(Schema):
    slug: str
    name: str
    kind: Kind
    other_names: list[str]
    conditions: list[TreatedCondition] = Field(description="The conditions it is used for.")
    url: str

    @staticmethod
    def resolve_conditions(obj: Treatment) -> list[Condition]:
        return list(obj.conditions.all())

    @staticmethod
    def resolve_url(obj: Treatment) -> str:
        return obj.get_absolute_url()


class TreatmentQuery(Schema):
    q: SearchText = ""
    condition: Slug | None = Field(None, description="Only treatments used for the condition with this slug.")
    kind: Kind | None = None
    limit: int = Field(20, ge=1, le=50)
    offset: int = Field(0, ge=0, le=1_000)


class CatalogueSymptom(Schema):
    """A symptom; symptoms have no page of their own, so no `url`."""

    slug: str
    name: str
    other_names: list[str]


class SymptomQuery(Schema):
    q: SearchText = ""
    limit: int = Field(20, ge=1, le=100)


@router.get(
    "/treatments",
    response={200: list[CatalogueTreatment], **INVALID},
    auth=None,
    summary="Search treatments",
    description="Best match first; with no `q`, by name. `offset` skips that many for the next page.",
)
def list_treatments(request: HttpRequest, filters: Query[TreatmentQuery]) -> list[Treatment]:
    found = search_treatments(
        filters.q, condition=filters.condition, kind=filters.kind, limit=filters.offset + filters.limit
    )
    page = found[filters.offset :]
    prefetch_related_objects(page, "conditions")
    return page


@router.get("/treatments/{slug}", response={200: CatalogueTreatment, **NOT_FOUND}, auth=None, summary="A treatment")
def get_treatment(request: HttpRequest, slug: str) -> Treatment:
    # Only a slug is looked up: a path can carry a NUL, which PostgreSQL cannot compare.
    if not slug_re.match(slug):
        raise Http404
    return get_object_or_404(Treatment.objects.prefetch_related("conditions"), slug=slug)


@router.get(
    "/symptoms",
    response={200: list[CatalogueSymptom], **INVALID},
    auth=None,
    summary="Search symptoms",
    description="Best match first; with no `q`, every symptom by name.",
)
def list_symptoms(request: HttpRequest, filters: Query[SymptomQuery]) -> list[Symptom]:
    return search_symptoms(filters.q, limit=filters.limit)


# --- Proposals to the catalogue ---------------------------------------------------------------

ProposedName = Annotated[str, Field(pattern=SAYS_SOMETHING, max_length=actions.NAME_MAX), NOT_BLANK]
_PROPOSAL_REFUSALS = {"unknown_condition": 404, "exists": 409, "pending": 409, "handled": 409, "reason": 409}


class TreatmentProposalIn(Input):
    name: ProposedName
    kind: Kind
    other_names: list[ProposedName] = Field(
        default_factory=list, max_length=actions.OTHER_NAMES_MAX, description="Brand names and other names."
    )
    conditions: list[Slug] = Field(
        default_factory=list, max_length=actions.CONDITIONS_MAX, description="Slugs of the conditions it is used for."
    )
    note: Annotated[
        str, Field(pattern=ANY_TEXT, max_length=PROPOSAL_NOTE_MAX, description="Why it belongs."), STORABLE
    ] = ""


class TreatmentProposalDecisionIn(Input):
    decision: Literal["approve", "decline"]
    reason: Annotated[
        str,
        Field(
            pattern=ANY_TEXT,
            max_length=DECISION_REASON_MAX,
            description="Needed to decline (409 without one); the proposer reads it.",
        ),
        STORABLE,
    ] = ""


class TreatmentProposalOut(Schema):
    id: int
    name: str
    kind: Kind
    other_names: list[str]
    conditions: list[TreatedCondition]
    note: str
    status: ProposalStatus
    proposed_by: str | None = Field(description="The proposer's handle (shown to those who decide and the proposer).")
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decision_reason: str
    treatment: str | None = Field(description="The slug of the catalogue entry an approval made or found.")
    url: str

    @staticmethod
    def resolve_conditions(obj: TreatmentProposal) -> list[Condition]:
        return list(obj.conditions.all())

    @staticmethod
    def resolve_proposed_by(obj: TreatmentProposal) -> str | None:
        return obj.proposed_by.handle if obj.proposed_by is not None else None

    @staticmethod
    def resolve_treatment(obj: TreatmentProposal) -> str | None:
        return obj.treatment.slug if obj.treatment is not None else None

    @staticmethod
    def resolve_url(obj: TreatmentProposal) -> str:
        return reverse("treatment_proposal", args=[obj.pk])


def _proposal(pk: int) -> TreatmentProposal:
    return (
        TreatmentProposal.objects.select_related("proposed_by", "treatment").prefetch_related("conditions").get(pk=pk)
    )


@router.post(
    "/treatment-proposals",
    response={201: TreatmentProposalOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT, **TOO_MANY},
    summary="Propose a treatment for the catalogue",
    description=(
        "A moderator approves or declines it. 409 when the catalogue holds the name (or one of the other "
        "names) already, or the same name waits for a decision; 404 for an unknown condition."
    ),
)
def propose(request: HttpRequest, data: TreatmentProposalIn) -> Status[TreatmentProposal]:
    given = actions.ProposalInput(
        name=data.name,
        kind=data.kind,
        other_names=tuple(data.other_names),
        conditions=tuple(data.conditions),
        note=data.note,
    )
    with refused_as(_PROPOSAL_REFUSALS, otherwise=409):
        proposal = actions.do_propose(member_of(request), given)
    return Status(201, _proposal(proposal.pk))


@router.get(
    "/treatment-proposals",
    response={200: list[TreatmentProposalOut], **UNAUTHORISED},
    summary="Your proposals for the catalogue",
    description="Newest first, with what became of each.",
)
def my_proposals(request: HttpRequest) -> list[TreatmentProposal]:
    return actions.proposals_of(member_of(request))


@router.get(
    "/treatment-proposals/pending",
    response={200: list[TreatmentProposalOut], **UNAUTHORISED, **NOT_FOUND},
    summary="Proposals waiting for a decision",
    description="Oldest first. For administrators and those who moderate a community; 404 for others.",
)
def pending_proposals(request: HttpRequest) -> list[TreatmentProposal]:
    if not actions.may_decide(member_of(request)):
        raise Http404
    return actions.pending_proposals()


@router.post(
    "/treatment-proposals/{proposal_id}/decide",
    response={200: TreatmentProposalOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Approve or decline a proposal",
    description=(
        "Approving adds the treatment to the catalogue (search finds it at once). 404 for those who may "
        "not decide; 409 when it was decided already (by whom is said) or a decline lacks its reason."
    ),
)
def decide_proposal(request: HttpRequest, proposal_id: Id, data: TreatmentProposalDecisionIn) -> TreatmentProposal:
    user = member_of(request)
    proposal = actions.proposal_to_decide(user, proposal_id)
    with refused_as(_PROPOSAL_REFUSALS, otherwise=409):
        actions.do_decide_proposal(user, proposal, approve=data.decision == "approve", reason=data.reason)
    return _proposal(proposal.pk)
