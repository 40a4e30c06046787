"""A member with a marker in every text they could write is erased (posts not kept), and the
marker is found nowhere in the database: no table, no column, the search index included."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.db import connection
from django.utils import timezone

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.accounts.tests.factories import PASSWORD, UserFactory
from hearth.chats import actions as chat_actions
from hearth.chats.access import chat_access
from hearth.chats.tests.factories import make_live_chat
from hearth.communities.actions import do_create_invite, do_request_to_join
from hearth.communities.models import EntryQuestion, Membership, Role
from hearth.communities.tests.factories import make_community
from hearth.conditions.models import Condition, Symptom
from hearth.connections.models import Block, Connection, ConnectionStatus, Mute
from hearth.discussions.actions import do_edit_post, do_react
from hearth.notifications.models import Notification
from hearth.privacy.actions import do_give_consent, do_request_deletion, do_view_private, erase_due_accounts
from hearth.privacy.models import AccountDeletion, Viewed
from hearth.privacy.tests.conftest import Capture
from hearth.profiles.models import Profile, ProfileCondition, ProfileSymptom, ProfileTreatment
from hearth.search.tests.factories import first_post, make_reply, make_thread
from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db(transaction=False)

MARKER = "zqxmarker"


def _holds(column: str, kind: str) -> str:
    """SQL that is true when `column` holds the marker, whatever its type: text, JSON, numbers, the
    search index's words, and binary data (SQLite's FTS5 keeps its index in blobs)."""
    if connection.vendor == "sqlite":
        return f"instr(CAST({column} AS BLOB), CAST(%s AS BLOB)) > 0"
    if kind == "bytea":
        return f"position(convert_to(%s, 'UTF8') in {column}) > 0"
    return f"strpos(CAST({column} AS TEXT), %s) > 0"


def _tables_holding(marker: str) -> list[str]:
    """Every table and column, of every app and of the search index, that holds `marker`."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor, include_views=False):
            kinds: dict[str, str] = {}
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s", [table]
                )
                kinds = dict(cursor.fetchall())
            for column in connection.introspection.get_table_description(cursor, table):
                condition = _holds(quote(column.name), kinds.get(column.name, ""))
                cursor.execute(f"SELECT count(*) FROM {quote(table)} WHERE {condition}", [marker])  # noqa: S608
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


def _tracking(member: User, profile: Profile) -> None:
    """Check-ins, a tracker and its reading, a dose, a goal and milestone, a share link and an
    import waiting for a yes, each with the marker wherever the member writes text."""
    from hearth.tracking import models as tracking

    today = timezone.localdate()
    check_in = tracking.CheckIn.objects.create(member=member, day=today, pain=3, note=f"{MARKER} note")
    tracking.SymptomRating.objects.create(check_in=check_in, symptom=Symptom.objects.order_by("pk")[0], severity=2)
    entry = ProfileTreatment.objects.filter(profile=profile).get()
    tracking.ScheduledDose.objects.create(profile_treatment=entry, label=f"{MARKER} morning")
    tracking.DoseTaken.objects.create(check_in=check_in, treatment=entry.treatment, label=f"{MARKER} dose", taken=True)
    tracker = tracking.Tracker.objects.create(member=member, name=f"{MARKER} walking", kind="number", unit="minutes")
    tracking.Observation.objects.create(tracker=tracker, day=today, value=20, source_ref=f"urn:{MARKER}")
    goal = tracking.Goal.objects.create(
        member=member, series=f"tracker-{tracker.pk}", target=20, started_on=today, title=f"{MARKER} goal"
    )
    tracking.Milestone.objects.create(goal=goal, kind="first_day", reached_on=today)
    link = tracking.ShareLink.objects.create(
        member=member, token=f"{MARKER}token", kind="chart", series=["pain"], starts_on=today, ends_on=today,
        recipient=f"{MARKER} doctor", expires_at=timezone.now(),
    )  # fmt: skip
    tracking.ShareOpening.objects.create(link=link)
    tracking.Reminder.objects.create(member=member, enabled=True)
    tracking.PendingImport.objects.create(member=member, filename=f"{MARKER}.csv", rows=[{"note": MARKER}])


def _wellbeing(member: User) -> None:
    """A muted word, quiet hours, a break and an email held by quiet hours, with the marker."""
    from hearth.wellbeing import models as wellbeing

    now = timezone.now()
    wellbeing.MutedWord.objects.create(user=member, phrase=f"{MARKER} word", folded=f"{MARKER} word")
    wellbeing.WellbeingSettings.objects.create(user=member)
    wellbeing.Break.objects.create(user=member, ends_at=now)
    wellbeing.HeldEmail.objects.create(
        user=member, to=f"{MARKER}@example.org", subject=f"{MARKER} subject", body=MARKER, send_after=now
    )


