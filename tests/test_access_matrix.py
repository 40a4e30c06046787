"""The persona matrix: every page of Hearth, visited by every kind of person, for every kind of
community. Whoever may not see a thing gets 404 (or, if not logged in, the login page), and no
page ever shows them its words.

Each URL pattern must be listed in PAGES (with what it needs) or in NOT_COMMUNITY_SCOPED (with
why); a new URL missing from both fails `test_every_url_is_in_the_matrix`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hearth.accounts.tests.factories import UserFactory
from hearth.chats import actions as chat_actions
from hearth.chats.access import chat_access
from hearth.chats.tests.factories import make_live_chat, make_series
from hearth.communities.actions import do_create_invite
from hearth.communities.models import Community, JoinRequest
from hearth.communities.tests.factories import make_community, make_persona_world

PERSONAS = ["outsider", "non_member", "moderator_elsewhere", "member", "moderator", "founder", "site_admin"]
VISIBILITIES = ["public", "closed", "private"]

# Who may do what, written out by hand (not computed by the code under test).
SEE = {"public": set(PERSONAS), "closed": set(PERSONAS), "private": {"member", "moderator", "founder", "site_admin"}}
READ = {
    "public": set(PERSONAS),
    "closed": {"member", "moderator", "founder", "site_admin"},
    "private": {"member", "moderator", "founder", "site_admin"},
}
MEMBERS = {"member", "moderator", "founder", "site_admin"}
MODERATE = {"moderator", "founder", "site_admin"}
MANAGE = {"founder", "site_admin"}
AUTHOR = {"member"}  # the member wrote the reply that post pages use


@dataclass(frozen=True)
class Page:
    """A community-scoped URL: how to fill its arguments and who may reach it, per visibility."""

    kwargs: Callable[[dict[str, Any]], dict[str, Any]]
    allowed: Callable[[str], set[str]]
    method: str = "get"


def _slug(w: dict[str, Any]) -> dict[str, Any]:
    return {"slug": w["community"].slug}


def _thread(w: dict[str, Any]) -> dict[str, Any]:
    return {"slug": w["community"].slug, "thread_id": w["thread"].pk}


def _post(w: dict[str, Any]) -> dict[str, Any]:
    return {"post_id": w["reply"].pk}


def _series(w: dict[str, Any]) -> dict[str, Any]:
    return {**_slug(w), "series": w["series"].slug}


def _session(key: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def kwargs(w: dict[str, Any]) -> dict[str, Any]:
        chat = w[key]
        return {**_slug(w), "series": chat.series.slug, "day": chat.date.isoformat()}

    return kwargs


def _warning(w: dict[str, Any], reason: str = "Please be kind.") -> Any:
    """A moderators' warning to the member, made once per world (each visit is rolled back)."""
    from hearth.moderation.models import Measure, MeasureKind

    member = w["people"]["member"]
    measure, _ = Measure.objects.get_or_create(
        kind=MeasureKind.WARN, member=member, community=w["community"], reason=reason
    )
    return measure


def _appeal(w: dict[str, Any]) -> int:
    """The member's appeal of another warning, waiting for the moderators."""
    from hearth.moderation.models import Appeal

    measure = _warning(w, "Off topic.")
    appeal, _ = Appeal.objects.get_or_create(measure=measure, member=measure.member, defaults={"text": "I was not."})
    return appeal.pk


def _watched_word(w: dict[str, Any]) -> int:
    """A word the community's moderators watch for, made once per world (each removal is rolled back)."""
    from hearth.moderation.models import WatchedWord

    word, _ = WatchedWord.objects.get_or_create(community=w["community"], folded="miracle cure", phrase="Miracle cure")
    return word.pk


def _member(w: dict[str, Any]) -> dict[str, Any]:
    return {**_slug(w), "handle": w["people"]["member"].handle}


def _chat_message(w: dict[str, Any]) -> dict[str, Any]:
    """The member's message in the live chat ("Reply-<visibility>-marker too")."""
    from hearth.chats.models import ChatMessage

    return {"message_id": ChatMessage.objects.get(live_chat=w["live_chat"]).pk}


