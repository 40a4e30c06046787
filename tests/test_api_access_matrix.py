"""The persona matrix for the API: every operation in the OpenAPI document, called by every kind
of person, for every kind of community. Whoever may not know of a thing gets 404 (never 403, and
never its name or words); an outsider who writes, or reads what only members have, gets 401;
whoever may use an operation succeeds.

Each operation must be listed in OPERATIONS; a new one missing from it fails
`test_every_api_operation_is_in_the_matrix`. The personas, the rights written out by hand and the
world they act in are the page matrix's (tests/test_access_matrix.py), so both matrices speak of
the same people. Personas call with a personal access token, as scripts do; outsiders send no
credentials. Each call runs in a savepoint that is rolled back, so one world serves every
operation and persona.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.cache import cache as shared_cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client

from hearth.accounts.actions import do_create_access_token
from hearth.api.api import api
from hearth.chats import actions as chat_actions
from hearth.chats.access import chat_access
from hearth.chats.tests.factories import make_live_chat
from tests import test_access_matrix
from tests.test_access_matrix import (
    AUTHOR,
    MANAGE,
    MEMBERS,
    MODERATE,
    PERSONAS,
    READ,
    SEE,
    VISIBILITIES,
)

PREFIX = "/api/v1"
World = dict[str, Any]
world = test_access_matrix.world  # the page matrix's fixture: the same people, community and posts

EVERYONE = set(PERSONAS)
SIGNED_IN = EVERYONE - {"outsider"}
POSTERS = {"member", "moderator", "founder"}  # members post; the site admin reads and moderates, but is not one
LEAVERS = {"member", "moderator"}  # the only founder must name another first
LUPUS = "systemic-lupus-erythematosus"  # a condition of the catalogue
JOINERS = {
    "public": {"non_member", "moderator_elsewhere", "site_admin"},
    "closed": {"moderator_elsewhere", "site_admin"},  # the non-member's request already waits
    "private": set(),  # by invitation only
}


@dataclass(frozen=True)
class Operation:
    """How to call one operation in a world, and who may, per visibility.

    Those `allowed` get a 2xx. Of the others, those who `know` the target exists are refused
    with 403 or 409 (as the document says); everyone else gets 404. An outsider gets 401 from
    every write and from the reads marked `signed_in`.
    """

    allowed: Callable[[str], set[str]]
    know: Callable[[str], set[str]] = lambda visibility: set()
    path: Callable[[World], dict[str, Any]] = lambda w: {}
    body: Callable[[World], Any] | None = None
    query: dict[str, str] = field(default_factory=dict)
    signed_in: bool = False


def _slug(w: World) -> dict[str, Any]:
    return {"slug": w["community"].slug}


def _thread(w: World) -> dict[str, Any]:
    return {"thread_id": w["thread"].pk}


def _post(w: World) -> dict[str, Any]:
    return {"post_id": w["reply"].pk}


def _reaction(w: World) -> dict[str, Any]:
    return {**_post(w), "kind": "hug"}


def _series(w: World) -> dict[str, Any]:
    return {"series_id": w["live_chat"].series_id}


def _session(w: World) -> dict[str, Any]:
    return {**_series(w), "day": w["live_chat"].date.isoformat()}


def _live_chat(w: World) -> dict[str, Any]:
    return {"chat_id": w["live_chat"].pk}


def _ended_chat(w: World) -> dict[str, Any]:
    return {"chat_id": w["ended_chat"].pk}


def _new_series(w: World) -> dict[str, Any]:
    return {
        "title": "Inner chat",
        "tag": "InnerChat",
        "time_zone": "UTC",
        "first_date": w["live_chat"].date.isoformat(),
        "start_time": "23:59",
    }


def _queue_item(w: World) -> int:
    """An open queue item about the reply, made once per world (each decision is rolled back)."""
    from hearth.moderation.models import QueueItem, TargetType

    item, _ = QueueItem.objects.get_or_create(
        target_type=TargetType.POST, target_id=w["reply"].pk, handled_at=None, defaults={"community": w["community"]}
    )
    return item.pk


def _locked_thread(w: World) -> int:
    """A locked thread of the community, made once per world (each unlocking is rolled back)."""
    from django.utils import timezone

    from hearth.discussions.models import Thread

    if "locked_thread" not in w:
        w["locked_thread"] = Thread.objects.create(
            community=w["community"], author=w["people"]["founder"], title="Locked", locked_at=timezone.now()
        )
    return int(w["locked_thread"].pk)


def _watched_word(w: World) -> dict[str, Any]:
    return {**_slug(w), "word_id": test_access_matrix._watched_word(w)}


def _member(w: World) -> dict[str, Any]:
    return {**_slug(w), "handle": w["people"]["member"].handle}


def _chat_message(w: World) -> dict[str, Any]:
    """The member's message in the live chat."""
    from hearth.chats.models import ChatMessage

    return {"message_id": ChatMessage.objects.get(live_chat=w["live_chat"]).pk}


