"""Making a report. Whoever calls this has already checked that the reporter may see the target."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from hearth.accounts.models import User
from hearth.discussions.actions import TooLong
from hearth.lib.ratelimit import Limit, hit
from hearth.lib.text import refuse_nul
from hearth.moderation.models import NOTE_MAX, Reason, Report, ReportStatus, TargetType

THANKS = "Thanks, moderators will look at it."
REPORT_LIMITS = (Limit(count=20, seconds=3600),)
SOURCE_URL_MAX = 500


def check_report(reason: str, note: str) -> str:
    if reason not in Reason.values:
        raise ValidationError("Choose a reason for the report.", code="reason")
    refuse_nul(note)
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise TooLong(f"A note has at most {NOTE_MAX:,} characters (this one has {len(note):,}).")
    return note


def do_report(
    reporter: User, target_type: TargetType, target_id: int, reason: str, note: str = "", source_url: str = ""
) -> Report:
    """Report something once: reporting it again while the first report is open adds nothing."""
    note = check_report(reason, note)
    hit("report", reporter.pk, REPORT_LIMITS, what="reported")
    earlier = Report.objects.filter(
        reporter=reporter, target_type=target_type, target_id=target_id, status=ReportStatus.OPEN
    ).first()
    if earlier is not None:
        return earlier
    return Report.objects.create(
        reporter=reporter,
        target_type=target_type,
        target_id=target_id,
        reason=reason,
        note=note,
        source_url=source_url.replace("\x00", "")[:SOURCE_URL_MAX],
    )
