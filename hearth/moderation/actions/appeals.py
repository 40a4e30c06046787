"""Appeals: a member asks, once and within `APPEAL_DAYS`, that a measure concerning them be looked
at again; a moderator who did not take it (where there is another) upholds or overturns it.

Who answers: the community's moderators for a community's measures, site administrators for
suspensions and for measures that belong to no community (`may_decide`, through `appeal_for`,
which answers 404 to everyone else). An overturned measure is lifted (`do_lift`), and the member
is told the answer after the commit.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.communities.access import is_site_admin
from hearth.communities.models import Membership, Role
from hearth.lib.text import refuse_nul
from hearth.moderation.access import moderates
from hearth.moderation.actions import AlreadyHandled
from hearth.moderation.actions.measures import AlreadyLifted, check_told, do_lift, rank_refusal
from hearth.moderation.models import (
    APPEAL_DAYS,
    APPEAL_MAX,
    Appeal,
    AppealStatus,
    Measure,
    MeasureKind,
)
from hearth.notifications.actions import notify
from hearth.notifications.models import Kind

# A post held for approval is approved or not by moderators: there is no decision yet to appeal.
APPEALABLE = frozenset(
    {
        MeasureKind.HIDE,
        MeasureKind.LABEL,
        MeasureKind.WARN,
        MeasureKind.MUTE,
        MeasureKind.REMOVE,
        MeasureKind.SUSPEND,
    }
)


class AlreadyAppealed(ValidationError):  # noqa: N818  (a ValidationError, named for what is wrong)
    def __init__(self) -> None:
        super().__init__("You have already appealed this.", code="appealed")


class AlreadyAnswered(AlreadyHandled):
    """Another moderator (or this one, in another tab) answered the appeal first."""

    def __init__(self, by: User | None) -> None:
        name = f"@{by.handle}" if by is not None else "a former moderator"
        ValidationError.__init__(self, f"This appeal was already answered by {name}.", code="handled")


def day_of(moment: datetime) -> str:
    """A day as members read it: "3 November", with the year when it is not this one."""
    local = timezone.localtime(moment)
    same_year = local.year == timezone.localtime().year
    return date_format(local, "j F" if same_year else "j F Y")


def is_site_measure(measure: Measure) -> bool:
    """Suspensions, and measures that belong to no community, are the site administrators'."""
    return measure.kind == MeasureKind.SUSPEND or measure.community_id is None


def appeal_of(measure: Measure) -> Appeal | None:
    """The measure's appeal, if the member made one."""
    return getattr(measure, "appeal", None)  # the reverse one-to-one raises AttributeError when absent


def appeal_open_until(measure: Measure, now: datetime | None = None) -> datetime | None:
    """Until when the member may still appeal the measure, or None when they may not."""
    now = now or timezone.now()
    if measure.kind not in APPEALABLE or measure.lifted_at is not None or appeal_of(measure) is not None:
        return None
    deadline: datetime = measure.appeal_deadline
    return deadline if now <= deadline else None


def closed_message(measure: Measure) -> str:
    return (
        f"Appeals are open for {APPEAL_DAYS} days after a decision; "
        f"this one closed on {day_of(measure.appeal_deadline)}."
    )


def check_appeal(member: User, measure: Measure, text: str) -> str:
    """The appeal's words, checked, or a plain refusal; someone else's measure does not exist."""
    if measure.member_id != member.pk:
        raise Http404
    if measure.kind not in APPEALABLE:
        raise ValidationError(
            "A post held for approval is approved or not by moderators; there is nothing to appeal yet.",
            code="not_appealable",
        )
    if measure.lifted_at is not None:
        raise ValidationError("This was lifted already: there is nothing left to appeal.", code="lifted")
    if Appeal.objects.filter(measure=measure).exists():
        raise AlreadyAppealed
    if timezone.now() > measure.appeal_deadline:
        raise ValidationError(closed_message(measure), code="closed")
    refuse_nul(text)
    text = text.strip()
    if not text:
        raise ValidationError("Write why you are appealing: the moderators read it.", code="text")
    if len(text) > APPEAL_MAX:
        raise ValidationError(
            f"An appeal has at most {APPEAL_MAX:,} characters (this one has {len(text):,}).", code="text"
        )
    return text


