"""API of treatment reports: your own (list, write, change, remove), one report as its visibility
lets the caller see it, and a member's reports as their profile shows them.

A report the caller may not see is 404, as if it did not exist. A second report on the same
treatment for the same condition is 409 with the first one's `id` and `url`: change that one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field, StrictBool

from hearth.accounts.access import member_of
from hearth.api.auth import OPEN_TO_ANYONE, viewer_of
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    ANY_TEXT,
    NOT_BLANK,
    NOT_FOUND,
    READ_ERRORS,
    SAYS_SOMETHING,
    STORABLE,
    TOO_MANY,
    UNAUTHORISED,
    WRITE_ERRORS,
    ErrorOut,
    Id,
    Input,
    IsoDate,
    PageQuery,
    Slug,
)
from hearth.experiences import actions
from hearth.experiences.access import own_report, own_reports, report_for, reports_on_profile
from hearth.experiences.models import (
    ANSWERS,
    SIDE_EFFECT_NAME_MAX,
    SIDE_EFFECTS_MAX,
    STOP_NOTE_MAX,
    TIP_MAX,
    Burden,
    CostBand,
    Effectiveness,
    MissedDoses,
    Severity,
    StopReason,
    TreatmentReport,
)
from hearth.profiles.access import profile_for
from hearth.profiles.api import Audience  # the communities' own `Visibility` is another list
from hearth.profiles.guard import note_profile_view

router = Router(tags=["treatment reports"])

# What each refusal of an action means for a request the document allows.
_REFUSALS = {"unknown_treatment": 404, "unknown_condition": 404}


class TreatmentReportAuthorOut(Schema):
    handle: str
    name: str
    url: str


class TreatmentReportSubjectOut(Schema):
    """A treatment or a condition a report is about."""

    slug: str
    name: str
    url: str


class TreatmentReportSideEffectOut(Schema):
    name: str
    listed: bool = Field(description="One of the side effects the treatment lists (only those enter figures).")
    severity: Severity


class TreatmentReportOut(Schema):
    id: int
    url: str
    author: TreatmentReportAuthorOut
    treatment: TreatmentReportSubjectOut
    condition: TreatmentReportSubjectOut
    started_on: dt.date | None
    stopped_on: dt.date | None
    stop_reasons: list[StopReason]
    stop_note: str
    effectiveness: Effectiveness
    side_effects: list[TreatmentReportSideEffectOut]
    missed_doses: MissedDoses | Literal[""]
    burden: Burden | Literal[""]
    cost_band: CostBand | Literal[""]
    tip: str
    share_tip: bool = Field(description="The tip may be shown on the treatment page, without a name.")
    visibility: Audience = Field(description="Who sees the report: public, communities, connections, only_me.")
    created_at: dt.datetime
    updated_at: dt.datetime


class TreatmentReportPage(Schema):
    count: int
    items: list[TreatmentReportOut]


class TreatmentReportConflictOut(Schema):
    """A refusal because of the state of things; for a second report on the same treatment and
    condition, which report already exists."""

    detail: str | list[Any]
    id: int | None = Field(None, description="The report that already exists.")
    url: str | None = Field(None, description="Its page.")


SideEffectName = Annotated[str, Field(pattern=SAYS_SOMETHING, max_length=SIDE_EFFECT_NAME_MAX), NOT_BLANK]
StopNote = Annotated[str, Field(pattern=ANY_TEXT, max_length=STOP_NOTE_MAX), STORABLE]
Tip = Annotated[str, Field(pattern=ANY_TEXT, max_length=TIP_MAX), STORABLE]
StopReasons = Annotated[list[StopReason], Field(max_length=len(StopReason))]


class TreatmentReportSideEffectIn(Input):
    name: SideEffectName = Field(description="One of the treatment's `side_effects`, or your own words.")
    severity: Severity = Field(description="How bad it was at worst.")


SideEffects = Annotated[list[TreatmentReportSideEffectIn], Field(max_length=SIDE_EFFECTS_MAX)]


class TreatmentReportIn(Input):
    treatment: Slug
    condition: Slug = Field(description="A condition the catalogue links the treatment to.")
    effectiveness: Effectiveness
    started_on: IsoDate | None = None
    stopped_on: IsoDate | None = Field(None, description="Empty while you still take it.")
    stop_reasons: StopReasons = Field(default_factory=list, description="Only with `stopped_on`.")
    stop_note: StopNote = ""
    side_effects: SideEffects = Field(
        default_factory=list,
        description=f"At most {SIDE_EFFECTS_MAX}, of which {actions.OWN_SIDE_EFFECTS_MAX} in your own words; "
        "a name given twice (in any case) is refused.",
    )
    missed_doses: MissedDoses | Literal[""] = ""
    burden: Burden | Literal[""] = ""
    cost_band: CostBand | Literal[""] = ""
    tip: Tip = ""
    share_tip: StrictBool = False
    visibility: Audience = "only_me"


class TreatmentReportPatch(Input):
    """The parts to change; an absent part stays as it is (so does a null one, except the dates,
    which null clears). `side_effects`, when given, replaces them all."""

    effectiveness: Effectiveness | None = None
    started_on: IsoDate | None = None
    stopped_on: IsoDate | None = None
    stop_reasons: StopReasons | None = None
    stop_note: StopNote | None = None
    side_effects: SideEffects | None = None
    missed_doses: MissedDoses | Literal[""] | None = None
    burden: Burden | Literal[""] | None = None
    cost_band: CostBand | Literal[""] | None = None
    tip: Tip | None = None
    share_tip: StrictBool | None = None
    visibility: Audience | None = None


def _out(report: TreatmentReport) -> dict[str, Any]:
    member, treatment, condition = report.member, report.treatment, report.condition
    return {
        "id": report.pk,
        "url": report.get_absolute_url(),
        "author": {"handle": member.handle, "name": member.public_name, "url": member.get_absolute_url()},
        "treatment": {"slug": treatment.slug, "name": treatment.name, "url": treatment.get_absolute_url()},
        "condition": {"slug": condition.slug, "name": condition.name, "url": condition.get_absolute_url()},
        "side_effects": [
            {"name": e.name, "listed": e.listed, "severity": e.severity} for e in report.side_effects.all()
        ],
        **{name: getattr(report, name) for name in (*ANSWERS, "created_at", "updated_at")},
    }


def _side_effects(given: list[TreatmentReportSideEffectIn]) -> tuple[actions.SideEffectInput, ...]:
    return tuple(actions.SideEffectInput(e.name, e.severity) for e in given)


def _page(reports: Any, query: PageQuery) -> dict[str, Any]:
    items = reports[query.offset : query.offset + query.limit]
    return {"count": reports.count(), "items": [_out(r) for r in items]}


WRITE_REFUSALS = {**WRITE_ERRORS, **NOT_FOUND, 409: TreatmentReportConflictOut}


@router.get(
    "/treatment-reports",
    response={200: TreatmentReportPage, **UNAUTHORISED, 422: ErrorOut},
    summary="Your treatment reports, most recently changed first",
)
def list_own_reports(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    return _page(own_reports(member_of(request)), query)


@router.post(
    "/treatment-reports",
    response={201: TreatmentReportOut, **WRITE_REFUSALS},
    summary="Report on a treatment for a condition",
    description="404 for a treatment or condition not in the catalogue; 409 for a treatment the catalogue "
    "does not link to the condition, impossible dates, a side effect named twice, or a report you "
    "already wrote on it (its `id` and `url` are given: change that one).",
)
def create_report(request: HttpRequest, data: TreatmentReportIn) -> Status[Any]:
    member = member_of(request)
    given = actions.ReportInput(
        effectiveness=data.effectiveness,
        started_on=data.started_on,
        stopped_on=data.stopped_on,
        stop_reasons=tuple(data.stop_reasons),
        stop_note=data.stop_note,
        side_effects=_side_effects(data.side_effects),
        missed_doses=data.missed_doses,
        burden=data.burden,
        cost_band=data.cost_band,
        tip=data.tip,
        share_tip=data.share_tip,
        visibility=data.visibility,
    )
    with refused_as(_REFUSALS, otherwise=409):
        try:
            report = actions.do_create_report(member, data.treatment, data.condition, given)
        except actions.DuplicateReport as duplicate:
            first = duplicate.report
            return Status(409, {"detail": duplicate.messages[0], "id": first.pk, "url": first.get_absolute_url()})
    return Status(201, _out(own_report(member, report.pk)))


@router.get(
    "/treatment-reports/{report_id}",
    response={200: TreatmentReportOut, **READ_ERRORS},
    **OPEN_TO_ANYONE,
    summary="One treatment report, if its author lets you see it",
)
def get_report(request: HttpRequest, report_id: Id) -> dict[str, Any]:
    return _out(report_for(viewer_of(request), report_id))


@router.patch(
    "/treatment-reports/{report_id}",
    response={200: TreatmentReportOut, **WRITE_REFUSALS},
    summary="Change one of your treatment reports",
    description="Its treatment and condition stay. 404 for a report that is not yours; 409 as when writing one.",
)
def update_report(request: HttpRequest, report_id: Id, changes: TreatmentReportPatch) -> dict[str, Any]:
    member = member_of(request)
    report = own_report(member, report_id)
    given = changes.model_fields_set
    kept = {"started_on", "stopped_on"}  # null clears these; for the others it keeps what is there
    updates: dict[str, Any] = {
        name: getattr(changes, name)
        for name in given
        if name != "side_effects" and (name in kept or getattr(changes, name) is not None)
    }
    if "stop_reasons" in updates:
        updates["stop_reasons"] = tuple(updates["stop_reasons"])
    if changes.side_effects is not None:
        updates["side_effects"] = _side_effects(changes.side_effects)
    try:
        with refused_as(_REFUSALS, otherwise=409):
            actions.do_update_report(member, report.pk, replace(actions.input_of(report), **updates))
    except TreatmentReport.DoesNotExist:
        raise Http404 from None
    return _out(own_report(member, report.pk))


@router.delete(
    "/treatment-reports/{report_id}",
    response={204: None, **WRITE_ERRORS, **NOT_FOUND},
    summary="Remove one of your treatment reports",
)
def delete_report(request: HttpRequest, report_id: Id) -> Status[None]:
    if not actions.do_delete_report(member_of(request), report_id):
        raise Http404
    return Status(204, None)


@router.get(
    "/members/{handle}/treatment-reports",
    response={200: TreatmentReportPage, **READ_ERRORS, **TOO_MANY},
    **OPEN_TO_ANYONE,
    summary="A member's treatment reports that you may see, as their profile shows them",
)
def member_reports(
    request: HttpRequest,
    handle: Annotated[str, Field(pattern=ANY_TEXT, max_length=60), STORABLE],
    query: Query[PageQuery],
) -> dict[str, Any]:
    viewer = viewer_of(request)
    view = profile_for(viewer, handle)
    note_profile_view(request, viewer, view.member)
    return _page(reports_on_profile(view), query)
