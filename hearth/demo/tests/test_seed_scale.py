"""seed_scale: synthetic data whose counters add up, whose authors belong where they post, the same
for the same seed, findable by search, and wiped with --fresh without touching anyone real."""

from __future__ import annotations

import collections
import io
import random
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Exists, F, Max, Min, OuterRef
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.accounts.validators import validate_handle
from hearth.communities.models import Community, Membership, Role, Visibility, folded_for_search
from hearth.communities.tests.factories import make_community
from hearth.demo import scale
from hearth.discussions import actions as discussions
from hearth.discussions.models import Post, Reaction, Thread
from hearth.lib.markdown import RENDERER_VERSION, render
from hearth.lib.ratelimit import posting_limits_lifted
from hearth.profiles.models import Profile, ProfileCondition, ProfileSymptom, ProfileTreatment
from hearth.search.query import search
from hearth.search.terms import words

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_scale", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def seeded() -> None:
    seed("--members", "200", "--posts", "1000", "--seed", "7")


def scale_posts() -> object:
    return Post.objects.filter(community__in=scale.scale_communities())


@pytest.mark.usefixtures("seeded")
def test_it_makes_what_was_asked_for() -> None:
    assert scale.scale_members().count() == 200
    assert scale_posts().count() == 1000  # type: ignore[attr-defined]
    assert scale.scale_communities().count() == scale.default_communities(200)
    assert Reaction.objects.filter(post__community__in=scale.scale_communities()).exists()


@pytest.mark.usefixtures("seeded")
def test_community_counters_add_up() -> None:
    for community in scale.scale_communities():
        posts = Post.objects.filter(community=community)
        assert community.member_count == community.memberships.count()
        assert community.thread_count == community.threads.count()
        assert community.post_count == posts.count()
        if community.thread_count:
            assert community.last_activity_at == posts.aggregate(last=Max("created_at"))["last"]
        assert community.memberships.filter(role=Role.FOUNDER, user=community.created_by).exists()


@pytest.mark.usefixtures("seeded")
def test_thread_counters_add_up() -> None:
    threads = Thread.objects.filter(community__in=scale.scale_communities())
    written = {
        row["thread"]: row
        for row in Post.objects.filter(thread__in=threads)
        .values("thread")
        .annotate(count=Count("id"), first_at=Min("created_at"), last_at=Max("created_at"))
    }
    openings = {post.thread_id: post for post in Post.objects.filter(thread__in=threads, is_first=True)}
    assert len(openings) == threads.count()
    for thread in threads:
        assert thread.reply_count == written[thread.pk]["count"] - 1
        assert thread.created_at == written[thread.pk]["first_at"] == openings[thread.pk].created_at
        assert thread.last_post_at == written[thread.pk]["last_at"]
        assert openings[thread.pk].author_id == thread.author_id
        assert openings[thread.pk].members_only == thread.members_only


@pytest.mark.usefixtures("seeded")
def test_authors_and_reactors_are_members() -> None:
    def belongs(user_field: str) -> Exists:
        return Exists(Membership.objects.filter(community=OuterRef("community"), user=OuterRef(user_field)))

    assert not scale_posts().exclude(belongs("author")).exists()  # type: ignore[attr-defined]
    reactions = Reaction.objects.filter(post__community__in=scale.scale_communities())
    assert not reactions.exclude(
        Exists(Membership.objects.filter(community=OuterRef("post__community"), user=OuterRef("user")))
    ).exists()
    assert not reactions.filter(user=F("post__author")).exists()


@pytest.mark.usefixtures("seeded")
def test_members_cannot_log_in_with_a_password_and_have_verified_addresses() -> None:
    members = list(scale.scale_members())
    assert not any(member.has_usable_password() for member in members)
    for member in members[:50]:
        validate_handle(member.handle)
    verified = EmailAddress.objects.filter(user__in=members, verified=True, primary=True)
    assert verified.count() == len(members)


@pytest.mark.usefixtures("seeded")
def test_posts_are_rendered_as_the_renderer_would() -> None:
    for post in scale_posts().order_by("pk")[:200]:  # type: ignore[attr-defined]
        rendered = render(post.source)
        assert post.html == rendered.html
        assert post.plain_text == rendered.plain_text
        assert post.renderer_version == RENDERER_VERSION


@pytest.mark.usefixtures("seeded")
def test_communities_are_found_by_their_words_whatever_the_case() -> None:
    communities = scale.scale_communities()
    for community in communities:
        assert (community.search_name, community.search_text) == folded_for_search(
            community.name, community.description
        )
    public = communities.filter(visibility=Visibility.PUBLIC).order_by("pk").first()
    assert public is not None
    assert public in search(AnonymousUser(), public.name.upper()).communities