def do_appeal(member: User, measure: Measure, text: str) -> Appeal:
    """Appeal a measure once; it waits in the moderators' queue. The member's words stay with the
    appeal (and go when they erase their account): the audit log says only that they appealed."""
    text = check_appeal(member, measure, text)
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(measure=measure, member=member, text=text)
            record(
                member,
                "appeal:open",
                measure,
                community=measure.community,
                subject=member,
                appeal=appeal.pk,
                kind=measure.kind,
            )
    except IntegrityError:  # the same appeal sent twice at once: the first one counts
        raise AlreadyAppealed from None
    return appeal


# --- Answering --------------------------------------------------------------------------------


def may_decide(user: User, appeal: Appeal) -> bool:
    """Whether `user` may answer the appeal; nobody answers their own."""
    if appeal.member_id == user.pk:
        return False
    measure = appeal.measure
    if is_site_measure(measure):
        return is_site_admin(user)
    return moderates(user, measure.community)


def appeal_for(user: User, appeal_id: int) -> Appeal:
    """An appeal the user may answer, or 404."""
    appeal = Appeal.objects.select_related("measure__community", "member", "decided_by").filter(pk=appeal_id).first()
    if appeal is None or not may_decide(user, appeal):
        raise Http404
    return appeal


def own_measure(member: User, measure_id: int) -> Measure:
    """One of the member's own measures, or 404."""
    measure = Measure.objects.select_related("community", "appeal").filter(pk=measure_id, member=member).first()
    if measure is None:
        raise Http404
    return measure


def judge_refusal(user: User, measure: Measure) -> str:
    """Why `user` should not answer an appeal of this measure: they took it, and someone else can
    answer. Empty when they may (where nobody else moderates, the one who took it answers). Nobody
    answers an appeal of a measure they could not have lifted themselves (`rank_refusal`)."""
    outranked = rank_refusal(user, measure)
    if outranked:
        return outranked
    if measure.created_by_id != user.pk:
        return ""
    if is_site_measure(measure):
        others = User.objects.filter(is_staff=True, is_active=True).exclude(pk=user.pk).exists()
        return "You took this measure, so another administrator answers its appeal." if others else ""
    others = (
        Membership.objects.filter(
            community=measure.community, role__in=[Role.MODERATOR, Role.FOUNDER], user__is_active=True
        )
        .exclude(user=user)
        .exists()
    )
    return "You took this measure, so another moderator of the community answers its appeal." if others else ""


def check_answer(answer: str) -> str:
    return check_told(answer, what="an answer", code="answer")


def do_decide_appeal(moderator: User, appeal: Appeal, *, uphold: bool, answer: str) -> Appeal:
    """Answer an appeal once: uphold the measure, or overturn (lift) it. The member is told.

    Whoever calls this has checked that the moderator may answer it (`appeal_for`).
    """
    answer = check_answer(answer)
    with transaction.atomic():
        # Two moderators answering the same appeal at once: the second finds it answered.
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.status != AppealStatus.OPEN:
            raise AlreadyAnswered(appeal.decided_by)
        measure = Measure.objects.select_related("community").get(pk=appeal.measure_id)
        refusal = judge_refusal(moderator, measure)
        if refusal:
            raise ValidationError(refusal, code="own_measure")
        if not uphold:
            # Lifted meanwhile (say, a moderator's change of mind): the answer is just recorded.
            with suppress(AlreadyLifted):
                measure = do_lift(moderator, measure, reason=answer)
        appeal.status = AppealStatus.UPHELD if uphold else AppealStatus.OVERTURNED
        appeal.answer = answer
        appeal.decided_by = moderator
        appeal.decided_at = timezone.now()
        appeal.save(update_fields=["status", "answer", "decided_by", "decided_at"])
        member = appeal.member
        record(
            moderator,
            "appeal:uphold" if uphold else "appeal:overturn",
            measure,
            community=measure.community,
            reason=answer,
            subject=member,
            appeal=appeal.pk,
            kind=measure.kind,
        )
        transaction.on_commit(
            lambda: notify(member, Kind.APPEAL_ANSWERED, community=measure.community, measure=measure)
        )
    return appeal
