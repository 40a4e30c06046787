"""Public pages of treatment figures: one treatment for one condition, and two or three side by
side. They read the kept figures (`TreatmentSummary`), never every report; a treatment that is
not used for the condition, or anything unknown, answers 404."""

from __future__ import annotations

import hashlib
from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET
from redis.exceptions import RedisError

from hearth.conditions.models import Condition
from hearth.experiences import comparison, figures
from hearth.experiences.models import TreatmentSummary
from hearth.privacy.figures import HIDDEN
from hearth.treatments.models import Treatment

DRAWN_FOR = 24 * 60 * 60  # seconds; a new computation has a new key anyway
NOTE = "Patient-reported experiences, not medical advice; talk with your clinician."

# The drawing of a distribution: one bar per answer, its label and number written beside it.
BAR_HEIGHT = 22
ROW_HEIGHT = 30
LABEL_WIDTH = 230
BAR_SPACE = 280


def report_url(treatment: Treatment, condition: Condition) -> str:
    base = reverse("treatment_report_new")
    return f"{base}?{urlencode({'treatment': treatment.slug, 'condition': condition.slug})}"


def library_url(condition: Condition) -> str:
    return reverse("evidence_library", args=[condition.slug])


def linked_pair(slug: str, condition_slug: str) -> tuple[Treatment, Condition]:
    """The treatment and the condition, when the catalogue links them; else 404."""
    condition = get_object_or_404(Condition, slug=condition_slug)
    treatment = get_object_or_404(Treatment, slug=slug, conditions=condition)
    return treatment, condition


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: int

    @property
    def baseline(self) -> int:
        return self.y + 16

    @property
    def text_x(self) -> int:
        return LABEL_WIDTH + 10 + self.width + 8


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart of one distribution, drawn in the page as SVG."""

    key: str
    title: str
    summary: str  # the same numbers in words, for the image's text alternative
    bars: tuple[Bar, ...]
    height: int
    label_width: int = LABEL_WIDTH
    bar_x: int = LABEL_WIDTH + 10
    bar_space: int = BAR_SPACE
    bar_height: int = BAR_HEIGHT
    width: int = LABEL_WIDTH + BAR_SPACE + 130


def _chart(key: str, title: str, rows: list[tuple[str, int, str]]) -> Chart:
    """`rows`: (label, percent, text written beside the bar)."""
    bars = tuple(
        Bar(label, text, 4 + n * ROW_HEIGHT, round(BAR_SPACE * percent / 100))
        for n, (label, percent, text) in enumerate(rows)
    )
    summary = f"{title}: " + "; ".join(f"{label}, {text}" for label, _, text in rows) + "."
    return Chart(key, title, summary, bars, 8 + len(rows) * ROW_HEIGHT)


def distribution_chart(distribution: figures.Distribution) -> Chart:
    rows = [(s.label, s.percent, f"{s.percent}% ({s.members:,})") for s in distribution.shares]
    return _chart(distribution.key, distribution.title, rows)


def side_effect_chart(shown: figures.Presented) -> Chart:
    rows = [(e.name, e.percent or 0, f"{e.percent}% ({e.members:,})") for e in shown.side_effects]
    return _chart("side_effects", "Most reported side effects", rows)


@dataclass(frozen=True)
class Figure:
    distribution: figures.Distribution
    chart: Chart | None
    note: str = ""
    lead: str = ""


NOTES = {
    "stop_reasons": "Among members who stopped; a member may give several reasons, so shares add up to more than 100%.",
    "duration": "From when members started to when they stopped, or to today.",
}


def _lead(key: str, shown: figures.Presented) -> str:
    if key != "stop_reasons" or not shown.shown:
        return ""
    if shown.stopped is None:
        return f"{HIDDEN.capitalize()} members have stopped taking it."
    return f"{shown.stopped:,} members ({shown.stopped_percent}% of reports) have stopped taking it."


class Drawing:
    """The page's charts, drawn only when the page's cached fragment for these figures is missing."""

    def __init__(self, shown: figures.Presented) -> None:
        self.shown = shown

    @cached_property
    def sections(self) -> list[Figure]:
        shown = self.shown
        return [
            Figure(d, distribution_chart(d) if d.shown else None, NOTES.get(d.key, ""), _lead(d.key, shown))
            for d in shown.distributions
        ]

    @cached_property
    def side_effect_chart(self) -> Chart | None:
        return side_effect_chart(self.shown) if self.shown.side_effects else None


def _fragment_key(treatment: Treatment, condition: Condition, summary: TreatmentSummary | None) -> str:
    """What the drawn figures depend on: the computation they come from, and the side effects the
    treatment lists (named when fewer than 10 members reported them)."""
    computed = summary.computed_at.isoformat() if summary is not None else "none"
    return f"{treatment.pk}:{condition.pk}:{computed}:{'|'.join(treatment.side_effects or [])}"


def drawn(key: str, context: dict[str, object]) -> SafeString:
    """The charts and tables, drawn once per computation and kept in the cache; drawn afresh when
    the cache is away, so the page never depends on it."""
    cache_key = "treatment-figures:" + hashlib.sha256(key.encode()).hexdigest()
    kept = None
    with suppress(RedisError):
        kept = cache.get(cache_key)
    if kept is None:
        kept = render_to_string("experiences/_figures_drawn.html", context)
        with suppress(RedisError):
            cache.set(cache_key, kept, DRAWN_FOR)
    return mark_safe(kept)  # noqa: S308  (our template's output, escaped when it was rendered)


@require_GET
def treatment_figures(request: HttpRequest, slug: str, condition: str) -> HttpResponse:
    treatment, found = linked_pair(slug, condition)
    summary = figures.summaries_for([treatment.pk], found.pk).get(treatment.pk)
    shown = figures.presented(summary, treatment.side_effects)
    context = {
        "treatment": treatment,
        "condition": found,
        "figures": shown,
        "tips": figures.tips(treatment.pk, found.pk),
        "note": NOTE,
        "report_url": report_url(treatment, found),
        "library_url": library_url(found),
        "compare_url": reverse("treatment_compare", args=[found.slug]) + "?" + urlencode({"with": treatment.slug}),
    }
    context["drawn"] = drawn(_fragment_key(treatment, found, summary), {**context, "drawing": Drawing(shown)})
    return render(request, "experiences/figures.html", context)


@require_GET
def treatment_compare(request: HttpRequest, condition: str) -> HttpResponse:
    found = get_object_or_404(Condition, slug=condition)
    options = list(Treatment.objects.filter(conditions=found).only("slug", "name"))
    asked = request.GET.getlist("t")
    context: dict[str, object] = {"condition": found, "options": options, "note": NOTE}
    status = 200
    if asked:
        try:
            chosen = comparison.choose(found, asked)
        except ValidationError as error:
            context["error"] = error.messages[0]
            status = 400
        else:
            columns = comparison.columns(found, chosen)
            context.update(columns=columns, sections=comparison.sections(columns))
        ticked = set(comparison.asked_slugs(asked))
    else:
        ticked = {value for value in request.GET.getlist("with") if slug_re.match(value)}
    context["ticked"] = ticked
    context["library_url"] = library_url(found)
    return render(request, "experiences/compare.html", context, status=status)
