"""Maya's first visit in a real browser: sign up under an alias, confirm her address, protect the
account with two-step sign-in, and come back with a code from her phone. Every page she sees must
pass the accessibility check."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import hotp_value
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.mailbox import Mailbox
from tests.browser.steps import MAYA, PASSWORD_LABEL, confirm_email, expect_signed_in, log_in, open_log_in, sign_up

pytestmark = pytest.mark.browser

TOTP_PERIOD = 30
_BASE32_SECRET = re.compile(r"[A-Z2-7]{16,}=*")


def read_totp_secret(page: Page) -> str:
    """The secret allauth shows beside the QR code, for people who cannot scan it.

    It sits in a read-only (today: disabled) field; any field whose value is a base32 secret will
    do, so the test does not hang on allauth's element ids.
    """
    values: list[str] = page.locator("input, textarea").evaluate_all("(fields) => fields.map((f) => f.value)")
    secrets = {value.replace(" ", "") for value in values}
    secrets = {value for value in secrets if _BASE32_SECRET.fullmatch(value)}
    assert len(secrets) == 1, f"expected one authenticator secret on the page, found {secrets or 'none'}"
    return secrets.pop()


def code_from_phone(secret: str) -> str:
    """The code Maya's authenticator app shows right now.

    allauth accepts only the current 30 s window (MFA_TOTP_TOLERANCE is 0), so near the end of a
    window wait for the next one rather than type a code that expires on its way to the server.
    """
    left_in_window = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if left_in_window < 2:
        time.sleep(left_in_window + 0.1)
    return f"{hotp_value(secret, int(time.time()) // TOTP_PERIOD):06d}"


def test_maya_signs_up_turns_on_two_step_sign_in_and_signs_back_in_with_a_code(page: Page, mailbox: Mailbox) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are not alone with it")
    assert_accessible(page)

    sign_up(page, MAYA)
    assert_accessible(page)

    confirm_email(page, mailbox, MAYA)
    log_in(page, MAYA)
    expect_signed_in(page, MAYA)
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account settings")
    assert_accessible(page)

    page.get_by_role("link", name="Two-step sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    expect(page.get_by_text("An authenticator app is not active.")).to_be_visible()
    assert_accessible(page)

    # Changing how she signs in asks for her password again, even straight after logging in:
    # someone at her unlocked computer must not be able to lock her out.
    page.get_by_role("link", name="Activate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Access")
    assert_accessible(page)
    page.get_by_label(PASSWORD_LABEL).fill(MAYA.password)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Turn on two-step sign-in")
    assert_accessible(page)
    secret = read_totp_secret(page)
    page.get_by_label("Authenticator code").fill(code_from_phone(secret))
    page.get_by_role("button", name="Activate").click()

    # Straight after, allauth shows the recovery codes she must keep for a lost phone.
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery Codes")
    # And sends a notice by mail, so that she would know if it had not been her.
    assert "Authenticator App Activated" in str(mailbox.newest()["Subject"])
    assert_accessible(page)
    recovery_codes = page.get_by_label("Unused codes").input_value().split()
    assert len(recovery_codes) >= 5

    page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")).to_be_visible()
    assert_accessible(page)

    open_log_in(page)
    log_in(page, MAYA)
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    assert_accessible(page)
    # allauth refuses a code already used to sign in, but the one typed at activation was only
    # checked, not spent: within the same window her phone shows it again, and that works.
    page.get_by_label(re.compile(r"^Code:?$")).fill(code_from_phone(secret))
    page.get_by_role("button", name="Sign In", exact=True).click()

    expect_signed_in(page, MAYA)
    assert_accessible(page)


def test_the_password_rules_are_read_out_with_the_password_field(page: Page) -> None:
    page.goto("/accounts/signup/")

    expect(page.get_by_label(PASSWORD_LABEL)).to_have_accessible_description(
        re.compile("at least 10 characters"), timeout=1_000
    )
