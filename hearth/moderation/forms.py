"""Forms for reporting something (a post, a chat message, a profile, a community) and for a
moderator's decision. The actions check what matters (reasons, links, lengths); these only gather
the fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from hearth.moderation.models import (
    DECISION_REASON_MAX,
    LABEL_LINKS_MAX,
    LABEL_TEXT_MAX,
    NOTE_MAX,
    URL_MAX,
    WATCHED_PHRASE_MAX,
    Decision,
    LabelKind,
    Reason,
    TargetType,
    WatchedAction,
)


class ReportForm(forms.Form):
    """A report of anything; `about_a_person=False` (a community) leaves out "I'm worried about
    this person", which only a person's post, message or profile can be."""

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

    def __init__(self, *args: Any, about_a_person: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["reason"]
        if about_a_person:
            field.help_text = (
                "If you are worried about them, they get a kind, private message saying where to find support."
            )
        else:
            field.choices = [choice for choice in Reason.choices if choice[0] != Reason.WORRIED]
            field.help_text = "Worried about someone? Report their post, message or profile instead."


ReportPostForm = ReportForm  # the name it had when only posts could be reported


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
    library = forms.MultipleChoiceField(
        label="Entries of the evidence library (for a disputed label)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=f"The label links to each entry you tick; with the sources above, {LABEL_LINKS_MAX} links at most.",
    )

    def __init__(
        self,
        *args: Any,
        target_type: str = TargetType.POST,
        held: bool = False,
        library: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        """Offer only what the item can take: a chat message can be hidden; reports of a profile,
        a community or a direct message can only be dismissed from here; a post `held` for
        approval can be approved (and dismissing it approves it too). `library` holds the
        evidence library entries a disputed label may link to, as (address, title) pairs."""
        super().__init__(*args, **kwargs)
        if library:
            choices: Any = self.fields["library"]
            choices.choices = list(library)
        else:
            del self.fields["library"]
        if target_type == TargetType.POST and held:
            held_decision: Any = self.fields["decision"]
            held_decision.choices = [
                (Decision.APPROVE, "Approve the post: everyone can read it"),
                (Decision.DISMISS, "Dismiss: this approves the post too"),
                *[choice for choice in held_decision.choices if choice[0] != Decision.DISMISS],
            ]
            self.fields["reason"].help_text = (
                f"Up to {DECISION_REASON_MAX} characters. The post's author is told it when the post is hidden or "
                "labelled; an approval tells them only that their post now shows."
            )
        if target_type == TargetType.POST:
            return
        for name in ("label_kind", "label_text", "link_1", "link_2", "link_3", "library"):
            self.fields.pop(name, None)
        decision: Any = self.fields["decision"]
        reason = self.fields["reason"]
        if target_type == TargetType.CHAT_MESSAGE:
            decision.choices = [
                (Decision.DISMISS, "Dismiss the reports: nothing changes"),
                (Decision.HIDE, "Hide the message from the room and its transcript"),
            ]
            told = "The message's author is told it when the message is hidden."
            reason.help_text = f"Up to {DECISION_REASON_MAX} characters. {told}"
            return
        what = str(dict(TargetType.choices).get(target_type, "item")).lower()
        decision.choices = [(Decision.DISMISS, "Dismiss the reports")]
        decision.initial = Decision.DISMISS
        decision.help_text = (
            f"Reports of a {what} can only be dismissed here: nothing of it can be hidden or labelled. "
            "A warning, a mute or a suspension for a member is a measure of its own."
        )
        reason.help_text = f"Up to {DECISION_REASON_MAX} characters. For the moderation log: nobody is told of it."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("label_kind", "label_text"):  # left out above for what cannot be labelled
            cleaned.setdefault(name, "")
        return cleaned

    def links(self) -> tuple[str, ...]:
        """The sources typed in, then the library entries ticked (their addresses on Hearth)."""
        typed = tuple(self.cleaned_data.get(f"link_{n}", "") for n in (1, 2, 3))
        return (*typed, *self.cleaned_data.get("library", ()))


class WatchedWordForm(forms.Form):
    """A word or phrase a community's moderators watch for (`actions.safeguards` checks it)."""

    phrase = forms.CharField(
        label="Word or phrase",
        max_length=WATCHED_PHRASE_MAX,
        help_text=(
            f"Up to {WATCHED_PHRASE_MAX} characters. Matched as whole words, whatever the case, accents or "
            "punctuation: “miracle cure” also finds “Miracle-Cure!”."
        ),
    )
    action = forms.ChoiceField(
        label="What happens to a post or chat message that contains it",
        choices=WatchedAction.choices,
        initial=WatchedAction.FLAG,
        widget=forms.RadioSelect,
        help_text="A live chat message cannot wait, so one that would be held is flagged instead.",
    )
