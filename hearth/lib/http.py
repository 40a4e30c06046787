"""Request types and request values shared by views."""

from __future__ import annotations

import re

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

_ROW_ID = re.compile(r"[0-9]{1,18}")


class HtmxHttpRequest(HttpRequest):
    """A request that passed through django-htmx's middleware."""

    htmx: HtmxDetails


def row_id(text: str | None) -> int | None:
    """A database id from a form or a query, or None. ASCII digits only ("²" passes isdigit()
    and fails int()), and short enough for a 64-bit column (a longer one fails in PostgreSQL)."""
    if text is None or not _ROW_ID.fullmatch(text):
        return None
    return int(text)
