"""Synthetic data at scale, for benchmarks: members with their profiles (conditions, treatments,
symptoms), communities, threads, posts, reactions and their search index, written in bulk (COPY
on PostgreSQL) and the same for the same seed.

Everything made here is marked, so that `wipe_scale` finds it again and nothing else: members'
handles start with `scale_member` and their addresses end in `@scale.hearth.test` (a reserved
domain nobody can verify), and community slugs start with `scale-<number>-`.
"""

from __future__ import annotations

import bisect
import collections
import datetime as dt
import hashlib
import html
import itertools
import math
import random
import string
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, UNUSABLE_PASSWORD_SUFFIX_LENGTH
from django.db import connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from hearth.accounts.models import User
from hearth.communities.models import Community, Membership, Role, Visibility, folded_for_search
from hearth.conditions.models import Condition, Symptom
from hearth.discussions.models import Post, Reaction, ReactionKind, Thread
from hearth.lib.markdown import RENDERER_VERSION
from hearth.lib.planner import refresh_statistics
from hearth.profiles.models import (
    AgeRange,
    Profile,
    ProfileCondition,
    ProfileRole,
    ProfileSymptom,
    ProfileTreatment,
)
from hearth.profiles.models import (
    Visibility as FieldVisibility,
)
from hearth.search.engines import engine_for
from hearth.tracking.models import CheckIn, SymptomRating
from hearth.treatments.models import Treatment

HANDLE_PREFIX = "scale_member"
EMAIL_DOMAIN = "scale.hearth.test"
SLUG_PREFIX = "scale-"
_SLUG_PATTERN = r"^scale-[0-9]+-"

MAX_ROWS = 10_000_000
MAX_COMMUNITIES = 100_000
MIN_BATCH, MAX_BATCH = 100, 100_000
DEFAULT_BATCH = 5_000
DEFAULT_DISCOVERABLE = 1.0  # the share of members who let others find them in patients like me
TRACKING_SHARE = 0.05  # the share of members who check in, on about 4 days in 10 of the last 30
TRACKING_DAYS = 30
YEARS = 3  # posts spread over the last three years, denser lately


class ScaleArgumentError(ValueError):
    """Sizes that make no sense; the message says what to give instead."""


# --- What members write ---------------------------------------------------------------------
# Slots hold words with weights; a word's share of its slot sets how many posts contain it, so
# search terms come in every frequency (see SEARCH_TERMS, checked by the tests). Nothing here is
# Markdown syntax, so a source renders to its paragraphs escaped (see `as_html`).


def _weighted(entries: str) -> tuple[tuple[str, float], ...]:
    """ "pain 14, brain fog 5" as (("pain", 14.0), ("brain fog", 5.0))."""
    pairs = (entry.rsplit(" ", 1) for entry in entries.split(","))
    return tuple((words.strip(), float(weight)) for words, weight in pairs)


_SLOTS: dict[str, tuple[tuple[str, float], ...]] = {
    "symptom": _weighted(
        "pain 14, fatigue 3, brain fog 5, joint pain 4, nausea 3, headaches 3, dizziness 2.5, "
        "stiffness 2.5, swelling 2, flares 4, low mood 2, anxiety 2.5, breathlessness 1.5, "
        "rashes 1.2, numbness 1.2, muscle aches 1.5, insomnia 0.6, hair loss 0.8, palpitations 0.8, "
        "night sweats 0.6, tremors 0.5, mouth ulcers 0.4, vertigo 0.3, photosensitivity 0.05, "
        "paresthesia 0.04, gastroparesis 0.03"
    ),
    "treatment": _weighted(
        "medication 3.5, the new tablets 4, steroids 4, painkillers 4, physiotherapy 3, pacing 3, "
        "gentle yoga 2, an infusion 2, injections 2, biologics 1.5, prednisolone 1.2, "
        "methotrexate 0.7, hydrotherapy 0.7, a heat pad 1, swimming 1, a low fodmap diet 0.6, "
        "mindfulness 0.8, counselling 0.8, vitamin d 0.8, amitriptyline 0.5, gabapentin 0.5, "
        "sulfasalazine 0.3, hydroxychloroquine 0.04, belimumab 0.04, plasmapheresis 0.03, "
        "rituximab 0.05"
    ),
    "clinician": _weighted(
        "doctor 9, GP 6, specialist 4, nurse 3, consultant 2.5, rheumatologist 0.8, neurologist 1.5, "
        "physio 1.5, pharmacist 1, dermatologist 0.6, endocrinologist 0.5, "
        "occupational therapist 0.3, gastroenterologist 0.04"
    ),
    "event": _weighted(
        "appointment 2.4, blood test 4, scan 3, check-up 2.5, review 2, MRI 1.5, referral 1.5, "
        "infusion 1.2, diagnosis 1.5, biopsy 0.6, endoscopy 0.3, echocardiogram 0.03"
    ),
    "feeling": _weighted(
        "tired 4.5, exhausted 4, frustrated 3, hopeful 2, anxious 2.5, grateful 2, overwhelmed 2, "
        "relieved 1.5, lonely 1, calmer 1, stuck 1, discouraged 0.5"
    ),
    "degree": _weighted("really 6, so 5, a bit 4, very 3, quite 3, slightly 1, completely 1"),
    "when": _weighted(
        "today 6, this week 5, lately 4, yesterday 3, last night 3, this morning 3, for months 2, "
        "since the summer 1, since Christmas 1, all winter 1"
    ),
    "soon": _weighted("next week 5, tomorrow 4, on Monday 2, on Friday 2, next month 2, in the new year 0.5"),
    "person": _weighted(
        "my partner 5, my mum 3, my husband 3, my wife 2, my daughter 2, my son 2, my boss 2, "
        "my best friend 1.5, my sister 1, the kids 1.5"
    ),
    "activity": _weighted(
        "work 7, sleep 4, cooking 2, the school run 1.5, driving 1.5, walking the dog 1, "
        "shopping 1.5, gardening 1, getting dressed 1, showering 1"
    ),
    "kindness": _weighted("support 5, kind words 3, advice 3, tips 2, replies 2, encouragement 1"),
    "place": _weighted("hospital 5, clinic 4, pharmacy 2, pool 1, surgery 1"),
}

