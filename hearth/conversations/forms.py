"""Forms for writing a direct message and reporting one."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms

from hearth.conversations.actions import MAX_CLIENT_ID, MAX_MESSAGE
from hearth.moderation.models import NOTE_MAX, Reason


class MessageForm(forms.Form):
    # The action checks the length, so an over-long message gets its clear message and stays here.
    body = forms.CharField(
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=False,
        help_text=f"Up to {MAX_MESSAGE:,} characters. Markdown works: **bold**, *italic*, > quote, - lists.",
    )
    # A new key for each form shown: sending the same form twice sends one message.
    client_id = forms.CharField(widget=forms.HiddenInput, required=False, max_length=MAX_CLIENT_ID)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["client_id"].initial = secrets.token_urlsafe(16)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label="What is wrong?", choices=Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Anything moderators should know (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Up to {NOTE_MAX:,} characters. The member you report is never told who reported them.",
    )
