"""The site's administrators read Ravi's application and verify or decline it, and may withdraw a
verification later; the badge follows in the same transaction, every step is in the audit log,
and Ravi reads the reason. Nobody else can see or decide an application: forged requests get 404,
and an administrator never decides their own."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.audit.models import AuditEvent
from hearth.notifications.models import Kind, Notification
from hearth.professionals import actions
from hearth.professionals.access import can_decide, is_verified
from hearth.professionals.models import Verification, VerificationStatus
from hearth.professionals.tests.conftest import NURSE, client_of


def test_the_queue_shows_waiting_applications_oldest_first(site_admin: User, application: Verification) -> None:
    charity = actions.Application("organisation", "Lupus UK", "Charity number 1234567.")
    later = actions.do_apply(UserFactory.create(handle="lupus_uk"), charity)
    Verification.objects.filter(pk=application.pk).update(created_at=timezone.now() - timedelta(days=2))

    page = client_of(site_admin).get(reverse("professional_applications")).content.decode()

    assert page.index("@ravi as clinician") < page.index("@lupus_uk as patient organisation")
    assert later.pk


def test_an_administrator_reads_the_details_to_check(site_admin: User, application: Verification) -> None:
    page = client_of(site_admin).get(reverse("professional_application", args=[application.pk])).content.decode()

    assert "NMC PIN 12A3456B" in page
    assert 'href="https://www.nmc.org.uk/registration/search-the-register/" rel="nofollow noopener noreferrer"' in page
    assert "Decide" in page


def test_verifying_puts_the_badge_on_ravi_and_logs_it(
    site_admin: User, ravi: User, application: Verification, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(site_admin).post(
            reverse("professional_decide", args=[application.pk]),
            {"decision": "verify", "reason": "Found on the NMC register."},
            follow=True,
        )

    assert "@ravi was verified" in response.content.decode()
    ravi.refresh_from_db()
    assert (ravi.verified_as, ravi.verified_title) == ("clinician", "Rheumatology nurse")
    assert is_verified(ravi)
    event = AuditEvent.objects.get(action="professional:verify")
    assert (event.actor, event.subject, event.reason) == (site_admin, ravi, "Found on the NMC register.")
    mine = client_of(ravi).get(reverse("professional_mine")).content.decode()
    assert "Found on the NMC register." in mine
    assert "Verified clinician" in mine
    told = Notification.objects.get(recipient=ravi)
    assert told.kind == Kind.VERIFICATION
    notices = client_of(ravi).get(reverse("notifications")).content.decode()
    assert reverse("professional_mine") in notices
    assert "Found on the NMC register." not in notices  # the reason is on his own page only


def test_declining_needs_a_reason_which_ravi_reads(site_admin: User, ravi: User, application: Verification) -> None:
    admin = client_of(site_admin)
    url = reverse("professional_decide", args=[application.pk])

    refused = admin.post(url, {"decision": "decline", "reason": ""})
    assert refused.status_code == 422
    assert Verification.objects.get(pk=application.pk).status == VerificationStatus.PENDING

    admin.post(url, {"decision": "decline", "reason": "The PIN is not on the register."})

    assert Verification.objects.get(pk=application.pk).status == VerificationStatus.DECLINED
    ravi.refresh_from_db()
    assert ravi.verified_as == ""
    assert AuditEvent.objects.filter(action="professional:decline", subject=ravi).count() == 1
    mine = client_of(ravi).get(reverse("professional_mine")).content.decode()
    assert "Declined" in mine
    assert "The PIN is not on the register." in mine
    assert "Apply again" in mine


def test_withdrawing_takes_the_badge_away_at_once(site_admin: User, ravi: User, verified: Verification) -> None:
    response = client_of(site_admin).post(
        reverse("professional_withdraw", args=[verified.pk]), {"reason": "No longer registered."}, follow=True
    )

    assert "verification was withdrawn" in response.content.decode()
    ravi.refresh_from_db()
    assert (ravi.verified_as, ravi.verified_title) == ("", "")
    assert not is_verified(ravi)
    assert Verification.objects.get(pk=verified.pk).status == VerificationStatus.WITHDRAWN
    assert AuditEvent.objects.filter(action="professional:withdraw", subject=ravi).count() == 1
    mine = client_of(ravi).get(reverse("professional_mine")).content.decode()
    assert "No longer registered." in mine
    # And he may apply again.
    actions.do_apply(ravi, NURSE)


def test_a_withdrawal_needs_a_reason(site_admin: User, ravi: User, verified: Verification) -> None:
    response = client_of(site_admin).post(reverse("professional_withdraw", args=[verified.pk]), {"reason": " "})

    assert response.status_code == 422
    ravi.refresh_from_db()
    assert ravi.verified_as == "clinician"


def test_deciding_what_is_no_longer_waiting_is_a_clear_error(
    site_admin: User, amara: User, ravi: User, verified: Verification
) -> None:
    response = client_of(amara).post(
        reverse("professional_decide", args=[verified.pk]), {"decision": "decline", "reason": "No."}, follow=True
    )

    assert "This application was already verified by @siteadmin." in response.content.decode()
    ravi.refresh_from_db()
    assert ravi.verified_as == "clinician"
    assert not AuditEvent.objects.filter(action="professional:decline").exists()


def test_withdrawing_what_is_not_verified_is_a_clear_error(site_admin: User, application: Verification) -> None:
    with pytest.raises(ValidationError, match="Only a standing verification can be withdrawn"):
        actions.do_withdraw(site_admin, application, reason="x")


def test_deciding_an_application_the_member_cancelled_says_so(
    site_admin: User, ravi: User, application: Verification
) -> None:
    actions.do_cancel(ravi)

    with pytest.raises(actions.AlreadyDecided, match="cancelled by the member"):
        actions.do_decide(site_admin, application, verify=True, reason="ok")
    ravi.refresh_from_db()
    assert ravi.verified_as == ""


def test_an_administrator_never_decides_their_own(site_admin: User) -> None:
    own = actions.do_apply(site_admin, NURSE)
    admin = client_of(site_admin)

    page = admin.get(reverse("professional_application", args=[own.pk])).content.decode()
    assert "another administrator decides about it" in page
    response = admin.post(reverse("professional_decide", args=[own.pk]), {"decision": "verify", "reason": "Me."})

    assert response.status_code == 422
    site_admin.refresh_from_db()
    assert site_admin.verified_as == ""
    assert Verification.objects.get(pk=own.pk).status == VerificationStatus.PENDING


@pytest.mark.parametrize("who", ["outsider", "maya", "tiffany", "ravi"])
def test_nobody_but_an_administrator_sees_or_decides_an_application(
    who: str, request: pytest.FixtureRequest, ravi: User, application: Verification
) -> None:
    user = None if who == "outsider" else request.getfixturevalue(who)
    client: Client = client_of(user)
    pk = application.pk

    assert client.get(reverse("professional_applications")).status_code == 404
    assert client.get(reverse("professional_application", args=[pk])).status_code == 404
    forged = client.post(reverse("professional_decide", args=[pk]), {"decision": "verify", "reason": "Trust me."})
    assert forged.status_code == 404
    assert client.post(reverse("professional_withdraw", args=[pk]), {"reason": "x"}).status_code == 404
    ravi.refresh_from_db()
    assert ravi.verified_as == ""
    assert Verification.objects.get(pk=pk).status == VerificationStatus.PENDING


def test_the_actions_refuse_a_forged_decision_too(maya: User, application: Verification) -> None:
    from django.http import Http404

    assert not can_decide(maya)
    with pytest.raises(Http404):
        actions.do_decide(maya, application, verify=True, reason="Trust me.")


def test_an_application_that_does_not_exist_is_404(site_admin: User) -> None:
    assert client_of(site_admin).get(reverse("professional_application", args=[999_999])).status_code == 404


def test_a_deactivated_administrator_decides_nothing(site_admin: User, application: Verification) -> None:
    site_admin.is_active = False
    site_admin.save(update_fields=["is_active"])

    assert not can_decide(site_admin)
