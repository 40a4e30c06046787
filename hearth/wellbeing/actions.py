"""Writes to a member's well-being controls: muted words, quiet hours and hiding reaction counts.
Breaks are in `breaks.py`; muted members, threads and communities belong to `connections` and
`notifications`, whose actions the well-being page calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.accounts.models import User
from hearth.lib.text import refuse_nul
from hearth.wellbeing.models import FOLDED_MAX, MAX_MUTED_WORDS, MUTED_WORD_MAX, MutedWord, WellbeingSettings
from hearth.wellbeing.muting import fold_phrase


def check_muted_word(phrase: str) -> tuple[str, str]:
    """The phrase as it will be stored and as it is matched; refuses what can never be muted."""
    refuse_nul(phrase)
    shown = " ".join(phrase.split())
    if not shown:
        raise ValidationError("Write a word or phrase to mute.", code="blank")
    if len(shown) > MUTED_WORD_MAX:
        raise ValidationError(
            f"A muted word or phrase has at most {MUTED_WORD_MAX} characters (this one has {len(shown)}).",
            code="too_long",
        )
    folded = fold_phrase(shown)
    # Folding can lengthen text ("ﷺ" alone becomes 18 letters): the folded form has a column too.
    if len(folded) > FOLDED_MAX:
        raise ValidationError("This word or phrase is too long once written out; shorten it.", code="too_long")
    if not any(character.isalnum() for character in folded):
        raise ValidationError("A muted word needs at least one letter or digit.", code="no_word")
    return shown, folded


def do_add_muted_word(member: User, phrase: str) -> MutedWord:
    shown, folded = check_muted_word(phrase)
    with transaction.atomic():
        # Race: two tabs adding the 50th word; the member's row lock makes them take turns.
        User.objects.select_for_update().filter(pk=member.pk).first()
        if MutedWord.objects.filter(user=member, folded=folded).exists():
            raise ValidationError(f"You already muted “{shown}”.", code="already_muted")
        if MutedWord.objects.filter(user=member).count() >= MAX_MUTED_WORDS:
            raise ValidationError(
                f"You can mute at most {MAX_MUTED_WORDS} words; unmute one to add another.", code="too_many"
            )
        try:
            with transaction.atomic():
                return MutedWord.objects.create(user=member, phrase=shown, folded=folded)
        except IntegrityError:  # the same word from a double click
            raise ValidationError(f"You already muted “{shown}”.", code="already_muted") from None


def do_remove_muted_word(member: User, word_id: int) -> None:
    removed, _ = MutedWord.objects.filter(user=member, pk=word_id).delete()
    if not removed:
        raise ValidationError("There is no such muted word.", code="not_found")


def do_set_muted_words(member: User, phrases: Iterable[str]) -> list[MutedWord]:
    """Replace the whole list (the API's PUT); the same word twice counts once."""
    wanted: dict[str, str] = {}
    for phrase in phrases:
        shown, folded = check_muted_word(phrase)
        wanted.setdefault(folded, shown)
    if len(wanted) > MAX_MUTED_WORDS:
        raise ValidationError(f"You can mute at most {MAX_MUTED_WORDS} words.", code="too_many")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=member.pk).first()
        MutedWord.objects.filter(user=member).exclude(folded__in=wanted).delete()
        kept = set(MutedWord.objects.filter(user=member).values_list("folded", flat=True))
        MutedWord.objects.bulk_create(
            MutedWord(user=member, phrase=shown, folded=folded)
            for folded, shown in wanted.items()
            if folded not in kept
        )
    return list(MutedWord.objects.filter(user=member))


def settings_of(member: User) -> WellbeingSettings:
    """The member's settings as saved, or the defaults (no quiet hours) when never set."""
    return WellbeingSettings.objects.filter(user=member).first() or WellbeingSettings(user=member)


def do_update_settings(
    member: User, *, quiet_from: dt.time | None, quiet_until: dt.time | None, hide_reaction_counts: bool
) -> WellbeingSettings:
    """Set quiet hours (both times, or neither to have none) and whether reaction counts show."""
    if (quiet_from is None) != (quiet_until is None):
        raise ValidationError("Give both the start and the end of your quiet hours, or neither.", code="quiet_hours")
    if quiet_from is not None and quiet_until is not None:
        quiet_from, quiet_until = (
            quiet_from.replace(second=0, microsecond=0),
            quiet_until.replace(second=0, microsecond=0),
        )
        if quiet_from == quiet_until:
            raise ValidationError("Quiet hours end at another time than they start.", code="quiet_hours")
    with transaction.atomic():
        found, _ = WellbeingSettings.objects.get_or_create(user=member)
        found.quiet_from, found.quiet_until, found.updated_at = quiet_from, quiet_until, timezone.now()
        found.save()
        if member.hide_reaction_counts != hide_reaction_counts:
            member.hide_reaction_counts = hide_reaction_counts
            member.save(update_fields=["hide_reaction_counts"])
    return found
