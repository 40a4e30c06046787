"""Writes to a member's tracking: the daily check-in, the doses they mean to take, their own
trackers and the readings of each.

Pages, the API and imports call these, so each rule (one check-in a local day, no day in the
future, a weight of 900 kg is a typing slip) lives here once. Each raises ValidationError with a
message per field and saves nothing when any part is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.accounts.models import User
from hearth.conditions.models import Symptom
from hearth.profiles.models import ProfileTreatment
from hearth.tracking import goals
from hearth.tracking.models import (
    NOTE_MAX,
    TRACKER_NAME_MAX,
    CheckIn,
    DoseTaken,
    Goal,
    Observation,
    ScheduledDose,
    Severity,
    Source,
    SymptomRating,
    Tracker,
)
from hearth.tracking.series import local_today
from hearth.tracking.units import BOUNDS, KIND_UNIT, NUMBER_UNITS, Bounds, TrackerKind

# How far back a day may be filled in: older "days" are typing slips (2015 for 2025).
BACKFILL_DAYS = 3653
TRACKERS_MAX = 30
DOSES_PER_TREATMENT_MAX = 6
DOSE_LABEL_MAX = 40
# A check-in names at most this many symptoms and doses: a profile lists at most 30 symptoms,
# so anything longer is not a person filling in a form.
SYMPTOMS_PER_CHECK_IN_MAX = 60
DOSES_PER_CHECK_IN_MAX = 100
SLUG_MAX = 100
FEELING = (1, 5)
PAIN = (0, 10)
ENERGY = (0, 10)
SLEEP_MAX = Decimal(24)
SOURCE_REF_MAX = 200
LOINC = re.compile(r"\d{1,8}-\d")

Errors = dict[str, list[str]]


@dataclass(frozen=True)
class CheckInInput:
    """One day's check-in as a form or the API hands it over; everything but the day may be left out."""

    day: dt.date
    feeling: int | None = None  # 1 to 5
    pain: int | None = None  # 0 to 10
    energy: int | None = None  # 0 to 10
    sleep_hours: Decimal | None = None  # 0 to 24, one decimal
    note: str = ""  # ≤ models.NOTE_MAX
    symptoms: Mapping[str, int] = field(default_factory=dict)  # symptom slug -> Severity 0 to 3
    doses: Mapping[int, bool] = field(default_factory=dict)  # ScheduledDose id -> taken


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _refuse(errors: Errors) -> ValidationError:
    return ValidationError({name: [ValidationError(message) for message in found] for name, found in errors.items()})


def day_refusal(member: User, day: object) -> str | None:
    """Why `day` cannot be tracked for the member, or None when it can: a day is one of the member's
    local days, not after today and not more than about ten years back."""
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        return "Enter a date."
    today = local_today(member)
    if day > today:
        return "That day has not happened yet: choose today or a day before."
    if day < earliest_day(member, today):
        return "Choose a day within the last ten years."
    return None


def earliest_day(member: User, today: dt.date | None = None) -> dt.date:
    return (today or local_today(member)) - dt.timedelta(days=BACKFILL_DAYS)


def _check_day(member: User, day: object) -> None:
    refusal = day_refusal(member, day)
    if refusal:
        raise ValidationError({"day": [refusal]})


