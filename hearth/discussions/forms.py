"""Forms for writing threads and replies."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms

from hearth.discussions.actions import MAX_POST, MAX_TITLE, MAX_WARNING


class PostForm(forms.Form):
    body = forms.CharField(
        label="Your post",
        widget=forms.Textarea(attrs={"rows": 8}),
        # One more than allowed, so an over-long post reaches the action and gets its clear message.
        max_length=MAX_POST + 1,
        strip=False,
        help_text="Markdown works: **bold**, *italic*, > quote, - lists. Mention someone with @handle, tag with #tag.",
    )
    content_warning = forms.CharField(
        label="Content warning (optional)",
        max_length=MAX_WARNING,
        required=False,
        help_text="If your post mentions something others may find hard to read, name it here; the post "
        "stays folded until opened.",
    )
    members_only = forms.BooleanField(
        required=False, label="Members only", help_text="Only members of this community will see it."
    )
    anonymous = forms.BooleanField(
        required=False,
        label="Post anonymously",
        help_text="Shown as “Anonymous member”. Moderators can still see who wrote it.",
    )
    submission = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, allow_members_only: bool = False, allow_anonymous: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not allow_members_only:
            del self.fields["members_only"]
        if not allow_anonymous:
            del self.fields["anonymous"]
        if not self.is_bound:
            self.fields["submission"].initial = secrets.token_urlsafe(16)


class ThreadForm(PostForm):
    title = forms.CharField(label="Title", max_length=MAX_TITLE + 1, help_text="A question or a short summary.")
    field_order = ("title", "body", "content_warning", "members_only", "anonymous")


class EditForm(forms.Form):
    body = forms.CharField(
        label="Your post", widget=forms.Textarea(attrs={"rows": 8}), max_length=MAX_POST + 1, strip=False
    )
    content_warning = forms.CharField(label="Content warning (optional)", max_length=MAX_WARNING, required=False)
