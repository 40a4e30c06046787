"""What a member's data export holds: one registry naming, for every model that links to a member
(directly, or through their profile), which of its rows and fields are exported, or why it is
left out. `build_archive` turns it into a ZIP of JSON files, CSV files for tabular data, and a
README.txt that says what each file is.

A test fails when a model links to members and is in neither list, so a new model cannot be
forgotten. Secrets (password hashes, token digests, two-step secrets, session keys, calendar
secrets) are never exported; their metadata is.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.utils import timezone

from hearth.accounts.models import User

Rows = Callable[[User], QuerySet[Any]]
Files = Callable[[User], Iterable[tuple[str, bytes]]]


@dataclass(frozen=True)
class Exported:
    """Rows of a model in the export, as `<name>.json` (and `<name>.csv` with `csv`).

    `fields` are names in the file, each either a field of the model or `name=lookup` through
    its relations (`community=community__slug`)."""

    name: str
    about: str
    rows: Rows
    fields: tuple[str, ...]
    csv: bool = False
    files: Files | None = None


@dataclass(frozen=True)
class Excluded:
    """A model that links to members but is deliberately not exported, and why."""

    reason: str


def _own(label: str, field: str) -> Rows:
    """The rows of model `label` whose `field` is the member."""

    def rows(member: User) -> QuerySet[Any]:
        found: QuerySet[Any] = apps.get_model(label).objects.filter(**{field: member.pk})
        return found

    return rows


def _where(label: str, condition: Callable[[User], Q]) -> Rows:
    def rows(member: User) -> QuerySet[Any]:
        found: QuerySet[Any] = apps.get_model(label).objects.filter(condition(member)).distinct()
        return found

    return rows


def _tracking_csv(member: User) -> Iterator[tuple[str, bytes]]:
    """The whole of the member's tracking in the file Tracking's CSV import reads back."""
    from hearth.tracking.csv_io import export_lines

    yield "tracking.csv", b"".join(export_lines(member))


def _avatar_files(member: User) -> Iterator[tuple[str, bytes]]:
    from hearth.profiles.models import Avatar

    avatar = Avatar.objects.filter(profile_id=member.pk).first()
    if avatar is not None:
        extension = avatar.content_type.rpartition("/")[2] or "bin"
        yield f"profile_picture.{extension}", bytes(avatar.image)


def _either_side(member: User) -> Q:
    return Q(user_low_id=member.pk) | Q(user_high_id=member.pk)


REGISTRY: dict[str, Exported | Excluded] = {
    # --- Account ------------------------------------------------------------------------------
    "accounts.User": Exported(
        "account",
        "Your account: handle, display name, email address, settings, when you joined.",
        _own("accounts.User", "pk"),
        (
            "handle",
            "display_name",
            "email",
            "text_size",
            "hide_reaction_counts",
            "time_zone",
            "date_joined",
            "last_login",
            "is_staff",
            "verified_as",
            "verified_title",
        ),
    ),
    "accounts.AccessToken": Exported(
        "access_tokens",
        "Your API access tokens: names, first characters and dates (never the secret, which is not kept).",
        _own("accounts.AccessToken", "user"),
        ("name", "hint", "created_at", "last_used_at", "revoked_at"),
    ),
    "account.EmailAddress": Exported(
        "email_addresses",
        "Your email addresses and whether each is verified.",
        _own("account.EmailAddress", "user"),
        ("email", "verified", "primary"),
    ),
    "mfa.Authenticator": Exported(
        "two_step_sign_in",
        "Your two-step sign-in methods and when they were used (never their secrets).",
        _own("mfa.Authenticator", "user"),
        ("type", "created_at", "last_used_at"),
    ),
    "usersessions.UserSession": Exported(
        "sign_ins",
        "Where you are signed in: address, browser and dates (never the session's key).",
        _own("usersessions.UserSession", "user"),
        ("created_at", "last_seen_at", "ip", "user_agent"),
        csv=True,
    ),
    "admin.LogEntry": Excluded(
        "The admin site's own record of changes made by site administrators; it is about the site, "
        "and a member's changes are in the files above."
    ),
    "audit.AuditEvent": Exported(
        "moderation_about_you",
        "Moderation actions taken about your account or your posts (such as being removed from a "
        "community, or a post hidden), and your appeals, with the reason given; who took them is not "
        "included.",
        _where(
            "audit.AuditEvent",
            # A dismissed report changed nothing for the member, who is not told of reports.
            lambda m: (Q(target_type="user", target_id=m.pk) | Q(subject=m.pk)) & ~Q(action__endswith=":dismiss"),
        ),
        ("action", "community=community__slug", "reason", "created_at"),
    ),
    # --- Profile ------------------------------------------------------------------------------
    "profiles.Profile": Exported(
        "profile",
        "Your profile, with who may see each part of it.",
        _own("profiles.Profile", "user"),
        (
            "bio",
            "role",
            "caregiver_of",
            "age_range",
            "country",
            "region",
            "interests",
            "bio_visibility",
            "avatar_visibility",
            "role_visibility",
            "interests_visibility",
            "age_range_visibility",
            "place_visibility",
            "conditions_visibility",
            "treatments_visibility",
            "symptoms_visibility",
            "discoverable",
            "discoverable_since",
            "messages_from",
            "updated_at",
        ),
    ),
    "profiles.Avatar": Exported(
        "profile_picture",
        "Your profile picture (the picture itself is profile_picture.webp).",
        _own("profiles.Avatar", "profile"),
        ("content_type", "width", "height", "updated_at"),
        files=_avatar_files,
    ),
    "profiles.ProfileCondition": Exported(
        "conditions",
        "The conditions on your profile.",
        _own("profiles.ProfileCondition", "profile"),
        ("condition=condition__name", "condition_slug=condition__slug", "diagnosed_year"),
        csv=True,
    ),
    "profiles.ProfileTreatment": Exported(
        "treatments",
        "The treatments on your profile.",
        _own("profiles.ProfileTreatment", "profile"),
        ("treatment=treatment__name", "treatment_slug=treatment__slug", "started_on", "stopped_on"),
        csv=True,
    ),
    "profiles.ProfileSymptom": Exported(
        "symptoms",
        "The symptoms on your profile.",
        _own("profiles.ProfileSymptom", "profile"),
        ("symptom=symptom__name", "symptom_slug=symptom__slug"),
        csv=True,
    ),
    # --- Connections and messages ---------------------------------------------------------------
    "connections.Connection": Exported(
        "connections",
        "Your connections and requests to connect, with the note sent with each.",
        _where("connections.Connection", _either_side),
        (
            "member_a=user_low__handle",
            "member_b=user_high__handle",
            "requested_by=requested_by__handle",
            "status",
            "message",
            "created_at",
            "accepted_at",
        ),
    ),
    "connections.Block": Exported(
        "blocks",
        "Members you blocked. (Blocks by others are silent, so they are not listed.)",
        _own("connections.Block", "blocker"),
        ("blocked=blocked__handle", "created_at"),
    ),
    "connections.Mute": Exported(
        "mutes",
        "Members you muted. (Mutes by others are silent, so they are not listed.)",
        _own("connections.Mute", "muter"),
        ("muted=muted__handle", "created_at"),
    ),
    "conversations.Conversation": Exported(
        "conversations",
        "Your conversations of direct messages, and with whom.",
        _where("conversations.Conversation", _either_side),
        ("id", "member_a=user_low__handle", "member_b=user_high__handle", "created_at", "last_message_at"),
    ),
    "conversations.DirectMessage": Exported(
        "direct_messages",
        "The direct messages of your conversations, those you sent and those you received.",
        _where(
            "conversations.DirectMessage",
            lambda m: Q(conversation__user_low_id=m.pk) | Q(conversation__user_high_id=m.pk),
        ),
        ("id", "conversation=conversation_id", "sender=sender__handle", "source", "created_at"),
        csv=True,
    ),
    "conversations.ConversationMember": Exported(
        "conversation_settings",
        "How far you have read each conversation, and whether you muted it.",
        _own("conversations.ConversationMember", "user"),
        ("conversation=conversation_id", "last_read_id", "muted"),
    ),
    "moderation.Report": Exported(
        "reports_made",
        "What you reported to moderators, and your note.",
        _own("moderation.Report", "reporter"),
        ("target_type", "target_id", "reason", "note", "evidence_url", "source_url", "status", "created_at"),
    ),
    # --- Communities and discussions ------------------------------------------------------------
    "communities.Community": Exported(
        "communities_created",
        "Communities you created.",
        _own("communities.Community", "created_by"),
        ("slug", "name", "visibility", "status", "created_at"),
    ),
    "communities.Membership": Exported(
        "memberships",
        "The communities you belong to, and your role in each.",
        _own("communities.Membership", "user"),
        ("community=community__slug", "community_name=community__name", "role", "joined_at"),
        csv=True,
    ),
    "communities.JoinRequest": Exported(
        "join_requests",
        "Your requests to join closed communities, with your answers to their questions.",
        _own("communities.JoinRequest", "user"),
        ("community=community__slug", "answers", "status", "created_at", "decided_at"),
    ),
    "communities.Invite": Exported(
        "invites_created",
        "Invitations you created as a moderator (never their secret).",
        _own("communities.Invite", "created_by"),
        ("community=community__slug", "note", "created_at", "expires_at", "revoked_at", "uses"),
    ),
    "discussions.Thread": Exported(
        "threads",
        "Threads you started.",
        _own("discussions.Thread", "author"),
        ("id", "community=community__slug", "title", "is_anonymous", "members_only", "created_at", "deleted_at"),
        csv=True,
    ),
    "discussions.Post": Exported(
        "posts",
        "Everything you posted, as you wrote it (Markdown), deleted posts included.",
        _own("discussions.Post", "author"),
        (
            "id",
            "thread=thread_id",
            "thread_title=thread__title",
            "community=community__slug",
            "is_first",
            "is_anonymous",
            "members_only",
            "content_warning",
            "source",
            "created_at",
            "edited_at",
            "deleted_at",
        ),
        csv=True,
    ),
    "discussions.PostRevision": Exported(
        "post_revisions",
        "Earlier versions of your posts, from before each edit.",
        _where("discussions.PostRevision", lambda m: Q(post__author_id=m.pk) | Q(edited_by_id=m.pk)),
        ("post=post_id", "source", "content_warning", "created_at"),
    ),
    "discussions.Reaction": Exported(
        "reactions",
        "Your reactions to posts.",
        _own("discussions.Reaction", "user"),
        ("post=post_id", "thread_title=post__thread__title", "community=post__community__slug", "kind", "created_at"),
        csv=True,
    ),
    "notifications.Subscription": Exported(
        "subscriptions",
        "The communities, threads and tags you follow or muted.",
        _own("notifications.Subscription", "user"),
        ("level", "community=community__slug", "thread=thread_id", "tag", "created_at"),
    ),
    "notifications.Notification": Exported(
        "notifications",
        "Notifications sent to you.",
        _own("notifications.Notification", "recipient"),
        ("kind", "community=community__slug", "thread=thread_id", "post=post_id", "created_at", "read_at"),
    ),
    # --- Live chats ---------------------------------------------------------------------------
    "chats.ChatSeries": Exported(
        "chats_hosted",
        "Live chats you created, host or are a guest expert of.",
        _where("chats.ChatSeries", lambda m: Q(hosts__pk=m.pk) | Q(guests__pk=m.pk) | Q(created_by_id=m.pk)),
        ("community=community__slug", "tag", "title", "created_at"),
    ),
    "chats.ChatMessage": Exported(
        "chat_messages",
        "Your messages in live chats.",
        _own("chats.ChatMessage", "author"),
        (
            "chat=live_chat__series__tag",
            "date=live_chat__date",
            "seq",
            "topic=topic__number",
            "source",
            "created_at",
            "hidden_at",
        ),
        csv=True,
    ),
    "chats.Participant": Exported(
        "chat_attendance",
        "The live chats you came into.",
        _own("chats.Participant", "user"),
        ("chat=live_chat__series__tag", "date=live_chat__date", "joined_at", "lurking", "message_count"),
    ),
    "chats.ChatReminder": Exported(
        "chat_reminders",
        "Reminders you set for live chats.",
        _own("chats.ChatReminder", "user"),
        ("chat=series__tag", "minutes_before", "by_email", "in_app"),
    ),
    "chats.CalendarKey": Exported(
        "calendar_keys",
        "When you made or revoked your private calendar address (never its secret).",
        _own("chats.CalendarKey", "user"),
        ("created_at", "revoked_at"),
    ),
    # --- Tracking -------------------------------------------------------------------------------
    "tracking.CheckIn": Exported(
        "check_ins",
        "Your daily check-ins: how you felt, pain, energy, sleep and your note. tracking.csv holds all "
        "your tracking in the form Tracking's import reads back (Tracking, Import).",
        _own("tracking.CheckIn", "member"),
        ("day", "feeling", "pain", "energy", "sleep_hours", "note", "source", "created_at", "updated_at"),
        csv=True,
        files=_tracking_csv,
    ),
    "tracking.SymptomRating": Exported(
        "check_in_symptoms",
        "How severe each symptom was on each check-in (0 none, 1 mild, 2 moderate, 3 severe).",
        _own("tracking.SymptomRating", "check_in__member"),
        ("day=check_in__day", "symptom=symptom__name", "symptom_slug=symptom__slug", "severity"),
        csv=True,
    ),
    "tracking.DoseTaken": Exported(
        "check_in_doses",
        "Each scheduled dose you marked as taken or missed.",
        _own("tracking.DoseTaken", "check_in__member"),
        ("day=check_in__day", "treatment=treatment__name", "label", "taken"),
        csv=True,
    ),
    "tracking.ScheduledDose": Exported(
        "scheduled_doses",
        "The doses you scheduled for the treatments on your profile.",
        _own("tracking.ScheduledDose", "profile_treatment__profile"),
        ("treatment=profile_treatment__treatment__name", "label", "position"),
    ),
    "tracking.Tracker": Exported(
        "trackers",
        "The trackers you made (weight, blood glucose, steps…).",
        _own("tracking.Tracker", "member"),
        ("id", "name", "kind", "unit", "loinc", "created_at"),
    ),
    "tracking.Observation": Exported(
        "tracker_readings",
        "Every reading of your trackers, one a day per tracker.",
        _own("tracking.Observation", "tracker__member"),
        ("tracker=tracker__name", "unit=tracker__unit", "day", "value", "source", "source_ref", "recorded_at"),
        csv=True,
    ),
    "tracking.Goal": Exported(
        "goals",
        "Your goals.",
        _own("tracking.Goal", "member"),
        ("id", "title", "series", "comparison", "target", "days_per_week", "started_on", "ended_on", "created_at"),
    ),
    "tracking.Milestone": Exported(
        "milestones",
        "The milestones your goals reached, and the post where you shared one.",
        _own("tracking.Milestone", "goal__member"),
        ("goal=goal_id", "kind", "reached_on", "celebrated_at", "shared_post=shared_post_id"),
    ),
    "tracking.ShareLink": Exported(
        "tracking_shares",
        "The links you made to share a chart or a summary (never their secret address).",
        _own("tracking.ShareLink", "member"),
        ("id", "kind", "series", "starts_on", "ends_on", "recipient", "created_at", "expires_at", "revoked_at"),
    ),
    "tracking.ShareOpening": Exported(
        "tracking_share_openings",
        "When each of your share links was opened, and by which member when they were signed in.",
        _own("tracking.ShareOpening", "link__member"),
        ("share=link_id", "opened_at", "viewer=viewer__handle"),
    ),
    "tracking.Reminder": Exported(
        "check_in_reminder",
        "Your daily check-in reminder setting.",
        _own("tracking.Reminder", "member"),
        ("enabled", "at", "by_email", "last_sent_on"),
    ),
    "tracking.PendingImport": Excluded(
        "A CSV file checked but not yet confirmed: it is deleted within an hour, and its rows "
        "are not your data until you confirm them."
    ),
    # --- This app -----------------------------------------------------------------------------
    "privacy.DataExport": Excluded("The exports themselves: an archive inside an archive would say nothing new."),
    "privacy.AccountDeletion": Exported(
        "account_deletion",
        "Your requests to delete your account.",
        _own("privacy.AccountDeletion", "member"),
        ("requested_at", "erase_after", "keep_posts", "cancelled_at"),
    ),
    "privacy.ResearchConsent": Exported(
        "research_consent",
        "Your consent to research, each version you agreed to and when you withdrew.",
        _own("privacy.ResearchConsent", "member"),
        ("version", "given_at", "withdrawn_at"),
    ),
    "privacy.PrivateAccessEntry": Exported(
        "access_log",
        "When an administrator or moderator looked at your private data, and why.",
        _own("privacy.PrivateAccessEntry", "member"),
        ("viewer=viewer__handle", "viewer_role", "what", "reason", "created_at"),
    ),
    # --- Well-being ---------------------------------------------------------------------------
    "wellbeing.WellbeingSettings": Exported(
        "wellbeing_settings",
        "Your quiet hours, on your own clock.",
        _own("wellbeing.WellbeingSettings", "user"),
        ("quiet_from", "quiet_until", "updated_at"),
    ),
    "wellbeing.MutedWord": Exported(
        "muted_words",
        "The words and phrases you muted.",
        _own("wellbeing.MutedWord", "user"),
        ("phrase", "created_at"),
        csv=True,
    ),
    "wellbeing.Break": Exported(
        "breaks",
        "The breaks you took: when each started, was to end, and ended if you ended it early.",
        _own("wellbeing.Break", "user"),
        ("starts_at", "ends_at", "ended_at"),
        csv=True,
    ),
    "wellbeing.HeldEmail": Excluded(
        "Emails to you waiting for your quiet hours to end: sent (and deleted) within hours, and "
        "their text is that of reminders you set, which are in the export."
    ),
    # --- Crisis safety ------------------------------------------------------------------------
    "safety.WellbeingCheck": Exported(
        "wellbeing_checks",
        "When something you wrote in a community spoke of a crisis, the quiet check its moderators "
        "were given, and when it was handled (never who handled it).",
        _own("safety.WellbeingCheck", "member"),
        ("community=community__slug", "kind", "what", "object_id", "created_at", "handled_at"),
    ),
    # --- Moderation ---------------------------------------------------------------------------
    "moderation.QueueItem": Excluded(
        "The moderators' work queue of reports. What moderators decided about you and your posts, and "
        "why, is in moderation_measures; the queue also says who reported and who decided, which is "
        "not shared."
    ),
    "moderation.Measure": Exported(
        "moderation_measures",
        "What moderators (or the site's automatic safeguards) did that concerns you: a hidden, labelled "
        "or held post, a warning, a mute, a removal, a suspension, with the reason they gave and when it "
        "ended or was lifted; who took or lifted it is not included.",
        _own("moderation.Measure", "member"),
        (
            "id",
            "kind",
            "community=community__slug",
            "target_type",
            "target_id",
            "reason",
            "label_kind",
            "label_text",
            "label_links",
            "created_at",
            "ends_at",
            "lifted_at",
        ),
    ),
    "moderation.Appeal": Exported(
        "moderation_appeals",
        "Your appeals of those measures: your words, and the answer you were given; who answered is not included.",
        _own("moderation.Appeal", "member"),
        ("measure=measure_id", "text", "status", "answer", "created_at", "decided_at"),
    ),
    "moderation.WatchedWord": Excluded(
        "Words a community's moderators watch for are that community's moderation settings, not data "
        "about you; which moderator added one is kept only for the other moderators."
    ),
    # --- Treatments, reports and evidence ---------------------------------------------------------
    "treatments.TreatmentProposal": Exported(
        "treatment_proposals",
        "Treatments you proposed for the catalogue, and what moderators decided (not who decided).",
        _own("treatments.TreatmentProposal", "proposed_by"),
        ("id", "name", "kind", "other_names", "note", "status", "created_at", "decided_at", "decision_reason"),
    ),
    "experiences.TreatmentReport": Exported(
        "treatment_reports",
        "Your treatment reports: treatment, condition, dates, why you stopped, how well it worked, missed "
        "doses, burden, cost, your tip, and who may see each report.",
        _own("experiences.TreatmentReport", "member"),
        (
            "id",
            "treatment=treatment__name",
            "treatment_slug=treatment__slug",
            "condition=condition__name",
            "condition_slug=condition__slug",
            "started_on",
            "stopped_on",
            "stop_reasons",
            "stop_note",
            "effectiveness",
            "missed_doses",
            "burden",
            "cost_band",
            "tip",
            "share_tip",
            "visibility",
            "created_at",
            "updated_at",
        ),
        csv=True,
    ),
    "experiences.ReportedSideEffect": Exported(
        "treatment_side_effects",
        "The side effects in your treatment reports, each with its severity.",
        _own("experiences.ReportedSideEffect", "report__member"),
        ("report=report_id", "name", "listed", "severity"),
        csv=True,
    ),
    "professionals.Verification": Exported(
        "professional_verifications",
        "Your applications to be a verified professional, with the details you gave and what was "
        "decided (not which administrator decided).",
        _own("professionals.Verification", "member"),
        (
            "id",
            "kind",
            "title",
            "details",
            "register_url",
            "status",
            "created_at",
            "decided_at",
            "decision_reason",
            "withdrawn_at",
            "withdrawal_reason",
        ),
    ),
    "evidence.EvidenceEntry": Exported(
        "evidence_library_entries",
        "Entries you added to the evidence library.",
        _own("evidence.EvidenceEntry", "added_by"),
        ("id", "condition=condition__slug", "kind", "title", "url", "source", "summary", "created_at"),
    ),
}
# Not linked by a key, so not found by looking at the models, and said here for the README.
NOT_LINKED = {
    "Sessions": "The browser sessions themselves hold only a signed reference to your account.",
    "Search index": "The search index repeats the text of posts, which is in posts.json.",
}


def installed_entries() -> list[tuple[str, Exported | Excluded]]:
    """The registry's entries for the models installed now (parts of Hearth may be switched off)."""
    installed = {model._meta.label for model in apps.get_models()}
    return [(label, rule) for label, rule in REGISTRY.items() if label in installed]


