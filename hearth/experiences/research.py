"""The de-identified research export: treatment figures per condition as CSV, for administrators.

It is built from `TreatmentSummary` rows alone (counts of consenting members' reports; never a
report, a member or a word they wrote), under the ten-person rule of `hearth.privacy.figures`:
a treatment with fewer than `MIN_GROUP` contributors for a condition is left out entirely, and
so is every count of fewer than `MIN_GROUP` people, and any count that would let one work out
such a count by subtraction from a total. Every export is audit-logged.

One row per condition, treatment, measure and value, with the number of members:

- `reports` / `all`: members who reported on the treatment for the condition;
- `effectiveness` / none, slight, …: how well it worked (out of `reports`);
- `side_effect` / a listed side effect: members who had it (out of `reports`), and
  `side_effect_mild`, `side_effect_moderate`, `side_effect_severe` / it: how bad it was;
- `stopped` / `all`: members who stopped; `stop_reason` / side_effects, …: why (out of `stopped`;
  a member may give several reasons);
- `duration`, `missed_doses`, `burden`, `cost_band`: `all` is how many answered, then one row
  per answer.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.communities.access import is_site_admin
from hearth.conditions.models import Condition
from hearth.experiences.models import (
    Burden,
    CostBand,
    Effectiveness,
    MissedDoses,
    Severity,
    StopReason,
    TreatmentSummary,
)
from hearth.privacy.figures import MIN_GROUP, enough_people

COLUMNS = ("condition", "condition_name", "treatment", "treatment_name", "measure", "value", "members")
ALL = "all"
DURATION_BANDS = ("lt_1m", "1_6m", "6_12m", "1_2y", "gt_2y")
# Spreadsheets run a cell starting with one of these as a formula; names are written as text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class FigureRow:
    condition: str  # slug
    condition_name: str
    treatment: str  # slug
    treatment_name: str
    measure: str
    value: str
    members: int

    def cells(self) -> tuple[str, ...]:
        texts = (self.condition, self.condition_name, self.treatment, self.treatment_name, self.measure, self.value)
        return (*(_as_text(text) for text in texts), str(self.members))


@dataclass(frozen=True)
class ResearchExport:
    filename: str
    content: str
    rows: int


def _as_text(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _distribution(
    measure: str, counts: Any, order: tuple[str, ...], total: int | None = None
) -> Iterator[tuple[str, str, int]]:
    """(measure, value, members) for each answer counted by enough people, in the answers' order.

    With `total` (the answers share it out, and it is exported too), the answers left out must
    add up to none or to at least MIN_GROUP: else the total minus the answers shown would give
    a group of fewer than 10. When they do not, the smallest answer shown is left out as well."""
    given = _mapping(counts)
    shown = [(value, members) for value in order if enough_people(members := _count(given.get(value)))]
    if total is not None and shown and 0 < total - sum(members for _, members in shown) < MIN_GROUP:
        shown.remove(min(shown, key=lambda pair: pair[1]))
    for value, members in shown:
        yield measure, value, members


def _with_base(measure: str, base: Any, counts: Any, order: tuple[str, ...]) -> Iterator[tuple[str, str, int]]:
    """The number who answered (`all`), then the answers; nothing when too few answered."""
    answered = _count(base)
    if not enough_people(answered):
        return
    yield measure, ALL, answered
    yield from _distribution(measure, counts, order, answered)


def summary_figures(figures: Mapping[str, Any], contributors: int) -> Iterator[tuple[str, str, int]]:
    """Every (measure, value, members) of one treatment for one condition that rests on at least
    `MIN_GROUP` people; nothing at all below that many contributors."""
    if not enough_people(contributors):
        return
    yield "reports", ALL, contributors
    yield from _distribution("effectiveness", figures.get("effectiveness"), tuple(Effectiveness.values), contributors)
    for effect in figures.get("side_effects") or ():
        if not isinstance(effect, dict):
            continue
        name, members = str(effect.get("name", "")), _count(effect.get("members"))
        if not name or not enough_people(members):
            continue
        yield "side_effect", name, members
        for level, _, people in _distribution(name, effect.get("severity"), tuple(Severity.values), members):
            yield f"side_effect_{level}", name, people
    stopped = _count(figures.get("stopped"))
    if enough_people(stopped):
        yield "stopped", ALL, stopped
        yield from _distribution("stop_reason", figures.get("stop_reasons"), tuple(StopReason.values))
    yield from _with_base("duration", figures.get("with_duration"), figures.get("duration"), DURATION_BANDS)
    answered = _mapping(figures.get("answered"))
    for measure, order in (
        ("missed_doses", tuple(MissedDoses.values)),
        ("burden", tuple(Burden.values)),
        ("cost_band", tuple(CostBand.values)),
    ):
        yield from _with_base(measure, answered.get(measure), figures.get(measure), order)


def summaries(condition: Condition | None = None) -> QuerySet[TreatmentSummary]:
    """The summaries an export reads: those with enough contributors, by condition and treatment."""
    found = TreatmentSummary.objects.filter(contributors__gte=MIN_GROUP).select_related("treatment", "condition")
    if condition is not None:
        found = found.filter(condition=condition)
    return found.order_by("condition__name", "condition_id", "treatment__name", "treatment_id")


def figure_rows(condition: Condition | None = None) -> list[FigureRow]:
    rows = []
    for summary in summaries(condition):
        for measure, value, members in summary_figures(_mapping(summary.figures), summary.contributors):
            rows.append(
                FigureRow(
                    condition=summary.condition.slug,
                    condition_name=summary.condition.name,
                    treatment=summary.treatment.slug,
                    treatment_name=summary.treatment.name,
                    measure=measure,
                    value=value,
                    members=members,
                )
            )
    return rows


def conditions_with_figures() -> QuerySet[Condition]:
    """Conditions with at least one treatment reported on by enough members to export."""
    ids = TreatmentSummary.objects.filter(contributors__gte=MIN_GROUP).values("condition_id")
    return Condition.objects.filter(pk__in=ids).order_by("name")


def csv_text(rows: list[FigureRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(row.cells() for row in rows)
    return out.getvalue()


def export_filename(day: date, condition: Condition | None = None) -> str:
    about = f"-{condition.slug}" if condition is not None else ""
    return f"hearth-treatment-figures{about}-{day.isoformat()}.csv"


def do_export(admin: User, condition: Condition | None = None) -> ResearchExport:
    """The CSV of one condition's treatment figures (or every condition's), audit-logged; for
    site administrators alone (404 for anyone else)."""
    if not is_site_admin(admin):
        raise Http404
    rows = figure_rows(condition)
    with transaction.atomic():
        record(admin, "research:export", admin, condition=condition.slug if condition else ALL, rows=len(rows))
    return ResearchExport(
        filename=export_filename(timezone.localdate(), condition), content=csv_text(rows), rows=len(rows)
    )
