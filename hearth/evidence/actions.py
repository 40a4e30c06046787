"""Writing to the evidence library: adding, editing, marking reviewed and removing entries.

Whoever calls these has already checked, through `hearth.evidence.access`, that the member may
curate the condition's library (or remove the entry). Each write is audit-logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.conditions.models import Condition
from hearth.evidence.models import SOURCE_MAX, SUMMARY_MAX, TITLE_MAX, EntryKind, EvidenceEntry
from hearth.lib.page_cache import forget_visitor_pages
from hearth.lib.text import refuse_nul
from hearth.moderation.actions import check_web_link
from hearth.treatments.models import Treatment

EARLIEST_REVIEW = dt.date(1900, 1, 1)
TREATMENTS_MAX = 50


@dataclass(frozen=True)
class EntryInput:
    kind: str
    title: str
    url: str
    source: str
    summary: str
    treatments: tuple[str, ...] = ()  # slugs of treatments linked to the condition
    last_reviewed_on: dt.date | None = None  # today when not given


@dataclass(frozen=True)
class CheckedEntry:
    kind: str
    title: str
    url: str
    source: str
    summary: str
    treatments: tuple[Treatment, ...]
    last_reviewed_on: dt.date


def _text(value: str, *, name: str, most: int, code: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError(f"Write the {name}.", code=code)
    if len(value) > most:
        raise ValidationError(f"The {name} has at most {most:,} characters (this one has {len(value):,}).", code=code)
    return value


def check_review_date(day: dt.date | None) -> dt.date:
    today = timezone.localdate()
    if day is None:
        return today
    if day > today:
        raise ValidationError("The last-reviewed date cannot be in the future.", code="last_reviewed_on")
    if day < EARLIEST_REVIEW:
        raise ValidationError("Give the date it was last reviewed.", code="last_reviewed_on")
    return day


def check_entry(condition: Condition, given: EntryInput, *, editing: EvidenceEntry | None = None) -> CheckedEntry:
    """The entry's fields, checked: a kind, a title, a web address, a source, a summary, the
    condition's treatments only, and a last-reviewed date not in the future."""
    refuse_nul(given.kind, given.title, given.url, given.source, given.summary, *given.treatments)
    if given.kind not in EntryKind.values:
        raise ValidationError("Choose what kind of resource it is.", code="kind")
    title = _text(given.title, name="title", most=TITLE_MAX, code="title")
    url = check_web_link(given.url, code="url")
    source = _text(given.source, name="source", most=SOURCE_MAX, code="source")
    summary = _text(given.summary, name="summary", most=SUMMARY_MAX, code="summary")
    wanted = set(given.treatments)
    if len(wanted) > TREATMENTS_MAX:
        raise ValidationError(f"Choose at most {TREATMENTS_MAX} treatments.", code="treatments")
    treatments = tuple(condition.treatments.filter(slug__in=wanted).order_by("name")) if wanted else ()
    if len(treatments) != len(wanted):
        unknown = sorted(wanted - {t.slug for t in treatments})
        raise ValidationError(f"Not a treatment used for {condition.name}: {', '.join(unknown)}.", code="treatments")
    same_url = EvidenceEntry.objects.filter(condition=condition, url=url, removed_at__isnull=True)
    if editing is not None:
        same_url = same_url.exclude(pk=editing.pk)
    if same_url.exists():
        raise ValidationError(f"This address is already in the library for {condition.name}.", code="duplicate")
    day = given.last_reviewed_on
    if day is None and editing is not None:
        day = editing.last_reviewed_on
    return CheckedEntry(given.kind, title, url, source, summary, treatments, check_review_date(day))


def _treatment_slugs(treatments: Iterable[Treatment]) -> list[str]:
    return sorted(t.slug for t in treatments)


def do_add_entry(member: User, condition: Condition, given: EntryInput) -> EvidenceEntry:
    checked = check_entry(condition, given)
    now = timezone.now()
    with transaction.atomic():
        entry = EvidenceEntry.objects.create(
            condition=condition,
            kind=checked.kind,
            title=checked.title,
            url=checked.url,
            source=checked.source,
            summary=checked.summary,
            added_by=member,
            created_at=now,
            updated_at=now,
            last_reviewed_on=checked.last_reviewed_on,
            reviewed_by=member,
        )
        entry.treatments.set(checked.treatments)
        record(
            member,
            "evidence:add",
            entry,
            condition=condition.slug,
            title=entry.title,
            url=entry.url,
            treatments=_treatment_slugs(checked.treatments),
        )
        forget_visitor_pages()
    return entry


_FIELDS = ("kind", "title", "url", "source", "summary", "last_reviewed_on")


def do_edit_entry(member: User, entry: EvidenceEntry, given: EntryInput) -> EvidenceEntry:
    """Change an entry; a new last-reviewed date makes the editor its reviewer."""
    if entry.removed_at is not None:
        raise ValidationError("This entry was removed from the library.", code="removed")
    checked = check_entry(entry.condition, given, editing=entry)
    with transaction.atomic():
        # Two curators editing at once: the later save wins whole, never a mix of both.
        entry = EvidenceEntry.objects.select_for_update().select_related("condition").get(pk=entry.pk)
        before = {field: getattr(entry, field) for field in _FIELDS}
        before_treatments = _treatment_slugs(entry.treatments.all())
        for field in _FIELDS:
            setattr(entry, field, getattr(checked, field))
        if entry.last_reviewed_on != before["last_reviewed_on"]:
            entry.reviewed_by = member
        entry.updated_at = timezone.now()
        entry.save()
        entry.treatments.set(checked.treatments)
        changed = [field for field in _FIELDS if getattr(entry, field) != before[field]]
        after_treatments = _treatment_slugs(checked.treatments)
        if after_treatments != before_treatments:
            changed.append("treatments")
        record(member, "evidence:edit", entry, condition=entry.condition.slug, changed=changed, title=entry.title)
        forget_visitor_pages()
    return entry


def do_review_entry(member: User, entry: EvidenceEntry) -> EvidenceEntry:
    """Mark an entry reviewed today: someone checked it still says what the library says it does."""
    if entry.removed_at is not None:
        raise ValidationError("This entry was removed from the library.", code="removed")
    with transaction.atomic():
        entry = EvidenceEntry.objects.select_for_update().select_related("condition").get(pk=entry.pk)
        entry.last_reviewed_on = timezone.localdate()
        entry.reviewed_by = member
        entry.save(update_fields=["last_reviewed_on", "reviewed_by"])
        record(member, "evidence:review", entry, condition=entry.condition.slug, on=entry.last_reviewed_on.isoformat())
        forget_visitor_pages()
    return entry


def do_remove_entry(member: User, entry: EvidenceEntry, reason: str = "") -> EvidenceEntry:
    """Take an entry out of the library (kept for the audit log; labels that link to it say so)."""
    refuse_nul(reason)
    with transaction.atomic():
        # Two curators removing at once: the second finds it removed.
        entry = EvidenceEntry.objects.select_for_update().select_related("condition").get(pk=entry.pk)
        if entry.removed_at is not None:
            raise ValidationError("This entry was removed from the library already.", code="removed")
        entry.removed_at = timezone.now()
        entry.save(update_fields=["removed_at"])
        record(member, "evidence:remove", entry, condition=entry.condition.slug, reason=reason.strip()[:300])
        forget_visitor_pages()
    return entry
