"""Jobs of well-being controls the job worker runs: every five minutes, the emails held back by
members' quiet hours whose hours are over (one indexed query when none are)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hearth.wellbeing import quiet


@db_periodic_task(crontab(minute="*/5"))
def release_held_emails() -> int:
    """Send what quiet hours held back, now that they are over."""
    return quiet.release_held_emails()
