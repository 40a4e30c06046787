"""Reports and moderators' decisions.

Reporting: whoever calls `do_report` has already checked that the reporter may see the target
(`do_report_post` does so for posts). Deciding: whoever calls `do_decide` has already checked that
the moderator moderates the item's community (`hearth.moderation.access.item_for`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from hearth.accounts.access import refuse_if_suspended
from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.discussions.access import post_for
from hearth.discussions.actions import TooLong
from hearth.discussions.models import Post
from hearth.lib.page_cache import forget_visitor_pages
from hearth.lib.ratelimit import Limit, hit
from hearth.lib.text import refuse_nul
from hearth.moderation.models import (
    DECISION_REASON_MAX,
    LABEL_LINKS_MAX,
    LABEL_TEXT_MAX,
    NOTE_MAX,
    URL_MAX,
    Decision,
    LabelKind,
    Measure,
    MeasureKind,
    QueueItem,
    Reason,
    Report,
    ReportStatus,
    TargetType,
)
from hearth.moderation.safeguards import after_report, settle, waits_for_approval
from hearth.notifications.actions import notify
from hearth.notifications.models import Kind
from hearth.safety.models import WellbeingCheck

THANKS = "Thanks, moderators will look at it."
ALREADY = "You reported this already; moderators will look at it."
REPORT_LIMITS = (Limit(count=20, seconds=3600),)
SOURCE_URL_MAX = 500
_WEB_LINK = URLValidator(schemes=["http", "https"])


class AlreadyHandled(ValidationError):  # noqa: N818  (a ValidationError, named for what is wrong)
    """Another moderator (or this one, in another tab) decided first."""

    def __init__(self, by: User | None) -> None:
        name = f"@{by.handle}" if by is not None else "a former moderator"
        super().__init__(f"Already handled by {name}.", code="handled")


def check_web_link(url: str, *, code: str = "link", library: bool = False) -> str:
    """An http or https address of at most URL_MAX characters, or a refusal with `code`. With
    `library`, the site path of an evidence library entry (/library/<condition>/<id>/) too."""
    refuse_nul(url)
    url = url.strip()
    if len(url) > URL_MAX:
        raise ValidationError(f"A link has at most {URL_MAX} characters.", code=code)
    if library and url.startswith("/"):
        return check_library_link(url, code=code)
    try:
        _WEB_LINK(url)
    except ValidationError:
        said = "A link must be a web address starting with http:// or https://"
        said += ", or the address of an entry of the evidence library." if library else "."
        raise ValidationError(said, code=code) from None
    return url


def check_library_link(path: str, *, code: str = "link") -> str:
    """The site path of an entry of the evidence library that is still in it, or a refusal."""
    from hearth.evidence.labels import library_entry  # the library builds on moderation's link checks

    entry = library_entry(path)
    if entry is None:
        raise ValidationError(
            "A link within Hearth must be the address of an entry of the evidence library.", code=code
        )
    return entry.get_absolute_url()


def check_report(reason: str, note: str, evidence_url: str = "") -> tuple[str, str]:
    """The report's note, and its source link (kept only for misinformation), checked."""
    if reason not in Reason.values:
        raise ValidationError("Choose a reason for the report.", code="reason")
    refuse_nul(note, evidence_url)
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise TooLong(f"A note has at most {NOTE_MAX:,} characters (this one has {len(note):,}).")
    evidence_url = evidence_url.strip()
    if reason != Reason.MISINFORMATION or not evidence_url:
        return note, ""  # a link typed before choosing another reason says nothing about it
    return note, check_web_link(evidence_url, code="evidence_url")


def _open_item(target_type: str, target_id: int, community: Any) -> QueueItem:
    """The open queue item of a target, made by its first report."""
    try:
        with transaction.atomic():
            item, _ = QueueItem.objects.get_or_create(
                target_type=target_type, target_id=target_id, handled_at=None, defaults={"community": community}
            )
    except IntegrityError:  # another reporter's first report made it just now
        item = QueueItem.objects.get(target_type=target_type, target_id=target_id, handled_at=None)
    return item


@dataclass(frozen=True)
class Reported:
    report: Report
    already: bool  # the reporter's earlier report is still open: nothing new was made

    @property
    def message(self) -> str:
        return ALREADY if self.already else THANKS


