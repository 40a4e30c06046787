"""A figure about a group of members is shown only when it rests on at least 10 people."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client

from hearth.accounts.models import User
from hearth.privacy.figures import HIDDEN, MIN_GROUP, as_text, enough_people, shown


def test_a_count_of_fewer_than_ten_people_is_hidden() -> None:
    assert MIN_GROUP == 10
    assert shown(9) is None
    assert shown(10) == 10
    assert as_text(3) == "fewer than 10"
    assert as_text(0) == HIDDEN
    assert as_text(12) == "12"


def test_a_percentage_or_distribution_rests_on_its_people() -> None:
    assert shown(50.0, people=4) is None
    assert shown(50.0, people=10) == 50.0
    assert shown({"mild": 3, "severe": 8}, people=11) == {"mild": 3, "severe": 8}
    assert not enough_people(None)


def test_templates_use_the_same_rule() -> None:
    template = Template(
        "{% load group_figures %}{{ few|group_figure }} / {{ many|group_figure }} / "
        "{{ share|group_figure:people }}{% if people|enough_people %} shown{% endif %}"
    )

    rendered = template.render(Context({"few": 7, "many": 25, "share": "40%", "people": 9}))

    assert rendered == "fewer than 10 / 25 / fewer than 10"


def test_counts_of_people_on_pages_say_fewer_than_10_below_the_line() -> None:
    page = Template(
        '{% load group_figures %}{{ few|counted:"member" }} / {{ many|counted:"member" }} / {{ one|counted:"member" }}'
    )

    assert page.render(Context({"few": 3, "many": 12345, "one": 1})) == (
        "fewer than 10 members / 12,345 members / fewer than 10 members"
    )


@pytest.mark.django_db
def test_a_community_of_ten_shows_its_count_and_one_of_three_does_not(tiffany: User, client: Client) -> None:
    from hearth.accounts.tests.factories import UserFactory
    from hearth.communities.tests.factories import make_community

    small = make_community(tiffany, "Small circle", members=UserFactory.create_batch(2))
    large = make_community(tiffany, "Larger circle", members=UserFactory.create_batch(9))

    assert "fewer than 10 members" in client.get(small.get_absolute_url()).content.decode()
    assert "10 members" in client.get(large.get_absolute_url()).content.decode()
    assert client.get(f"/api/v1/communities/{large.slug}").json()["member_count"] == 10
