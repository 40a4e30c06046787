"""In development each message lands as its own .eml file that a mail program can open."""

from __future__ import annotations

import email
from pathlib import Path

from django.core.mail import EmailMessage, get_connection


def test_each_message_is_one_eml_file(tmp_path: Path) -> None:
    connection = get_connection("hearth.lib.mail.EmlFileBackend", file_path=str(tmp_path / "mail"))

    sent = connection.send_messages(
        [EmailMessage("Hello", "First", to=["maya@example.org"]), EmailMessage("Again", "Second", to=["a@b.org"])]
    )

    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert sent == 2
    assert len(files) == 2
    parsed = email.message_from_bytes(files[0].read_bytes())
    assert parsed["To"] == "maya@example.org"
    assert parsed.get_payload() == "First"
