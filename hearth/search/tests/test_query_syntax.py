"""Whatever is typed is read as plain words: search syntax never reaches the index, never causes an
error, and a query without words costs nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hearth.accounts.models import User
from hearth.communities.models import Community
from hearth.search.engines import Engine, PostgreSQLEngine, SQLiteEngine
from hearth.search.query import search
from hearth.search.terms import MAX_QUERY_CHARS, MAX_WORDS, parse
from hearth.search.tests.factories import first_post, make_thread
from hearth.search.tests.finding import found

pytestmark = pytest.mark.django_db

SYNTAX = [
    '"',
    "*",
    "(",
    ")",
    "NEAR",
    "NEAR(",
    "-",
    ":",
    "'",
    "^",
    "+",
    "&",
    "|",
    "!",
    "<->",
    "OR",
    "AND",
    "NOT",
    "{",
    "}",
    "\\",
    "\x00",
]


@pytest.fixture
def thread(tiffany: User, lupus: Community):
    return make_thread(tiffany, lupus, "Plaquenil", "Plaquenil gave me a rash: body:rash, week 2.")


@pytest.mark.parametrize(
    "query",
    ['"plaquenil"', "plaquenil*", "(plaquenil)", "-plaquenil", "plaquenil:", "plaquenil'",
     "'plaquenil'", "^plaquenil", "plaquenil & rash", "!plaquenil", "plaquenil | ", "{plaquenil}", '"plaquenil',
     "plaquenil\x00", "plaquenil <-> rash", "body:rash"],
)  # fmt: skip
def test_syntax_characters_are_read_as_spaces(thread, maya: User, query: str) -> None:
    assert found(maya, query) == [first_post(thread).pk]


@pytest.mark.parametrize(
    "query", ["plaquenil OR nonsense", "NEAR(plaquenil rash)", "plaquenil NOT rash", "plaquenil AND", "title:plaquenil"]
)
def test_operators_are_plain_words_that_must_be_there(thread, maya: User, query: str) -> None:
    assert found(maya, query) == []


@given(query=st.lists(st.sampled_from([*SYNTAX, " ", "plaquenil", "rash", "é", "ß", "2", "_"])).map("".join))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_syntax_never_causes_an_error(thread, maya: User, query: str) -> None:
    search(maya, query)


@given(query=st.text(max_size=MAX_QUERY_CHARS + 20))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_text_causes_an_error(thread, query: str) -> None:
    search(AnonymousUser(), query)


@pytest.mark.parametrize("query", ["", "   ", "!!!", "\"'*()-:^", "— … ¿?", "\x00", "_"])
def test_a_query_without_words_finds_nothing_without_asking_the_database(maya: User, query: str) -> None:
    with CaptureQueriesContext(connection) as queries:
        results = search(maya, query)

    assert results.is_empty
    assert not results.has_more
    assert len(queries) == 0


def test_a_long_query_is_cut(thread, maya: User) -> None:
    query = "plaquenil " + "x" * 1000 + " rash"

    assert search(maya, query).query == query[:MAX_QUERY_CHARS].strip()
    assert found(maya, "plaquenil" + " " * MAX_QUERY_CHARS + "nonsense") == [first_post(thread).pk]


def test_a_query_keeps_its_first_words() -> None:
    parsed = parse(" ".join(f"word{n}" for n in range(50)))

    assert parsed is not None
    assert len(parsed.words) == MAX_WORDS
    assert parsed.words[0] == "word0"


def test_a_repeated_word_is_asked_for_once() -> None:
    parsed = parse("Lupus lupus LÚPUS flare")

    assert parsed is not None
    assert parsed.words == ("lupus", "flare")


def test_a_short_last_word_is_not_a_prefix(thread, maya: User, tiffany: User, lupus: Community) -> None:
    make_thread(tiffany, lupus, "Week", "Week 20 of treatment.")

    assert found(maya, "week 2") == [first_post(thread).pk]


@pytest.mark.parametrize(
    ("engine", "expected"),
    [(SQLiteEngine(), '"lupus" "near" "flare"*'), (PostgreSQLEngine(), "'lupus' & 'near' & 'flare':*")],
)
def test_each_word_reaches_the_index_quoted(engine: Engine, expected: str) -> None:
    parsed = parse("LUPUS NEAR(“flare*")
    assert parsed is not None

    _, params = engine.newest(parsed, 20, None)

    assert params == [expected]
