"""Writes to treatment reports: a member reports on a treatment for a condition, changes the report
or removes it. Pages and the API call these, so each rule lives here once.

A report and its side effects are written in one transaction, and the figures of its treatment and
condition are recomputed after it commits (`hearth.experiences.figures`). There is one report per
member, treatment and condition: a second one is refused as `DuplicateReport`, naming the first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.accounts.models import User
from hearth.conditions.models import Condition
from hearth.experiences import figures
from hearth.experiences.models import (
    SIDE_EFFECT_NAME_MAX,
    SIDE_EFFECTS_MAX,
    STOP_NOTE_MAX,
    TIP_MAX,
    Burden,
    CostBand,
    Effectiveness,
    MissedDoses,
    ReportedSideEffect,
    Severity,
    StopReason,
    TreatmentReport,
)
from hearth.profiles.actions import check_treatment_dates
from hearth.profiles.models import Visibility
from hearth.treatments.models import Treatment

# Side effects a member names in their own words, besides those the treatment lists.
OWN_SIDE_EFFECTS_MAX = 5
NUL_REFUSED = "Null characters are not allowed."


@dataclass(frozen=True)
class SideEffectInput:
    name: str
    severity: str


@dataclass(frozen=True)
class ReportInput:
    """What a member says about a treatment, as a form or the API hands it over."""

    effectiveness: str
    started_on: dt.date | None = None
    stopped_on: dt.date | None = None
    stop_reasons: Sequence[str] = ()
    stop_note: str = ""
    side_effects: Sequence[SideEffectInput] = ()
    missed_doses: str = ""
    burden: str = ""
    cost_band: str = ""
    tip: str = ""
    share_tip: bool = False
    visibility: str = Visibility.ONLY_ME


@dataclass(frozen=True)
class _SideEffect:
    name: str
    listed: bool
    severity: str


@dataclass(frozen=True)
class _Checked:
    fields: dict[str, object]
    side_effects: list[_SideEffect] = field(default_factory=list)


class DuplicateReport(ValidationError):  # noqa: N818  (named for what happened, as DuplicateSubmission is)
    """The member already reported on this treatment for this condition: change that report instead."""

    def __init__(self, report: TreatmentReport) -> None:
        super().__init__(
            f"You have already reported on {report.treatment.name} for {report.condition.name}. "
            "Change that report instead of writing a second one.",
            code="duplicate",
        )
        self.report = report


def find_pair(treatment_slug: str, condition_slug: str) -> tuple[Treatment, Condition]:
    """The treatment and the condition a report is about; the catalogue must link them."""
    treatment = Treatment.objects.filter(slug=treatment_slug).first() if _is_slug(treatment_slug) else None
    if treatment is None:
        raise ValidationError("Choose a treatment from the catalogue.", code="unknown_treatment")
    condition = Condition.objects.filter(slug=condition_slug).first() if _is_slug(condition_slug) else None
    if condition is None:
        raise ValidationError("Choose a condition from the catalogue.", code="unknown_condition")
    if not treatment.conditions.filter(pk=condition.pk).exists():
        raise ValidationError(
            f"The catalogue does not list {treatment.name} as a treatment for {condition.name}. "
            "Choose the condition you take it for, or propose the link to the catalogue.",
            code="not_linked",
        )
    return treatment, condition


def _is_slug(text: str) -> bool:
    # A doctored slug (a NUL, which PostgreSQL cannot compare, or a huge one) finds nothing.
    return 0 < len(text) <= 100 and "\x00" not in text


def _choice(value: str, choices: Any, what: str) -> str:
    if value and value not in choices.values:
        raise ValidationError(f"Choose one of the {what} offered.", code="choice")
    return value


def _text(value: str, *, limit: int, what: str, one_line: bool) -> str:
    if "\x00" in value:
        raise ValidationError(NUL_REFUSED, code="null_characters_not_allowed")
    text = " ".join(value.split()) if one_line else value.strip()
    if len(text) > limit:
        raise ValidationError(f"Keep {what} under {limit} characters.", code="too_long")
    return text


def _check_stop(data: ReportInput) -> tuple[list[str], str]:
    unknown = [reason for reason in data.stop_reasons if reason not in StopReason.values]
    if unknown:
        raise ValidationError("Choose reasons for stopping from the list.", code="choice")
    reasons = [reason for reason in StopReason.values if reason in set(data.stop_reasons)]
    note = _text(data.stop_note, limit=STOP_NOTE_MAX, what="why you stopped", one_line=True)
    if (reasons or note) and data.stopped_on is None:
        raise ValidationError(
            "You gave a reason for stopping: add the date you stopped, or clear the reasons.",
            code="reasons_without_stop",
        )
    return reasons, note


def _check_side_effects(treatment: Treatment, wanted: Sequence[SideEffectInput]) -> list[_SideEffect]:
    listed = {str(name).casefold(): str(name) for name in treatment.side_effects or []}
    found: list[_SideEffect] = []
    seen: set[str] = set()
    for item in wanted:
        if "\x00" in item.name:
            raise ValidationError(NUL_REFUSED, code="null_characters_not_allowed")
        name = " ".join(item.name.split())
        if not name:
            raise ValidationError("Name each side effect you add.", code="side_effect_name")
        if len(name) > SIDE_EFFECT_NAME_MAX:
            raise ValidationError(
                f"Keep the name of a side effect under {SIDE_EFFECT_NAME_MAX} characters.", code="too_long"
            )
        if item.severity not in Severity.values:
            raise ValidationError(f"Choose how bad “{name}” was: mild, moderate or severe.", code="severity")
        key = name.casefold()
        if key in seen:
            raise ValidationError(
                f"“{name}” is listed twice. Keep it once, with how bad it was at worst.",
                code="duplicate_side_effect",
            )
        seen.add(key)
        found.append(_SideEffect(listed.get(key, name), key in listed, item.severity))
    if len(found) > SIDE_EFFECTS_MAX:
        raise ValidationError(f"A report lists at most {SIDE_EFFECTS_MAX} side effects.", code="too_many_side_effects")
    if sum(not effect.listed for effect in found) > OWN_SIDE_EFFECTS_MAX:
        raise ValidationError(
            f"Add at most {OWN_SIDE_EFFECTS_MAX} side effects in your own words; tick the others in the list.",
            code="too_many_side_effects",
        )
    return found


def check_report(treatment: Treatment, data: ReportInput) -> _Checked:
    """Validate a report about `treatment`; the first problem is refused with a clear message."""
    if data.effectiveness not in Effectiveness.values:
        raise ValidationError("Say how well it worked for you.", code="effectiveness")
    check_treatment_dates(data.started_on, data.stopped_on)
    reasons, note = _check_stop(data)
    side_effects = _check_side_effects(treatment, data.side_effects)
    return _Checked(
        fields={
            "effectiveness": data.effectiveness,
            "started_on": data.started_on,
            "stopped_on": data.stopped_on,
            "stop_reasons": reasons,
            "stop_note": note,
            "missed_doses": _choice(data.missed_doses, MissedDoses, "answers about missed doses"),
            "burden": _choice(data.burden, Burden, "answers about how hard it is"),
            "cost_band": _choice(data.cost_band, CostBand, "cost bands"),
            "tip": _text(data.tip, limit=TIP_MAX, what="your tip", one_line=False),
            "share_tip": bool(data.share_tip),
            "visibility": _choice(data.visibility or Visibility.ONLY_ME, Visibility, "visibilities"),
        },
        side_effects=side_effects,
    )


def existing_report(member: User, treatment: Treatment, condition: Condition) -> TreatmentReport | None:
    return TreatmentReport.objects.filter(member=member, treatment=treatment, condition=condition).first()


def _write_side_effects(report: TreatmentReport, side_effects: list[_SideEffect]) -> None:
    ReportedSideEffect.objects.filter(report=report).delete()
    ReportedSideEffect.objects.bulk_create(
        [ReportedSideEffect(report=report, name=e.name, listed=e.listed, severity=e.severity) for e in side_effects]
    )


def do_create_report(member: User, treatment_slug: str, condition_slug: str, data: ReportInput) -> TreatmentReport:
    """Report on a treatment for a condition; `DuplicateReport` if the member already did."""
    treatment, condition = find_pair(treatment_slug, condition_slug)
    checked = check_report(treatment, data)
    existing = existing_report(member, treatment, condition)
    if existing is not None:
        raise DuplicateReport(existing)
    with transaction.atomic():
        try:
            # Race: the same form sent twice at once; the unique constraint lets one through.
            with transaction.atomic():
                report = TreatmentReport.objects.create(
                    member=member, treatment=treatment, condition=condition, **checked.fields
                )
        except IntegrityError:
            first = TreatmentReport.objects.filter(member=member, treatment=treatment, condition=condition).first()
            if first is None:
                raise
            raise DuplicateReport(first) from None
        _write_side_effects(report, checked.side_effects)
        figures.refresh_later([(treatment.pk, condition.pk)])
    return report


def do_update_report(member: User, pk: int, data: ReportInput) -> TreatmentReport:
    """Change one of the member's reports (its treatment and condition stay); anyone else's is
    `TreatmentReport.DoesNotExist`."""
    with transaction.atomic():
        # Race: two saves at once would both replace the side effects; the second waits.
        report = (
            TreatmentReport.objects.select_for_update()
            .select_related("treatment", "condition")
            .filter(pk=pk, member=member)
            .first()
        )
        if report is None:
            raise TreatmentReport.DoesNotExist
        checked = check_report(report.treatment, data)
        for name, value in checked.fields.items():
            setattr(report, name, value)
        report.updated_at = timezone.now()
        report.save()
        _write_side_effects(report, checked.side_effects)
        figures.refresh_later([(report.treatment_id, report.condition_id)])
    return report


def do_delete_report(member: User, pk: int) -> bool:
    """Remove one of the member's reports with its side effects; False if there is none of theirs."""
    with transaction.atomic():
        report = TreatmentReport.objects.filter(pk=pk, member=member).first()
        if report is None:
            return False
        report.delete()
        figures.refresh_later([(report.treatment_id, report.condition_id)])
    return True


def input_of(report: TreatmentReport) -> ReportInput:
    """A report as it stands, to start an edit from."""
    return ReportInput(
        effectiveness=report.effectiveness,
        started_on=report.started_on,
        stopped_on=report.stopped_on,
        stop_reasons=tuple(report.stop_reasons or ()),
        stop_note=report.stop_note,
        side_effects=tuple(SideEffectInput(e.name, e.severity) for e in report.side_effects.all()),
        missed_doses=report.missed_doses,
        burden=report.burden,
        cost_band=report.cost_band,
        tip=report.tip,
        share_tip=report.share_tip,
        visibility=report.visibility,
    )
