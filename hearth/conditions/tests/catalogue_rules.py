"""The rules conditions.json must follow: size, slugs, names, categories, real ICD-10-CM codes, and names
and synonyms that each point at one condition."""

from __future__ import annotations

import re
import warnings
from collections import defaultdict
from typing import Any

from hearth.conditions.text import normalise

with warnings.catch_warnings():
    # The package reads its code list with an importlib.resources call that Python deprecated.
    warnings.simplefilter("ignore", DeprecationWarning)
    import simple_icd_10_cm as icd

MIN_ENTRIES = 170
FIELDS = {"slug", "name", "lay_name", "synonyms", "icd10cm", "category"}
CATEGORIES = frozenset(
    {
        "Autoimmune and rheumatic",
        "Blood",
        "Bones and muscles",
        "Brain and nerves",
        "Cancer",
        "Diabetes and hormones",
        "Digestive",
        "Eyes and ears",
        "Heart and circulation",
        "Infections and immunity",
        "Kidney and urinary",
        "Lungs and breathing",
        "Mental health",
        "Pain and fatigue",
        "Rare and genetic",
        "Reproductive health",
        "Skin",
    }
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Dotted ICD-10-CM form: a category (A00) or a subcategory/code with a dot after the third character.
DOTTED_CODE = re.compile(r"^[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$")


def _is_text(value: object) -> bool:
    return isinstance(value, str) and value.strip() == value and value != ""


def check_entry(entry: dict[str, Any]) -> list[str]:
    """Problems with one entry taken on its own."""
    label = entry.get("slug", "<no slug>")
    problems: list[str] = []
    if set(entry) != FIELDS:
        problems.append(f"{label}: fields are {sorted(entry)}, expected {sorted(FIELDS)}")
        return problems
    if not isinstance(entry["slug"], str) or not SLUG.match(entry["slug"]):
        problems.append(f"{label}: slug is not lowercase ascii words joined by hyphens")
    for field in ("name", "lay_name"):
        if not _is_text(entry[field]):
            problems.append(f"{label}: {field} is empty or has stray whitespace")
    if _is_text(entry["name"]) and not entry["name"][0].isupper() and not entry["name"][0].isdigit():
        problems.append(f"{label}: name is not in sentence case")
    synonyms = entry["synonyms"]
    if not isinstance(synonyms, list) or not all(_is_text(s) for s in synonyms):
        problems.append(f"{label}: synonyms must be a list of non-empty strings")
    elif len({normalise(s) for s in synonyms}) != len(synonyms):
        problems.append(f"{label}: repeated synonym")
    codes = entry["icd10cm"]
    if not isinstance(codes, list) or not codes:
        problems.append(f"{label}: icd10cm must be a non-empty list")
    else:
        if len(set(codes)) != len(codes):
            problems.append(f"{label}: repeated ICD-10-CM code")
        for code in codes:
            if not isinstance(code, str) or not DOTTED_CODE.match(code):
                problems.append(f"{label}: {code!r} is not a dotted ICD-10-CM code")
            elif not icd.is_valid_item(code):
                problems.append(f"{label}: {code} is not a valid ICD-10-CM code")
    if entry["category"] not in CATEGORIES:
        problems.append(f"{label}: unknown category {entry['category']!r}")
    return problems


def check_catalogue(entries: list[dict[str, Any]]) -> list[str]:
    """Problems with the whole catalogue: size, order, duplicate slugs and ambiguous names."""
    problems: list[str] = []
    if len(entries) < MIN_ENTRIES:
        problems.append(f"only {len(entries)} entries, expected at least {MIN_ENTRIES}")
    for entry in entries:
        problems.extend(check_entry(entry))
    if problems:
        return problems

    slugs = [entry["slug"] for entry in entries]
    problems.extend(f"slug {slug} is used more than once" for slug in sorted({s for s in slugs if slugs.count(s) > 1}))

    names = [entry["name"] for entry in entries]
    if names != sorted(names, key=normalise):
        problems.append("entries are not sorted by name (ignoring case and accents)")

    # Every name, lay name and synonym must point at a single condition.
    owners: defaultdict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for term in [entry["name"], entry["lay_name"], *entry["synonyms"]]:
            owners[normalise(term)].add(entry["slug"])
    problems.extend(
        f"{term!r} is shared by {', '.join(sorted(slugs))}" for term, slugs in sorted(owners.items()) if len(slugs) > 1
    )
    return problems
