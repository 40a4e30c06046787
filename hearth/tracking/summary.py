"""The summary a member prints (or shares) for their next visit: a chart and weekly table per
series they chose, the medication changes of the period, the doses missed, and only the notes
they picked. Built once here as a frozen dataclass that the member's page and the shared page
both render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Q

from hearth.accounts.models import User
from hearth.tracking.charts import ChartData, MedicationChange, chart_data, medication_changes, show_day
from hearth.tracking.models import CheckIn, DoseTaken
from hearth.tracking.series import Series, local_today, measure_series, symptom_series, tracked_symptom_ids

DEFAULT_DAYS = 90
MAX_DAYS = 731  # two years
MAX_SERIES = 12
MAX_SERIES_A_TABLE = 4


@dataclass(frozen=True)
class Note:
    day: dt.date
    text: str


@dataclass(frozen=True)
class DoseCount:
    treatment: str
    missed: int
    recorded: int


@dataclass(frozen=True)
class VisitSummary:
    name: str
    start: dt.date
    end: dt.date
    # The chosen series in groups of up to four: each group is one weekly table (and its facts).
    charts: tuple[ChartData, ...]
    changes: tuple[MedicationChange, ...]
    doses: tuple[DoseCount, ...]
    notes: tuple[Note, ...]

    @property
    def period_text(self) -> str:
        return f"{show_day(self.start)} to {show_day(self.end)}"


def default_period(member: User) -> tuple[dt.date, dt.date]:
    end = local_today(member)
    return end - dt.timedelta(days=DEFAULT_DAYS - 1), end


def check_period(member: User, start: dt.date, end: dt.date) -> None:
    """ValidationError keyed by field when the period cannot be summarised."""
    if end > local_today(member):
        raise ValidationError({"end": "The last day cannot be in the future."})
    if start > end:
        raise ValidationError({"start": "The first day must come before the last day."})
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationError({"start": "Choose a period of at most two years."})


def default_series(member: User) -> list[Series]:
    """Pain and sleep, then the member's symptoms."""
    from hearth.conditions.models import Symptom

    symptoms = Symptom.objects.filter(pk__in=tracked_symptom_ids(member)).order_by("name")
    return [measure_series("pain"), measure_series("sleep"), *(symptom_series(one) for one in symptoms)]


def notes_in(member: User, start: dt.date, end: dt.date) -> list[Note]:
    """The check-in notes written in the period, oldest first: what the member may pick from."""
    rows = (
        CheckIn.objects.filter(member=member, day__range=(start, end))
        .exclude(note="")
        .order_by("day")
        .values_list("day", "note")
    )
    return [Note(day, note) for day, note in rows]


def missed_doses(member: User, start: dt.date, end: dt.date) -> list[DoseCount]:
    """Per treatment, the doses recorded in the period and how many of them were missed."""
    rows = (
        DoseTaken.objects.filter(check_in__member=member, check_in__day__range=(start, end))
        .values("treatment__name")
        .annotate(recorded=Count("id"), missed=Count("id", filter=Q(taken=False)))
        .order_by("treatment__name")
    )
    return [DoseCount(row["treatment__name"], row["missed"], row["recorded"]) for row in rows]


def build_summary(
    member: User,
    series: Sequence[Series],
    start: dt.date,
    end: dt.date,
    note_days: Iterable[dt.date],
    *,
    medications: bool = True,
) -> VisitSummary:
    picked = set(note_days)
    chosen = list(series[:MAX_SERIES])
    return VisitSummary(
        name=member.public_name,
        start=start,
        end=end,
        charts=tuple(
            chart_data(member, chosen[i : i + MAX_SERIES_A_TABLE], start, end, weekly=True, medications=medications)
            for i in range(0, len(chosen), MAX_SERIES_A_TABLE)
        ),
        changes=tuple(medication_changes(member, start, end)) if medications else (),
        doses=tuple(missed_doses(member, start, end)) if medications else (),
        notes=tuple(note for note in notes_in(member, start, end) if note.day in picked),
    )
