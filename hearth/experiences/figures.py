"""The figures of a treatment for a condition, drawn from consenting members' treatment reports
and kept in `TreatmentSummary`, so that a treatment page reads one row instead of every report.

`compute` counts in the database (a few GROUP BY and conditional counts, whatever the number of
reports); `refresh` stores the result; `refresh_later` asks the job queue to do it once the
transaction commits, and a request that a newer computation already answered is skipped, so a
burst of changes to one pair costs one computation. `presented` applies the ten-person rule
(hearth.privacy.figures) for pages and the API: a figure below it is None, never its number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, DateField, DurationField, ExpressionWrapper, F, Min, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from hearth.experiences.models import (
    Burden,
    CostBand,
    Effectiveness,
    MissedDoses,
    ReportedSideEffect,
    Severity,
    StopReason,
    TreatmentReport,
    TreatmentSummary,
)
from hearth.privacy.figures import enough_people
from hearth.privacy.research import consenting_members

# How long members have taken a treatment: from started_on to stopped_on, or to today.
DURATIONS: tuple[tuple[str, str, int | None], ...] = (
    ("lt_1m", "Less than a month", 30),
    ("1_6m", "1 to 6 months", 183),
    ("6_12m", "6 to 12 months", 365),
    ("1_2y", "1 to 2 years", 730),
    ("gt_2y", "More than 2 years", None),
)
# The answers counted per report, with the choices they take.
ANSWERED = {"missed_doses": MissedDoses, "burden": Burden, "cost_band": CostBand}


# --- Computing ----------------------------------------------------------------------------------


def consenting_reports(treatment_id: int, condition_id: int) -> QuerySet[TreatmentReport]:
    """The reports that may enter figures: those of active members who consent to research now."""
    return TreatmentReport.objects.filter(
        treatment_id=treatment_id, condition_id=condition_id, member__in=consenting_members()
    ).order_by()


def _counts(reports: QuerySet[TreatmentReport], field: str) -> dict[str, int]:
    """value -> number of reports, blanks left out (one GROUP BY)."""
    rows = reports.exclude(**{field: ""}).values_list(field).annotate(n=Count("pk")).values_list(field, "n")
    return {str(value): int(n) for value, n in rows}


def _totals(reports: QuerySet[TreatmentReport], today: dt.date) -> dict[str, Any]:
    """Counts that are no single column's values, in one pass: reports, stopped ones and why,
    how long members have taken it, and the first report's date."""
    end = Coalesce(F("stopped_on"), Value(today), output_field=DateField())
    span = ExpressionWrapper(end - F("started_on"), output_field=DurationField())
    # A report may give several reasons; each one's quoted name in the JSON list's text is
    # unambiguous (no reason's name is inside another's quotes), and this reads alike on
    # SQLite and PostgreSQL.
    reasons_text = Cast("stop_reasons", output_field=TextField())
    counts: dict[str, Any] = {
        "reports": Count("pk"),
        "since": Min("created_at"),
        "stopped": Count("pk", filter=Q(stopped_on__isnull=False)),
        "with_duration": Count("pk", filter=Q(started_on__isnull=False)),
    }
    for reason in StopReason.values:
        counts[f"stop:{reason}"] = Count("pk", filter=Q(stopped_on__isnull=False, reasons_text__contains=f'"{reason}"'))
    lower: int | None = None
    for key, _label, upper in DURATIONS:
        band = Q(started_on__isnull=False)
        if lower is not None:
            band &= Q(span__gte=dt.timedelta(days=lower))
        if upper is not None:
            band &= Q(span__lt=dt.timedelta(days=upper))
        counts[f"duration:{key}"] = Count("pk", filter=band)
        lower = upper
    return reports.alias(span=span, reasons_text=reasons_text).aggregate(**counts)


def _side_effects(treatment_id: int, condition_id: int) -> list[dict[str, Any]]:
    """Listed side effects (free text could name someone), most reported first, by severity."""
    rows = (
        ReportedSideEffect.objects.filter(
            listed=True,
            report__treatment_id=treatment_id,
            report__condition_id=condition_id,
            report__member__in=consenting_members(),
        )
        .order_by()
        .values_list("name", "severity")
        .annotate(n=Count("pk"))
        .values_list("name", "severity", "n")
    )
    found: dict[str, dict[str, Any]] = {}
    for name, severity, n in rows:
        entry = found.setdefault(name, {"name": name, "members": 0, "severity": {}})
        entry["members"] += n
        entry["severity"][severity] = entry["severity"].get(severity, 0) + n
    return sorted(found.values(), key=lambda entry: (-entry["members"], entry["name"]))