def _scale(errors: Errors, name: str, value: object, bounds: tuple[int, int], words: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and bounds[0] <= value <= bounds[1]:
        return value
    errors[name] = [f"Choose {words} from {bounds[0]} to {bounds[1]}."]
    return None


def _sleep(errors: Errors, value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
            raise InvalidOperation
        hours = Decimal(str(value).strip())
        if not hours.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["sleep_hours"] = ["Enter the hours of sleep as a number, such as 7 or 7.5."]
        return None
    if not 0 <= hours <= SLEEP_MAX:
        errors["sleep_hours"] = ["Enter the hours of sleep from 0 to 24."]
        return None
    return hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _note(errors: Errors, value: object) -> str:
    if not isinstance(value, str):
        errors["note"] = ["Write the note as text."]
        return ""
    note = value.strip()
    if "\x00" in note:
        errors["note"] = ["The note holds a character that cannot be saved."]
    elif len(note) > NOTE_MAX:
        errors["note"] = [f"Keep the note to {NOTE_MAX} characters; it has {len(note)}."]
    return note


def _severities(errors: Errors, symptoms: object) -> dict[str, int]:
    if not isinstance(symptoms, Mapping):
        errors["symptoms"] = ["Rate symptoms as a list of symptom and severity."]
        return {}
    if len(symptoms) > SYMPTOMS_PER_CHECK_IN_MAX:
        errors["symptoms"] = [f"Rate at most {SYMPTOMS_PER_CHECK_IN_MAX} symptoms in one check-in."]
        return {}
    wanted: dict[str, int] = {}
    for slug, severity in symptoms.items():
        if not isinstance(slug, str) or not slug or len(slug) > SLUG_MAX:
            errors["symptoms"] = ["Choose symptoms from the list."]
            return {}
        if not _is_int(severity) or severity not in Severity.values:
            errors["symptoms"] = [f"Rate “{slug}” as none, mild, moderate or severe."]
            return {}
        wanted[slug] = severity
    return wanted


def _taken(errors: Errors, doses: object) -> dict[int, bool]:
    if not isinstance(doses, Mapping):
        errors["doses"] = ["Give each dose as taken or missed."]
        return {}
    if len(doses) > DOSES_PER_CHECK_IN_MAX:
        errors["doses"] = [f"A check-in records at most {DOSES_PER_CHECK_IN_MAX} doses."]
        return {}
    wanted: dict[int, bool] = {}
    for dose_id, taken in doses.items():
        if not _is_int(dose_id) or not 0 < dose_id < 2**63 or not isinstance(taken, bool):
            errors["doses"] = ["Give each of your scheduled doses as taken or missed."]
            return {}
        wanted[dose_id] = taken
    return wanted


def do_check_in(member: User, data: CheckInInput, *, source: str = Source.MANUAL) -> CheckIn:
    """Save the member's check-in for `data.day`, one per local day.

    A second check-in for a day updates the first: its feeling, pain, energy, sleep and note become
    what was given (left out means not recorded), and the symptoms and doses given are set, while
    ones rated earlier that day and not given again stay as they were. Costs a handful of queries
    whatever the number of symptoms and doses (it runs on every check-in)."""
    errors: Errors = {}
    refusal = day_refusal(member, data.day)
    if refusal:
        errors["day"] = [refusal]
    feeling = _scale(errors, "feeling", data.feeling, FEELING, "how you feel")
    pain = _scale(errors, "pain", data.pain, PAIN, "your pain")
    energy = _scale(errors, "energy", data.energy, ENERGY, "your energy")
    sleep_hours = _sleep(errors, data.sleep_hours)
    note = _note(errors, data.note)
    severities = _severities(errors, data.symptoms)
    taken = _taken(errors, data.doses)
    if source not in Source.values:
        errors[NON_FIELD_ERRORS] = ["Unknown source."]
    measures = (feeling, pain, energy, sleep_hours)
    if not errors and all(m is None for m in measures) and not (note or severities or taken):
        errors[NON_FIELD_ERRORS] = ["Fill in at least one thing (how you feel, a symptom, a dose or a note)."]
    symptom_ids: dict[str, int] = {}
    if severities and "symptoms" not in errors:
        symptom_ids = dict(Symptom.objects.filter(slug__in=severities).values_list("slug", "pk"))
        unknown = sorted(set(severities) - set(symptom_ids))
        if unknown:
            errors["symptoms"] = [f"“{unknown[0][:40]}” is not a symptom in the list; choose one from the list."]
    # (treatment, label) -> taken. A dose belongs to a treatment the member takes now.
    dose_rows: dict[tuple[int, str], bool] = {}
    if taken and "doses" not in errors:
        scheduled = ScheduledDose.objects.filter(
            pk__in=taken, profile_treatment__profile_id=member.pk, profile_treatment__stopped_on__isnull=True
        ).values_list("pk", "profile_treatment__treatment_id", "label")
        known = set()
        for dose_id, treatment_id, label in scheduled:
            known.add(dose_id)
            dose_rows[(treatment_id, label)] = taken[dose_id]
        if known != set(taken):
            errors["doses"] = ["That dose is not one of your scheduled doses; reload the page and try again."]
    if errors:
        raise _refuse(errors)

    now = timezone.now()
    row = CheckIn(
        member=member,
        day=data.day,
        feeling=feeling,
        pain=pain,
        energy=energy,
        sleep_hours=sleep_hours,
        note=note,
        source=source,
        created_at=now,
        updated_at=now,
    )
    with transaction.atomic():
        # Race: two check-ins for the same day at once (two tabs, a double tap, the app and the
        # page). INSERT … ON CONFLICT DO UPDATE lets the database settle it on the unique
        # (member, day) constraint: neither fails, the later one wins, and it costs one query.
        (check_in,) = CheckIn.objects.bulk_create(
            [row],
            update_conflicts=True,
            unique_fields=["member", "day"],
            update_fields=["feeling", "pain", "energy", "sleep_hours", "note", "source", "updated_at"],
        )
        # The upsert above holds the check-in's row lock until commit, so a concurrent check-in of
        # the same day waits there and the ratings and doses below never race each other.
        if severities:
            SymptomRating.objects.bulk_create(
                [
                    SymptomRating(check_in_id=check_in.pk, symptom_id=symptom_ids[slug], severity=severity)
                    for slug, severity in severities.items()
                ],
                update_conflicts=True,
                unique_fields=["check_in", "symptom"],
                update_fields=["severity"],
            )
        if dose_rows:
            DoseTaken.objects.bulk_create(
                [
                    DoseTaken(check_in_id=check_in.pk, treatment_id=treatment_id, label=label, taken=was_taken)
                    for (treatment_id, label), was_taken in dose_rows.items()
                ],
                update_conflicts=True,
                unique_fields=["check_in", "treatment", "label"],
                update_fields=["taken"],
            )
        goals.check_milestones(member)
    return check_in


def do_delete_check_in(member: User, check_in: CheckIn) -> None:
    with transaction.atomic():
        CheckIn.objects.filter(pk=check_in.pk, member=member).delete()
        goals.check_milestones(member)


# Scheduled doses


def check_dose_label(label: str) -> str:
    text = " ".join(label.split())
    if not text:
        raise ValidationError({"label": ["Name the dose, e.g. “Morning” or “With dinner”."]})
    if len(text) > DOSE_LABEL_MAX:
        raise ValidationError({"label": [f"Keep the dose’s name to {DOSE_LABEL_MAX} characters."]})
    return text


def current_treatments(member: User) -> list[ProfileTreatment]:
    """The treatments on the member's profile they take now, with their scheduled doses."""
    return list(
        ProfileTreatment.objects.filter(profile_id=member.pk, stopped_on__isnull=True)
        .select_related("treatment")
        .prefetch_related("doses")
        .order_by("treatment__name", "id")
    )


def do_add_dose(member: User, profile_treatment: ProfileTreatment, label: str) -> ScheduledDose:
    """Schedule a dose of a treatment the member takes now."""
    text = check_dose_label(label)
    with transaction.atomic():
        # Race: two doses added at once (two tabs) could both pass the count; the treatment's row
        # lock makes the second wait and count again.
        locked = (
            ProfileTreatment.objects.select_for_update()
            .filter(pk=profile_treatment.pk, profile_id=member.pk, stopped_on__isnull=True)
            .first()
        )
        if locked is None:
            raise ValidationError({"label": ["Doses are for treatments you take now."]})
        doses = list(ScheduledDose.objects.filter(profile_treatment=locked).values_list("label", "position"))
        if any(existing.casefold() == text.casefold() for existing, _ in doses):
            raise ValidationError({"label": [f"“{text}” is already one of its doses."]})
        if len(doses) >= DOSES_PER_TREATMENT_MAX:
            raise ValidationError({"label": [f"A treatment has at most {DOSES_PER_TREATMENT_MAX} doses a day."]})
        position = max((p for _, p in doses), default=-1) + 1
        try:
            with transaction.atomic():
                return ScheduledDose.objects.create(profile_treatment=locked, label=text, position=position)
        except IntegrityError:  # pragma: no cover  (the lock above orders concurrent adds)
            raise ValidationError({"label": [f"“{text}” is already one of its doses."]}) from None


def do_remove_dose(member: User, dose: ScheduledDose) -> None:
    """Stop scheduling a dose; the days it was taken keep saying so."""
    ScheduledDose.objects.filter(pk=dose.pk, profile_treatment__profile_id=member.pk).delete()


# Trackers and their readings


def _tracker_name(errors: Errors, name: object) -> str:
    if not isinstance(name, str):
        errors["name"] = ["Name the tracker."]
        return ""
    text = " ".join(name.split())
    if not text:
        errors["name"] = ["Name the tracker, e.g. “Weight” or “Steps”."]
    elif len(text) > TRACKER_NAME_MAX:
        errors["name"] = [f"Keep the name to {TRACKER_NAME_MAX} characters."]
    return text


def _name_taken(member: User, name: str, *, other_than: int | None = None) -> bool:
    found = Tracker.objects.filter(member=member, name__iexact=name)
    if other_than is not None:
        found = found.exclude(pk=other_than)
    return found.exists()


def _duplicate_name(name: str) -> ValidationError:
    return ValidationError({"name": [f"You already have a tracker named “{name}”; choose another name."]})


def do_create_tracker(member: User, *, name: str, kind: str, unit: str | None = None, loinc: str = "") -> Tracker:
    """A new tracker: a number with one of NUMBER_UNITS, a scale of 0 to 10 or yes/no (their own units)."""
    errors: Errors = {}
    text = _tracker_name(errors, name)
    if kind not in TrackerKind.values:
        errors["kind"] = ["Choose what the tracker measures: a number, a 0–10 scale or yes/no."]
    elif kind == TrackerKind.NUMBER:
        if not unit:
            errors["unit"] = ["Choose the unit of the number."]
        elif unit not in NUMBER_UNITS:
            errors["unit"] = ["Choose a unit from the list."]
    elif unit not in (None, "", KIND_UNIT[kind]):
        errors["unit"] = ["A scale or a yes/no tracker has no unit to choose."]
    if not isinstance(loinc, str) or (loinc and not LOINC.fullmatch(loinc)):
        errors["loinc"] = ["Give a LOINC code such as 29463-7, or none."]
    if errors:
        raise _refuse(errors)
    chosen_unit = unit if kind == TrackerKind.NUMBER and unit else KIND_UNIT[kind]
    with transaction.atomic():
        # Race: trackers created at once (two tabs) could both pass the count; locking the
        # member's row makes the second wait and count again.
        User.objects.select_for_update().filter(pk=member.pk).values_list("pk", flat=True).first()
        if Tracker.objects.filter(member=member).count() >= TRACKERS_MAX:
            raise ValidationError({NON_FIELD_ERRORS: [f"You can keep at most {TRACKERS_MAX} trackers."]})
        if _name_taken(member, text):
            raise _duplicate_name(text)
        try:
            with transaction.atomic():
                tracker = Tracker.objects.create(member=member, name=text, kind=kind, unit=chosen_unit, loinc=loinc)
        except IntegrityError:  # pragma: no cover  (the lock above orders concurrent creations)
            raise _duplicate_name(text) from None
        goals.check_milestones(member)
    return tracker


def do_update_tracker(member: User, tracker: Tracker, *, name: str) -> Tracker:
    """Rename a tracker; its readings and goals stay with it."""
    errors: Errors = {}
    text = _tracker_name(errors, name)
    if errors:
        raise _refuse(errors)
    if tracker.member_id != member.pk:
        raise ValidationError({NON_FIELD_ERRORS: ["That tracker is not yours."]})
    if _name_taken(member, text, other_than=tracker.pk):
        raise _duplicate_name(text)
    try:
        # Race: a rename and a creation to the same name at once; the unique constraint decides.
        with transaction.atomic():
            Tracker.objects.filter(pk=tracker.pk, member=member).update(name=text)
            goals.check_milestones(member)
    except IntegrityError:  # pragma: no cover  (only when another request takes the name meanwhile)
        raise _duplicate_name(text) from None
    tracker.name = text
    return tracker


def do_delete_tracker(member: User, tracker: Tracker) -> None:
    """Delete a tracker with all its readings, and the goals set on it."""
    with transaction.atomic():
        Goal.objects.filter(member=member, series=f"tracker-{tracker.pk}").delete()
        Tracker.objects.filter(pk=tracker.pk, member=member).delete()
        goals.check_milestones(member)


def kept_value(bounds: Bounds, value: float) -> float:
    return bounds.keep(value)


def check_reading(tracker: Tracker, value: object) -> float:
    """The value as a reading of this tracker, or ValidationError naming the bounds."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValidationError({"value": ["Enter a number."]})
    number = float(value)
    bounds = BOUNDS[tracker.unit]
    refusal = bounds.refusal(number)
    if refusal:
        raise ValidationError({"value": [refusal]})
    if tracker.kind == TrackerKind.YES_NO and number not in (0, 1):
        raise ValidationError({"value": ["Answer yes or no."]})
    return kept_value(bounds, number)


def do_record(
    member: User, tracker: Tracker, day: dt.date, value: float, *, source: str = Source.MANUAL, source_ref: str = ""
) -> Observation:
    """Record the tracker's value for a local day, replacing any value that day had."""
    if tracker.member_id != member.pk:
        raise ValidationError({NON_FIELD_ERRORS: ["That tracker is not yours."]})
    _check_day(member, day)
    kept = check_reading(tracker, value)
    if source not in Source.values:
        raise ValidationError({NON_FIELD_ERRORS: ["Unknown source."]})
    if not isinstance(source_ref, str) or len(source_ref) > SOURCE_REF_MAX:
        raise ValidationError({"source_ref": [f"Keep the reference to {SOURCE_REF_MAX} characters."]})
    with transaction.atomic():
        # Race: two values for the same day at once (a form and an import); the database settles
        # it on the unique (tracker, day) constraint and the later one wins.
        (observation,) = Observation.objects.bulk_create(
            [
                Observation(
                    tracker=tracker,
                    day=day,
                    value=kept,
                    source=source,
                    source_ref=source_ref,
                    recorded_at=timezone.now(),
                )
            ],
            update_conflicts=True,
            unique_fields=["tracker", "day"],
            update_fields=["value", "source", "source_ref", "recorded_at"],
        )
        goals.check_milestones(member)
    return observation


def do_remove_reading(member: User, tracker: Tracker, day: dt.date) -> None:
    with transaction.atomic():
        Observation.objects.filter(tracker=tracker, tracker__member=member, day=day).delete()
        goals.check_milestones(member)