def _lookups(fields: tuple[str, ...]) -> dict[str, str]:
    pairs = (spec.partition("=") for spec in fields)
    return {name: lookup or name for name, _, lookup in pairs}


def rows_of(rule: Exported, member: User) -> list[dict[str, Any]]:
    lookups = _lookups(rule.fields)
    found = rule.rows(member).order_by("pk").values(*lookups.values())
    return [{name: row[lookup] for name, lookup in lookups.items()} for row in found]


def _csv(rows: list[dict[str, Any]], fields: Iterable[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fields))
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                key: json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
                if isinstance(value, list | dict)
                else value
                for key, value in row.items()
            }
        )
    return out.getvalue().encode("utf-8-sig")  # the BOM makes spreadsheets read UTF-8


def _readme(member: User, written: list[tuple[str, Exported]]) -> str:
    lines = [
        f"Your data from Hearth, for {member.handle}, prepared {timezone.now():%Y-%m-%d %H:%M} UTC.",
        "",
        "Each file holds one kind of data, as JSON (a list of records); tabular data is also in a",
        "CSV file of the same name, for spreadsheets. Times are in UTC (ISO 8601).",
        "",
        "Files:",
    ]
    for _, exported in written:
        kinds = "json, csv" if exported.csv else "json"
        lines.append(f"  {exported.name} ({kinds}): {exported.about}")
    lines += ["", "Not included, and why:"]
    for label, rule in installed_entries():
        if isinstance(rule, Excluded):
            lines.append(f"  {label}: {rule.reason}")
    for what, reason in NOT_LINKED.items():
        lines.append(f"  {what}: {reason}")
    lines += [
        "",
        "Never included: your password (only a one-way hash of it is kept), the secrets of access",
        "tokens, two-step sign-in and calendar addresses, and anything about who blocked or muted you.",
    ]
    return "\n".join(lines) + "\n"


def build_archive(member: User, on_progress: Callable[[int], None] | None = None) -> bytes:
    """The ZIP of everything `member` entered or that is about them; `on_progress` hears 0 to 99."""
    entries = [(label, rule) for label, rule in installed_entries() if isinstance(rule, Exported)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, (_, rule) in enumerate(entries):
            rows = rows_of(rule, member)
            text = json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
            archive.writestr(f"{rule.name}.json", text)
            if rule.csv:
                archive.writestr(f"{rule.name}.csv", _csv(rows, _lookups(rule.fields)))
            for name, content in rule.files(member) if rule.files else ():
                archive.writestr(name, content)
            if on_progress is not None:
                on_progress(int((done + 1) * 99 / len(entries)))
        archive.writestr("README.txt", _readme(member, entries))
    return buffer.getvalue()
