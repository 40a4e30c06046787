"""Patients like me: discoverable members who share a viewer's conditions, ranked by what they
share, each with the reasons in plain words.

Matching is reciprocal: only a member who lets others find them may search, so that nobody can
look through other people's health without showing their own, and an account made only to
harvest profiles has to put itself in the results first. A candidate's field takes part only when
its visibility admits what the viewer is to the candidate (`access.py`): a hidden field is never
scored, never named in a reason and never filtered on. Nothing here is cached but the rarity
of each condition, which never decides who appears: opting out takes effect on the next search.

Candidates come from the viewer's conditions through the `(condition, profile)` index, newest
members first, the rarest condition first: `POOL_SIZE` members who share one visibly, shared
between the viewer's conditions, so that everyone who shares a rare condition is weighed, and
of a condition that tens of thousands share, the most recently joined. Each condition's index is
read a window at a time and each member in it looked up by primary key, so the plan is the same
on SQLite and PostgreSQL; a search never looks at more than `SCAN_LIMIT` members, which is what
bounds a narrow filter. The pool is then scored in Python: shared conditions weigh by rarity,
treatments and symptoms less, and the same age range and role a little. The work is bounded
whatever the size of the site.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection, models

from hearth.accounts.models import User
from hearth.communities.models import Community, Membership, Status
from hearth.conditions.models import Condition, Symptom
from hearth.connections.models import Block, Connection, ConnectionStatus
from hearth.lib.ratelimit import Limit, hit
from hearth.profiles.access import Relation, admits
from hearth.profiles.models import (
    AgeRange,
    Profile,
    ProfileCondition,
    ProfileRole,
    ProfileSymptom,
    ProfileTreatment,
    Visibility,
)
from hearth.treatments.models import Kind, Treatment

POOL_SIZE = 200  # candidates weighed in one search, shared between the viewer's conditions
WINDOW, MIN_WINDOW = 1_000, 100  # members read from a condition's index at a time
SCAN_LIMIT = 4_000  # members looked at in one search, at most: what bounds a filtered search
MAX_RESULTS = 500  # offset + limit never reach past this
MAX_CONDITIONS = 20  # as many as a profile may list
SEARCHES = (Limit(count=60, seconds=3600),)
RARITY_SECONDS = 3600

# What a shared feature adds to the score; a shared condition adds its rarity, log(N / n),
# which is about 2 for a condition one member in ten lives with and 8 for a rare one.
TREATMENT_NOW = 1.0  # both take it now
TREATMENT_EVER = 0.6  # at least one of them has stopped
SYMPTOM = 0.3
SAME_YEAR = 0.3  # diagnosed within a year of each other
SAME_AGE = 0.25
SAME_ROLE = 0.25

_ROLE_PLURALS = {
    ProfileRole.PATIENT: "patients",
    ProfileRole.CAREGIVER: "caregivers",
    ProfileRole.CLINICIAN: "clinicians",
    ProfileRole.RESEARCHER: "researchers",
}
# Names that begin with a person's name keep their capital in the middle of a sentence.
_EPONYMS = frozenset(
    [
        "Alport",
        "Angelman",
        "Batten",
        "Castleman",
        "Chiari",
        "Down",
        "Dravet",
        "Duchenne",
        "Fabry",
        "Gaucher",
        "Klinefelter",
        "Lewy",
        "Lyme",
        "Marfan",
        "Pompe",
        "Rett",
        "Turner",
        "Williams",
        "Wegener",
    ]
)


class NotDiscoverable(Exception):  # noqa: N818  (named for the state it reports, as Django's DoesNotExist is)
    """The viewer does not let others find them, so they may not search either."""

    def __str__(self) -> str:
        return (
            "Patients like me is for members who let others find them. Turn on “let others find me” "
            "on your profile to see your matches."
        )


@dataclass(frozen=True)
class Match:
    member: User
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class _Viewer:
    user_id: int
    profile: Profile
    conditions: dict[int, int | None]  # condition id: year of diagnosis
    treatments: dict[int, bool]  # treatment id: taken now
    symptoms: frozenset[int]
    connections: frozenset[int]
    communities: tuple[int, ...]
    excluded: frozenset[int]  # the viewer, and everyone blocked either way


@dataclass
class _Candidate:
    """One member in the pool: the parts of their profile that matching reads, with who sees each."""

    user_id: int
    role: str
    age_range: str
    country: str
    region: str
    role_visibility: str
    age_range_visibility: str
    place_visibility: str
    conditions_visibility: str
    treatments_visibility: str
    symptoms_visibility: str
    relation: Relation = Relation.MEMBER
    score: float = 0.0
    # What the viewer and the candidate visibly share, weighed, then said in words if shown.
    conditions: list[tuple[int, int | None]] = field(default_factory=list)  # (condition, year if about the same)
    treatments: list[tuple[int, bool]] = field(default_factory=list)  # (treatment, both take it now)
    symptoms: list[int] = field(default_factory=list)
    same_age: bool = False
    same_role: bool = False


def in_sentence(name: str) -> str:
    """A catalogue name as it reads inside a sentence: "Lupus" → "lupus", but "Crohn's", "HIV"
    and "Down syndrome" as they are."""
    first = name.split(" ", 1)[0]
    if not first or "'" in first or "’" in first or first in _EPONYMS or any(ch.isupper() for ch in first[1:]):
        return name
    return name[0].lower() + name[1:]


def _joined(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# --- The viewer ---------------------------------------------------------------------------


def _viewer(viewer: User) -> _Viewer:
    """The viewer's own profile, which counts in full, and who they are connected to, have blocked
    or been blocked by, and share communities with: three queries, whatever the size of the site."""
    profile = Profile.objects.filter(user_id=viewer.pk).first()
    if profile is None or not profile.discoverable or not viewer.is_active:
        raise NotDiscoverable
    conditions: dict[int, int | None] = {}
    treatments: dict[int, bool] = {}
    symptoms: set[int] = set()
    for kind, pk, year, stopped_on in _about(_OWN_PROFILE_SQL, viewer.pk):
        if kind == "c" and len(conditions) < MAX_CONDITIONS:
            conditions[pk] = year
        elif kind == "t":
            treatments[pk] = treatments.get(pk, False) or stopped_on is None
        elif kind == "s":
            symptoms.add(pk)
    people: dict[str, set[int]] = defaultdict(set)
    for kind, pk, _, _ in _about(_PEOPLE_SQL, viewer.pk):
        people[kind].add(pk)
    return _Viewer(
        user_id=viewer.pk,
        profile=profile,
        conditions=conditions,
        treatments=treatments,
        symptoms=frozenset(symptoms),
        connections=frozenset(people["connection"] - people["block"]),
        communities=tuple(sorted(people["community"])),
        excluded=frozenset({viewer.pk, *people["block"]}),
    )


def _tables() -> dict[str, str]:
    models_by_name = {
        "conditions": ProfileCondition, "treatments": ProfileTreatment, "symptoms": ProfileSymptom,
        "connections": Connection, "blocks": Block, "memberships": Membership, "communities": Community,
    }  # fmt: skip
    return {name: model._meta.db_table for name, model in models_by_name.items()}


# Each row: (kind, id, year of diagnosis, date stopped), in one round trip.
_OWN_PROFILE_SQL = """
    SELECT 'c', condition_id, diagnosed_year, NULL FROM {conditions} WHERE profile_id = %(me)s
    UNION ALL SELECT 't', treatment_id, NULL, stopped_on FROM {treatments} WHERE profile_id = %(me)s
    UNION ALL SELECT 's', symptom_id, NULL, NULL FROM {symptoms} WHERE profile_id = %(me)s
