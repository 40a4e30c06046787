"""Finding a condition by lay name, synonym or code, forgiving case, accents and a missing word."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from hearth.conditions.search import search_conditions
from hearth.conditions.text import normalise

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lupus", "Systemic lupus erythematosus"),
        ("SLE", "Systemic lupus erythematosus"),
        ("sle", "Systemic lupus erythematosus"),
        ("  Lupus  ", "Systemic lupus erythematosus"),
        ("systemic lupus", "Systemic lupus erythematosus"),
        ("lupus erythematosus", "Systemic lupus erythematosus"),  # a word left out
        ("systemic lupus erythematosus disease", "Systemic lupus erythematosus"),  # a word too many
        ("T1D", "Type 1 diabetes"),
        ("type 1 diabetes", "Type 1 diabetes"),
        ("diabetes tipo 1", "Type 1 diabetes"),
        ("MS", "Multiple sclerosis"),
        ("ME/CFS", "Myalgic encephalomyelitis/chronic fatigue syndrome"),
        ("me cfs", "Myalgic encephalomyelitis/chronic fatigue syndrome"),
        ("Sjogren", "Sjögren's disease"),
        ("SJÖGREN’S", "Sjögren's disease"),
        ("crohns", "Crohn's disease"),
        ("Crohn's disease", "Crohn's disease"),
        ("meniere", "Ménière's disease"),
        ("M32", "Systemic lupus erythematosus"),
        ("m32.9", "Systemic lupus erythematosus"),  # a specific code inside the category
        ("M32.14", "Lupus nephritis"),
        ("E10", "Type 1 diabetes"),
        ("breast cancer", "Breast cancer"),
        ("cáncer de mama", "Breast cancer"),
    ],
)
def test_the_best_match_comes_first(query: str, expected: str) -> None:
    results = search_conditions(query)

    assert results, query
    assert results[0].name == expected


@pytest.mark.parametrize("query", ["", "   ", "!!!", "zzzzqqq", "x"])
def test_nonsense_finds_nothing_or_little(query: str) -> None:
    assert len(search_conditions(query)) <= 20


def test_the_limit_is_respected() -> None:
    assert len(search_conditions("cancer", limit=3)) == 3


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120))
def test_any_text_is_searchable_without_error(query: str) -> None:
    search_conditions(query)


def test_normalise_folds_case_accents_and_punctuation() -> None:
    assert normalise("Sjögren’s  SYNDROME!") == "sjogrens syndrome"


def test_the_search_page_works_without_javascript(client: Client) -> None:
    response = client.get("/conditions/", {"q": "SLE"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Systemic lupus erythematosus" in page
    assert "<!DOCTYPE html>" in page


def test_htmx_gets_just_the_results(client: Client) -> None:
    response = client.get("/conditions/", {"q": "lupus"}, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert "Systemic lupus erythematosus" in page
    assert "<html" not in page


def test_the_directory_lists_conditions_by_group_when_nothing_is_asked(client: Client) -> None:
    page = client.get("/conditions/").content.decode()

    assert "Autoimmune and rheumatic" in page
    assert "Type 1 diabetes" in page


def test_no_match_says_so_kindly(client: Client) -> None:
    page = client.get("/conditions/", {"q": "zzzzqqq"}).content.decode()

    assert "No conditions found" in page


def test_search_results_escape_the_query(client: Client) -> None:
    page = client.get("/conditions/", {"q": "<script>alert(1)</script>"}).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_a_condition_page_shows_its_names_and_codes(client: Client) -> None:
    page = client.get("/conditions/systemic-lupus-erythematosus/").content.decode()

    assert "SLE" in page
    assert "M32" in page
    assert client.get("/conditions/no-such-condition/").status_code == 404
