"""Forms to propose a treatment for the catalogue and to decide a proposal. They only gather the
fields; the rules (names already in the catalogue, lengths, reasons) are the actions'."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django import forms

from hearth.conditions.models import Condition
from hearth.treatments.actions import NAME_MAX, OTHER_NAMES_MAX, ProposalInput, split_names
from hearth.treatments.models import DECISION_REASON_MAX, PROPOSAL_NOTE_MAX, Kind

CONDITION_FIELDS = ("condition_1", "condition_2", "condition_3")


def _condition_choices() -> list[tuple[str, Any]]:
    conditions = Condition.objects.order_by("category", "name").values_list("category", "slug", "name")
    grouped = [
        (category, [(slug, name) for _, slug, name in group])
        for category, group in groupby(conditions, key=lambda row: row[0])
    ]
    return [("", "None"), *grouped]


class ProposalForm(forms.Form):
    name = forms.CharField(
        label="Name of the treatment",
        max_length=NAME_MAX,
        help_text="The generic or usual name, for example “hydroxychloroquine” or “pacing”.",
    )
    kind = forms.ChoiceField(label="Kind", choices=Kind.choices, widget=forms.RadioSelect)
    other_names = forms.CharField(
        label="Other names (optional)",
        required=False,
        max_length=(NAME_MAX + 2) * OTHER_NAMES_MAX,
        help_text=f"Brand names and other names, separated by commas; up to {OTHER_NAMES_MAX}.",
    )
    condition_1 = forms.ChoiceField(label="A condition it is used for (optional)", required=False)
    condition_2 = forms.ChoiceField(label="Another condition (optional)", required=False)
    condition_3 = forms.ChoiceField(label="Another condition (optional)", required=False)
    note = forms.CharField(
        label="Why it belongs (optional, for the moderators)",
        required=False,
        max_length=PROPOSAL_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Up to {PROPOSAL_NOTE_MAX} characters.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _condition_choices()
        for name in CONDITION_FIELDS:
            field: Any = self.fields[name]
            field.choices = choices

    def proposal_input(self) -> ProposalInput:
        data = self.cleaned_data
        return ProposalInput(
            name=data["name"],
            kind=data["kind"],
            other_names=split_names(data.get("other_names", "")),
            conditions=tuple(dict.fromkeys(data[name] for name in CONDITION_FIELDS if data.get(name))),
            note=data.get("note", ""),
        )


class DecideProposalForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve: add it to the catalogue"), ("decline", "Decline it")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=DECISION_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"Needed to decline; the member who proposed it reads it. Up to {DECISION_REASON_MAX} characters.",
    )
