"""Demo moderation: Ravi's type 1 diabetes community holds a reported post waiting in his queue, a
post he labelled "Disputed: see sources" (linking to the evidence library), a quiet well-being
check after a member wrote that she cannot go on, a private warning the member appealed (the
appeal waits in his queue), and a watched phrase that holds posts for his approval. Idempotent:
each is made once, found again by its thread's title."""

from __future__ import annotations

from hearth.accounts.models import User
from hearth.communities.models import Community, Membership, Role
from hearth.demo.evidence import library_entry
from hearth.discussions import actions as discussions
from hearth.discussions.models import Post, Thread
from hearth.moderation.actions import DecisionInput, do_decide, do_report_post
from hearth.moderation.actions.appeals import do_appeal
from hearth.moderation.actions.measures import do_warn
from hearth.moderation.actions.safeguards import do_add_watched_word
from hearth.moderation.models import LabelKind, WatchedAction
from hearth.safety.actions import do_notice_crisis
from hearth.safety.models import CheckedContent

COMMUNITY = "t1d-together"
REPORTED = (
    "Cinnamon instead of basal insulin?",
    "A friend says cinnamon capsules let her drop her basal insulin. Has anyone tried?",
)
LABELLED = (
    "Keto reversed my type 1",
    "Strict keto for three months and my type 1 is reversed; I barely need insulin now.",
)
CRISIS = ("Another bad night", "Lows all night again. I can't do this anymore, I want to end it.")
SOURCE = "https://www.niddk.nih.gov/health-information/diabetes/overview/what-is-diabetes/type-1-diabetes"


def _thread(author: User, community: Community, title: str, body: str) -> Post:
    thread = Thread.objects.filter(community=community, title=title).first()
    if thread is None:
        thread = discussions.do_create_thread(author, community, title, discussions.PostInput(source=body))
    return Post.objects.get(thread=thread, is_first=True)


def seed_moderation(members: dict[str, User]) -> int:
    """Return how many posts were made now (0 when they were there already)."""
    community = Community.objects.filter(slug=COMMUNITY).first()
    if community is None or Thread.objects.filter(community=community, title=REPORTED[0]).exists():
        return 0
    ravi, lena, maya = members["ravi"], members["lena_sle"], members["maya_r"]
    for member in (lena, maya):
        Membership.objects.get_or_create(community=community, user=member, defaults={"role": Role.MEMBER})
    reported = _thread(lena, community, *REPORTED)
    do_report_post(maya, reported.pk, "misinformation", "Stopping basal insulin can be dangerous.")
    labelled = _thread(lena, community, *LABELLED)
    item = do_report_post(maya, labelled.pk, "misinformation", "Type 1 cannot be reversed.").report.item
    if item is None:  # pragma: no cover  (a report of a post always joins an item)
        return 1
    entry = library_entry("type-1-diabetes", SOURCE)  # the evidence library's page on it
    label = DecisionInput(
        decision="label",
        reason="This contradicts what we know about type 1 diabetes; the sources explain why.",
        label_kind=LabelKind.DISPUTED,
        label_links=(SOURCE, *([entry.get_absolute_url()] if entry is not None else [])),
    )
    do_decide(ravi, item, label)
    crisis = _thread(lena, community, *CRISIS)
    do_notice_crisis(lena, CRISIS[1], what=CheckedContent.POST, object_id=crisis.pk, community=community)
    warning = do_warn(ravi, community, lena, "Please add a source when you share medical claims, as our rules ask.")
    do_appeal(lena, warning, "I was sharing what happened to me, not advising anyone. I have added that to the post.")
    do_add_watched_word(ravi, community, "miracle cure", WatchedAction.HOLD)
    return 3
