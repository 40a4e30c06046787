"""Steps of the account journeys that several browser tests take: sign up, confirm, log in.

Each step finds fields by their visible label and buttons by their name, as a screen-reader user
would, so a lost label fails the journey as well as the accessibility check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.mailbox import Mailbox

# Django's form rendering ends labels with a colon; "Password (again)" must not match.
PASSWORD_LABEL = re.compile(r"^Password:?$")


@dataclass(frozen=True)
class Newcomer:
    email: str
    handle: str
    password: str


# Maya uses an alias because of her employer (PRODUCT.md).
MAYA = Newcomer(email="maya@example.org", handle="maya_r", password="quiet-harbour-lantern-42")


def sign_up(page: Page, newcomer: Newcomer) -> None:
    """From any page: follow "Sign up" in the header and send the form."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    assert_accessible(page)
    page.get_by_label("Email").fill(newcomer.email)
    page.get_by_label("Handle").fill(newcomer.handle)
    page.get_by_label(PASSWORD_LABEL).fill(newcomer.password)
    page.get_by_label("Password (again)").fill(newcomer.password)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")


def confirm_email(page: Page, mailbox: Mailbox, newcomer: Newcomer) -> None:
    """Open the link in the confirmation mail and press Confirm (opening it alone changes nothing).

    She is not signed in yet, so she lands on the sign-in page with a note that it worked.
    """
    page.goto(mailbox.confirmation_link(to=newcomer.email))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_contain_text(f"You have confirmed {newcomer.email}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")


def open_log_in(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")


def log_in(page: Page, newcomer: Newcomer) -> None:
    """On the sign-in page: send email and password."""
    assert_accessible(page)
    page.get_by_label("Email").fill(newcomer.email)
    page.get_by_label(PASSWORD_LABEL).fill(newcomer.password)
    page.get_by_role("button", name="Sign In", exact=True).click()


def expect_signed_in(page: Page, newcomer: Newcomer) -> None:
    expect(page.get_by_text(f"Welcome back, {newcomer.handle}.")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out")).to_be_visible()
