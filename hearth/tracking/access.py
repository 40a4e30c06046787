"""The one access policy for tracking: a member's check-ins, trackers, goals, charts and summaries
are theirs alone. Anyone else reaches them only through a share link that is still open, and then
only what that link names. Everything else answers 404, revealing nothing.
"""

from __future__ import annotations

import re

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hearth.accounts.models import User
from hearth.profiles.models import ProfileTreatment
from hearth.tracking.models import CheckIn, Goal, Milestone, ScheduledDose, ShareLink, Tracker

TOKEN_MAX = 64
_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{1,{TOKEN_MAX}}}")


def own_tracker(member: User, tracker_id: int) -> Tracker:
    tracker: Tracker = get_object_or_404(Tracker, pk=tracker_id, member=member)
    return tracker


def own_goal(member: User, goal_id: int) -> Goal:
    goal: Goal = get_object_or_404(Goal, pk=goal_id, member=member)
    return goal


def own_milestone(member: User, milestone_id: int) -> Milestone:
    milestone: Milestone = get_object_or_404(
        Milestone.objects.select_related("goal"), pk=milestone_id, goal__member=member
    )
    return milestone


def own_check_in(member: User, check_in_id: int) -> CheckIn:
    check_in: CheckIn = get_object_or_404(CheckIn, pk=check_in_id, member=member)
    return check_in


def own_dose(member: User, dose_id: int) -> ScheduledDose:
    dose: ScheduledDose = get_object_or_404(
        ScheduledDose.objects.select_related("profile_treatment__treatment"),
        pk=dose_id,
        profile_treatment__profile_id=member.pk,
    )
    return dose


def own_current_treatment(member: User, treatment_id: int) -> ProfileTreatment:
    """A treatment on the member's profile that they still take: doses are scheduled for these."""
    entry: ProfileTreatment = get_object_or_404(
        ProfileTreatment.objects.select_related("treatment"),
        pk=treatment_id,
        profile_id=member.pk,
        stopped_on__isnull=True,
    )
    return entry


def own_share(member: User, share_id: int) -> ShareLink:
    link: ShareLink = get_object_or_404(ShareLink, pk=share_id, member=member)
    return link


def open_share(token: str) -> ShareLink:
    """The share link behind `token` while it is open; 404 once it expired or was revoked, and for
    any token that is not one, alike."""
    # Only the characters a token is made of reach the database (a NUL would make PostgreSQL fail).
    if not _TOKEN.fullmatch(token):
        raise Http404
    link = (
        ShareLink.objects.select_related("member")
        .filter(token=token, revoked_at__isnull=True, expires_at__gt=timezone.now(), member__is_active=True)
        .first()
    )
    if link is None:
        raise Http404
    return link
