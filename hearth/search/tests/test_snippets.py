"""Snippets show a few words around the first match, matched words marked, everything a member
wrote escaped."""

from __future__ import annotations

import html
import re
import unicodedata

import pytest
from django.utils.safestring import SafeString
from hypothesis import given
from hypothesis import strategies as st

from hearth.accounts.models import User
from hearth.communities.models import Community
from hearth.search.query import search
from hearth.search.snippets import SNIPPET_WORDS, snippet
from hearth.search.terms import Terms, parse
from hearth.search.tests.factories import make_thread


def terms(query: str) -> Terms:
    parsed = parse(query)
    assert parsed is not None
    return parsed


def test_matched_words_are_marked() -> None:
    assert snippet("Fatigue is worst after a flare.", terms("flare")) == "Fatigue is worst after a <mark>flare</mark>."


def test_marking_ignores_case_and_accents() -> None:
    text = "Las NÁUSEAS y la Quimioterapia."

    assert snippet(text, terms("nauseas quimio")) == "Las <mark>NÁUSEAS</mark> y la <mark>Quimioterapia</mark>."


def test_a_script_in_a_post_is_shown_as_text() -> None:
    text = '<script>alert("flare")</script> & <b>flare</b>'

    shown = snippet(text, terms("flare"))

    assert isinstance(shown, SafeString)
    assert "<script>" not in shown
    assert (
        "&lt;script&gt;alert(&quot;<mark>flare</mark>&quot;)&lt;/script&gt; &amp; &lt;b&gt;<mark>flare</mark>" in shown
    )


def test_the_snippet_starts_a_few_words_before_the_first_match() -> None:
    words = [f"word{n}" for n in range(200)]
    words[120] = "rituximab"

    shown = snippet(" ".join(words), terms("rituximab"))

    assert shown.startswith("… word112 ")
    assert shown.endswith(" …")
    assert "<mark>rituximab</mark>" in shown
    assert len(re.findall(r"\w+", shown.replace("<mark>", "").replace("</mark>", ""))) == SNIPPET_WORDS


def test_a_post_found_by_its_title_shows_its_beginning() -> None:
    assert snippet("Short text.\n\nSecond paragraph.", terms("title")) == "Short text. Second paragraph."


def test_endless_symbols_and_words_are_cut() -> None:
    shown = snippet("flare " + "=" * 5000 + " " + "x" * 5000, terms("flare"))

    assert len(shown) < 200


def test_text_without_words_is_shown_escaped() -> None:
    assert snippet("<3 <3", terms("love")) == "&lt;3 &lt;3"
    assert snippet("", terms("love")) == ""


@given(text=st.text(max_size=400), query=st.text(max_size=40))
def test_a_snippet_is_the_escaped_text_with_marks(text: str, query: str) -> None:
    parsed = parse(query) or terms("flare")

    shown = snippet(text, parsed)

    without_marks = shown.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in without_marks
    assert ">" not in without_marks
    # "…" stands for what was left out, so what is on either side of it is in the text.
    visible = html.unescape(without_marks).replace("…", " ")
    flat = unicodedata.normalize("NFC", " ".join(text.split()))
    assert all(part in flat for part in visible.split())


@pytest.mark.django_db
def test_search_results_carry_snippets(maya: User, tiffany: User, lupus: Community) -> None:
    make_thread(tiffany, lupus, "Eyes", "See the *ophthalmologist* every year on <b>hydroxychloroquine</b>.")

    (result,) = search(maya, "ophthalmologist").posts

    assert result.snippet == (
        "See the <mark>ophthalmologist</mark> every year on &lt;b&gt;hydroxychloroquine&lt;/b&gt;."
    )
