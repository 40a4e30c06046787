"""API for profiles: a member's profile as the caller may see it, and one's own profile to edit.

A part of a profile the caller may not see is `null` and absent from `shown`; it is never sent.
Refusals the document cannot foresee (an unknown condition, a year in the future) are 404 or 409.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field, StrictBool

from hearth.accounts.access import member_of
from hearth.api.auth import OPEN_TO_ANYONE, viewer_of
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    ANY_TEXT,
    CONFLICT,
    NOT_FOUND,
    READ_ERRORS,
    STORABLE,
    TOO_MANY,
    UNAUTHORISED,
    WRITE_ERRORS,
    Id,
    Input,
    IsoDate,
    Slug,
)
from hearth.profiles import actions
from hearth.profiles.access import PREVIEWS, profile_for
from hearth.profiles.display import ConditionLine, SymptomLine, TreatmentLine, VisibleProfile, visible_profile
from hearth.profiles.guard import note_profile_view
from hearth.profiles.models import (
    BIO_MAX,
    FIELD_DEFAULTS,
    INTEREST_MAX_LENGTH,
    INTERESTS_MAX,
    AgeRange,
    MessagesFrom,
    ProfileRole,
    ProfileTreatment,
)

router = Router(tags=["profiles"])

# What each refusal of an action means for a request the document allows.
_REFUSALS = {
    "unknown_condition": 404,
    "unknown_treatment": 404,
    "unknown_symptom": 404,
    "future_year": 409,
    "future_start": 409,
    "future_stop": 409,
    "stop_before_start": 409,
    "too_many": 409,
    "country": 404,
    "region": 404,
    "too_fine": 409,
}


class ProfileConditionOut(Schema):
    slug: str
    name: str
    url: str
    diagnosed_year: int | None


class ProfileTreatmentOut(Schema):
    id: int
    slug: str
    name: str
    url: str
    started_on: str | None
    stopped_on: str | None


class ProfileSymptomOut(Schema):
    slug: str
    name: str


class ProfileOut(Schema):
    """A member's profile as the caller may see it."""

    handle: str
    name: str
    url: str
    member_since: str
    shown: list[str] = Field(description="The parts the caller may see; the others are null.")
    bio: str | None
    role: str | None
    caregiver_of: str | None
    age_range: str | None
    country: str | None
    region: str | None
    interests: list[str] | None
    avatar_url: str | None
    conditions: list[ProfileConditionOut] | None
    treatments: list[ProfileTreatmentOut] | None
    symptoms: list[ProfileSymptomOut] | None


VisibilityName = Literal[
    "bio", "avatar", "role", "interests", "age_range", "place", "conditions", "treatments", "symptoms"
]


# Who sees a part, spelled out here: the communities' own `Visibility` is another list.
Audience = Literal["public", "communities", "connections", "only_me"]


class OwnProfileOut(ProfileOut):
    visibility: dict[str, str] = Field(description="Who sees each part: public, communities, connections, only_me.")
    discoverable: bool
    messages_from: str


Text = Annotated[str, Field(pattern=ANY_TEXT, max_length=BIO_MAX), STORABLE]
Interest = Annotated[str, Field(pattern=ANY_TEXT, max_length=INTEREST_MAX_LENGTH), STORABLE]


class ProfilePatch(Input):
    bio: Text | None = None
    role: ProfileRole | Literal[""] | None = None
    caregiver_of: Annotated[str, Field(pattern=ANY_TEXT, max_length=80), STORABLE] | None = None
    age_range: AgeRange | Literal[""] | None = None
    country: Annotated[str, Field(pattern=r"^([A-Z]{2})?$")] | None = None
    region: Annotated[str, Field(pattern=r"^([A-Z]{2}-[A-Z0-9]{1,3})?$")] | None = None
    interests: Annotated[list[Interest], Field(max_length=INTERESTS_MAX)] | None = None
    messages_from: MessagesFrom | None = None
    discoverable: StrictBool | None = None
    visibility: dict[VisibilityName, Audience] | None = None


class ConditionIn(Input):
    condition: Slug
    diagnosed_year: Annotated[int, Field(ge=actions.EARLIEST_YEAR, le=9999)] | None = None


class TreatmentIn(Input):
    treatment: Slug
    started_on: IsoDate | None = None
    stopped_on: IsoDate | None = None


class TreatmentDatesIn(Input):
    started_on: IsoDate | None = None
    stopped_on: IsoDate | None = None


class SymptomsIn(Input):
    symptoms: Annotated[list[Slug], Field(max_length=actions.SYMPTOMS_MAX)]


class PreviewQuery(Schema):
    as_: Literal["stranger", "community", "connection"] | None = Field(None, alias="as")


class PictureOut(Schema):
    url: str
    width: int
    height: int


def _own(request: HttpRequest) -> dict[str, Any]:
    user = member_of(request)
    view = profile_for(user, user.handle)
    return _as_dict(visible_profile(view)) | {
        "visibility": {field: view.profile.visibility_of(field) for field in FIELD_DEFAULTS},
        "discoverable": view.profile.discoverable,
        "messages_from": view.profile.messages_from,
    }


def _as_dict(shown: VisibleProfile) -> dict[str, Any]:
    return {
        name: getattr(shown, name)
        for name in ProfileOut.model_fields
        if name not in {"conditions", "treatments", "symptoms"}
    } | {
        "conditions": None if shown.conditions is None else [vars(c) for c in shown.conditions],
        "treatments": None if shown.treatments is None else [vars(t) for t in shown.treatments],
        "symptoms": None if shown.symptoms is None else [vars(s) for s in shown.symptoms],
    }


