"""Template tags for appeals, for the notifications that tell of a measure or of an appeal's
answer: until when the member may appeal, and what was answered (and by whom, in words)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import template

from hearth.moderation.actions.appeals import appeal_of, appeal_open_until
from hearth.moderation.models import Appeal, Measure
from hearth.moderation.record import deciders

register = template.Library()


@register.simple_tag
def appeal_until(measure: Measure | None) -> datetime | None:
    """Until when the member may appeal the measure; None when they may not (any more)."""
    return appeal_open_until(measure) if measure is not None else None


@dataclass(frozen=True)
class Answered:
    appeal: Appeal
    by: str  # "the moderators of Type 1 together", "the site's administrators"


@register.simple_tag
def appeal_answer(measure: Measure | None) -> Answered | None:
    """The answer to the member's appeal of the measure, once there is one."""
    appeal = appeal_of(measure) if measure is not None else None
    if appeal is None or not appeal.answer:
        return None
    assert measure is not None  # noqa: S101  (an appeal is of a measure)
    return Answered(appeal, deciders(measure))
