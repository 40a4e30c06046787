"""Forms of verified professionals: they gather the fields; the actions check what matters."""

from __future__ import annotations

from django import forms

from hearth.accounts.models import ProfessionalKind
from hearth.professionals.actions import REGISTER_URL_MAX, Application
from hearth.professionals.models import DETAILS_MAX, REASON_MAX, TITLE_MAX


class ApplicationForm(forms.Form):
    kind = forms.ChoiceField(label="You are", choices=ProfessionalKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(
        label="Title shown with your badge",
        max_length=TITLE_MAX,
        help_text='Everyone sees it next to your name, for example "Rheumatology nurse" or "Lupus Foundation".',
    )
    details = forms.CharField(
        label="How an administrator can check",
        max_length=DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "Your registration number and the body that issued it, where you work, whom to ask. "
            "Only the site's administrators read this; other members never see it."
        ),
    )
    register_url = forms.CharField(
        label="A public register or staff page (optional)",
        max_length=REGISTER_URL_MAX,
        required=False,
        widget=forms.URLInput,
        help_text="Its full address, starting with https://.",
    )

    def application(self) -> Application:
        data = self.cleaned_data
        return Application(
            kind=data["kind"], title=data["title"], details=data["details"], register_url=data["register_url"]
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("verify", "Verify: the member carries the badge"), ("decline", "Decline")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Why",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(f"Up to {REASON_MAX} characters. The member reads it: say how you checked, or what was missing."),
    )


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label="Why is the verification withdrawn?",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"Up to {REASON_MAX} characters. The member reads it; their badge goes at once.",
    )
