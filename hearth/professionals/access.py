"""Who is a verified professional, and who decides about verifications: site administrators, and
never about their own. Everyone else gets 404 for an application, as for any private thing."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from hearth.accounts.models import User
from hearth.communities.access import is_site_admin
from hearth.professionals.models import Verification


def is_verified(user: Any) -> bool:
    """Whether `user` is an active member carrying a professional's badge now."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and getattr(user, "verified_as", ""))


def verified_members() -> QuerySet[User]:
    """Everyone carrying a badge now, by handle: the public list of verified professionals."""
    return User.objects.filter(is_active=True).exclude(verified_as="").order_by("handle")


def can_decide(user: Any) -> bool:
    """Whether `user` may read applications and verify, decline or withdraw them."""
    return is_site_admin(user)


def own_refusal(user: Any, verification: Verification) -> str:
    """Why `user` may not decide about this verification (it is their own); empty when they may."""
    if verification.member_id == getattr(user, "pk", None):
        return "This is your own application: another administrator decides about it."
    return ""


def application_for(user: Any, verification_id: int) -> Verification:
    """An application (in any state) for an administrator, or 404 for everyone else."""
    if not can_decide(user):
        raise Http404
    found = (
        Verification.objects.select_related("member", "decided_by", "withdrawn_by").filter(pk=verification_id).first()
    )
    if found is None:
        raise Http404
    return found
