"""Maya finds public posts by their words, whatever their case and accents."""

from __future__ import annotations

import pytest

from hearth.accounts.models import User
from hearth.communities.models import Community
from hearth.search.query import search
from hearth.search.tests.factories import first_post, make_reply, make_thread
from hearth.search.tests.finding import found

pytestmark = pytest.mark.django_db


def test_maya_finds_a_public_post_by_one_of_its_words(maya: User, tiffany: User, lupus: Community) -> None:
    thread = make_thread(tiffany, lupus, "Morning stiffness", "My joints ache every morning until ten.")
    make_thread(tiffany, lupus, "Sunscreen", "Which sunscreen do you use?")

    assert found(maya, "joints") == [first_post(thread).pk]


def test_case_does_not_matter(maya: User, tiffany: User, lupus: Community) -> None:
    thread = make_thread(tiffany, lupus, "Fatigue", "Hydroxychloroquine helped my Fatigue after three months.")

    assert found(maya, "HYDROXYCHLOROQUINE fatigue") == [first_post(thread).pk]


@pytest.mark.parametrize("query", ["nauseas", "NÁUSEAS", "Nauseas quimioterapia", "náuseas después"])
def test_accents_do_not_matter(maya: User, tiffany: User, lupus: Community, query: str) -> None:
    thread = make_thread(tiffany, lupus, "Efectos", "Tengo náuseas después de la quimioterapia.")

    assert found(maya, query) == [first_post(thread).pk]


def test_an_accent_typed_finds_the_word_written_without_one(maya: User, tiffany: User, lupus: Community) -> None:
    thread = make_thread(tiffany, lupus, "Efectos", "Tengo nauseas despues de la quimioterapia.")

    assert found(maya, "Náuseas después") == [first_post(thread).pk]


def test_every_word_must_be_in_the_post(maya: User, tiffany: User, lupus: Community) -> None:
    thread = make_thread(tiffany, lupus, "Sleep", "Prednisone keeps me awake at night.")
    make_thread(tiffany, lupus, "Weight", "Prednisone made me gain weight.")

    assert found(maya, "prednisone night") == [first_post(thread).pk]


def test_the_last_word_finds_longer_words(maya: User, tiffany: User, lupus: Community) -> None:
    thread = make_thread(tiffany, lupus, "Efectos", "Tengo náuseas después de la quimioterapia.")

    assert found(maya, "náuseas quimio") == [first_post(thread).pk]
    assert found(maya, "quimio náuseas") == []  # only the last word is a prefix


def test_a_thread_is_found_by_its_title(maya: User, tiffany: User, lupus: Community) -> None:
    thread = make_thread(tiffany, lupus, "Hydroxychloroquine and eyesight", "Do you see an eye doctor every year?")
    make_reply(maya, thread, "Yes, once a year.")

    results = search(maya, "eyesight")

    assert [result.post.pk for result in results.posts] == [first_post(thread).pk]
    assert results.posts[0].post.thread.title == "Hydroxychloroquine and eyesight"


def test_replies_are_found_with_their_thread(maya: User, tiffany: User, lupus: Community) -> None:
    thread = make_thread(tiffany, lupus, "Sunscreen", "Which sunscreen do you use?")
    answer = make_reply(maya, thread, "A mineral one with zinc oxide.")

    results = search(maya, "zinc")

    assert [result.post.pk for result in results.posts] == [answer.pk]
    assert results.posts[0].post.thread == thread
