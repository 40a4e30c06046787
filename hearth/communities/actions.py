"""Writes to communities: creating, joining, leaving, requests, invites, roles and removals.

Each `do_*` checks who is acting through the access policy and raises ValidationError with a
plain sentence for anything that cannot be done; views, the API and commands show that sentence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify

from hearth.accounts.access import refuse_if_suspended
from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.communities.access import access_for, is_site_admin
from hearth.communities.models import (
    Community,
    EntryQuestion,
    Invite,
    JoinRequest,
    Membership,
    RequestStatus,
    Role,
    Status,
    Visibility,
)
from hearth.conditions.models import Condition
from hearth.lib.markdown import render
from hearth.lib.page_cache import forget_visitor_pages
from hearth.lib.text import refuse_nul
from hearth.moderation.models import Measure, MeasureKind, standing
from hearth.notifications.actions import notify

MAX_ENTRY_QUESTIONS = 5
MAX_ANSWER_CHARS = 1000
INVITE_DAYS_DEFAULT = 14
INVITE_DAYS_MAX = 90
_RESERVED_SLUGS = {"new", "pending", "search", "tags", "feed"}
REMOVED = (
    "Moderators removed you from this community. Your moderation record says why, and how to appeal; "
    "you can join again if the removal is lifted."
)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70].strip("-") or "community"
    if base in _RESERVED_SLUGS:
        base = f"{base}-community"
    slug, n = base, 2
    while Community.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _derive_texts(community: Community) -> None:
    """What is kept beside the name, description and rules: their HTML and folded words."""
    description, rules = render(community.description), render(community.rules)
    community.description_html, community.rules_html = description.html, rules.html
    community.renderer_version = description.version
    community.fold_for_search()


@dataclass(frozen=True)
class CommunityInput:
    name: str
    description: str
    visibility: str = Visibility.PUBLIC
    rules: str = ""
    conditions: Sequence[Condition] = ()
    parent: Community | None = None
    anonymous_posting: bool = False
    entry_questions: Sequence[str] = ()
    # Moderation settings (None keeps what the community has): crisis checks, held first posts.
    wellbeing_checks: bool | None = None
    hold_first_posts: bool | None = None


def check_community_input(user: User, data: CommunityInput, *, editing: Community | None = None) -> None:
    name = data.name.strip()
    if not 3 <= len(name) <= 100:
        raise ValidationError("A community name has 3 to 100 characters.", code="name")
    if not data.description.strip():
        raise ValidationError("Describe the community in a sentence or two, so people know it is for them.")
    if len(data.description) > 5000 or len(data.rules) > 10000:
        raise ValidationError("The description has at most 5,000 characters and the rules at most 10,000.")
    if data.visibility not in Visibility.values:
        raise ValidationError("Choose public, closed or private.", code="visibility")
    if data.anonymous_posting and data.visibility != Visibility.PUBLIC:
        raise ValidationError("Anonymous posting is only for public communities.", code="anonymous")
    questions = [q.strip() for q in data.entry_questions if q.strip()]
    if len(questions) > MAX_ENTRY_QUESTIONS or any(len(q) > 300 for q in questions):
        raise ValidationError(f"Ask at most {MAX_ENTRY_QUESTIONS} entry questions of up to 300 characters.")
    if questions and data.visibility != Visibility.CLOSED:
        raise ValidationError("Entry questions are for closed communities, where joining needs approval.")
    if data.parent is not None:
        # Choosing a parent needs its founders' say; keeping the one it has does not (a founder
        # of a group inside someone else's community may still change the group's rules).
        if editing is None or data.parent.pk != editing.parent_id:
            _check_new_parent(user, data.parent, editing)
        if data.parent.visibility == Visibility.PRIVATE and data.visibility != Visibility.PRIVATE:
            # A listed group inside a private one would reveal that the private one exists.
            raise ValidationError("A group inside a private community must be private too.", code="parent_private")


def _check_new_parent(user: User, parent: Community, editing: Community | None) -> None:
    if parent.parent_id is not None:
        raise ValidationError("Sub-communities go one level deep: choose a top-level community.")
    if editing is not None and parent.pk == editing.pk:
        raise ValidationError("A community cannot be inside itself.")
    if editing is not None and editing.subcommunities.exists():
        raise ValidationError("This community has sub-communities, so it cannot become one.")
    if not access_for(user, parent).can_manage:
        raise ValidationError("Only the founders of a community can add sub-communities to it.")


def do_create_community(user: User, data: CommunityInput) -> Community:
    """Create a community with `user` as its founder. Needs a site admin's approval when the site
    asks for it (COMMUNITIES_NEED_APPROVAL)."""
    refuse_if_suspended(user, "create a community")
    check_community_input(user, data)
    needs_approval = getattr(settings, "COMMUNITIES_NEED_APPROVAL", False) and not is_site_admin(user)
    with transaction.atomic():
        community = Community(
            slug=_unique_slug(data.name),
            name=data.name.strip(),
            description=data.description.strip(),
            rules=data.rules.strip(),
            visibility=data.visibility,
            parent=data.parent,
            anonymous_posting=data.anonymous_posting,
            status=Status.PENDING if needs_approval else Status.ACTIVE,
            created_by=user,
            member_count=1,
        )
        _derive_texts(community)
        try:
            community.save()
        except IntegrityError:
            raise ValidationError("A community with that name was just created. Try another name.") from None
        community.conditions.set(data.conditions)
        Membership.objects.create(community=community, user=user, role=Role.FOUNDER)
        _set_questions(community, data.entry_questions)
    return community


def do_update_community(user: User, community: Community, data: CommunityInput) -> Community:
    if not access_for(user, community).can_manage:
        raise ValidationError("Only the community's founders can change its settings.")
    check_community_input(user, data, editing=community)
    with transaction.atomic():
        community.name = data.name.strip()
        community.description = data.description.strip()
        community.rules = data.rules.strip()
        community.visibility = data.visibility
        community.parent = data.parent
        community.anonymous_posting = data.anonymous_posting
        if data.wellbeing_checks is not None:
            community.wellbeing_checks = data.wellbeing_checks
        if data.hold_first_posts is not None:
            community.hold_first_posts = data.hold_first_posts
        _derive_texts(community)
        community.save()
        community.conditions.set(data.conditions)
        _set_questions(community, data.entry_questions)
        forget_visitor_pages()
    return community


def _set_questions(community: Community, questions: Iterable[str]) -> None:
    community.entry_questions.all().delete()
    EntryQuestion.objects.bulk_create(
        EntryQuestion(community=community, text=text.strip(), position=i)
        for i, text in enumerate(q for q in questions if q.strip())
    )


def do_decide_community(admin: User, community: Community, *, approve: bool) -> Community:
    if not is_site_admin(admin):
        raise ValidationError("Only site administrators approve new communities.")
    if community.status != Status.PENDING:
        raise ValidationError("That community has already been decided.", code="decided")
    community.status = Status.ACTIVE if approve else Status.DECLINED
    community.save(update_fields=["status"])
    record(admin, "community:approve" if approve else "community:decline", community, community=community)
    return community


def _add_member(community: Community, user: User, role: str = Role.MEMBER) -> Membership:
    """Add a membership and count it; the caller holds a transaction."""
    membership, created = Membership.objects.get_or_create(community=community, user=user, defaults={"role": role})
    if created:
        Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + 1)
        # A mute outlives leaving and joining again: it is the moderators' measure, not the row's.
        muted = Measure.objects.filter(standing(), kind=MeasureKind.MUTE, member=user, community=community)
        ends = muted.aggregate(latest=Max("ends_at"))["latest"]
        if ends is not None:
            Membership.objects.filter(pk=membership.pk).update(muted_until=ends)
            membership.muted_until = ends
    return membership


def refuse_if_removed(user: User, community: Community) -> None:
    """A member whom moderators removed (hearth.moderation) joins again only once it is lifted."""
    if Measure.objects.filter(standing(), kind=MeasureKind.REMOVE, member=user, community=community).exists():
        raise ValidationError(REMOVED, code="removed")


def do_join(user: User, community: Community) -> Membership:
    access = access_for(user, community)
    if access.is_member:
        raise ValidationError("You are already a member.", code="member")
    refuse_if_removed(user, community)
    if not access.can_join_directly:
        raise ValidationError("This community needs a request or an invitation to join.", code="closed")
    with transaction.atomic():
        return _add_member(community, user)


def do_request_to_join(user: User, community: Community, answers: Sequence[str]) -> JoinRequest:
    access = access_for(user, community)
    if access.is_member:
        raise ValidationError("You are already a member.", code="member")
    refuse_if_removed(user, community)
    if not access.can_request_to_join:
        raise ValidationError("This community does not take requests to join.", code="not_closed")
    questions = list(community.entry_questions.all())
    answers = [a.strip() for a in answers] + [""] * (len(questions) - len(answers))
    if any(not a for a in answers[: len(questions)]):
        raise ValidationError("Please answer every question; the moderators read them before approving.")
    if any(len(a) > MAX_ANSWER_CHARS for a in answers):
        raise ValidationError(f"Each answer has at most {MAX_ANSWER_CHARS:,} characters.")
    for answer in answers:
        refuse_nul(answer)
    pairs = [{"question": q.text, "answer": a} for q, a in zip(questions, answers, strict=False)]
    try:
        # Race: a double-submitted form; the partial unique constraint keeps one pending request.
        with transaction.atomic():
            request = JoinRequest.objects.create(community=community, user=user, answers=pairs)
    except IntegrityError:
        raise ValidationError("Your request is already waiting for the moderators.", code="duplicate") from None
    return request


def do_decide_request(moderator: User, join_request: JoinRequest, *, approve: bool) -> JoinRequest:
    community = join_request.community
    if not access_for(moderator, community).can_moderate:
        raise ValidationError("Only the community's moderators decide requests.")
    with transaction.atomic():
        # Race: two moderators deciding the same request at once; the first one wins.
        locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if locked.status != RequestStatus.PENDING:
            raise ValidationError("Another moderator has already decided this request.", code="decided")
        locked.status = RequestStatus.APPROVED if approve else RequestStatus.DECLINED
        locked.decided_by, locked.decided_at = moderator, timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        if approve:
            _add_member(community, locked.user)
        notify(
            locked.user,
            "join_approved" if approve else "join_declined",
            actor=None,
            community=community,
        )
    return locked


def do_leave(user: User, community: Community) -> None:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(community=community, user=user).first()
        if membership is None:
            raise ValidationError("You are not a member.", code="not_member")
        if (
            membership.role == Role.FOUNDER
            and not community.memberships.filter(role=Role.FOUNDER).exclude(pk=membership.pk).exists()
        ):
            raise ValidationError("You are the only founder. Make another member a founder before you leave.")
        membership.delete()
        Community.objects.filter(pk=community.pk).update(member_count=F("member_count") - 1)


def do_remove_member(actor: User, community: Community, member: User, *, reason: str = "") -> None:
    actor_access = access_for(actor, community)
    if not actor_access.can_moderate:
        raise ValidationError("Only the community's moderators remove members.")
    refuse_nul(reason)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(community=community, user=member).first()
        if membership is None:
            raise ValidationError("That person is not a member.", code="not_member")
        if membership.role == Role.FOUNDER and not actor_access.is_site_admin:
            raise ValidationError("Founders can only be removed by a site administrator.")
        if membership.role == Role.MODERATOR and not actor_access.can_manage:
            raise ValidationError("Only founders remove moderators.")
        end_membership(membership)
        record(actor, "membership:remove", member, community=community, reason=reason)


def end_membership(membership: Membership) -> None:
    """Delete a membership and keep the community's count; the caller has checked and locked it."""
    membership.delete()
    Community.objects.filter(pk=membership.community_id).update(member_count=F("member_count") - 1)


