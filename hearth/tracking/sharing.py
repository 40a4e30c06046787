"""Share links: a member lets someone (a clinician, a connection) read one chart or one visit
summary through a link that expires, can be revoked at once, and records each opening.

Only what the link names is readable through it: its series, its period and, for a summary, the
notes of the days picked. `access.open_share` is the only way from a token to a link."""

from __future__ import annotations

import datetime as dt
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.accounts.models import User
from hearth.connections.models import Connection
from hearth.tracking import summary
from hearth.tracking.charts import MAX_SERIES
from hearth.tracking.models import ShareKind, ShareLink, ShareOpening
from hearth.tracking.series import series_of

EXPIRY_DAYS: dict[str, int] = {"1": 1, "7": 7, "30": 30}
EXPIRY_LABELS: dict[str, str] = {"1": "1 day", "7": "7 days", "30": "30 days"}
DEFAULT_EXPIRY = "7"
RECIPIENT_MAX = 80
OPEN_LINKS_MAX = 50
OPENINGS_SHOWN = 20


@dataclass(frozen=True)
class ShareInput:
    kind: str
    series: Sequence[str]
    start: dt.date
    end: dt.date
    recipient: str
    expires_in_days: int = 7
    note_days: Sequence[dt.date] = field(default_factory=tuple)
    connection_id: int | None = None
    include_medications: bool = False


def accepted_connections(member: User) -> list[User]:
    """The members connected with `member`, by handle: whom a link may be marked as for."""
    ids = [pair.other(member.pk) for pair in Connection.objects.accepted_of(member.pk)]
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("handle"))


def share_this_context(member: User) -> dict[str, object]:
    """What a "Share this…" form on the chart and summary pages offers."""
    return {
        "share_connections": accepted_connections(member),
        "share_expiries": EXPIRY_LABELS.items(),
        "share_default_expiry": DEFAULT_EXPIRY,
    }


def _clean_recipient(text: str) -> str:
    text = " ".join(text.split())
    if any(unicodedata.category(char).startswith("C") for char in text):
        raise ValidationError({"recipient": "Use letters, digits and punctuation only."})
    if not text:
        raise ValidationError({"recipient": 'Say whom the link is for, e.g. "Dr. Attai".'})
    if len(text) > RECIPIENT_MAX:
        raise ValidationError({"recipient": f"Use at most {RECIPIENT_MAX} characters."})
    return text


def check_share(member: User, data: ShareInput) -> tuple[str, User | None]:
    """The cleaned recipient and connection, or ValidationError keyed by field."""
    if data.kind not in ShareKind.values:
        raise ValidationError({"kind": "Choose a chart or a summary."})
    recipient = _clean_recipient(data.recipient)
    keys = list(dict.fromkeys(data.series))
    limit = MAX_SERIES if data.kind == ShareKind.CHART else summary.MAX_SERIES
    if not keys:
        raise ValidationError({"series": "Choose at least one series."})
    if len(keys) > limit:
        raise ValidationError({"series": f"Choose at most {limit} series."})
    if any(len(key) > 40 or series_of(member, key) is None for key in keys):
        raise ValidationError({"series": "Choose among your own series."})
    summary.check_period(member, data.start, data.end)
    if data.kind == ShareKind.SUMMARY:
        written = {note.day for note in summary.notes_in(member, data.start, data.end)}
        if not set(data.note_days) <= written:
            raise ValidationError({"note_days": "Pick notes written in the period."})
    elif data.note_days:
        raise ValidationError({"note_days": "A chart carries no notes."})
    if data.expires_in_days not in EXPIRY_DAYS.values():
        raise ValidationError({"expires_in_days": "Choose when the link stops working."})
    connection = None
    if data.connection_id is not None:
        connection = next((one for one in accepted_connections(member) if one.pk == data.connection_id), None)
        if connection is None:
            raise ValidationError({"connection": "Choose one of your connections, or nobody."})
    return recipient, connection


def do_create_share(member: User, data: ShareInput) -> ShareLink:
    recipient, connection = check_share(member, data)
    keys = list(dict.fromkeys(data.series))
    now = timezone.now()
    with transaction.atomic():
        open_links = ShareLink.objects.filter(member=member, revoked_at__isnull=True, expires_at__gt=now)
        if open_links.count() >= OPEN_LINKS_MAX:
            raise ValidationError({"kind": f"You have {OPEN_LINKS_MAX} open links; revoke one first."})
        return ShareLink.objects.create(
            member=member,
            token=secrets.token_urlsafe(32),
            kind=data.kind,
            series=keys,
            starts_on=data.start,
            ends_on=data.end,
            note_days=sorted(day.isoformat() for day in set(data.note_days)),
            include_medications=data.include_medications,
            recipient=recipient,
            connection=connection,
            created_at=now,
            expires_at=now + dt.timedelta(days=data.expires_in_days),
        )


def do_revoke_share(member: User, link: ShareLink) -> ShareLink:
    """Ends the link at once; revoking twice keeps the first time."""
    if link.member_id != member.pk:  # pragma: no cover  (views fetch it through access.own_share)
        raise ValidationError("Not your link.")
    ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    link.refresh_from_db(fields=["revoked_at"])
    return link


def record_opening(link: ShareLink, viewer: User | None) -> ShareOpening:
    return ShareOpening.objects.create(link=link, viewer=viewer)


def note_days_of(link: ShareLink) -> list[dt.date]:
    days = []
    for text in link.note_days:
        try:
            days.append(dt.date.fromisoformat(str(text)))
        except ValueError:
            continue
    return days


def status_of(link: ShareLink) -> str:
    if link.revoked_at is not None:
        return "revoked"
    return "open" if link.expires_at > timezone.now() else "expired"