_SENTENCES = (
    "my {symptom} has been {degree} bad {when}.",
    "has anyone tried {treatment} for {symptom}?",
    "my {clinician} suggested {treatment}, but I am worried about the side effects.",
    "I feel {degree} {feeling} {when} and the {symptom} is not helping.",
    "the {event} went better than I expected.",
    "I have my {event} at the {place} {soon}.",
    "does anyone else get {symptom} after {activity}?",
    "thank you all for the {kindness}, it really helps.",
    "{person} has been amazing about the {symptom}.",
    "some days {activity} is just too much.",
    "I started {treatment} {when} and so far so good.",
    "be gentle with yourself, you are not alone.",
    "it took years to get a diagnosis.",
    "welcome, I hope you find this group as helpful as I have.",
    "the waiting list for the {clinician} is months long.",
    "I keep a diary of my {symptom} to show my {clinician}.",
    "hot weather makes my {symptom} worse.",
    "I had to cancel plans again because of the {symptom}.",
    "sending hugs to everyone having a rough time {when}.",
    "thank you for sharing, this made me feel less alone.",
    "I would ask your {clinician} about {treatment}.",
    "my {event} results came back normal, which is frustrating.",
    "I switched from {treatment} to {treatment} {when}.",
    "how do you explain {symptom} to {person}?",
    "I am newly diagnosed and feeling {degree} {feeling}.",
    "does {treatment} cause {symptom} for anyone else?",
    "drinking more water has helped my {symptom} a little.",
    "work has been understanding about my {event}.",
    "I am {degree} {feeling} {when}.",
    "{person} came with me to the {event}, which helped.",
    "I can't do {activity} without {symptom} any more.",
    "I don't know what I'd do without this group.",
    "the {clinician} at the {place} really listened to me.",
    "I've found that rest days help with the {symptom}.",
    "it's been a {degree} long road but I'm getting there.",
    "does {activity} make your {symptom} worse too?",
    "I'm {feeling} about starting {treatment} {soon}.",
    "good luck with your {event}, let us know how it goes.",
    "I get {symptom} most mornings, then it eases off.",
    "my {clinician} wants to try {treatment} before the {event}.",
)

_TITLES = (
    "newly diagnosed and {feeling}",
    "{symptom} after {treatment}?",
    "tips for {activity} with {symptom}",
    "{event} {soon}",
    "anyone else {degree} {feeling}?",
    "question about {treatment}",
    "good news after my {event}",
    "rough week with {symptom}",
    "how do you manage {symptom} and {activity}?",
    "my {clinician} mentioned {treatment}",
    "waiting for my {event} results",
    "explaining {symptom} to {person}",
    "small win with {activity}",
    "{symptom} keeps getting worse",
    "is {treatment} worth it?",
)

_COMMUNITY_NAMES = (
    "Living with {}", "{} support", "{} friends", "{} carers", "{} newly diagnosed", "{} over 50s",
    "{} parents", "{} café",
)  # fmt: skip

_CONTENT_WARNINGS = ("medical details", "needles", "weight talk", "pregnancy loss", "mental health")

# Words that are in about this share of posts, for benchmarks and tests of search.
SEARCH_TERMS: dict[str, tuple[str, ...]] = {
    "frequent": ("fatigue", "appointment", "medication", "tired"),  # about 5%
    "uncommon": ("rheumatologist", "methotrexate", "insomnia", "hydrotherapy"),  # about 1%
    "rare": ("hydroxychloroquine", "plasmapheresis", "gastroenterologist", "echocardiogram"),  # under 0.1%
}


def _template(text: str) -> tuple[tuple[str, str | None], ...]:
    return tuple((literal, name) for literal, name, _, _ in string.Formatter().parse(text))


@dataclass(frozen=True)
class _Slot:
    words: tuple[str, ...]
    cumulative: tuple[float, ...]


_SLOT_TABLE = {
    name: _Slot(tuple(w for w, _ in entries), tuple(itertools.accumulate(weight for _, weight in entries)))
    for name, entries in _SLOTS.items()
}
_SENTENCE_TEMPLATES = tuple(_template(text) for text in _SENTENCES)
_TITLE_TEMPLATES = tuple(_template(text) for text in _TITLES)


