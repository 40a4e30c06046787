"""The form for asking a member to connect."""

from __future__ import annotations

from django import forms

from hearth.connections.actions import MAX_NOTE


class RequestForm(forms.Form):
    # The action checks the length, so an over-long note gets its clear message and stays in the form.
    note = forms.CharField(
        label="A short note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Say how you know each other or why you'd like to connect; up to {MAX_NOTE} characters.",
    )
