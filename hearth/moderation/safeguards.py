"""Automatic safeguards on what members write: per-community watched words, new members' first
posts held for approval, links limited for brand-new accounts, and posts hidden after reports
from several established members until a moderator looks.

The discussions (and chats) call `screen` before they save and `apply` in the same transaction
after; `screen` refuses what may not go through at all, with a plain reason. A community's
moderators (and site administrators) are not screened: they set the rules and act on them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import unquote

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from hearth.audit.actions import record
from hearth.communities.access import CommunityAccess, is_site_admin
from hearth.lib.markdown import render
from hearth.lib.page_cache import forget_visitor_pages
from hearth.moderation.models import (
    Measure,
    MeasureKind,
    QueueItem,
    Report,
    ReportStatus,
    TargetType,
    WatchedAction,
    WatchedWord,
    standing,
)
from hearth.search.terms import words

# Several established members reporting the same post hide it until a moderator looks.
AUTO_HIDE_REPORTERS = 3
ESTABLISHED_DAYS = 14  # an account at least this old,
ESTABLISHED_POSTS = 5  # with at least this many posts of its own that others can read
# Brand-new accounts share few links: most spam comes from accounts made that day.
NEW_ACCOUNT_DAYS = 2
NEW_ACCOUNT_LINKS = 1
WATCHED_WORDS_MAX = 200  # per community
NOTE_MAX = QueueItem._meta.get_field("note").max_length or 200

HELD_FIRST_POST = "Held: a new member's first post here waits for a moderator."
AUTO_HIDDEN = "Hidden for now after several members reported it; a moderator will look soon."
TOO_MANY_LINKS = "New accounts can share one link per {} for their first two days. Your words are kept."
WAITING = "Your post will show once a moderator approves it."


@dataclass(frozen=True)
class Screening:
    hold: str = ""  # why the post waits for a moderator's approval; empty when it goes through
    flags: tuple[str, ...] = ()  # why moderators should look although it went through


# --- Watched words --------------------------------------------------------------------------


def fold(text: str) -> str:
    """Text as watched words are matched: the words search folds (no case, accents or
    punctuation), one space between each."""
    return " ".join(words(text))


def _found(text: str, community_id: int) -> list[WatchedWord]:
    """The community's watched words in the text, refusals first, then holds, then flags."""
    watched = list(WatchedWord.objects.filter(community_id=community_id).only("phrase", "folded", "action"))
    if not watched:
        return []
    folded = f" {fold(text)} "  # spaces at both ends, so each phrase matches whole words only
    found = [word for word in watched if f" {word.folded} " in folded]
    order = {WatchedAction.REFUSE.value: 0, WatchedAction.HOLD.value: 1, WatchedAction.FLAG.value: 2}
    return sorted(found, key=lambda word: (order.get(word.action, 3), word.phrase))


def _refused(phrase: str, where: str = "posts") -> ValidationError:
    return ValidationError(
        f"This community does not allow “{phrase}” in {where}. Your words are kept so you can change them.",
        code="watched_word",
    )


def _watched(user: Any, access: CommunityAccess, text: str, what: str) -> list[WatchedWord] | None:
    """The community's watched words in `text`, after refusing a word set to refuse and too many
    links (`what`: "post" or "message"); None for moderators, whom the safeguards leave alone."""
    if access.can_moderate:
        return None
    found = _found(text, access.community.pk)
    for word in found:
        if word.action == WatchedAction.REFUSE:
            raise _refused(word.phrase, f"{what}s")
    check_links(user, text, what)
    return found


def _flag(phrase: str) -> str:
    return f"Flagged: it contains “{phrase}”."


# --- Links ----------------------------------------------------------------------------------

