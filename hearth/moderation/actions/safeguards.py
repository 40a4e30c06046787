"""Watched words: the words and phrases a community's moderators watch for in new posts and live
chat messages, each flagged for them, held for their approval or refused (`hearth.moderation.
safeguards` applies them).

Whoever calls these has already checked that the moderator moderates the community
(`hearth.communities.access.community_for(..., Need.MODERATE)`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.communities.models import Community
from hearth.lib.text import refuse_nul
from hearth.moderation.models import WATCHED_PHRASE_MAX, WatchedAction, WatchedWord
from hearth.moderation.safeguards import WATCHED_WORDS_MAX, fold

FOLDED_MAX = WATCHED_PHRASE_MAX * 2  # WatchedWord.folded: folding can lengthen a word ("ﬃ" is "ffi")


def _already(word: WatchedWord) -> ValidationError:
    return ValidationError(
        f"“{word.phrase}” is already watched here ({word.get_action_display().lower()}).", code="duplicate"
    )


def check_watched_word(community: Community, phrase: str, action: str) -> tuple[str, str]:
    """The phrase as written (spaces trimmed) and as matched, or a plain refusal."""
    refuse_nul(phrase, action)
    if action not in WatchedAction.values:
        raise ValidationError("Choose what happens to a post that contains it.", code="action")
    phrase = " ".join(phrase.split())
    if not phrase:
        raise ValidationError("Write the word or phrase to watch for.", code="phrase")
    if len(phrase) > WATCHED_PHRASE_MAX:
        raise ValidationError(f"A watched word or phrase has at most {WATCHED_PHRASE_MAX} characters.", code="phrase")
    folded = fold(phrase)
    if not folded:
        raise ValidationError("A watched word needs at least one letter or digit.", code="phrase")
    if len(folded) > FOLDED_MAX:
        raise ValidationError("That phrase is too long to watch for: try a shorter one.", code="phrase")
    earlier = WatchedWord.objects.filter(community=community, folded=folded).first()
    if earlier is not None:
        raise _already(earlier)
    return phrase, folded


def do_add_watched_word(moderator: User, community: Community, phrase: str, action: str) -> WatchedWord:
    phrase, folded = check_watched_word(community, phrase, action)
    try:
        with transaction.atomic():
            # Race: two moderators adding at once could pass the limit together; the community's
            # row lock has them count one after the other.
            Community.objects.select_for_update().filter(pk=community.pk).first()
            if WatchedWord.objects.filter(community=community).count() >= WATCHED_WORDS_MAX:
                raise ValidationError(
                    f"A community watches at most {WATCHED_WORDS_MAX} words. Remove one you no longer need first.",
                    code="limit",
                )
            word = WatchedWord.objects.create(
                community=community, phrase=phrase, folded=folded, action=action, created_by=moderator
            )
            record(moderator, "watched_word:add", word, community=community, phrase=phrase, effect=action)
    except IntegrityError:  # the same phrase, added by another moderator just now
        earlier = WatchedWord.objects.filter(community=community, folded=folded).first()
        if earlier is None:
            raise
        raise _already(earlier) from None
    return word


def do_remove_watched_word(moderator: User, word: WatchedWord) -> None:
    with transaction.atomic():
        if not WatchedWord.objects.filter(pk=word.pk).delete()[0]:
            return  # removed a moment ago, in another tab: once is recorded
        record(moderator, "watched_word:remove", word, community=word.community, phrase=word.phrase, effect=word.action)
