"""Forms for treatment reports: choosing what to report on, and the report itself.

The side effects a treatment lists each get a group of choices (did not have it, mild, moderate,
severe); a few more may be named in the member's own words. Everything works without JavaScript.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from hearth.conditions.models import Condition
from hearth.experiences.actions import OWN_SIDE_EFFECTS_MAX, ReportInput, SideEffectInput
from hearth.experiences.models import (
    ANSWERS,
    SIDE_EFFECT_NAME_MAX,
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
from hearth.profiles.forms import DateInput
from hearth.profiles.models import ProfileCondition, Visibility
from hearth.treatments.models import Treatment

OWN_ROWS_SHOWN = 3
NOT_HAD = ""
SEVERITY_CHOICES = [(NOT_HAD, "Did not have it"), *Severity.choices]

# Where an action's refusal belongs in the form (the others are said above it).
_ERROR_FIELDS = {
    "future_start": "started_on",
    "too_early": "started_on",
    "future_stop": "stopped_on",
    "stop_before_start": "stopped_on",
    "reasons_without_stop": "stopped_on",
    "effectiveness": "effectiveness",
}


def condition_choices(member: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every condition by category, the member's own first."""
    own = list(
        ProfileCondition.objects.filter(profile_id=member.pk)
        .order_by("condition__name")
        .values_list("condition__slug", "condition__name")
    )
    everything = Condition.objects.order_by("category", "name").values_list("category", "slug", "name")
    groups = [
        (category, [(slug, name) for _, slug, name in group])
        for category, group in groupby(everything, key=lambda row: row[0])
    ]
    return [("Your conditions", own), *groups] if own else groups


