"""Every mute a member set, in one place for the well-being page and the API: words (here),
members (`connections.Mute`), threads and communities (`notifications.Subscription`). Threads and
communities are listed only while the member may still see them."""

from __future__ import annotations

from dataclasses import dataclass

from hearth.accounts.models import User
from hearth.communities.models import Community
from hearth.connections.models import Mute
from hearth.discussions.models import Thread
from hearth.notifications.models import Level, Subscription
from hearth.wellbeing.models import MutedWord

MAX_LISTED = 500


@dataclass(frozen=True)
class Mutes:
    words: list[MutedWord]
    members: list[User]
    threads: list[Thread]
    communities: list[Community]

    @property
    def empty(self) -> bool:
        return not (self.words or self.members or self.threads or self.communities)


def mutes_of(member: User) -> Mutes:
    muted = Subscription.objects.filter(user=member, level=Level.MUTE)
    threads = (
        Thread.objects.visible_to(member)
        .filter(pk__in=muted.filter(thread__isnull=False).values("thread_id"))
        .select_related("community")
        .order_by("title", "pk")
    )
    communities = (
        Community.objects.visible_to(member)
        .filter(pk__in=muted.filter(community__isnull=False).values("community_id"))
        .order_by("name", "pk")
    )
    members = [
        mute.muted
        for mute in Mute.objects.filter(muter=member, muted__is_active=True)
        .select_related("muted")
        .order_by("-created_at")[:MAX_LISTED]
    ]
    return Mutes(
        words=list(MutedWord.objects.filter(user=member)),
        members=members,
        threads=list(threads[:MAX_LISTED]),
        communities=list(communities[:MAX_LISTED]),
    )