def _pick(rng: random.Random, cumulative: Sequence[float]) -> int:
    """An index drawn with the weights whose running totals are `cumulative`."""
    return min(bisect.bisect_right(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1)


class Writing:
    """Sentences, posts and titles in members' words, drawn from `rng`."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _fill(self, template: tuple[tuple[str, str | None], ...]) -> str:
        parts = []
        for literal, name in template:
            parts.append(literal)
            if name is not None:
                slot = _SLOT_TABLE[name]
                parts.append(slot.words[_pick(self.rng, slot.cumulative)])
        text = "".join(parts)
        return text[0].upper() + text[1:]

    def sentence(self) -> str:
        return self._fill(self.rng.choice(_SENTENCE_TEMPLATES))

    def title(self) -> str:
        return self._fill(self.rng.choice(_TITLE_TEMPLATES))

    def paragraphs(self) -> list[str]:
        """A post: most are a few sentences, a few run long."""
        roll = self.rng.random()
        if roll < 0.3:
            count = 1
        elif roll < 0.6:
            count = 2
        elif roll < 0.8:
            count = 3
        elif roll < 0.95:
            count = self.rng.randint(4, 6)
        else:
            count = self.rng.randint(7, 15)
        sentences = [self.sentence() for _ in range(count)]
        paragraphs = []
        while sentences:
            size = self.rng.randint(1, 3)
            paragraphs.append(" ".join(sentences[:size]))
            del sentences[:size]
        return paragraphs


def as_source(paragraphs: Sequence[str]) -> str:
    return "\n\n".join(paragraphs)


def as_html(paragraphs: Sequence[str]) -> str:
    """What `hearth.lib.markdown.render` makes of these paragraphs (the tests compare the two),
    some thirty times faster: plain sentences hold no Markdown, so each is an escaped <p>."""
    return "".join(f"<p>{html.escape(paragraph, quote=False)}</p>\n" for paragraph in paragraphs)


# --- The shape of the data ------------------------------------------------------------------


def _zipf(count: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


def _thread_length(rng: random.Random, longest: int) -> int:
    """Posts in a thread: a Pareto tail, so most have 1-5, some 50 and more, a few 500 and more."""
    return min(longest, int(1 / (1 - rng.random()) ** (1 / 1.1)))


def _memberships_per_member(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.6:
        return 1
    if roll < 0.85:
        return 2
    if roll < 0.97:
        return rng.randint(3, 5)
    return rng.randint(6, 10)


def default_communities(members: int) -> int:
    return max(min(members, 5), min(members // 250, 5_000))


@dataclass
class Sizes:
    members: int
    posts: int
    communities: int
    batch: int = DEFAULT_BATCH
    discoverable: float = DEFAULT_DISCOVERABLE


def check_sizes(
    members: int,
    posts: int,
    communities: int | None = None,
    batch: int = DEFAULT_BATCH,
    discoverable: float = DEFAULT_DISCOVERABLE,
) -> Sizes:
    """The sizes to seed, or ScaleArgumentError saying what is wrong with them."""
    for name, value in (("--members", members), ("--posts", posts)):
        if value < 0:
            raise ScaleArgumentError(f"{name} cannot be negative (it is {value}).")
        if value > MAX_ROWS:
            raise ScaleArgumentError(f"{name} is at most {MAX_ROWS:,} (it is {value:,}).")
    if posts and not members:
        raise ScaleArgumentError("Posts need authors: give --members as well (at least 1).")
    if communities is None:
        communities = default_communities(members)
    elif communities < 0 or communities > MAX_COMMUNITIES:
        raise ScaleArgumentError(f"--communities is between 0 and {MAX_COMMUNITIES:,} (it is {communities:,}).")
    elif communities > members:
        raise ScaleArgumentError(
            f"Every community needs a founder among the new members: --communities ({communities:,}) "
            f"cannot be more than --members ({members:,})."
        )
    if members and not communities:
        raise ScaleArgumentError("Members need a community to belong to: --communities must be at least 1.")
    if not MIN_BATCH <= batch <= MAX_BATCH:
        raise ScaleArgumentError(f"--batch is between {MIN_BATCH:,} and {MAX_BATCH:,} (it is {batch:,}).")
    if not 0 <= discoverable <= 1:
        raise ScaleArgumentError(f"--discoverable is a share between 0 and 1 (it is {discoverable:g}).")
    return Sizes(members=members, posts=posts, communities=communities, batch=batch, discoverable=discoverable)


@dataclass
class _Plan:
    """Everything but the words, decided before the first row is written."""

    start: float  # epoch seconds; other times are offsets from here
    span: float
    first_member: int  # the number in the first new handle
    first_community: int
    member_joined: list[float]
    community_members: list[list[int]]
    community_cumulative: list[list[float]]
    community_visibility: list[str]
    community_anonymous: list[bool]
    community_founder: list[int]
    community_moderators: list[set[int]]
    thread_community: list[int]
    thread_author: list[int]
    thread_members_only: list[bool]
    thread_anonymous: list[bool]
    thread_length: list[int]
    thread_start: list[float]
    thread_last: list[float]
    # Posts in the order they were written: (offset, thread).
    post_order: list[tuple[float, int]] = field(default_factory=list)


def _plan(
    rng: random.Random, sizes: Sizes, start: float, span: float, first_member: int, first_community: int
) -> _Plan:
    members, communities = sizes.members, sizes.communities
    joined = [-rng.random() * 365 * 86400 for _ in range(members)]
    # How much each member writes: most little, a few a lot.
    weight = [min(1000.0, rng.paretovariate(1.2)) for _ in range(members)]

    popularity = _zipf(communities, 1.0)
    belongs: list[list[int]] = [[] for _ in range(communities)]
    for member in range(members):
        chosen: set[int] = set()
        for _ in range(min(_memberships_per_member(rng), communities)):
            for _attempt in range(5):
                community = _pick(rng, popularity)
                if community not in chosen:
                    chosen.add(community)
                    break
        for community in sorted(chosen):
            belongs[community].append(member)

    visibility, anonymous, founders, moderators = [], [], [], []
    for community in range(communities):
        roll = rng.random()
        # Mostly public, and the biggest always: that is where people find the site.
        if community < 5 or roll < 0.85:
            kind = Visibility.PUBLIC
        elif roll < 0.95:
            kind = Visibility.CLOSED
        else:
            kind = Visibility.PRIVATE
        visibility.append(str(kind))
        anonymous.append(kind == Visibility.PUBLIC and rng.random() < 0.1)
        if not belongs[community]:
            belongs[community].append(rng.randrange(members))
        founders.append(rng.choice(belongs[community]))
        wanted = min(5, len(belongs[community]) // 50)
        moderators.append({rng.choice(belongs[community]) for _ in range(wanted)} - {founders[-1]})
    cumulative = [list(itertools.accumulate(weight[m] for m in group)) for group in belongs]

    plan = _Plan(
        start=start,
        span=span,
        first_member=first_member,
        first_community=first_community,
        member_joined=joined,
        community_members=belongs,
        community_cumulative=cumulative,
        community_visibility=visibility,
        community_anonymous=anonymous,
        community_founder=founders,
        community_moderators=moderators,
        thread_community=[],
        thread_author=[],
        thread_members_only=[],
        thread_anonymous=[],
        thread_length=[],
        thread_start=[],
        thread_last=[],
    )
    _plan_threads(rng, plan, sizes.posts, communities)
    return plan


def _plan_threads(rng: random.Random, plan: _Plan, posts: int, communities: int) -> None:
    if not posts:
        return
    longest = min(3_000, max(5, posts // 20))
    activity = _zipf(communities, 1.05)
    written = 0
    unsorted: list[tuple[float, list[float], int, int, bool, bool]] = []
    while written < posts:
        length = min(_thread_length(rng, longest), posts - written)
        written += length
        community = _pick(rng, activity)
        # Activity grows over the years, so later times are likelier.
        begin = plan.span * math.sqrt(rng.random()) * 0.999
        room = plan.span - begin
        mean_gap = min(6 * 3600.0, room / (length + 1))
        gaps = [rng.expovariate(1 / mean_gap) + 1 for _ in range(length - 1)]
        total = sum(gaps)
        if total > room - 1:
            gaps = [gap * (room - 1) / total for gap in gaps]
        times = list(itertools.accumulate(gaps, initial=begin))
        author = _member_in(rng, plan, community)
        public = plan.community_visibility[community] == Visibility.PUBLIC
        members_only = public and rng.random() < 0.03
        anonymous = plan.community_anonymous[community] and rng.random() < 0.2
        unsorted.append((begin, times, community, author, members_only, anonymous))
    # Threads numbered in the order they were started, as their ids would be.
    unsorted.sort(key=lambda thread: thread[0])
    for index, (begin, times, community, author, members_only, anonymous) in enumerate(unsorted):
        plan.thread_community.append(community)
        plan.thread_author.append(author)
        plan.thread_members_only.append(members_only)
        plan.thread_anonymous.append(anonymous)
        plan.thread_length.append(len(times))
        plan.thread_start.append(begin)
        plan.thread_last.append(times[-1])
        plan.post_order.extend((offset, index) for offset in times)
    plan.post_order.sort()


def _member_in(rng: random.Random, plan: _Plan, community: int) -> int:
    """A member of `community`, the keen writers likelier."""
    return plan.community_members[community][_pick(rng, plan.community_cumulative[community])]


# --- Writing rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    """The columns of a model's table: those the seed sets, then every other with its default."""

    model: type[models.Model]
    columns: tuple[str, ...]
    defaults: tuple[Any, ...]

    @classmethod
    def of(cls, model: type[models.Model], fields: Sequence[str], connection: BaseDatabaseWrapper) -> _Table:
        opts = model._meta
        given = [opts.get_field(name) for name in fields]
        rest = [f for f in opts.concrete_fields if f.name not in fields]
        return cls(
            model=model,
            columns=tuple(str(f.column) for f in [*given, *rest]),  # type: ignore[union-attr]
            defaults=tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest),
        )

    @property
    def name(self) -> str:
        return self.model._meta.db_table


