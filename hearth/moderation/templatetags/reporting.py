"""Links to report pages where a template knows a thing by another name than its id: a
transcript shows a session's messages by number."""

from __future__ import annotations

from django import template
from django.urls import reverse

from hearth.chats.models import ChatMessage, LiveChat

register = template.Library()

_IDS = "_reportable_message_ids"  # kept on the session object: one query for a whole transcript


@register.simple_tag
def chat_message_report_url(chat: LiveChat, seq: int) -> str:
    """The report page of the session's message number `seq` (shown, not hidden), or ""."""
    ids: dict[int, int] | None = getattr(chat, _IDS, None)
    if ids is None:
        ids = dict(ChatMessage.objects.filter(live_chat=chat, hidden_at__isnull=True).values_list("seq", "pk"))
        setattr(chat, _IDS, ids)
    found = ids.get(seq)
    return reverse("moderation_report_chat_message", args=[found]) if found else ""
