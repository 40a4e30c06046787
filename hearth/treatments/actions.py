"""Members propose additions to the treatments catalogue; moderators approve or decline them.

Who may decide: administrators and anyone who moderates at least one community (`may_decide`).
An approval adds the treatment to the catalogue (marked `proposed`), which search finds at once.
Every proposal and decision is audit-logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from hearth.accounts.access import is_suspended, refuse_if_suspended
from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.communities.access import is_site_admin
from hearth.communities.models import Membership, Role, Status
from hearth.conditions.models import Condition
from hearth.conditions.text import normalise
from hearth.lib.page_cache import forget_visitor_pages
from hearth.lib.ratelimit import Limit, hit
from hearth.lib.text import refuse_nul
from hearth.treatments.models import (
    DECISION_REASON_MAX,
    PROPOSAL_NOTE_MAX,
    Kind,
    ProposalStatus,
    Treatment,
    TreatmentProposal,
)
from hearth.treatments.search import forget_index

NAME_MAX = 150
OTHER_NAMES_MAX = 10
CONDITIONS_MAX = 5
PROPOSAL_LIMITS = (Limit(count=10, seconds=86_400),)
# Addresses under /treatments/ that are pages of their own, not a treatment's.
_RESERVED_SLUGS = {"propose", "proposals", "compare"}


# --- Who may decide ---------------------------------------------------------------------------


def may_decide(user: Any) -> bool:
    """Administrators, and members who moderate (or founded) at least one active community."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_site_admin(user):
        return True
    if is_suspended(user):
        return False
    return Membership.objects.filter(
        user=user, role__in=[Role.MODERATOR, Role.FOUNDER], community__status=Status.ACTIVE
    ).exists()


def proposal_for(user: Any, pk: int) -> TreatmentProposal:
    """A proposal its proposer or a decider may see; 404 for anyone else."""
    proposal = TreatmentProposal.objects.select_related("proposed_by", "decided_by", "treatment").filter(pk=pk).first()
    if proposal is None:
        raise Http404
    mine = proposal.proposed_by_id is not None and proposal.proposed_by_id == getattr(user, "pk", None)
    if not (mine or may_decide(user)):
        raise Http404
    return proposal


def proposal_to_decide(user: Any, pk: int) -> TreatmentProposal:
    if not may_decide(user):
        raise Http404
    return proposal_for(user, pk)


def pending_proposals() -> list[TreatmentProposal]:
    """What waits for a decision, oldest first."""
    return list(
        TreatmentProposal.objects.filter(status=ProposalStatus.PENDING)
        .select_related("proposed_by")
        .prefetch_related("conditions")
        .order_by("created_at", "pk")[:200]
    )


def proposals_of(member: User) -> list[TreatmentProposal]:
    """A member's own proposals, newest first."""
    return list(
        TreatmentProposal.objects.filter(proposed_by=member)
        .select_related("decided_by", "treatment")
        .prefetch_related("conditions")
        .order_by("-created_at", "-pk")[:100]
    )


# --- Proposing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalInput:
    name: str
    kind: str
    other_names: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()  # condition slugs
    note: str = ""


@dataclass(frozen=True)
class CheckedProposal:
    name: str
    kind: str
    other_names: tuple[str, ...]
    conditions: tuple[Condition, ...]
    note: str