FEED = {"public": set(PERSONAS), "closed": MEMBERS, "private": MEMBERS}  # members by session or key

PAGES: dict[str, Page] = {
    "community_detail": Page(_slug, lambda v: SEE[v]),
    "community_settings": Page(_slug, lambda v: MANAGE),
    "community_join": Page(_slug, lambda v: SEE[v]),
    "community_leave": Page(_slug, lambda v: SEE[v], method="post"),
    "community_members": Page(_slug, lambda v: MEMBERS),
    "community_member_action": Page(
        lambda w: {**_slug(w), "handle": w["people"]["member"].handle}, lambda v: MODERATE, "post"
    ),
    "community_requests": Page(_slug, lambda v: MODERATE),
    "community_decide_request": Page(lambda w: {**_slug(w), "request_id": w["request"].pk}, lambda v: MODERATE, "post"),
    "community_invites": Page(_slug, lambda v: MODERATE),
    "community_revoke_invite": Page(lambda w: {**_slug(w), "invite_id": w["invite"].pk}, lambda v: MODERATE, "post"),
    "community_feed": Page(_slug, lambda v: set(PERSONAS) if v == "public" else set()),
    "thread_create": Page(_slug, lambda v: SEE[v]),
    "thread_detail": Page(_thread, lambda v: READ[v]),
    "thread_reply": Page(_thread, lambda v: READ[v], method="post"),
    "post_link": Page(_post, lambda v: READ[v]),
    "post_edit": Page(_post, lambda v: AUTHOR),
    "post_delete": Page(_post, lambda v: AUTHOR | MODERATE),
    "post_react": Page(_post, lambda v: READ[v], method="post"),
    "post_history": Page(_post, lambda v: MODERATE),
    "post_reveal": Page(_post, lambda v: MODERATE),
    "community_chats": Page(_slug, lambda v: READ[v]),
    "community_calendar": Page(_slug, lambda v: FEED[v]),
    "chat_series_create": Page(_slug, lambda v: MODERATE),
    "chat_series": Page(_series, lambda v: READ[v]),
    "chat_series_edit": Page(_series, lambda v: MODERATE),
    "chat_series_cancel": Page(_series, lambda v: MODERATE),
    "chat_reminder": Page(_series, lambda v: READ[v], method="post"),
    "series_calendar": Page(_series, lambda v: FEED[v]),
    "chat_room": Page(_session("live_chat"), lambda v: READ[v]),
    "chat_messages": Page(_session("live_chat"), lambda v: READ[v]),
    "chat_topics": Page(_session("live_chat"), lambda v: MODERATE),  # the founder hosts it
    "chat_control": Page(_session("live_chat"), lambda v: MODERATE, method="post"),
    "chat_presence": Page(_session("live_chat"), lambda v: READ[v]),
    "chat_message": Page(lambda w: {**_session("live_chat")(w), "seq": 1}, lambda v: READ[v]),
    "chat_session_cancel": Page(_session("live_chat"), lambda v: MODERATE),
    "chat_transcript": Page(_session("ended_chat"), lambda v: READ[v]),
    "chat_transcript_md": Page(_session("ended_chat"), lambda v: READ[v]),
    "chat_transcript_json": Page(_session("ended_chat"), lambda v: READ[v]),
    # Moderation: any reader but the reply's author may report it; moderators see the queue.
    "moderation_report_post": Page(_post, lambda v: READ[v] - AUTHOR),
    # ... and the member's live chat message, and the community itself (to site administrators).
    "moderation_report_chat_message": Page(_chat_message, lambda v: READ[v] - AUTHOR),
    "moderation_report_community": Page(_slug, lambda v: SEE[v]),
    "moderation_queue": Page(_slug, lambda v: MODERATE),
    # Watched words: the community's moderators.
    "moderation_watched_words": Page(_slug, lambda v: MODERATE),
    "moderation_watched_word_remove": Page(
        lambda w: {**_slug(w), "word_id": _watched_word(w)}, lambda v: MODERATE, "post"
    ),
    # The community's audit log and appeals: its moderators; the site's log: administrators. A
    # member's record is theirs (everyone signed in has one), and only they appeal their warning.
    "moderation_community_audit": Page(_slug, lambda v: MODERATE),
    "moderation_audit": Page(lambda w: {}, lambda v: {"site_admin"}),
    "moderation_record": Page(lambda w: {}, lambda v: set(PERSONAS) - {"outsider"}),
    "moderation_appeal": Page(lambda w: {"measure_id": _warning(w).pk}, lambda v: {"member"}),
    "moderation_appeal_decide": Page(lambda w: {"appeal_id": _appeal(w)}, lambda v: MODERATE),
    # Locking a thread and slow mode: the thread's community's moderators.
    "moderation_thread_lock": Page(lambda w: {"thread_id": w["thread"].pk}, lambda v: MODERATE, "post"),
    "moderation_thread_unlock": Page(lambda w: {"thread_id": w["thread"].pk}, lambda v: MODERATE, "post"),
    "moderation_thread_slow_mode": Page(lambda w: {"thread_id": w["thread"].pk}, lambda v: MODERATE, "post"),
    # Measures on a member: the community's moderators warn, mute, remove and lift (an empty form
    # is answered 422 to them); site administrators also suspend.
    "moderation_member": Page(_member, lambda v: MODERATE),
    "moderation_warn": Page(_member, lambda v: MODERATE, "post"),
    "moderation_mute": Page(_member, lambda v: MODERATE, "post"),
    "moderation_remove": Page(_member, lambda v: MODERATE, "post"),
    "moderation_suspend": Page(_member, lambda v: {"site_admin"}, "post"),
    "moderation_lift": Page(lambda w: {"measure_id": _warning(w).pk}, lambda v: MODERATE, "post"),
}

