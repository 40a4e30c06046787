"""How condition names are compared: case, accents, apostrophes and punctuation folded away."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case, accents and punctuation removed, apostrophes dropped ("Crohn's" -> "crohns")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("'", "").replace("’", "")
    return _NON_WORD.sub(" ", plain).strip()
