"""crisis_check (CONTRACTS.md): one JSON object per line of standard input, whatever the line:
empty, very long, or not UTF-8."""

from __future__ import annotations

import io
import json
from typing import Any

from django.core.management import call_command

from hearth.safety.management.commands.crisis_check import MAX_LINE


def check(data: bytes) -> list[dict[str, Any]]:
    out = io.StringIO()
    call_command("crisis_check", stdin=io.BytesIO(data), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_each_line_gets_its_verdict() -> None:
    lines = check(b"I want to end it all\nchest pain right now\nMe muero de risa\n")

    assert lines == [
        {"text": "I want to end it all", "flag": True, "kind": "self_harm"},
        {"text": "chest pain right now", "flag": True, "kind": "medical_emergency"},
        {"text": "Me muero de risa", "flag": False, "kind": None},
    ]


def test_empty_lines_and_a_last_line_without_newline_are_answered() -> None:
    lines = check(b"\n\r\nno newline at the end")

    assert lines == [
        {"text": "", "flag": False, "kind": None},
        {"text": "", "flag": False, "kind": None},
        {"text": "no newline at the end", "flag": False, "kind": None},
    ]


def test_invalid_utf8_is_replaced_not_fatal() -> None:
    (line,) = check(b"\xff\xfe quiero morir \xc3\n")

    assert line == {"text": "\ufffd\ufffd quiero morir \ufffd", "flag": True, "kind": "self_harm"}


def test_a_very_long_line_is_read_up_to_the_limit_and_the_next_line_still_answered() -> None:
    lines = check(b"a" * (MAX_LINE * 2 + 10) + b"\nI can't breathe\n")

    assert len(lines) == 2
    assert len(lines[0]["text"]) == MAX_LINE
    assert lines[0]["flag"] is False
    assert lines[1] == {"text": "I can't breathe", "flag": True, "kind": "medical_emergency"}


def test_no_input_writes_nothing() -> None:
    assert check(b"") == []
