"""Forms for signing up and for account settings."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from hearth.accounts.models import TextSize
from hearth.accounts.validators import HANDLE_MAX
from hearth.lib.zones import zone_choices


class SignupForm(AllauthSignupForm):
    """allauth's signup, with its username presented as Hearth's public handle."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        handle = self.fields["username"]
        handle.label = "Handle"
        handle.help_text = (
            "3 to 30 letters, digits, dots, dashes or underscores. Other members see only this. "
            "We suggest a name that is not your real name."
        )
        handle.widget.attrs.update({"placeholder": "", "autocomplete": "username", "maxlength": str(HANDLE_MAX)})
        self.fields["email"].help_text = "For signing in and for mail from us. Never shown to other members."
        self.fields["email"].widget.attrs["placeholder"] = ""
        for name in ("password1", "password2"):
            if name in self.fields:
                self.fields[name].widget.attrs["placeholder"] = ""
        self.order_fields(["email", "username", "password1", "password2"])


class HandleForm(forms.Form):
    handle = forms.CharField(
        label="Handle",
        max_length=HANDLE_MAX,
        help_text="3 to 30 letters, digits, dots, dashes or underscores. Other members see only this.",
    )


class PreferencesForm(forms.Form):
    display_name = forms.CharField(
        label="Display name (optional)",
        max_length=60,
        required=False,
        help_text="Shown next to your handle. Leave it empty to show only your handle.",
    )
    text_size = forms.ChoiceField(label="Text size", choices=TextSize.choices, widget=forms.RadioSelect)
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=zone_choices,
        required=False,
        help_text="Live chats and reminders show their times on this clock.",
    )


class AccessTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=60,
        help_text="What the token is for, such as “my tracking app”.",
    )
