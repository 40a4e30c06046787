"""The persona matrix for what belongs to one member: Maya's profile, her picture, her direct
messages, her data export, her private fields and her tracking (trackers, check-ins, goals,
milestones, imports, share links), visited through pages and the API by everyone who stands in
some relation to her.

Each part of her profile carries a marker word; a persona who may not see that part must never
get the word, on any channel. Whatever is hers alone (a conversation, an export) answers 404 to
everyone else. URLs and operations about the viewer alone (their own settings, their own lists)
are listed in the community matrices as such.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.tests.factories import make_community
from hearth.connections.models import Block, Connection, ConnectionStatus
from hearth.conversations.actions import do_send
from hearth.privacy.actions import build_export_now, do_request_export
from hearth.profiles.actions import ProfileInput, do_add_treatment, do_set_avatar, do_update_profile
from hearth.tracking.csv_io import do_stage_import
from hearth.tracking.models import CheckIn, Goal, Milestone, Observation, ShareLink, Tracker

_TOKENS = itertools.count()
PERSONAS = ["outsider", "stranger", "community_member", "connection", "blocked", "maya", "site_admin"]
EVERYONE = set(PERSONAS)
# Written out by hand from Maya's choices below, not computed by the code under test.
SEES_COMMUNITY_FIELDS = {"community_member", "connection", "maya"}  # bio, picture
SEES_CONNECTION_FIELDS = {"connection", "maya"}  # treatments
PARTIES = {"connection", "maya"}  # of the conversation
MAYA_ALONE = {"maya"}
ADMINS = {"site_admin"}

MARKERS = {
    "Bio-marker": SEES_COMMUNITY_FIELDS,
    "Tamoxifen": SEES_CONNECTION_FIELDS,
    "DM-marker": PARTIES,
    # Her tracking is hers alone; the share link below names her pain, not these.
    "Checkin-marker": MAYA_ALONE,
    "Trackermarker": MAYA_ALONE,
}


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    people: dict[str, Any] = {"outsider": None}
    maya = people["maya"] = UserFactory.create(handle="maya_r")
    for persona in ["stranger", "community_member", "connection", "blocked"]:
        people[persona] = UserFactory.create(handle=persona)
    people["site_admin"] = UserFactory.create(handle="admin", staff=True)
    make_community(people["community_member"], "Breast cancer support", members=[maya, people["blocked"]])
    low, high = sorted((maya, people["connection"]), key=lambda u: u.pk)
    Connection.objects.create(user_low=low, user_high=high, requested_by=maya, status=ConnectionStatus.ACCEPTED)
    Block.objects.create(blocker=maya, blocked=people["blocked"])
    do_update_profile(
        maya,
        ProfileInput(
            bio="Bio-marker",
            interests=["Interest-marker"],
            visibility={
                "bio": "communities",
                "avatar": "communities",
                "treatments": "connections",
                "interests": "public",
            },
        ),
    )
    do_add_treatment(maya, "tamoxifen")
    with open_picture() as picture:
        do_set_avatar(maya, picture)
    message = do_send(people["connection"], maya, "DM-marker from a friend").message
    export = build_export_now(do_request_export(maya).pk)
    assert export is not None
    cache.clear()
    return {"people": people, "message": message, "export": export, **tracking_of(maya)}


def tracking_of(maya: User) -> dict[str, Any]:
    """Maya's tracking: a check-in with a note, a tracker, a goal with a milestone, a CSV import
    waiting for her yes, and two links to her pain chart (one open, one revoked)."""
    today = timezone.localdate()
    CheckIn.objects.create(member=maya, day=today, pain=4, note="Checkin-marker")
    tracker = Tracker.objects.create(member=maya, name="Trackermarker", kind="number", unit="kg")
    Observation.objects.create(tracker=tracker, day=today, value=70)
    goal = Goal.objects.create(member=maya, series=f"tracker-{tracker.pk}", target=60, started_on=today)
    milestone = Milestone.objects.create(goal=goal, kind="first_day", reached_on=today)
    csv = f"date,series,name,value,unit,note\n{today - dt.timedelta(days=1)},pain,Pain,3,,\n".encode()
    pending = do_stage_import(maya, "mine.csv", csv)
    expires = timezone.now() + dt.timedelta(days=7)
    link: dict[str, Any] = {"member": maya, "kind": "chart", "series": ["pain"], "ends_on": today}
    link["starts_on"] = today - dt.timedelta(days=29)
    shared = ShareLink.objects.create(**link, token="open-link-token", recipient="Dr. A", expires_at=expires)
    ShareLink.objects.create(
        **link, token="revoked-link-token", recipient="Dr. B", expires_at=expires, revoked_at=timezone.now()
    )
    return {"tracker": tracker, "goal": goal, "milestone": milestone, "pending": pending, "share": shared}


def open_picture() -> Any:
    import io

    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (64, 64), "teal").save(data, format="PNG")
    data.seek(0)
    return data


@dataclass(frozen=True)
class Check:
    """One URL: who may reach it (the others get 404, or the login page if signed out)."""

    url: Callable[[dict[str, Any]], str]
    allowed: set[str]
    api: bool = False


CHECKS = {
    "member profile page": Check(lambda w: "/members/maya_r/", EVERYONE),
    "member profile API": Check(lambda w: "/api/v1/members/maya_r/profile", EVERYONE, api=True),
    "her picture": Check(lambda w: "/members/maya_r/picture", SEES_COMMUNITY_FIELDS),
    # Maya takes messages from her connections only; to anyone else the page does not exist.
    "conversation with her (page)": Check(lambda w: "/messages/maya_r/", {"connection"}),
    "the conversation (API)": Check(
        lambda w: f"/api/v1/conversations/{w['message'].conversation_id}", PARTIES, api=True
    ),
    # Only the one who received a message reports it.
    "reporting a message to her": Check(lambda w: f"/messages/message/{w['message'].pk}/report/", MAYA_ALONE),
    "reporting her message (API)": Check(
        lambda w: f"/api/v1/direct-messages/{w['message'].pk}/report", set(), api=True
    ),  # a GET is not how to report: nobody gets more than 404/405
    "her export's download": Check(lambda w: f"/my-data/export/{w['export'].token}/", MAYA_ALONE),
    "her export (API)": Check(lambda w: f"/api/v1/my-data/exports/{w['export'].pk}", MAYA_ALONE, api=True),
    "her export's download (API)": Check(
        lambda w: f"/api/v1/my-data/exports/{w['export'].pk}/download", MAYA_ALONE, api=True
    ),
    "inspecting her private fields": Check(lambda w: "/my-data/inspect/maya_r/", ADMINS),
    # Tracking: hers alone, whoever asks.
    "her tracker": Check(lambda w: f"/track/trackers/{w['tracker'].pk}/", MAYA_ALONE),
    "her tracker (API)": Check(lambda w: f"/api/v1/tracking/trackers/{w['tracker'].pk}", MAYA_ALONE, api=True),
    "her tracker's values (API)": Check(
        lambda w: f"/api/v1/tracking/series/tracker-{w['tracker'].pk}", MAYA_ALONE, api=True
    ),
    "her tracker's chart": Check(
        lambda w: f"/track/charts/chart.svg?series=tracker-{w['tracker'].pk}&period=30", MAYA_ALONE
    ),
    "her tracker in the chart page": Check(
        lambda w: f"/track/charts/?series=tracker-{w['tracker'].pk}&period=30", MAYA_ALONE
    ),
    # Everyone asks for "my check-in of today": only Maya has one, and only she gets her note.
    "today's check-in (API)": Check(
        lambda w: f"/api/v1/tracking/check-ins/{timezone.localdate().isoformat()}", MAYA_ALONE, api=True
    ),
    "her goal": Check(lambda w: f"/track/goals/{w['goal'].pk}/", MAYA_ALONE),
    "sharing her milestone": Check(lambda w: f"/track/milestones/{w['milestone'].pk}/share/", MAYA_ALONE),
    "her waiting import": Check(lambda w: f"/track/import/{w['pending'].pk}/", MAYA_ALONE),
    # A share link is for whoever holds it, and shows only what it names.
    "her open share link": Check(lambda w: "/shared/open-link-token/", EVERYONE),
    "her open share link's chart": Check(lambda w: "/shared/open-link-token/chart.svg?series=pain", EVERYONE),
    "another series through her share link": Check(
        lambda w: f"/shared/open-link-token/chart.svg?series=tracker-{w['tracker'].pk}", set()
    ),
    "her revoked share link": Check(lambda w: "/shared/revoked-link-token/", set()),
}


def _client(world: dict[str, Any], persona: str, *, api: bool) -> Client:
    person: User | None = world["people"][persona]
    if person is None:
        return Client()
    if api:
        return Client(
            headers={"Authorization": f"Bearer {do_create_access_token(person, f'matrix {next(_TOKENS)}').secret}"}
        )
    client = Client()
    client.force_login(person)
    return client


def _problems(name: str, check: Check, persona: str, response: Any) -> list[str]:
    found = []
    status = response.status_code
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    text = body.decode(errors="replace")
    login = status == 302 and "/accounts/login/" in response.get("Location", "")
    if status >= 500:
        found.append(f"{name}: {persona} got {status}")
    elif persona in check.allowed:
        if status not in {200, 302} or login:
            found.append(f"{name}: {persona} may, but got {status}")
    elif not (status in {404, 405} or (persona == "outsider" and (login or status == 401))):
        found.append(f"{name}: {persona} may not, but got {status}")
    for marker, seers in MARKERS.items():
        if persona not in seers and marker in text:
            found.append(f"{name}: {persona} was shown {marker!r}")
    return found


def test_each_persona_gets_only_what_maya_allows(world: dict[str, Any]) -> None:
    found = []
    for persona in PERSONAS:
        for name, check in CHECKS.items():
            response = _client(world, persona, api=check.api).get(check.url(world))
            found += _problems(name, check, persona, response)
            cache.clear()  # profile views count against the hourly limit

    assert not found, "\n".join(["", *found])


def test_the_matrix_can_fail(world: dict[str, Any]) -> None:
    """The markers really appear for those who may see them."""
    as_connection = _client(world, "connection", api=False)
    as_outsider = _client(world, "outsider", api=False)

    profile = as_connection.get("/members/maya_r/").content.decode()
    conversation = as_connection.get("/messages/maya_r/").content.decode()

    assert "Bio-marker" in profile
    assert "Tamoxifen" in profile
    assert "DM-marker" in conversation
    assert "Interest-marker" in as_outsider.get("/members/maya_r/").content.decode()
    leaked = type("R", (), {"status_code": 200, "content": b"Tamoxifen", "get": lambda self, k, d="": d})()
    assert _problems("x", CHECKS["member profile page"], "stranger", leaked) != []
