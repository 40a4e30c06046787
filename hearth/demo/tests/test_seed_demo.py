"""seed_demo creates the personas once; running it again changes nothing."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from hearth.accounts.models import User
from hearth.demo.personas import DEMO_PASSWORD, PERSONAS

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_the_personas_can_log_in(client: Client) -> None:
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())

    from hearth.demo.treatments import REPORTERS

    assert User.objects.count() == len(PERSONAS) + len(REPORTERS)
    assert User.objects.get(handle="ellen71").text_size == "large"
    assert User.objects.get(handle="site_admin").is_staff
    response = client.post("/accounts/login/", {"login": "maya@demo.hearth.test", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_the_demo_has_a_weekly_lupus_chat_with_a_transcript_and_topics_ahead() -> None:
    from django.utils import timezone

    from hearth.chats.models import ChatSeries
    from hearth.chats.schedule import upcoming

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    series = ChatSeries.objects.get(community__slug="living-with-lupus", slug="lupuschat")
    assert series.frequency == "weekly"
    assert series.first_date.weekday() == 0  # Mondays
    past = series.chats.filter(finished_at__isnull=False).get()
    assert past.figures is not None
    assert past.figures["messages"] == 13
    assert [f["messages"] for f in past.figures["messages_per_topic"]][:4] == [3, 3, 2, 2]
    nxt = upcoming(series, timezone.now(), count=1)[0]
    assert nxt.chat is not None
    assert nxt.chat.topics.count() == 4
    assert ChatSeries.objects.filter(slug="bcsm").count() == 1


def test_the_demo_has_profiles_matches_and_a_conversation() -> None:
    from hearth.conversations.models import DirectMessage
    from hearth.profiles.matching import find_matches

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())

    maya = User.objects.get(handle="maya_r")
    assert maya.profile.conditions_visibility == "communities"
    assert "june_b" in [match.member.handle for match in find_matches(maya)]
    assert (
        DirectMessage.objects.filter(conversation__user_low=maya).count()
        + DirectMessage.objects.filter(conversation__user_high=maya).count()
        == 2
    )


def test_the_demo_gives_maya_120_days_of_tracking_a_walking_goal_and_milestones() -> None:
    from hearth.tracking import goals
    from hearth.tracking.models import CheckIn, Goal, Milestone, Observation, SymptomRating, Tracker
    from hearth.tracking.series import local_today

    call_command("seed_demo", stdout=StringIO())
    maya = User.objects.get(handle="maya_r")
    counts = (
        CheckIn.objects.filter(member=maya).count(),
        SymptomRating.objects.filter(check_in__member=maya).count(),
        Observation.objects.filter(tracker__member=maya).count(),
        Goal.objects.filter(member=maya).count(),
        Milestone.objects.filter(goal__member=maya).count(),
    )
    call_command("seed_demo", stdout=StringIO())

    assert CheckIn.objects.filter(member=maya).count() == 120
    assert CheckIn.objects.filter(member=maya).order_by("-day").first().day == local_today(maya)  # type: ignore[union-attr]
    assert counts == (
        120,
        SymptomRating.objects.filter(check_in__member=maya).count(),
        Observation.objects.filter(tracker__member=maya).count(),
        2,
        Milestone.objects.filter(goal__member=maya).count(),
    )
    assert counts[1] == 240
    assert Tracker.objects.filter(member=maya, name="Walking", unit="minutes").count() == 1
    walking = Goal.objects.get(member=maya, series__startswith="tracker-")
    kinds = set(walking.milestones.values_list("kind", flat=True))
    assert {"first_day", "first_week", "days_30"} <= kinds
    assert len(goals.uncelebrated(maya)) == 1
    (progress,) = goals.progress_of(maya, [walking])
    assert progress.title == "Walking at least 20 minutes, 5 days a week"
    assert progress.best_streak >= 1


def test_ravis_queue_holds_a_report_a_label_a_wellbeing_check_and_an_appeal(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from hearth.communities.models import Community
    from hearth.moderation.models import Decision, QueueItem
    from hearth.safety.models import WellbeingCheck

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())

    community = Community.objects.get(slug="t1d-together")
    assert QueueItem.objects.filter(community=community, handled_at__isnull=True).count() == 1
    assert QueueItem.objects.filter(community=community, decision=Decision.LABEL).count() == 1
    assert WellbeingCheck.objects.filter(community=community, handled_at__isnull=True).count() == 1
    from hearth.moderation.models import Appeal, AppealStatus, Measure, MeasureKind, WatchedWord

    assert Measure.objects.filter(community=community, kind=MeasureKind.LABEL, lifted_at__isnull=True).count() == 1
    appeal = Appeal.objects.get(measure__community=community)
    assert (appeal.status, appeal.measure.kind, appeal.member.handle) == (
        AppealStatus.OPEN,
        MeasureKind.WARN,
        "lena_sle",
    )
    assert WatchedWord.objects.filter(community=community, phrase="miracle cure").count() == 1


def test_the_demo_has_two_full_treatment_pages_and_one_below_the_threshold() -> None:
    from hearth.experiences.models import TreatmentReport, TreatmentSummary
    from hearth.privacy.figures import MIN_GROUP

    call_command("seed_demo", stdout=StringIO())
    reports = TreatmentReport.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert TreatmentReport.objects.count() == reports

    def summary(treatment: str, condition: str) -> TreatmentSummary:
        return TreatmentSummary.objects.get(treatment__slug=treatment, condition__slug=condition)

    lupus = summary("hydroxychloroquine", "systemic-lupus-erythematosus")
    assert lupus.contributors >= MIN_GROUP
    assert lupus.figures["side_effects"][0]["members"] >= MIN_GROUP
    assert summary("tamoxifen", "breast-cancer").contributors >= MIN_GROUP
    assert 0 < summary("belimumab", "systemic-lupus-erythematosus").contributors < MIN_GROUP


def test_the_demo_has_a_verified_clinician_a_waiting_application_and_a_library() -> None:
    from hearth.evidence.models import EvidenceEntry
    from hearth.moderation.models import LabelKind, Measure
    from hearth.professionals.models import Verification, VerificationStatus
    from hearth.treatments.models import TreatmentProposal

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())

    attai = User.objects.get(handle="dr_attai")
    assert (attai.verified_as, attai.verified_title) == ("clinician", "Breast surgeon")
    assert Verification.objects.get(member__handle="lena_sle").status == VerificationStatus.PENDING
    assert EvidenceEntry.objects.filter(condition__slug="systemic-lupus-erythematosus").count() == 3
    assert TreatmentProposal.objects.filter(proposed_by__handle="lena_sle", status="pending").count() == 1
    disputed = Measure.objects.get(label_kind=LabelKind.DISPUTED)
    entry = EvidenceEntry.objects.get(condition__slug="type-1-diabetes")
    assert entry.get_absolute_url() in disputed.label_links
