"""API for the conditions catalogue: search and detail."""

from __future__ import annotations

from typing import Annotated

from django.core.validators import slug_re
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from hearth.api.schemas import ANY_TEXT, INVALID, NOT_FOUND, STORABLE
from hearth.conditions.models import Condition
from hearth.conditions.search import search_conditions

router = Router(tags=["conditions"])


class ConditionOut(Schema):
    slug: str
    name: str
    lay_name: str
    synonyms: list[str]
    icd10cm: list[str]
    category: str
    url: str

    @staticmethod
    def resolve_url(obj: Condition) -> str:
        return obj.get_absolute_url()


class ConditionQuery(Schema):
    q: Annotated[
        str,
        Field(pattern=ANY_TEXT, min_length=1, max_length=100, description="A name, synonym or ICD-10-CM code."),
        STORABLE,
    ]
    limit: int = Field(20, ge=1, le=50)


@router.get("/conditions", response={200: list[ConditionOut], **INVALID}, auth=None, summary="Search conditions")
def list_conditions(request: HttpRequest, filters: Query[ConditionQuery]) -> list[Condition]:
    return search_conditions(filters.q, limit=filters.limit)


@router.get("/conditions/{slug}", response={200: ConditionOut, **NOT_FOUND}, auth=None, summary="A condition")
def get_condition(request: HttpRequest, slug: str) -> Condition:
    # Only a slug is looked up: a path can carry a NUL, which PostgreSQL cannot compare.
    if not slug_re.match(slug):
        raise Http404
    return get_object_or_404(Condition, slug=slug)
