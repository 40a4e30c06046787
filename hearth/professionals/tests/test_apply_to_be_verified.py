"""Ravi applies as a rheumatology nurse: one application at a time, clear answers for bad input,
his status on his own page, and cancelling while it waits."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hearth.accounts.models import User
from hearth.audit.models import AuditEvent
from hearth.professionals import actions
from hearth.professionals.models import Verification, VerificationStatus
from hearth.professionals.tests.conftest import NURSE, client_of

FORM = {
    "kind": "clinician",
    "title": "Rheumatology nurse",
    "details": "NMC PIN 12A3456B, St Mary's rheumatology clinic.",
    "register_url": "https://www.nmc.org.uk/registration/search-the-register/",
}


def test_ravi_applies_on_the_page_and_sees_it_waiting(ravi: User) -> None:
    client = client_of(ravi)

    response = client.post(reverse("professional_apply"), FORM, follow=True)

    assert response.status_code == 200
    verification = Verification.objects.get(member=ravi)
    assert verification.status == VerificationStatus.PENDING
    assert verification.title == "Rheumatology nurse"
    page = response.content.decode()
    assert "Waiting for an administrator" in page
    assert "Cancel my application" in page
    event = AuditEvent.objects.get(action="professional:apply")
    assert (event.actor, event.subject, event.target_id) == (ravi, ravi, verification.pk)
    assert "NMC PIN" not in str(event.data) + event.reason  # the details are for administrators alone
    ravi.refresh_from_db()
    assert ravi.verified_as == ""  # nothing until an administrator verifies


def test_the_apply_page_sends_someone_with_an_open_application_to_its_status(
    ravi: User, application: Verification
) -> None:
    response = client_of(ravi).get(reverse("professional_apply"))

    assert response.status_code == 302
    assert response["Location"] == reverse("professional_mine")


def test_a_second_application_is_refused_plainly(ravi: User, application: Verification) -> None:
    response = client_of(ravi).post(reverse("professional_apply"), {**FORM, "title": "Nurse"})

    assert response.status_code == 422
    assert "You already have an application waiting" in response.content.decode()
    assert Verification.objects.filter(member=ravi).count() == 1


def test_a_verified_member_cannot_apply_again(ravi: User, verified: Verification) -> None:
    with pytest.raises(ValidationError, match="verified already"):
        actions.do_apply(ravi, NURSE)


def test_two_applications_sent_at_once_keep_one_and_say_so(ravi: User, application: Verification) -> None:
    # The second request checked before the first one's row existed: the constraint stops it.
    with (
        mock.patch.object(actions, "open_verification", return_value=None),
        pytest.raises(ValidationError, match="already have an application waiting"),
    ):
        actions.do_apply(ravi, NURSE)

    assert Verification.objects.filter(member=ravi).count() == 1
    assert AuditEvent.objects.filter(action="professional:apply").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("register_url", "javascript:alert(1)", "starting with https:// or http://"),
        ("register_url", "ftp://example.org/register", "starting with https:// or http://"),
        ("title", "   ", "This field is required."),
        ("details", "", "This field is required."),
        ("kind", "healer", "Select a valid choice."),
        ("details", "PIN\x00", "Null characters are not allowed."),
        ("title", "x" * 81, "at most 80 characters"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    ravi: User, field: str, value: str, said: str
) -> None:
    response = client_of(ravi).post(reverse("professional_apply"), {**FORM, field: value})

    assert response.status_code == 422
    assert said in response.content.decode()
    assert not Verification.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_action_refuses_what_a_form_would_not_catch(ravi: User) -> None:
    bad = actions.Application(kind="clinician", title="Nurse", details="PIN", register_url="https://exa mple.org")
    with pytest.raises(ValidationError) as refused:
        actions.do_apply(ravi, bad)
    assert refused.value.code == "register_url"

    with pytest.raises(ValidationError) as refused:
        actions.do_apply(ravi, actions.Application(kind="wizard", title="Nurse", details="PIN"))
    assert refused.value.code == "kind"
    assert not Verification.objects.exists()


def test_ravi_cancels_his_waiting_application_and_its_details_go(ravi: User, application: Verification) -> None:
    client = client_of(ravi)

    response = client.post(reverse("professional_cancel"), follow=True)

    assert "Your application was cancelled" in response.content.decode()
    assert not Verification.objects.filter(member=ravi).exists()
    assert AuditEvent.objects.filter(action="professional:cancel", subject=ravi).count() == 1
    # He may apply again.
    assert client.post(reverse("professional_apply"), FORM).status_code == 302


def test_nothing_to_cancel_is_said_plainly(ravi: User, verified: Verification) -> None:
    response = client_of(ravi).post(reverse("professional_cancel"), follow=True)

    assert "You have no application waiting to cancel." in response.content.decode()
    assert Verification.objects.get(pk=verified.pk).status == VerificationStatus.VERIFIED


def test_a_member_who_never_applied_is_invited_to(maya: User) -> None:
    response = client_of(maya).get(reverse("professional_mine"))

    assert response.status_code == 200
    assert "You have not applied to be verified." in response.content.decode()


@pytest.mark.parametrize("name", ["professional_apply", "professional_mine"])
def test_an_outsider_is_asked_to_sign_in(db: None, name: str) -> None:
    response = client_of(None).get(reverse(name))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_an_outsider_cannot_cancel_anything(application: Verification) -> None:
    response = client_of(None).post(reverse("professional_cancel"))

    assert response.status_code == 302
    assert Verification.objects.filter(pk=application.pk).exists()