def compute(treatment_id: int, condition_id: int) -> dict[str, Any]:
    """The raw counts (the format `TreatmentSummary.figures` holds) from every consenting report."""
    reports = consenting_reports(treatment_id, condition_id)
    totals = _totals(reports, timezone.localdate())
    answered = {field: _counts(reports, field) for field in ANSWERED}
    since = totals["since"]
    return {
        "reports": totals["reports"],
        "since": timezone.localdate(since).isoformat() if since else None,
        "effectiveness": _counts(reports, "effectiveness"),
        "side_effects": _side_effects(treatment_id, condition_id),
        "stopped": totals["stopped"],
        "stop_reasons": {r: totals[f"stop:{r}"] for r in StopReason.values if totals[f"stop:{r}"]},
        "with_duration": totals["with_duration"],
        "duration": {key: totals[f"duration:{key}"] for key, _, _ in DURATIONS if totals[f"duration:{key}"]},
        **answered,
        "answered": {field: sum(counts.values()) for field, counts in answered.items()},
    }


def refresh(treatment_id: int, condition_id: int) -> TreatmentSummary:
    """Compute the pair's figures now and keep them."""
    started = timezone.now()
    figures = compute(treatment_id, condition_id)
    values = {"contributors": figures["reports"], "figures": figures, "computed_at": started}
    pair = {"treatment_id": treatment_id, "condition_id": condition_id}
    # Race: two workers computing the same pair; the computation that started last is kept.
    if TreatmentSummary.objects.filter(**pair, computed_at__lte=started).update(**values):
        return TreatmentSummary.objects.get(**pair)
    try:
        with transaction.atomic():
            return TreatmentSummary.objects.create(**pair, **values)
    except IntegrityError:  # there is one, from a computation that started after this one
        return TreatmentSummary.objects.get(**pair)


def refresh_if_stale(treatment_id: int, condition_id: int, requested_at: dt.datetime) -> bool:
    """Refresh unless a computation that started after `requested_at` (and so saw every change
    committed before it) is already kept; whether it computed."""
    kept = TreatmentSummary.objects.filter(
        treatment_id=treatment_id, condition_id=condition_id, computed_at__gte=requested_at
    )
    if kept.exists():
        return False
    refresh(treatment_id, condition_id)
    return True


def refresh_later(pairs: Iterable[tuple[int, int]]) -> None:
    """Recompute the figures of these (treatment id, condition id) pairs in the job queue, once
    the transaction commits (nothing is recomputed for a write that rolled back)."""
    wanted = sorted(set(pairs))
    if not wanted:
        return

    def schedule() -> None:
        from hearth.experiences.tasks import refresh_figures

        requested_at = timezone.now()
        for treatment_id, condition_id in wanted:
            refresh_figures(treatment_id, condition_id, requested_at)

    transaction.on_commit(schedule)


def member_pairs(member_id: int) -> list[tuple[int, int]]:
    """Every (treatment id, condition id) a member reported on."""
    rows = TreatmentReport.objects.filter(member_id=member_id).order_by().values_list("treatment_id", "condition_id")
    return list(rows.distinct())


def refresh_member(member_id: int) -> None:
    """Recompute every figure a member's reports enter (after their consent changes, or they leave)."""
    refresh_later(member_pairs(member_id))


def refresh_all() -> int:
    """Recompute every pair that has reports or figures (the daily backstop); how many."""
    pairs = set(TreatmentReport.objects.order_by().values_list("treatment_id", "condition_id").distinct())
    pairs |= set(TreatmentSummary.objects.values_list("treatment_id", "condition_id"))
    for treatment_id, condition_id in sorted(pairs):
        refresh(treatment_id, condition_id)
    return len(pairs)


# --- Showing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """One answer of a distribution: how many gave it and what share of the base that is."""

    value: str
    label: str
    members: int
    percent: int


@dataclass(frozen=True)
class Distribution:
    """The answers to one question; `base` (the members who answered) is None, and `shares`
    empty, below the ten-person rule."""

    key: str
    title: str
    base: int | None
    shares: tuple[Share, ...]
    # Every answer there is, (value, label), shown or not.
    choices: tuple[tuple[str, str], ...]

    @property
    def shown(self) -> bool:
        return self.base is not None

    def percent_of(self, value: str) -> int | None:
        return next((share.percent for share in self.shares if share.value == value), None)


@dataclass(frozen=True)
class SideEffect:
    """A listed side effect: how many members reported it (None below ten) and how severe."""

    name: str
    members: int | None
    percent: int | None
    severity: Distribution


