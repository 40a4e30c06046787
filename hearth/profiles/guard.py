"""Against scraping: a limit on how many member profiles and match lists one account (or, signed
out, one address) may open per hour, and an alert to administrators when one account opens an
unusual number of profiles, as a scraper harvesting a forum would."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.lib.ratelimit import Limit, hit

log = logging.getLogger(__name__)

PROFILE_VIEWS = (Limit(count=300, seconds=3600),)
SIGNED_OUT_PROFILE_VIEWS = (Limit(count=120, seconds=3600),)
UNUSUAL_PROFILE_VIEWS = 100  # in one hour: more than a person reading their communities would open


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def note_profile_view(request: HttpRequest, viewer: Any, member: User) -> None:
    """Count one profile opened; raise RateLimited past the hourly limit. A member's own profile
    does not count."""
    if getattr(viewer, "is_authenticated", False):
        if viewer.pk == member.pk:
            return
        used = hit("profile_view", viewer.pk, PROFILE_VIEWS, what="opened member profiles")
        if used == UNUSUAL_PROFILE_VIEWS:
            _alert_administrators(viewer, used)
    else:
        hit("profile_view_anon", _address(request), SIGNED_OUT_PROFILE_VIEWS, what="opened member profiles")


def _alert_administrators(viewer: User, count: int) -> None:
    """Once per account per hour (the count passes the mark once per window): an audit event that
    administrators see, and an email to each of them after the event is saved."""
    if not cache.add(f"profile_view_alert:{viewer.pk}", 1, timeout=3600):
        return
    with transaction.atomic():
        record(viewer, "profile:unusual_views", viewer, count=count, window="1 hour")
        addresses = list(User.objects.filter(is_staff=True, is_active=True).values_list("email", flat=True))
        if addresses:
            transaction.on_commit(lambda: _mail(addresses, viewer, count))
    log.warning("member %s opened %s profiles within an hour", viewer.pk, count)


def _mail(addresses: list[str], viewer: User, count: int) -> None:
    send_mail(
        subject=f"Hearth: @{viewer.handle} opened {count} member profiles within an hour",
        message=(
            f"The account @{viewer.handle} has opened {count} member profiles within an hour, which is "
            "unusual for a person. It may be harvesting profiles. Its further views are limited to "
            f"{PROFILE_VIEWS[0].count} an hour. Review the account in the administration pages."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=addresses,
        fail_silently=True,
    )
