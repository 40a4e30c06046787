"""crisis_check: the crisis detector on the command line (a public contract, CONTRACTS.md).

Reads lines of text on standard input and writes one JSON object per line:
`{"text": ..., "flag": true/false, "kind": "self_harm" or "medical_emergency" or null}`.
Invalid UTF-8 is read with replacement characters; an empty line is not flagged; a line longer
than `MAX_LINE` bytes is read up to that length (its "text" too) and the rest of it skipped.
"""

from __future__ import annotations

import json
import sys
from typing import IO, Any

from django.core.management.base import BaseCommand

from hearth.safety.detector import detect

MAX_LINE = 1_000_000  # bytes of one line that are read; the detector reads fewer still


def _lines(stream: IO[bytes]) -> Any:
    """Each line's first MAX_LINE bytes, without its line ending."""
    while True:
        line = stream.readline(MAX_LINE)
        if not line:
            return
        if not line.endswith(b"\n"):
            # Over-long: skip the rest of it, a bounded piece at a time.
            rest = line
            while rest and not rest.endswith(b"\n"):
                rest = stream.readline(MAX_LINE)
        yield line.rstrip(b"\r\n").decode("utf-8", errors="replace")


class Command(BaseCommand):
    help = "Read lines on standard input; write one JSON object a line saying whether each speaks of a crisis."
    stealth_options = ("stdin",)

    def handle(self, *args: Any, **options: Any) -> None:
        stream = options.get("stdin") or sys.stdin.buffer
        for text in _lines(stream):
            found = detect(text)
            result = {"text": text, "flag": found is not None, "kind": found.kind if found else None}
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            self.stdout.flush()
