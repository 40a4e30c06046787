"""The live room without JavaScript: Maya reads and posts with a form, Tiffany runs the room with
buttons, and every refusal is said plainly on the page, with what Maya typed kept."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.chats import actions
from hearth.chats.access import chat_access
from hearth.chats.models import ChatMessage, LiveChat, Participant
from hearth.chats.tests.factories import make_live_chat, make_series
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.lib.ratelimit import posting_limits_lifted

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


@pytest.fixture
def lupus(tiffany: User, maya: User) -> Community:
    return make_community(tiffany, members=[maya])


@pytest.fixture
def live(tiffany: User, lupus: Community) -> LiveChat:
    return make_live_chat(tiffany, lupus)


@pytest.fixture
def tiffany_client(tiffany: User) -> Client:
    client = Client()
    client.force_login(tiffany)
    return client


def url(chat: LiveChat, name: str = "chat_room", *extra: object) -> str:
    return reverse(name, args=[chat.community.slug, chat.series.slug, chat.date.isoformat(), *extra])


def send(client: Client, chat: LiveChat, body: str, **fields: str) -> _MonkeyPatchedWSGIResponse:
    return client.post(url(chat, "chat_messages"), {"body": body, "client_id": fields.pop("client_id", ""), **fields})


def control(client: Client, chat: LiveChat, **fields: object) -> _MonkeyPatchedWSGIResponse:
    return client.post(url(chat, "chat_control"), fields, follow=True)


def test_the_live_room_shows_topics_the_form_and_who_is_here(maya_client: Client, live: LiveChat) -> None:
    response = maya_client.get(url(live))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Live now" in page
    assert 'maxlength="2000"' in page
    assert 'name="client_id"' in page
    assert "How did you learn you had lupus?" not in page  # not released, and not shown ahead
    assert "1 person here" in page
    assert 'data-ws-path="/ws/chats/' in page
    assert Participant.objects.filter(live_chat=live, user__handle="maya_r").exists()


def test_a_member_posts_and_sees_her_message(maya_client: Client, live: LiveChat) -> None:
    response = send(maya_client, live, "Hello from **Maya**", client_id="page-1")

    assert response.status_code == 302
    assert response["Location"] == f"{url(live)}#m1"
    page = maya_client.get(url(live)).content.decode()
    assert 'id="m1"' in page
    assert "<strong>Maya</strong>" in page


def test_line_breaks_from_a_browser_count_as_one_character(maya_client: Client, live: LiveChat) -> None:
    body = ("x" * 99 + "\r\n") * 20  # 2,000 characters once CR LF is one line break

    assert send(maya_client, live, body).status_code == 302
    assert len(ChatMessage.objects.get().source) == 2000


def test_the_same_form_sent_twice_posts_once(maya_client: Client, live: LiveChat) -> None:
    first = send(maya_client, live, "Only once, please", client_id="double-1")
    again = send(maya_client, live, "Only once, please", client_id="double-1")

    assert first["Location"] == again["Location"] == f"{url(live)}#m1"
    assert ChatMessage.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "status", "said"),
    [
        ("", 422, "Write something before sending."),
        ("   ", 422, "Write something before sending."),
        ("y" * 2001, 422, "at most 2,000 characters (this one has 2,001)"),
        ("bad\x00byte", 422, "NUL"),
    ],
)
def test_bad_messages_are_refused_on_the_form_with_the_text_kept(
    maya_client: Client, live: LiveChat, body: str, status: int, said: str
) -> None:
    response = send(maya_client, live, body, client_id="keep-1")

    assert response.status_code == status
    page = response.content.decode()
    assert said in page
    assert 'id="chat-form"' in page
    assert 'value="keep-1"' in page
    if body.strip() and "\x00" not in body:
        assert f">{body}</textarea>" in page
    assert not ChatMessage.objects.exists()


def test_a_topic_that_is_not_a_number_is_refused(maya_client: Client, live: LiveChat) -> None:
    response = send(maya_client, live, "Hi", topic="T1")

    assert response.status_code == 422
    assert "Choose a topic from the list." in response.content.decode()


def test_an_ended_chat_refuses_plainly(tiffany: User, maya_client: Client, lupus: Community) -> None:
    ended = make_live_chat(tiffany, lupus, tag="Ended", ended=True)

    response = send(maya_client, ended, "Am I late?")

    assert response.status_code == 409
    page = response.content.decode()
    assert "This chat has ended" in page
    assert "Am I late?" in page  # kept, to copy
    assert reverse("chat_transcript", args=[lupus.slug, "ended", ended.date.isoformat()]) in page


def test_a_cancelled_chat_refuses_and_says_why(tiffany: User, maya_client: Client, lupus: Community) -> None:
    chat = make_live_chat(tiffany, lupus, tag="Off")
    actions.do_cancel_session(tiffany, chat_access(tiffany, chat.series), chat, "Host unwell")

    response = send(maya_client, chat, "Anyone here?")

    assert response.status_code == 409
    page = response.content.decode()
    assert "cancelled" in page
    assert "Host unwell" in page


def test_a_chat_not_started_refuses_and_shows_when_it_starts(
    tiffany: User, maya: User, maya_client: Client, lupus: Community
) -> None:
    maya.time_zone = "Europe/London"
    maya.save(update_fields=["time_zone"])
    series = make_series(tiffany, lupus, tag="Later", topics_ahead_days=7)
    chat = actions.live_chat_on(series, series.first_date)
    assert chat is not None
    actions.do_save_topics(tiffany, chat_access(tiffany, series), chat, ["What helps on a bad day?"])

    refused = send(maya_client, chat, "Early bird")
    page = maya_client.get(url(chat)).content.decode()

    assert refused.status_code == 409
    assert "not started yet" in refused.content.decode()
    assert "Not started yet" in page
    assert "(America/New_York)" in page
    assert "where you are (Europe/London)" in page
    assert "What helps on a bad day?" in page  # shown a week ahead
    assert "Write the topics" not in page


def test_topics_stay_secret_until_the_series_shows_them(tiffany: User, maya_client: Client, lupus: Community) -> None:
    series = make_series(tiffany, lupus, tag="Secret")
    chat = actions.live_chat_on(series, series.first_date)
    assert chat is not None
    actions.do_save_topics(tiffany, chat_access(tiffany, series), chat, ["A surprise topic"])

    assert "A surprise topic" not in maya_client.get(url(chat)).content.decode()


def test_a_muted_member_is_refused(tiffany_client: Client, maya_client: Client, live: LiveChat) -> None:
    send(maya_client, live, "Buy my supplements")
    done = control(tiffany_client, live, action="mute", handle="@maya_r", reason="Selling")
    assert "@maya_r is muted for the rest of this chat." in done.content.decode()

    response = send(maya_client, live, "Again")

    assert response.status_code == 403
    assert "A host muted you" in response.content.decode()
    assert ChatMessage.objects.count() == 1


def test_slow_mode_answers_429_with_when_to_retry(tiffany_client: Client, maya_client: Client, live: LiveChat) -> None:
    done = control(tiffany_client, live, action="slow", seconds="30")
    assert "one message every 30 seconds" in done.content.decode()
    send(maya_client, live, "First")

    response = send(maya_client, live, "Second, too soon", client_id="slow-2")

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 30
    page = response.content.decode()
    assert "Slow mode is on" in page
    assert "Second, too soon</textarea>" in page


def test_the_host_releases_a_topic_and_answers_are_labelled(
    tiffany_client: Client, maya_client: Client, live: LiveChat
) -> None:
    done = control(tiffany_client, live, action="release")
    assert "T1 is the current topic" in done.content.decode()

    send(maya_client, live, "Diagnosed after a rash", topic="1")
    page = maya_client.get(url(live)).content.decode()

    assert "How did you learn you had lupus?" in page
    assert ">A1</span>" in page
    assert '<option value="1" selected>' in page


def test_the_host_goes_back_to_an_earlier_topic(tiffany_client: Client, live: LiveChat) -> None:
    control(tiffany_client, live, action="release")
    control(tiffany_client, live, action="release")
    done = control(tiffany_client, live, action="release", number="1")

    assert "T1 is the current topic" in done.content.decode()
    live.refresh_from_db()
    assert live.current_topic is not None
    assert live.current_topic.number == 1


def test_the_host_pins_and_unpins_a_message(tiffany_client: Client, maya_client: Client, live: LiveChat) -> None:
    send(maya_client, live, "Ask your rheumatologist about sun protection")

    done = control(tiffany_client, live, action="pin", seq="1")
    pinned = maya_client.get(url(live)).content.decode()
    control(tiffany_client, live, action="unpin")

    assert "Message 1 is pinned." in done.content.decode()
    assert "<strong>Pinned:</strong>" in pinned
    live.refresh_from_db()
    assert live.pinned is None


def test_the_host_hides_a_message_and_shows_it_again(
    tiffany_client: Client, maya_client: Client, live: LiveChat
) -> None:
    send(maya_client, live, "Something regrettable")

    control(tiffany_client, live, action="hide", seq="#1", reason="Off topic")
    hidden = maya_client.get(url(live)).content.decode()
    control(tiffany_client, live, action="show", seq="1")
    shown = maya_client.get(url(live)).content.decode()

    assert "Message 1 was hidden by a host." in hidden
    assert "Something regrettable" not in hidden
    assert "Something regrettable" in shown


def test_the_host_ends_the_chat_and_nobody_posts_after(
    tiffany_client: Client, maya_client: Client, live: LiveChat
) -> None:
    send(maya_client, live, "Thanks all")

    done = control(tiffany_client, live, action="end")
    page = done.content.decode()

    assert "The chat has ended." in page
    assert "Read the transcript" in page
    assert "Thanks all" in page
    assert send(maya_client, live, "One more").status_code == 409


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"action": "pin", "seq": "99"}, "There is no such message."),
        ({"action": "hide", "seq": "abc"}, "Give the number of a message"),
        ({"action": "mute", "handle": ""}, "Give the handle"),
        ({"action": "mute", "handle": "nobody_here"}, "There is no such participant."),
        ({"action": "mute", "handle": "tiffany"}, "You cannot mute yourself."),
        ({"action": "slow", "seconds": "45"}, "Choose slow mode"),
        ({"action": "release", "number": "9"}, "There is no such topic to release."),
        ({"action": "release", "number": "x"}, "Choose a topic from the list."),
        ({"action": "dance"}, "Choose what to do."),
    ],
)
def test_every_refused_control_says_why(
    tiffany_client: Client, live: LiveChat, fields: dict[str, str], said: str
) -> None:
    response = control(tiffany_client, live, **fields)

    assert response.status_code == 200
    assert said in response.content.decode()


def test_a_control_on_a_message_page_returns_there(tiffany_client: Client, maya_client: Client, live: LiveChat) -> None:
    send(maya_client, live, "Please pin me")
    page = url(live, "chat_message", 1)

    response = tiffany_client.post(url(live, "chat_control"), {"action": "pin", "seq": "1", "next": page})
    elsewhere = tiffany_client.post(url(live, "chat_control"), {"action": "unpin", "next": "https://evil.example/"})

    assert response["Location"] == page
    assert elsewhere["Location"] == url(live)


def test_a_message_page_shows_hidden_only_to_hosts(
    tiffany: User, tiffany_client: Client, maya_client: Client, live: LiveChat
) -> None:
    send(maya_client, live, "Regrettable words")
    actions.do_hide_message(tiffany, chat_access(tiffany, live.series), live, 1)

    for_maya = maya_client.get(url(live, "chat_message", 1)).content.decode()
    for_host = tiffany_client.get(url(live, "chat_message", 1)).content.decode()

    assert "This message was hidden by a host." in for_maya
    assert "Regrettable words" not in for_maya
    assert "Regrettable words" in for_host
    assert "Show it again" in for_host
    assert "Show it again" not in for_maya
    assert maya_client.get(url(live, "chat_message", 2)).status_code == 404
    assert maya_client.get(url(live, "chat_message", 2**40)).status_code == 404


def test_a_message_page_offers_the_host_pin_and_mute(
    tiffany_client: Client, maya_client: Client, live: LiveChat
) -> None:
    send(maya_client, live, "Hello")

    page = tiffany_client.get(url(live, "chat_message", 1)).content.decode()

    assert "Pin it" in page
    assert "Hide it" in page
    assert 'name="handle" value="maya_r"' in page


def test_new_messages_come_as_a_fragment_after_a_number(maya_client: Client, live: LiveChat) -> None:
    for text in ("one", "two", "three"):
        send(maya_client, live, text)

    fragment = maya_client.get(url(live, "chat_messages"), {"since": "1"}, headers={"HX-Request": "true"})
    with_parts = maya_client.get(
        url(live, "chat_messages"), {"since": "3", "parts": "1"}, headers={"HX-Request": "true"}
    )
    whole = maya_client.get(url(live, "chat_messages"), {"since": "1"})

    body = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in body
    assert 'id="m1"' not in body
    assert 'id="m2"' in body
    assert 'id="m3"' in body
    assert 'id="chat-state"' in with_parts.content.decode()
    assert 'id="m' not in with_parts.content.decode()
    assert "<html" in whole.content.decode()


def test_only_the_latest_messages_are_on_the_page_with_a_link_to_earlier_ones(
    maya: User, maya_client: Client, live: LiveChat
) -> None:
    access = chat_access(maya, live.series)
    with posting_limits_lifted():
        for number in range(205):
            actions.do_post_message(maya, access, live, f"message number {number + 1}")

    latest = maya_client.get(url(live)).content.decode()
    earlier = maya_client.get(url(live), {"before": "6"}).content.decode()

    assert 'id="m5"' not in latest
    assert 'id="m6"' in latest
    assert 'id="m205"' in latest
    assert "?before=6" in latest
    assert 'id="m5"' in earlier
    assert 'id="m1"' in earlier
    assert 'id="m6"' not in earlier
    assert 'data-live="0"' in earlier


def test_a_host_writes_the_topics_ahead(
    tiffany: User, tiffany_client: Client, maya_client: Client, lupus: Community
) -> None:
    series = make_series(tiffany, lupus, tag="Monday")
    chat = actions.live_chat_on(series, series.first_date)
    assert chat is not None

    form = tiffany_client.get(url(chat, "chat_topics"))
    saved = tiffany_client.post(
        url(chat, "chat_topics"), {"topics": "First topic\r\n\r\nSecond topic\r\n"}, follow=True
    )
    too_long = tiffany_client.post(url(chat, "chat_topics"), {"topics": "z" * 281})

    assert form.status_code == 200
    assert "Topics saved: 2 to come." in saved.content.decode()
    assert "Write the topics" in tiffany_client.get(url(chat)).content.decode()
    assert [t.title for t in chat.topics.all()] == ["First topic", "Second topic"]
    assert too_long.status_code == 422
    assert "at most 280 characters" in too_long.content.decode()


def test_topics_of_an_ended_chat_cannot_change(tiffany: User, tiffany_client: Client, lupus: Community) -> None:
    ended = make_live_chat(tiffany, lupus, tag="Over", ended=True)

    response = tiffany_client.post(url(ended, "chat_topics"), {"topics": "Too late"})

    assert response.status_code == 409
    assert "can no longer change" in response.content.decode()


def test_a_member_lurks_and_is_counted_but_not_listed(
    maya_client: Client, tiffany_client: Client, live: LiveChat
) -> None:
    tiffany_client.get(url(live))
    maya_client.get(url(live))

    lurk = maya_client.post(url(live, "chat_presence"), {"lurk": "on"}, follow=True)
    fragment = tiffany_client.get(url(live, "chat_presence"), headers={"HX-Request": "true"}).content.decode()
    listed = maya_client.post(url(live, "chat_presence"), {"lurk": "off"}, headers={"HX-Request": "true"})

    assert "You are lurking" in lurk.content.decode()
    assert "2 people here, 1 of them reading without being listed." in fragment
    assert "maya_r" not in fragment
    assert "You are listed." in listed.content.decode()
    assert not Participant.objects.get(live_chat=live, user__handle="maya_r").lurking


def test_presence_is_a_page_without_htmx(maya_client: Client, live: LiveChat) -> None:
    response = maya_client.get(url(live, "chat_presence"))

    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert "In the room" in response.content.decode()


def test_topics_on_a_timer_are_released_when_the_room_is_opened(
    tiffany: User, maya_client: Client, lupus: Community
) -> None:
    chat = make_live_chat(tiffany, lupus, tag="Timed", started_minutes_ago=13, topic_interval_minutes=12)

    page = maya_client.get(url(chat)).content.decode()

    assert "What helps on a bad day?" in page  # T2, due at 12 minutes
    chat.refresh_from_db()
    assert chat.current_topic is not None
    assert chat.current_topic.number == 2


def test_a_visitor_is_asked_to_log_in_to_post(client: Client, live: LiveChat) -> None:
    page = client.get(url(live)).content.decode()
    response = client.post(url(live, "chat_messages"), {"body": "Hi"})

    assert "to take part" in page
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not ChatMessage.objects.exists()


def test_a_logged_in_non_member_of_a_public_community_may_read_but_not_post(live: LiveChat) -> None:
    sam = UserFactory.create(handle="sam_cares")
    client = Client()
    client.force_login(sam)

    page = client.get(url(live))
    response = client.post(url(live, "chat_messages"), {"body": "Hello?"})
    lurk = client.post(url(live, "chat_presence"), {"lurk": "on"}, follow=True)

    assert page.status_code == 200
    assert "Join the community" in page.content.decode()
    assert response.status_code == 403
    assert "Join the community" in response.content.decode()
    assert "Join the community" in lurk.content.decode()
    assert not ChatMessage.objects.exists()
    assert not Participant.objects.filter(user=sam).exists()


def test_a_session_the_series_does_not_meet_on_is_not_found(maya_client: Client, live: LiveChat) -> None:
    other_day = (live.date + timedelta(days=1)).isoformat()
    args = [live.community.slug, live.series.slug]

    assert maya_client.get(reverse("chat_room", args=[*args, other_day])).status_code == 404
    assert maya_client.get(reverse("chat_room", args=[*args, "not-a-date"])).status_code == 404


def test_message_times_are_in_the_series_zone(maya_client: Client, live: LiveChat) -> None:
    send(maya_client, live, "What time is it?")
    message = ChatMessage.objects.get()
    local = message.created_at.astimezone(ZoneInfo("America/New_York"))

    assert f">{local:%H:%M}</time>" in maya_client.get(url(live)).content.decode()
