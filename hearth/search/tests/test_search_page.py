"""The search page at /search/: works without JavaScript, shows only what the viewer may see,
and pages through results without counting them all."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities import actions as communities
from hearth.communities.models import Community
from hearth.search import views
from hearth.search.tests.factories import first_post, make_reply, make_thread

pytestmark = pytest.mark.django_db


def page(client: Client, **params: str | int) -> str:
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_empty_page_is_a_labelled_form(client: Client) -> None:
    html = page(client)

    assert '<label for="search-q">' in html
    assert 'name="q"' in html
    assert "<h2" not in html.split("</form>")[1].split("<footer")[0]


def test_maya_finds_a_post_with_its_thread_community_and_date(
    maya_client: Client, tiffany: User, lupus: Community
) -> None:
    thread = make_thread(tiffany, lupus, "Morning stiffness", "My joints ache every morning.")
    post = first_post(thread)

    html = page(maya_client, q="joints")

    assert f'<a href="{post.get_absolute_url()}">Morning stiffness</a>' in html
    assert f'<a href="{lupus.get_absolute_url()}">Living with lupus</a>' in html
    assert "My <mark>joints</mark> ache every morning." in html
    assert f'datetime="{post.created_at.isoformat()}"' in html
    assert "· Tiffany" in html


def test_an_anonymous_post_shows_no_author(client: Client, maya: User, lupus: Community) -> None:
    make_thread(maya, lupus, "At work", "Nobody at work knows about my diagnosis.", anonymous=True)

    html = page(client, q="diagnosis")

    assert "Anonymous member" in html
    assert "maya_r" not in html


def test_a_content_warning_hides_the_snippet_until_opened(client: Client, maya: User, lupus: Community) -> None:
    make_thread(maya, lupus, "Scan", "The scan showed metastasis in the liver.", content_warning="cancer progression")

    html = page(client, q="liver")

    details = html.split("<details>")[1].split("</details>")[0]
    assert "<summary>Content warning: cancer progression</summary>" in details
    assert "<mark>liver</mark>" in details


def test_a_script_in_a_post_is_escaped_on_the_page(client: Client, maya: User, lupus: Community) -> None:
    make_thread(maya, lupus, "Code", "Look: <script>alert('flare')</script>")

    html = page(client, q="flare")

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;<mark>flare</mark>&#x27;)&lt;/script&gt;" in html


def test_the_query_is_escaped_on_the_page(client: Client) -> None:
    html = page(client, q='"><script>x</script>')

    assert "<script>x" not in html
    assert "Nothing found for “&quot;&gt;&lt;script&gt;x&lt;/script&gt;”" in html


def test_communities_are_listed(client: Client, lupus: Community) -> None:
    html = page(client, q="lupus")

    assert '<h2 id="search-communities">Communities</h2>' in html
    assert f'<a href="{lupus.get_absolute_url()}">Living with lupus</a>' in html


def test_an_outsider_finds_nothing_closed_private_or_for_members_only(
    client: Client, maya: User, tiffany: User, sam: User, ravi: User,
    lupus: Community, rare_parents: Community, moderators_room: Community,
) -> None:  # fmt: skip
    make_thread(sam, rare_parents, "Seizures", "Secret seizures story.")
    make_thread(ravi, moderators_room, "Room", "Secret moderators story.")
    make_thread(maya, lupus, "Members", "Secret employer story.", members_only=True)

    html = page(client, q="secret story")

    assert "Nothing found" in html
    assert "Secret" not in html
    assert "Quiet moderators room" not in page(client, q="moderators")


def test_charlie_does_not_see_the_private_community_that_maya_sees(
    maya_client: Client, charlie: User, moderators_room: Community
) -> None:
    charlie_client = Client()
    charlie_client.force_login(charlie)

    assert "Quiet moderators room" in page(maya_client, q="moderators")
    assert "Quiet moderators room" not in page(charlie_client, q="moderators")


def test_results_come_twenty_a_page_with_a_next_link(client: Client, tiffany: User, lupus: Community) -> None:
    writers = [UserFactory.create() for _ in range(3)]
    for writer in writers:
        communities.do_join(writer, lupus)
    thread = make_thread(tiffany, lupus, "Good days", "Share a good day: a walk.")
    for n in range(20):
        make_reply(writers[n % 3], thread, f"Day {n}: a walk by the sea.")

    first, second = page(client, q="walk"), page(client, q="walk", page=2)

    assert first.count("<mark>walk</mark>") == views.PER_PAGE
    assert 'href="?q=walk&amp;page=2" rel="next"' in first
    assert 'rel="prev"' not in first
    assert second.count("<mark>walk</mark>") == 1
    assert 'href="?q=walk&amp;page=1" rel="prev"' in second
    assert 'rel="next"' not in second
    assert "search-communities" not in second


@pytest.mark.parametrize("number", ["0", "-3", "two", "", "99999999999999999999"])
def test_a_strange_page_number_shows_a_page(client: Client, number: str) -> None:
    page(client, q="walk", page=number)


def test_search_takes_only_get(client: Client) -> None:
    assert client.post(reverse("search"), {"q": "walk"}).status_code == 405
