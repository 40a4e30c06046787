"""Demo treatment reports: enough from consenting members for two treatment pages to show every
figure (hydroxychloroquine for lupus, tamoxifen for breast cancer), and a few for belimumab for
lupus, which stays below the ten-person threshold so its page shows the hidden state.

The reporters beyond the personas are quiet members who only reported and consented to
research; they cannot sign in. Reports are added once: running the demo again adds nothing."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from hearth.accounts.actions import do_create_member
from hearth.accounts.models import User
from hearth.conditions.models import Condition
from hearth.experiences.figures import refresh
from hearth.experiences.models import ReportedSideEffect, TreatmentReport
from hearth.privacy.actions import do_give_consent
from hearth.treatments.models import Treatment

LUPUS = "systemic-lupus-erythematosus"
BREAST_CANCER = "breast-cancer"

# Quiet members who reported on their treatments (handles only; they never sign in).
REPORTERS = (
    "rosa_k", "dee_walks", "amara_o", "kim_h", "priya_s", "noor_a", "hannah_b", "carla_m", "joy_t",
    "beth_r", "fatima_z", "gwen_l", "ines_p", "olu_a", "sara_v", "tess_d", "una_c", "vicky_n",
    "wren_f", "yasmin_e", "zoe_q", "abby_g",
)  # fmt: skip


@dataclass(frozen=True)
class Plan:
    treatment: str
    condition: str
    personas: tuple[str, ...]
    reporters: slice  # which of REPORTERS (people with lupus come first)
    tips: tuple[str, ...]


PLANS = (
    Plan(
        "hydroxychloroquine",
        LUPUS,
        ("tiffany", "lena_sle"),
        slice(0, 12),
        (
            "Take it with food, in the evening; the nausea went away for me after a month.",
            "Book the yearly eye check as soon as you start, so it is never a surprise.",
            "It took about three months before I noticed my joints were better. Hang in there.",
        ),
    ),
    Plan(
        "tamoxifen",
        BREAST_CANCER,
        ("june_b", "maya_r"),
        slice(12, 22),
        (
            "A fan by the bed and layers in the day made the hot flushes bearable.",
            "Tell your oncologist about joint aches early; there were things that helped.",
        ),
    ),
    Plan("belimumab", LUPUS, (), slice(0, 4), ()),
)

EFFECTIVENESS = ("major", "major", "moderate", "moderate", "moderate", "slight", "none", "too_soon")
STOP_REASONS = (["side_effects"], ["not_working"], ["side_effects", "clinician"], ["cost"])


def _reporter(handle: str) -> User:
    member = User.objects.named(handle).first()
    if member is None:
        member = do_create_member(handle=handle, email=f"{handle}@demo.hearth.test", password=None)
    return member


def _report(member: User, treatment: Treatment, condition: Condition, rng: random.Random, tip: str) -> bool:
    if TreatmentReport.objects.filter(member=member, treatment=treatment, condition=condition).exists():
        return False
    today = timezone.localdate()
    started = today - dt.timedelta(days=rng.randint(20, 2_500))
    stopped = None
    reasons: list[str] = []
    if rng.random() < 0.3:
        stopped = started + dt.timedelta(days=rng.randint(10, max(11, (today - started).days)))
        stopped = min(stopped, today)
        reasons = rng.choice(STOP_REASONS)
    report = TreatmentReport.objects.create(
        member=member,
        treatment=treatment,
        condition=condition,
        started_on=started,
        stopped_on=stopped,
        stop_reasons=reasons,
        effectiveness=rng.choice(EFFECTIVENESS),
        missed_doses=rng.choice(("never", "rarely", "rarely", "sometimes", "often")),
        burden=rng.choice(("none", "little", "little", "somewhat", "very")),
        cost_band=rng.choice(("none", "low", "low", "medium", "high")),
        tip=tip,
        share_tip=bool(tip),
    )
    listed = list(treatment.side_effects)
    if listed:
        # The first side effect of the list is the one nearly everyone mentions, so the page shows it.
        names = {listed[0]} | set(rng.sample(listed, k=min(len(listed), rng.randint(0, 3))))
        ReportedSideEffect.objects.bulk_create(
            ReportedSideEffect(
                report=report, name=name, listed=True, severity=rng.choice(("mild", "mild", "moderate", "severe"))
            )
            for name in sorted(names)
        )
    return True


def seed_treatment_reports(by_handle: dict[str, User]) -> int:
    """Add the reports (once) and compute their figures; return how many reports were added."""
    rng = random.Random(9)  # noqa: S311  (demo data, deterministic on purpose)
    added = 0
    for plan in PLANS:
        treatment = Treatment.objects.filter(slug=plan.treatment).first()
        condition = Condition.objects.filter(slug=plan.condition).first()
        if treatment is None or condition is None:
            continue
        members = [by_handle[handle] for handle in plan.personas]
        members += [_reporter(handle) for handle in REPORTERS[plan.reporters]]
        tips = list(plan.tips)
        for member in members:
            do_give_consent(member)
            added += _report(member, treatment, condition, rng, tips.pop(0) if tips else "")
        refresh(treatment.pk, condition.pk)
    return added
