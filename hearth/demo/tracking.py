"""Demo tracking for Maya: 120 days of check-ins ending today (feeling, pain, energy, sleep, her
fatigue and hot flashes, with a weekly rhythm and the change a treatment brought), a "Walking"
tracker in minutes with readings, a walking goal with milestones reached, and a sleep goal.

Days are drawn from a generator seeded by the date, so the same day always reads the same. Only
missing days are added, so running the demo again adds nothing, and on a later day it adds the
days since; the goals are made once. Rows go in with `bulk_create`: a few queries in all.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db.models import Q

from hearth.accounts.models import User
from hearth.conditions.models import Symptom
from hearth.profiles.actions import do_set_symptoms
from hearth.profiles.models import ProfileSymptom, ProfileTreatment
from hearth.tracking.goals import check_milestones, monday_of
from hearth.tracking.models import CheckIn, Comparison, Goal, Milestone, Observation, SymptomRating, Tracker
from hearth.tracking.series import local_today
from hearth.tracking.units import TrackerKind, Unit

DAYS = 120
HANDLE = "maya_r"
WALKING = "Walking"
SYMPTOMS = ("fatigue", "hot-flashes")  # only set when her profile has none
# When her treatment began, if her profile's dates do not fall inside the 120 days.
TREATMENT_DAYS_AGO = 60
GREATNESS = ("first_day", "first_week", "days_30", "streak_4", "streak_12")
NOTES = {
    0: "Started the new treatment today. Nervous but hopeful.",
    3: "Hot flashes at night, woke up twice.",
    10: "Tired all afternoon. Short walk only.",
    24: "Better week. Walked with June on Saturday.",
}


def _rng(day: dt.date, what: str) -> random.Random:
    return random.Random(f"{HANDLE}:{what}:{day.isoformat()}")  # noqa: S311  (demo data, reproducible on purpose)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def treatment_start(member: User, today: dt.date) -> dt.date:
    """The day her latest treatment on her profile began, when it lies within the demo's days (with
    some weeks on each side to see a change); otherwise TREATMENT_DAYS_AGO days ago."""
    earliest, latest = today - dt.timedelta(days=DAYS - 21), today - dt.timedelta(days=14)
    started = (
        ProfileTreatment.objects.filter(profile_id=member.pk, started_on__range=(earliest, latest))
        .filter(Q(stopped_on__isnull=True) | Q(stopped_on__gt=latest))
        .order_by("-started_on")
        .values_list("started_on", flat=True)
        .first()
    )
    return started or today - dt.timedelta(days=TREATMENT_DAYS_AGO)


def day_of(day: dt.date, treatment: dt.date) -> tuple[CheckIn, dict[str, int]]:
    """One day's check-in (unsaved) and its symptom severities. Weekends are easier, Mondays
    harder; the first weeks of the treatment bring hot flashes, shorter nights and less energy,
    and later a little more energy and less pain."""
    rng = _rng(day, "check-in")
    since = (day - treatment).days
    weekend = day.weekday() >= 5
    early = 0 <= since < 21  # the first three weeks on the treatment
    settled = since >= 21
    energy = 5 + (1.2 if weekend else 0) - (0.8 if day.weekday() == 0 else 0) - (1.5 if early else 0)
    energy += (0.8 if settled else 0) + rng.gauss(0, 1)
    pain = 3.5 - (0.6 if weekend else 0) + (0.7 if day.weekday() == 0 else 0) - (0.8 if settled else 0)
    pain += rng.gauss(0, 0.9)
    sleep = 7.1 + (0.6 if weekend else 0) - (0.9 if early else 0.3 if settled else 0) + rng.gauss(0, 0.6)
    feeling = 3 + (energy - 5) / 3 - (pain - 3) / 4 + rng.gauss(0, 0.4)
    fatigue = 1.6 + (0.7 if early else 0) - (0.4 if settled else 0) - (0.3 if weekend else 0) + rng.gauss(0, 0.5)
    flashes = (0.3 if since < 0 else 2.0 if early else 1.4) + rng.gauss(0, 0.5)
    check_in = CheckIn(
        day=day,
        feeling=round(_clamp(feeling, 1, 5)),
        pain=round(_clamp(pain, 0, 10)),
        energy=round(_clamp(energy, 0, 10)),
        # A night now and then she did not note.
        sleep_hours=None if rng.random() < 0.05 else Decimal(str(round(_clamp(sleep, 3, 11), 1))),
        note=NOTES.get(since, ""),
    )
    return check_in, {"fatigue": round(_clamp(fatigue, 0, 3)), "hot-flashes": round(_clamp(flashes, 0, 3))}


def walking_minutes(day: dt.date, treatment: dt.date) -> int | None:
    """Her walk that day: most days 20 to 45 minutes, Sunday off, fewer and shorter walks in the
    first two weeks of the treatment; None when she did not walk."""
    rng = _rng(day, "walk")
    since = (day - treatment).days
    rests = {6} if not 0 <= since < 14 else {1, 3, 6}
    if day.weekday() in rests:
        return None if rng.random() < 0.6 else rng.randint(5, 15)
    minutes = rng.gauss(32 if day.weekday() < 5 else 45, 8)
    if 0 <= since < 14:
        minutes -= 12
    return int(_clamp(minutes, 5, 120))


def seed_tracking(by_handle: dict[str, User]) -> int:
    """Maya's tracking; returns how many check-ins were added (0 on a second run the same day)."""
    maya = by_handle.get(HANDLE)
    if maya is None:
        return 0
    if not ProfileSymptom.objects.filter(profile_id=maya.pk).exists():
        do_set_symptoms(maya, list(SYMPTOMS))
    today = local_today(maya)
    first = today - dt.timedelta(days=DAYS - 1)
    days = [first + dt.timedelta(days=n) for n in range(DAYS)]
    treatment = treatment_start(maya, today)
    added = _seed_check_ins(maya, days, treatment)
    _seed_walks(maya, days, treatment)
    _seed_goals(maya, today)
    return added


