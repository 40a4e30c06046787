"""The transcript of a #LupusChat that is over: messages grouped by topic, hidden ones left out,
its figures, and downloads as Markdown and JSON. Sessions that are upcoming, live or cancelled
have no transcript."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.chats import actions
from hearth.chats.access import chat_access
from hearth.chats.models import LiveChat
from hearth.chats.tests.factories import make_live_chat, make_series
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community

TRANSCRIPT_PAGES = ("chat_transcript", "chat_transcript_md", "chat_transcript_json")


@pytest.fixture
def lupus(tiffany: User, maya: User) -> Community:
    return make_community(tiffany, members=[maya])


@pytest.fixture
def finished(tiffany: User, maya: User, lupus: Community) -> LiveChat:
    """A chat Tiffany hosted: a hello before the topics, answers to T1 and T2, one message she hid,
    ended by her."""
    chat = make_live_chat(tiffany, lupus)
    host, member = chat_access(tiffany, chat.series), chat_access(maya, chat.series)
    actions.do_post_message(tiffany, host, chat, "Welcome, everyone!")
    actions.do_release_topic(tiffany, host, chat)
    actions.do_post_message(maya, member, chat, "A rash that would not go away")
    actions.do_post_message(tiffany, host, chat, "Joint pain, for **years**")
    spam = actions.do_post_message(maya, member, chat, "Buy my miracle cure").message
    actions.do_hide_message(tiffany, host, chat, spam.seq)
    actions.do_release_topic(tiffany, host, chat)
    actions.do_post_message(maya, member, chat, "Rest, and <script>alert(1)</script> a warm bath")
    return actions.do_end_chat(tiffany, host, chat)


def url(chat: LiveChat, name: str = "chat_transcript") -> str:
    return reverse(name, args=[chat.community.slug, chat.series.slug, chat.date.isoformat()])


def test_the_transcript_groups_messages_by_topic_and_leaves_hidden_ones_out(
    maya_client: Client, finished: LiveChat
) -> None:
    response = maya_client.get(url(finished))

    assert response.status_code == 200
    page = response.content.decode()
    outside, topics = page.split("Outside the topics</h2>", 1)[1].split("T1: How did you learn you had lupus?</h2>")
    assert "Welcome, everyone!" in outside
    first, second = topics.split("T2: What helps on a bad day?</h2>")
    assert "A rash that would not go away" in first
    assert "Joint pain, for <strong>years</strong>" in first
    assert "A1" in first
    assert "a warm bath" in second
    assert "A2" in second
    assert "Buy my miracle cure" not in page
    assert "<script>alert(1)</script>" not in page
    assert url(finished, "chat_transcript_md") in page
    assert url(finished, "chat_transcript_json") in page


def test_the_transcript_shows_its_figures(maya_client: Client, finished: LiveChat) -> None:
    page = maya_client.get(url(finished)).content.decode()

    figures = page.split('id="figures-title"', 1)[1].split("</section>", 1)[0]
    assert "<dt>Participants</dt><dd>fewer than 10</dd>" in figures  # two people: too few to count
    assert "<dt>First time here</dt><dd>fewer than 10</dd>" in figures
    assert "<dt>Messages</dt><dd>4</dd>" in figures  # the hidden one is not counted
    assert "Busiest minute" in figures
    assert '<th scope="row">T1: How did you learn you had lupus?</th><td>2</td>' in figures
    assert '<th scope="row">T2: What helps on a bad day?</th><td>1</td>' in figures
    assert "Before or outside the topics</th><td>1</td>" in figures


def test_the_markdown_download_is_an_attachment_grouped_by_topic(maya_client: Client, finished: LiveChat) -> None:
    response = maya_client.get(url(finished, "chat_transcript_md"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    filename = f"lupuschat-{finished.date.isoformat()}-transcript.md"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    text = response.content.decode()
    assert text.startswith("# #LupusChat: Lupus chat\n")
    assert "- Participants: fewer than 10 (fewer than 10 for the first time)" in text
    assert "- Messages: 4" in text
    assert "- T1: 2 messages" in text
    assert "- T2: 1 message\n" in text
    outside, topics = text.split("## Outside the topics", 1)[1].split("## T1: How did you learn you had lupus?")
    assert "**Tiffany**" in outside
    assert "Welcome, everyone!" in outside
    first, second = topics.split("## T2: What helps on a bad day?")
    assert "A1: A rash that would not go away" in first
    assert "a warm bath" in second
    assert "Buy my miracle cure" not in text


def test_the_json_download_is_an_attachment_with_topics_messages_and_figures(
    maya_client: Client, finished: LiveChat
) -> None:
    response = maya_client.get(url(finished, "chat_transcript_json"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    filename = f"lupuschat-{finished.date.isoformat()}-transcript.json"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    data = json.loads(response.content)
    assert data["tag"] == "LupusChat"
    assert data["figures"]["messages"] == 4
    assert [m["text"] for m in data["outside_topics"]] == ["Welcome, everyone!"]
    assert [[m["text"] for m in topic["messages"]] for topic in data["topics"]] == [
        ["A rash that would not go away", "Joint pain, for years"],
        ["Rest, and <script>alert(1)</script> a warm bath"],  # text as written; the HTML is what pages show
    ]
    assert "Buy my miracle cure" not in response.content.decode()
    assert "<script>" not in "".join(m["html"] for topic in data["topics"] for m in topic["messages"])


def test_a_session_that_ran_its_full_hour_has_a_transcript(
    maya_client: Client, tiffany: User, lupus: Community
) -> None:
    chat = make_live_chat(tiffany, lupus, ended=True)

    for name in TRANSCRIPT_PAGES:
        assert maya_client.get(url(chat, name)).status_code == 200, name
    chat.refresh_from_db()
    assert chat.finished_at is not None  # published on first reading, as the job queue would


def test_upcoming_live_and_cancelled_sessions_have_no_transcript(
    maya_client: Client, tiffany: User, lupus: Community
) -> None:
    coming = make_series(tiffany, lupus, tag="ComingChat", starts=timezone.now() + timedelta(days=2))
    upcoming_chat = actions.live_chat_on(coming, coming.first_date)
    live = make_live_chat(tiffany, lupus, tag="LiveChat")
    called_off = make_live_chat(tiffany, lupus, tag="CalledOff")
    actions.do_cancel_session(tiffany, chat_access(tiffany, called_off.series), called_off, "Host unwell")
    assert upcoming_chat is not None

    for chat in (upcoming_chat, live, called_off):
        for name in TRANSCRIPT_PAGES:
            response = maya_client.get(url(chat, name))
            assert response.status_code == 404, (chat, name)
    assert not LiveChat.objects.filter(finished_at__isnull=False).exists()


def test_transcripts_stay_when_the_series_is_cancelled(maya_client: Client, tiffany: User, finished: LiveChat) -> None:
    actions.do_cancel_series(tiffany, chat_access(tiffany, finished.series), "We meet in the forum now")

    series_page = maya_client.get(finished.series.get_absolute_url()).content.decode()
    chats_page = maya_client.get(reverse("community_chats", args=[finished.community.slug])).content.decode()

    assert url(finished) in series_page
    assert url(finished) in chats_page
    for name in TRANSCRIPT_PAGES:
        response = maya_client.get(url(finished, name))
        assert response.status_code == 200, name
        assert b"A rash that would not go away" in response.content


def test_a_session_due_after_the_series_was_cancelled_has_no_transcript(
    maya_client: Client, tiffany: User, lupus: Community
) -> None:
    chat = make_live_chat(tiffany, lupus, ended=True)
    series = chat.series
    actions.do_cancel_series(tiffany, chat_access(tiffany, series), "Stopping")
    series.cancelled_at = chat.starts_at - timedelta(days=1)  # called off the day before
    series.save(update_fields=["cancelled_at"])

    for name in TRANSCRIPT_PAGES:
        assert maya_client.get(url(chat, name)).status_code == 404, name


def test_a_date_the_series_never_met_on_has_no_transcript(maya_client: Client, finished: LiveChat) -> None:
    for day in ((finished.date - timedelta(days=1)).isoformat(), "2026-13-01", "yesterday"):
        for name in TRANSCRIPT_PAGES:
            address = url(finished, name).replace(finished.date.isoformat(), day)
            assert maya_client.get(address).status_code == 404, (day, name)
