"""A verified professional's badge, as it shows next to their name: "Verified clinician", with the
title they gave ("Rheumatology nurse") for screen readers and on hover, or in full where there
is room. Read from the member row (`User.verified_as`), so a page of posts adds no query.

The badge renders itself (`__html__`), so Django templates (`professionals/_badge.html`) and the
Jinja2 fragment of a thread's posts show the same words and markup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString

from hearth.accounts.models import ProfessionalKind


@dataclass(frozen=True)
class Badge:
    kind: str
    title: str

    @property
    def label(self) -> str:
        """ "Verified clinician", "Verified patient organisation"."""
        return f"Verified {ProfessionalKind(self.kind).label.lower()}"

    def __html__(self) -> SafeString:
        """Compact, for beside a name: the title is read out, and shown on hover."""
        return format_html(
            '<span class="badge badge-verified" title="{title}">'
            '<span aria-hidden="true">✓ </span>{label}<span class="visually-hidden">: {title}</span></span>',
            label=self.label,
            title=self.title,
        )

    def in_full(self) -> SafeString:
        """With the title shown, where there is room (a profile, the list of professionals)."""
        return format_html(
            '<span class="badge badge-verified"><span aria-hidden="true">✓ </span>{label}</span> '
            '<span class="badge-title">{title}</span>',
            label=self.label,
            title=self.title,
        )

    def __str__(self) -> str:
        return f"{self.label}: {self.title}" if self.title else self.label


def badge_of(member: Any) -> Badge | None:
    """The member's badge, or None: not verified, a former member, or no member (anonymous)."""
    kind = getattr(member, "verified_as", "") if member is not None else ""
    if not kind or not getattr(member, "is_active", False) or kind not in ProfessionalKind.values:
        return None
    return Badge(kind=kind, title=member.verified_title)
