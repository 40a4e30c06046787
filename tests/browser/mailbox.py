"""Reading the mail the live server wrote as .eml files, as a member would read it in her inbox."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

_CONFIRMATION_LINK = re.compile(r"https?://[^\s<>\"']+/confirm-email/[^\s<>\"']+")


@dataclass(frozen=True)
class Mailbox:
    folder: Path

    def newest(self) -> EmailMessage:
        # EmlFileBackend names files by UTC time to the microsecond, so the last name is the newest.
        files = sorted(self.folder.glob("*.eml"))
        assert files, f"no mail was sent (nothing in {self.folder})"
        message = email.message_from_bytes(files[-1].read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return message

    def confirmation_link(self, to: str) -> str:
        """The link in the newest message, which must be the address confirmation sent to `to`."""
        message = self.newest()
        assert to in str(message["To"]), f"the newest mail went to {message['To']}, not {to}"
        body = message.get_body(preferencelist=("plain", "html"))
        assert body is not None, "the newest mail has no text body"
        found = _CONFIRMATION_LINK.search(body.get_content())
        assert found, f"no confirmation link in the mail {message['Subject']!r}"
        return found.group(0)
