"""Forms for reporting a post and for a moderator's decision. The actions check what matters
(reasons, links, lengths); these only gather the fields."""

from __future__ import annotations

from django import forms

from hearth.moderation.models import DECISION_REASON_MAX, LABEL_TEXT_MAX, NOTE_MAX, URL_MAX, Decision, LabelKind, Reason


class ReportPostForm(forms.Form):
    reason = forms.ChoiceField(label="What is wrong?", choices=Reason.choices, widget=forms.RadioSelect)
    evidence_url = forms.CharField(
        label="A link to a reliable source (optional, for misinformation)",
        required=False,
        max_length=URL_MAX,
        widget=forms.URLInput,
        help_text="A web address starting with https:// or http://.",
    )
    note = forms.CharField(
        label="Anything moderators should know (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Up to {NOTE_MAX:,} characters. The member you report is never told who reported them.",
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What to do",
        choices=[
            (Decision.DISMISS, "Dismiss the reports: nothing changes"),
            (Decision.HIDE, "Hide the post from everyone but its author and moderators"),
            (Decision.LABEL, "Add a label above the post"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason",
        max_length=DECISION_REASON_MAX,
        help_text=(
            f"Up to {DECISION_REASON_MAX} characters. The post's author is told it when the post is hidden or labelled."
        ),
    )
    label_kind = forms.ChoiceField(
        label="Label (when labelling)", choices=LabelKind.choices, widget=forms.RadioSelect, required=False
    )
    label_text = forms.CharField(
        label="Content warning (for a content warning label)", required=False, max_length=LABEL_TEXT_MAX
    )
    link_1 = forms.CharField(label="Source 1 (for a disputed label)", required=False, max_length=URL_MAX)
    link_2 = forms.CharField(label="Source 2 (optional)", required=False, max_length=URL_MAX)
    link_3 = forms.CharField(label="Source 3 (optional)", required=False, max_length=URL_MAX)

    def links(self) -> tuple[str, ...]:
        return tuple(self.cleaned_data.get(f"link_{n}", "") for n in (1, 2, 3))
