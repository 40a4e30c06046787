"""Jobs of members' data rights: building an export, and every hour erasing the accounts whose
grace period is over and emptying expired exports."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from hearth.privacy import actions


@db_task()
def build_export(export_id: int) -> None:
    """Build one member's export; does nothing if the export is gone or already built."""
    actions.build_export_now(export_id)


@db_periodic_task(crontab(minute="7"))
def erase_due_accounts() -> int:
    """Erase accounts 14 days after their members asked, unless they undid it."""
    return actions.erase_due_accounts()


@db_periodic_task(crontab(minute="37"))
def expire_exports() -> int:
    """Empty exports a week after they were ready."""
    return actions.expire_exports()
