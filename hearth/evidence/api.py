"""API of the evidence library: a condition's library and one entry, for anyone; adding, editing,
marking reviewed and removing, for those who may curate the condition's library
(`hearth.evidence.access`). To everyone else those writes answer 404, as a removed entry does;
what the document cannot foresee (an address already in the library, a treatment not used for
the condition, a date in the future) answers 409."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from hearth.accounts.access import member_of
from hearth.api.auth import OPEN_TO_ANYONE, viewer_of
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    ANY_TEXT,
    CONFLICT,
    NOT_BLANK,
    NOT_FOUND,
    READ_ERRORS,
    SAYS_SOMETHING,
    STORABLE,
    WRITE_ERRORS,
    Id,
    Input,
    IsoDate,
    Slug,
)
from hearth.evidence import access, actions
from hearth.evidence.models import SOURCE_MAX, SUMMARY_MAX, TITLE_MAX, EntryKind, EvidenceEntry
from hearth.moderation.models import URL_MAX

router = Router(tags=["evidence"])

Title = Annotated[str, Field(pattern=SAYS_SOMETHING, max_length=TITLE_MAX), NOT_BLANK]
SourceUrl = Annotated[
    str,
    Field(pattern=ANY_TEXT, max_length=URL_MAX, description="The resource's own address: http:// or https://."),
    STORABLE,
]
Source = Annotated[
    str, Field(pattern=SAYS_SOMETHING, max_length=SOURCE_MAX, description='Who published it, e.g. "NICE".'), NOT_BLANK
]
Summary = Annotated[
    str, Field(pattern=SAYS_SOMETHING, max_length=SUMMARY_MAX, description="In plain words; plain text."), NOT_BLANK
]
TreatmentSlugs = list[Slug]
_REFUSALS = {"duplicate": 409, "removed": 409, "treatments": 409, "last_reviewed_on": 409}


class EvidenceTreatmentOut(Schema):
    slug: str
    name: str
    url: str


class EvidenceEntryOut(Schema):
    id: int
    condition: str = Field(description="The condition's slug.")
    kind: EntryKind
    title: str
    source_url: str = Field(description="Where the resource itself is, on another site.")
    source: str
    summary: str
    added_by: str | None = Field(description="The handle of who added it; null for a former member.")
    added_by_verified_as: str = Field(description="Their verified role (clinician, ...), or empty.")
    last_reviewed_on: dt.date
    treatments: list[EvidenceTreatmentOut]
    removed: bool = Field(description="Removed from the library (only those who curate it see such an entry).")
    url: str = Field(description="The entry's page in the library.")


class EvidenceEntryIn(Input):
    kind: EntryKind
    title: Title
    source_url: SourceUrl
    source: Source
    summary: Summary
    treatments: TreatmentSlugs = Field(
        default_factory=list, max_length=actions.TREATMENTS_MAX, description="Slugs of treatments used for it."
    )
    last_reviewed_on: IsoDate | None = Field(None, description="Not in the future; today when left out.")


class EvidenceEntryPatch(Input):
    kind: EntryKind | None = None
    title: Title | None = None
    source_url: SourceUrl | None = None
    source: Source | None = None
    summary: Summary | None = None
    treatments: TreatmentSlugs | None = Field(None, max_length=actions.TREATMENTS_MAX)
    last_reviewed_on: IsoDate | None = None


def _out(entry: EvidenceEntry) -> EvidenceEntryOut:
    added_by = entry.added_by if entry.added_by is not None and entry.added_by.is_active else None
    return EvidenceEntryOut(
        id=entry.pk,
        condition=entry.condition.slug,
        kind=EntryKind(entry.kind),
        title=entry.title,
        source_url=entry.url,
        source=entry.source,
        summary=entry.summary,
        added_by=added_by.handle if added_by else None,
        added_by_verified_as=added_by.verified_as if added_by else "",
        last_reviewed_on=entry.last_reviewed_on,
        treatments=[
            EvidenceTreatmentOut(slug=t.slug, name=t.name, url=t.get_absolute_url()) for t in entry.treatments.all()
        ],
        removed=entry.removed_at is not None,
        url=entry.get_absolute_url(),
    )


def _reloaded(entry: EvidenceEntry) -> EvidenceEntry:
    return EvidenceEntry.objects.select_related("condition", "added_by").prefetch_related("treatments").get(pk=entry.pk)


@router.get(
    "/conditions/{condition}/evidence",
    response={200: list[EvidenceEntryOut], **READ_ERRORS},
    summary="A condition's evidence library",
    description="Its entries (not those removed), by kind then title. 404 for an unknown condition.",
    **OPEN_TO_ANYONE,
)
def list_entries(request: HttpRequest, condition: Slug) -> list[EvidenceEntryOut]:
    return [_out(entry) for entry in access.shown_entries(access.condition_for(condition))]


@router.post(
    "/conditions/{condition}/evidence",
    response={201: EvidenceEntryOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Add to a condition's evidence library",
    description=(
        "For verified professionals, administrators and moderators of a community about the condition; "
        "404 for others. 409 for an address already in its library, a treatment not used for it, or a "
        "last-reviewed date in the future."
    ),
)
def add_entry(request: HttpRequest, condition: Slug, data: EvidenceEntryIn) -> Status[EvidenceEntryOut]:
    user = member_of(request)
    found = access.condition_to_curate(user, condition)
    given = actions.EntryInput(
        kind=data.kind,
        title=data.title,
        url=data.source_url,
        source=data.source,
        summary=data.summary,
        treatments=tuple(data.treatments),
        last_reviewed_on=data.last_reviewed_on,
    )
    with refused_as(_REFUSALS, otherwise=409):
        entry = actions.do_add_entry(user, found, given)
    return Status(201, _out(_reloaded(entry)))


@router.get(
    "/evidence/{entry_id}",
    response={200: EvidenceEntryOut, **READ_ERRORS},
    summary="An entry of the evidence library",
    description="404 for a removed entry, except to those who curate its condition's library.",
    **OPEN_TO_ANYONE,
)
def get_entry(request: HttpRequest, entry_id: Id) -> EvidenceEntryOut:
    return _out(access.entry_for(viewer_of(request), entry_id))


@router.patch(
    "/evidence/{entry_id}",
    response={200: EvidenceEntryOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Edit an entry of the evidence library",
    description="Fields left out stay as they are. 404 to those who may not curate it; 409 once removed.",
)
def edit_entry(request: HttpRequest, entry_id: Id, data: EvidenceEntryPatch) -> EvidenceEntryOut:
    user = member_of(request)
    entry = access.entry_to_curate(user, entry_id)
    given = actions.EntryInput(
        kind=data.kind if data.kind is not None else entry.kind,
        title=data.title if data.title is not None else entry.title,
        url=data.source_url if data.source_url is not None else entry.url,
        source=data.source if data.source is not None else entry.source,
        summary=data.summary if data.summary is not None else entry.summary,
        treatments=tuple(data.treatments if data.treatments is not None else (t.slug for t in entry.treatments.all())),
        last_reviewed_on=data.last_reviewed_on,
    )
    with refused_as(_REFUSALS, otherwise=409):
        entry = actions.do_edit_entry(user, entry, given)
    return _out(_reloaded(entry))


@router.post(
    "/evidence/{entry_id}/review",
    response={200: EvidenceEntryOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Mark an entry of the evidence library reviewed today",
    description="404 to those who may not curate it; 409 once removed.",
)
def review_entry(request: HttpRequest, entry_id: Id) -> EvidenceEntryOut:
    user = member_of(request)
    entry = access.entry_to_curate(user, entry_id)
    with refused_as(_REFUSALS, otherwise=409):
        entry = actions.do_review_entry(user, entry)
    return _out(_reloaded(entry))


@router.delete(
    "/evidence/{entry_id}",
    response={204: None, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Remove an entry from the evidence library",
    description=(
        "For administrators, moderators of a community about its condition, and whoever added it; 404 for "
        "others. 409 when it was removed already."
    ),
)
def remove_entry(request: HttpRequest, entry_id: Id) -> Status[None]:
    user = member_of(request)
    entry = access.entry_to_remove(user, entry_id)
    with refused_as(_REFUSALS, otherwise=409):
        actions.do_remove_entry(user, entry)
    return Status(204, None)
