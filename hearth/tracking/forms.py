"""Forms of a member's own tracking pages: the daily check-in (built from the member's symptoms and
doses), scheduled doses, and trackers with their readings. They only parse; the rules are the
actions' (`checkins.py`), whose errors the views put back on these forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from hearth.conditions.models import Symptom
from hearth.tracking.checkins import DOSE_LABEL_MAX, CheckInInput
from hearth.tracking.models import NOTE_MAX, TRACKER_NAME_MAX, Feeling, ScheduledDose, Severity, Tracker
from hearth.tracking.units import BOUNDS, NUMBER_UNITS, TrackerKind, Unit

SYMPTOM_PREFIX = "symptom-"
DOSE_PREFIX = "dose-"
ZERO_TO_TEN = [(n, str(n)) for n in range(11)]
TAKEN_CHOICES = [("1", "Taken"), ("0", "Missed")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _radios(label: str, choices: Iterable[tuple[Any, str]], help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=list(choices),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"invalid_choice": "Choose one of the options offered."},
    )


def _taken(value: str) -> bool:
    return value == "1"


class CheckInForm(forms.Form):
    """One day's check-in. Symptom and dose fields are added per member: `symptom-<slug>` and
    `dose-<ScheduledDose id>`; posted names that are neither are ignored."""

    feeling = _radios("Overall, how do you feel?", Feeling.choices)
    pain = _radios("Pain", ZERO_TO_TEN, "0 is no pain, 10 the worst you can imagine.")
    energy = _radios("Energy", ZERO_TO_TEN, "0 is none at all, 10 is full of energy.")
    sleep_hours = forms.DecimalField(
        label="Hours of sleep",
        required=False,
        min_value=0,
        max_value=24,
        max_digits=3,
        decimal_places=1,
        error_messages={
            "min_value": "Enter the hours of sleep from 0 to 24.",
            "max_value": "Enter the hours of sleep from 0 to 24.",
            "max_decimal_places": "Round the hours to one decimal, such as 7.5.",
            "invalid": "Enter the hours of sleep as a number, such as 7 or 7.5.",
        },
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal", "class": "input-short"}),
        help_text="For example 7 or 7.5.",
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Anything worth remembering about the day, up to {NOTE_MAX} characters. Only you see it.",
    )

    def __init__(
        self, *args: Any, symptoms: Iterable[Symptom] = (), doses: Iterable[ScheduledDose] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.symptom_names: list[str] = []
        for symptom in symptoms:
            name = f"{SYMPTOM_PREFIX}{symptom.slug}"
            self.fields[name] = _radios(symptom.name, Severity.choices)
            self.symptom_names.append(name)
        self.dose_names: list[str] = []
        for dose in doses:
            name = f"{DOSE_PREFIX}{dose.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=f"{dose.profile_treatment.treatment.name}, {dose.label}",
                choices=TAKEN_CHOICES,
                coerce=_taken,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.dose_names.append(name)

    @property
    def measure_fields(self) -> list[forms.BoundField]:
        return [self["feeling"], self["pain"], self["energy"]]

    @property
    def symptom_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.symptom_names]

    @property
    def dose_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.dose_names]

    def to_input(self, day: dt.date) -> CheckInInput:
        data = self.cleaned_data
        symptoms = {
            name.removeprefix(SYMPTOM_PREFIX): data[name] for name in self.symptom_names if data[name] is not None
        }
        doses = {int(name.removeprefix(DOSE_PREFIX)): data[name] for name in self.dose_names if data[name] is not None}
        return CheckInInput(
            day=day,
            feeling=data["feeling"],
            pain=data["pain"],
            energy=data["energy"],
            sleep_hours=data["sleep_hours"],
            note=data["note"],
            symptoms=symptoms,
            doses=doses,
        )


def add_action_errors(form: forms.Form, error: ValidationError) -> None:
    """An action's errors on the form's fields they name, the others on top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, found in error.error_dict.items():
        form.add_error(name if name in form.fields and name != NON_FIELD_ERRORS else None, found)


def error_summary(*many: forms.Form) -> list[tuple[str, str, str]]:
    """(anchor, label, message) for each error of the forms, for the summary on top of a page;
    the anchor is the field's first input, or empty for an error of the whole form."""
    found: list[tuple[str, str, str]] = []
    for form in many:
        if not form.is_bound:
            continue
        for name, errors in form.errors.items():
            for message in errors:
                if name == NON_FIELD_ERRORS:
                    found.append(("", "", str(message)))
                    continue
                field = form[name]
                anchor = f"{field.auto_id}_0" if isinstance(field.field.widget, forms.RadioSelect) else field.auto_id
                found.append((anchor, str(field.label), str(message)))
    return found


class DayForm(forms.Form):
    """The day to jump to from the check-in page (a GET form)."""

    day = forms.DateField(label="Another day", widget=DateInput, help_text="Fill in or change a day before today.")


class DoseForm(forms.Form):
    treatment = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    label = forms.CharField(
        label="New dose",
        max_length=DOSE_LABEL_MAX,
        help_text=f"When you take it, e.g. “Morning” or “With dinner”; up to {DOSE_LABEL_MAX} characters.",
    )


def unit_choices() -> list[tuple[str, str]]:
    return [("", "Choose a unit"), *((unit, Unit(unit).label) for unit in NUMBER_UNITS)]


class TrackerForm(forms.Form):
    name = forms.CharField(label="Name", max_length=TRACKER_NAME_MAX, help_text="For example “Weight” or “Steps”.")
    kind = forms.ChoiceField(label="What it measures", choices=TrackerKind.choices, widget=forms.RadioSelect)
    unit = forms.ChoiceField(
        label="Unit", choices=unit_choices, required=False, help_text="For a number only; a scale or yes/no has none."
    )


class RenameForm(forms.Form):
    name = forms.CharField(label="New name", max_length=TRACKER_NAME_MAX)


class ReadingForm(forms.Form):
    """A tracker's value on one day; the value's field suits the tracker's kind."""

    day = forms.DateField(label="Day", widget=DateInput)
    value: forms.Field

    def __init__(self, *args: Any, tracker: Tracker, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].widget.attrs["max"] = today.isoformat()
        bounds = BOUNDS[tracker.unit]
        if tracker.kind == TrackerKind.YES_NO:
            self.fields["value"] = forms.TypedChoiceField(
                label="Value", choices=[("1", "Yes"), ("0", "No")], coerce=float, widget=forms.RadioSelect
            )
        elif tracker.kind == TrackerKind.SCALE:
            self.fields["value"] = forms.TypedChoiceField(
                label="Value", choices=ZERO_TO_TEN, coerce=float, widget=forms.RadioSelect, help_text="From 0 to 10."
            )
        else:
            step = "any" if bounds.decimals else "1"
            self.fields["value"] = forms.FloatField(
                label=f"Value ({bounds.symbol})",
                widget=forms.NumberInput(
                    attrs={
                        "step": step,
                        "min": bounds.show(bounds.low).replace(",", ""),
                        "max": bounds.show(bounds.high).replace(",", ""),
                        "inputmode": "decimal",
                        "class": "input-short",
                    }
                ),
                help_text=f"From {bounds.show(bounds.low)} to {bounds.show(bounds.high)} {bounds.symbol}.",
            )


class ReadingDayForm(forms.Form):
    day = forms.DateField()