def split_names(text: str) -> tuple[str, ...]:
    """Names a member typed separated by commas."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def catalogue_match(names: Iterable[str]) -> tuple[str, Treatment] | None:
    """The first of `names` the catalogue already holds (by name or other name, whatever the
    case, accents or punctuation), with the treatment holding it."""
    wanted = {normalise(name): name for name in names if normalise(name)}
    if not wanted:
        return None
    for treatment in Treatment.objects.only("slug", "name", "other_names"):
        for known in (treatment.name, *treatment.other_names):
            found = wanted.get(normalise(known))
            if found is not None:
                return found, treatment
    return None


def _checked_name(name: str, *, what: str) -> str:
    name = " ".join(name.split())
    if not name or not normalise(name):
        raise ValidationError(f"Write the {what}.", code="name")
    if len(name) > NAME_MAX:
        raise ValidationError(f"A name has at most {NAME_MAX} characters.", code="name")
    return name


def check_proposal(given: ProposalInput) -> CheckedProposal:
    refuse_nul(given.name, given.kind, given.note, *given.other_names, *given.conditions)
    name = _checked_name(given.name, what="treatment's name")
    if given.kind not in Kind.values:
        raise ValidationError("Choose what kind of treatment it is.", code="kind")
    if len(given.other_names) > OTHER_NAMES_MAX:
        raise ValidationError(f"Give at most {OTHER_NAMES_MAX} other names.", code="other_names")
    others: dict[str, str] = {}
    for other in given.other_names:
        checked = _checked_name(other, what="other name")
        if normalise(checked) != normalise(name):
            others.setdefault(normalise(checked), checked)
    note = given.note.strip()
    if len(note) > PROPOSAL_NOTE_MAX:
        raise ValidationError(f"A note has at most {PROPOSAL_NOTE_MAX} characters.", code="note")
    slugs = set(given.conditions)
    if len(slugs) > CONDITIONS_MAX:
        raise ValidationError(f"Choose at most {CONDITIONS_MAX} conditions.", code="conditions")
    conditions = tuple(Condition.objects.filter(slug__in=slugs).order_by("name")) if slugs else ()
    if len(conditions) != len(slugs):
        raise ValidationError("Choose conditions from the list.", code="unknown_condition")
    existing = catalogue_match([name, *others.values()])
    if existing is not None:
        said, treatment = existing
        raise ValidationError(f"“{said}” is already in the catalogue, as {treatment.name}.", code="exists")
    pending = TreatmentProposal.objects.filter(status=ProposalStatus.PENDING).values_list("name", flat=True)
    if any(normalise(other) == normalise(name) for other in pending):
        raise ValidationError(f"“{name}” was proposed already and waits for a moderator.", code="pending")
    return CheckedProposal(name, given.kind, tuple(others.values()), conditions, note)


def do_propose(member: User, given: ProposalInput) -> TreatmentProposal:
    refuse_if_suspended(member, "propose treatments")
    checked = check_proposal(given)
    hit("treatment_proposal", member.pk, PROPOSAL_LIMITS, what="proposed treatments")
    with transaction.atomic():
        proposal = TreatmentProposal.objects.create(
            proposed_by=member,
            name=checked.name,
            kind=checked.kind,
            other_names=list(checked.other_names),
            note=checked.note,
        )
        proposal.conditions.set(checked.conditions)
        record(
            member,
            "treatment:propose",
            proposal,
            name=proposal.name,
            kind=proposal.kind,
            conditions=[c.slug for c in checked.conditions],
        )
    return proposal


# --- Deciding ---------------------------------------------------------------------------------


class AlreadyDecided(ValidationError):  # noqa: N818  (a ValidationError, named for what is wrong)
    def __init__(self, proposal: TreatmentProposal) -> None:
        by = f"@{proposal.decided_by.handle}" if proposal.decided_by is not None else "a former moderator"
        super().__init__(f"Already {proposal.get_status_display().lower()} by {by}.", code="handled")


def _unique_slug(name: str) -> str:
    base = slugify(name)[:90].strip("-") or "treatment"
    if base in _RESERVED_SLUGS:
        base = f"{base}-treatment"
    slug, n = base, 2
    while Treatment.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _forget_catalogue() -> None:
    # Now, so this process's next search finds it, and again after the commit, so that a search
    # that rebuilt the index in between (without the new treatment) does not keep it.
    forget_index()
    transaction.on_commit(forget_index)
    forget_visitor_pages()


def do_decide_proposal(
    moderator: User, proposal: TreatmentProposal, *, approve: bool, reason: str = ""
) -> TreatmentProposal:
    """Approve (the treatment joins the catalogue) or decline (with a reason the proposer reads)."""
    refuse_nul(reason)
    reason = reason.strip()
    if len(reason) > DECISION_REASON_MAX:
        raise ValidationError(f"A reason has at most {DECISION_REASON_MAX} characters.", code="reason")
    if not approve and not reason:
        raise ValidationError("Say why it is declined: the member who proposed it reads it.", code="reason")
    with transaction.atomic():
        # Two moderators deciding at once: the second finds it decided.
        proposal = TreatmentProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != ProposalStatus.PENDING:
            raise AlreadyDecided(proposal)
        proposal.decided_by = moderator
        proposal.decided_at = timezone.now()
        proposal.decision_reason = reason
        if not approve:
            proposal.status = ProposalStatus.DECLINED
            proposal.save()
            record(moderator, "treatment:decline", proposal, reason=reason, subject=proposal.proposed_by)
            return proposal
        existing = catalogue_match([proposal.name, *proposal.other_names])
        if existing is not None:  # added to the catalogue since it was proposed
            treatment = existing[1]
        else:
            treatment = Treatment.objects.create(
                slug=_unique_slug(proposal.name),
                name=proposal.name,
                kind=proposal.kind,
                other_names=list(proposal.other_names),
                proposed=True,
            )
            treatment.conditions.set(proposal.conditions.all())
        proposal.status = ProposalStatus.APPROVED
        proposal.treatment = treatment
        proposal.save()
        record(
            moderator,
            "treatment:approve",
            proposal,
            reason=reason,
            subject=proposal.proposed_by,
            treatment=treatment.slug,
            created=existing is None,
        )
        _forget_catalogue()
    return proposal
