"""Readings from apps and devices, sent as a FHIR R4 `Bundle` of `Observation`s: heart rate, steps,
body weight and blood glucose land on the member's trackers of those names.

FHIR version: fhir.resources 8 models R5 by default and ships R4B (4.3), not R4 (4.0.1), as its
older release; Bundle and Observation are the same in R4 and R4B for everything read here, so
bundles are validated with `fhir.resources.R4B`.

All or nothing: every entry is checked first, and when any is refused nothing is saved and the
report says why for each. An entry already imported (same `source_ref`: the entry's `fullUrl`,
else the Observation's `id`, else its first identifier `system|value`) is a duplicate, ignored and
listed. A tracker keeps one value a day (the member's local day): when a bundle holds several
readings of one tracker on one day, the one with the latest effective time is kept (the others
are listed as accepted with `superseded_by`), and a reading stored from an earlier bundle is only
replaced by one effective at the same time or later (`Observation.recorded_at` holds a FHIR
reading's effective time for this).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pydantic
from django.db import transaction
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation as FhirObservation

from hearth.accounts.models import User
from hearth.lib.zones import zone
from hearth.tracking import goals
from hearth.tracking.checkins import SOURCE_REF_MAX, TRACKERS_MAX, day_refusal, do_create_tracker, kept_value
from hearth.tracking.models import Observation, Source, Tracker
from hearth.tracking.units import BOUNDS, UCUM, TrackerKind, Unit

MAX_BYTES = 1_048_576
MAX_ENTRIES = 5_000
BUNDLE_TYPES = ("collection", "transaction", "batch")
LOINC_SYSTEM = "http://loinc.org"
UCUM_SYSTEM = "http://unitsofmeasure.org"
# A clock a little ahead on the sending device is not a reading from the future.
CLOCK_SKEW = dt.timedelta(minutes=5)
# Statuses that say the reading is not one (FHIR's ObservationStatus).
NOT_READINGS = ("entered-in-error", "cancelled", "registered")

KG_PER_LB = 2.20462
MG_DL_PER_MMOL_L = 18.016
# value in `from` unit -> value in `to` unit.
CONVERSIONS: dict[tuple[str, str], float] = {
    (Unit.LB, Unit.KG): 1 / KG_PER_LB,
    (Unit.KG, Unit.LB): KG_PER_LB,
    (Unit.MMOL_L, Unit.MG_DL): MG_DL_PER_MMOL_L,
    (Unit.MG_DL, Unit.MMOL_L): 1 / MG_DL_PER_MMOL_L,
}


@dataclass(frozen=True)
class Measure:
    """What a set of LOINC codes measures, and the tracker its readings go to."""

    name: str
    codes: tuple[str, ...]
    units: tuple[str, ...]

    @property
    def loinc(self) -> str:
        return self.codes[0]


MEASURES: tuple[Measure, ...] = (
    Measure("Heart rate", ("8867-4",), (Unit.BPM,)),
    Measure("Steps", ("41950-7", "55423-8"), (Unit.STEPS,)),
    Measure("Weight", ("29463-7",), (Unit.KG, Unit.LB)),
    Measure("Blood glucose", ("2339-0", "15074-8", "2345-7"), (Unit.MG_DL, Unit.MMOL_L)),
)
_BY_CODE = {code: measure for measure in MEASURES for code in measure.codes}
KNOWN_CODES = ", ".join(f"{m.name.lower()} {' or '.join(m.codes)}" for m in MEASURES)


class BundleRefused(Exception):  # noqa: N818  (named for what happened, as Django's PermissionDenied is)
    """The document is not a bundle Hearth reads at all (not one entry was looked at)."""

    def __init__(self, message: str, *, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Report:
    accepted: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return not self.refused

    def as_dict(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "duplicates": self.duplicates, "refused": self.refused}


@dataclass
class _Reading:
    entry: int
    measure: Measure
    unit: str
    value: float
    at: dt.datetime
    day: dt.date
    source_ref: str


class _Refusal(Exception):  # noqa: N818
    pass


def _short(error: pydantic.ValidationError, limit: int = 600) -> str:
    """pydantic's message in a few lines: where and what, for the first errors."""
    parts = []
    for found in error.errors()[:5]:
        where = ".".join(str(step) for step in found["loc"])
        parts.append(f"{where}: {found['msg']}")
    more = error.error_count() - len(parts)
    text = "Not a valid FHIR R4 Bundle: " + "; ".join(parts) + (f"; and {more} more" if more > 0 else "") + "."
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_bundle(document: Any) -> Bundle:
    """The document as a FHIR Bundle of a type Hearth reads; `BundleRefused` otherwise."""
    if not isinstance(document, dict) or document.get("resourceType") != "Bundle":
        raise BundleRefused('Send a FHIR Bundle: a JSON object with "resourceType": "Bundle".')
    if document.get("type") not in BUNDLE_TYPES:
        raise BundleRefused(f"Send a Bundle of type {', '.join(BUNDLE_TYPES)}; this one is {document.get('type')!r}.")
    entries = document.get("entry", [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise BundleRefused('A Bundle\'s "entry" is a list of objects.')
    if len(entries) > MAX_ENTRIES:
        raise BundleRefused(f"The bundle has {len(entries):,} entries; send at most {MAX_ENTRIES:,} in one.")
    try:
        return Bundle.model_validate(document)
    except pydantic.ValidationError as error:
        raise BundleRefused(_short(error)) from None
    except (ValueError, TypeError) as error:  # fhir.resources' own checks
        raise BundleRefused(f"Not a valid FHIR R4 Bundle: {str(error)[:400]}") from None


def _source_ref(entry: Any, observation: FhirObservation) -> str:
    ref = entry.fullUrl or observation.id or ""
    if not ref and observation.identifier:
        first = observation.identifier[0]
        ref = f"{first.system or ''}|{first.value or ''}" if first.value else ""
    # A long reference is kept as its digest, so it still matches when sent again.
    if len(ref) > SOURCE_REF_MAX:
        ref = "sha256:" + hashlib.sha256(ref.encode()).hexdigest()
    return ref


def _measure(observation: FhirObservation) -> Measure:
    codings = (observation.code.coding or []) if observation.code else []
    loinc = [c.code for c in codings if c.system == LOINC_SYSTEM and c.code]
    for code in loinc:
        if code in _BY_CODE:
            return _BY_CODE[code]
    named = ", ".join(f"{c.system or 'no system'}|{c.code}" for c in codings if c.code) or "none"
    raise _Refusal(f"Unknown code ({named}): Hearth takes the LOINC codes {KNOWN_CODES}.")


def _unit_and_value(observation: FhirObservation, measure: Measure) -> tuple[str, float]:
    quantity = observation.valueQuantity
    if quantity is None or quantity.value is None:
        raise _Refusal("No valueQuantity with a value: Hearth takes a number with its unit.")
    code = quantity.code if quantity.code is not None else quantity.unit
    if quantity.system not in (None, UCUM_SYSTEM):
        code = None
    unit = UCUM.get(code or "")
    if unit not in measure.units:
        wanted = " or ".join(code for code, u in UCUM.items() if u in measure.units)
        raise _Refusal(
            f"Unknown unit {code or quantity.unit!r} for {measure.name.lower()}: use the UCUM code {wanted}."
        )
    value = float(Decimal(quantity.value))
    return str(unit), value


EARLIEST_YEAR = 1900


def _moment(observation: FhirObservation, member: User) -> dt.datetime:
    """When the reading was made, as an aware datetime (a date alone is that day's midnight)."""
    when: Any = observation.effectiveDateTime or observation.effectiveInstant
    if when is None and observation.effectivePeriod is not None:
        when = observation.effectivePeriod.start
    if when is None:
        raise _Refusal("No effectiveDateTime or effectivePeriod.start: Hearth needs the day of the reading.")
    local = zone(member.time_zone)
    if isinstance(when, dt.date) and when.year < EARLIEST_YEAR:
        # Converting a moment in year 1 to another zone overflows; no reading is that old anyway.
        raise _Refusal(f"The effective date {when.isoformat()} is before {EARLIEST_YEAR}.")
    if isinstance(when, dt.datetime):
        return when if when.tzinfo else when.replace(tzinfo=local)
    if isinstance(when, dt.date):
        return dt.datetime.combine(when, dt.time(), tzinfo=local)
    raise _Refusal(f"The effective date {str(when)[:30]!r} is not a whole day: give at least YYYY-MM-DD.")


def _reading(member: User, index: int, entry: Any, seen_now: dt.datetime) -> _Reading:
    resource = entry.resource
    if resource is None:
        raise _Refusal("The entry has no resource.")
    kind = resource.get_resource_type()
    if kind != "Observation":
        raise _Refusal(f"A {kind} is not an Observation: Hearth imports Observations only.")
    if resource.status in NOT_READINGS:
        raise _Refusal(f"The Observation's status is {resource.status}: it holds no reading.")
    measure = _measure(resource)
    unit, value = _unit_and_value(resource, measure)
    at = _moment(resource, member)
    if at > seen_now + CLOCK_SKEW:
        raise _Refusal(f"The reading is dated {at.isoformat()}, in the future.")
    day = at.astimezone(zone(member.time_zone)).date()
    refusal = day_refusal(member, day)
    if refusal:
        raise _Refusal(f"The day {day.isoformat()}: {refusal}")
    return _Reading(index, measure, unit, value, at, day, _source_ref(entry, resource))


def _tracker_of(trackers: list[Tracker], measure: Measure) -> Tracker | None:
    for tracker in trackers:
        if tracker.loinc in measure.codes:
            return tracker
    for tracker in trackers:
        if tracker.name.casefold() == measure.name.casefold():
            return tracker
    return None


def _converted(value: float, unit: str, tracker_unit: str) -> float | None:
    if unit == tracker_unit:
        return value
    factor = CONVERSIONS.get((unit, tracker_unit))
    return None if factor is None else value * factor


def check_bundle(member: User, bundle: Bundle) -> tuple[Report, list[tuple[_Reading, Tracker | None, str, float]]]:
    """The report of every entry and the readings to save: (reading, its tracker or None when it is
    to be made, the tracker's unit, the value in that unit)."""
    report = Report()
    now = timezone.now()
    trackers = list(Tracker.objects.filter(member=member))
    readings: list[_Reading] = []
    for index, entry in enumerate(bundle.entry or []):
        try:
            readings.append(_reading(member, index, entry, now))
        except _Refusal as why:
            report.refused.append({"entry": index, "reason": str(why)})

    refs = {r.source_ref for r in readings if r.source_ref}
    stored = (
        set(
            Observation.objects.filter(tracker__member=member, source_ref__in=refs).values_list("source_ref", flat=True)
        )
        if refs
        else set()
    )
    planned: list[tuple[_Reading, Tracker | None, str, float]] = []
    # The unit a tracker to be made will have: that of the first reading for it.
    new_units: dict[str, str] = {}
    sent: set[str] = set()
    for reading in readings:
        if reading.source_ref and (reading.source_ref in stored or reading.source_ref in sent):
            report.duplicates.append({"entry": reading.entry, "source_ref": reading.source_ref})
            continue
        if reading.source_ref:
            sent.add(reading.source_ref)
        tracker = _tracker_of(trackers, reading.measure)
        tracker_unit = tracker.unit if tracker else new_units.setdefault(reading.measure.name, reading.unit)
        value = _converted(reading.value, reading.unit, tracker_unit)
        name = tracker.name if tracker else reading.measure.name
        if value is None:
            report.refused.append(
                {
                    "entry": reading.entry,
                    "reason": f"Your tracker {name!r} is in {tracker_unit}; {reading.unit} cannot be converted to it.",
                }
            )
            continue
        refusal = BOUNDS[tracker_unit].refusal(value)
        if refusal:
            shown = BOUNDS[tracker_unit].show(value)
            report.refused.append(
                {"entry": reading.entry, "reason": f"The value {shown} for {name} is out of bounds: {refusal}"}
            )
            continue
        planned.append((reading, tracker, tracker_unit, kept_value(BOUNDS[tracker_unit], value)))
    if len(trackers) + len(new_units) > TRACKERS_MAX and new_units:
        for reading, tracker, _unit, _value in planned:
            if tracker is None:
                report.refused.append(
                    {
                        "entry": reading.entry,
                        "reason": f"You have {len(trackers)} trackers, the most you can keep; "
                        f"make room for {reading.measure.name!r}.",
                    }
                )
    return report, planned


def do_import_bundle(member: User, document: Any) -> Report:
    """Check a bundle and, when no entry is refused, save its readings in one transaction.
    `BundleRefused` when the document is not a bundle to read at all."""
    bundle = parse_bundle(document)
    report, planned = check_bundle(member, bundle)
    # Several readings of one tracker on one day: the latest effective time is kept.
    latest: dict[tuple[str, dt.date], tuple[_Reading, Tracker | None, str, float]] = {}
    for item in planned:
        reading = item[0]
        key = (reading.measure.name, reading.day)
        if key not in latest or reading.at >= latest[key][0].at:
            latest[key] = item
    for reading, tracker, _unit, value in planned:
        kept = latest[(reading.measure.name, reading.day)][0]
        report.accepted.append(
            {
                "entry": reading.entry,
                "tracker": tracker.name if tracker else reading.measure.name,
                "day": reading.day.isoformat(),
                "value": value,
                "superseded_by": None if kept is reading else kept.entry,
            }
        )
    report.accepted.sort(key=lambda item: item["entry"])
    report.refused.sort(key=lambda item: item["entry"])
    if report.refused or not latest:
        return report
    with transaction.atomic():
        made: dict[str, Tracker] = {}
        rows: list[Observation] = []
        for reading, found, unit, value in latest.values():
            tracker = found or made.get(reading.measure.name)
            if tracker is None:
                tracker = do_create_tracker(
                    member,
                    name=reading.measure.name,
                    kind=TrackerKind.NUMBER,
                    unit=unit,
                    loinc=reading.measure.loinc,
                )
                made[reading.measure.name] = tracker
            rows.append(
                Observation(
                    tracker=tracker,
                    day=reading.day,
                    value=value,
                    source=Source.FHIR,
                    source_ref=reading.source_ref,
                    recorded_at=reading.at,
                )
            )
        # A reading from an earlier bundle that is later in its day stays (the latest wins).
        first, last = min(r.day for r in rows), max(r.day for r in rows)
        stored_at = {
            (tracker_id, day): at
            for tracker_id, day, at in Observation.objects.select_for_update()
            .filter(tracker__member=member, source=Source.FHIR, day__range=(first, last))
            .values_list("tracker_id", "day", "recorded_at")
        }
        rows = [r for r in rows if stored_at.get((r.tracker_id, r.day), r.recorded_at) <= r.recorded_at]
        Observation.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["tracker", "day"],
            update_fields=["value", "source", "source_ref", "recorded_at"],
        )
        goals.check_milestones(member)
    return report
