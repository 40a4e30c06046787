"""The library's part in moderators' "Disputed: see sources" labels: the entries a label may link
to (those of the community's conditions), and how a label's links read on a post: a library
entry by its title, any other source by its address."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hearth.evidence.models import EvidenceEntry

LABEL_CHOICES_MAX = 100
_ENTRY_PATH = re.compile(r"/library/([-a-zA-Z0-9_]{1,100})/([1-9][0-9]{0,17})/")


def library_entry(path: str) -> EvidenceEntry | None:
    """The entry still in the library whose site path is `path` (/library/<condition>/<id>/)."""
    found = _ENTRY_PATH.fullmatch(path)
    if found is None:
        return None
    return (
        EvidenceEntry.objects.select_related("condition")
        .filter(pk=int(found[2]), condition__slug=found[1], removed_at__isnull=True)
        .first()
    )


def label_choices(community: Any) -> list[tuple[str, str]]:
    """(address, words) of each entry a disputed label in `community` may link to: the library
    entries of its conditions, by condition then title."""
    if community is None:
        return []
    entries = (
        EvidenceEntry.objects.filter(condition__communities=community, removed_at__isnull=True)
        .select_related("condition")
        .order_by("condition__name", "title", "pk")
        .distinct()[:LABEL_CHOICES_MAX]
    )
    return [(entry.get_absolute_url(), f"{entry.title} ({entry.source}; {entry.condition.name})") for entry in entries]


@dataclass(frozen=True, slots=True)
class LabelSource:
    href: str  # empty for a library entry removed since: its title alone is shown
    text: str
    in_library: bool


def label_sources(links: Iterable[Iterable[str]]) -> list[tuple[LabelSource, ...]]:
    """For each label's links, what to show: library entries by their titles (in one query for
    every label given), other addresses as they are."""
    labels = [tuple(links_of_one) for links_of_one in links]
    ids = {int(found[2]) for one in labels for link in one if (found := _ENTRY_PATH.fullmatch(link))}
    entries = EvidenceEntry.objects.only("title", "removed_at").in_bulk(ids) if ids else {}
    shown = []
    for one in labels:
        sources = []
        for link in one:
            found = _ENTRY_PATH.fullmatch(link)
            if found is None:
                sources.append(LabelSource(link, link, in_library=False))
                continue
            entry = entries.get(int(found[2]))
            if entry is None or entry.removed_at is not None:
                sources.append(LabelSource("", "An entry since removed from the evidence library", in_library=True))
            else:
                sources.append(LabelSource(link, entry.title, in_library=True))
        shown.append(tuple(sources))
    return shown