def do_set_role(actor: User, community: Community, member: User, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError("Choose member, moderator or founder.")
    if not access_for(actor, community).can_manage:
        raise ValidationError("Only founders promote and demote moderators.")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(community=community, user=member).first()
        if membership is None:
            raise ValidationError("That person is not a member.", code="not_member")
        if membership.role == Role.FOUNDER and role != Role.FOUNDER:
            founders = community.memberships.select_for_update().filter(role=Role.FOUNDER)
            if founders.count() <= 1:
                raise ValidationError("A community needs at least one founder.")
        membership.role = role
        membership.save(update_fields=["role"])
        record(actor, f"membership:set_{role}", member, community=community)
    return membership


@dataclass(frozen=True)
class NewInvite:
    """An invite just created: `secret` is shown once, in the link."""

    invite: Invite
    secret: str


def do_create_invite(
    actor: User, community: Community, *, days: int = INVITE_DAYS_DEFAULT, note: str = ""
) -> NewInvite:
    if not access_for(actor, community).can_moderate:
        raise ValidationError("Only the community's moderators create invitations.")
    if not 1 <= days <= INVITE_DAYS_MAX:
        raise ValidationError(f"An invitation lasts from 1 to {INVITE_DAYS_MAX} days.")
    secret = secrets.token_urlsafe(24)
    invite = Invite.objects.create(
        community=community,
        digest=_digest(secret),
        created_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=days),
        note=note.strip()[:100],
    )
    return NewInvite(invite=invite, secret=secret)


