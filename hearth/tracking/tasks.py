"""Jobs of tracking the job worker runs: the daily check-in reminders, every five minutes (a
reminder comes at most five minutes after its time; a query or two when nothing is due), and,
hourly, the deletion of CSV imports nobody confirmed."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hearth.tracking import csv_io, reminders


@db_periodic_task(crontab(minute="*/5"))
def send_check_in_reminders() -> int:
    """Remind members whose chosen time has come today and who have not checked in yet."""
    return reminders.send_due_reminders()


@db_periodic_task(crontab(minute="41"))
def forget_stale_imports() -> int:
    """Rows of a CSV file checked but never confirmed are not kept past the hour."""
    return csv_io.forget_stale_imports()