class ChooseForm(forms.Form):
    """Which treatment, for which condition: a plain GET form, answered with a list to pick from."""

    condition = forms.ChoiceField(label="Condition you take it for")
    q = forms.CharField(
        label="Treatment",
        required=False,
        max_length=100,
        help_text="Any name: generic or brand (for example “Plaquenil”). Leave it empty to list them all.",
    )

    def __init__(self, member: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["condition"].choices = [("", "Choose a condition"), *condition_choices(member)]  # type: ignore[attr-defined]


def _listed_names(treatment: Treatment, report: TreatmentReport | None) -> list[str]:
    names = [str(name) for name in treatment.side_effects or []]
    if report is not None:
        known = {name.casefold() for name in names}
        # A side effect the catalogue listed when it was reported, and no longer does.
        names += [e.name for e in report.side_effects.all() if e.listed and e.name.casefold() not in known]
    return names


class ReportForm(forms.Form):
    started_on = forms.DateField(label="When you started (optional)", required=False, widget=DateInput)
    stopped_on = forms.DateField(
        label="When you stopped (optional)",
        required=False,
        widget=DateInput,
        help_text="Leave it empty if you still take it.",
    )
    stop_reasons = forms.MultipleChoiceField(
        label="Why you stopped",
        choices=StopReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="If you stopped: tick every reason that applies.",
    )
    stop_note = forms.CharField(
        label="Why you stopped, in your words (optional)",
        max_length=STOP_NOTE_MAX,
        required=False,
        help_text=f"Up to {STOP_NOTE_MAX} characters.",
    )
    effectiveness = forms.ChoiceField(
        label="How well did it work for you?",
        choices=Effectiveness.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say how well it worked for you."},
    )
    missed_doses = forms.ChoiceField(
        label="How often do you miss a dose? (optional)",
        choices=[("", "Rather not say"), *MissedDoses.choices],
        required=False,
    )
    burden = forms.ChoiceField(
        label="How hard is it to keep up? (optional)",
        choices=[("", "Rather not say"), *Burden.choices],
        required=False,
    )
    cost_band = forms.ChoiceField(
        label="What does it cost you? (optional)",
        choices=[("", "Rather not say"), *CostBand.choices],
        required=False,
        help_text="What you pay yourself, roughly.",
    )
    tip = forms.CharField(
        label="A tip for others starting it (optional)",
        max_length=TIP_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Up to {TIP_MAX} characters. Leave out names and anything that could identify you.",
    )
    share_tip = forms.BooleanField(
        label="Share my tip on the treatment page, without my name",
        required=False,
        help_text="Only the tip is shown there, never who wrote it, whoever may see this report.",
    )
    visibility = forms.ChoiceField(
        label="Who sees this report",
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.ONLY_ME,
    )

    def __init__(self, treatment: Treatment, *args: Any, report: TreatmentReport | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.listed = _listed_names(treatment, report)
        self.listed_fields = []
        for index, name in enumerate(self.listed):
            key = f"effect_{index}"
            self.fields[key] = forms.ChoiceField(
                label=name, choices=SEVERITY_CHOICES, required=False, widget=forms.RadioSelect, initial=NOT_HAD
            )
            self.listed_fields.append(key)
        own = [e for e in report.side_effects.all() if e.name not in self.listed] if report is not None else []
        rows = OWN_SIDE_EFFECTS_MAX if self.is_bound else min(OWN_SIDE_EFFECTS_MAX, max(OWN_ROWS_SHOWN, len(own) + 1))
        self.own_rows = []
        for row in range(1, rows + 1):
            self.fields[f"own_{row}_name"] = forms.CharField(
                label="Side effect", max_length=SIDE_EFFECT_NAME_MAX, required=False
            )
            self.fields[f"own_{row}_severity"] = forms.ChoiceField(
                label="How bad it was at worst", choices=[("", "Choose"), *Severity.choices], required=False
            )
            self.own_rows.append((row, f"own_{row}_name", f"own_{row}_severity"))
        if report is not None and not self.is_bound:
            self._start_from(report, own)

    def _start_from(self, report: TreatmentReport, own: list[ReportedSideEffect]) -> None:
        self.initial.update({name: getattr(report, name) for name in ANSWERS})
        severity = {e.name: e.severity for e in report.side_effects.all()}
        for index, name in enumerate(self.listed):
            self.initial[f"effect_{index}"] = severity.get(name, NOT_HAD)
        for row, effect in enumerate(own, start=1):
            self.initial[f"own_{row}_name"] = effect.name
            self.initial[f"own_{row}_severity"] = effect.severity

    def listed_bound(self) -> list[forms.BoundField]:
        return [self[key] for key in self.listed_fields]

    def own_bound(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(row, self[name], self[severity]) for row, name, severity in self.own_rows]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen = {name.casefold() for key, name in zip(self.listed_fields, self.listed, strict=True) if data.get(key)}
        for _row, name_key, severity_key in self.own_rows:
            name = " ".join(str(data.get(name_key) or "").split())
            severity = data.get(severity_key)
            if name and not severity:
                self.add_error(severity_key, f"Choose how bad “{name}” was at worst.")
            elif severity and not name:
                self.add_error(name_key, "Name the side effect, or clear how bad it was.")
            elif name.casefold() in seen:
                self.add_error(name_key, f"“{name}” is already given above. Keep it once.")
            if name:
                seen.add(name.casefold())
        return data

    def to_input(self) -> ReportInput:
        data = self.cleaned_data
        effects = [
            SideEffectInput(name, data[key])
            for key, name in zip(self.listed_fields, self.listed, strict=True)
            if data.get(key)
        ]
        effects += [
            SideEffectInput(data[name_key], data[severity_key])
            for _row, name_key, severity_key in self.own_rows
            if data.get(name_key, "").strip()
        ]
        return ReportInput(
            effectiveness=data["effectiveness"],
            started_on=data["started_on"],
            stopped_on=data["stopped_on"],
            stop_reasons=tuple(data["stop_reasons"]),
            stop_note=data["stop_note"],
            side_effects=tuple(effects),
            missed_doses=data["missed_doses"],
            burden=data["burden"],
            cost_band=data["cost_band"],
            tip=data["tip"],
            share_tip=data["share_tip"],
            visibility=data["visibility"],
        )

    def add_action_error(self, error: ValidationError) -> None:
        """Say an action's refusal beside the field it is about, or above the form."""
        self.add_error(_ERROR_FIELDS.get(getattr(error, "code", None) or ""), error)

    def error_summary(self) -> list[tuple[str, str]]:
        """Every error with the id of the control it is about, for the list at the top of the page."""
        found = [("", str(message)) for message in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            bound = self[name]
            target = bound.auto_id + ("_0" if isinstance(bound.field.widget, forms.RadioSelect) else "")
            if isinstance(bound.field.widget, forms.CheckboxSelectMultiple):
                target = bound.auto_id + "_0"
            found += [(target, str(message)) for message in errors]
        return found
