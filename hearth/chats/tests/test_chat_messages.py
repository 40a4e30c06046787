"""Messages in a live chat: numbered 1, 2, 3… without a gap, sent once, refused plainly when the
room is not open to the sender, and tied to the topic the host released."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.chats import actions
from hearth.chats.access import chat_access
from hearth.chats.models import ChatMessage, LiveChat
from hearth.chats.schedule import zone
from hearth.chats.tests.factories import make_live_chat, make_series
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.lib.ratelimit import RateLimited


@pytest.fixture
def lupus(tiffany: User, maya: User) -> Community:
    return make_community(tiffany, members=[maya])


@pytest.fixture
def live(tiffany: User, lupus: Community) -> LiveChat:
    return make_live_chat(tiffany, lupus)


def post(user: User, chat: LiveChat, text: str, **options: object) -> actions.Accepted:
    return actions.do_post_message(user, chat_access(user, chat.series), chat, text, **options)  # type: ignore[arg-type]


def test_messages_are_numbered_in_order_and_answer_the_current_topic(tiffany: User, maya: User, live: LiveChat) -> None:
    first = post(maya, live, "Hello everyone")
    topic = actions.do_release_topic(tiffany, chat_access(tiffany, live.series), live)
    answer = post(maya, live, "Diagnosed in 2019 after a rash")
    earlier_topic = post(tiffany, live, "Welcome!", topic=1)
    assert [first.message.seq, answer.message.seq, earlier_topic.message.seq] == [1, 2, 3]
    assert first.message.topic is None
    assert answer.message.topic == topic
    assert answer.message.topic is not None
    assert answer.message.topic.answer_label == "A1"
    live.refresh_from_db()
    assert live.last_seq == 3


def test_an_answer_to_a_topic_not_yet_released_is_refused(maya: User, live: LiveChat) -> None:
    with pytest.raises(ValidationError, match="T2 has not been released"):
        post(maya, live, "Too early", topic=2)
    assert not ChatMessage.objects.exists()


def test_the_same_message_sent_twice_is_kept_once(maya: User, live: LiveChat) -> None:
    first = post(maya, live, "Sent on a shaky connection", client_id="c-1")
    again = post(maya, live, "Sent on a shaky connection", client_id="c-1")
    assert first.created
    assert not again.created
    assert again.message.pk == first.message.pk
    assert ChatMessage.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Write something"), ("   ", "Write something"), ("x" * 2001, "at most 2,000"), ("a\x00b", "NUL")],
)
def test_empty_oversized_and_nul_messages_are_refused(maya: User, live: LiveChat, text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        post(maya, live, text)
    live.refresh_from_db()
    assert live.last_seq == 0


def test_a_message_of_exactly_two_thousand_characters_is_accepted(maya: User, live: LiveChat) -> None:
    assert post(maya, live, "x" * 2000).created


def test_outsiders_and_visitors_of_the_chat_cannot_post(live: LiveChat) -> None:
    sam = UserFactory.create(handle="sam_cares")
    with pytest.raises(actions.ChatClosed, match="Join the community"):
        post(sam, live, "Hello?")


def test_an_ended_cancelled_or_future_chat_refuses_messages(tiffany: User, maya: User, lupus: Community) -> None:
    ended = make_live_chat(tiffany, lupus, tag="Ended", ended=True)
    with pytest.raises(actions.ChatClosed, match="has ended"):
        post(maya, ended, "Am I late?")
    upcoming = make_series(tiffany, lupus, tag="Later")
    chat = actions.live_chat_on(upcoming, upcoming.first_date)
    assert chat is not None
    with pytest.raises(actions.ChatClosed, match="not started"):
        post(maya, chat, "Early bird")
    live = make_live_chat(tiffany, lupus, tag="Cancelled")
    actions.do_cancel_session(tiffany, chat_access(tiffany, live.series), live, "Host unwell")
    with pytest.raises(actions.ChatClosed, match="cancelled"):
        post(maya, live, "Anyone here?")


def test_a_muted_participant_cannot_post_for_the_rest_of_the_chat(tiffany: User, maya: User, live: LiveChat) -> None:
    post(maya, live, "Buy my supplements")
    actions.do_mute_participant(tiffany, chat_access(tiffany, live.series), live, "maya_r", "Selling")
    with pytest.raises(actions.ChatClosed, match="muted you"):
        post(maya, live, "Again")


def test_slow_mode_tells_when_to_try_again(tiffany: User, maya: User, live: LiveChat) -> None:
    actions.do_set_slow_mode(tiffany, chat_access(tiffany, live.series), live, 30)
    live.refresh_from_db()
    post(maya, live, "First")
    with pytest.raises(RateLimited) as refused:
        post(maya, live, "Second")
    assert 1 <= refused.value.retry_after <= 30
    assert "Slow mode" in refused.value.message


def test_flooding_is_rate_limited(maya: User, live: LiveChat) -> None:
    for n in range(10):
        post(maya, live, f"Message {n}")
    with pytest.raises(RateLimited) as refused:
        post(maya, live, "One too many")
    assert refused.value.retry_after >= 1


def test_members_cannot_run_the_room(maya: User, live: LiveChat) -> None:
    access = chat_access(maya, live.series)
    with pytest.raises(ValidationError):
        actions.do_release_topic(maya, access, live)
    with pytest.raises(ValidationError):
        actions.do_end_chat(maya, access, live)
    with pytest.raises(ValidationError):
        actions.do_set_slow_mode(maya, access, live, 10)


def test_topics_are_released_on_the_series_timer(tiffany: User, lupus: Community) -> None:
    chat = make_live_chat(tiffany, lupus, started_minutes_ago=13, topic_interval_minutes=12)
    released = actions.release_due_topics(chat)
    assert [topic.number for topic in released] == [1, 2]
    chat.refresh_from_db()
    assert chat.current_topic is not None
    assert chat.current_topic.number == 2
    assert actions.release_due_topics(chat) == []


def test_ending_early_publishes_the_transcript_figures(tiffany: User, maya: User, live: LiveChat) -> None:
    host = chat_access(tiffany, live.series)
    actions.do_release_topic(tiffany, host, live)
    post(maya, live, "A1 answer")
    hidden = post(maya, live, "Something unkind")
    actions.do_hide_message(tiffany, host, live, hidden.message.seq, "Unkind")
    actions.do_end_chat(tiffany, host, live)
    live.refresh_from_db()
    assert live.finished_at is not None
    figures = live.figures
    assert figures is not None
    assert figures["messages"] == 1  # the hidden one is left out
    assert figures["participants"] == 1
    assert figures["first_time_participants"] == 1
    assert figures["messages_per_topic"][0] == {
        "topic": 1,
        "label": "T1",
        "title": "How did you learn you had lupus?",
        "messages": 1,
    }
    assert figures["busiest_minute"]["messages"] == 1
    with pytest.raises(actions.ChatClosed):
        post(maya, live, "After the end")


def test_a_date_the_series_does_not_meet_on_has_no_session(tiffany: User, lupus: Community) -> None:
    series = make_series(tiffany, lupus)
    assert actions.live_chat_on(series, series.first_date + timedelta(days=1)) is None
    assert actions.live_chat_on(series, series.first_date + timedelta(days=7)) is not None


def test_a_schedule_change_moves_sessions_still_to_come(tiffany: User, lupus: Community) -> None:
    series = make_series(tiffany, lupus)
    chat = actions.live_chat_on(series, series.first_date)
    assert chat is not None
    access = chat_access(tiffany, series)
    data = actions.SeriesInput(
        title=series.title,
        tag=series.tag,
        time_zone=series.time_zone,
        first_date=series.first_date,
        start_time=(timezone.now() + timedelta(days=2))
        .astimezone()
        .time()
        .replace(hour=20, minute=0, second=0, microsecond=0),
        frequency=series.frequency,
    )
    actions.do_update_series(tiffany, access, data)
    chat.refresh_from_db()
    assert chat.starts_at.astimezone(zone(series.time_zone)).hour == 20


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one writer at a time anyway")
def test_members_sending_at_once_get_numbers_without_gaps_or_repeats(tiffany: User) -> None:
    members = [UserFactory.create(handle=f"member{n}") for n in range(4)]
    community = make_community(tiffany, members=members)
    chat = make_live_chat(tiffany, community)

    def send(member: User) -> list[int]:
        try:
            return [post(member, chat, f"{member.handle} says {n}").message.seq for n in range(8)]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        numbers = sorted(seq for batch in pool.map(send, members) for seq in batch)
    assert numbers == list(range(1, 33))