def do_revoke_invite(actor: User, invite: Invite) -> None:
    if not access_for(actor, invite.community).can_moderate:
        raise ValidationError("Only the community's moderators revoke invitations.")
    if invite.revoked_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])


def invite_for_secret(secret: str) -> Invite | None:
    """The usable invite behind a link, or None for an unknown, revoked or expired one."""
    if not secret or len(secret) > 100:
        return None
    invite = Invite.objects.select_related("community").filter(digest=_digest(secret)).first()
    if invite is None or not invite.is_usable or invite.community.status != Status.ACTIVE:
        return None
    return invite


def do_accept_invite(user: User, secret: str) -> Membership:
    invite = invite_for_secret(secret)
    if invite is None:
        raise ValidationError("This invitation has expired or was withdrawn. Ask for a new one.", code="invalid")
    refuse_if_removed(user, invite.community)
    with transaction.atomic():
        membership = _add_member(invite.community, user)
        Invite.objects.filter(pk=invite.pk).update(uses=F("uses") + 1)
        JoinRequest.objects.filter(community=invite.community, user=user, status=RequestStatus.PENDING).update(
            status=RequestStatus.APPROVED, decided_at=timezone.now()
        )
    return membership


def pending_requests(community: Community) -> Any:
    return community.join_requests.filter(status=RequestStatus.PENDING).select_related("user")