NOT_COMMUNITY_SCOPED = {
    # Pages that show lists built with visible_to(): checked for leaks in test_no_page_leaks_words.
    "home", "community_directory", "home_feed", "tag_detail", "search", "notifications", "notifications_badge",
    "condition_list", "condition_detail", "member_detail",
    # Forms and actions about the viewer alone.
    "community_create", "communities_pending", "subscribe", "notifications_read", "text_size", "healthz",
    "account_settings", "account_handle", "account_preferences", "account_tokens", "account_token_revoke",
    # An invitation link carries its own secret; tested in test_join_community.
    "invite_accept",
    # Live chats: public communities only (test_upcoming_chats); a member's own calendar address
    # and the feed it opens, by its secret (test_calendar_feeds).
    "upcoming_chats", "calendar_settings", "member_calendar",
    # What belongs to one member (their profile, picture, messages, export, private fields):
    # tests/test_member_matrix.py visits these as everyone who stands in some relation to her.
    "member_avatar", "conversation_with", "conversation_new_messages", "message_report", "my_data_download",
    "my_data_inspect",
    # About the viewer alone: their own profile, connections, blocks, mutes, inbox and data.
    "profile_edit", "profile_conditions", "profile_condition_remove", "profile_treatments", "profile_treatment_dates",
    "profile_treatment_remove", "profile_symptoms", "profile_avatar", "profile_avatar_remove", "patients_like_me",
    "connection_list", "connection_blocked", "connection_request", "connection_accept", "connection_decline",
    "connection_cancel", "connection_remove", "member_block", "member_unblock", "member_mute", "member_unmute",
    "conversation_list", "conversation_mute", "my_data", "my_data_export", "my_data_delete", "my_data_delete_undo",
    "my_data_research", "my_data_access_log",
    # The treatments catalogue is public.
    "treatment_list", "treatment_detail",
    # So are its figures (hearth/experiences/tests/test_figures_page.py and test_compare_page.py
    # visit them as each persona).
    "treatment_figures", "treatment_compare",
    # Proposals to the catalogue: a member's own, and the queue of administrators and moderators of
    # any community (hearth/treatments/tests/test_proposals.py visits them as each persona).
    "treatment_propose", "treatment_proposals", "treatment_proposal",
    # The evidence library is public; curating it is for verified professionals, administrators and
    # moderators of a community about the condition (hearth/evidence/tests/test_library_access.py
    # tries each page as each persona).
    "evidence_index", "evidence_library", "evidence_entry", "evidence_add", "evidence_edit", "evidence_review",
    "evidence_remove",
    # Verified professionals: the public list, a member's own application, and the administrators'
    # queue and decisions (hearth/professionals/tests/test_decide_verifications.py and
    # test_apply_to_be_verified.py try each as each persona); the research export is the
    # administrators' alone (hearth/experiences/tests/test_research_export.py).
    "professional_list", "professional_apply", "professional_mine", "professional_cancel",
    "professional_applications", "professional_application", "professional_decide", "professional_withdraw",
    "research_export",
    # Tracking is the member's alone: tests/test_member_matrix.py visits her trackers, goals,
    # milestones, imports and share links as everyone; a share link carries its own secret.
    "tracking", "check_in", "check_in_on", "check_in_history", "tracking_doses", "tracking_dose_remove", "trackers",
    "tracker_detail", "tracker_delete", "tracking_charts", "tracking_chart_svg", "tracking_summary", "tracking_shares",
    "tracking_share_revoke", "tracking_export", "tracking_import", "tracking_import_preview", "goals", "goal_detail",
    "goal_end", "milestone_celebrated", "milestone_share", "check_in_reminder", "tracking_shared",
    "tracking_shared_svg",
    # Well-being controls are the member's alone (hearth/wellbeing/tests visit them as each persona).
    "wellbeing", "wellbeing_word_add", "wellbeing_word_remove", "wellbeing_settings", "wellbeing_break",
    "wellbeing_break_end",
    # Moderation: the site-wide queue is for site administrators; an item's decision page and a
    # well-being check's "done" need a report or a check, which hearth/moderation/tests make and
    # try as each persona.
    "moderation_site_queue", "moderation_act", "moderation_check_done",
    # Reporting a member's profile (hearth/moderation/tests/test_report_profiles_and_communities.py
    # tries it as each persona), and the calm page a member is sent to when someone is worried
    # about them, the same for everyone signed in.
    "moderation_report_profile", "moderation_support",
    # Treatment reports: one's own list, form, changes and removal, and one report as its author's
    # chosen visibility allows (hearth/experiences/tests/test_reports_visibility.py visits each as
    # every persona: outsider, stranger, community member, connection, blocked, author, admin).
    "treatment_reports", "treatment_report_new", "treatment_report", "treatment_report_edit",
    "treatment_report_delete",
}  # fmt: skip
NOT_OURS = ("admin:", "api:", "account_", "mfa_", "usersessions_", "socialaccount_")


