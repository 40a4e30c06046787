"""API for the conditions catalogue: search and detail."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from hearth.api.schemas import INVALID, NOT_FOUND
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
    q: str = Field(min_length=1, max_length=100, description="A name, synonym or ICD-10-CM code.")
    limit: int = Field(20, ge=1, le=50)


@router.get("/conditions", response={200: list[ConditionOut], **INVALID}, auth=None, summary="Search conditions")
def list_conditions(request: HttpRequest, filters: Query[ConditionQuery]) -> list[Condition]:
    return search_conditions(filters.q, limit=filters.limit)


@router.get("/conditions/{slug}", response={200: ConditionOut, **NOT_FOUND}, auth=None, summary="A condition")
def get_condition(request: HttpRequest, slug: str) -> Condition:
    return get_object_or_404(Condition, slug=slug)
