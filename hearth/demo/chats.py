"""Demo live chats: the weekly #LupusChat with a past transcript and the next session's topics,
and #BCSM with a guest expert. Idempotent, as all demo data."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from hearth.accounts.models import User
from hearth.chats import actions
from hearth.chats.access import chat_access
from hearth.chats.models import ChatMessage, ChatSeries, LiveChat, Participant, Topic
from hearth.chats.schedule import Rule, upcoming
from hearth.communities.access import access_for
from hearth.communities.models import Community
from hearth.lib.markdown import render

LUPUS_TOPICS = (
    "T1: What helped you most in your first year with lupus?",
    "T2: How do you explain a flare to your employer or your family?",
    "T3: Which questions do you bring to your rheumatologist?",
    "T4: What small thing brought you joy this week?",
)
PAST_CONVERSATION = (
    # (minutes after the start, handle, topic number or None, text)
    (1, "tiffany", None, "Welcome to #LupusChat, everyone! Grab a cup of tea. T1 comes in a minute."),
    (2, "ellen71", None, "Evening all, Ellen here from Ohio."),
    (3, "maya_r", 1, "Finding this community. Honestly, reading other people's stories at 2am."),
    (4, "ellen71", 1, "Pacing. I learned to plan one big thing a day and rest after it."),
    (6, "sam_cares", 1, "For me as a carer: a shared calendar of appointments and good days."),
    (13, "tiffany", 2, "I told my manager it is like a battery that charges slowly and empties fast."),
    (14, "maya_r", 2, "I haven't told work yet. Still scared to."),
    (15, "ellen71", 2, "@maya_r take your time. You decide when, and how much."),
    (26, "maya_r", 3, "I bring a list, written the night before, because I forget everything in the room."),
    (27, "ellen71", 3, "Eye checks on hydroxychloroquine, and whether my fatigue is the disease or the tablets."),
    (38, "sam_cares", 4, "My daughter laughed at a cartoon for ten minutes. Best sound in the world."),
    (39, "maya_r", 4, "A walk around the block without needing to sit down."),
    (55, "tiffany", None, "Thank you all. Transcript will be on the chat's page. Same time next Monday!"),
)


def _monday_before(day: date) -> date:
    return day - timedelta(days=day.weekday())


def seed_chats(members: dict[str, User]) -> list[ChatSeries]:
    created = []
    lupus = Community.objects.filter(slug="living-with-lupus").first()
    if lupus is not None and not ChatSeries.objects.filter(community=lupus, slug="lupuschat").exists():
        created.append(_seed_lupus_chat(lupus, members))
    bcsm = Community.objects.filter(slug="breast-cancer-support").first()
    if bcsm is not None and not ChatSeries.objects.filter(community=bcsm, slug="bcsm").exists():
        tiffany_is_member = bcsm.memberships.filter(user=members["tiffany"]).exists()
        created.append(
            actions.do_create_series(
                members["dr_attai"],
                access_for(members["dr_attai"], bcsm),
                actions.SeriesInput(
                    title="Breast cancer social media chat",
                    tag="BCSM",
                    description="Patients, survivors, carers and clinicians, every Monday. Evidence with sources; "
                    "never individual medical advice.",
                    time_zone="America/New_York",
                    first_date=_monday_before(timezone.localdate()) + timedelta(days=7),
                    start_time=time(21, 0),
                    topics_ahead_days=7,
                    hosts=("dr_attai",),
                    guests=("tiffany",) if tiffany_is_member else (),
                ),
            )
        )
    return created


def _seed_lupus_chat(lupus: Community, members: dict[str, User]) -> ChatSeries:
    tiffany = members["tiffany"]
    series = actions.do_create_series(
        tiffany,
        access_for(tiffany, lupus),
        actions.SeriesInput(
            title="Monday #LupusChat",
            tag="LupusChat",
            description="An hour together every Monday: four topics, answers tagged A1–A4, and a transcript "
            "afterwards. Use #LupusChat in threads all week to keep the conversation going.",
            time_zone="America/New_York",
            first_date=_monday_before(timezone.localdate()) - timedelta(days=21),
            start_time=time(21, 0),
            topic_interval_minutes=12,
            topics_ahead_days=3,
            hosts=("tiffany",),
            guests=("ravi",),
        ),
    )
    now = timezone.now()
    past_day = max(
        day
        for day in Rule.of(series).dates(series.first_date, now.date())
        if Rule.of(series).starts_at(day) + series.duration < now
    )
    _seed_past_session(series, past_day, members)
    nxt = upcoming(series, now, count=1)[0]
    chat = actions.live_chat_on(series, nxt.date)
    if chat is not None:
        actions.do_save_topics(tiffany, chat_access(tiffany, series), chat, [t.split(": ", 1)[1] for t in LUPUS_TOPICS])
    return series


def _seed_past_session(series: ChatSeries, day: date, members: dict[str, User]) -> LiveChat:
    """A session that took place: its messages are written as they were sent then."""
    chat = actions.live_chat_on(series, day)
    assert chat is not None  # noqa: S101  (day comes from the series' own rule)
    with transaction.atomic():
        topics = [
            Topic.objects.create(
                live_chat=chat,
                number=number,
                title=title.split(": ", 1)[1],
                released_at=chat.starts_at + timedelta(minutes=12 * (number - 1)),
            )
            for number, title in enumerate(LUPUS_TOPICS, start=1)
        ]
        for seq, (minute, handle, number, text) in enumerate(PAST_CONVERSATION, start=1):
            rendered = render(text)
            at = chat.starts_at + timedelta(minutes=minute)
            ChatMessage.objects.create(
                live_chat=chat,
                seq=seq,
                author=members[handle],
                topic=topics[number - 1] if number else None,
                source=text,
                html=rendered.html,
                plain_text=rendered.plain_text,
                renderer_version=rendered.version,
                created_at=at,
            )
            participant, _ = Participant.objects.get_or_create(
                live_chat=chat, user=members[handle], defaults={"joined_at": at, "last_seen_at": at}
            )
            Participant.objects.filter(pk=participant.pk).update(
                message_count=participant.message_count + 1, last_message_at=at
            )
        Participant.objects.get_or_create(
            live_chat=chat, user=members["ravi"], defaults={"joined_at": chat.starts_at, "lurking": True}
        )
        chat.last_seq = len(PAST_CONVERSATION)
        chat.current_topic = topics[-1]
        chat.save(update_fields=["last_seq", "current_topic"])
    chat.series = series
    return actions.finish_chat(chat, chat.ends_at + timedelta(minutes=1))
