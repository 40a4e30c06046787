"""Forms of the goals pages: a new goal, sharing a milestone, and the daily check-in reminder.
They parse input only; the rules are in `goals.py` and `reminders.py`."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms

from hearth.accounts.models import User
from hearth.communities.models import Community
from hearth.tracking import goals
from hearth.tracking.models import Comparison
from hearth.tracking.series import available_series


class GoalForm(forms.Form):
    series = forms.ChoiceField(label="What your goal is about")
    comparison = forms.ChoiceField(
        label="Each day, the value should be",
        choices=Comparison.choices,
        initial=Comparison.AT_LEAST,
        widget=forms.RadioSelect,
    )
    target = forms.FloatField(
        label="Target",
        help_text="In the unit of what you chose: minutes, hours of sleep, a pain score from 0 to 10…",
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    days_per_week = forms.TypedChoiceField(
        label="How many days a week",
        coerce=int,
        choices=[(n, "Every day" if n == 7 else f"{n} day{'s' if n > 1 else ''} a week") for n in range(1, 8)],
        initial=5,
    )
    title = forms.CharField(
        label="A name for your goal (optional)",
        max_length=goals.TITLE_MAX,
        required=False,
        help_text="Leave it empty and Hearth names it for you, e.g. “Walking at least 20 minutes, 5 days a week”.",
    )

    def __init__(self, *args: Any, member: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["series"]).choices = [("", "Choose…")] + [
            (s.key, f"{s.label} ({s.unit})" if s.unit and not s.unit.startswith("(") else f"{s.label} {s.unit}".strip())
            for s in available_series(member)
        ]

    def goal_input(self) -> goals.GoalInput:
        data = self.cleaned_data
        return goals.GoalInput(
            series=data["series"],
            comparison=data["comparison"],
            target=data["target"],
            days_per_week=data["days_per_week"],
            title=data["title"],
        )


class ShareMilestoneForm(forms.Form):
    community = forms.ChoiceField(
        label="Community",
        help_text="One of the communities you belong to. Its members will see your post.",
        error_messages={"invalid_choice": "Choose one of the communities you belong to."},
    )
    title = forms.CharField(label="Thread title", max_length=goals.SHARE_TITLE_MAX)
    message = forms.CharField(
        label="Your message",
        max_length=goals.SHARE_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    include_values = forms.BooleanField(
        label="Include my values",
        required=False,
        help_text="Adds your target and the figures of the week you reached it. Off unless you tick it.",
    )

    def __init__(self, *args: Any, member: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.communities = {c.slug: c for c in goals.postable_communities(member)}
        cast("forms.ChoiceField", self.fields["community"]).choices = [("", "Choose…")] + [
            (c.slug, c.name) for c in self.communities.values()
        ]

    def chosen(self) -> Community:
        return self.communities[self.cleaned_data["community"]]


class ReminderForm(forms.Form):
    enabled = forms.BooleanField(label="Remind me to check in each day", required=False)
    at = forms.TimeField(
        label="At (your local time)",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S"],
        initial=dt.time(20, 0),
    )
    by_email = forms.BooleanField(
        label="Also send me an email",
        required=False,
        help_text="Sent to your verified email address. The reminder always shows in your notifications.",
    )
