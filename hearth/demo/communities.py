# ruff: noqa: E501  (demo copy reads best one sentence to a line)
"""Demo communities, threads, replies and reactions for the personas. Idempotent: a community
whose slug exists is left as it is."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from hearth.accounts.models import User
from hearth.communities import actions as communities
from hearth.communities.models import Community, Membership, Role
from hearth.conditions.models import Condition
from hearth.discussions import actions as discussions
from hearth.discussions.models import Post, Reaction, Thread


@dataclass(frozen=True)
class DemoThread:
    author: str
    title: str
    body: str
    replies: tuple[tuple[str, str], ...] = ()
    reactions: tuple[tuple[str, str], ...] = ()
    content_warning: str = ""


@dataclass(frozen=True)
class DemoCommunity:
    slug: str
    name: str
    founder: str
    description: str
    conditions: tuple[str, ...]
    visibility: str = "public"
    members: tuple[str, ...] = ()
    moderators: tuple[str, ...] = ()
    rules: str = "Be kind. Share experiences, not prescriptions. Talk to your clinician about changes to treatment."
    entry_questions: tuple[str, ...] = ()
    parent: str = ""
    anonymous_posting: bool = False
    threads: tuple[DemoThread, ...] = field(default_factory=tuple)


COMMUNITIES = (
    DemoCommunity(
        "living-with-lupus", "Living with lupus", "tiffany",
        "For anyone living with lupus (SLE) or caring for someone who is. Home of the weekly #LupusChat.",
        ("systemic-lupus-erythematosus", "cutaneous-lupus-erythematosus"),
        members=("maya_r", "ellen71", "sam_cares", "lena_sle"), moderators=("ravi",), anonymous_posting=True,
        threads=(
            DemoThread("maya_r", "Is this level of fatigue normal?",
                       "Diagnosed three weeks ago. Some days I can't get off the sofa by 2pm. Does it get better?",
                       replies=(("tiffany", "It is very common, @maya_r. For me pacing made the biggest difference. #LupusChat"),
                                ("ellen71", "Twenty years in: good days come back. Be gentle with yourself.")),
                       reactions=(("tiffany", "hug"), ("ellen71", "me_too"), ("sam_cares", "hug"))),
            DemoThread("tiffany", "#LupusChat topics for Monday",
                       "T1: What helped you most in your first year?\nT2: How do you explain flares at work?",
                       reactions=(("maya_r", "thanks"),)),
            DemoThread("ellen71", "Hydroxychloroquine and eye checks",
                       "How often do you all get your eyes checked? My clinic says once a year.",
                       replies=(("tiffany", "Same here, yearly after the first five years. Ask your rheumatologist."),),
                       reactions=(("maya_r", "helpful"),)),
        ),
    ),
    DemoCommunity(
        "breast-cancer-support", "Breast cancer support", "dr_attai",
        "Peer support for people with breast cancer at any stage, and those who love them. #BCSM",
        ("breast-cancer",), members=("maya_r", "tiffany", "june_b"),
        threads=(
            DemoThread("maya_r", "Questions to ask before surgery?",
                       "My consult is next week. What did you wish you had asked?",
                       replies=(("dr_attai", "Ask about all of your options, and bring someone to take notes. General info only; your team knows your case."),),
                       reactions=(("tiffany", "helpful"),), content_warning="surgery details"),
        ),
    ),
    DemoCommunity(
        "stage-iv", "Stage IV", "dr_attai", "For people living with metastatic breast cancer.",
        ("breast-cancer",), parent="breast-cancer-support", members=("maya_r",),
    ),
    DemoCommunity(
        "lobular", "Lobular breast cancer", "dr_attai", "Invasive lobular carcinoma: experiences and research news.",
        ("breast-cancer",), parent="breast-cancer-support",
    ),
    DemoCommunity(
        "t1d-together", "Type 1 diabetes together", "ravi",
        "Living with T1D: pumps, CGMs, exercise, and the everyday maths.", ("type-1-diabetes",),
        members=("ellen71",),
        threads=(
            DemoThread("ellen71", "Lows at night", "Any tips for overnight lows after exercise?",
                       replies=(("ravi", "Talk to your team about basal changes; many of us have a small snack before bed."),)),
        ),
    ),
    DemoCommunity(
        "ibd-crohns-uc", "Crohn's and colitis", "tiffany", "Inflammatory bowel disease: Crohn's and ulcerative colitis.",
        ("crohns-disease", "ulcerative-colitis"), visibility="closed",
        entry_questions=("What brings you here?",), members=("maya_r",),
        threads=(DemoThread("tiffany", "Welcome, and please introduce yourself", "Tell us as much or as little as you like."),),
    ),
    DemoCommunity(
        "rare-disease-caregivers", "Rare disease caregivers", "sam_cares",
        "A private group for parents and carers of children with rare diseases. By invitation only.",
        ("22q11-2-deletion-syndrome",), visibility="private", members=("tiffany",),
        threads=(DemoThread("sam_cares", "Hospital bag checklist", "What do you always pack for unplanned admissions?",
                            replies=(("tiffany", "Phone charger with a long cable, and a notebook for the doctors' names."),)),),
    ),
    DemoCommunity(
        "me-cfs-circle", "ME/CFS circle", "ellen71", "Support for people with ME/CFS: pacing, rest, and being believed.",
        ("myalgic-encephalomyelitis-chronic-fatigue-syndrome",), visibility="closed", members=("maya_r",),
    ),
)  # fmt: skip


def seed_communities(members: dict[str, User]) -> list[Community]:
    created = []
    for demo in COMMUNITIES:
        if Community.objects.filter(slug=demo.slug).exists():
            continue
        founder = members[demo.founder]
        parent = Community.objects.filter(slug=demo.parent).first() if demo.parent else None
        community = communities.do_create_community(
            founder,
            communities.CommunityInput(
                name=demo.name,
                description=demo.description,
                visibility=demo.visibility,
                rules=demo.rules,
                conditions=list(Condition.objects.filter(slug__in=demo.conditions)),
                parent=parent,
                anonymous_posting=demo.anonymous_posting,
                entry_questions=demo.entry_questions,
            ),
        )
        if community.slug != demo.slug:
            Community.objects.filter(pk=community.pk).update(slug=demo.slug)
            community.refresh_from_db()
        for handle in (*demo.members, *demo.moderators):
            role = Role.MODERATOR if handle in demo.moderators else Role.MEMBER
            Membership.objects.get_or_create(community=community, user=members[handle], defaults={"role": role})
        Community.objects.filter(pk=community.pk).update(member_count=community.memberships.count())
        for demo_thread in demo.threads:
            _seed_thread(community, demo_thread, members)
        created.append(community)
    return created


def _seed_thread(community: Community, demo: DemoThread, members: dict[str, User]) -> Thread:
    thread = discussions.do_create_thread(
        members[demo.author],
        community,
        demo.title,
        discussions.PostInput(source=demo.body, content_warning=demo.content_warning),
    )
    for handle, text in demo.replies:
        discussions.do_reply(members[handle], thread, discussions.PostInput(source=text))
    first = Post.objects.get(thread=thread, is_first=True)
    for handle, kind in demo.reactions:
        Reaction.objects.get_or_create(post=first, user=members[handle], kind=kind)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=timezone.now())
    return thread