@pytest.mark.usefixtures("seeded")
def test_most_communities_are_public() -> None:
    kinds = collections.Counter(scale.scale_communities().values_list("visibility", flat=True))
    assert kinds[Visibility.PUBLIC] > kinds[Visibility.CLOSED] + kinds[Visibility.PRIVATE]
    assert all(community.conditions.exists() for community in scale.scale_communities())


def test_thread_lengths_and_memberships_are_skewed() -> None:
    seed("--members", "2000", "--posts", "10000", "--seed", "3")
    lengths = sorted(
        Thread.objects.filter(community__in=scale.scale_communities()).values_list("reply_count", flat=True)
    )
    short = sum(1 for replies in lengths if replies < 5)
    assert short > 0.75 * len(lengths)
    assert lengths[-1] >= 50
    sizes = sorted(scale.scale_communities().values_list("member_count", flat=True), reverse=True)
    assert sizes[0] > 3 * sizes[len(sizes) // 2]


def test_the_same_seed_makes_the_same_data_and_another_seed_does_not() -> None:
    seed("--members", "150", "--posts", "600", "--seed", "11")
    first = scale.digest()
    seed("--fresh", "--members", "150", "--posts", "600", "--seed", "11")
    assert scale.digest() == first
    seed("--fresh", "--members", "150", "--posts", "600", "--seed", "12")
    assert scale.digest() != first


@pytest.mark.usefixtures("seeded")
def test_a_second_run_adds_and_fresh_wipes_only_synthetic_data() -> None:
    output = seed("--members", "20", "--posts", "30", "--communities", "2", "--verbosity", "2")
    assert "Seeded 20 members, 2 communities" in output
    steps = {line.split()[0] for line in output.splitlines()[1:]}  # the time each step took
    assert {"members", "communities", "threads", "posts"} <= steps
    assert scale.scale_members().count() == 220
    assert User.objects.filter(handle="scale_member220").exists()

    maya = UserFactory.create(handle="maya_r")
    lupus = make_community(maya)
    with posting_limits_lifted():
        discussions.do_create_thread(maya, lupus, "Fatigue", discussions.PostInput(source="Is this normal?"))
        # Maya also joined a synthetic community and reacted there: that goes, she stays.
        synthetic = scale.scale_communities().filter(visibility=Visibility.PUBLIC).first()
        assert synthetic is not None
        Membership.objects.create(community=synthetic, user=maya)
        discussions.do_react(maya, Post.objects.filter(community=synthetic).first(), "hug")  # type: ignore[arg-type]

    output = seed("--fresh", "--members", "0", "--posts", "0")

    assert "Deleted 220 synthetic members" in output
    assert not scale.scale_members().exists()
    assert not scale.scale_communities().exists()
    assert list(Community.objects.values_list("slug", flat=True)) == [lupus.slug]
    assert Post.objects.count() == 1
    assert User.objects.filter(handle="maya_r").exists()
    assert not Reaction.objects.exists()
    assert not search(AnonymousUser(), "normal").is_empty


@pytest.mark.usefixtures("seeded")
def test_search_finds_seeded_words() -> None:
    public = Post.objects.filter(community__in=scale.scale_communities().filter(visibility=Visibility.PUBLIC))
    post = public.filter(members_only=False, plain_text__icontains="fatigue").first()
    assert post is not None

    results = search(AnonymousUser(), "fatigue")

    assert results.posts
    assert all("fatigue" in words(result.post.plain_text + " " + result.post.thread.title) for result in results.posts)
    title = Thread.objects.filter(community__visibility=Visibility.PUBLIC, members_only=False).first()
    assert title is not None
    assert not search(AnonymousUser(), title.title).is_empty


def test_search_terms_are_as_common_as_they_claim() -> None:
    writing = scale.Writing(random.Random(5))  # noqa: S311
    posts = [set(words(scale.as_source(writing.paragraphs()))) for _ in range(20_000)]
    share = {
        word: sum(word in post for post in posts) / len(posts)
        for terms in scale.SEARCH_TERMS.values()
        for word in terms
    }
    for word in scale.SEARCH_TERMS["frequent"]:
        assert 0.03 < share[word] < 0.08, word
    for word in scale.SEARCH_TERMS["uncommon"]:
        assert 0.005 < share[word] < 0.02, word
    for word in scale.SEARCH_TERMS["rare"]:
        assert share[word] < 0.001, word
    assert sum("i" in post for post in posts) > 0.5 * len(posts)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--members", "-1", "--posts", "10"], "cannot be negative"),
        (["--members", "10", "--posts", "-5"], "cannot be negative"),
        (["--members", "0", "--posts", "10"], "Posts need authors"),
        (["--members", "20000000", "--posts", "10"], "at most 10,000,000"),
        (["--members", "10", "--posts", "10000001"], "at most 10,000,000"),
        (["--members", "ten", "--posts", "10"], "invalid int value"),
        (["--members", "10", "--posts", "1.5"], "invalid int value"),
        (["--members", "10", "--posts", "10", "--communities", "11"], "cannot be more than --members"),
        (["--members", "10", "--posts", "10", "--communities", "0"], "at least 1"),
        (["--members", "10", "--posts", "10", "--batch", "5"], "--batch is between"),
        (["--members", "0", "--posts", "0"], "Nothing to do"),
        (["--members", "10", "--posts", "10", "--discoverable", "1.5"], "--discoverable is a share"),
        (["--posts", "10"], "--members"),
    ],
)
def test_nonsense_is_refused(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        seed(*args)
    assert not scale.scale_members().exists()


def test_progress_draws_a_bar_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    progress = scale.Progress(terminal)
    progress.begin("posts", 10)
    progress.advance(10)
    progress.end()

    assert "\r" in terminal.getvalue()
    assert "#" * scale.Progress.WIDTH in terminal.getvalue()
    assert progress.timings[0][:2] == ("posts", 10)


def test_seven_digit_numbers_do_not_look_like_phone_numbers() -> None:
    validate_handle(scale.handle_for(1_234_567))
    assert scale.handle_for(42) == "scale_member42"


def test_members_get_profiles_for_patients_like_me() -> None:
    seed("--members", "1000", "--posts", "0", "--seed", "5", "--discoverable", "0.5")
    members = scale.scale_members()
    profiles = Profile.objects.filter(user__in=members)

    assert profiles.count() == 1000
    assert 400 < profiles.filter(discoverable=True).count() < 600
    assert not profiles.filter(discoverable=True, discoverable_since__isnull=True).exists()
    held = collections.Counter(
        ProfileCondition.objects.filter(profile__in=profiles).values_list("condition__slug", flat=True)
    )
    assert {slug for slug, _ in held.most_common(3)} == {
        "systemic-lupus-erythematosus",
        "breast-cancer",
        "type-1-diabetes",
    }
    assert len(held) > 50  # and a long tail
    per_member = collections.Counter(
        ProfileCondition.objects.filter(profile__in=profiles).values_list("profile", flat=True)
    )
    assert set(per_member.values()) <= {1, 2, 3}
    for taken in ProfileTreatment.objects.filter(profile__in=profiles).select_related("treatment")[:200]:
        used_for = set(taken.treatment.conditions.values_list("pk", flat=True))
        assert used_for & set(
            ProfileCondition.objects.filter(profile=taken.profile).values_list("condition", flat=True)
        )
    shown = collections.Counter(profiles.values_list("conditions_visibility", flat=True))
    assert shown["only_me"] > shown["public"] > 0
    assert shown["communities"] > 0
    assert ProfileSymptom.objects.filter(profile__in=profiles).exists()
    assert (
        profiles.exclude(region="").filter(region__startswith=F("country")).count()
        == profiles.exclude(region="").count()
    )


def test_profiles_are_the_same_for_the_same_seed_and_go_with_fresh() -> None:
    def fingerprint() -> list[tuple[object, ...]]:
        rows = ProfileCondition.objects.filter(profile__user__in=scale.scale_members())
        return list(
            rows.order_by("profile__user__handle", "condition__slug").values_list(
                "profile__user__handle", "condition__slug", "diagnosed_year", "profile__conditions_visibility"
            )
        )

    seed("--members", "300", "--posts", "0", "--seed", "9")
    first = fingerprint()
    seed("--fresh", "--members", "300", "--posts", "0", "--seed", "9")
    assert fingerprint() == first

    seed("--fresh", "--members", "0", "--posts", "0")
    assert not Profile.objects.exists()
    assert not ProfileCondition.objects.exists()


def test_some_members_check_in_rating_their_own_symptoms_and_fresh_wipes_it() -> None:
    from hearth.tracking.models import CheckIn, SymptomRating

    seed("--members", "1000", "--posts", "0", "--seed", "3")
    check_ins = CheckIn.objects.filter(member__in=scale.scale_members())
    members_checking_in = check_ins.values("member").distinct().count()
    assert 10 <= members_checking_in <= 120  # about 5%
    assert check_ins.count() > members_checking_in  # several days each
    assert check_ins.filter(day__gte=timezone.localdate()).count() == 0  # never today or later
    ratings = SymptomRating.objects.filter(check_in__in=check_ins)
    assert not ratings.exclude(
        Exists(ProfileSymptom.objects.filter(profile_id=OuterRef("check_in__member_id"), symptom=OuterRef("symptom")))
    ).exists()

    seed("--fresh", "--members", "0", "--posts", "0")
    assert not CheckIn.objects.exists()
    assert not SymptomRating.objects.exists()