class _Database:
    """Bulk writes for one connection: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        if connection.vendor not in ("postgresql", "sqlite"):
            raise NotImplementedError(f"seed_scale supports PostgreSQL and SQLite, not {connection.vendor}.")
        self.connection = connection
        self.postgresql = connection.vendor == "postgresql"
        self.engine = engine_for(connection)

    def when(self, seconds: float) -> Any:
        moment = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
        return moment if self.postgresql else str(moment.replace(tzinfo=None))

    def reserve_ids(self, model: type[models.Model], count: int) -> list[int]:
        """Primary keys for `count` new rows, taken so no other writer can take them too."""
        if not count:
            return []
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            if self.postgresql:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                (sequence,) = cursor.fetchone() or (None,)
                cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
                return [row[0] for row in cursor.fetchall()]
            # SQLite: this transaction holds the write lock, and AUTOINCREMENT never reuses an id.
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 (a model's table)
            (highest,) = cursor.fetchone() or (0,)
            cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
            (used,) = cursor.fetchone() or (0,)
            first = max(highest, used) + 1
            return list(range(first, first + count))

    def insert(self, table: _Table, rows: Iterable[Sequence[Any]]) -> int:
        written = 0
        with self.connection.cursor() as cursor:
            if self.postgresql:
                columns = ", ".join(f'"{column}"' for column in table.columns)
                with cursor.cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row((*row, *table.defaults))
                        written += 1
            else:
                columns = ", ".join(f'"{column}"' for column in table.columns)
                marks = ", ".join(["%s"] * len(table.columns))
                batch = [(*row, *table.defaults) for row in rows]
                cursor.executemany(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", batch)  # noqa: S608
                written = len(batch)
        return written

    def index(self, documents: Sequence[tuple[int, str, str]]) -> None:
        """Search documents (post id, title, text), through the search engine's own upsert."""
        with self.connection.cursor() as cursor, self._pipeline():
            for post_id, title, body in documents:
                self.engine.upsert(cursor, post_id, title, body)

    @contextmanager
    def _pipeline(self) -> Iterator[None]:
        # One statement a post; psycopg's pipeline sends them without waiting for each answer.
        if self.postgresql:
            with self.connection.connection.pipeline():
                yield
        else:
            yield


# --- Progress -------------------------------------------------------------------------------


class _Stream(Protocol):
    def write(self, text: str, /) -> Any: ...

    def flush(self) -> None: ...

    def isatty(self) -> bool: ...


class Progress:
    """A carriage-return progress bar on a terminal; one line a step elsewhere (logs, tests)."""

    WIDTH = 30

    def __init__(self, stream: _Stream | None = None) -> None:
        self.stream: _Stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty()
        self.timings: list[tuple[str, int, float]] = []
        self._step, self._total, self._done, self._started, self._shown = "", 0, 0, 0.0, 0.0

    def begin(self, step: str, total: int) -> None:
        self._step, self._total, self._done = step, total, 0
        self._started = self._shown = time.perf_counter()
        self._draw()

    def advance(self, count: int) -> None:
        self._done += count
        now = time.perf_counter()
        if self.live and now - self._shown > 0.2:
            self._shown = now
            self._draw()

    def end(self) -> None:
        elapsed = time.perf_counter() - self._started
        self.timings.append((self._step, self._done, elapsed))
        self._done = self._total
        if self.live:
            self._draw()
            self.stream.write("\n")
        else:
            self.stream.write(f"seed_scale: {self._step}: {self._done:,} in {elapsed:.1f} s\n")
        self.stream.flush()

    def _draw(self) -> None:
        if not self.live:
            return
        share = self._done / self._total if self._total else 1.0
        filled = int(self.WIDTH * share)
        elapsed = time.perf_counter() - self._started
        bar = "#" * filled + "." * (self.WIDTH - filled)
        line = f"\r{self._step:<14} [{bar}] {share:4.0%} {self._done:>11,}/{self._total:,} {elapsed:6.1f}s"
        self.stream.write(line)
        self.stream.flush()


# --- Seeding --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    members: int
    communities: int
    threads: int
    posts: int
    reactions: int
    seconds: float


def handle_for(number: int) -> str:
    # Seven digits in a row would read as a phone number to the handle rules; split them.
    digits = str(number) if number < 1_000_000 else f"{number // 1_000_000}_{number % 1_000_000:06d}"
    return f"{HANDLE_PREFIX}{digits}"


def _number_of(handle: str) -> int:
    return int(handle.removeprefix(HANDLE_PREFIX).replace("_", "") or 0)


def scale_members() -> models.QuerySet[User]:
    return User.objects.filter(handle__startswith=HANDLE_PREFIX, email__endswith=f"@{EMAIL_DOMAIN}")


def scale_communities() -> models.QuerySet[Community]:
    # A join on the founder rather than `created_by__in=scale_members()`: under the OR,
    # PostgreSQL would scan every member once for each community.
    founded_by_one = models.Q(
        created_by__handle__startswith=HANDLE_PREFIX, created_by__email__endswith=f"@{EMAIL_DOMAIN}"
    )
    return Community.objects.filter(models.Q(created_by__isnull=True) | founded_by_one, slug__regex=_SLUG_PATTERN)


def _next_numbers() -> tuple[int, int]:
    """The first free member and community numbers, so that a second run adds to the first."""
    members = max((_number_of(handle) for handle in scale_members().values_list("handle", flat=True)), default=0)
    slugs = scale_communities().values_list("slug", flat=True)
    communities = max((int(slug.split("-")[1]) for slug in slugs), default=0)
    return members + 1, communities + 1


