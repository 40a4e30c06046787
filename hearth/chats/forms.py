"""Forms for scheduling a chat series, cancelling a series or one session, and choosing a time zone."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.chats.actions import MAX_DESCRIPTION, MAX_REASON, MAX_TITLE, SeriesInput
from hearth.chats.models import ChatSeries, Frequency
from hearth.lib.zones import time_zone_names, zone_choices

# Which field each of the action's refusals belongs to, so the error shows next to it.
FIELD_OF_CODE = {
    "empty_title": "title",
    "bad_tag": "tag",
    "tag_taken": "tag",
    "bad_time_zone": "time_zone",
    "bad_duration": "duration_minutes",
    "bad_frequency": "frequency",
    "bad_interval": "interval",
    "bad_monthly_last": "monthly_last",
    "bad_monthly_nth": "first_date",
    "bad_topic_interval": "topic_interval_minutes",
    "bad_topics_ahead": "topics_ahead_days",
    "no_sessions": "first_date",
    "bad_first_date": "first_date",
    "bad_until": "until",
    "unknown_host": "hosts",
    "unknown_guest_expert": "guests",
    "duplicate": "hosts",
    "null_characters": None,
}


# Dates a schedule may name: a chat is planned for the years to come, and a date in year 1 or
# 9999 would carry sessions and calendar feeds past what a date can hold.
EARLIEST_DATE = date(2000, 1, 1)
YEARS_AHEAD = 10


def _within_reach(day: date | None) -> date | None:
    if day is None:
        return None
    if day < EARLIEST_DATE:
        raise ValidationError("Choose a date from 2000 on.", code="date_too_early")
    if day > timezone.now().date() + timedelta(days=365 * YEARS_AHEAD):
        raise ValidationError(f"Choose a date within the next {YEARS_AHEAD} years.", code="date_too_late")
    return day


def _handles(text: str) -> tuple[str, ...]:
    return tuple(part.strip().removeprefix("@") for part in text.replace("\n", ",").split(",") if part.strip())


class SeriesForm(forms.Form):
    title = forms.CharField(max_length=MAX_TITLE, help_text="For example “Monday #LupusChat”.")
    tag = forms.CharField(
        max_length=51,
        help_text="The chat's hashtag, without spaces: LupusChat. Posts with it show on the chat's page all week.",
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_DESCRIPTION,
        required=False,
        help_text="What the chat is about and who it is for.",
    )
    time_zone = forms.ChoiceField(choices=(), help_text="The chat keeps its local time across daylight-saving changes.")
    first_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), help_text="Sets the weekday too.")
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), help_text="In the time zone above.")
    duration_minutes = forms.IntegerField(label="Length (minutes)", initial=60, min_value=15, max_value=240)
    frequency = forms.ChoiceField(
        label="How often", choices=Frequency.choices, initial=Frequency.WEEKLY, widget=forms.RadioSelect
    )
    interval = forms.IntegerField(
        label="Every how many weeks or months",
        initial=1,
        min_value=1,
        max_value=12,
        help_text="1 for every week (or month), 2 for every other one.",
    )
    monthly_last = forms.BooleanField(
        required=False,
        label="Monthly: on the last such weekday of the month",
        help_text="For a first date in the last week of its month.",
    )
    until = forms.DateField(
        required=False, label="Last date (optional)", widget=forms.DateInput(attrs={"type": "date"})
    )
    topic_interval_minutes = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=240,
        label="Release topics every N minutes (optional)",
        help_text="Leave empty to release each topic yourself during the chat.",
    )
    topics_ahead_days = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=60,
        label="Show the topics to members N days before (optional)",
        help_text="Leave empty to keep them for the chat itself.",
    )
    hosts = forms.CharField(
        required=False, max_length=500, help_text="Members' handles, separated by commas. Empty: you host."
    )
    guests = forms.CharField(
        required=False,
        max_length=500,
        label="Guest experts",
        help_text="Members' handles, separated by commas; their messages are marked “Guest expert”.",
    )

    def __init__(self, *args: Any, default_zone: str = "UTC", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices()  # type: ignore[attr-defined]
        self.fields["time_zone"].initial = default_zone if default_zone in time_zone_names() else "UTC"

    def clean_first_date(self) -> date | None:
        return _within_reach(self.cleaned_data.get("first_date"))

    def clean_until(self) -> date | None:
        return _within_reach(self.cleaned_data.get("until"))

    @classmethod
    def of(cls, series: ChatSeries, data: Any = None) -> SeriesForm:
        initial = {
            "title": series.title,
            "tag": series.tag,
            "description": series.description,
            "time_zone": series.time_zone,
            "first_date": series.first_date,
            "start_time": series.start_time,
            "duration_minutes": series.duration_minutes,
            "frequency": series.frequency,
            "interval": series.interval,
            "monthly_last": series.monthly_last,
            "until": series.until,
            "topic_interval_minutes": series.topic_interval_minutes,
            "topics_ahead_days": series.topics_ahead_days,
            "hosts": ", ".join(host.handle for host in series.hosts.all()),
            "guests": ", ".join(guest.handle for guest in series.guests.all()),
        }
        return cls(data, initial=initial, default_zone=series.time_zone)

    def series_input(self) -> SeriesInput:
        data = self.cleaned_data
        return SeriesInput(
            title=data["title"],
            tag=data["tag"],
            description=data.get("description", ""),
            time_zone=data["time_zone"],
            first_date=data["first_date"],
            start_time=data["start_time"],
            duration_minutes=data["duration_minutes"],
            frequency=data["frequency"],
            interval=data["interval"],
            monthly_last=data.get("monthly_last", False),
            until=data.get("until"),
            topic_interval_minutes=data.get("topic_interval_minutes"),
            topics_ahead_days=data.get("topics_ahead_days"),
            hosts=_handles(data.get("hosts", "")),
            guests=_handles(data.get("guests", "")),
        )

    def add_action_error(self, error: ValidationError) -> None:
        """Show the action's refusal next to the field it is about."""
        self.add_error(FIELD_OF_CODE.get(error.code or ""), error)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=MAX_REASON, required=False, help_text="Shown to members, for example “Host unwell; back next week”."
    )


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(choices=(), help_text="Live chats and reminders show their times on this clock.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices()  # type: ignore[attr-defined]
