"""The form to add or edit an entry of the evidence library. It only gathers the fields; the
rules (a web address, the condition's treatments, a date not in the future) are the actions'."""

from __future__ import annotations

from typing import Any

from django import forms

from hearth.conditions.models import Condition
from hearth.evidence.actions import EntryInput
from hearth.evidence.models import SOURCE_MAX, SUMMARY_MAX, TITLE_MAX, EntryKind, EvidenceEntry
from hearth.moderation.models import URL_MAX


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of resource", choices=EntryKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(
        label="Title", max_length=TITLE_MAX, help_text=f"As the source names it; up to {TITLE_MAX}."
    )
    url = forms.CharField(
        label="Web address",
        max_length=URL_MAX,
        widget=forms.URLInput,
        help_text="Starting with https:// or http://.",
    )
    source = forms.CharField(
        label="Source", max_length=SOURCE_MAX, help_text='Who published it, for example "NICE" or "Lupus UK".'
    )
    summary = forms.CharField(
        label="Summary",
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"In plain words, what it says and who it is for; up to {SUMMARY_MAX:,} characters. Plain text.",
    )
    treatments = forms.MultipleChoiceField(
        label="Treatments it concerns (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    last_reviewed_on = forms.DateField(
        label="Last reviewed",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="When someone last checked that it is current and says what the summary says. Not in the future.",
    )

    def __init__(self, *args: Any, condition: Condition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["treatments"]
        field.choices = list(condition.treatments.order_by("name").values_list("slug", "name"))
        if not field.choices:
            del self.fields["treatments"]

    @classmethod
    def initial_of(cls, entry: EvidenceEntry) -> dict[str, Any]:
        return {
            "kind": entry.kind,
            "title": entry.title,
            "url": entry.url,
            "source": entry.source,
            "summary": entry.summary,
            "treatments": [t.slug for t in entry.treatments.all()],
            "last_reviewed_on": entry.last_reviewed_on,
        }

    def entry_input(self) -> EntryInput:
        data = self.cleaned_data
        return EntryInput(
            kind=data["kind"],
            title=data["title"],
            url=data["url"],
            source=data["source"],
            summary=data["summary"],
            treatments=tuple(data.get("treatments", ())),
            last_reviewed_on=data["last_reviewed_on"],
        )