def seed_scale(
    members: int,
    posts: int,
    *,
    seed: int = 1,
    communities: int | None = None,
    batch: int = DEFAULT_BATCH,
    discoverable: float = DEFAULT_DISCOVERABLE,
    progress: Progress | None = None,
) -> Seeded:
    """Add `members` members with their profiles (a `discoverable` share of them found in
    patients like me) and `posts` posts (with their communities, threads, reactions and search
    index) in one transaction. The same seed on the same database gives the same data."""
    sizes = check_sizes(members, posts, communities, batch, discoverable)
    progress = progress or Progress()
    started = time.perf_counter()
    connection = connections[router.db_for_write(Post)]
    database = _Database(connection)
    with transaction.atomic(using=connection.alias):
        first_member, first_community = _next_numbers()
        rng = random.Random(seed)  # noqa: S311 (synthetic data, reproducible on purpose)
        end = float(int(timezone.now().timestamp()))
        span = YEARS * 365 * 86400.0
        progress.begin("planning", sizes.members + sizes.posts)
        plan = _plan(rng, sizes, end - span, span, first_member, first_community)
        progress.advance(sizes.members + sizes.posts)
        progress.end()
        seeder = _Seeder(database, rng, plan, sizes, progress)
        seeder.members()
        seeder.communities()
        seeder.memberships()
        # From a generator of its own, so that profiles leave the rest of the data as it was.
        profile_seeder = _ProfileSeeder(database, random.Random(f"profiles:{seed}"), seeder, progress)  # noqa: S311
        profile_seeder.check_in_rng = random.Random(f"check-ins:{seed}")  # noqa: S311
        profile_seeder.profiles()
        seeder.threads()
        seeder.posts()
        # Django's foreign keys are checked when the transaction commits, so that takes a while.
        progress.begin("commit", 1)
    progress.advance(1)
    progress.end()
    # The planner would otherwise plan for the tables as they were before (PostgreSQL, until
    # autovacuum comes round) or without any statistics at all (SQLite).
    progress.begin("analyze", 1)
    refresh_statistics(connection.alias)
    progress.advance(1)
    progress.end()
    return Seeded(
        members=sizes.members,
        communities=sizes.communities,
        threads=len(plan.thread_length),
        posts=sizes.posts,
        reactions=seeder.reactions_written,
        seconds=time.perf_counter() - started,
    )