def _names(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _names(pattern.url_patterns, namespace)
        elif pattern.name:
            yield f"{prefix}{pattern.name}"


def test_every_url_is_in_the_matrix() -> None:
    ours = {name for name in _names(get_resolver().url_patterns) if not name.startswith(NOT_OURS)}
    ours |= {
        name
        for name in _names(get_resolver().url_patterns)
        if name.startswith("account_") and name in NOT_COMMUNITY_SCOPED
    }

    missing = ours - set(PAGES) - NOT_COMMUNITY_SCOPED

    assert missing == set(), f"add these to the persona matrix: {sorted(missing)}"


@pytest.fixture
def world(db: None, request: pytest.FixtureRequest) -> dict[str, Any]:
    visibility = request.param
    built = make_persona_world(visibility, opening="Opening-marker #markertag")
    people = {**built.people, "moderator_elsewhere": UserFactory.create(handle="dana")}
    make_community(people["moderator_elsewhere"], "Elsewhere", moderators=[])
    community, thread, reply = built.community, built.thread, built.reply
    join_request = JoinRequest.objects.create(community=community, user=people["non_member"])
    series = make_series(people["founder"], community, tag="MarkerChat")
    live_chat = make_live_chat(people["founder"], community, tag="LiveMarker")
    chat_actions.do_post_message(
        people["member"], chat_access(people["member"], live_chat.series), live_chat, f"Reply-{visibility}-marker too"
    )
    ended_chat = make_live_chat(people["founder"], community, tag="EndedMarker", ended=True)
    invite = do_create_invite(people["founder"], community).invite
    return {
        "visibility": visibility,
        "people": people,
        "community": community,
        "thread": thread,
        "reply": reply,
        "request": join_request,
        "invite": invite,
        "series": series,
        "live_chat": live_chat,
        "ended_chat": ended_chat,
    }


def _client(world: dict[str, Any], persona: str) -> Client:
    client = Client()
    if persona != "outsider":
        client.force_login(world["people"][persona])
    return client


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response.get("Location", "")


def _problems(name: str, persona: str, world: dict[str, Any], response: Any) -> list[str]:
    """What is wrong with one answer to one persona; empty when nothing is."""
    found = []
    allowed = persona in PAGES[name].allowed(world["visibility"])
    status = response.status_code
    if status >= 500:
        found.append(f"{persona} got {status}")
    elif allowed:
        if status in {403, 404}:
            found.append(f"{persona} may, but got {status}")
    elif persona == "outsider":
        if not (status == 404 or _is_login_redirect(response)):
            found.append(f"outsider got {status}")
    elif status != 404:
        found.append(f"{persona} may not, but got {status}")
    if not allowed or persona not in READ[world["visibility"]]:
        body = response.content.decode(errors="replace")
        if f"Reply-{world['visibility']}-marker" in body:
            found.append(f"{persona} was shown the reply")
        if persona not in SEE[world["visibility"]] and "Secretive" in body:
            found.append(f"{persona} was shown the community's name")
    return found


@pytest.mark.parametrize("world", VISIBILITIES, indirect=True)
def test_each_persona_reaches_only_what_they_may(world: dict[str, Any]) -> None:
    """Every page as every persona, in one world per visibility: each visit runs in a savepoint
    that is rolled back (and the shared cache is cleared), so no visit changes what the next sees."""
    from django.urls import reverse

    clients = {persona: _client(world, persona) for persona in PERSONAS}
    found = []
    for name, page in PAGES.items():
        url = reverse(name, kwargs=page.kwargs(world))
        for persona in PERSONAS:
            with transaction.atomic():
                response = getattr(clients[persona], page.method)(url)
                transaction.set_rollback(True)
            cache.clear()  # rate limits and cached pages, which no rollback undoes
            found += [f"{name}: {problem}" for problem in _problems(name, persona, world, response)]

    assert not found, "\n".join(["", *found])


LIST_PAGES = ["/", "/communities/", "/communities/?q=secretive", "/feed/", "/tags/markertag/", "/notifications/",
              "/notifications/badge/", "/search/?q=marker", "/c/secretive-public-circle/feed.atom"]  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("world", VISIBILITIES, indirect=True)
def test_no_list_page_shows_what_the_viewer_may_not_see(persona: str, world: dict[str, Any]) -> None:
    client = _client(world, persona)
    visibility = world["visibility"]

    for path in LIST_PAGES:
        response = client.get(path)
        body = response.content.decode(errors="replace")
        assert response.status_code < 500, path
        if persona not in READ[visibility]:
            assert f"Title-{visibility}-marker" not in body, path
            assert f"Reply-{visibility}-marker" not in body, path
        if persona not in SEE[visibility]:
            assert "Secretive" not in body, path
            assert f"Description-{visibility}-marker" not in body, path
        if persona not in MEMBERS:
            assert "MembersOnly-marker" not in body, path


@pytest.mark.parametrize("world", ["public"], indirect=True)
def test_the_matrix_can_fail(world: dict[str, Any]) -> None:
    """The markers really appear for those who may see them, so their absence above means something."""
    client = _client(world, "member")

    page = client.get(world["thread"].get_absolute_url()).content.decode()

    assert "Reply-public-marker" in page
    assert "MembersOnly-marker" in page
    assert Community.objects.filter(name__startswith="Secretive").count() == 1
    leaked = HttpResponse(b"Reply-private-marker in Secretive private circle", status=200)
    assert _problems("thread_detail", "outsider", {"visibility": "private"}, leaked) != []
    assert _problems("community_detail", "non_member", {"visibility": "closed"}, HttpResponse(status=404)) != []
