"""Forms of the well-being page. They only parse; the rules are the actions' (`actions.py`,
`breaks.py`), whose refusals the views put back on these forms."""

from __future__ import annotations

import datetime as dt

from django import forms

from hearth.wellbeing.breaks import MAX_BREAK_DAYS, PERIODS
from hearth.wellbeing.models import MUTED_WORD_MAX

UNTIL = "until"


class MutedWordForm(forms.Form):
    phrase = forms.CharField(
        label="Word or phrase to mute",
        max_length=MUTED_WORD_MAX,
        help_text="Posts and chat messages that mention it are collapsed, with the reason shown; you can "
        'still open them. Case and accents do not matter, and only whole words match (for example "metastasis").',
    )


class BreakForm(forms.Form):
    period = forms.ChoiceField(
        label="How long",
        choices=[*((key, label.capitalize()) for key, (label, _) in PERIODS.items()), (UNTIL, "Until a date")],
        widget=forms.RadioSelect,
        initial="2w",
    )
    until = forms.DateField(
        label="Back on (if you chose a date)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=f"At most {MAX_BREAK_DAYS} days from today.",
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("period") == UNTIL and data.get("until") is None and "until" not in self.errors:
            self.add_error("until", "Choose the day you will be back.")
        return data

    def choice(self) -> tuple[str, dt.date | None]:
        """(period, None) or ("", the day they will be back)."""
        if self.cleaned_data["period"] == UNTIL:
            return "", self.cleaned_data["until"]
        return self.cleaned_data["period"], None


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S"],
    )


class SettingsForm(forms.Form):
    quiet_from = _time("Quiet hours start")
    quiet_until = _time("Quiet hours end")
    hide_reaction_counts = forms.BooleanField(
        label="Hide reaction counts",
        required=False,
        help_text="You still see which reactions you gave, but not how many others gave.",
    )