class _Seeder:
    """Writes the plan, table by table, in batches."""

    def __init__(self, database: _Database, rng: random.Random, plan: _Plan, sizes: Sizes, progress: Progress) -> None:
        self.db, self.rng, self.plan, self.sizes, self.progress = database, rng, plan, sizes, progress
        self.writing = Writing(rng)
        self.user_ids: list[int] = []
        self.community_ids: list[int] = []
        self.thread_ids: list[int] = []
        self.titles: list[str] = []
        self.reactions_written = 0

    def _batches(self, total: int) -> Iterator[range]:
        for first in range(0, total, self.sizes.batch):
            yield range(first, min(total, first + self.sizes.batch))

    def members(self) -> None:
        plan, connection = self.plan, self.db.connection
        users = _Table.of(User, ["id", "password", "handle", "email", "date_joined"], connection)
        emails = _Table.of(EmailAddress, ["id", "user", "email", "verified", "primary"], connection)
        self.user_ids = self.db.reserve_ids(User, self.sizes.members)
        email_ids = self.db.reserve_ids(EmailAddress, self.sizes.members)
        alphabet = string.ascii_letters + string.digits
        self.progress.begin("members", self.sizes.members)
        for chunk in self._batches(self.sizes.members):
            user_rows, email_rows = [], []
            for member in chunk:
                handle = handle_for(plan.first_member + member)
                email = f"{handle}@{EMAIL_DOMAIN}"
                # What make_password(None) stores, drawn from the seeded generator: it is never
                # compared with anything, it only has to be unusable.
                password = UNUSABLE_PASSWORD_PREFIX + "".join(
                    self.rng.choices(alphabet, k=UNUSABLE_PASSWORD_SUFFIX_LENGTH)
                )
                joined = self.db.when(plan.start + plan.member_joined[member])
                user_rows.append((self.user_ids[member], password, handle, email, joined))
                email_rows.append((email_ids[member], self.user_ids[member], email, True, True))
            self.db.insert(users, user_rows)
            self.db.insert(emails, email_rows)
            self.progress.advance(len(chunk))
        self.progress.end()

    def communities(self) -> None:
        plan, db, count = self.plan, self.db, self.sizes.communities
        table = _Table.of(
            Community,
            [
                "id", "slug", "name", "description", "description_html", "rules", "rules_html",
                "renderer_version", "visibility", "anonymous_posting", "created_by", "created_at",
                "last_activity_at", "member_count", "thread_count", "post_count", "search_name", "search_text",
            ],
            db.connection,
        )  # fmt: skip
        links = _Table.of(Community.conditions.through, ["id", "community", "condition"], db.connection)
        conditions = list(Condition.objects.order_by("slug").values_list("pk", "lay_name"))
        self.rng.shuffle(conditions)
        threads = [0] * count
        posts = [0] * count
        last = [0.0] * count
        for thread, community in enumerate(plan.thread_community):
            threads[community] += 1
            posts[community] += plan.thread_length[thread]
            last[community] = max(last[community], plan.thread_last[thread])
        self.community_ids = db.reserve_ids(Community, count)
        link_ids = db.reserve_ids(Community.conditions.through, count if conditions else 0)
        rules = "Be kind. Share experiences, not prescriptions. Talk to your clinician before changing treatment."
        rows, link_rows = [], []
        self.progress.begin("communities", count)
        for community in range(count):
            number = plan.first_community + community
            if conditions:
                condition_id, lay_name = conditions[community % len(conditions)]
                pattern = _COMMUNITY_NAMES[(community // len(conditions)) % len(_COMMUNITY_NAMES)]
                name = pattern.format(lay_name)
                link_rows.append((link_ids[community], self.community_ids[community], condition_id))
            else:
                name = f"Community {number}"
            slug = f"{SLUG_PREFIX}{number}-{_slug(name)}"[:80].rstrip("-")
            paragraphs = [
                f"A peer-support community for people living with {name.lower()}, and those who care for them.",
                self.writing.sentence(),
            ]
            created = plan.start - 400 * 86400 + community
            name, description = name[:100], as_source(paragraphs)
            rows.append(
                (
                    self.community_ids[community], slug, name, description, as_html(paragraphs),
                    rules, as_html([rules]), RENDERER_VERSION, plan.community_visibility[community],
                    plan.community_anonymous[community], self.user_ids[plan.community_founder[community]],
                    db.when(created), db.when(plan.start + last[community] if threads[community] else created),
                    len(plan.community_members[community]), threads[community], posts[community],
                    *folded_for_search(name, description),
                )
            )  # fmt: skip
        for chunk in self._batches(count):
            db.insert(table, rows[chunk.start : chunk.stop])
            self.progress.advance(len(chunk))
        db.insert(links, link_rows)
        self.progress.end()

    def memberships(self) -> None:
        plan, db = self.plan, self.db
        table = _Table.of(Membership, ["id", "community", "user", "role", "joined_at"], db.connection)
        pairs = [(c, m) for c, group in enumerate(plan.community_members) for m in group]
        self.progress.begin("memberships", len(pairs))
        for chunk in self._batches(len(pairs)):
            ids = db.reserve_ids(Membership, len(chunk))
            rows = []
            for row_id, (community, member) in zip(ids, pairs[chunk.start : chunk.stop], strict=True):
                if member == plan.community_founder[community]:
                    role = Role.FOUNDER
                elif member in plan.community_moderators[community]:
                    role = Role.MODERATOR
                else:
                    role = Role.MEMBER
                joined = plan.member_joined[member] * self.rng.random()  # between joining Hearth and now-ish
                rows.append(
                    (
                        row_id,
                        self.community_ids[community],
                        self.user_ids[member],
                        str(role),
                        db.when(plan.start + joined),
                    )
                )
            db.insert(table, rows)
            self.progress.advance(len(chunk))
        self.progress.end()

    def threads(self) -> None:
        plan, db = self.plan, self.db
        count = len(plan.thread_length)
        table = _Table.of(
            Thread,
            [
                "id",
                "community",
                "author",
                "title",
                "is_anonymous",
                "members_only",
                "created_at",
                "last_post_at",
                "reply_count",
            ],
            db.connection,
        )
        self.thread_ids = db.reserve_ids(Thread, count)
        self.progress.begin("threads", count)
        for chunk in self._batches(count):
            rows = []
            for thread in chunk:
                title = self.writing.title()
                self.titles.append(title)
                rows.append(
                    (
                        self.thread_ids[thread], self.community_ids[plan.thread_community[thread]],
                        self.user_ids[plan.thread_author[thread]], title, plan.thread_anonymous[thread],
                        plan.thread_members_only[thread], db.when(plan.start + plan.thread_start[thread]),
                        db.when(plan.start + plan.thread_last[thread]), plan.thread_length[thread] - 1,
                    )
                )  # fmt: skip
            db.insert(table, rows)
            self.progress.advance(len(chunk))
        self.progress.end()

    def posts(self) -> None:
        plan, db, rng = self.plan, self.db, self.rng
        posts = _Table.of(
            Post,
            [
                "id", "thread", "community", "author", "is_first", "is_anonymous", "members_only",
                "content_warning", "source", "html", "plain_text", "renderer_version", "created_at",
            ],
            db.connection,
        )  # fmt: skip
        reactions = _Table.of(Reaction, ["id", "post", "user", "kind", "created_at"], db.connection)
        usual = {ReactionKind.HUG: 30, ReactionKind.ME_TOO: 30, ReactionKind.HELPFUL: 20, ReactionKind.THANKS: 15}
        kinds = [str(kind) for kind in ReactionKind]
        kind_weights = list(itertools.accumulate(usual.get(kind, 5) for kind in ReactionKind))
        written_in_thread = [0] * len(plan.thread_length)
        self.progress.begin("posts", len(plan.post_order))
        for chunk in self._batches(len(plan.post_order)):
            ids = db.reserve_ids(Post, len(chunk))
            rows, documents, reacted = [], [], []
            for post_id, (offset, thread) in zip(ids, plan.post_order[chunk.start : chunk.stop], strict=True):
                community = plan.thread_community[thread]
                position = written_in_thread[thread]
                written_in_thread[thread] += 1
                first = position == 0
                # Thread authors answer in their own threads now and then.
                keeps_author = first or rng.random() < 0.3
                author = plan.thread_author[thread] if keeps_author else _member_in(rng, plan, community)
                anonymous = (
                    plan.thread_anonymous[thread]
                    if first
                    else plan.community_anonymous[community] and rng.random() < 0.1
                )
                public = plan.community_visibility[community] == Visibility.PUBLIC
                members_only = plan.thread_members_only[thread] or (public and not first and rng.random() < 0.02)
                warning = rng.choice(_CONTENT_WARNINGS) if rng.random() < 0.015 else ""
                paragraphs = self.writing.paragraphs()
                plain = as_source(paragraphs)
                rows.append(
                    (
                        post_id, self.thread_ids[thread], self.community_ids[community], self.user_ids[author], first,
                        anonymous, members_only, warning, plain, as_html(paragraphs), plain, RENDERER_VERSION,
                        db.when(plan.start + offset),
                    )
                )  # fmt: skip
                documents.append((post_id, self.titles[thread] if first else "", plain))
                if rng.random() < 0.3:
                    reacted.extend(self._reactions(post_id, community, author, offset, kinds, kind_weights))
            db.insert(posts, rows)
            db.index(documents)
            if reacted:
                reaction_ids = db.reserve_ids(Reaction, len(reacted))
                self.reactions_written += db.insert(
                    reactions, ((rid, *row) for rid, row in zip(reaction_ids, reacted, strict=True))
                )
            self.progress.advance(len(chunk))
        self.progress.end()

    def _reactions(
        self, post_id: int, community: int, author: int, offset: float, kinds: list[str], weights: Sequence[float]
    ) -> list[tuple[int, int, str, Any]]:
        plan, rng = self.plan, self.rng
        group = plan.community_members[community]
        wanted = min(len(group) - 1, int(rng.paretovariate(1.3)), 40)
        given: set[tuple[int, str]] = set()
        for _ in range(wanted):
            member = rng.choice(group)
            kind = kinds[_pick(rng, weights)]
            if member != author:
                given.add((member, kind))
        later = min(plan.span, offset + rng.expovariate(1 / 86400))
        moment = self.db.when(plan.start + later)
        return [(post_id, self.user_ids[member], kind, moment) for member, kind in sorted(given)]


def _slug(name: str) -> str:
    kept = "".join(ch if ch.isalnum() else "-" for ch in name.lower() if ch.isascii())
    return "-".join(part for part in kept.split("-") if part)


# --- Profiles -------------------------------------------------------------------------------

# How often each condition is drawn: three common ones, then a long tail in a seeded order.
_COMMON_CONDITIONS = {"systemic-lupus-erythematosus": 6.0, "breast-cancer": 5.0, "type-1-diabetes": 4.0}
_TAIL_WEIGHT, _TAIL_EXPONENT = 6.0, 1.1
# Symptoms members list, for a database whose symptom catalogue is still empty.
_SYMPTOMS = (
    "fatigue", "joint pain", "brain fog", "headaches", "nausea", "dizziness", "stiffness", "swelling",
    "low mood", "anxiety", "breathlessness", "rashes", "numbness", "muscle aches", "insomnia", "hair loss",
    "palpitations", "night sweats", "mouth ulcers", "hot flushes",
)  # fmt: skip
_PLACES = (
    "GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR", "US-CA", "US-NY", "US-TX", "US-FL", "US-WA", "US-MA", "US-IL",
    "CA-ON", "CA-QC", "CA-BC", "AU-NSW", "AU-VIC", "AU-QLD", "IE-L", "IE-M", "IE-C", "DE-BY", "DE-BE",
    "DE-NW", "FR-IDF", "NZ-AUK", "NL-NH", "ES-MD", "IT-25", "ZA-GP",
)  # fmt: skip
_HEALTH = ("conditions", "treatments", "symptoms")


def _shares(entries: dict[str, float]) -> tuple[list[str], list[float]]:
    return list(entries), list(itertools.accumulate(entries.values()))


# Who sees each part: health fields mostly only me, as members leave them.
_HEALTH_VISIBILITY = _shares({"only_me": 50, "communities": 25, "public": 15, "connections": 10})
_ROLE_VISIBILITY = _shares({"communities": 50, "public": 30, "only_me": 10, "connections": 10})
_AGE_VISIBILITY = _shares({"only_me": 40, "communities": 30, "public": 20, "connections": 10})
_ROLES = _shares({"patient": 80, "caregiver": 15, "clinician": 3, "researcher": 2, "": 5})
_AGES = _shares(
    {"under_18": 2, "18_24": 8, "25_34": 18, "35_44": 22, "45_54": 20, "55_64": 16, "65_74": 10, "75_plus": 4, "": 10}
)
assert set(_ROLES[0]) - {""} <= set(ProfileRole.values)  # noqa: S101 (a typo here would seed nonsense)
assert set(_AGES[0]) - {""} <= set(AgeRange.values)  # noqa: S101
assert set(_HEALTH_VISIBILITY[0]) == set(FieldVisibility.values)  # noqa: S101


class _ProfileSeeder:
    """Writes a profile for every new member: place, age range, role and who sees each, 1-3
    conditions (lupus, breast cancer and type 1 diabetes common, then a long tail) with years of
    diagnosis, 0-3 treatments used for those conditions, and 0-4 symptoms."""

    def __init__(self, database: _Database, rng: random.Random, seeder: _Seeder, progress: Progress) -> None:
        self.db, self.rng, self.progress = database, rng, progress
        self.user_ids, self.plan, self.sizes = seeder.user_ids, seeder.plan, seeder.sizes
        conditions = list(Condition.objects.order_by("slug").values_list("pk", "slug"))
        common = [(pk, _COMMON_CONDITIONS[slug]) for pk, slug in conditions if slug in _COMMON_CONDITIONS]
        tail = [pk for pk, slug in conditions if slug not in _COMMON_CONDITIONS]
        rng.shuffle(tail)
        weights = [weight for _, weight in common]
        weights += [_TAIL_WEIGHT / (rank + 3) ** _TAIL_EXPONENT for rank in range(len(tail))]  # all under the three
        self.condition_ids = [pk for pk, _ in common] + tail
        self.condition_cumulative = list(itertools.accumulate(weights))
        self.treatments_for: dict[int, list[int]] = collections.defaultdict(list)
        links = Treatment.conditions.through.objects.order_by("treatment_id", "condition_id")
        for treatment_id, condition_id in links.values_list("treatment_id", "condition_id"):
            self.treatments_for[condition_id].append(treatment_id)
        self.symptom_ids = self._symptoms()
        # Check-ins draw from a generator of their own, so that profiles stay as they were.
        self.check_in_rng = random.Random(0)  # noqa: S311
        self.check_ins_written = 0

    @staticmethod
    def _symptoms() -> list[int]:
        if not Symptom.objects.exists():
            Symptom.objects.bulk_create(Symptom(slug=_slug(name), name=name.capitalize()) for name in _SYMPTOMS)
        return list(Symptom.objects.order_by("slug").values_list("pk", flat=True))

    def _draw(self, shares: tuple[list[str], list[float]]) -> str:
        return shares[0][_pick(self.rng, shares[1])]

    def profiles(self) -> None:
        db, rng, plan = self.db, self.rng, self.plan
        connection = db.connection
        visibility_fields = [f"{name}_visibility" for name in ("role", "age_range", "place", *_HEALTH)]
        profiles = _Table.of(
            Profile,
            ["user", "role", "age_range", "country", "region", "interests", "discoverable", "discoverable_since",
             "updated_at", *visibility_fields],
            connection,
        )  # fmt: skip
        conditions = _Table.of(ProfileCondition, ["id", "profile", "condition", "diagnosed_year"], connection)
        treatments = _Table.of(ProfileTreatment, ["id", "profile", "treatment", "started_on", "stopped_on"], connection)
        symptoms = _Table.of(ProfileSymptom, ["id", "profile", "symptom"], connection)
        check_ins = _Table.of(
            CheckIn,
            ["id", "member", "day", "feeling", "pain", "energy", "sleep_hours", "note", "source", "created_at",
             "updated_at"],
            connection,
        )  # fmt: skip
        ratings = _Table.of(SymptomRating, ["id", "check_in", "symptom", "severity"], connection)
        this_year = dt.datetime.fromtimestamp(plan.start + plan.span, tz=dt.UTC).year
        self.progress.begin("profiles", self.sizes.members)
        for first in range(0, self.sizes.members, self.sizes.batch):
            chunk = range(first, min(self.sizes.members, first + self.sizes.batch))
            profile_rows: list[tuple[Any, ...]] = []
            condition_rows: list[tuple[Any, ...]] = []
            treatment_rows: list[tuple[Any, ...]] = []
            symptom_rows: list[tuple[Any, ...]] = []
            check_in_rows: list[tuple[Any, ...]] = []
            rating_rows: list[tuple[int, int, int]] = []  # (index in check_in_rows, symptom, severity)
            for member in chunk:
                user_id = self.user_ids[member]
                joined = db.when(plan.start + plan.member_joined[member])
                place = rng.choice(_PLACES) if rng.random() < 0.8 else ""
                region = place if rng.random() < 0.85 else ""
                discoverable = rng.random() < self.sizes.discoverable
                health = [self._draw(_HEALTH_VISIBILITY) for _ in _HEALTH]
                profile_rows.append(
                    (
                        user_id, self._draw(_ROLES), self._draw(_AGES), place[:2], region, "[]", discoverable,
                        joined if discoverable else None, joined, self._draw(_ROLE_VISIBILITY),
                        self._draw(_AGE_VISIBILITY), self._draw(_HEALTH_VISIBILITY), *health,
                    )
                )  # fmt: skip
                had = self._conditions()
                for condition_id in had:
                    year = this_year - min(40, int(rng.expovariate(1 / 7))) if rng.random() < 0.85 else None
                    condition_rows.append((user_id, condition_id, year))
                for treatment_id in self._treatments(had):
                    started = dt.date(this_year, 1, 1) - dt.timedelta(days=rng.randrange(10 * 365))
                    stopped = started + dt.timedelta(days=rng.randrange(30, 900)) if rng.random() < 0.3 else None
                    treatment_rows.append((user_id, treatment_id, started, stopped))
                had_symptoms = rng.sample(self.symptom_ids, self._how_many_symptoms())
                symptom_rows.extend((user_id, s) for s in had_symptoms)
                self._check_ins(user_id, had_symptoms, check_in_rows, rating_rows)
            db.insert(profiles, profile_rows)
            for table, rows in ((conditions, condition_rows), (treatments, treatment_rows), (symptoms, symptom_rows)):
                ids = db.reserve_ids(table.model, len(rows))
                db.insert(table, [(row_id, *row) for row_id, row in zip(ids, rows, strict=True)])
            check_in_ids = db.reserve_ids(CheckIn, len(check_in_rows))
            db.insert(check_ins, [(row_id, *row) for row_id, row in zip(check_in_ids, check_in_rows, strict=True)])
            rating_ids = db.reserve_ids(SymptomRating, len(rating_rows))
            db.insert(
                ratings,
                [
                    (row_id, check_in_ids[index], symptom, severity)
                    for row_id, (index, symptom, severity) in zip(rating_ids, rating_rows, strict=True)
                ],
            )
            self.check_ins_written += len(check_in_rows)
            self.progress.advance(len(chunk))
        self.progress.end()

    def _check_ins(
        self,
        user_id: int,
        symptoms: list[int],
        check_in_rows: list[tuple[Any, ...]],
        rating_rows: list[tuple[int, int, int]],
    ) -> None:
        """A TRACKING_SHARE of members check in on some of the last TRACKING_DAYS days, rating
        their profile's symptoms; the others never have."""
        rng = self.check_in_rng
        if rng.random() >= TRACKING_SHARE:
            return
        last_day = dt.datetime.fromtimestamp(self.plan.start + self.plan.span, tz=dt.UTC).date() - dt.timedelta(days=1)
        moment = self.db.when(self.plan.start + self.plan.span)
        for back in range(TRACKING_DAYS):
            if rng.random() >= 0.4:
                continue
            pain = rng.randint(0, 8)
            sleep = f"{rng.randint(8, 18) / 2:.1f}"
            row = (user_id, last_day - dt.timedelta(days=back), rng.randint(1, 5), pain, rng.randint(1, 9), sleep)
            check_in_rows.append((*row, "", "manual", moment, moment))
            index = len(check_in_rows) - 1
            rating_rows.extend((index, symptom, min(3, pain // 3 + rng.randint(0, 1))) for symptom in symptoms)

    def _conditions(self) -> list[int]:
        roll = self.rng.random()
        wanted = 1 if roll < 0.55 else 2 if roll < 0.85 else 3
        chosen: list[int] = []
        for _ in range(wanted * 3):
            condition_id = self.condition_ids[_pick(self.rng, self.condition_cumulative)]
            if condition_id not in chosen:
                chosen.append(condition_id)
            if len(chosen) == wanted:
                break
        return chosen

    def _treatments(self, conditions: list[int]) -> list[int]:
        used = sorted({t for condition_id in conditions for t in self.treatments_for.get(condition_id, ())})
        return self.rng.sample(used, min(len(used), self.rng.randint(0, 3))) if used else []

    def _how_many_symptoms(self) -> int:
        return min(len(self.symptom_ids), self.rng.choice((0, 1, 1, 2, 2, 3, 4)))


# --- Wiping ---------------------------------------------------------------------------------


def wipe_scale(progress: Progress | None = None) -> tuple[int, int]:
    """Delete what seed_scale made, and whatever hangs from it; return (members, communities)."""
    progress = progress or Progress()
    connection = connections[router.db_for_write(Post)]
    database = _Database(connection)
    with transaction.atomic(using=connection.alias):
        communities = scale_communities().count()
        members = scale_members().count()
        progress.begin("wiping", members + communities)
        with connection.cursor() as cursor:
            posts = Post.objects.filter(community__in=scale_communities()).values("pk")
            sql, params = posts.query.sql_with_params()
            database.engine.delete(cursor, sql, list(params))
            _delete(cursor, scale_communities())
            _delete(cursor, scale_members())
        progress.advance(members + communities)
    progress.end()  # after the commit, which checks the foreign keys of every row deleted
    return members, communities


def _delete(cursor: CursorWrapper, queryset: models.QuerySet[Any]) -> None:
    """DELETE with SQL, as the ORM's on_delete rules say, without loading rows into Python."""
    model = queryset.model
    selected = queryset.values("pk")
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue
        related_model: Any = relation.related_model
        fk_name = relation.field.name
        related = related_model._base_manager.filter(**{f"{fk_name}__in": selected})
        on_delete: Callable[..., Any] = relation.on_delete
        if on_delete is models.CASCADE:
            _delete(cursor, related)
        elif on_delete is models.SET_NULL:
            related.update(**{fk_name: None})
        elif on_delete is not models.DO_NOTHING and related.exists():
            raise RuntimeError(f"Cannot wipe synthetic data: {related_model.__name__} rows still refer to it.")
    sql, params = selected.query.sql_with_params()
    table = connections[queryset.db].ops.quote_name(model._meta.db_table)
    column = connections[queryset.db].ops.quote_name(model._meta.pk.column)
    cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({sql})", params)  # noqa: S608 (the ORM's own SQL)


# --- For tests and benchmarks ----------------------------------------------------------------


def digest() -> str:
    """A fingerprint of the seeded handles, community names and thread titles, in order."""
    hashed = hashlib.sha256()
    for handle in scale_members().order_by("handle").values_list("handle", flat=True):
        hashed.update(handle.encode() + b"\n")
    for slug, name in scale_communities().order_by("slug").values_list("slug", "name"):
        hashed.update(f"{slug} {name}\n".encode())
    titles = Thread.objects.filter(community__in=scale_communities()).order_by("created_at", "id")
    for title, handle in titles.values_list("title", "author__handle"):
        hashed.update(f"{title} {handle}\n".encode())
    return hashed.hexdigest()
