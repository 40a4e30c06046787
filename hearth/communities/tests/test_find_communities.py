"""Finding a community by words of its name or description, in the directory (page and API) and
in site search (page and API): case and accents never matter, on SQLite as on PostgreSQL, and
nobody finds a community they may not know of.

Tiffany founds "Cáncer de mama" for Lucía's group; an outsider looks for it however they type it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest
from django.apps import apps
from django.test import Client

from hearth.accounts.models import User
from hearth.communities.actions import CommunityInput, do_update_community
from hearth.communities.models import Community, folded_for_search
from hearth.communities.tests.factories import make_community

pytestmark = pytest.mark.django_db


def in_directory_page(client: Client, query: str) -> list[str]:
    html = client.get("/communities/", {"q": query}).content.decode()
    return [slug for slug in Community.objects.values_list("slug", flat=True) if f'href="/c/{slug}/"' in html]


def in_directory_api(client: Client, query: str) -> list[str]:
    return [item["slug"] for item in client.get("/api/v1/communities", {"q": query}).json()["items"]]


def in_search_page(client: Client, query: str) -> list[str]:
    html = client.get("/search/", {"q": query}).content.decode()
    listed = html.partition('id="search-communities"')[2]
    return [slug for slug in Community.objects.values_list("slug", flat=True) if f'href="/c/{slug}/"' in listed]


def in_search_api(client: Client, query: str) -> list[str]:
    return [item["slug"] for item in client.get("/api/v1/search", {"q": query}).json()["communities"]]


CHANNELS: dict[str, Callable[[Client, str], list[str]]] = {
    "directory page": in_directory_page,
    "directory API": in_directory_api,
    "search page": in_search_page,
    "search API": in_search_api,
}


@pytest.fixture
def cancer(tiffany: User) -> Community:
    return make_community(tiffany, "Cáncer de mama", description="Un grupo para quien vive con QUIMIOTERAPIA.")


@pytest.fixture
def lupus(tiffany: User) -> Community:
    return make_community(tiffany, "Living with lupus", description="Flares, fatigue and friends.")


@pytest.mark.usefixtures("lupus")
@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("query", ["CÁNCER", "cancer", "Cancer", "cáncer de MAMA", "canc", "quimioterapia", "Quimio"])
def test_case_and_accents_never_matter(cancer: Community, channel: str, query: str) -> None:
    assert CHANNELS[channel](Client(), query) == [cancer.slug]


@pytest.mark.usefixtures("cancer", "lupus")
@pytest.mark.parametrize("channel", CHANNELS)
def test_every_word_must_be_there(channel: str) -> None:
    assert CHANNELS[channel](Client(), "cancer lupus") == []


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_private_community_is_found_only_by_its_members(tiffany: User, maya: User, channel: str) -> None:
    circle = make_community(tiffany, "Círculo íntimo", visibility="private", description="Sólo por invitación.")
    stranger, member = Client(), Client()
    member.force_login(maya)
    circle.memberships.create(user=maya)

    assert CHANNELS[channel](stranger, "CIRCULO") == []
    assert CHANNELS[channel](member, "CIRCULO") == [circle.slug]


def test_search_lists_communities_named_for_the_words_first(tiffany: User, cancer: Community) -> None:
    # "Apoyo" sorts before "Cáncer", but only the description of "Apoyo oncológico" holds the word.
    support = make_community(tiffany, "Apoyo oncológico", description="Para quien vive con cáncer, y su familia.")

    assert in_search_api(Client(), "CANCER") == [cancer.slug, support.slug]


def test_a_renamed_community_is_found_by_its_new_name(tiffany: User, cancer: Community) -> None:
    do_update_community(tiffany, cancer, CommunityInput(name="Cáncer de pulmón", description="Respirar mejor, juntos."))

    assert in_directory_api(Client(), "PULMON") == [cancer.slug]
    assert in_directory_api(Client(), "mama") == []
    assert in_directory_api(Client(), "quimioterapia") == []


def test_the_migration_folds_communities_made_before_it(cancer: Community) -> None:
    Community.objects.filter(pk=cancer.pk).update(search_name="", search_text="")
    migration = importlib.import_module("hearth.communities.migrations.0002_community_search_text")

    migration.fold_existing(apps, None)

    cancer.refresh_from_db()
    assert (cancer.search_name, cancer.search_text) == (
        "cancer de mama",
        "cancer de mama un grupo para quien vive con quimioterapia",
    )
    assert (cancer.search_name, cancer.search_text) == folded_for_search(cancer.name, cancer.description)