def _seed_check_ins(maya: User, days: list[dt.date], treatment: dt.date) -> int:
    have = set(CheckIn.objects.filter(member=maya, day__range=(days[0], days[-1])).values_list("day", flat=True))
    made = {day: day_of(day, treatment) for day in days if day not in have}
    if not made:
        return 0
    check_ins = [check_in for check_in, _ in made.values()]
    for check_in in check_ins:
        check_in.member = maya
    CheckIn.objects.bulk_create(check_ins)
    ids = dict(CheckIn.objects.filter(member=maya, day__in=list(made)).values_list("day", "id"))
    symptoms = dict(Symptom.objects.filter(slug__in=SYMPTOMS).values_list("slug", "id"))
    SymptomRating.objects.bulk_create(
        SymptomRating(check_in_id=ids[day], symptom_id=symptoms[slug], severity=severity)
        for day, (_, severities) in made.items()
        for slug, severity in severities.items()
        if slug in symptoms
    )
    return len(made)


def _seed_walks(maya: User, days: list[dt.date], treatment: dt.date) -> Tracker:
    tracker = Tracker.objects.filter(member=maya, name__iexact=WALKING).first()
    if tracker is None:
        tracker = Tracker.objects.create(member=maya, name=WALKING, kind=TrackerKind.NUMBER, unit=Unit.MINUTES)
    have = set(
        Observation.objects.filter(tracker=tracker, day__range=(days[0], days[-1])).values_list("day", flat=True)
    )
    readings = []
    for day in days:
        minutes = walking_minutes(day, treatment)
        if day not in have and minutes is not None:
            readings.append(Observation(tracker=tracker, day=day, value=minutes))
    Observation.objects.bulk_create(readings)
    return tracker


def _seed_goals(maya: User, today: dt.date) -> None:
    """Her walking goal, begun on a Monday eleven weeks ago, and a sleep goal of the last four
    weeks; made once. The milestones their days reached are saved, and the first time all but the
    walking goal's greatest are marked celebrated, so the demo shows one celebration. On a later
    day, the milestones its new days reach are added (and shown) as a check-in would."""
    if Goal.objects.filter(member=maya).exists():
        check_milestones(maya)
        return
    tracker = Tracker.objects.get(member=maya, name__iexact=WALKING)
    walking = f"tracker-{tracker.pk}"
    Goal.objects.bulk_create(
        [
            Goal(
                member=maya,
                series=walking,
                comparison=Comparison.AT_LEAST,
                target=20,
                days_per_week=5,
                started_on=monday_of(today) - dt.timedelta(weeks=11),
            ),
            Goal(
                member=maya,
                series="sleep",
                comparison=Comparison.AT_LEAST,
                target=7,
                days_per_week=4,
                started_on=today - dt.timedelta(days=27),
            ),
        ]
    )
    made = [m for m in check_milestones(maya) if m.goal.series == walking]
    greatest = max(made, key=lambda m: GREATNESS.index(m.kind), default=None)
    if greatest is not None:
        Milestone.objects.filter(goal__member=maya).exclude(pk=greatest.pk).update(
            celebrated_at=dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)
        )
