"""Demo profiles: the personas' conditions, treatments and symptoms, each with who may see it, so
that "patients like me" has people to find and "see my profile as…" has something to hide.

Only profiles never edited are filled in, so running the demo again leaves members' own changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hearth.accounts.models import User
from hearth.connections import actions as connection_actions
from hearth.connections.models import Connection
from hearth.conversations.actions import do_send
from hearth.profiles import actions
from hearth.profiles.models import Profile


@dataclass(frozen=True)
class DemoProfile:
    handle: str
    data: actions.ProfileInput
    conditions: tuple[tuple[str, int | None], ...] = ()
    treatments: tuple[tuple[str, str | None, str | None], ...] = ()
    symptoms: tuple[str, ...] = ()


PROFILES = (
    DemoProfile(
        "maya_r",
        actions.ProfileInput(
            bio="Newly diagnosed, learning as I go. Night owl.",
            role="patient",
            age_range="35_44",
            country="US",
            region="US-NY",
            interests=["reading", "running (slowly)"],
            discoverable=True,
            visibility={"conditions": "communities", "treatments": "connections", "age_range": "communities"},
        ),
        conditions=(("breast-cancer", 2026),),
        treatments=(("lumpectomy", "2026-10-02", "2026-10-02"), ("tamoxifen", "2026-11-02", None)),
        symptoms=("fatigue", "hot-flashes"),
    ),
    DemoProfile(
        "june_b",
        actions.ProfileInput(
            bio="Two years out from treatment. Happy to talk about tamoxifen and getting back to work.",
            role="patient",
            age_range="35_44",
            country="US",
            region="US-NJ",
            discoverable=True,
            messages_from="communities",
            visibility={"conditions": "communities", "treatments": "communities", "symptoms": "communities"},
        ),
        conditions=(("breast-cancer", 2024),),
        treatments=(("tamoxifen", "2024-09-01", None),),
        symptoms=("hot-flashes", "joint-pain"),
    ),
    DemoProfile(
        "tiffany",
        actions.ProfileInput(
            bio="Founder of Living with lupus and host of #LupusChat, Mondays 9pm Eastern.",
            role="patient",
            interests=["pacing", "advocacy"],
            discoverable=True,
            visibility={"bio": "public", "role": "public", "conditions": "public", "interests": "public"},
        ),
        conditions=(("systemic-lupus-erythematosus", 2011),),
        treatments=(("hydroxychloroquine", "2011-06-01", None),),
        symptoms=("fatigue", "joint-pain", "brain-fog"),
    ),
    DemoProfile(
        "lena_sle",
        actions.ProfileInput(
            bio="Lupus since 2019. Nurse, now part-time.",
            role="patient",
            age_range="25_34",
            country="GB",
            region="GB-SCT",
            discoverable=True,
            visibility={"conditions": "communities", "treatments": "communities"},
        ),
        conditions=(("systemic-lupus-erythematosus", 2019),),
        treatments=(("hydroxychloroquine", "2019-05-01", None), ("prednisone", "2019-05-01", "2020-02-01")),
        symptoms=("fatigue", "joint-pain"),
    ),
    DemoProfile(
        "sam_cares",
        actions.ProfileInput(
            bio="Parent of a wonderful 9-year-old with 22q11.2 deletion syndrome.",
            role="caregiver",
            caregiver_of="my son, 9",
            discoverable=True,
            visibility={"role": "communities", "conditions": "connections"},
        ),
        conditions=(("22q11-2-deletion-syndrome", 2017),),
    ),
    DemoProfile(
        "ellen71",
        actions.ProfileInput(bio="Retired teacher. Lupus for twenty years.", role="patient", age_range="65_74"),
        conditions=(("systemic-lupus-erythematosus", 2005), ("type-1-diabetes", 1979)),
        treatments=(("insulin-pump", "2015-01-01", None),),
    ),
    DemoProfile(
        "ravi",
        actions.ProfileInput(
            bio="T1D since childhood; moderator of Type 1 diabetes together.",
            role="patient",
            visibility={"bio": "public", "conditions": "public"},
        ),
        conditions=(("type-1-diabetes", 1998),),
        treatments=(("insulin-pump", "2012-03-01", None), ("insulin-glargine", "1998-06-01", "2012-03-01")),
    ),
    DemoProfile(
        "dr_attai",
        actions.ProfileInput(
            bio="Breast surgeon. I share general information and evidence, never individual medical advice.",
            role="clinician",
            visibility={"bio": "public", "role": "public"},
        ),
    ),
)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def seed_profiles(by_handle: dict[str, User]) -> int:
    made = 0
    for demo in PROFILES:
        member = by_handle.get(demo.handle)
        if member is None or Profile.objects.filter(user=member).exists():
            continue
        actions.do_update_profile(member, demo.data)
        for slug, year in demo.conditions:
            actions.do_add_condition(member, slug, year)
        for slug, started, stopped in demo.treatments:
            actions.do_add_treatment(member, slug, _date(started), _date(stopped))
        if demo.symptoms:
            actions.do_set_symptoms(member, list(demo.symptoms))
        made += 1
    return made


# Who knows whom in the demo, and what they wrote to each other (each pair once).
CONNECTIONS = (
    (
        "maya_r",
        "june_b",
        (
            ("maya_r", "Hi June, I saw we share a diagnosis. How were your first months on tamoxifen?"),
            ("june_b", "Hot flashes at first, much easier after three months. Ask me anything."),
        ),
    ),
    ("tiffany", "lena_sle", (("lena_sle", "Thanks for hosting on Monday, the pacing topic helped."),)),
)


def seed_connections(by_handle: dict[str, User]) -> int:
    made = 0
    for first, second, messages in CONNECTIONS:
        a, b = by_handle.get(first), by_handle.get(second)
        if (
            a is None
            or b is None
            or Connection.objects.filter(user_low_id=min(a.pk, b.pk), user_high_id=max(a.pk, b.pk)).exists()
        ):
            continue
        connection_actions.do_request(a, b)
        connection_actions.do_accept(b, a)
        for sender, text in messages:
            do_send(by_handle[sender], b if sender == first else a, text)
        made += 1
    return made