def _warning(w: World, reason: str = "Please be kind.") -> int:
    """A moderators' warning to the member, made once per world (each appeal is rolled back)."""
    return int(test_access_matrix._warning(w, reason).pk)


def _appeal(w: World) -> int:
    """The member's appeal of another warning, waiting for the moderators."""
    return test_access_matrix._appeal(w)


RUN_ROOM = MODERATE  # the founder hosts; the community's moderators (and site admins) run every room


OPERATIONS: dict[tuple[str, str], Operation] = {
    # About the viewer alone.
    ("GET", "/me"): Operation(lambda v: SIGNED_IN, signed_in=True),
    ("PATCH", "/me"): Operation(lambda v: SIGNED_IN, body=lambda w: {"display_name": "Renamed"}),
    ("GET", "/subscriptions"): Operation(lambda v: SIGNED_IN, signed_in=True),
    ("DELETE", "/subscriptions"): Operation(lambda v: SIGNED_IN, body=lambda w: {"community": w["community"].slug}),
    ("GET", "/notifications"): Operation(lambda v: SIGNED_IN, signed_in=True),
    ("POST", "/notifications/read"): Operation(lambda v: SIGNED_IN, body=lambda w: {}),
    # The catalogue, the directory and search: for anyone, with only what each may see in them.
    ("GET", "/conditions"): Operation(lambda v: EVERYONE, query={"q": "lupus"}),
    ("GET", "/conditions/{slug}"): Operation(lambda v: EVERYONE, path=lambda w: {"slug": LUPUS}),
    ("GET", "/communities"): Operation(lambda v: EVERYONE, query={"q": "secretive"}),
    ("GET", "/search"): Operation(lambda v: EVERYONE, query={"q": "marker"}),
    ("GET", "/treatments"): Operation(lambda v: EVERYONE, query={"q": "plaquenil"}),
    ("GET", "/treatments/{slug}"): Operation(lambda v: EVERYONE, path=lambda w: {"slug": "hydroxychloroquine"}),
    ("GET", "/symptoms"): Operation(lambda v: EVERYONE, query={"q": "fatigue"}),
    ("GET", "/treatments/{slug}/conditions/{condition}/figures"): Operation(
        lambda v: EVERYONE, path=lambda w: {"slug": "hydroxychloroquine", "condition": LUPUS}
    ),
    ("GET", "/conditions/{condition}/treatment-comparison"): Operation(
        lambda v: EVERYONE, path=lambda w: {"condition": LUPUS}, query={"t": "hydroxychloroquine,prednisone"}
    ),
    # One community.
    ("POST", "/communities"): Operation(
        lambda v: MANAGE,
        body=lambda w: {"name": "Inner circle", "description": "Inside.", "visibility": w["visibility"],
                        "parent": w["community"].slug},
    ),
    ("GET", "/communities/{slug}"): Operation(lambda v: SEE[v], path=_slug),
    ("POST", "/communities/{slug}/join"): Operation(lambda v: JOINERS[v], lambda v: SEE[v], _slug),
    ("POST", "/communities/{slug}/leave"): Operation(lambda v: LEAVERS, lambda v: SEE[v], _slug),
    ("GET", "/communities/{slug}/members"): Operation(lambda v: MEMBERS, path=_slug),
    ("GET", "/communities/{slug}/threads"): Operation(lambda v: READ[v], path=_slug),
    ("POST", "/communities/{slug}/threads"): Operation(
        lambda v: POSTERS, lambda v: READ[v], _slug, body=lambda w: {"title": "A new thread", "body": "Hello."}
    ),
    ("PUT", "/subscriptions"): Operation(
        lambda v: READ[v] - {"outsider"}, body=lambda w: {"community": w["community"].slug, "level": "follow"}
    ),
    # Its threads and posts.
    ("GET", "/threads/{thread_id}"): Operation(lambda v: READ[v], path=_thread),
    ("POST", "/threads/{thread_id}/posts"): Operation(
        lambda v: POSTERS, lambda v: READ[v], _thread, body=lambda w: {"body": "A reply."}
    ),
    ("PATCH", "/posts/{post_id}"): Operation(
        lambda v: AUTHOR, lambda v: READ[v], _post, body=lambda w: {"body": "Edited."}
    ),
    ("DELETE", "/posts/{post_id}"): Operation(lambda v: AUTHOR | MODERATE, lambda v: READ[v], _post),
    ("PUT", "/posts/{post_id}/reactions/{kind}"): Operation(lambda v: POSTERS, lambda v: READ[v], _reaction),
    # Taking back a reaction one never gave changes nothing, so any reader may.
    ("DELETE", "/posts/{post_id}/reactions/{kind}"): Operation(lambda v: READ[v] - {"outsider"}, path=_reaction),
    # Its live chats: a series live now with topics written, and a session that ended.
    ("GET", "/communities/{slug}/chat-series"): Operation(lambda v: READ[v], path=_slug),
    ("POST", "/communities/{slug}/chat-series"): Operation(lambda v: MODERATE, path=_slug, body=_new_series),
    ("GET", "/chat-series/{series_id}"): Operation(lambda v: READ[v], path=_series),
    ("PATCH", "/chat-series/{series_id}"): Operation(
        lambda v: MODERATE, path=_series, body=lambda w: {"title": "Renamed chat"}
    ),
    ("GET", "/chat-series/{series_id}/sessions"): Operation(lambda v: READ[v], path=_series),
    ("GET", "/chat-series/{series_id}/sessions/{day}"): Operation(lambda v: READ[v], path=_session),
    ("GET", "/live-chats/{chat_id}"): Operation(lambda v: READ[v], path=_live_chat),
    ("PUT", "/live-chats/{chat_id}/topics"): Operation(
        lambda v: RUN_ROOM, path=_live_chat, body=lambda w: {"titles": ["A new topic"]}
    ),
    ("POST", "/live-chats/{chat_id}/topics/release"): Operation(lambda v: RUN_ROOM, path=_live_chat, body=lambda w: {}),
    ("GET", "/live-chats/{chat_id}/messages"): Operation(lambda v: READ[v], path=_live_chat),
    ("POST", "/live-chats/{chat_id}/messages"): Operation(
        lambda v: POSTERS, lambda v: READ[v], _live_chat, body=lambda w: {"body": "An answer."}
    ),
    ("GET", "/live-chats/{chat_id}/transcript"): Operation(lambda v: READ[v], path=_ended_chat),
    # Moderation: any reader but the author reports a post (the author is refused); the
    # community's moderators read its queue and decide an item (an open report of the reply).
    ("POST", "/posts/{post_id}/reports"): Operation(
        lambda v: READ[v] - AUTHOR - {"outsider"}, lambda v: AUTHOR, _post, body=lambda w: {"reason": "spam"}
    ),
    # ... and the member's live chat message; anyone who may know of the community reports it.
    ("POST", "/moderation/chat-messages/{message_id}/reports"): Operation(
        lambda v: READ[v] - AUTHOR - {"outsider"}, lambda v: AUTHOR, _chat_message, body=lambda w: {"reason": "spam"}
    ),
    ("POST", "/moderation/communities/{slug}/reports"): Operation(
        lambda v: SEE[v] - {"outsider"}, path=_slug, body=lambda w: {"reason": "spam"}
    ),
    ("GET", "/communities/{slug}/moderation/queue"): Operation(lambda v: MODERATE, path=_slug, signed_in=True),
    ("POST", "/moderation/items/{item_id}/actions"): Operation(
        lambda v: MODERATE, path=lambda w: {"item_id": _queue_item(w)},
        body=lambda w: {"action": "dismiss", "reason": "Fine."},
    ),
    # Watched words: the community's moderators.
    ("GET", "/moderation/communities/{slug}/watched-words"): Operation(lambda v: MODERATE, path=_slug, signed_in=True),
    ("POST", "/moderation/communities/{slug}/watched-words"): Operation(
        lambda v: MODERATE, path=_slug, body=lambda w: {"phrase": "Cinnamon cure", "action": "hold"}
    ),
    ("DELETE", "/moderation/communities/{slug}/watched-words/{word_id}"): Operation(
        lambda v: MODERATE, path=_watched_word
    ),
    # Locking a thread and slow mode: the thread's community's moderators (unlocking, a locked one).
    ("POST", "/moderation/threads/{thread_id}/lock"): Operation(
        lambda v: MODERATE, path=_thread, body=lambda w: {"reason": "Cooling down."}
    ),
    ("POST", "/moderation/threads/{thread_id}/unlock"): Operation(
        lambda v: MODERATE, path=lambda w: {"thread_id": _locked_thread(w)}, body=lambda w: {}
    ),
    ("POST", "/moderation/threads/{thread_id}/slow-mode"): Operation(
        lambda v: MODERATE, path=_thread, body=lambda w: {"seconds": 60}
    ),
    # Measures on the member: the community's moderators warn, mute, remove and lift (a warning);
    # site administrators suspend.
    ("GET", "/moderation/communities/{slug}/members/{handle}"): Operation(
        lambda v: MODERATE, path=_member, signed_in=True
    ),
    ("POST", "/moderation/communities/{slug}/members/{handle}/warn"): Operation(
        lambda v: MODERATE, path=_member, body=lambda w: {"reason": "Please be kind."}
    ),
    ("POST", "/moderation/communities/{slug}/members/{handle}/mute"): Operation(
        lambda v: MODERATE, path=_member, body=lambda w: {"reason": "Cooling down.", "days": 3}
    ),
    ("POST", "/moderation/communities/{slug}/members/{handle}/remove"): Operation(
        lambda v: MODERATE, path=_member, body=lambda w: {"reason": "Repeated abuse."}
    ),
    ("POST", "/moderation/members/{handle}/suspend"): Operation(
        lambda v: {"site_admin"}, path=lambda w: {"handle": w["people"]["member"].handle},
        body=lambda w: {"reason": "Spam everywhere.", "days": 7},
    ),
    ("POST", "/moderation/measures/{measure_id}/lift"): Operation(
        lambda v: MODERATE, path=lambda w: {"measure_id": test_access_matrix._warning(w).pk},
        body=lambda w: {"reason": "A change of mind."},
    ),
    # Appeals and the audit log: the member appeals their warning; the community's moderators read
    # its appeals and log and answer an appeal; the site's log is the administrators'.
    ("GET", "/moderation/me/record"): Operation(lambda v: SIGNED_IN, signed_in=True),
    ("POST", "/moderation/measures/{measure_id}/appeal"): Operation(
        lambda v: {"member"}, path=lambda w: {"measure_id": _warning(w)}, body=lambda w: {"text": "I was kind."}
    ),
    ("GET", "/moderation/communities/{slug}/appeals"): Operation(lambda v: MODERATE, path=_slug, signed_in=True),
    ("POST", "/moderation/appeals/{appeal_id}/decide"): Operation(
        lambda v: MODERATE, path=lambda w: {"appeal_id": _appeal(w)},
        body=lambda w: {"decision": "uphold", "answer": "It stands."},
    ),
    ("GET", "/moderation/audit"): Operation(lambda v: {"site_admin"}, signed_in=True),
    ("GET", "/moderation/communities/{slug}/audit"): Operation(lambda v: MODERATE, path=_slug, signed_in=True),
    ("GET", "/professionals"): Operation(lambda v: EVERYONE),
    ("GET", "/professionals/applications"): Operation(lambda v: {"site_admin"}, signed_in=True),
}  # fmt: skip


