"""The audit log: the site administrator reads all of it, newest first, and filters it by
community, actor, subject and action; Ravi and Priya read their community's (with moderators'
handles, which is fine among moderators); Tiffany, moderator elsewhere, Maya and strangers get
404, and a visitor is sent to sign in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.audit.actions import record
from hearth.audit.models import AuditEvent
from hearth.moderation.actions.appeals import do_appeal
from hearth.moderation.models import Measure
from hearth.moderation.tests.conftest import Diabetes, client_of
from hearth.moderation.tests.test_appeals import REASON, hide_omars_post

pytestmark = pytest.mark.django_db

SITE_LOG = reverse("moderation_audit")
LUPUS_REASON = "Selling supplements."


def _community_log(diabetes: Diabetes) -> str:
    return reverse("moderation_community_audit", args=[diabetes.community.slug])


@pytest.fixture
def events(maya: User, ravi: User, tiffany: User, diabetes: Diabetes) -> Measure:
    """Ravi hid Omar's post (and Omar appealed); Tiffany did something in her lupus community."""
    measure = hide_omars_post(maya, ravi, diabetes)
    do_appeal(diabetes.omar, measure, "Please look again.")
    record(tiffany, "membership:remove", maya, community=diabetes.lupus, reason=LUPUS_REASON, subject=maya)
    return measure


def _page(user: User, url: str, query: dict[str, str] | None = None) -> str:
    answer = client_of(user).get(url, query or {})
    assert answer.status_code == 200, answer.status_code
    return answer.content.decode()


def test_the_site_admin_reads_the_whole_log(events: Measure, site_admin: User, diabetes: Diabetes) -> None:
    page = _page(site_admin, SITE_LOG)

    assert "post:hide" in page
    assert "@ravi" in page
    assert "@omar" in page
    assert REASON in page
    assert "appeal:open" in page
    assert LUPUS_REASON in page
    assert "Living with lupus" in page
    assert page.index("membership:remove") < page.index("post:hide")  # newest first
    assert reverse("post_link", args=[diabetes.post.pk]) in page
    assert f'href="{SITE_LOG}"' in _page(site_admin, reverse("moderation_site_queue"))


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"community": "type-1-together"}, "post:hide", LUPUS_REASON),
        ({"community": "living-with-lupus"}, LUPUS_REASON, "post:hide"),
        ({"actor": "tiffany"}, LUPUS_REASON, "post:hide"),
        ({"actor": "@RAVI"}, "post:hide", LUPUS_REASON),
        ({"subject": "maya_r"}, LUPUS_REASON, REASON),
        ({"action": "appeal:"}, "appeal:open", REASON),
        ({"actor": "nobody_here"}, "Nothing matches", REASON),
    ],
)
def test_the_site_admin_filters_the_log(
    events: Measure, site_admin: User, query: dict[str, str], shown: str, hidden: str
) -> None:
    page = _page(site_admin, SITE_LOG, query)

    assert shown in page
    assert hidden not in page


def test_a_bad_filter_is_refused_plainly(events: Measure, site_admin: User) -> None:
    answer = client_of(site_admin).get(SITE_LOG, {"actor": "ravi\x00", "action": "x" * 61})

    assert answer.status_code == 422
    page = answer.content.decode()
    assert "Null characters are not allowed." in page
    assert "at most 60 characters" in page
    assert REASON not in page


def test_the_site_log_is_paginated(site_admin: User, maya: User) -> None:
    for n in range(55):
        record(site_admin, "profile:look", maya, reason=f"Support ticket {n:02}.")

    first, second = _page(site_admin, SITE_LOG), _page(site_admin, SITE_LOG, {"page": "2"})

    assert "Support ticket 54." in first
    assert "Support ticket 00." not in first
    assert "Support ticket 00." in second


def test_nobody_else_reads_the_site_log(
    events: Measure, maya: User, ravi: User, tiffany: User, diabetes: Diabetes
) -> None:
    for person in (maya, ravi, tiffany, diabetes.founder, diabetes.omar, UserFactory.create(handle="sam_cares")):
        assert client_of(person).get(SITE_LOG).status_code == 404
    visitor = client_of(maya)
    visitor.logout()
    assert "/accounts/login/" in visitor.get(SITE_LOG)["Location"]


def test_ravi_and_priya_read_their_communitys_log(
    events: Measure, ravi: User, site_admin: User, diabetes: Diabetes
) -> None:
    for person in (ravi, diabetes.founder, site_admin):
        page = _page(person, _community_log(diabetes))
        assert "Audit log of Type 1 together" in page
        assert "post:hide" in page
        assert "@ravi" in page
        assert REASON in page
        assert LUPUS_REASON not in page

    queue = _page(ravi, reverse("moderation_queue", args=[diabetes.community.slug]))
    assert f'href="{_community_log(diabetes)}"' in queue
    filtered = _page(ravi, _community_log(diabetes), {"action": "appeal:"})
    assert "appeal:open" in filtered
    assert REASON not in filtered


def test_tiffany_maya_and_strangers_get_404_on_ravis_log(
    events: Measure, maya: User, tiffany: User, diabetes: Diabetes
) -> None:
    for person in (tiffany, maya, diabetes.omar, UserFactory.create(handle="sam_cares")):
        assert client_of(person).get(_community_log(diabetes)).status_code == 404
    assert client_of(tiffany).get(reverse("moderation_community_audit", args=["no-such-place"])).status_code == 404
    assert AuditEvent.objects.filter(community=diabetes.community).exists()
