"""API of treatment figures: one treatment for one condition, and two or three side by side.
Public, like the pages; a figure below the ten-person rule is null, with `contributors_needed`
saying how many members it needs. Unknown, or not used for the condition: 404."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from hearth.api.schemas import NOT_FOUND, READ_ERRORS, explained
from hearth.conditions.models import Condition
from hearth.experiences import comparison, figures
from hearth.experiences.views_figures import NOTE, library_url, report_url
from hearth.privacy.figures import MIN_GROUP
from hearth.treatments.models import Treatment

router = Router(tags=["treatment figures"])


class TreatmentFiguresAnswer(Schema):
    value: str
    label: str
    members: int
    percent: int


class TreatmentFiguresDistribution(Schema):
    """The answers to one question; null below the ten-person rule."""

    key: str
    title: str
    members: int | None = Field(description="Members who answered; null when fewer than 10 did.")
    contributors_needed: int | None = Field(description="10 when the figure is hidden, else null.")
    answers: list[TreatmentFiguresAnswer] | None


class TreatmentFiguresSideEffect(Schema):
    name: str
    members: int
    percent: int = Field(description="Share of all reports naming it.")
    severity: TreatmentFiguresDistribution


class TreatmentFiguresNamed(Schema):
    slug: str
    name: str
    url: str


class TreatmentFiguresOut(Schema):
    """What members who agreed to research use report about a treatment for a condition."""

    treatment: TreatmentFiguresNamed
    condition: TreatmentFiguresNamed
    note: str
    reports: int | None = Field(description="Reports counted; null when fewer than 10.")
    contributors_needed: int | None = Field(description="10 when the figures are hidden, else null.")
    since: dt.date | None
    computed_at: dt.datetime | None
    effectiveness: TreatmentFiguresDistribution
    side_effects: list[TreatmentFiguresSideEffect] = Field(description="Those reported by at least 10 members.")
    rare_side_effects: list[str] = Field(
        description="Side effects the treatment lists, each reported by fewer than 10 members (or none)."
    )
    stopped: int | None
    stop_reasons: TreatmentFiguresDistribution
    duration: TreatmentFiguresDistribution
    missed_doses: TreatmentFiguresDistribution
    burden: TreatmentFiguresDistribution
    cost_band: TreatmentFiguresDistribution
    url: str
    report_url: str
    library_url: str


class TreatmentFiguresTip(Schema):
    text: str
    shared_at: dt.datetime


class TreatmentFiguresWithTips(TreatmentFiguresOut):
    tips: list[TreatmentFiguresTip] = Field(description="The newest tips members chose to share, without names.")


class TreatmentFiguresComparison(Schema):
    condition: TreatmentFiguresNamed
    treatments: list[TreatmentFiguresOut]


SLUG = "[-a-zA-Z0-9_]{1,100}"


class TreatmentFiguresComparisonQuery(Schema):
    t: Annotated[
        str,
        Field(
            pattern=rf"^{SLUG}(,{SLUG}){{1,2}}$",
            max_length=310,
            description="Two or three treatment slugs, separated by commas: `t=hydroxychloroquine,prednisone`.",
        ),
        explained("Give two or three treatment slugs, separated by commas."),
    ]


def _distribution(distribution: figures.Distribution) -> dict[str, object]:
    return {
        "key": distribution.key,
        "title": distribution.title,
        "members": distribution.base,
        "contributors_needed": None if distribution.shown else MIN_GROUP,
        "answers": [vars(share) for share in distribution.shares] if distribution.shown else None,
    }


def _named(thing: Treatment | Condition) -> dict[str, str]:
    return {"slug": thing.slug, "name": thing.name, "url": thing.get_absolute_url()}


def _figures(treatment: Treatment, condition: Condition, shown: figures.Presented) -> dict[str, object]:
    return {
        "treatment": _named(treatment),
        "condition": _named(condition),
        "note": NOTE,
        "reports": shown.contributors,
        "contributors_needed": None if shown.shown else MIN_GROUP,
        "since": shown.since,
        "computed_at": shown.computed_at,
        **{d.key: _distribution(d) for d in shown.distributions},
        "side_effects": [
            {"name": e.name, "members": e.members, "percent": e.percent, "severity": _distribution(e.severity)}
            for e in shown.side_effects
        ],
        "rare_side_effects": list(shown.rare_side_effects),
        "stopped": shown.stopped,
        "url": reverse("treatment_figures", args=[treatment.slug, condition.slug]),
        "report_url": report_url(treatment, condition),
        "library_url": library_url(condition),
    }


def _condition(slug: str) -> Condition:
    # Only a slug is looked up: a path can carry a NUL, which PostgreSQL cannot compare.
    if not slug_re.match(slug):
        raise Http404
    return get_object_or_404(Condition, slug=slug)


@router.get(
    "/treatments/{slug}/conditions/{condition}/figures",
    response={200: TreatmentFiguresWithTips, **READ_ERRORS},
    auth=None,
    summary="What members report about a treatment for a condition",
    description=(
        "Counts of reports by members who agreed to research use. Each figure needs at least 10 members behind "
        "it; below that it is null and `contributors_needed` says 10. 404 when the treatment is not used for "
        "the condition."
    ),
)
def treatment_figures(request: HttpRequest, slug: str, condition: str) -> dict[str, object]:
    found = _condition(condition)
    if not slug_re.match(slug):
        raise Http404
    treatment = get_object_or_404(Treatment, slug=slug, conditions=found)
    summary = figures.summaries_for([treatment.pk], found.pk).get(treatment.pk)
    answer = _figures(treatment, found, figures.presented(summary, treatment.side_effects))
    answer["tips"] = [{"text": text, "shared_at": at} for text, at in figures.tips(treatment.pk, found.pk)]
    return answer


@router.get(
    "/conditions/{condition}/treatment-comparison",
    response={200: TreatmentFiguresComparison, **READ_ERRORS, **NOT_FOUND},
    auth=None,
    summary="Two or three treatments for a condition side by side",
    description=(
        "The same figures as each treatment's own, under the same rule. 404 for an unknown condition or a "
        "treatment not used for it; 422 for the same treatment twice."
    ),
)
def treatment_comparison(
    request: HttpRequest, condition: str, query: Query[TreatmentFiguresComparisonQuery]
) -> dict[str, object]:
    found = _condition(condition)
    try:
        chosen = comparison.choose(found, [query.t])
    except ValidationError as error:
        if error.code == "not_used":
            raise Http404 from error
        raise  # the same treatment twice: 422, saying so
    return {
        "condition": _named(found),
        "treatments": [_figures(c.treatment, found, c.figures) for c in comparison.columns(found, chosen)],
    }