def _marked_member() -> User:
    member = UserFactory.create(handle=MARKER, email=f"{MARKER}@example.org", display_name=f"{MARKER} name")
    other = UserFactory.create(handle="tiffany")
    admin = UserFactory.create(handle="siteadmin", staff=True)

    profile = Profile.objects.create(
        user=member, bio=f"{MARKER} bio", caregiver_of=f"{MARKER} son", interests=[f"{MARKER} knitting"]
    )
    ProfileCondition.objects.create(profile=profile, condition=Condition.objects.get(slug="breast-cancer"))
    ProfileTreatment.objects.create(profile=profile, treatment=Treatment.objects.order_by("pk")[0])
    ProfileSymptom.objects.create(profile=profile, symptom=Symptom.objects.order_by("pk")[0])

    community = make_community(other, "Breast cancer circle", members=[member])
    Membership.objects.filter(community=community, user=member).update(role=Role.MODERATOR)
    thread = make_thread(member, community, f"{MARKER} title", f"{MARKER} opening", content_warning=f"{MARKER} cw")
    reply = make_reply(member, thread, f"{MARKER} reply")
    do_edit_post(member, reply, f"{MARKER} edited reply")
    others_thread = make_thread(other, community, "Questions", "Ask me anything")
    make_reply(member, others_thread, f"{MARKER} answer @tiffany")
    do_react(member, first_post(others_thread), "hug")
    do_react(other, reply, "me_too")
    make_reply(other, thread, "Thank you")  # notifies the member, who follows her thread
    do_create_invite(member, community, note=f"{MARKER} invite note")

    closed = make_community(other, "Closed circle", visibility="closed")
    EntryQuestion.objects.create(community=closed, text="Why join?")
    do_request_to_join(member, closed, [f"{MARKER} answer"])

    chat = make_live_chat(other, community)
    chat_actions.do_post_message(
        member, chat_access(member, chat.series), chat, f"{MARKER} chat", client_id=f"{MARKER}-1"
    )
    chat_actions.do_set_reminder(member, chat_access(member, chat.series))
    chat_actions.do_new_calendar_key(member)

    low, high = sorted((member, other), key=lambda u: u.pk)
    Connection.objects.create(
        user_low=low, user_high=high, requested_by=member, status=ConnectionStatus.ACCEPTED, message=f"{MARKER} hi"
    )
    Block.objects.create(blocker=member, blocked=admin)
    Mute.objects.create(muter=other, muted=member)
    if apps.is_installed("hearth.conversations"):
        conversation_model = apps.get_model("conversations", "Conversation")
        conversation = conversation_model.objects.create(user_low=low, user_high=high)
        apps.get_model("conversations", "DirectMessage").objects.create(
            conversation=conversation, sender=member, source=f"{MARKER} dm", html=f"<p>{MARKER} dm</p>",
            plain_text=f"{MARKER} dm", client_id=f"{MARKER}-dm",
        )  # fmt: skip
        apps.get_model("conversations", "ConversationMember").objects.create(conversation=conversation, user=member)
    if apps.is_installed("hearth.moderation"):
        apps.get_model("moderation", "Report").objects.create(
            reporter=member, target_type="direct_message", target_id=1, reason="spam",
            note=f"{MARKER} note", source_url=f"/messages/{MARKER}/", evidence_url=f"https://{MARKER}.example/",
        )  # fmt: skip

    _tracking(member, profile)
    _wellbeing(member)

    do_create_access_token(member, f"{MARKER} token")
    Authenticator.objects.create(user=member, type="totp", data={"secret": f"{MARKER}secret"})
    UserSession.objects.create(
        user=member, ip="192.0.2.1", session_key=f"{MARKER}session", user_agent=f"{MARKER} browser", data={}
    )
    do_give_consent(member)
    do_view_private(admin, member, Viewed.PROFILE, f"{MARKER} support ticket")
    assert Notification.objects.filter(recipient=member).exists()
    return member


def test_the_marker_is_nowhere_after_erasure(django_capture_on_commit_callbacks: Capture) -> None:
    member = _marked_member()
    with django_capture_on_commit_callbacks(execute=True):
        from hearth.privacy.actions import do_request_export

        do_request_export(member)
    assert _tables_holding(MARKER), "the marker is written before the erasure"
    do_request_deletion(member, PASSWORD, keep_posts=False)
    AccountDeletion.objects.update(erase_after=timezone.now())

    assert erase_due_accounts() == 1

    assert _tables_holding(MARKER) == []
