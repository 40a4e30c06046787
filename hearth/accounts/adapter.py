"""Hearth's allauth adapter: plain-language messages about handles."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_taken": "That handle is taken. Please choose another.",
        "username_blacklisted": "That handle is reserved. Please choose another.",
        "invalid_username": "Use only letters, digits, dots, dashes and underscores in a handle.",
    }
