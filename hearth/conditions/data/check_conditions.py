"""Check conditions.json: size, slugs, names, categories, ICD-10-CM codes and unambiguous synonyms."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import simple_icd_10_cm as icd

CATALOGUE_FILE = Path(__file__).resolve().parent / "conditions.json"
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
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, as the condition search compares them."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("'", "").replace("’", "")
    return _NON_WORD.sub(" ", plain).strip()


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
    elif len({fold(s) for s in synonyms}) != len(synonyms):
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
    if names != sorted(names, key=fold):
        problems.append("entries are not sorted by name (ignoring case and accents)")

    # Every name, lay name and synonym must point at a single condition.
    owners: defaultdict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for term in [entry["name"], entry["lay_name"], *entry["synonyms"]]:
            owners[fold(term)].add(entry["slug"])
    problems.extend(
        f"{term!r} is shared by {', '.join(sorted(slugs))}" for term, slugs in sorted(owners.items()) if len(slugs) > 1
    )
    return problems


def main() -> int:
    """Check the catalogue file and report; exit status 1 when anything is wrong."""
    entries = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        print(f"{CATALOGUE_FILE.name}: expected a JSON array of objects")
        return 1
    problems = check_catalogue(entries)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    categories = sorted({entry["category"] for entry in entries})
    print(f"{CATALOGUE_FILE.name}: {len(entries)} conditions in {len(categories)} categories, all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
