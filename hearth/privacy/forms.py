"""Forms of the My data pages."""

from __future__ import annotations

from django import forms

from hearth.privacy.actions import REASON_MAX


class DeletionForm(forms.Form):
    KEEP = "keep"
    DELETE = "delete"

    posts = forms.ChoiceField(
        label="What happens to your posts and chat messages",
        choices=[
            (DELETE, "Delete them with my account"),
            (KEEP, "Keep them for others to read, shown as by “Former member”, with nothing that leads to me"),
        ],
        initial=DELETE,
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )

    @property
    def keep_posts(self) -> bool:
        return bool(self.cleaned_data.get("posts") == self.KEEP)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to see this member's private fields?",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The member sees your reason and when you looked, in their access log.",
    )
