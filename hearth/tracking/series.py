"""Series: everything a member tracks, read the same way by charts, goals, the summary, the CSV
export and the API.

A series has a key: a check-in measure (`feeling`, `pain`, `energy`, `sleep`), a symptom's
severity (`symptom-fatigue`) or one of the member's trackers (`tracker-12`). `series_of` answers
None for a key that is not the member's, so callers answer 404. Days are the member's local days.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone

from hearth.accounts.models import User
from hearth.conditions.models import Symptom
from hearth.lib.zones import zone
from hearth.tracking.models import CheckIn, Observation, SymptomRating, Tracker
from hearth.tracking.units import BOUNDS, Bounds, TrackerKind

# The check-in's own measures: key -> (label, bounds, CheckIn field).
CHECK_IN_MEASURES: dict[str, tuple[str, Bounds, str]] = {
    "feeling": ("Overall feeling", Bounds(1, 5, 0, "(1 very bad – 5 very good)"), "feeling"),
    "pain": ("Pain", Bounds(0, 10, 0, "(0–10)"), "pain"),
    "energy": ("Energy", Bounds(0, 10, 0, "(0–10)"), "energy"),
    "sleep": ("Sleep", Bounds(0, 24, 1, "hours"), "sleep_hours"),
}
SEVERITY_BOUNDS = Bounds(0, 3, 0, "(0 none – 3 severe)")

# The periods a chart or summary offers, in days; None is all time.
PERIODS: dict[str, int | None] = {"7": 7, "30": 30, "90": 90, "365": 365, "all": None}
PERIOD_LABELS: dict[str, str] = {
    "7": "7 days",
    "30": "30 days",
    "90": "90 days",
    "365": "A year",
    "all": "All time",
}
EARLIEST_DAY = dt.date(1900, 1, 1)
_TRACKER_KEY = re.compile(r"tracker-([0-9]{1,18})")
_SYMPTOM_KEY = re.compile(r"symptom-([a-z0-9-]{1,100})")


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    bounds: Bounds
    tracker_id: int | None = None
    symptom_id: int | None = None
    yes_no: bool = False

    @property
    def unit(self) -> str:
        return self.bounds.symbol

    def show(self, value: float) -> str:
        if self.yes_no:
            return "yes" if value >= 0.5 else "no"
        return self.bounds.show(value)


@dataclass(frozen=True)
class Point:
    day: dt.date
    value: float


def local_today(member: User) -> dt.date:
    """Today in the member's time zone: a check-in at 1 a.m. in Sydney belongs to Sydney's day."""
    return timezone.now().astimezone(zone(member.time_zone)).date()


def period_start(member: User, period: str, end: dt.date | None = None) -> dt.date:
    """The first day of `period` (a key of PERIODS) ending on `end` (today by default)."""
    end = end or local_today(member)
    days = PERIODS[period]
    if days is None:
        return first_day(member) or end
    return end - dt.timedelta(days=days - 1)


def first_day(member: User) -> dt.date | None:
    """The member's earliest tracked day, of check-ins and readings alike."""
    days = [
        CheckIn.objects.filter(member=member).order_by("day").values_list("day", flat=True).first(),
        Observation.objects.filter(tracker__member=member).order_by("day").values_list("day", flat=True).first(),
    ]
    known = [day for day in days if day is not None]
    return min(known) if known else None


def tracker_series(tracker: Tracker) -> Series:
    return Series(
        key=f"tracker-{tracker.pk}",
        label=tracker.name,
        bounds=BOUNDS[tracker.unit],
        tracker_id=tracker.pk,
        yes_no=tracker.kind == TrackerKind.YES_NO,
    )


def symptom_series(symptom: Symptom) -> Series:
    return Series(key=f"symptom-{symptom.slug}", label=symptom.name, bounds=SEVERITY_BOUNDS, symptom_id=symptom.pk)


def measure_series(key: str) -> Series:
    label, bounds, _field = CHECK_IN_MEASURES[key]
    return Series(key=key, label=label, bounds=bounds)


def series_of(member: User, key: str) -> Series | None:
    """The member's series under `key`, or None when there is none (another member's tracker, an
    unknown symptom, a malformed key): callers answer 404 and so reveal nothing."""
    if key in CHECK_IN_MEASURES:
        return measure_series(key)
    # ASCII only: "²".isdigit() is true but int() refuses it, and a NUL would reach the database.
    if found := _TRACKER_KEY.fullmatch(key):
        tracker = Tracker.objects.filter(member=member, pk=int(found[1])).first()
        return tracker_series(tracker) if tracker else None
    if found := _SYMPTOM_KEY.fullmatch(key):
        symptom = Symptom.objects.filter(slug=found[1]).first()
        return symptom_series(symptom) if symptom else None
    return None


def available_series(member: User) -> list[Series]:
    """What the member can chart: the check-in's measures, their symptoms (those on their profile
    and any they have rated), and their trackers."""
    found = [measure_series(key) for key in CHECK_IN_MEASURES]
    symptoms = Symptom.objects.filter(pk__in=tracked_symptom_ids(member)).order_by("name")
    found += [symptom_series(symptom) for symptom in symptoms]
    found += [tracker_series(tracker) for tracker in Tracker.objects.filter(member=member)]
    return found


def tracked_symptom_ids(member: User) -> set[int]:
    from hearth.profiles.models import ProfileSymptom

    on_profile = ProfileSymptom.objects.filter(profile_id=member.pk).values_list("symptom_id", flat=True)
    rated = SymptomRating.objects.filter(check_in__member=member).values_list("symptom_id", flat=True).distinct()
    return set(on_profile) | set(rated)


def points(member: User, series: Series, start: dt.date, end: dt.date) -> list[Point]:
    """The series' values from `start` to `end` (both included), oldest first; days without a
    value are absent, never zero."""
    if series.tracker_id is not None:
        rows: Iterable[tuple[dt.date, float]] = Observation.objects.filter(
            tracker_id=series.tracker_id, tracker__member=member, day__range=(start, end)
        ).values_list("day", "value")
    elif series.symptom_id is not None:
        rows = (
            SymptomRating.objects.filter(
                check_in__member=member, symptom_id=series.symptom_id, check_in__day__range=(start, end)
            )
            .order_by("check_in__day")
            .values_list("check_in__day", "severity")
        )
    else:
        field = CHECK_IN_MEASURES[series.key][2]
        rows = (
            CheckIn.objects.filter(member=member, day__range=(start, end), **{f"{field}__isnull": False})
            .order_by("day")
            .values_list("day", field)
        )
    return [Point(day, float(value)) for day, value in rows]


def points_of_many(member: User, many: Sequence[Series], start: dt.date, end: dt.date) -> dict[str, list[Point]]:
    return {series.key: points(member, series, start, end) for series in many}
