"""Two or three treatments for one condition side by side: which ones were asked for (with a
clear refusal for too few, too many, or one that is not used for the condition), and the lines of
the table, each figure under the same ten-person rule as on a treatment's own page."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import slug_re

from hearth.conditions.models import Condition
from hearth.experiences import figures
from hearth.privacy.figures import HIDDEN
from hearth.treatments.models import Treatment

FEWEST = 2
MOST = 3


def asked_slugs(values: Iterable[str]) -> list[str]:
    """The slugs asked for, in order and without repeats, from `t=a&t=b` or `t=a,b`."""
    slugs: list[str] = []
    for value in values:
        for part in value.split(","):
            slug = part.strip()
            if slug and slug not in slugs:
                slugs.append(slug)
    return slugs


def choose(condition: Condition, values: Iterable[str]) -> list[Treatment]:
    """The treatments to compare, in the order asked; refuses (code `too_few`, `too_many` or
    `not_used`) anything but two or three treatments used for the condition."""
    slugs = asked_slugs(values)
    if len(slugs) < FEWEST:
        raise ValidationError("Choose at least two treatments to compare.", code="too_few")
    if len(slugs) > MOST:
        raise ValidationError("Choose at most three treatments to compare.", code="too_many")
    # Only slugs are looked up: a parameter can carry a NUL, which PostgreSQL cannot compare.
    found = Treatment.objects.filter(slug__in=[s for s in slugs if slug_re.match(s)], conditions=condition)
    by_slug = {treatment.slug: treatment for treatment in found}
    missing = [slug for slug in slugs if slug not in by_slug]
    if missing:
        raise ValidationError(
            f"“{missing[0][:100]}” is not a treatment used for {condition.name} in Hearth's catalogue.",
            code="not_used",
        )
    return [by_slug[slug] for slug in slugs]


@dataclass(frozen=True)
class Column:
    treatment: Treatment
    figures: figures.Presented


@dataclass(frozen=True)
class Line:
    """One row of the table: what it counts, then one cell per treatment."""

    label: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[Line, ...]
    note: str = ""


def columns(condition: Condition, treatments: Sequence[Treatment]) -> list[Column]:
    """Each treatment's figures for the condition (one query for all of them)."""
    summaries = figures.summaries_for([t.pk for t in treatments], condition.pk)
    return [Column(t, figures.presented(summaries.get(t.pk), t.side_effects)) for t in treatments]


def _count(value: int | None) -> str:
    return HIDDEN if value is None else f"{value:,}"


def _share(percent: int | None, members: int | None = None) -> str:
    if percent is None:
        return HIDDEN
    return f"{percent}%" if members is None else f"{percent}% ({members:,})"


def _distribution_section(key: str, cols: Sequence[Column], note: str = "") -> Section:
    parts = [column.figures.distribution(key) for column in cols]
    lines = [Line("Members who answered", tuple(_count(part.base) for part in parts))]
    for value, label in parts[0].choices:
        lines.append(Line(label, tuple(_share(part.percent_of(value)) for part in parts)))
    return Section(parts[0].title, tuple(lines), note)


def _side_effect_section(cols: Sequence[Column]) -> Section:
    names: dict[str, int] = {}
    for column in cols:
        for effect in column.figures.side_effects:
            names[effect.name] = max(names.get(effect.name, 0), effect.members or 0)
    lines = []
    for name in sorted(names, key=lambda n: (-names[n], n)):
        cells = []
        for column in cols:
            found = next((e for e in column.figures.side_effects if e.name == name), None)
            if found is None:
                cells.append(HIDDEN)
                continue
            severe = found.severity.percent_of("severe")
            cells.append(f"{_share(found.percent, found.members)}; severe for {severe}%")
        lines.append(Line(name, tuple(cells)))
    note = "Share of reports naming each side effect, and of those, how many called it severe."
    if not lines:
        note = "No side effect has been reported by at least 10 members for any of these treatments."
    return Section("Most reported side effects", tuple(lines), note)


def sections(cols: Sequence[Column]) -> list[Section]:
    """The table, section by section, the same figures as each treatment's own page."""
    reports = Section("Reports", (Line("Members who reported", tuple(_count(c.figures.contributors) for c in cols)),))
    stopped = Line("Stopped taking it", tuple(_share(c.figures.stopped_percent, c.figures.stopped) for c in cols))
    return [
        reports,
        _distribution_section("effectiveness", cols),
        _side_effect_section(cols),
        Section("Stopping", (stopped,), "Share of all reports."),
        _distribution_section("stop_reasons", cols, "Among those who stopped; a member may give several reasons."),
        _distribution_section("duration", cols),
        _distribution_section("missed_doses", cols),
        _distribution_section("burden", cols),
        _distribution_section("cost_band", cols),
    ]
