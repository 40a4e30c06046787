"""API of a member's own tracking: check-ins by day, trackers and their readings, the series a
chart can draw, and readings from apps and devices as a FHIR R4 Bundle (`fhir.py`).

Everything here is the signed-in member's alone; another member's tracker answers 404. Refusals
the document cannot foresee (a day in the future, a name already taken, a value out of a
tracker's bounds) answer 409; an unknown symptom or dose 404. Schema names start with
"Tracking" because names are shared across the whole document.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import BeforeValidator, Field, StrictBool, WithJsonSchema
from pydantic_core import PydanticCustomError

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.api.schemas import (
    ANY_TEXT,
    CONFLICT,
    DATE_SCHEMA,
    NOT_BLANK,
    NOT_FOUND,
    NUL_REFUSED,
    SAYS_SOMETHING,
    STORABLE,
    TOO_MANY,
    UNAUTHORISED,
    WRITE_ERRORS,
    BodyId,
    ErrorOut,
    Id,
    Input,
    IsoDate,
    PageQuery,
    Slug,
)
from hearth.tracking import checkins, fhir
from hearth.tracking.access import own_tracker
from hearth.tracking.models import NOTE_MAX, TRACKER_NAME_MAX, CheckIn, DoseTaken, Source, SymptomRating, Tracker
from hearth.tracking.series import Series, available_series, local_today, points, series_of
from hearth.tracking.units import BOUNDS, TrackerKind, Unit

router = Router(tags=["tracking"])

READS = {**UNAUTHORISED, **NOT_FOUND, 422: ErrorOut}
WRITES = {**WRITE_ERRORS, **NOT_FOUND, **CONFLICT, **TOO_MANY}
DEFAULT_DAYS = 30


def _refused(error: ValidationError, *, not_found: Collection[str] = ()) -> HttpError:
    """An action's refusal as the status it stands for: 404 for what names something unknown
    (`not_found` fields), 409 for the rest, which the document cannot foresee."""
    fields: dict[str, list[str]] = error.message_dict if hasattr(error, "error_dict") else {}
    for name in not_found:
        if name in fields:
            return HttpError(404, fields[name][0])
    said = [
        message if name == NON_FIELD_ERRORS else f"{name}: {message}"
        for name, messages in fields.items()
        for message in messages
    ]
    return HttpError(409, " ".join(said or error.messages))


def _whole_number(value: Any) -> Any:
    # JSON Schema's integer takes 3 and 3.0, never true nor "3", which lax parsing would.
    if isinstance(value, bool | str):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


OneToFive = Annotated[int, Field(ge=1, le=5), BeforeValidator(_whole_number)]
ZeroToTen = Annotated[int, Field(ge=0, le=10), BeforeValidator(_whole_number)]
SeverityValue = Annotated[int, Field(ge=0, le=3), BeforeValidator(_whole_number)]


# A query parameter is a string or absent, never null: the document says so.
DateParam = Annotated[IsoDate | None, WithJsonSchema(DATE_SCHEMA)]


class TrackingPeriodQuery(PageQuery):
    from_: DateParam = Field(None, alias="from", description="The first day (default: 30 days ago).")
    to: DateParam = Field(None, description="The last day (default: today).")


def _period(member: User, query: TrackingPeriodQuery | TrackingPointsQuery) -> tuple[dt.date, dt.date]:
    """The period asked for, within the days tracking can hold (so no date arithmetic overflows)."""
    earliest = checkins.earliest_day(member)
    end = min(max(query.to or local_today(member), earliest), local_today(member))
    start = query.from_ or end - dt.timedelta(days=DEFAULT_DAYS - 1)
    return max(start, earliest), end


# --- Check-ins ------------------------------------------------------------------------------------


class TrackingDoseOut(Schema):
    treatment: str = Field(description="The treatment's slug.")
    name: str
    label: str = Field(description='When it is taken, e.g. "Morning".')
    taken: bool


class TrackingCheckInOut(Schema):
    day: dt.date
    feeling: int | None = Field(description="1 (very bad) to 5 (very good).")
    pain: int | None = Field(description="0 to 10.")
    energy: int | None = Field(description="0 to 10.")
    sleep_hours: float | None
    note: str
    symptoms: dict[str, int] = Field(description="Symptom slug: severity, 0 (none) to 3 (severe).")
    doses: list[TrackingDoseOut]
    source: str
    updated_at: dt.datetime
    url: str


class TrackingCheckInPage(Schema):
    count: int
    items: list[TrackingCheckInOut]


class TrackingDoseIn(Input):
    dose: BodyId = Field(description="The id of one of your scheduled doses.")
    taken: StrictBool


class TrackingCheckInIn(Input):
    """The day's check-in; what is left out is not recorded, except symptoms and doses rated
    earlier that day, which stay."""

    feeling: OneToFive | None = None
    pain: ZeroToTen | None = None
    energy: ZeroToTen | None = None
    sleep_hours: Annotated[float, Field(ge=0, le=24, allow_inf_nan=False)] | None = Field(
        None, description="Hours, kept to one decimal."
    )
    note: Annotated[str, Field(pattern=ANY_TEXT, max_length=NOTE_MAX), STORABLE] = ""
    symptoms: Annotated[
        dict[Slug, SeverityValue],
        Field(
            max_length=checkins.SYMPTOMS_PER_CHECK_IN_MAX,
            # Every key a slug, as the document must say for clients to know.
            json_schema_extra={"additionalProperties": False, "propertyNames": {"pattern": r"^[-a-zA-Z0-9_]+$"}},
        ),
    ] = Field(default_factory=dict, description='Symptom slug: severity 0–3, e.g. {"fatigue": 2}.')
    doses: Annotated[list[TrackingDoseIn], Field(max_length=checkins.DOSES_PER_CHECK_IN_MAX)] = Field(
        default_factory=list
    )


def _check_ins(member: User) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(member=member).prefetch_related(
        Prefetch("ratings", queryset=SymptomRating.objects.select_related("symptom")),
        Prefetch("doses", queryset=DoseTaken.objects.select_related("treatment")),
    )


def _check_in_url(day: dt.date) -> str:
    return reverse("check_in_on", kwargs={"year": day.year, "month": day.month, "day": day.day})


def _check_in_out(check_in: CheckIn) -> TrackingCheckInOut:
    return TrackingCheckInOut(
        day=check_in.day,
        feeling=check_in.feeling,
        pain=check_in.pain,
        energy=check_in.energy,
        sleep_hours=float(check_in.sleep_hours) if check_in.sleep_hours is not None else None,
        note=check_in.note,
        symptoms={rating.symptom.slug: rating.severity for rating in check_in.ratings.all()},
        doses=[
            TrackingDoseOut(treatment=dose.treatment.slug, name=dose.treatment.name, label=dose.label, taken=dose.taken)
            for dose in check_in.doses.all()
        ],
        source=check_in.source,
        updated_at=check_in.updated_at,
        url=_check_in_url(check_in.day),
    )


def _own_check_in(member: User, day: dt.date) -> CheckIn:
    check_in = _check_ins(member).filter(day=day).first()
    if check_in is None:
        raise Http404
    return check_in


@router.get(
    "/tracking/check-ins",
    response={200: TrackingCheckInPage, **UNAUTHORISED, 422: ErrorOut},
    summary="Your check-ins, newest first",
    description="From `from` to `to` (both included; by default the last 30 days).",
)
def list_check_ins(request: HttpRequest, query: Query[TrackingPeriodQuery]) -> TrackingCheckInPage:
    member = member_of(request)
    start, end = _period(member, query)
    found = _check_ins(member).filter(day__range=(start, end)).order_by("-day")
    items = found[query.offset : query.offset + query.limit]
    return TrackingCheckInPage(count=found.count(), items=[_check_in_out(check_in) for check_in in items])


@router.get("/tracking/check-ins/{day}", response={200: TrackingCheckInOut, **READS}, summary="Your check-in of a day")
def get_check_in(request: HttpRequest, day: IsoDate) -> TrackingCheckInOut:
    return _check_in_out(_own_check_in(member_of(request), day))


@router.put(
    "/tracking/check-ins/{day}",
    response={200: TrackingCheckInOut, **WRITES},
    summary="Check in for a day, or change that day's check-in",
    description="One check-in a local day: sending again replaces its feeling, pain, energy, sleep and "
    "note, and sets the symptoms and doses given. 409 for a day in the future or more than ten years "
    "ago, or a check-in with nothing in it; 404 for an unknown symptom or a dose not yours.",
)
def put_check_in(request: HttpRequest, day: IsoDate, data: TrackingCheckInIn) -> TrackingCheckInOut:
    member = member_of(request)
    entry = checkins.CheckInInput(
        day=day,
        feeling=data.feeling,
        pain=data.pain,
        energy=data.energy,
        sleep_hours=Decimal(str(data.sleep_hours)) if data.sleep_hours is not None else None,
        note=data.note,
        symptoms=dict(data.symptoms),
        doses={dose.dose: dose.taken for dose in data.doses},
    )
    try:
        checkins.do_check_in(member, entry, source=Source.API)
    except ValidationError as error:
        raise _refused(error, not_found=("symptoms", "doses")) from error
    return _check_in_out(_own_check_in(member, day))


@router.delete(
    "/tracking/check-ins/{day}",
    response={204: None, **WRITE_ERRORS, **NOT_FOUND},
    summary="Delete your check-in of a day",
)
def delete_check_in(request: HttpRequest, day: IsoDate) -> Status[None]:
    member = member_of(request)
    checkins.do_delete_check_in(member, _own_check_in(member, day))
    return Status(204, None)


# --- Trackers and readings ------------------------------------------------------------------------


class TrackingTrackerOut(Schema):
    id: int
    name: str
    kind: TrackerKind
    unit: Unit
    unit_symbol: str = Field(description='How values are written, e.g. "kg"; empty for a scale or yes/no.')
    low: float = Field(description="The lowest value a reading may have.")
    high: float = Field(description="The highest value a reading may have.")
    loinc: str = Field(description="The LOINC code readings from devices arrive under, or empty.")
    series: str = Field(description="Its series key, for /tracking/series/{key}.")
    url: str

    @staticmethod
    def resolve_unit_symbol(obj: Tracker) -> str:
        return BOUNDS[obj.unit].symbol

    @staticmethod
    def resolve_low(obj: Tracker) -> float:
        return BOUNDS[obj.unit].low

    @staticmethod
    def resolve_high(obj: Tracker) -> float:
        return BOUNDS[obj.unit].high

    @staticmethod
    def resolve_series(obj: Tracker) -> str:
        return f"tracker-{obj.pk}"

    @staticmethod
    def resolve_url(obj: Tracker) -> str:
        return reverse("tracker_detail", args=[obj.pk])


TrackerName = Annotated[str, Field(pattern=SAYS_SOMETHING, max_length=TRACKER_NAME_MAX), NOT_BLANK]


class TrackingTrackerIn(Input):
    name: TrackerName
    kind: TrackerKind = Field(description="number (with a unit), scale (0 to 10) or yes_no.")
    unit: Unit | None = Field(None, description="For a number: its unit. A scale or yes/no has its own.")
    loinc: Annotated[str, Field(pattern=r"^([0-9]{1,8}-[0-9])?$")] = ""


class TrackingTrackerPatch(Input):
    name: TrackerName


class TrackingReadingIn(Input):
    value: Annotated[float, Field(allow_inf_nan=False, ge=-1e12, le=1e12)] = Field(
        description="In the tracker's unit, from its `low` to its `high`; 0 or 1 for yes/no."
    )


class TrackingReadingOut(Schema):
    tracker: int
    day: dt.date
    value: float
    source: str
    url: str


@router.get("/tracking/trackers", response={200: list[TrackingTrackerOut], **UNAUTHORISED}, summary="Your trackers")
def list_trackers(request: HttpRequest) -> list[Tracker]:
    return list(Tracker.objects.filter(member=member_of(request)))


@router.post(
    "/tracking/trackers",
    response={201: TrackingTrackerOut, **WRITES},
    summary="Add a tracker",
    description=f"At most {checkins.TRACKERS_MAX}; names are unique (whatever their case). 409 otherwise, "
    "and for a number without a unit or a scale or yes/no with another unit.",
)
def create_tracker(request: HttpRequest, data: TrackingTrackerIn) -> Status[Tracker]:
    try:
        tracker = checkins.do_create_tracker(
            member_of(request), name=data.name, kind=data.kind, unit=data.unit, loinc=data.loinc
        )
    except ValidationError as error:
        raise _refused(error) from error
    return Status(201, tracker)


@router.get("/tracking/trackers/{tracker_id}", response={200: TrackingTrackerOut, **READS}, summary="One tracker")
def get_tracker(request: HttpRequest, tracker_id: Id) -> Tracker:
    return own_tracker(member_of(request), tracker_id)


@router.patch(
    "/tracking/trackers/{tracker_id}", response={200: TrackingTrackerOut, **WRITES}, summary="Rename a tracker"
)
def rename_tracker(request: HttpRequest, tracker_id: Id, data: TrackingTrackerPatch) -> Tracker:
    member = member_of(request)
    try:
        return checkins.do_update_tracker(member, own_tracker(member, tracker_id), name=data.name)
    except ValidationError as error:
        raise _refused(error) from error


@router.delete(
    "/tracking/trackers/{tracker_id}",
    response={204: None, **WRITE_ERRORS, **NOT_FOUND},
    summary="Delete a tracker, its readings and its goals",
)
def delete_tracker(request: HttpRequest, tracker_id: Id) -> Status[None]:
    member = member_of(request)
    checkins.do_delete_tracker(member, own_tracker(member, tracker_id))
    return Status(204, None)


@router.put(
    "/tracking/trackers/{tracker_id}/readings/{day}",
    response={200: TrackingReadingOut, **WRITES},
    summary="Record a tracker's value for a day",
    description="One value a day: a second replaces the first. 409 for a value outside the tracker's "
    "`low`–`high`, or a day in the future or more than ten years ago.",
)
def put_reading(request: HttpRequest, tracker_id: Id, day: IsoDate, data: TrackingReadingIn) -> TrackingReadingOut:
    member = member_of(request)
    tracker = own_tracker(member, tracker_id)
    try:
        observation = checkins.do_record(member, tracker, day, data.value, source=Source.API)
    except ValidationError as error:
        raise _refused(error) from error
    return TrackingReadingOut(
        tracker=tracker.pk,
        day=day,
        value=observation.value,
        source=observation.source,
        url=reverse("tracker_detail", args=[tracker.pk]),
    )


@router.delete(
    "/tracking/trackers/{tracker_id}/readings/{day}",
    response={204: None, **WRITE_ERRORS, **NOT_FOUND},
    summary="Remove a tracker's value of a day",
)
def delete_reading(request: HttpRequest, tracker_id: Id, day: IsoDate) -> Status[None]:
    member = member_of(request)
    tracker = own_tracker(member, tracker_id)
    if not tracker.observations.filter(day=day).exists():
        raise Http404
    checkins.do_remove_reading(member, tracker, day)
    return Status(204, None)


# --- Series ---------------------------------------------------------------------------------------


class TrackingSeriesOut(Schema):
    key: str = Field(description="feeling, pain, energy, sleep, symptom-<slug> or tracker-<id>.")
    label: str
    unit: str
    url: str = Field(description="The chart page showing this series.")


class TrackingPointOut(Schema):
    day: dt.date
    value: float


class TrackingPointsOut(TrackingSeriesOut):
    from_: dt.date = Field(alias="from")
    to: dt.date
    points: list[TrackingPointOut] = Field(description="Oldest first; days without a value are left out.")


class TrackingPointsQuery(Schema):
    from_: DateParam = Field(None, alias="from", description="The first day (default: 30 days ago).")
    to: DateParam = Field(None, description="The last day (default: today).")


SeriesKey = Annotated[
    str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=120, description="A key from /tracking/series.")
]


def _series_out(one: Series) -> dict[str, Any]:
    return {
        "key": one.key,
        "label": one.label,
        "unit": one.unit,
        "url": f"{reverse('tracking_charts')}?series={one.key}",
    }


@router.get(
    "/tracking/series",
    response={200: list[TrackingSeriesOut], **UNAUTHORISED},
    summary="What you can chart: the check-in's measures, your symptoms, your trackers",
)
def list_series(request: HttpRequest) -> list[dict[str, Any]]:
    return [_series_out(one) for one in available_series(member_of(request))]


@router.get(
    "/tracking/series/{key}",
    response={200: TrackingPointsOut, **READS},
    by_alias=True,
    summary="The values of one series, day by day",
)
def series_points(request: HttpRequest, key: SeriesKey, query: Query[TrackingPointsQuery]) -> dict[str, Any]:
    member = member_of(request)
    one = series_of(member, key)
    if one is None:
        raise Http404
    start, end = _period(member, query)
    found = points(member, one, start, end) if start <= end else []
    return _series_out(one) | {
        "from": start,
        "to": end,
        "points": [{"day": point.day, "value": point.value} for point in found],
    }


# --- FHIR -----------------------------------------------------------------------------------------


class TrackingFhirAccepted(Schema):
    entry: int = Field(description="The entry's index in the bundle, from 0.")
    tracker: str
    day: dt.date
    value: float = Field(description="In the tracker's unit (converted from pounds or mmol/L when needed).")
    superseded_by: int | None = Field(
        description="When another entry of the bundle is a later reading of the same tracker on the same day, "
        "its index: that one is kept."
    )


class TrackingFhirDuplicate(Schema):
    entry: int
    source_ref: str


class TrackingFhirRefused(Schema):
    entry: int
    reason: str


class TrackingFhirReport(Schema):
    accepted: list[TrackingFhirAccepted]
    duplicates: list[TrackingFhirDuplicate] = Field(description="Already imported: ignored.")
    refused: list[TrackingFhirRefused]


class TrackingFhirRefusal(Schema):
    """Why nothing was saved: a sentence, and for a bundle that was read, the report of every entry."""

    detail: str | list[Any]
    accepted: list[TrackingFhirAccepted] = Field(default_factory=list)
    duplicates: list[TrackingFhirDuplicate] = Field(default_factory=list)
    refused: list[TrackingFhirRefused] = Field(default_factory=list)


_BUNDLE_SCHEMA = {
    "type": "object",
    "description": "A FHIR R4 Bundle (collection, transaction or batch) of Observations.",
    "required": ["resourceType", "type"],
    "properties": {
        "resourceType": {"type": "string", "enum": ["Bundle"]},
        "type": {"type": "string", "enum": list(fhir.BUNDLE_TYPES)},
        "entry": {
            "type": "array",
            "maxItems": fhir.MAX_ENTRIES,
            "items": {
                "type": "object",
                "properties": {"fullUrl": {"type": "string", "pattern": ANY_TEXT}, "resource": {"type": "object"}},
            },
        },
    },
}


@router.post(
    "/tracking/fhir",
    response={
        200: TrackingFhirReport,
        422: TrackingFhirRefusal,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        413: ErrorOut,
    },
    summary="Import readings from an app or device (FHIR R4 Bundle of Observations)",
    description=(
        "Heart rate (LOINC 8867-4, /min), steps (41950-7 or 55423-8, {steps} or 1), body weight (29463-7, kg "
        "or [lb_av]) and blood glucose (2339-0, 15074-8 or 2345-7; mg/dL or mmol/L) go to your trackers "
        "Heart rate, Steps, Weight and Blood glucose (made when missing; kg and lb, mg/dL and mmol/L are "
        "converted to the tracker's unit). The day is the effective time's day in your time zone. One value "
        "a tracker a day: of several readings that day the latest effective time wins. All or nothing: when "
        "any entry is refused (not an Observation, an unknown code or unit, a future date, a value out of "
        "bounds), the answer is 422 with the report of every entry and nothing is saved. An entry sent "
        "before (same fullUrl, else id, else first identifier) is ignored and listed in `duplicates`. At "
        f"most {fhir.MAX_ENTRIES:,} entries and 1 MB."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/fhir+json": {"schema": _BUNDLE_SCHEMA},
                "application/json": {"schema": _BUNDLE_SCHEMA},
            },
        }
    },
)
def import_fhir(request: HttpRequest) -> Status[dict[str, Any]]:
    if int(request.META.get("CONTENT_LENGTH") or 0) > fhir.MAX_BYTES:
        raise HttpError(413, "The bundle is larger than 1 MB; send it in parts.")
    body = request.body
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        raise HttpError(400, "The body is not JSON: send a FHIR Bundle as JSON.") from None
    # FHIR's string and uri types admit a NUL, which no text column can store: refused as any
    # other body's text is, before the bundle is read.
    if b"\\u0000" in body:
        raise NinjaValidationError([{"loc": ("body",), "msg": NUL_REFUSED, "type": "value_error"}])
    try:
        report = fhir.do_import_bundle(member_of(request), document)
    except fhir.BundleRefused as refused:
        raise HttpError(refused.status, refused.message) from None
    except ValidationError as error:  # a tracker made meanwhile, or too many
        raise HttpError(422, " ".join(error.messages)) from error
    if not report.saved:
        count = len(report.refused)
        detail = f"{count} entr{'y was' if count == 1 else 'ies were'} refused; nothing was saved."
        return Status(422, {"detail": detail, **report.as_dict()})
    return Status(200, report.as_dict())
