"""The best matches come first; words too common to rank bring the newest posts first."""

from __future__ import annotations

import pytest

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities import actions as communities
from hearth.communities.models import Community
from hearth.search import query
from hearth.search.query import search
from hearth.search.tests.factories import first_post, make_reply, make_thread
from hearth.search.tests.finding import found

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_posts(tiffany: User, maya: User, lupus: Community) -> list[int]:
    """Oldest first: a thread about fatigue, then two passing mentions."""
    thread = make_thread(tiffany, lupus, "Fatigue", "Fatigue, fatigue, fatigue: how do you manage fatigue?")
    mention = make_reply(maya, thread, "Pacing helps with my energy, and the fatigue too, a bit.")
    other = make_thread(maya, lupus, "Sleep", "I sleep ten hours and still have some fatigue on most days of the week.")
    return [first_post(thread).pk, mention.pk, first_post(other).pk]


def test_the_most_relevant_post_comes_first(maya: User, three_posts: list[int]) -> None:
    results = search(maya, "fatigue")

    assert not results.newest_first
    assert results.posts[0].post.pk == three_posts[0]


def test_words_too_common_to_rank_bring_the_newest_first(
    monkeypatch: pytest.MonkeyPatch, maya: User, three_posts: list[int]
) -> None:
    monkeypatch.setattr(query, "RELEVANCE_LIMIT", 2)

    results = search(maya, "fatigue")

    assert results.newest_first
    assert [result.post.pk for result in results.posts] == list(reversed(three_posts))


def test_the_estimate_counts_matches_not_posts(
    monkeypatch: pytest.MonkeyPatch, maya: User, three_posts: list[int]
) -> None:
    monkeypatch.setattr(query, "RELEVANCE_LIMIT", 2)

    assert not search(maya, "pacing").newest_first


def test_pages_follow_each_other_without_gaps_or_repeats(
    monkeypatch: pytest.MonkeyPatch, tiffany: User, lupus: Community
) -> None:
    # Posting is limited to 8 a minute for each member, so five members write the 25 posts.
    writers = [UserFactory.create() for _ in range(5)]
    for writer in writers:
        communities.do_join(writer, lupus)
    thread = make_thread(tiffany, lupus, "Good days", "Share a good day: mine was a walk.")
    posts = [make_reply(writers[n % 5], thread, f"A good day number {n}: a walk in the park.").pk for n in range(24)]
    everything = {first_post(thread).pk, *posts}

    for limit in (1000, 3):  # ranked, then newest first
        monkeypatch.setattr(query, "RELEVANCE_LIMIT", limit)
        first, second = search(tiffany, "walk", limit=20), search(tiffany, "walk", limit=20, offset=20)

        assert first.has_more
        assert not second.has_more
        assert len(first.posts) == 20
        assert {r.post.pk for r in first.posts} | {r.post.pk for r in second.posts} == everything
        assert found(tiffany, "walk", limit=5, offset=20) == [r.post.pk for r in second.posts]
        assert second.communities == []


def test_no_page_is_asked_for_beyond_the_deepest(tiffany: User, lupus: Community) -> None:
    make_thread(tiffany, lupus, "Walk", "A walk.")

    assert search(tiffany, "walk", offset=query.MAX_OFFSET + 1).is_empty
    assert search(tiffany, "walk", limit=0).is_empty