@cache
def _document() -> dict[str, Any]:
    return api.get_openapi_schema(path_prefix="")


def _documented_statuses(key: tuple[str, str]) -> set[int]:
    method, path = key
    return {int(status) for status in _document()["paths"][path][method.lower()]["responses"]}


# Operations about one member rather than a community: tests/test_member_matrix.py calls those that
# read what is hers (profile, conversation, export) as everyone who stands in some relation to her;
# the others act for the caller alone, and their apps' tests call them as each persona.
MEMBER_SCOPED = {
    ("GET", "/members/{handle}/profile"), ("GET", "/conversations/{conversation_id}"),
    ("GET", "/my-data/exports/{export_id}"), ("GET", "/my-data/exports/{export_id}/download"),
    ("GET", "/profile"), ("PATCH", "/profile"), ("POST", "/profile/conditions"),
    ("DELETE", "/profile/conditions/{slug}"), ("POST", "/profile/treatments"),
    ("PATCH", "/profile/treatments/{treatment_id}"), ("DELETE", "/profile/treatments/{treatment_id}"),
    ("PUT", "/profile/symptoms"), ("POST", "/profile/picture"), ("DELETE", "/profile/picture"),
    ("GET", "/profile/like-me"),
    ("GET", "/connections"), ("GET", "/connections/requests"), ("POST", "/connections"),
    ("POST", "/connections/{handle}/accept"), ("POST", "/connections/{handle}/decline"),
    ("DELETE", "/connections/{handle}"), ("GET", "/blocks"), ("PUT", "/blocks/{handle}"),
    ("DELETE", "/blocks/{handle}"), ("GET", "/mutes"), ("PUT", "/mutes/{handle}"), ("DELETE", "/mutes/{handle}"),
    ("GET", "/conversations"), ("POST", "/conversations"), ("POST", "/conversations/{conversation_id}/messages"),
    ("POST", "/conversations/{conversation_id}/read"), ("PATCH", "/conversations/{conversation_id}"),
    ("POST", "/direct-messages/{message_id}/report"), ("POST", "/moderation/profiles/{handle}/reports"),
    ("POST", "/my-data/exports"), ("GET", "/my-data/exports"), ("GET", "/my-data/deletion"),
    ("POST", "/my-data/deletion"), ("DELETE", "/my-data/deletion"), ("GET", "/my-data/research-consent"),
    ("POST", "/my-data/research-consent"), ("DELETE", "/my-data/research-consent"), ("GET", "/my-data/access-log"),
    # Tracking is the member's own (tests/test_member_matrix.py tries her tracker on everyone).
    ("GET", "/tracking/check-ins"), ("GET", "/tracking/check-ins/{day}"), ("PUT", "/tracking/check-ins/{day}"),
    ("DELETE", "/tracking/check-ins/{day}"), ("GET", "/tracking/trackers"), ("POST", "/tracking/trackers"),
    ("GET", "/tracking/trackers/{tracker_id}"), ("PATCH", "/tracking/trackers/{tracker_id}"),
    ("DELETE", "/tracking/trackers/{tracker_id}"), ("PUT", "/tracking/trackers/{tracker_id}/readings/{day}"),
    ("DELETE", "/tracking/trackers/{tracker_id}/readings/{day}"), ("GET", "/tracking/series"),
    ("GET", "/tracking/series/{key}"), ("POST", "/tracking/fhir"),
    # Well-being controls are the caller's alone (hearth/wellbeing/tests call them as each persona).
    ("GET", "/well-being"), ("PUT", "/well-being"), ("POST", "/well-being/break"), ("DELETE", "/well-being/break"),
    ("GET", "/well-being/mutes"),
    # Treatment reports: the caller's own, one report and a member's reports as their visibility
    # allows (hearth/experiences/tests/test_reports_visibility.py calls each as every persona).
    ("GET", "/treatment-reports"), ("POST", "/treatment-reports"), ("GET", "/treatment-reports/{report_id}"),
    ("PATCH", "/treatment-reports/{report_id}"), ("DELETE", "/treatment-reports/{report_id}"),
    ("GET", "/members/{handle}/treatment-reports"),
    # The evidence library: public reads; writes for verified professionals, administrators and a
    # condition's moderators (hearth/evidence/tests/test_evidence_api.py calls each as each persona).
    ("GET", "/conditions/{condition}/evidence"), ("POST", "/conditions/{condition}/evidence"),
    ("GET", "/evidence/{entry_id}"), ("PATCH", "/evidence/{entry_id}"), ("DELETE", "/evidence/{entry_id}"),
    ("POST", "/evidence/{entry_id}/review"),
    # Proposals to the treatments catalogue: the caller's own, and the queue of administrators and
    # moderators (hearth/treatments/tests/test_proposals_api.py calls each as each persona).
    ("POST", "/treatment-proposals"), ("GET", "/treatment-proposals"), ("GET", "/treatment-proposals/pending"),
    ("POST", "/treatment-proposals/{proposal_id}/decide"),
    # Verified professionals: the caller's own application, and one application for administrators
    # (hearth/professionals/tests/test_professionals_api.py calls each as each persona).
    ("POST", "/professionals/applications"), ("GET", "/professionals/me"), ("DELETE", "/professionals/me/application"),
    ("GET", "/professionals/applications/{verification_id}"),
    ("POST", "/professionals/applications/{verification_id}/decide"),
    ("POST", "/professionals/applications/{verification_id}/withdraw"),
}  # fmt: skip