def do_report(
    reporter: User,
    target_type: TargetType,
    target_id: int,
    reason: str,
    note: str = "",
    source_url: str = "",
    *,
    community: Any = None,
    evidence_url: str = "",
) -> Reported:
    """Report something once: reporting it again while the first report is open adds nothing
    (and says so: `already`)."""
    refuse_if_suspended(reporter, "report")
    note, evidence_url = check_report(reason, note, evidence_url)
    hit("report", reporter.pk, REPORT_LIMITS, what="reported")
    earlier = Report.objects.filter(
        reporter=reporter, target_type=target_type, target_id=target_id, status=ReportStatus.OPEN
    ).first()
    if earlier is not None:
        return Reported(earlier, already=True)
    report = Report.objects.create(
        reporter=reporter,
        target_type=target_type,
        target_id=target_id,
        item=_open_item(target_type, target_id, community),
        reason=reason,
        note=note,
        source_url=source_url.replace("\x00", "")[:SOURCE_URL_MAX],
        evidence_url=evidence_url,
    )
    after_report(report)  # several established members' reports hide a post at once
    return Reported(report, already=False)


def do_report_post(reporter: User, post_id: int, reason: str, note: str = "", evidence_url: str = "") -> Reported:
    """Report a post the reporter can see (404 otherwise) and did not write (refused as "own")."""
    post, _ = post_for(reporter, post_id)
    if post.author_id == reporter.pk:
        raise ValidationError("This is your own post: edit or delete it instead.", code="own")
    reported = do_report(
        reporter,
        TargetType.POST,
        post.pk,
        reason,
        note,
        post.get_absolute_url(),
        community=post.community,
        evidence_url=evidence_url,
    )
    from hearth.moderation.actions.reports import send_kind_word_after  # it builds on this module

    send_kind_word_after(reported, post.author, post.community)
    return reported


# --- Deciding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionInput:
    decision: str
    reason: str
    label_kind: str = ""
    label_text: str = ""
    label_links: tuple[str, ...] = ()


def check_decision(item: QueueItem, given: DecisionInput) -> DecisionInput:
    """A decision the item can take, with its reason (shown to the member) and label checked."""
    if given.decision not in Decision.values:
        raise ValidationError("Choose what to do.", code="decision")
    if given.decision != Decision.DISMISS and item.target_type != TargetType.POST:
        if item.target_type != TargetType.CHAT_MESSAGE:
            raise ValidationError("Only posts can be hidden or labelled (chat messages hidden).", code="decision")
        if given.decision != Decision.HIDE:
            raise ValidationError("A chat message can be hidden, not labelled.", code="decision")
    given = _approving(item, given)
    refuse_nul(given.reason, given.label_text, *given.label_links)
    reason = given.reason.strip()
    if not reason:
        raise ValidationError("Give a short reason: the member is told it.", code="reason")
    if len(reason) > DECISION_REASON_MAX:
        raise ValidationError(f"A reason has at most {DECISION_REASON_MAX} characters.", code="reason")
    if given.decision != Decision.LABEL:
        return DecisionInput(given.decision, reason)
    if given.label_kind == LabelKind.DISPUTED:
        links = tuple(dict.fromkeys(check_web_link(link, library=True) for link in given.label_links if link.strip()))
        if not 1 <= len(links) <= LABEL_LINKS_MAX:
            raise ValidationError(f"Give one to {LABEL_LINKS_MAX} links to sources.", code="label")
        return DecisionInput(given.decision, reason, LabelKind.DISPUTED, "", links)
    if given.label_kind == LabelKind.CONTENT_WARNING:
        text = given.label_text.strip()
        if not text or len(text) > LABEL_TEXT_MAX:
            raise ValidationError(f"Write the content warning, in at most {LABEL_TEXT_MAX} characters.", code="label")
        return DecisionInput(given.decision, reason, LabelKind.CONTENT_WARNING, text)
    raise ValidationError("Choose a label: disputed, or a content warning.", code="label")


def _approving(item: QueueItem, given: DecisionInput) -> DecisionInput:
    """Approving is for a post held for approval, and dismissing one lets it through: approves it."""
    held = waits_for_approval(item)
    if given.decision == Decision.APPROVE and not held:
        raise ValidationError("Only a post waiting for approval can be approved.", code="decision")
    if given.decision == Decision.DISMISS and held:
        return replace(given, decision=Decision.APPROVE)
    return given


