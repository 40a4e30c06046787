"""API for "patients like me": a discoverable member's matches, each with the reasons for it.

Reciprocal, as the page is: a member who does not let others find them gets 403 and no one.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from hearth.accounts.access import member_of
from hearth.api.schemas import FORBIDDEN, INVALID, NOT_FOUND, TOO_MANY, UNAUTHORISED
from hearth.conditions.models import Condition
from hearth.profiles.matching import MAX_RESULTS, NotDiscoverable, search_matches
from hearth.profiles.models import ProfileCondition

router = Router(tags=["profiles"])

MAX_LIMIT = 50


class MatchOut(Schema):
    handle: str
    name: str = Field(description="The display name, or the handle when there is none.")
    url: str = Field(description="The member's profile page.")
    score: float = Field(
        description="How much the two of you share; higher is closer. Only comparable within one list."
    )
    reasons: list[str] = Field(description='What you share, in words: "both living with lupus since about 2019".')


class MatchPage(Schema):
    items: list[MatchOut]


class MatchQuery(Schema):
    # Empty rather than optional: a query parameter is always a string, and the document says so.
    condition: str = Field(
        "",
        pattern=r"^[-a-zA-Z0-9_]*$",
        max_length=100,
        description="Only members who share this one of your conditions (its slug).",
    )
    role: Literal["", "patient", "caregiver", "clinician", "researcher"] = Field(
        "", description="Only members who show you this role."
    )
    region: Annotated[str, Field(pattern=r"^([A-Z]{2}(-[A-Z0-9]{1,3})?)?$", max_length=6)] = Field(
        "",
        description="Only members who show you that they live there: an ISO 3166-2 region, or a country's two letters.",
    )
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_RESULTS - 1, description=f"Matches go {MAX_RESULTS} deep at most.")


@router.get(
    "/profile/like-me",
    response={200: MatchPage, **UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID, **TOO_MANY},
    summary="Patients like me: your matches, closest first",
    description=(
        "Discoverable members who share your conditions, ranked by what they share (rarer conditions "
        "weigh more; then treatments, symptoms, age range and role), each with the reasons. Only what "
        "each member lets you see takes part. 403 when you do not let others find you (matching is "
        "reciprocal); 404 for a condition that is not on your profile; 429 past the hourly limit of "
        "searches, with Retry-After."
    ),
)
def patients_like_me(request: HttpRequest, filters: Query[MatchQuery]) -> dict[str, Any]:
    user = member_of(request)
    condition = None
    if filters.condition:
        own = ProfileCondition.objects.filter(profile_id=user.pk).values("condition_id")
        condition = Condition.objects.filter(slug=filters.condition, pk__in=own).first()
        if condition is None:
            raise HttpError(404, "That condition is not on your profile.")
    try:
        matches = search_matches(
            user,
            condition=condition,
            role=filters.role or None,
            region=filters.region or None,
            limit=filters.limit,
            offset=filters.offset,
        )
    except NotDiscoverable as error:
        raise HttpError(403, str(error)) from error
    items = [
        {
            "handle": match.member.handle,
            "name": match.member.public_name,
            "url": match.member.get_absolute_url(),
            "score": match.score,
            "reasons": list(match.reasons),
        }
        for match in matches
    ]
    return {"items": items}