def test_every_api_operation_is_in_the_matrix() -> None:
    documented = {(method.upper(), path) for path, operations in _document()["paths"].items() for method in operations}
    documented -= MEMBER_SCOPED
    missing, gone = documented - set(OPERATIONS), set(OPERATIONS) - documented

    assert not missing, f"add these to the API persona matrix: {sorted(missing)}"
    assert not gone, f"these are no longer in the API: {sorted(gone)}"


# --- What each persona must get ----------------------------------------------------------------


def expected(key: tuple[str, str], persona: str, visibility: str) -> str:
    """What the table says one persona must get: "2xx", "401", "refused" (403 or 409) or "404"."""
    method, _ = key
    operation = OPERATIONS[key]
    if persona == "outsider" and (method != "GET" or operation.signed_in):
        return "401"
    if persona in operation.allowed(visibility):
        return "2xx"
    if persona in operation.know(visibility):
        return "refused"
    return "404"


def _json(body: str) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def problems(key: tuple[str, str], persona: str, visibility: str, response: Any) -> list[str]:
    """What is wrong with one answer to one persona; empty when nothing is."""
    found = []
    status, body = response.status_code, response.content.decode(errors="replace")
    want = expected(key, persona, visibility)
    matches = {"2xx": 200 <= status < 300, "401": status == 401, "refused": status in {403, 409}, "404": status == 404}
    if not matches[want]:
        found.append(f"{persona} expected {want}, got {status}")
    if status not in _documented_statuses(key):
        found.append(f"{persona} got {status}, which the document does not name")
    if status == 404 and _json(body) != {"detail": "Not Found"}:
        found.append(f"{persona} got a 404 that says more than Not Found: {body[:200]}")
    # The world's words without their last part, which search snippets wrap in <mark>; names and
    # slugs alike, since either would tell that a private community exists.
    words = []
    if persona not in READ[visibility]:
        words += [f"title-{visibility}-", f"reply-{visibility}-", "opening-"]
    if persona not in SEE[visibility]:
        words += ["secretive", f"description-{visibility}-"]
    if persona not in MEMBERS:
        words += ["membersonly-"]
    found += [f"{persona} was shown {word!r}" for word in words if word in body.lower()]
    return found