@router.get(
    "/members/{handle}/profile",
    response={200: ProfileOut, **READ_ERRORS, **TOO_MANY},
    **OPEN_TO_ANYONE,
    summary="A member's profile as you may see it",
    description="`as` (stranger, community, connection) shows your own profile as such a person sees it.",
)
def member_profile(
    request: HttpRequest,
    handle: Annotated[str, Field(pattern=ANY_TEXT, max_length=60), STORABLE],
    query: Query[PreviewQuery],
) -> dict[str, Any]:
    viewer = viewer_of(request)
    view = profile_for(viewer, handle, preview=query.as_ if query.as_ in PREVIEWS else None)
    note_profile_view(request, viewer, view.member)
    return _as_dict(visible_profile(view))


@router.get("/profile", response={200: OwnProfileOut, **UNAUTHORISED}, summary="Your own profile, all of it")
def own_profile(request: HttpRequest) -> dict[str, Any]:
    return _own(request)


@router.patch(
    "/profile", response={200: OwnProfileOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT}, summary="Change your profile"
)
def update_profile(request: HttpRequest, changes: ProfilePatch) -> dict[str, Any]:
    user = member_of(request)
    with refused_as(_REFUSALS):
        actions.do_update_profile(
            user,
            actions.ProfileInput(
                bio=changes.bio,
                role=changes.role,
                caregiver_of=changes.caregiver_of,
                age_range=changes.age_range,
                country=changes.country,
                region=changes.region,
                interests=changes.interests,
                messages_from=changes.messages_from,
                discoverable=changes.discoverable,
                visibility={str(k): str(v) for k, v in (changes.visibility or {}).items()},
            ),
        )
    return _own(request)


@router.post(
    "/profile/conditions",
    response={201: ProfileConditionOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Add a condition (or change its year)",
)
def add_condition(request: HttpRequest, data: ConditionIn) -> Status[ConditionLine]:
    with refused_as(_REFUSALS):
        entry = actions.do_add_condition(member_of(request), data.condition, data.diagnosed_year)
    condition = entry.condition
    return Status(
        201, ConditionLine(condition.slug, condition.name, condition.get_absolute_url(), entry.diagnosed_year)
    )


@router.delete(
    "/profile/conditions/{slug}", response={204: None, **WRITE_ERRORS, **NOT_FOUND}, summary="Remove a condition"
)
def remove_condition(request: HttpRequest, slug: Slug) -> Status[None]:
    if not actions.do_remove_condition(member_of(request), slug):
        raise Http404
    return Status(204, None)


def _treatment_line(entry: ProfileTreatment) -> TreatmentLine:
    return TreatmentLine(
        entry.pk,
        entry.treatment.slug,
        entry.treatment.name,
        reverse("treatment_detail", args=[entry.treatment.slug]),
        entry.started_on.isoformat() if entry.started_on else None,
        entry.stopped_on.isoformat() if entry.stopped_on else None,
    )


@router.post(
    "/profile/treatments",
    response={201: ProfileTreatmentOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Add a treatment, with its dates",
)
def add_treatment(request: HttpRequest, data: TreatmentIn) -> Status[TreatmentLine]:
    with refused_as(_REFUSALS):
        entry = actions.do_add_treatment(member_of(request), data.treatment, data.started_on, data.stopped_on)
    return Status(201, _treatment_line(entry))


@router.patch(
    "/profile/treatments/{treatment_id}",
    response={200: ProfileTreatmentOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Change a treatment's dates",
)
def update_treatment(request: HttpRequest, treatment_id: Id, data: TreatmentDatesIn) -> TreatmentLine:
    try:
        with refused_as(_REFUSALS):
            entry = actions.do_update_treatment(
                member_of(request), treatment_id, started_on=data.started_on, stopped_on=data.stopped_on
            )
    except ProfileTreatment.DoesNotExist:
        raise Http404 from None
    return _treatment_line(entry)


@router.delete(
    "/profile/treatments/{treatment_id}",
    response={204: None, **WRITE_ERRORS, **NOT_FOUND},
    summary="Remove a treatment",
)
def remove_treatment(request: HttpRequest, treatment_id: Id) -> Status[None]:
    if not actions.do_remove_treatment(member_of(request), treatment_id):
        raise Http404
    return Status(204, None)


@router.put(
    "/profile/symptoms",
    response={200: list[ProfileSymptomOut], **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Replace your symptoms",
)
def set_symptoms(request: HttpRequest, data: SymptomsIn) -> list[SymptomLine]:
    with refused_as(_REFUSALS):
        symptoms = actions.do_set_symptoms(member_of(request), data.symptoms)
    return [SymptomLine(s.slug, s.name) for s in sorted(symptoms, key=lambda s: s.name)]


@router.post(
    "/profile/picture",
    response={200: PictureOut, **WRITE_ERRORS, **CONFLICT},
    summary="Set your picture (multipart, field `picture`; JPEG, PNG, WebP or GIF up to 5 MB)",
)
def set_picture(request: HttpRequest, picture: File[UploadedFile]) -> PictureOut:
    user = member_of(request)
    # What no schema can say (the bytes are no picture, or a bomb) is 409, as the API's rule goes.
    with refused_as({"too_big": 413}, otherwise=409):
        avatar = actions.do_set_avatar(user, picture, size=picture.size)
    return PictureOut(url=f"/members/{user.handle}/picture", width=avatar.width, height=avatar.height)


@router.delete("/profile/picture", response={204: None, **WRITE_ERRORS, **NOT_FOUND}, summary="Remove your picture")
def remove_picture(request: HttpRequest) -> Status[None]:
    if not actions.do_remove_avatar(member_of(request)):
        raise Http404
    return Status(204, None)
