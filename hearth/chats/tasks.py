"""Jobs of live chats the job worker runs every minute: members' reminders, topics released on
their timer, and transcripts of sessions that are over. Each is a query or two when there is
nothing to do."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hearth.chats import actions, reminders


@db_periodic_task(crontab(minute="*"))
def send_due_reminders() -> int:
    """Remind members whose chosen time before a session has come."""
    return reminders.send_due_reminders()


@db_periodic_task(crontab(minute="*"))
def release_due_topics() -> int:
    """Release the topics of live sessions whose timer says so (hosts can release them earlier)."""
    return actions.release_all_due_topics()


@db_periodic_task(crontab(minute="*"))
def finish_due_chats() -> int:
    """Publish the transcripts of sessions that ran to their end."""
    return actions.finish_due_chats()
