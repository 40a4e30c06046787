"""Maya shares a chart and a summary with Dr. Attai: anyone with the link reads exactly what she
shared (no other series through the image URL), each opening is listed for her, and once she
revokes it or it expires the link answers 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.tracking.models import CheckIn, ShareLink, ShareOpening, Tracker
from hearth.tracking.series import local_today

pytestmark = pytest.mark.django_db


def _fill(member: User) -> None:
    today = local_today(member)
    for i in range(20):
        CheckIn.objects.create(
            member=member,
            day=today - dt.timedelta(days=i),
            pain=i % 5,
            energy=3,
            note="Tired after chemo" if i == 2 else "",
        )


def _create(client: Client, member: User, **fields: object) -> ShareLink:
    today = local_today(member)
    data = {
        "kind": "chart",
        "series": ["pain"],
        "start": str(today - dt.timedelta(days=29)),
        "end": str(today),
        "recipient": "Dr. Attai",
        "expires_in_days": "7",
        **fields,
    }
    response = client.post("/track/sharing/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ShareLink.objects.filter(member=member).latest("id")


def test_a_chart_link_opens_for_anyone_and_records_the_opening(maya: User, maya_client: Client, tiffany: User) -> None:
    _fill(maya)
    link = _create(maya_client, maya)

    page = Client().get(f"/shared/{link.token}/")
    as_tiffany = Client()
    as_tiffany.force_login(tiffany)
    as_tiffany.get(f"/shared/{link.token}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Shared by @maya_r; this link expires on" in html
    assert "Dr. Attai" not in html  # whom she made it for is hers alone
    assert '<meta name="robots" content="noindex">' in html
    assert page["Cache-Control"] == "private, no-store"
    assert page["X-Robots-Tag"] == "noindex"
    assert page["Referrer-Policy"] == "no-referrer"
    assert f"/shared/{link.token}/chart.svg?series=pain" in html
    assert "/track/" not in html.split("<main", 1)[1].split("</main>", 1)[0]  # no edit links
    assert ShareOpening.objects.filter(link=link).count() == 2

    listing = maya_client.get("/track/sharing/").content.decode()
    assert "someone with the link" in listing
    assert "@tiffany" in listing
    assert "Opened 2 times" in listing


def test_the_chart_image_of_a_link_shows_only_its_series(maya: User, maya_client: Client) -> None:
    _fill(maya)
    tracker = Tracker.objects.create(member=maya, name="Weight", kind="number", unit="kg")
    link = _create(maya_client, maya)
    anyone = Client()

    named = anyone.get(f"/shared/{link.token}/chart.svg?series=pain")

    assert named.status_code == 200
    assert named["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert "<script" not in named.content.decode()
    for other in ["energy", "pain&series=energy", f"tracker-{tracker.pk}", ""]:
        assert anyone.get(f"/shared/{link.token}/chart.svg?series={other}").status_code == 404


def test_after_revoking_or_expiry_the_link_is_404(maya: User, maya_client: Client, ravi: User) -> None:
    _fill(maya)
    revoked = _create(maya_client, maya)
    expired = _create(maya_client, maya, recipient="Dr. Lee")
    ravi_client = Client()
    ravi_client.force_login(ravi)

    assert ravi_client.post(f"/track/sharing/{revoked.pk}/revoke/").status_code == 404
    assert Client().get(f"/shared/{revoked.token}/").status_code == 200
    maya_client.post(f"/track/sharing/{revoked.pk}/revoke/")
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    for link in (revoked, expired):
        assert Client().get(f"/shared/{link.token}/").status_code == 404
        assert Client().get(f"/shared/{link.token}/chart.svg?series=pain").status_code == 404
    assert Client().get("/shared/not-a-token/").status_code == 404
    listing = maya_client.get("/track/sharing/").content.decode()
    assert "revoked" in listing
    assert "expired" in listing


def test_a_summary_link_shows_only_the_picked_notes(maya: User, maya_client: Client) -> None:
    _fill(maya)
    CheckIn.objects.filter(member=maya, day=local_today(maya) - dt.timedelta(days=4)).update(note="Not for the doctor")
    link = _create(
        maya_client,
        maya,
        kind="summary",
        series=["pain", "energy"],
        note_days=[str(local_today(maya) - dt.timedelta(days=2))],
    )

    html = Client().get(f"/shared/{link.token}/").content.decode()

    assert "Health summary of maya_r" in html
    assert "Tired after chemo" in html
    assert "Not for the doctor" not in html
    assert f"/shared/{link.token}/chart.svg?series=energy" in html


def test_the_share_forms_are_on_the_chart_and_summary_pages(maya: User, maya_client: Client) -> None:
    _fill(maya)
    today = local_today(maya)

    chart = maya_client.get("/track/charts/?series=pain&period=30").content.decode()
    summary = maya_client.get(f"/track/summary/?show=1&start={today - dt.timedelta(days=9)}&end={today}&series=pain")

    assert 'action="/track/sharing/"' in chart
    assert '<input type="hidden" name="kind" value="chart">' in chart
    assert '<input type="hidden" name="kind" value="summary">' in summary.content.decode()


@pytest.mark.parametrize(
    "fields",
    [
        {"recipient": ""},
        {"recipient": "x" * 81},
        {"series": ["pain", "energy", "sleep", "feeling", "symptom-fatigue"]},
        {"expires_in_days": "365"},
        {"end": "2999-01-01"},
        {"note_days": ["2025-01-01"]},
        {"kind": "everything"},
        {"connection": "12345"},
    ],
)
def test_a_bad_share_is_refused_and_nothing_is_saved(
    maya: User, maya_client: Client, fields: dict[str, object]
) -> None:
    today = local_today(maya)
    data = {
        "kind": "chart",
        "series": ["pain"],
        "start": str(today - dt.timedelta(days=6)),
        "end": str(today),
        "recipient": "Dr. Attai",
        "expires_in_days": "7",
        **fields,
    }

    response = maya_client.post("/track/sharing/", data)

    assert response.status_code == 400
    assert "The link was not created" in response.content.decode()
    assert not ShareLink.objects.exists()


def test_an_anonymous_visitor_cannot_see_the_sharing_page(db: None) -> None:
    assert Client().get("/track/sharing/").status_code == 302


@pytest.mark.parametrize("kind", ["chart", "summary"])
def test_her_medications_go_through_a_link_only_when_she_ticks_it(maya: User, maya_client: Client, kind: str) -> None:
    from hearth.profiles.actions import do_add_treatment

    _fill(maya)
    do_add_treatment(maya, "tamoxifen", started_on=local_today(maya) - dt.timedelta(days=5))
    plain = _create(maya_client, maya, kind=kind)
    with_them = _create(maya_client, maya, kind=kind, include_medications="on")

    for link, shown in ((plain, False), (with_them, True)):
        page = Client().get(f"/shared/{link.token}/").content.decode()
        chart = Client().get(f"/shared/{link.token}/chart.svg?series=pain").content.decode()
        assert ("Tamoxifen" in page) is shown
        assert ("Tamoxifen" in chart) is shown
