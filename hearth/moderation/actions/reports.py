"""Reports of live chat messages, profiles and communities; the kind word a member is sent when
someone is worried about them; and a chat message hidden from the moderation queue.

Each report goes through the access policy of what it is about: what the reporter cannot see
answers 404, as if it did not exist. A chat message goes to its community's queue; a profile
and a community go to the site-wide queue (the community's own moderators are not the ones to
judge the community, nor a member as a whole). The reported member is never told who reported
them, nor, for "I'm worried about this person", what was reported: only that someone is
thinking of them, with the crisis lines of their country, at most once a day.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from hearth.accounts.models import User
from hearth.api.schemas import MAX_ID
from hearth.chats import events
from hearth.chats.access import ChatAccess, live_chat_for
from hearth.chats.models import ChatMessage, LiveChat
from hearth.communities.access import Need, community_for
from hearth.communities.models import Community
from hearth.moderation.actions import Reported, check_report, do_report
from hearth.moderation.models import Measure, MeasureKind, QueueItem, Reason, TargetType
from hearth.notifications.actions import notify
from hearth.notifications.models import Kind, Notification
from hearth.profiles.access import profile_for

KIND_WORD_EVERY = timedelta(hours=24)  # at most one kind word a member, however many are worried


# --- Reporting ----------------------------------------------------------------------------------


def _reported(
    reporter: User,
    target_type: TargetType,
    target_id: int,
    reason: str,
    note: str,
    source_url: str,
    *,
    community: Community | None,
    evidence_url: str,
) -> Reported:
    return do_report(
        reporter, target_type, target_id, reason, note, source_url, community=community, evidence_url=evidence_url
    )


def chat_message_for(user: Any, message_id: int) -> tuple[ChatMessage, ChatAccess]:
    """A chat message its session's readers may see, or 404 (a hidden one only for those who run
    the room, as the room shows it)."""
    message = (
        ChatMessage.objects.select_related("author", "topic").filter(pk=message_id).first()
        if 0 < message_id <= MAX_ID
        else None
    )
    if message is None:
        raise Http404
    chat, access = live_chat_for(user, message.live_chat_id)
    if message.hidden_at is not None and not access.can_run_room:
        raise Http404
    message.live_chat = chat
    return message, access


def do_report_chat_message(
    reporter: User, message_id: int, reason: str, note: str = "", evidence_url: str = ""
) -> Reported:
    """Report a live chat message the reporter can read (404 otherwise) and did not write."""
    message, _ = chat_message_for(reporter, message_id)
    if message.author_id == reporter.pk:
        raise ValidationError("This is your own message: a host can hide it if you ask.", code="own")
    community = message.live_chat.community
    reported = _reported(
        reporter,
        TargetType.CHAT_MESSAGE,
        message.pk,
        reason,
        note,
        message.get_absolute_url(),
        community=community,
        evidence_url=evidence_url,
    )
    send_kind_word_after(reported, message.author, community)
    return reported


def do_report_profile(reporter: User, handle: str, reason: str, note: str = "", evidence_url: str = "") -> Reported:
    """Report a member's profile the reporter can see (404 for an unknown, erased or closed
    account) and that is not their own, to the site administrators."""
    view = profile_for(reporter, handle)
    if view.is_self:
        raise ValidationError("This is your own profile: edit it instead.", code="own")
    member = view.member
    reported = _reported(
        reporter,
        TargetType.PROFILE,
        member.pk,
        reason,
        note,
        member.get_absolute_url(),
        community=None,
        evidence_url=evidence_url,
    )
    send_kind_word_after(reported, member, None)
    return reported


def do_report_community(reporter: User, slug: str, reason: str, note: str = "", evidence_url: str = "") -> Reported:
    """Report a community the reporter can see (404 otherwise) to the site administrators."""
    access = community_for(reporter, slug, Need.SEE)
    check_report(reason, note, evidence_url)
    if reason == Reason.WORRIED:
        raise ValidationError(
            "A community is not a person: to say you are worried about someone, report their post, message or profile.",
            code="reason",
        )
    community = access.community
    return _reported(
        reporter,
        TargetType.COMMUNITY,
        community.pk,
        reason,
        note,
        community.get_absolute_url(),
        community=None,
        evidence_url=evidence_url,
    )


# --- The kind word ------------------------------------------------------------------------------


WORRIED_THANKS = (
    "Thank you for looking out for them. They get a private, kind message with places to find "
    "support, which never says who sent it or why. Moderators will look too."
)


def thanks_for(done: Reported) -> str:
    """What the reporter is told: thanks, and for a new worried report, what happens next."""
    if not done.already and done.report.reason == Reason.WORRIED:
        return WORRIED_THANKS
    return done.message


def send_kind_word_after(reported: Reported, member: User | None, community: Community | None) -> None:
    """After a new "I'm worried about this person" report, send `member` a kind word once the
    report is saved. A report made again, or for another reason, sends nothing."""
    if reported.already or reported.report.reason != Reason.WORRIED or member is None or not member.is_active:
        return
    member_id, community_id = member.pk, community.pk if community is not None else None
    # robust: the report is saved whatever happens to the word; the reporter's page must not fail.
    transaction.on_commit(lambda: do_send_kind_word(member_id, community_id), robust=True)


def do_send_kind_word(member_id: int, community_id: int | None) -> Notification | None:
    """Tell the member privately that someone is thinking of them, unless they were told so in
    the last day. Nothing says who, or about what."""
    with transaction.atomic():
        # Two worried reports committing at once: the member's row lets one word through.
        member = User.objects.select_for_update().filter(pk=member_id, is_active=True).first()
        if member is None:
            return None
        since = timezone.now() - KIND_WORD_EVERY
        if Notification.objects.filter(recipient=member, kind=Kind.WORRIED, created_at__gte=since).exists():
            return None
        community = Community.objects.filter(pk=community_id).first() if community_id is not None else None
        return notify(member, Kind.WORRIED, community=community)


# --- A chat message hidden from the queue -------------------------------------------------------


def hide_chat_message(moderator: User, item: QueueItem, message: ChatMessage, reason: str) -> Measure:
    """Hide a reported chat message as a host would, as a measure its author is told of (with the
    reason) and may appeal. Called by `do_decide`, inside its transaction."""
    chat_id = message.live_chat_id
    now = timezone.now()
    # The measure's own hiding carries its moment, so lifting it never undoes a host's earlier one.
    if message.hidden_at is None:
        message.hidden_at = now
        message.hidden_by = moderator
        message.save(update_fields=["hidden_at", "hidden_by"])
        LiveChat.objects.filter(pk=chat_id, pinned=message).update(pinned=None)
        events.send_to_room(chat_id, {"type": "hidden", "seq": message.seq})
    measure = Measure.objects.create(
        kind=MeasureKind.HIDE,
        member=message.author,
        community=item.community,
        target_type=TargetType.CHAT_MESSAGE,
        target_id=message.pk,
        item=item,
        reason=reason,
        created_by=moderator,
        created_at=now,
    )
    author, community, chat = message.author, item.community, message.live_chat
    transaction.on_commit(lambda: notify(author, Kind.MEASURE, community=community, live_chat=chat, measure=measure))
    return measure


def show_chat_message_again(message_id: int) -> None:
    """Once a lifted measure has shown a chat message again, show it to everyone in its room."""
    message = (
        ChatMessage.objects.select_related("author", "topic", "live_chat__series__community")
        .filter(pk=message_id)
        .first()
    )
    if message is None or message.hidden_at is not None:
        return
    series = message.live_chat.series
    is_host = series.hosts.filter(pk=message.author_id).exists()
    is_guest = series.guests.filter(pk=message.author_id).exists()
    events.send_to_room(
        message.live_chat_id, events.message_frame(message, is_guest=is_guest, is_host=is_host) | {"type": "shown"}
    )
