"""Jobs of treatment figures: recomputing one treatment's figures for a condition after a change
(a report written, edited or deleted, a consent given or withdrawn, a member erased), and, daily,
every figure, as a backstop for what changes without telling (a member made inactive)."""

from __future__ import annotations

import datetime as dt

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from hearth.experiences import figures


@db_task()
def refresh_figures(treatment_id: int, condition_id: int, requested_at: dt.datetime) -> bool:
    """Recompute one pair, unless a computation that started after the request already ran."""
    return figures.refresh_if_stale(treatment_id, condition_id, requested_at)


@db_periodic_task(crontab(hour="3", minute="17"))
def refresh_all_figures() -> int:
    """Every treatment's figures for every condition, once a day."""
    return figures.refresh_all()
