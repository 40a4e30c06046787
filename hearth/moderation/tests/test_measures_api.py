"""Measures through the API, per persona: Ravi warns, mutes, removes and lifts with his token; the
site administrator suspends. Tiffany (moderator next door), Maya and strangers get 404, visitors
401; a founder is out of Ravi's reach (409); bad days and reasons are 422; lifting twice is 409.
A muted or suspended Omar is refused with 403 and the reason, in every part of the API."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import Client

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.chats.tests.factories import make_live_chat
from hearth.communities.models import Membership
from hearth.moderation.actions import do_report_post
from hearth.moderation.actions.measures import do_mute, do_suspend
from hearth.moderation.models import Measure, MeasureKind
from hearth.moderation.tests.conftest import Diabetes

pytestmark = pytest.mark.django_db
PREFIX = "/api/v1"
_NAMES = itertools.count()


def api(user: User | None = None) -> Client:
    if user is None:
        return Client()
    return Client(headers={"Authorization": f"Bearer {do_create_access_token(user, f'tests {next(_NAMES)}').secret}"})


def post(client: Client, path: str, body: Any) -> Any:
    return client.post(PREFIX + path, body, content_type="application/json")


def _member(diabetes: Diabetes, handle: str = "omar", verb: str = "") -> str:
    path = f"/moderation/communities/{diabetes.community.slug}/members/{handle}"
    return f"{path}/{verb}" if verb else path


def test_ravi_warns_omar_and_reads_his_standing_measures(ravi: User, diabetes: Diabetes) -> None:
    client = api(ravi)

    warned = post(client, _member(diabetes, verb="warn"), {"reason": "Please do not give dosing advice."})
    shown = client.get(PREFIX + _member(diabetes))

    assert warned.status_code == 201, warned.content
    body = warned.json()
    assert (body["kind"], body["member"], body["community"], body["created_by"]) == (
        "warn", "omar", diabetes.community.slug, "ravi"
    )  # fmt: skip
    assert body["stands"] is True
    assert shown.status_code == 200
    member = shown.json()
    assert (member["handle"], member["role"], member["recent_posts"]) == ("omar", "member", 1)
    assert [m["reason"] for m in member["standing"]] == ["Please do not give dosing advice."]
    assert member["suspensions"] == []


def test_ravi_mutes_and_lifts_by_api_and_lifting_twice_is_409(ravi: User, diabetes: Diabetes) -> None:
    client = api(ravi)

    muted = post(client, _member(diabetes, verb="mute"), {"reason": "Cooling down.", "days": 3})
    measure_id = muted.json()["id"]
    reply = post(api(diabetes.omar), f"/threads/{diabetes.post.thread_id}/posts", {"body": "But cinnamon!"})
    react = api(diabetes.omar).put(PREFIX + f"/posts/{diabetes.post.pk}/reactions/hug")
    lifted = post(client, f"/moderation/measures/{measure_id}/lift", {"reason": "We talked."})
    again = post(client, f"/moderation/measures/{measure_id}/lift", {"reason": "Again."})

    assert muted.status_code == 201
    assert muted.json()["ends_at"] is not None
    assert reply.status_code == 403
    assert "Moderators paused your posting here until" in reply.json()["detail"]
    assert react.status_code == 403
    assert lifted.status_code == 200
    assert lifted.json()["lifted_at"] is not None
    assert again.status_code == 409
    assert again.json() == {"detail": "This measure was already lifted."}
    reply_after = post(api(diabetes.omar), f"/threads/{diabetes.post.thread_id}/posts", {"body": "Thanks."})
    assert reply_after.status_code == 201


def test_a_muted_member_cannot_chat_by_api(ravi: User, diabetes: Diabetes) -> None:
    chat = make_live_chat(diabetes.founder, diabetes.community)
    do_mute(ravi, diabetes.community, diabetes.omar, 2, "Cooling down.")

    sent = post(api(diabetes.omar), f"/live-chats/{chat.pk}/messages", {"body": "Hello"})

    assert sent.status_code == 409
    assert "Moderators paused your posting here until" in sent.json()["detail"]


@pytest.mark.parametrize(
    ("verb", "body"),
    [
        ("mute", {"reason": "x", "days": 0}),
        ("mute", {"reason": "x", "days": 91}),
        ("mute", {"reason": "x"}),
        ("mute", {"reason": "x", "days": "3"}),
        ("warn", {"reason": ""}),
        ("warn", {"reason": "   "}),
        ("warn", {"reason": "x" * 301}),
        ("warn", {"reason": "x", "extra": 1}),
        ("remove", {}),
    ],
)
def test_bad_days_and_reasons_are_422(ravi: User, diabetes: Diabetes, verb: str, body: dict[str, Any]) -> None:
    response = post(api(ravi), _member(diabetes, verb=verb), body)

    assert response.status_code == 422
    assert not Measure.objects.exists()


def test_founders_and_oneself_are_out_of_reach_409(ravi: User, diabetes: Diabetes) -> None:
    client = api(ravi)

    on_founder = post(client, _member(diabetes, "priya", "mute"), {"reason": "x", "days": 2})
    on_himself = post(client, _member(diabetes, "ravi", "warn"), {"reason": "x"})

    assert on_founder.status_code == 409
    assert on_founder.json() == {"detail": "Only a site administrator can act on a founder of the community."}
    assert on_himself.status_code == 409


def test_everyone_but_the_moderators_gets_404_and_visitors_401(
    maya: User, tiffany: User, ravi: User, diabetes: Diabetes
) -> None:
    sam = UserFactory.create(handle="sam_cares")
    warning = post(api(ravi), _member(diabetes, verb="warn"), {"reason": "Careful."}).json()["id"]

    for user in (maya, tiffany, sam):
        client = api(user)
        assert client.get(PREFIX + _member(diabetes)).status_code == 404
        for verb in ("warn", "remove"):
            assert post(client, _member(diabetes, verb=verb), {"reason": "x"}).status_code == 404
        assert post(client, _member(diabetes, verb="mute"), {"reason": "x", "days": 2}).status_code == 404
        assert post(client, f"/moderation/measures/{warning}/lift", {"reason": "x"}).status_code == 404
        assert post(client, "/moderation/members/omar/suspend", {"reason": "x"}).status_code == 404
    assert api().get(PREFIX + _member(diabetes)).status_code == 401
    assert post(api(), _member(diabetes, verb="warn"), {"reason": "x"}).status_code == 401
    # Ravi, for people who are nobody here, or nobody at all; and in Tiffany's community.
    assert api(ravi).get(PREFIX + _member(diabetes, "sam_cares")).status_code == 404
    assert api(ravi).get(PREFIX + _member(diabetes, "nobody_here")).status_code == 404
    assert post(api(ravi), f"/moderation/measures/{10**12}/lift", {"reason": "x"}).status_code == 404
    Membership.objects.create(community=diabetes.lupus, user=maya)
    lupus = f"/moderation/communities/{diabetes.lupus.slug}/members/maya_r/warn"
    assert post(api(ravi), lupus, {"reason": "x"}).status_code == 404
    assert Measure.objects.count() == 1


def test_ravi_removes_omar_who_cannot_join_until_it_is_lifted(ravi: User, diabetes: Diabetes) -> None:
    client = api(ravi)

    removed = post(client, _member(diabetes, verb="remove"), {"reason": "Dangerous advice."})
    join = post(api(diabetes.omar), f"/communities/{diabetes.community.slug}/join", {"answers": []})
    shown = client.get(PREFIX + _member(diabetes))
    lifted = post(client, f"/moderation/measures/{removed.json()['id']}/lift", {"reason": "A second chance."})
    join_after = post(api(diabetes.omar), f"/communities/{diabetes.community.slug}/join", {"answers": []})

    assert removed.status_code == 201
    assert join.status_code == 409
    assert join.json()["detail"].startswith("Moderators removed you from this community.")
    assert shown.status_code == 200
    assert shown.json()["role"] is None
    assert [m["kind"] for m in shown.json()["standing"]] == ["remove"]
    assert lifted.status_code == 200
    assert join_after.status_code == 202  # a closed community: his request waits for the moderators
    assert api(ravi).get(PREFIX + _member(diabetes)).status_code == 404  # neither member nor removed now


def test_a_measure_from_the_queue_links_the_item(ravi: User, maya: User, diabetes: Diabetes) -> None:
    item = do_report_post(maya, diabetes.post.pk, "misinformation").report.item
    assert item is not None

    warned = post(api(ravi), _member(diabetes, verb="warn"), {"reason": "Insulin saves lives.", "item": item.pk})
    elsewhere = post(api(ravi), _member(diabetes, verb="warn"), {"reason": "x", "item": 10**12})

    assert warned.status_code == 201
    assert Measure.objects.get(pk=warned.json()["id"]).item == item
    assert elsewhere.status_code == 404


def test_the_site_admin_suspends_by_api_and_omar_is_refused_everywhere(
    site_admin: User, ravi: User, maya: User, diabetes: Diabetes
) -> None:
    by_ravi = post(api(ravi), "/moderation/members/omar/suspend", {"reason": "Spam.", "days": 7})
    suspended = post(api(site_admin), "/moderation/members/omar/suspend", {"reason": "Spam everywhere."})
    omar = api(diabetes.omar)
    reply = post(omar, f"/threads/{diabetes.post.thread_id}/posts", {"body": "Buy now"})
    message = post(omar, "/conversations", {"to": "maya_r", "body": "Buy now"})
    connect = post(omar, "/connections", {"handle": "maya_r"})
    community = post(omar, "/communities", {"name": "Cures", "description": "Buy.", "visibility": "public"})
    shown = api(site_admin).get(PREFIX + _member(diabetes))

    assert by_ravi.status_code == 404
    assert suspended.status_code == 201
    assert (suspended.json()["kind"], suspended.json()["community"], suspended.json()["ends_at"]) == (
        "suspend", None, None
    )  # fmt: skip
    for refused in (reply, message, connect, community):
        assert refused.status_code == 403, refused.content
        assert refused.json()["detail"].startswith("Your account is suspended until it is lifted")
    assert omar.get(PREFIX + f"/threads/{diabetes.post.thread_id}").status_code == 200
    assert [m["kind"] for m in shown.json()["suspensions"]] == ["suspend"]
    assert api(ravi).get(PREFIX + _member(diabetes)).json()["suspensions"] == []


def test_suspending_oneself_or_for_too_long_is_refused(site_admin: User, diabetes: Diabetes) -> None:
    client = api(site_admin)

    himself = post(client, "/moderation/members/siteadmin/suspend", {"reason": "Testing."})
    too_long = post(client, "/moderation/members/omar/suspend", {"reason": "x", "days": 400})
    nobody = post(client, "/moderation/members/nobody_here/suspend", {"reason": "x"})

    assert himself.status_code == 409
    assert too_long.status_code == 422
    assert nobody.status_code == 404
    suspension = do_suspend(site_admin, diabetes.omar, 3, "Spam.")
    assert suspension.kind == MeasureKind.SUSPEND
