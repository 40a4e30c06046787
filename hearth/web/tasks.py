"""Jobs the job worker runs on a schedule (huey finds this module in every installed app)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hearth.lib.planner import refresh_statistics


@db_periodic_task(crontab(hour="4", minute="17"))
def refresh_planner_statistics() -> None:
    """Every night: on SQLite the statistics behind good query plans exist only if refreshed."""
    refresh_statistics()
