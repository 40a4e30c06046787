"""NUL (U+0000) in what members type: PostgreSQL can neither store nor compare it, so it must be
refused before the database sees it, on every path, and never turn into a 500.

The API refuses it as invalid input (422, the field named, as the OpenAPI document's patterns
say); forms and actions refuse it with Django's words; lookups and searches that meet one find
nothing. Maya writes through the API with her token and through the pages; Tiffany founds and
Ravi moderates the communities; Sam asks to join the closed one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import cache
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import AccessToken, User
from hearth.accounts.tests.factories import UserFactory
from hearth.api.api import api
from hearth.api.schemas import NUL_REFUSED
from hearth.audit.models import AuditEvent
from hearth.chats.models import ChatMessage, ChatSeries, Topic
from hearth.chats.tests.factories import make_live_chat
from hearth.communities.models import Community, EntryQuestion, Invite, JoinRequest, Membership
from hearth.communities.tests.factories import make_community
from hearth.conversations.actions import do_send
from hearth.discussions.actions import PostInput, do_create_thread, do_reply
from hearth.discussions.models import Post, Thread
from hearth.notifications.models import Subscription
from hearth.profiles.actions import ProfileInput, do_add_treatment, do_update_profile
from hearth.tracking.checkins import do_create_tracker
from hearth.tracking.models import CheckIn, Tracker

pytestmark = pytest.mark.django_db

NUL = "\x00"
PREFIX = "/api/v1"


@pytest.fixture
def sam(db: None) -> User:
    """Cares for his mother; wants to join the closed circle."""
    return UserFactory.create(handle="sam_cares")


@pytest.fixture
def places(maya: User, tiffany: User, ravi: User, sam: User) -> dict[str, Any]:
    lupus = make_community(tiffany, "Living with lupus", members=[maya], moderators=[ravi], anonymous_posting=True)
    circle = make_community(
        tiffany, "Lupus circle", visibility="closed", moderators=[ravi], entry_questions=["Why do you want to join?"]
    )
    thread = do_create_thread(maya, lupus, "Fatigue", PostInput(source="How do you cope?"))
    reply = do_reply(maya, thread, PostInput(source="Naps.", anonymous=True))
    chat = make_live_chat(tiffany, lupus)
    scripts = {"maya": token_client(maya), "sam": token_client(sam), "tiffany": token_client(tiffany)}
    treatment = do_add_treatment(maya, "tamoxifen")
    do_update_profile(maya, ProfileInput(messages_from="communities"))
    message = do_send(tiffany, maya, "Welcome, Maya.").message
    tracker = do_create_tracker(maya, name="Weight", kind="number", unit="kg")
    return {
        "tracker": tracker,
        "lupus": lupus,
        "circle": circle,
        "thread": thread,
        "reply": reply,
        "chat": chat,
        "scripts": scripts,
        "treatment": treatment,
        "message": message,
    }


def stored() -> tuple[Any, ...]:
    """Everything a refused write could have changed."""
    return (
        list(User.objects.order_by("pk").values_list("handle", "display_name")),
        list(Community.objects.order_by("pk").values_list("name", "description", "rules", "search_text")),
        list(EntryQuestion.objects.order_by("pk").values_list("text", flat=True)),
        list(Membership.objects.order_by("pk").values_list("community", "user", "role")),
        list(Thread.objects.order_by("pk").values_list("title", flat=True)),
        list(Post.objects.order_by("pk").values_list("source", "content_warning")),
        JoinRequest.objects.count(),
        Subscription.objects.count(),
        AccessToken.objects.count(),
        Invite.objects.count(),
        AuditEvent.objects.count(),
        list(ChatSeries.objects.order_by("pk").values_list("title", "tag", "description", "time_zone")),
        list(Topic.objects.order_by("pk").values_list("title", flat=True)),
        list(ChatMessage.objects.order_by("pk").values_list("source", "client_id")),
        list(CheckIn.objects.order_by("pk").values_list("day", "pain", "note")),
        list(Tracker.objects.order_by("pk").values_list("name", "loinc")),
    )


@pytest.fixture
def unchanged(places: dict[str, Any]) -> Iterator[None]:
    before = stored()
    yield
    assert stored() == before


def token_client(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {do_create_access_token(user, 'script').secret}"})


def page_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The API ----------------------------------------------------------------------------------


def new_community(**changes: Any) -> dict[str, Any]:
    return {"name": "Flare buddies", "description": "x", "visibility": "public"} | changes


def new_thread(**changes: Any) -> dict[str, Any]:
    return {"title": "Sleep", "body": "x"} | changes


def new_series(**changes: Any) -> dict[str, Any]:
    return {"title": "Lupus chat", "tag": "LupusChat", "time_zone": "UTC", "first_date": "2030-01-07",
            "start_time": "21:00"} | changes  # fmt: skip


# (who, method, path, body, field): each body holds one NUL, in `field`.
API_WRITES = [
    ("maya", "patch", "/me", {"display_name": f"M{NUL}"}, "display_name"),
    ("maya", "post", "/communities", new_community(name=f"Flare{NUL} buddies"), "name"),
    ("maya", "post", "/communities", new_community(description=f"x{NUL}"), "description"),
    ("maya", "post", "/communities", new_community(rules=NUL), "rules"),
    ("maya", "post", "/communities", new_community(visibility="closed", entry_questions=[NUL]), "entry_questions"),
    ("sam", "post", "/communities/{circle}/join", {"answers": [f"My mother{NUL}"]}, "answers"),
    ("maya", "post", "/communities/{lupus}/threads", new_thread(title=f"Sleep{NUL}"), "title"),
    ("maya", "post", "/communities/{lupus}/threads", new_thread(body=f"{NUL}x"), "body"),
    ("maya", "post", "/communities/{lupus}/threads", new_thread(content_warning=NUL), "content_warning"),
    ("maya", "post", "/threads/{thread}/posts", {"body": f"Me too{NUL}"}, "body"),
    ("maya", "patch", "/posts/{reply}", {"body": f"Naps{NUL}"}, "body"),
    ("maya", "patch", "/posts/{reply}", {"body": "Naps", "content_warning": f"sleep{NUL}"}, "content_warning"),
    ("maya", "put", "/subscriptions", {"tag": f"fatigue{NUL}", "level": "follow"}, "tag"),
    ("maya", "delete", "/subscriptions", {"tag": f"fatigue{NUL}"}, "tag"),
    ("tiffany", "post", "/communities/{lupus}/chat-series", new_series(title=f"Lupus{NUL}"), "title"),
    ("tiffany", "post", "/communities/{lupus}/chat-series", new_series(tag=f"Lupus{NUL}"), "tag"),
    ("tiffany", "post", "/communities/{lupus}/chat-series", new_series(description=NUL), "description"),
    ("tiffany", "post", "/communities/{lupus}/chat-series", new_series(time_zone=f"UTC{NUL}"), "time_zone"),
    ("tiffany", "post", "/communities/{lupus}/chat-series", new_series(first_date=f"2030-01-07{NUL}"), "first_date"),
    ("tiffany", "post", "/communities/{lupus}/chat-series", new_series(hosts=[f"maya_r{NUL}"]), "hosts"),
    ("tiffany", "patch", "/chat-series/{series}", {"title": f"Lupus{NUL}"}, "title"),
    ("tiffany", "patch", "/chat-series/{series}", {"guests": [f"maya_r{NUL}"]}, "guests"),
    ("tiffany", "put", "/live-chats/{chat}/topics", {"titles": [f"Fatigue{NUL}"]}, "titles"),
    ("maya", "post", "/live-chats/{chat}/messages", {"body": f"Me too{NUL}"}, "body"),
    ("maya", "post", "/live-chats/{chat}/messages", {"body": "Me too", "client_id": f"m1{NUL}"}, "client_id"),
    ("maya", "patch", "/profile", {"bio": f"Night owl{NUL}"}, "bio"),
    ("maya", "patch", "/profile", {"interests": [f"gardening{NUL}"]}, "interests"),
    ("maya", "post", "/profile/conditions", {"condition": f"breast-cancer{NUL}"}, "condition"),
    ("maya", "post", "/profile/treatments", {"treatment": "tamoxifen", "started_on": f"2025-01-01{NUL}"}, "started_on"),
    ("maya", "patch", "/profile/treatments/{treatment}", {"stopped_on": f"2025-01-01{NUL}"}, "stopped_on"),
    ("maya", "put", "/profile/symptoms", {"symptoms": [f"fatigue{NUL}"]}, "symptoms"),
    ("maya", "post", "/connections", {"handle": f"ravi{NUL}"}, "handle"),
    ("maya", "post", "/conversations", {"to": "tiffany", "body": f"Hi{NUL}"}, "body"),
    ("maya", "post", "/conversations/{conversation}/messages", {"body": f"Hi{NUL}"}, "body"),
    ("maya", "post", "/direct-messages/{message}/report", {"reason": "spam", "note": f"x{NUL}"}, "note"),
    ("maya", "post", "/my-data/deletion", {"password": f"pw{NUL}", "keep_posts": True}, "password"),
    ("maya", "post", "/my-data/research-consent", {"version": f"1{NUL}"}, "version"),
    ("maya", "put", "/tracking/check-ins/{day}", {"pain": 3, "note": f"Tired{NUL}"}, "note"),
    ("maya", "put", "/tracking/check-ins/{day}", {"pain": 3, "symptoms": {f"fatigue{NUL}": 1}}, "symptoms"),
    ("maya", "post", "/tracking/trackers", {"name": f"Steps{NUL}", "kind": "number", "unit": "steps"}, "name"),
    ("maya", "post", "/tracking/fhir", {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": f"urn:uuid:1{NUL}", "resource": {"resourceType": "Observation"}}]}, "body"),
    ("maya", "patch", "/tracking/trackers/{tracker}", {"name": f"Weight{NUL}"}, "name"),
    ("maya", "put", "/well-being", {"muted_words": [f"metastasis{NUL}"], "quiet_hours_start": None,
        "quiet_hours_end": None, "hide_reaction_counts": False}, "muted_words"),
    ("maya", "put", "/well-being", {"muted_words": [], "quiet_hours_start": f"22:00{NUL}",
        "quiet_hours_end": "07:00", "hide_reaction_counts": False}, "quiet_hours_start"),
    ("maya", "post", "/well-being/break", {"until": f"2030-01-01{NUL}"}, "until"),
    # Treatment reports: the report's id is never looked up, the NUL is refused first.
    ("maya", "post", "/treatment-reports", {"treatment": "hydroxychloroquine",
        "condition": "systemic-lupus-erythematosus", "effectiveness": "slight", "tip": f"Food{NUL}"}, "tip"),
    ("maya", "post", "/treatment-reports", {"treatment": "hydroxychloroquine",
        "condition": "systemic-lupus-erythematosus", "effectiveness": "slight", "stopped_on": "2025-01-01",
        "stop_note": f"x{NUL}"}, "stop_note"),
    ("maya", "post", "/treatment-reports", {"treatment": "hydroxychloroquine",
        "condition": "systemic-lupus-erythematosus", "effectiveness": "slight",
        "side_effects": [{"name": f"Itch{NUL}", "severity": "mild"}]}, "name"),
    ("maya", "patch", "/treatment-reports/{reply}", {"tip": f"Food{NUL}"}, "tip"),
    ("maya", "patch", "/treatment-reports/{reply}", {"side_effects": [{"name": f"Itch{NUL}", "severity": "mild"}]},
        "name"),
    ("sam", "post", "/posts/{reply}/reports", {"reason": "spam", "note": f"x{NUL}"}, "note"),
    ("sam", "post", "/posts/{reply}/reports", {"reason": "misinformation", "source": f"https://a.org{NUL}"}, "source"),
    # The chat message and the profile are never looked up: the NUL is refused first.
    ("sam", "post", "/moderation/chat-messages/{reply}/reports", {"reason": "spam", "note": f"x{NUL}"}, "note"),
    ("sam", "post", "/moderation/chat-messages/{reply}/reports", {"reason": "misinformation",
        "source": f"https://a.org{NUL}"}, "source"),
    ("sam", "post", "/moderation/profiles/{lupus}/reports", {"reason": "worried", "note": f"x{NUL}"}, "note"),
    ("sam", "post", "/moderation/profiles/{lupus}/reports", {"reason": "misinformation",
        "source": f"https://a.org{NUL}"}, "source"),
    ("sam", "post", "/moderation/communities/{lupus}/reports", {"reason": "spam", "note": f"x{NUL}"}, "note"),
    ("sam", "post", "/moderation/communities/{lupus}/reports", {"reason": "misinformation",
        "source": f"https://a.org{NUL}"}, "source"),
    # The item id is never looked up: the NUL is refused first.
    ("tiffany", "post", "/moderation/communities/{lupus}/watched-words", {"phrase": f"cure{NUL}", "action": "flag"},
        "phrase"),
    ("tiffany", "post", "/moderation/items/{reply}/actions", {"action": "hide", "reason": f"x{NUL}"}, "reason"),
    ("tiffany", "post", "/moderation/items/{reply}/actions", {"action": "label", "reason": "x",
        "label": {"kind": "content_warning", "text": f"x{NUL}"}}, "text"),
    ("tiffany", "post", "/moderation/items/{reply}/actions", {"action": "label", "reason": "x",
        "label": {"kind": "disputed", "links": [f"https://a.org{NUL}"]}}, "links"),
    ("tiffany", "post", "/moderation/threads/{thread}/lock", {"reason": f"Calm{NUL}"}, "reason"),
    ("tiffany", "post", "/moderation/threads/{thread}/unlock", {"reason": f"Calm{NUL}"}, "reason"),
    ("tiffany", "post", "/moderation/threads/{thread}/slow-mode", {"seconds": 60, "reason": f"x{NUL}"}, "reason"),
    ("tiffany", "post", "/moderation/communities/{lupus}/members/{maya}/warn", {"reason": f"x{NUL}"}, "reason"),
    ("tiffany", "post", "/moderation/communities/{lupus}/members/{maya}/mute", {"reason": f"x{NUL}", "days": 3},
        "reason"),
    ("tiffany", "post", "/moderation/communities/{lupus}/members/{maya}/remove", {"reason": f"x{NUL}"}, "reason"),
    ("tiffany", "post", "/moderation/members/{maya}/suspend", {"reason": f"x{NUL}"}, "reason"),
    # The measure id is never looked up: the NUL is refused first.
    ("tiffany", "post", "/moderation/measures/{reply}/lift", {"reason": f"x{NUL}"}, "reason"),
    # Appeals: the measure's and the appeal's ids are never looked up either.
    ("maya", "post", "/moderation/measures/{reply}/appeal", {"text": f"Unfair{NUL}"}, "text"),
    ("tiffany", "post", "/moderation/appeals/{reply}/decide", {"decision": "uphold", "answer": f"x{NUL}"}, "answer"),
    # The evidence library and proposals to the treatments catalogue: the condition and the ids are
    # never looked up, the NUL is refused first.
    ("maya", "post", "/conditions/{lupus}/evidence", {"kind": "guideline", "title": f"T{NUL}",
        "source_url": "https://a.org", "source": "NICE", "summary": "x"}, "title"),
    ("maya", "post", "/conditions/{lupus}/evidence", {"kind": "guideline", "title": "T",
        "source_url": f"https://a.org{NUL}", "source": "NICE", "summary": "x"}, "source_url"),
    ("maya", "post", "/conditions/{lupus}/evidence", {"kind": "guideline", "title": "T",
        "source_url": "https://a.org", "source": f"NICE{NUL}", "summary": "x"}, "source"),
    ("maya", "post", "/conditions/{lupus}/evidence", {"kind": "guideline", "title": "T",
        "source_url": "https://a.org", "source": "NICE", "summary": f"x{NUL}"}, "summary"),
    ("maya", "post", "/conditions/{lupus}/evidence", {"kind": "guideline", "title": "T",
        "source_url": "https://a.org", "source": "NICE", "summary": "x", "treatments": [f"hcq{NUL}"]}, "treatments"),
    ("maya", "post", "/conditions/{lupus}/evidence", {"kind": "guideline", "title": "T",
        "source_url": "https://a.org", "source": "NICE", "summary": "x", "last_reviewed_on": f"2025-01-01{NUL}"},
        "last_reviewed_on"),
    ("maya", "patch", "/evidence/{reply}", {"title": f"T{NUL}"}, "title"),
    ("maya", "patch", "/evidence/{reply}", {"source_url": f"https://a.org{NUL}"}, "source_url"),
    ("maya", "patch", "/evidence/{reply}", {"source": f"NICE{NUL}"}, "source"),
    ("maya", "patch", "/evidence/{reply}", {"summary": f"x{NUL}"}, "summary"),
    ("maya", "patch", "/evidence/{reply}", {"treatments": [f"hcq{NUL}"]}, "treatments"),
    ("maya", "patch", "/evidence/{reply}", {"last_reviewed_on": f"2025-01-01{NUL}"}, "last_reviewed_on"),
    ("maya", "post", "/treatment-proposals", {"name": f"Nap{NUL}", "kind": "lifestyle"}, "name"),
    ("maya", "post", "/treatment-proposals", {"name": "Nap", "kind": "lifestyle", "other_names": [f"x{NUL}"]},
        "other_names"),
    ("maya", "post", "/treatment-proposals", {"name": "Nap", "kind": "lifestyle", "conditions": [f"x{NUL}"]},
        "conditions"),
    ("maya", "post", "/treatment-proposals", {"name": "Nap", "kind": "lifestyle", "note": f"x{NUL}"}, "note"),
    ("tiffany", "post", "/treatment-proposals/{reply}/decide", {"decision": "decline", "reason": f"x{NUL}"},
        "reason"),
    # Verified professionals: the application's id is never looked up, the NUL is refused first.
    ("maya", "post", "/professionals/applications", {"kind": "clinician", "title": f"Nurse{NUL}", "details": "PIN"},
        "title"),
    ("maya", "post", "/professionals/applications", {"kind": "clinician", "title": "Nurse", "details": f"PIN{NUL}"},
        "details"),
    ("maya", "post", "/professionals/applications", {"kind": "clinician", "title": "Nurse", "details": "PIN",
        "register_url": f"https://a.org{NUL}"}, "register_url"),
    ("tiffany", "post", "/professionals/applications/{reply}/decide", {"decision": "verify", "reason": f"x{NUL}"},
        "reason"),
    ("tiffany", "post", "/professionals/applications/{reply}/withdraw", {"reason": f"x{NUL}"}, "reason"),
]  # fmt: skip


def _ids(places: dict[str, Any]) -> dict[str, int | str]:
    chat = places["chat"]
    return {
        "thread": places["thread"].pk,
        "reply": places["reply"].pk,
        "series": chat.series_id,
        "chat": chat.pk,
        "treatment": places["treatment"].pk,
        "conversation": places["message"].conversation_id,
        "message": places["message"].pk,
        "tracker": places["tracker"].pk,
        "day": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "maya": "maya_r",
    }


def assert_refused(response: Any, field: str) -> None:
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert any(field in error["loc"] and error["msg"] == NUL_REFUSED for error in errors), errors


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize(("who", "method", "path", "body", "field"), API_WRITES)
def test_the_api_refuses_a_nul_naming_the_field(
    places: dict[str, Any], who: str, method: str, path: str, body: Any, field: str
) -> None:
    client = places["scripts"][who]
    url = PREFIX + path.format(lupus="living-with-lupus", circle="lupus-circle", **_ids(places))

    response = getattr(client, method)(url, body, content_type="application/json")

    assert_refused(response, field)


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("path", ["/search", "/communities", "/conditions"])
def test_a_nul_in_a_query_is_refused_as_the_api_refuses_it_in_a_body(places: dict[str, Any], path: str) -> None:
    response = places["scripts"]["maya"].get(PREFIX + path, {"q": f"lupus{NUL}"})

    assert_refused(response, "q")


def test_every_api_operation_is_tried() -> None:
    written = {(method.upper(), re.sub(r"\{\w+\}", "{}", path)) for _, method, path, _, _ in API_WRITES}
    with_text = {
        (method.upper(), re.sub(r"\{\w+\}", "{}", path.removeprefix(PREFIX)))
        for path, method, operation in _operations()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
        and _holds_text(operation["requestBody"]["content"]["application/json"]["schema"])
    }
    assert with_text <= written


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, operations in _document()["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


@cache
def _document() -> dict[str, Any]:
    document: dict[str, Any] = api.get_openapi_schema()
    return document


def _resolved(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        found: dict[str, Any] = _document()["components"]["schemas"][name]
        return found
    return schema


def _text_schemas(schema: dict[str, Any], seen: frozenset[str] = frozenset()) -> Iterator[dict[str, Any]]:
    """Every string schema a value matching `schema` can hold, anywhere inside it."""
    if "$ref" in schema:
        if schema["$ref"] in seen:
            return
        seen |= {schema["$ref"]}
    schema = _resolved(schema)
    if schema.get("type") == "string":
        yield schema
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):
            yield from _text_schemas(part, seen)
    for part in schema.get("properties", {}).values():
        yield from _text_schemas(part, seen)
    if "items" in schema:
        yield from _text_schemas(schema["items"], seen)


def _holds_text(schema: dict[str, Any]) -> bool:
    return any("enum" not in text and "const" not in text for text in _text_schemas(schema))


def test_the_document_says_no_text_the_api_takes_may_hold_a_nul() -> None:
    """Every string in a body, a query or a header has a pattern a NUL fails (or is one of a
    list of words): what the document allows, the database can store."""
    unguarded = []
    for path, method, operation in _operations():
        schemas = [(p["name"], p["schema"]) for p in operation.get("parameters", []) if p["in"] != "path"]
        if "application/json" in operation.get("requestBody", {}).get("content", {}):
            schemas.append(("body", operation["requestBody"]["content"]["application/json"]["schema"]))
        for name, schema in schemas:
            for text in _text_schemas(schema):
                if "enum" in text or "const" in text:
                    continue
                if "pattern" not in text or re.search(text["pattern"], f"lupus{NUL}flare"):
                    unguarded.append(f"{method.upper()} {path} {name}: {text}")
    assert unguarded == []


@pytest.mark.usefixtures("unchanged")
def test_a_nul_in_a_path_finds_nothing(places: dict[str, Any]) -> None:
    client = places["scripts"]["maya"]
    tried = 0
    for path, method, operation in _operations():
        names = {p["name"]: p["schema"] for p in operation.get("parameters", []) if p["in"] == "path"}
        texts = [name for name, schema in names.items() if _resolved(schema).get("type") == "string"]
        for name in texts:
            url = path
            for other, schema in names.items():
                value = quote(f"lupus{NUL}") if other == name else "1" if schema.get("type") == "integer" else "x"
                url = url.replace(f"{{{other}}}", value)
            response = getattr(client, method)(url, content_type="application/json")
            assert response.status_code in {404, 422}, (method, url, response.status_code)
            tried += 1
    assert tried >= 5


# --- Pages ------------------------------------------------------------------------------------

# (who, path, form data): Django's form fields refuse a NUL and say so beside the field.
FORMS = [
    ("maya", "/c/living-with-lupus/new/", {"title": f"Sleep{NUL}", "body": "x"}),
    ("maya", "/c/living-with-lupus/new/", {"title": "Sleep", "body": f"x{NUL}"}),
    ("maya", "/c/living-with-lupus/t/{thread}/reply/", {"body": f"Me too{NUL}"}),
    ("maya", "/posts/{reply}/edit/", {"body": f"Naps{NUL}"}),
    ("maya", "/communities/new/", {"name": f"Flare{NUL} buddies", "description": "x", "visibility": "public"}),
    ("tiffany", "/c/living-with-lupus/settings/", {"name": "Living with lupus", "description": "x", "rules": NUL}),
    ("ravi", "/c/living-with-lupus/invites/", {"days": "14", "note": f"For Sam{NUL}"}),
    ("maya", "/accounts/settings/preferences/", {"display_name": f"M{NUL}", "text_size": "normal"}),
    ("maya", "/accounts/settings/handle/", {"handle": f"maya{NUL}"}),
    ("maya", "/accounts/settings/tokens/", {"name": f"script{NUL}"}),
]


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize(("who", "path", "data"), FORMS)
def test_a_form_refuses_a_nul_beside_the_field(
    places: dict[str, Any], request: pytest.FixtureRequest, who: str, path: str, data: dict[str, str]
) -> None:
    url = path.format(**_ids(places))

    response = page_client(request.getfixturevalue(who)).post(url, data)

    assert response.status_code in {200, 422}  # the reply page answers an invalid form with 422
    assert NUL_REFUSED in response.content.decode()


@pytest.mark.usefixtures("unchanged")
def test_sam_is_told_when_an_answer_holds_a_nul(places: dict[str, Any], sam: User) -> None:
    question = places["circle"].entry_questions.get()

    response = page_client(sam).post("/c/lupus-circle/join/", {question.field_name: f"My mother{NUL}"})

    assert response.status_code == 200
    assert NUL_REFUSED in response.content.decode()


@pytest.mark.usefixtures("unchanged")
def test_ravi_is_told_when_his_reason_to_reveal_an_author_holds_a_nul(places: dict[str, Any], ravi: User) -> None:
    response = page_client(ravi).post(f"/posts/{places['reply'].pk}/reveal/", {"reason": f"Threats{NUL}"})

    assert response.status_code == 200
    assert NUL_REFUSED in response.content.decode()
    assert "maya_r" not in response.content.decode()


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize(
    ("who", "path", "data"),
    [
        ("tiffany", "/c/living-with-lupus/members/maya_r/", {"action": "remove", "reason": f"Spam{NUL}"}),
    ],
)
def test_a_nul_in_a_form_without_fields_is_refused_in_a_message(
    places: dict[str, Any], request: pytest.FixtureRequest, who: str, path: str, data: dict[str, str]
) -> None:
    response = page_client(request.getfixturevalue(who)).post(path, data, follow=True)

    assert response.status_code == 200
    assert NUL_REFUSED in response.content.decode()


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize(
    ("who", "method", "path", "data", "status"),
    [
        ("maya", "post", "/subscriptions/", {"community": f"living-with-lupus{NUL}", "level": "follow"}, 404),
        ("tiffany", "post", f"/c/living-with-lupus/members/maya_r{quote(NUL)}/", {"action": "remove"}, 404),
        ("maya", "get", f"/members/maya_r{quote(NUL)}/", None, 404),
        ("maya", "get", "/communities/", {"q": f"lupus{NUL}"}, 200),
        ("maya", "get", "/communities/", {"condition": f"lupus{NUL}"}, 200),
        ("maya", "get", "/search/", {"q": f"lupus{NUL}"}, 200),
        ("maya", "get", "/conditions/", {"q": f"lupus{NUL}"}, 200),
        ("maya", "get", f"/tags/lupuschat{quote(NUL)}/", None, 404),
        ("maya", "post", "/subscriptions/", {"tag": f"lupuschat{NUL}", "level": "follow"}, 404),
        ("maya", "post", "/subscriptions/", {"tag": f"lupuschat{NUL}", "level": "none", "next": "/feed/"}, 404),
        ("maya", "post", "/posts/{reply}/react/", {"kind": f"hug{NUL}"}, 302),
    ],
)
def test_a_nul_in_what_is_looked_up_finds_nothing(
    places: dict[str, Any],
    request: pytest.FixtureRequest,
    who: str,
    method: str,
    path: str,
    data: dict[str, str] | None,
    status: int,
) -> None:
    client = page_client(request.getfixturevalue(who))
    path = path.replace("{reply}", str(_ids(places)["reply"]))

    response = getattr(client, method)(path, data) if data is not None else getattr(client, method)(path)

    assert response.status_code == status


def test_a_nul_in_a_search_is_read_as_a_space(places: dict[str, Any], maya: User) -> None:
    response = Client().get("/communities/", {"q": f"living{NUL}lupus"})

    assert response.status_code == 200
    assert 'href="/c/living-with-lupus/"' in response.content.decode()
