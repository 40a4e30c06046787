"""API of verified professionals: the public list; applying, one's own application, cancelling
it; for administrators, the applications, deciding and withdrawing.

Applications are 404 to everyone but administrators (a forged decision too). A second open
application, deciding an application no longer waiting, deciding one's own, and a register
address that is not a web address are 409 with a plain sentence."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from hearth.accounts.access import member_of
from hearth.accounts.models import ProfessionalKind, User
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    ANY_TEXT,
    CONFLICT,
    INVALID,
    NOT_BLANK,
    NOT_FOUND,
    READ_ERRORS,
    SAYS_SOMETHING,
    STORABLE,
    UNAUTHORISED,
    WRITE_ERRORS,
    Input,
    PageQuery,
    PathId,
)
from hearth.moderation.access import site_admin_only
from hearth.professionals import actions
from hearth.professionals.access import application_for, verified_members
from hearth.professionals.badges import badge_of
from hearth.professionals.models import DETAILS_MAX, REASON_MAX, TITLE_MAX, Verification, VerificationStatus

router = Router(tags=["professionals"])

VerificationId = PathId
_REFUSED = {"open": 409, "register_url": 409, "nothing": 409, "handled": 409, "own": 409, "not_verified": 409}


# --- What comes in ----------------------------------------------------------------------------


class ProfessionalApply(Input):
    kind: ProfessionalKind
    title: Annotated[
        str,
        Field(pattern=SAYS_SOMETHING, max_length=TITLE_MAX, description='Shown with the badge: "Rheumatology nurse".'),
        NOT_BLANK,
    ]
    details: Annotated[
        str,
        Field(
            pattern=SAYS_SOMETHING,
            max_length=DETAILS_MAX,
            description="How an administrator can check (registration number, workplace); only they read it.",
        ),
        NOT_BLANK,
    ]
    register_url: Annotated[
        str,
        Field(
            pattern=ANY_TEXT,
            max_length=actions.REGISTER_URL_MAX,
            description="A public register or staff page (http or https); may be empty.",
        ),
        STORABLE,
    ] = ""


class ProfessionalVerdict(StrEnum):
    VERIFY = "verify"
    DECLINE = "decline"


class ProfessionalDecide(Input):
    decision: ProfessionalVerdict
    reason: Annotated[
        str,
        Field(
            pattern=SAYS_SOMETHING,
            max_length=REASON_MAX,
            description="How it was checked, or what was missing; the member reads it.",
        ),
        NOT_BLANK,
    ]


class ProfessionalWithdraw(Input):
    reason: Annotated[
        str,
        Field(pattern=SAYS_SOMETHING, max_length=REASON_MAX, description="Why; the member reads it."),
        NOT_BLANK,
    ]


class ProfessionalApplicationsQuery(PageQuery):
    status: VerificationStatus = Field(VerificationStatus.PENDING, description="Waiting ones come oldest first.")


# --- What goes out ----------------------------------------------------------------------------


class ProfessionalOut(Schema):
    handle: str
    name: str
    url: str = Field(description="The member's profile page.")
    kind: ProfessionalKind
    label: str = Field(description='The badge: "Verified clinician".')
    title: str = Field(description='Shown with the badge: "Rheumatology nurse".')


class ProfessionalListOut(Schema):
    url: str
    count: int
    items: list[ProfessionalOut]


class ProfessionalApplicationOut(Schema):
    id: int
    kind: ProfessionalKind
    title: str
    details: str = Field(description="Only the member and administrators read it.")
    register_url: str
    status: VerificationStatus
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decision_reason: str = Field(description="What the administrator said.")
    withdrawn_at: dt.datetime | None
    withdrawal_reason: str


class ProfessionalMineOut(Schema):
    url: str
    verified_as: ProfessionalKind | None = Field(description="Your badge now; null when you carry none.")
    verified_title: str
    application: ProfessionalApplicationOut | None = Field(description="Your latest application, if any.")


class ProfessionalApplicationAdminOut(ProfessionalApplicationOut):
    url: str = Field(description="The page to decide it.")
    member: str = Field(description="The applicant's handle.")
    decided_by: str | None
    withdrawn_by: str | None


class ProfessionalApplicationsOut(Schema):
    url: str
    count: int
    items: list[ProfessionalApplicationAdminOut]


def _fields(verification: Verification) -> dict[str, object]:
    return {
        "id": verification.pk,
        "kind": ProfessionalKind(verification.kind),
        "title": verification.title,
        "details": verification.details,
        "register_url": verification.register_url,
        "status": VerificationStatus(verification.status),
        "created_at": verification.created_at,
        "decided_at": verification.decided_at,
        "decision_reason": verification.decision_reason,
        "withdrawn_at": verification.withdrawn_at,
        "withdrawal_reason": verification.withdrawal_reason,
    }


def _admin_out(verification: Verification) -> ProfessionalApplicationAdminOut:
    decided_by, withdrawn_by = verification.decided_by, verification.withdrawn_by
    return ProfessionalApplicationAdminOut(
        **_fields(verification),  # type: ignore[arg-type]
        url=reverse("professional_application", args=[verification.pk]),
        member=verification.member.handle,
        decided_by=decided_by.handle if decided_by is not None else None,
        withdrawn_by=withdrawn_by.handle if withdrawn_by is not None else None,
    )


def _professional_out(member: User) -> ProfessionalOut:
    badge = badge_of(member)
    return ProfessionalOut(
        handle=member.handle,
        name=member.public_name,
        url=member.get_absolute_url(),
        kind=ProfessionalKind(member.verified_as),
        label=badge.label if badge is not None else "",
        title=member.verified_title,
    )


# --- Operations -------------------------------------------------------------------------------


@router.get(
    "/professionals",
    response={200: ProfessionalListOut, **INVALID},
    auth=None,
    summary="Verified professionals, by handle",
    description="Clinicians, researchers and patient organisations an administrator verified; their badge only.",
)
def professional_list(request: HttpRequest, page: Query[PageQuery]) -> ProfessionalListOut:
    members = verified_members()
    shown = list(members[page.offset : page.offset + page.limit])
    return ProfessionalListOut(
        url=reverse("professional_list"), count=members.count(), items=[_professional_out(m) for m in shown]
    )


@router.post(
    "/professionals/applications",
    response={201: ProfessionalApplicationOut, **WRITE_ERRORS, **CONFLICT},
    summary="Apply to be verified as a clinician, researcher or patient organisation",
    description=(
        "An administrator checks `details` (only they read it). 409 when you already have an application "
        "waiting or a verification standing, or when `register_url` is not an http or https address."
    ),
)
def apply(request: HttpRequest, data: ProfessionalApply) -> Status[ProfessionalApplicationOut]:
    member = member_of(request)
    application = actions.Application(
        kind=data.kind, title=data.title, details=data.details, register_url=data.register_url
    )
    with refused_as(_REFUSED, otherwise=409):
        made = actions.do_apply(member, application)
    return Status(201, ProfessionalApplicationOut(**_fields(made)))  # type: ignore[arg-type]


@router.get(
    "/professionals/me",
    response={200: ProfessionalMineOut, **UNAUTHORISED},
    summary="Your badge and your latest application",
)
def mine(request: HttpRequest) -> ProfessionalMineOut:
    member = member_of(request)
    latest = actions.latest_verification(member)
    return ProfessionalMineOut(
        url=reverse("professional_mine"),
        verified_as=ProfessionalKind(member.verified_as) if member.verified_as else None,
        verified_title=member.verified_title,
        application=ProfessionalApplicationOut(**_fields(latest)) if latest else None,  # type: ignore[arg-type]
    )


@router.delete(
    "/professionals/me/application",
    response={204: None, **WRITE_ERRORS, **CONFLICT},
    summary="Cancel your application while it waits; its details are deleted",
    description="409 when you have no application waiting.",
)
def cancel(request: HttpRequest) -> Status[None]:
    member = member_of(request)
    with refused_as(_REFUSED, otherwise=409):
        actions.do_cancel(member)
    return Status(204, None)


@router.get(
    "/professionals/applications",
    response={200: ProfessionalApplicationsOut, **READ_ERRORS},
    summary="Applications in one state (waiting ones by default, oldest first)",
    description="For site administrators; 404 for everyone else.",
)
def applications(request: HttpRequest, filters: Query[ProfessionalApplicationsQuery]) -> ProfessionalApplicationsOut:
    site_admin_only(member_of(request))
    found = Verification.objects.filter(status=filters.status).select_related("member", "decided_by", "withdrawn_by")
    if filters.status != VerificationStatus.PENDING:
        found = found.order_by("-decided_at", "-pk")
    shown = list(found[filters.offset : filters.offset + filters.limit])
    return ProfessionalApplicationsOut(
        url=reverse("professional_applications"), count=found.count(), items=[_admin_out(v) for v in shown]
    )


@router.get(
    "/professionals/applications/{verification_id}",
    response={200: ProfessionalApplicationAdminOut, **READ_ERRORS},
    summary="One application, with the details to check",
    description="For site administrators; 404 for everyone else.",
)
def application(request: HttpRequest, verification_id: VerificationId) -> ProfessionalApplicationAdminOut:
    return _admin_out(application_for(member_of(request), verification_id))


@router.post(
    "/professionals/applications/{verification_id}/decide",
    response={200: ProfessionalApplicationAdminOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Verify or decline a waiting application",
    description=(
        "Verifying puts the badge on the member at once. `reason` is required and the member reads it. "
        "For site administrators; 404 for everyone else. 409 when it is no longer waiting (who decided is "
        "said) or it is your own."
    ),
)
def decide(
    request: HttpRequest, verification_id: VerificationId, data: ProfessionalDecide
) -> ProfessionalApplicationAdminOut:
    admin = member_of(request)
    found = application_for(admin, verification_id)
    with refused_as(_REFUSED, otherwise=409):
        done = actions.do_decide(admin, found, verify=data.decision == ProfessionalVerdict.VERIFY, reason=data.reason)
    return _admin_out(application_for(admin, done.pk))


@router.post(
    "/professionals/applications/{verification_id}/withdraw",
    response={200: ProfessionalApplicationAdminOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Withdraw a standing verification; the badge goes at once",
    description=(
        "`reason` is required and the member reads it. For site administrators; 404 for everyone else. "
        "409 when it is not a standing verification, or it is your own."
    ),
)
def withdraw(
    request: HttpRequest, verification_id: VerificationId, data: ProfessionalWithdraw
) -> ProfessionalApplicationAdminOut:
    admin = member_of(request)
    found = application_for(admin, verification_id)
    with refused_as(_REFUSED, otherwise=409):
        done = actions.do_withdraw(admin, found, reason=data.reason)
    return _admin_out(application_for(admin, done.pk))