# --- Walking the matrix ------------------------------------------------------------------------

_TOKENS = itertools.count()


@pytest.fixture
def chats(world: World) -> World:
    """The world with live chats: one live now, with topics written and an answer in it, and
    one that ended, whose transcript is published; their words are the thread's markers."""
    founder, member = world["people"]["founder"], world["people"]["member"]
    visibility = world["visibility"]
    live = make_live_chat(founder, world["community"], title=f"Title-{visibility}-marker chat")
    ended = make_live_chat(founder, world["community"], tag="PastChat", topics=())
    for chat in (live, ended):
        chat_actions.do_post_message(member, chat_access(member, chat.series), chat, f"Reply-{visibility}-marker")
    chat_actions.do_end_chat(founder, chat_access(founder, ended.series), ended)
    shared_cache.clear()  # the answers' rate-limit counters
    world.update(live_chat=live, ended_chat=ended)
    return world


@pytest.fixture
def clients(world: World) -> dict[str, Client]:
    """An API client for each persona: a personal access token each, none for the outsider."""
    found = {"outsider": Client()}
    for persona in SIGNED_IN:
        secret = do_create_access_token(world["people"][persona], f"matrix {next(_TOKENS)}").secret
        found[persona] = Client(headers={"Authorization": f"Bearer {secret}"})
    return found