# Addresses left as text (the renderer makes no links of them) still send readers somewhere.
_WEB_ADDRESS = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>]+", re.IGNORECASE)
_SCHEME_AND_WWW = re.compile(r"^(?:https?://)?(?:www\.)?", re.IGNORECASE)
_LINK_ELEMENT = re.compile(r"<a\b[^>]*>.*?</a>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def _place(address: str) -> str:
    """Where an address leads, however it was written: "https://www.nhs.uk/" and "nhs.uk" alike."""
    return _SCHEME_AND_WWW.sub("", unquote(html.unescape(address)).lower()).rstrip("/.,;:!?)'\"")


def links_in(text: str) -> int:
    """How many different places the text links to, as rendered: its links, and the web
    addresses written out as text outside them."""
    rendered = render(text)
    outside_links = html.unescape(_TAG.sub(" ", _LINK_ELEMENT.sub(" ", rendered.html)))
    addresses = [*rendered.links, *_WEB_ADDRESS.findall(outside_links)]
    return len({_place(address) for address in addresses})


def _is_new(user: Any) -> bool:
    joined = getattr(user, "date_joined", None)
    return joined is not None and joined > timezone.now() - timedelta(days=NEW_ACCOUNT_DAYS)


def check_links(user: Any, text: str, what: str = "message") -> None:
    """Refuse more than NEW_ACCOUNT_LINKS links in one post or message from an account younger
    than NEW_ACCOUNT_DAYS. Direct messages ask here (site administrators are exempt); posts and
    chats ask `screen`, which exempts the community's moderators too."""
    if is_site_admin(user) or not _is_new(user):
        return
    if links_in(text) > NEW_ACCOUNT_LINKS:
        raise ValidationError(TOO_MANY_LINKS.format(what), code="links")


# --- Screening what is written --------------------------------------------------------------


def _post_shown(post_id: Any) -> Q:
    """Not held nor hidden: what the post's community let through."""
    return Q(
        ~Exists(
            Measure.objects.filter(
                standing(),
                target_type=TargetType.POST,
                target_id=post_id,
                kind__in=[MeasureKind.HOLD, MeasureKind.HIDE],
            )
        )
    )


def _first_post_here(user: Any, community_id: int) -> bool:
    """Whether the member has no earlier post in the community that moderators let through."""
    from hearth.discussions.models import Post  # the discussions call this module: no cycle at import

    return not Post.objects.filter(_post_shown(OuterRef("pk")), community_id=community_id, author=user).exists()


def screen(user: Any, access: CommunityAccess, text: str) -> Screening:
    """What the safeguards make of a new post before it is saved; refusals raise ValidationError."""
    found = _watched(user, access, text, "post")
    if found is None:
        return Screening()
    holding = [word.phrase for word in found if word.action == WatchedAction.HOLD]
    hold = f"Held: it contains “{holding[0]}”, which moderators here look at first." if holding else ""
    if not hold and access.community.hold_first_posts and _first_post_here(user, access.community.pk):
        hold = HELD_FIRST_POST
    flags = tuple(_flag(word.phrase) for word in found if word.action == WatchedAction.FLAG)
    return Screening(hold=hold, flags=flags)


def screen_chat(user: Any, access: CommunityAccess, text: str) -> Screening:
    """As `screen`, for a live chat message: it cannot wait for approval, so a word that would
    hold a post only flags the message, and a member's first message is not held."""
    found = _watched(user, access, text, "message")
    return Screening(flags=tuple(_flag(word.phrase) for word in found or ()))


def screen_edit(user: Any, access: CommunityAccess, text: str) -> Screening:
    """As `screen`, for an edit of a post others may already have read: refused words and links
    are refused as in a new post, and a word that would hold a new post flags the edit instead."""
    found = _watched(user, access, text, "post")
    return Screening(flags=tuple(_flag(word.phrase) for word in found or ()))


def _noted(note: str, more: Iterable[str]) -> str:
    """The item's note with more reasons, each once, cut to fit."""
    parts = [note] if note else []
    parts += [part for part in dict.fromkeys(more) if part and part not in note]
    joined = " ".join(parts)
    return joined if len(joined) <= NOTE_MAX else joined[: NOTE_MAX - 1] + "…"


def _queue(target_type: str, target_id: int, community: Any, notes: Iterable[str]) -> QueueItem:
    """Put the target in its community's queue (or note why on the item already open)."""
    from hearth.moderation.actions import _open_item  # the actions build on this module

    item = _open_item(target_type, target_id, community)
    note = _noted(item.note, notes)
    if note != item.note:
        QueueItem.objects.filter(pk=item.pk).update(note=note)
        item.note = note
    return item


def apply(post: Any, screening: Screening) -> None:
    """Hold or flag a post just saved, in the transaction that saved it."""
    if not screening.hold and not screening.flags:
        return
    notes = (screening.hold, *screening.flags) if screening.hold else screening.flags
    item = _queue(TargetType.POST, post.pk, post.community, notes)
    if screening.hold:
        Measure.objects.create(
            kind=MeasureKind.HOLD,
            member=post.author,
            community=post.community,
            target_type=TargetType.POST,
            target_id=post.pk,
            item=item,
            reason=screening.hold,
        )
        record(
            None,
            "post:hold",
            post,
            community=post.community,
            reason=screening.hold,
            subject=None if post.is_anonymous else post.author,
        )


def apply_chat(message: Any, community: Any, screening: Screening) -> None:
    """Flag a live chat message just saved, in the transaction that saved it."""
    if screening.flags:
        _queue(TargetType.CHAT_MESSAGE, message.pk, community, screening.flags)


def is_held(post: Any) -> bool:
    """Whether the post waits for a moderator's approval."""
    return held_post_ids([post.pk]) != set()


def held_post_ids(post_ids: list[int]) -> set[int]:
    """Which of these posts wait for a moderator's approval."""
    if not post_ids:
        return set()
    held = Measure.objects.filter(
        standing(), target_type=TargetType.POST, target_id__in=post_ids, kind=MeasureKind.HOLD
    )
    return {pk for pk in held.values_list("target_id", flat=True) if pk is not None}


# --- Reports from several established members -----------------------------------------------


def established(user_ids: Iterable[int | None]) -> set[int]:
    """Which of these members are established: an account at least ESTABLISHED_DAYS old with a
    verified email address, not suspended, and at least ESTABLISHED_POSTS posts of their own
    that are neither held, hidden nor deleted."""
    from hearth.accounts.models import User
    from hearth.discussions.models import Post

    now = timezone.now()
    candidates = User.objects.filter(
        Q(suspended_until__isnull=True) | Q(suspended_until__lte=now),
        Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
        pk__in=[pk for pk in user_ids if pk is not None],
        is_active=True,
        date_joined__lte=now - timedelta(days=ESTABLISHED_DAYS),
    ).values("pk")
    posters = (
        Post.objects.filter(_post_shown(OuterRef("pk")), author__in=candidates, deleted_at__isnull=True)
        .values("author_id")
        .annotate(posts=Count("pk"))
        .filter(posts__gte=ESTABLISHED_POSTS)
    )
    return {row["author_id"] for row in posters}


def after_report(report: Report) -> None:
    """Hide a post at once when established members reported it AUTO_HIDE_REPORTERS times
    (`created_by` None: a safeguard's measure), until a moderator decides its item."""
    if report.target_type != TargetType.POST or report.item_id is None:
        return
    reporters = set(
        Report.objects.filter(item_id=report.item_id, status=ReportStatus.OPEN).values_list("reporter_id", flat=True)
    )
    if len(reporters) < AUTO_HIDE_REPORTERS or len(established(reporters)) < AUTO_HIDE_REPORTERS:
        return
    from hearth.discussions.models import Post

    with transaction.atomic():
        # Race: the third and fourth reports at once; the item's lock lets one of them hide the post.
        item = QueueItem.objects.select_for_update().filter(pk=report.item_id, handled_at__isnull=True).first()
        post = Post.objects.select_related("community").filter(pk=report.target_id, deleted_at__isnull=True).first()
        if item is None or post is None:
            return
        on_post = Measure.objects.filter(target_type=TargetType.POST, target_id=post.pk)
        hiding = on_post.filter(standing(), kind__in=[MeasureKind.HIDE, MeasureKind.HOLD])
        # Once a safeguard's hiding was lifted (an appeal, a moderator), more reports of the same
        # item wait for a moderator rather than hide the post again.
        hid_before = on_post.filter(kind=MeasureKind.HIDE, created_by__isnull=True, item=item)
        if hiding.exists() or hid_before.exists():
            return
        Measure.objects.create(
            kind=MeasureKind.HIDE,
            member=post.author,
            community=post.community,
            target_type=TargetType.POST,
            target_id=post.pk,
            item=item,
            reason=AUTO_HIDDEN,
        )
        item.note = _noted(item.note, [AUTO_HIDDEN])
        item.save(update_fields=["note"])
        record(
            None,
            "post:hide",
            post,
            community=post.community,
            reason=AUTO_HIDDEN,
            subject=None if post.is_anonymous else post.author,
            item=item.pk,
        )
        forget_visitor_pages()


def automatic_hides(post_id: int) -> list[Measure]:
    """The safeguards' standing hides of a post, which a moderator's decision replaces."""
    return list(
        Measure.objects.filter(
            standing(), target_type=TargetType.POST, target_id=post_id, kind=MeasureKind.HIDE, created_by__isnull=True
        )
    )


def standing_hold(post_id: int) -> Measure | None:
    """The hold keeping a post from others until a moderator approves it, if there is one."""
    return (
        Measure.objects.filter(standing(), target_type=TargetType.POST, target_id=post_id, kind=MeasureKind.HOLD)
        .order_by("created_at", "pk")
        .first()
    )


def settle(moderator: Any, post: Any, decision: str, reason: str) -> None:
    """A moderator decided a post's item: the safeguards' hides give way to the decision, and a
    hold is lifted (an approval tells the author, on commit; a hide or a label tells them of itself)."""
    from hearth.discussions.models import Thread
    from hearth.moderation.actions.measures import do_lift  # the actions build on this module
    from hearth.moderation.models import Decision
    from hearth.notifications.actions import notify
    from hearth.notifications.models import Kind

    for measure in automatic_hides(post.pk):
        do_lift(moderator, measure, reason=reason)
    holds = list(
        Measure.objects.filter(standing(), target_type=TargetType.POST, target_id=post.pk, kind=MeasureKind.HOLD)
    )
    for hold in holds:
        do_lift(moderator, hold, reason=reason)
    if holds and decision == Decision.HIDE and post.is_first:
        # Refused, not approved: a held thread's title (perhaps the very words held) stays unlisted.
        Thread.objects.filter(pk=post.thread_id).update(is_held=True)
    author = post.author
    if holds and decision == Decision.APPROVE and author is not None:
        lifted = holds[0]
        transaction.on_commit(
            lambda: notify(
                author, Kind.POST_APPROVED, community=post.community, thread=post.thread, post=post, measure=lifted
            )
        )


def waits_for_approval(item: QueueItem) -> bool:
    """Whether the queue item is about a post held for approval (which a moderator may approve)."""
    return item.target_type == TargetType.POST and standing_hold(item.target_id) is not None