"""
_PEOPLE_SQL = """
    SELECT 'connection', user_high_id, NULL, NULL FROM {connections}
        WHERE user_low_id = %(me)s AND status = %(accepted)s
    UNION ALL SELECT 'connection', user_low_id, NULL, NULL FROM {connections}
        WHERE user_high_id = %(me)s AND status = %(accepted)s
    UNION ALL SELECT 'block', blocked_id, NULL, NULL FROM {blocks} WHERE blocker_id = %(me)s
    UNION ALL SELECT 'block', blocker_id, NULL, NULL FROM {blocks} WHERE blocked_id = %(me)s
    UNION ALL SELECT 'community', m.community_id, NULL, NULL FROM {memberships} m
        JOIN {communities} c ON c.id = m.community_id WHERE m.user_id = %(me)s AND c.status = %(active)s
"""


def _about(sql: str, user_id: int) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        params: dict[str, int | str] = {"me": user_id, "accepted": ConnectionStatus.ACCEPTED, "active": Status.ACTIVE}
        cursor.execute(sql.format(**_tables()), params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


# --- Rarity -------------------------------------------------------------------------------


def rarity(condition_ids: Iterable[int]) -> dict[int, float]:
    """log(N / n) for each condition, N and n counted among discoverable members who show their
    conditions to anyone, so that nobody's hidden conditions move anybody's score. Cached for a
    while: a count an hour old weighs as well, and it never decides who appears."""
    ids = sorted(set(condition_ids))
    keys = {condition_id: f"like_me:rarity:{condition_id}" for condition_id in ids}
    found = cache.get_many([*keys.values(), "like_me:rarity:all"])
    shown = Profile.objects.filter(discoverable=True, conditions_visibility=Visibility.PUBLIC)
    total = found.get("like_me:rarity:all")
    if total is None:
        total = shown.count()
        cache.set("like_me:rarity:all", total, RARITY_SECONDS)
    counts: dict[int, int] = {}
    for condition_id, key in keys.items():
        count = found.get(key)
        if count is None:
            count = ProfileCondition.objects.filter(
                condition_id=condition_id, profile__discoverable=True, profile__conditions_visibility=Visibility.PUBLIC
            ).count()
            cache.set(key, count, RARITY_SECONDS)
        counts[condition_id] = count
    return {condition_id: math.log((total + 2) / (count + 1)) for condition_id, count in counts.items()}


# --- Matching -----------------------------------------------------------------------------


def find_matches(
    viewer: User,
    *,
    condition: Condition | None = None,
    role: str | None = None,
    region: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[Match]:
    """The viewer's best matches, best first. `condition` (one of the viewer's own), `role` and
    `region` (an ISO 3166-2 region, or a country's two letters) keep only members who share that
    condition, have that role, or live there, each visibly to the viewer.

    Raises NotDiscoverable when the viewer does not let others find them."""
    me = _viewer(viewer)
    limit = max(0, min(limit, MAX_RESULTS - offset))
    if limit == 0 or offset < 0:
        return []
    if condition is not None:
        if condition.pk not in me.conditions:
            return []
        sources = [condition.pk]
    else:
        sources = list(me.conditions)
    if not sources:
        return []
    weights = rarity(me.conditions)
    pool = _pool(me, sorted(sources, key=lambda c: -weights[c]), role, region, offset + limit)
    if not pool:
        return []
    _score(me, pool, weights)
    ranked = sorted(pool.values(), key=lambda c: (-c.score, -c.user_id))
    shown = _active(ranked, offset + limit)[offset:]
    reasons = _reasons(me, [c for c, _ in shown], weights)
    return [Match(user, round(c.score, 2), reasons[c.user_id]) for c, user in shown]


def _active(ranked: list[_Candidate], wanted: int) -> list[tuple[_Candidate, User]]:
    """The first `wanted` of `ranked` whose account is open, with it: looked up here, where
    only the few shown are, rather than for everyone weighed."""
    chosen: list[tuple[_Candidate, User]] = []
    start = 0
    while len(chosen) < wanted and start < len(ranked):
        chunk = ranked[start : start + wanted - len(chosen) + 5]
        start += len(chunk)
        open_ = User.objects.filter(pk__in=[c.user_id for c in chunk], is_active=True).in_bulk()
        chosen += [(c, open_[c.user_id]) for c in chunk if c.user_id in open_]
    return chosen[:wanted]


def search_matches(
    viewer: User,
    *,
    condition: Condition | None = None,
    role: str | None = None,
    region: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[Match]:
    """`find_matches` as the page and the API run it: counted against the member's hourly limit
    of searches, so that matching cannot be used to harvest profiles."""
    if not Profile.objects.filter(user_id=viewer.pk, discoverable=True).exists():
        raise NotDiscoverable  # refused before counting: a closed door is no search
    hit("like_me", viewer.pk, SEARCHES, what="searched for patients like you")
    return find_matches(viewer, condition=condition, role=role, region=region, limit=limit, offset=offset)


def _pool(me: _Viewer, sources: list[int], role: str | None, region: str | None, wanted: int) -> dict[int, _Candidate]:
    """Members who share one of `sources` (the rarest first) and pass the filters, all visibly to
    the viewer, newest first: `POOL_SIZE` of them shared between the conditions, what a short
    list leaves of its share going to the longer ones after it, and at most `SCAN_LIMIT` looked at."""
    # A filter has already chosen; a smaller pool ranks what it keeps.
    budget = max(POOL_SIZE // 2 if role or region else POOL_SIZE, wanted)
    pool: dict[int, _Candidate] = {}
    scanned = 0
    for position, condition_id in enumerate(sources):
        share = max(wanted, (budget - len(pool)) // (len(sources) - position))
        found = 0
        before: int | None = None
        while found < share and scanned < SCAN_LIMIT:
            # About one in five members who list a condition show it to a given member.
            size = min(WINDOW, max(MIN_WINDOW, 5 * (share - found)))
            rows, before = _window(condition_id, before, size, role, region)
            scanned += size
            for candidate in _eligible(me, [row for row in rows if row.user_id not in me.excluded]):
                if candidate.user_id not in pool and found < share and _passes(candidate, role, region):
                    pool[candidate.user_id] = candidate
                    found += 1
            if before is None:
                break
    _relate(me, [candidate for candidate in pool.values() if candidate.relation == Relation.MEMBER])
    return pool


_COLUMNS = ", ".join(
    f"p.{name}"
    for name in (
        "user_id", "role", "age_range", "country", "region", "role_visibility", "age_range_visibility",
        "place_visibility", "conditions_visibility", "treatments_visibility", "symptoms_visibility",
    )
)  # fmt: skip


def _window(
    condition_id: int, before: int | None, size: int, role: str | None, region: str | None
) -> tuple[list[_Candidate], int | None]:
    """The discoverable members among the next `size` who list the condition, newest first, who
    show their conditions to someone and hold the role and place asked for (whether they let the
    viewer see those is decided after); and where the next window starts (None at the end).

    One stretch of the `(condition, profile)` index, then each profile by its primary key: the
    same plan on SQLite and PostgreSQL, and never more rows read than the window holds."""
    condition = ProfileCondition._meta.db_table
    after = "AND profile_id < %s" if before is not None else ""
    wanted = " AND p.role = %s" if role else ""
    if region:
        wanted += " AND p.region = %s" if "-" in region else " AND p.country = %s"
    sql = (
        f"SELECT w.profile_id, {_COLUMNS} FROM (SELECT profile_id FROM {condition} "  # noqa: S608
        f"WHERE condition_id = %s {after} ORDER BY profile_id DESC LIMIT %s) w "
        f"LEFT JOIN {Profile._meta.db_table} p ON p.user_id = w.profile_id "
        f"AND p.discoverable AND p.conditions_visibility <> %s{wanted} ORDER BY w.profile_id DESC"
    )
    params: list[int | str] = [condition_id, *([before] if before is not None else []), size, Visibility.ONLY_ME]
    params += [value for value in (role, region) if value]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = [_Candidate(*row[1:]) for row in rows if row[1] is not None]
    return found, rows[-1][0] if len(rows) == size else None


def _eligible(me: _Viewer, rows: list[_Candidate]) -> list[_Candidate]:
    """Those of `rows` who show the viewer their conditions, each with what the viewer is to them."""
    for candidate in rows:
        if candidate.user_id in me.connections:
            candidate.relation = Relation.CONNECTION
    _relate(
        me, [c for c in rows if c.relation == Relation.MEMBER and c.conditions_visibility == Visibility.COMMUNITIES]
    )
    return [candidate for candidate in rows if _shows(candidate, "conditions")]


def _relate(me: _Viewer, candidates: list[_Candidate]) -> None:
    """Mark those of `candidates` who share an active community with the viewer."""
    if not me.communities or not candidates:
        return
    ours = set(me.communities)
    by_id = {candidate.user_id: candidate for candidate in candidates}
    for user_id, community_id in _rows(Membership, "community_id", sorted(by_id)):
        if community_id in ours:
            by_id[user_id].relation = Relation.COMMUNITY


def _passes(candidate: _Candidate, role: str | None, region: str | None) -> bool:
    """The filters, on what the candidate lets the viewer see, and nothing else."""
    if role and not (candidate.role == role and _shows(candidate, "role")):
        return False
    if region:
        where = candidate.region if "-" in region else candidate.country
        if not (where == region and _shows(candidate, "place")):
            return False
    return True


def _rows(model: type[models.Model], columns: str, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """The member and `columns` of `model`'s rows for the members `ids`, through the index that
    starts with the member. Written out rather than built by the ORM, which would prepare each
    of a thousand ids one by one; the rows for a member are few, so they are filtered in Python
    rather than by a second condition the planner might prefer to start from."""
    if not ids:
        return []
    member = "user_id" if model is Membership else "profile_id"
    marks = ", ".join(["%s"] * len(ids))
    sql = f"SELECT {member}, {columns} FROM {model._meta.db_table} WHERE {member} IN ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, list(ids))
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _score(me: _Viewer, pool: dict[int, _Candidate], weights: dict[int, float]) -> None:
    """Add up what the viewer and each candidate visibly share."""
    ids = sorted(pool)
    for user_id, condition_id, year in _rows(ProfileCondition, "condition_id, diagnosed_year", ids):
        if condition_id in me.conditions:
            mine = me.conditions[condition_id]
            close = year is not None and mine is not None and abs(year - mine) <= 1
            pool[user_id].conditions.append((condition_id, year if close else None))
    taken: dict[int, dict[int, bool]] = defaultdict(dict)
    shows_treatments = [i for i in ids if _shows(pool[i], "treatments")] if me.treatments else []
    for user_id, treatment_id, stopped_on in _rows(ProfileTreatment, "treatment_id, stopped_on", shows_treatments):
        if treatment_id in me.treatments:
            taken[user_id][treatment_id] = taken[user_id].get(treatment_id, False) or stopped_on is None
    shows_symptoms = [i for i in ids if _shows(pool[i], "symptoms")] if me.symptoms else []
    for user_id, symptom_id in _rows(ProfileSymptom, "symptom_id", shows_symptoms):
        if symptom_id in me.symptoms:
            pool[user_id].symptoms.append(symptom_id)
    own = me.profile
    for candidate in pool.values():
        # Every pool member shows their conditions to the viewer (the pool is chosen so); checked
        # again here, where it is cheap, so that a change in how the pool is chosen cannot leak them.
        if not _shows(candidate, "conditions"):
            candidate.conditions.clear()
        candidate.treatments = [(t, now and me.treatments[t]) for t, now in taken.get(candidate.user_id, {}).items()]
        candidate.same_age = (
            bool(own.age_range) and candidate.age_range == own.age_range and _shows(candidate, "age_range")
        )
        candidate.same_role = bool(own.role) and candidate.role == own.role and _shows(candidate, "role")
        candidate.score = (
            sum(weights[c] + (0 if year is None else SAME_YEAR) for c, year in candidate.conditions)
            + sum(TREATMENT_NOW if now else TREATMENT_EVER for _, now in candidate.treatments)
            + SYMPTOM * len(candidate.symptoms)
            + (SAME_AGE if candidate.same_age else 0)
            + (SAME_ROLE if candidate.same_role else 0)
        )


def _reasons(me: _Viewer, shown: list[_Candidate], weights: dict[int, float]) -> dict[int, tuple[str, ...]]:
    """What each shown candidate shares with the viewer, in words, the weightiest first."""
    treatment_ids = {t for c in shown for t, _ in c.treatments}
    symptom_ids = {s for c in shown for s in c.symptoms}
    conditions = dict(Condition.objects.filter(pk__in=list(me.conditions)).values_list("pk", "lay_name"))
    treatments = {
        pk: (in_sentence(name), kind)
        for pk, name, kind in Treatment.objects.filter(pk__in=treatment_ids).values_list("pk", "name", "kind")
    }
    symptoms = dict(Symptom.objects.filter(pk__in=symptom_ids).values_list("pk", "name"))
    said: dict[int, tuple[str, ...]] = {}
    for candidate in shown:
        reasons = []
        for condition_id, year in sorted(candidate.conditions, key=lambda c: -weights[c[0]]):
            name = in_sentence(conditions[condition_id])
            reasons.append(
                f"both living with {name}" if year is None else f"both living with {name} since about {year}"
            )
        for treatment_id, now in sorted(candidate.treatments, key=lambda t: treatments[t[0]][0]):
            reasons.append(_treatment_reason(*treatments[treatment_id], now=now))
        if candidate.symptoms:
            reasons.append(f"both have {_joined(sorted(in_sentence(symptoms[s]) for s in candidate.symptoms))}")
        if candidate.same_age:
            reasons.append(f"both {AgeRange(me.profile.age_range).label}")
        if candidate.same_role:
            reasons.append(f"both {_ROLE_PLURALS[ProfileRole(me.profile.role)]}")
        said[candidate.user_id] = tuple(reasons)
    return said


# Who sees what, from the one policy, as a table: this is asked a few thousand times a search.
_ADMITS = {(str(v), relation): admits(v, relation) for v in Visibility for relation in Relation}


def _shows(candidate: _Candidate, field_name: str) -> bool:
    return _ADMITS[getattr(candidate, f"{field_name}_visibility"), candidate.relation]


def _treatment_reason(name: str, kind: str, *, now: bool) -> str:
    if kind == Kind.MEDICINE:
        return f"both take {name}" if now else f"both have taken {name}"
    if kind == Kind.DEVICE:
        return f"both use {name}" if now else f"both have used {name}"
    if kind == Kind.PROCEDURE:
        return f"both have had {name}"
    return f"both follow {name}" if now else f"both have tried {name}"