def call(key: tuple[str, str], world: World, client: Client) -> Any:
    """Call an operation as the world's table says, then undo whatever it wrote."""
    method, path = key
    operation = OPERATIONS[key]
    url = PREFIX + path.format(**operation.path(world))
    if operation.query:
        url += "?" + urlencode(operation.query)
    body = "" if operation.body is None else json.dumps(operation.body(world))
    with transaction.atomic():
        response = client.generic(method, url, body, content_type="application/json")
        transaction.set_rollback(True)
    shared_cache.clear()  # rate limits and idempotency keys, which no rollback undoes
    return response


@pytest.mark.parametrize("world", VISIBILITIES, indirect=True)
def test_each_persona_uses_only_what_they_may(chats: World, clients: dict[str, Client]) -> None:
    world = chats
    found = []
    for key, persona in itertools.product(OPERATIONS, PERSONAS):
        response = call(key, world, clients[persona])
        found += [f"{' '.join(key)}: {problem}" for problem in problems(key, persona, world["visibility"], response)]

    assert not found, "\n".join(["", *found])


# --- The matrix can fail -----------------------------------------------------------------------


@pytest.mark.parametrize("world", ["public"], indirect=True)
def test_the_matrix_can_fail(world: World, clients: dict[str, Client]) -> None:
    """The words appear for those who may see them, and the checks refuse a leak, so that the
    matrix passing means something."""
    show_thread = ("GET", "/threads/{thread_id}")
    thread = call(show_thread, world, clients["member"])
    found = call(("GET", "/search"), world, clients["member"]).content.decode()
    listed = call(("GET", "/communities"), world, clients["non_member"]).content.decode()

    assert "Reply-public-marker" in thread.content.decode()
    assert "MembersOnly-marker" in thread.content.decode()
    assert "Title-public-marker" in found
    assert "Reply-public-<mark>marker</mark>" in found
    assert "Secretive" in listed
    assert problems(show_thread, "member", "public", thread) == []
    assert problems(show_thread, "outsider", "closed", thread) != []
    forbidden = HttpResponse(b'{"detail": "Forbidden"}', status=403)
    named = HttpResponse(b'{"detail": "Nothing like that in Secretive private circle"}', status=404)
    hidden = HttpResponse(b'{"detail": "Not Found"}', status=404)
    assert problems(show_thread, "non_member", "private", forbidden) != []
    assert problems(show_thread, "outsider", "private", named) != []
    assert problems(("POST", "/threads/{thread_id}/posts"), "outsider", "public", hidden) != []  # a write owes 401
