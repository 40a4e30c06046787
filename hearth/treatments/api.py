"""API for the treatments and symptoms catalogues: search and detail."""

from __future__ import annotations

from typing import Annotated

from django.core.validators import slug_re
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from hearth.api.schemas import ANY_TEXT, INVALID, NOT_FOUND, STORABLE, Slug
from hearth.conditions.models import Condition, Symptom
from hearth.conditions.symptoms import search_symptoms
from hearth.treatments.models import Kind, Treatment
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
