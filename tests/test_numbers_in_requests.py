"""Numbers from forms and queries are ASCII digits of a size a database id can have: "²" (which
Python calls a digit) and twenty-digit ids are answered as "no such thing", never with a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.communities.tests.factories import make_community
from hearth.connections.tests.factories import connect
from hearth.conversations.actions import do_send
from hearth.lib.http import row_id
from hearth.search.tests.factories import make_thread

pytestmark = pytest.mark.django_db
ODD = ["²", "٣", "9" * 20, "-1", "1.0", "", " 1"]


@pytest.mark.parametrize(("text", "found"), [("42", 42), ("007", 7), *((odd, None) for odd in ODD)])
def test_row_id_takes_plain_digits_only(text: str, found: int | None) -> None:
    assert row_id(text) == found


@pytest.mark.parametrize("odd", ODD)
def test_odd_numbers_on_pages_are_no_error(maya: User, tiffany: User, maya_client: Client, odd: str) -> None:
    community = make_community(tiffany, "Living with lupus", members=[maya])
    thread = make_thread(maya, community, "Fatigue", "How do you cope?")
    connect(maya, tiffany)
    do_send(tiffany, maya, "Hello")

    assert maya_client.get(thread.get_absolute_url(), {"quote": odd}).status_code == 200
    assert maya_client.get("/messages/tiffany/", {"since": odd, "before": odd}).status_code == 200
    assert maya_client.post("/notifications/read/", {"id": odd}).status_code in {200, 302}
    assert maya_client.post("/subscriptions/", {"thread": odd, "level": "follow"}).status_code in {302, 400, 404}
