"""Automatic safeguards on what members write: per-community watched words, new members' first
posts held for approval, links limited for brand-new accounts, and posts hidden after reports
from several established members until a moderator looks.

The discussions (and chats) call `screen` before they save and `apply` in the same transaction
after; `screen` refuses what may not go through at all, with a plain reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Screening:
    hold: str = ""  # why the post waits for a moderator's approval; empty when it goes through
    flags: tuple[str, ...] = ()  # why moderators should look although it went through


def screen(user: Any, access: Any, text: str) -> Screening:
    """What the safeguards make of a new post before it is saved; refusals raise ValidationError."""
    return Screening()


def apply(post: Any, screening: Screening) -> None:
    """Hold or flag a post just saved, in the transaction that saved it."""
