"""Forms for starting a community and changing its settings, asking to join and inviting."""

from __future__ import annotations

from typing import Any

from django import forms

from hearth.communities.models import Community, Visibility
from hearth.conditions.models import Condition


class CommunitySettingsForm(forms.Form):
    """What a founder may change after the community has started (the settings page).

    Visibility and the parent community are chosen once, at the start: turning a private community
    public would show its members' past posts to people they never wrote for.
    """

    name = forms.CharField(max_length=100, min_length=3, help_text="For example “Living with lupus”.")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="Who it is for and what happens here, in a sentence or two. Markdown works.",
    )
    conditions = forms.ModelMultipleChoiceField(
        queryset=Condition.objects.all(),
        required=False,
        to_field_name="slug",
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="The conditions it is about, so people can find it.",
    )
    rules = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        required=False,
        help_text="The code of conduct people agree to when they join. Markdown works.",
    )
    anonymous_posting = forms.BooleanField(
        required=False, label="Allow anonymous posts", help_text="Public communities only."
    )
    entry_questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Entry questions (closed communities)",
        help_text="One per line, up to five. Moderators read the answers before approving.",
    )
    wellbeing_checks = forms.BooleanField(
        required=False,
        label="Well-being checks",
        help_text="When a post or chat message here speaks of a crisis, moderators get a quiet check in their queue.",
    )
    hold_first_posts = forms.BooleanField(
        required=False,
        label="Hold new members' first posts",
        help_text="A new member's first post here waits for a moderator's approval before others see it.",
    )

    @classmethod
    def for_community(cls, community: Community, data: Any = None) -> CommunitySettingsForm:
        """The form filled with the community's current settings, showing only the fields that
        apply to its visibility."""
        form = cls(
            data,
            initial={
                "name": community.name,
                "description": community.description,
                "conditions": list(community.conditions.all()),
                "rules": community.rules,
                "anonymous_posting": community.anonymous_posting,
                "entry_questions": "\n".join(q.text for q in community.entry_questions.all()),
                "wellbeing_checks": community.wellbeing_checks,
                "hold_first_posts": community.hold_first_posts,
            },
        )
        if community.visibility != Visibility.PUBLIC:
            del form.fields["anonymous_posting"]
        if community.visibility != Visibility.CLOSED:
            del form.fields["entry_questions"]
        else:
            form.fields["entry_questions"].label = "Entry questions"
        return form

    def questions(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("entry_questions", "").splitlines() if line.strip()]


class CommunityForm(CommunitySettingsForm):
    """Starting a community: its settings, plus the visibility and parent chosen once."""

    field_order = (
        "name",
        "description",
        "visibility",
        "conditions",
        "parent",
        "rules",
        "anonymous_posting",
        "entry_questions",
    )

    visibility = forms.ChoiceField(choices=Visibility.choices, initial=Visibility.PUBLIC, widget=forms.RadioSelect)
    parent = forms.ModelChoiceField(
        queryset=Community.objects.none(),
        required=False,
        to_field_name="slug",
        label="Inside another community (optional)",
        help_text="Make it a sub-group, such as “Stage IV” inside a breast cancer community you founded.",
    )

    def __init__(self, *args: Any, parents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Moderation settings wait for the settings page: a new community starts with the defaults.
        del self.fields["wellbeing_checks"], self.fields["hold_first_posts"]
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ModelChoiceField)  # noqa: S101  (narrowing for the type checker)
        parent_field.queryset = parents if parents is not None else Community.objects.none()


class InviteForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=90, initial=14, label="Valid for (days)")
    note = forms.CharField(max_length=100, required=False, label="Who it is for (only moderators see this)")


class RevealForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Why do you need to know who wrote this?")