def target_of(item: QueueItem) -> models.Model | None:
    """What the item is about, while it still exists."""
    if item.target_type == TargetType.POST:
        return Post.objects.select_related("thread", "author").filter(pk=item.target_id).first()
    if item.target_type == TargetType.DIRECT_MESSAGE:
        model = apps.get_model("conversations", "DirectMessage")
        found: models.Model | None = model.objects.select_related("sender").filter(pk=item.target_id).first()
        return found
    if item.target_type == TargetType.CHAT_MESSAGE:
        chat_message = apps.get_model("chats", "ChatMessage")
        related = ("author", "live_chat__series__community")
        message: models.Model | None = chat_message.objects.select_related(*related).filter(pk=item.target_id).first()
        return message
    if item.target_type == TargetType.PROFILE:
        return User.objects.filter(pk=item.target_id).first()
    if item.target_type == TargetType.COMMUNITY:
        community_model = apps.get_model("communities", "Community")
        community: models.Model | None = community_model.objects.filter(pk=item.target_id).first()
        return community
    return None


_TOLD = {Decision.HIDE: Kind.POST_HIDDEN, Decision.LABEL: Kind.POST_LABELLED}
_MEASURES = {Decision.HIDE: MeasureKind.HIDE, Decision.LABEL: MeasureKind.LABEL}


def do_decide(moderator: User, item: QueueItem, given: DecisionInput) -> QueueItem:
    """Decide an item once, close its reports, write it to the audit log and tell the author.

    A dismissal changes nothing the author can see, so they are not told of it (nor of the report).
    """
    checked = check_decision(item, given)
    with transaction.atomic():
        # Two moderators deciding the same item at once: the second finds it handled.
        item = QueueItem.objects.select_for_update().get(pk=item.pk)
        if item.is_handled:
            raise AlreadyHandled(item.handled_by)
        item.handled_at = timezone.now()
        item.handled_by = moderator
        item.decision = checked.decision
        item.reason = checked.reason
        item.label_kind = checked.label_kind
        item.label_text = checked.label_text
        item.label_links = list(checked.label_links)
        item.save()
        item.reports.filter(status=ReportStatus.OPEN).update(status=ReportStatus.CLOSED)
        target = target_of(item) or item
        author = author_of(target)
        data: dict[str, Any] = {"item": item.pk}
        if checked.decision == Decision.LABEL:
            data.update(label=checked.label_kind, text=checked.label_text, links=list(checked.label_links))
        record(
            moderator,
            f"{item.target_type}:{checked.decision}",
            target,
            community=item.community,
            reason=checked.reason,
            subject=shown_subject(target, author),
            **data,
        )
        if isinstance(target, Post):  # a hold or a safeguard's hide gives way to the moderator's decision
            settle(moderator, target, checked.decision, checked.reason)
        if isinstance(target, Post) and checked.decision in _MEASURES:
            measure = Measure.objects.create(
                kind=_MEASURES[Decision(checked.decision)],
                member=author,
                community=item.community,
                target_type=TargetType.POST,
                target_id=target.pk,
                item=item,
                reason=checked.reason,
                label_kind=checked.label_kind,
                label_text=checked.label_text,
                label_links=list(checked.label_links),
                created_by=moderator,
            )
            forget_visitor_pages()
            post, kind = target, _TOLD[Decision(checked.decision)]
            if author is not None:
                transaction.on_commit(
                    lambda: notify(
                        author, kind, community=post.community, thread=post.thread, post=post, measure=measure
                    )
                )
        elif checked.decision == Decision.HIDE and item.target_type == TargetType.CHAT_MESSAGE and target is not item:
            from hearth.moderation.actions.reports import hide_chat_message  # it builds on this module

            hide_chat_message(moderator, item, target, checked.reason)  # type: ignore[arg-type]
    return item


def shown_subject(target: object, author: User | None) -> User | None:
    """The member an audit event names as concerned: nobody, for an anonymous post, whose author
    moderators learn only through the audited "who wrote this?" (the member still finds the
    measure in their record, which reads `Measure.member`)."""
    return None if getattr(target, "is_anonymous", False) else author


def author_of(target: models.Model | None) -> User | None:
    """Who wrote the target (a post, a chat or direct message), or whose profile it is."""
    if target is None:
        return None
    if isinstance(target, User):
        return target
    for field in ("author", "sender"):
        found = getattr(target, field, None)
        if isinstance(found, User):
            return found
    return None


def do_mark_check_done(moderator: User, check: WellbeingCheck) -> WellbeingCheck:
    """A moderator reached out (or saw nothing to do); the check leaves the queue."""
    with transaction.atomic():
        # Two moderators marking the same check at once: the second finds it done.
        check = WellbeingCheck.objects.select_for_update().get(pk=check.pk)
        if check.is_handled:
            raise AlreadyHandled(check.handled_by)
        check.handled_at = timezone.now()
        check.handled_by = moderator
        check.save(update_fields=["handled_at", "handled_by"])
        record(moderator, "wellbeing_check:done", check, community=check.community)
    return check
