"""Who may read and who may curate the evidence library: the one access policy for it.

Entries are public (curated, not members' words). Adding, editing and marking an entry reviewed
is for verified professionals, administrators and the moderators of a community about the
entry's condition; removing it is for administrators, those moderators, and whoever added it.
Everyone else is not offered the forms, and their requests answer 404, as a removed entry does.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import slug_re
from django.http import Http404

from hearth.accounts.access import is_suspended
from hearth.communities.access import is_site_admin
from hearth.communities.models import Membership, Role, Status
from hearth.conditions.models import Condition
from hearth.evidence.models import EvidenceEntry
from hearth.professionals.access import is_verified


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def moderates_condition(user: Any, condition: Condition) -> bool:
    """Whether `user` moderates (or founded) an active community about `condition`."""
    if not _signed_in(user) or is_suspended(user):
        return False
    return Membership.objects.filter(
        user=user,
        role__in=[Role.MODERATOR, Role.FOUNDER],
        community__status=Status.ACTIVE,
        community__conditions=condition,
    ).exists()


def may_curate(user: Any, condition: Condition) -> bool:
    """Add entries to the condition's library, edit them and mark them reviewed."""
    if not _signed_in(user) or is_suspended(user):
        return False
    return is_site_admin(user) or is_verified(user) or moderates_condition(user, condition)


def may_remove(user: Any, entry: EvidenceEntry) -> bool:
    """Remove an entry: administrators, the condition's moderators, and whoever added it."""
    if not _signed_in(user) or is_suspended(user):
        return False
    if entry.added_by_id is not None and entry.added_by_id == user.pk:
        return True
    return is_site_admin(user) or moderates_condition(user, entry.condition)


def condition_for(slug: str) -> Condition:
    """The condition with this slug, or 404 (a NUL or other non-slug is never looked up)."""
    condition = Condition.objects.filter(slug=slug).first() if slug_re.fullmatch(slug or "") else None
    if condition is None:
        raise Http404
    return condition


def condition_to_curate(user: Any, slug: str) -> Condition:
    """The condition, when `user` may curate its library; 404 otherwise."""
    condition = condition_for(slug)
    if not may_curate(user, condition):
        raise Http404
    return condition


def shown_entries(condition: Condition) -> list[EvidenceEntry]:
    """The condition's library as everyone sees it: entries not removed, by kind then title."""
    entries = (
        EvidenceEntry.objects.filter(condition=condition, removed_at__isnull=True)
        .select_related("added_by", "condition")
        .prefetch_related("treatments")
    )
    return sorted(entries, key=lambda entry: (entry.kind, entry.title.casefold(), entry.pk))


def entry_for(user: Any, pk: int, condition_slug: str | None = None) -> EvidenceEntry:
    """One entry as `user` may see it: a removed entry only for those who may curate it;
    404 for anything else, and for an entry under another condition's address."""
    entry = (
        EvidenceEntry.objects.select_related("condition", "added_by", "reviewed_by")
        .prefetch_related("treatments")
        .filter(pk=pk)
        .first()
    )
    if entry is None or (condition_slug is not None and entry.condition.slug != condition_slug):
        raise Http404
    if entry.removed_at is not None and not may_curate(user, entry.condition):
        raise Http404
    return entry


def entry_to_curate(user: Any, pk: int, condition_slug: str | None = None) -> EvidenceEntry:
    entry = entry_for(user, pk, condition_slug)
    if not may_curate(user, entry.condition):
        raise Http404
    return entry


def entry_to_remove(user: Any, pk: int, condition_slug: str | None = None) -> EvidenceEntry:
    entry = entry_for(user, pk, condition_slug)
    if not may_remove(user, entry):
        raise Http404
    return entry