@dataclass(frozen=True)
class Presented:
    """A treatment's figures for a condition as anyone may see them."""

    contributors: int | None
    since: dt.date | None
    computed_at: dt.datetime | None
    distributions: tuple[Distribution, ...]
    side_effects: tuple[SideEffect, ...]
    # Listed side effects below ten members each (or not reported), named without a number.
    rare_side_effects: tuple[str, ...]
    stopped: int | None
    stopped_percent: int | None

    @property
    def shown(self) -> bool:
        return self.contributors is not None

    def distribution(self, key: str) -> Distribution:
        return next(d for d in self.distributions if d.key == key)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _distribution(
    key: str, title: str, counts: dict[str, int], base: int, choices: Iterable[tuple[str, Any]], *, visible: bool
) -> Distribution:
    named = tuple((value, str(label)) for value, label in choices)
    if not (visible and enough_people(base)):
        return Distribution(key, title, None, (), named)
    shares = tuple(
        Share(value, label, counts.get(value, 0), _percent(counts.get(value, 0), base)) for value, label in named
    )
    return Distribution(key, title, base, shares, named)


TITLES = {
    "effectiveness": "How well it worked",
    "duration": "How long members have taken it",
    "stop_reasons": "Why members stopped",
    "missed_doses": "How often doses are missed",
    "burden": "How hard it is to keep up",
    "cost_band": "What it costs",
}


def presented(summary: TreatmentSummary | None, listed_side_effects: Iterable[str] = ()) -> Presented:
    """The figures with the ten-person rule applied: the whole set needs ten contributors, each
    distribution ten answers, each side effect ten members; below, None and no number."""
    raw: dict[str, Any] = summary.figures if summary is not None else {}
    reports = int(raw.get("reports", 0))
    visible = enough_people(reports)
    answered = raw.get("answered", {})
    stopped = int(raw.get("stopped", 0))
    distributions = (
        _distribution(
            "effectiveness", TITLES["effectiveness"], raw.get("effectiveness", {}), reports,
            Effectiveness.choices, visible=visible,
        ),
        _distribution(
            "duration", TITLES["duration"], raw.get("duration", {}), int(raw.get("with_duration", 0)),
            [(key, label) for key, label, _ in DURATIONS], visible=visible,
        ),
        _distribution(
            "stop_reasons", TITLES["stop_reasons"], raw.get("stop_reasons", {}), stopped,
            StopReason.choices, visible=visible,
        ),
        *(
            _distribution(
                field, TITLES[field], raw.get(field, {}), int(answered.get(field, 0)), choices.choices,
                visible=visible,
            )
            for field, choices in ANSWERED.items()
        ),
    )  # fmt: skip
    side_effects = []
    shown_names = set()
    for entry in raw.get("side_effects", []):
        members = int(entry["members"])
        if visible and enough_people(members):
            shown_names.add(entry["name"].casefold())
            severity = _distribution(
                "severity", "How severe", entry["severity"], members, Severity.choices, visible=True
            )
            side_effects.append(SideEffect(entry["name"], members, _percent(members, reports), severity))
    # Only names the treatment lists anyway, so that naming one tells nothing about anybody.
    rare = tuple(name for name in listed_side_effects if name.casefold() not in shown_names)
    since = raw.get("since")
    return Presented(
        contributors=reports if visible else None,
        since=dt.date.fromisoformat(since) if visible and since else None,
        computed_at=summary.computed_at if summary is not None else None,
        distributions=distributions,
        side_effects=tuple(side_effects),
        rare_side_effects=rare,
        stopped=stopped if visible and enough_people(stopped) else None,
        stopped_percent=_percent(stopped, reports) if visible and enough_people(stopped) else None,
    )


def summaries_for(treatment_ids: Iterable[int], condition_id: int) -> dict[int, TreatmentSummary]:
    """The kept figures of these treatments for one condition, in one query."""
    found = TreatmentSummary.objects.filter(condition_id=condition_id, treatment_id__in=list(treatment_ids))
    return {summary.treatment_id: summary for summary in found}


TIPS_SHOWN = 10


def tips(treatment_id: int, condition_id: int, limit: int = TIPS_SHOWN) -> list[tuple[str, dt.datetime]]:
    """The newest tips members chose to share, as text and date only (never who wrote them)."""
    rows = (
        # `share_tip__in`, not `share_tip=True`: Django writes the latter as a bare column, which
        # SQLite cannot match to the index on (treatment, condition, share_tip, -updated_at), and
        # would then sort every shared report to find the newest ten.
        TreatmentReport.objects.filter(
            treatment_id=treatment_id, condition_id=condition_id, share_tip__in=[True], member__is_active=True
        )
        .exclude(tip="")
        .order_by("-updated_at")
        .values_list("tip", "updated_at")
    )
    return list(rows[:limit])
