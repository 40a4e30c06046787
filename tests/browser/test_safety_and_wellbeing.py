"""Journey 7, safety: Maya writes that she wants to end it; the reply still posts, she alone sees a
calm panel with the crisis line of her country, and the community gets a quiet well-being check.
A reply about crushing chest pain shows her emergency advice.

Journey 8, moderation: Maya reports Lena's post; Ravi warns Lena privately and labels the post;
Lena is told why, and appeals once.

Journey 9, well-being: Ellen mutes "metastasis" and sees Maya's post folded with the reason,
hides reaction counts, and takes a two-week break: her feed is paused, kindly.

Both with JavaScript and without: every step is a plain form."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hearth.accounts.tests.factories import UserFactory
from hearth.communities.tests.factories import make_community
from hearth.profiles.actions import ProfileInput, do_update_profile
from hearth.safety.models import WellbeingCheck
from hearth.search.tests.factories import make_thread
from tests.browser.accessibility import assert_accessible
from tests.browser.test_find_my_community import log_in_as

pytestmark = pytest.mark.browser


def test_maya_writes_in_crisis_and_sees_help_that_nobody_else_sees(page_with_and_without_js: Page) -> None:
    page = page_with_and_without_js
    ravi = UserFactory.create(handle="ravi", email="ravi@example.org")
    maya = UserFactory.create(handle="maya_r", email="maya@example.org")
    do_update_profile(maya, ProfileInput(country="GB"))
    community = make_community(ravi, "Breast cancer circle", members=[maya])
    thread = make_thread(ravi, community, "How is everyone this week?", "Checking in.")

    log_in_as(page, "maya@example.org")
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your post").fill("I can't do this anymore, I want to end it.")
    page.get_by_role("button", name="Post reply").click()

    expect(page.get_by_text("I want to end it.")).to_be_visible()  # posted, not blocked
    panel = page.get_by_role("region", name="You are not alone")
    expect(panel).to_contain_text("116 123")  # Samaritans, for her country
    assert_accessible(page)
    assert WellbeingCheck.objects.filter(community=community, member=maya).count() == 1

    page.reload()
    expect(page.get_by_role("region", name="You are not alone")).to_have_count(0)  # once, and hers

    page.get_by_label("Your post").fill("I have crushing chest pain right now and my left arm is numb")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_role("region", name="call 999 now")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    log_in_as(page, "ravi@example.org")
    page.goto(thread.get_absolute_url())
    expect(page.get_by_text("I want to end it.")).to_be_visible()
    expect(page.locator("#crisis-panel")).to_have_count(0)


def test_ellen_mutes_a_word_hides_counts_and_takes_a_break(page_with_and_without_js: Page) -> None:
    page = page_with_and_without_js
    tiffany = UserFactory.create(handle="tiffany")
    maya = UserFactory.create(handle="maya_r")
    UserFactory.create(handle="ellen71", email="ellen@example.org")
    community = make_community(tiffany, "Breast cancer circle", members=[maya])
    thread = make_thread(maya, community, "Scan results", "They found a small metastasis in the liver.")

    log_in_as(page, "ellen@example.org")
    page.goto("/well-being/")
    page.get_by_label("Word or phrase to mute").fill("metastasis")
    page.get_by_role("button", name="Mute", exact=True).click()
    page.get_by_label("Hide reaction counts").check()
    page.get_by_role("button", name="Save").click()
    assert_accessible(page)

    page.goto(thread.get_absolute_url())
    folded = page.locator("details.muted-content").first
    expect(folded).to_contain_text("Hidden because it mentions a word you muted: metastasis")
    folded.locator("summary").click()
    expect(page.get_by_text("small metastasis in the liver").first).to_be_visible()  # folded, never dropped

    page.goto("/well-being/")
    page.get_by_label("Two weeks").check()
    page.get_by_role("button", name="Take a break").click()
    page.goto("/feed/")
    expect(page.get_by_text("your feed is paused")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="End my break now").click()
    page.goto("/feed/")
    expect(page.get_by_text("your feed is paused")).to_have_count(0)


def test_maya_reports_a_post_ravi_labels_it_and_warns_lena_who_appeals(page_with_and_without_js: Page) -> None:
    """Journey 8: the report reaches Ravi's queue; he warns the author privately and labels the post
    with a source; the label shows on the post; Lena is told what was done and why, finds it in her
    moderation record and appeals once; Ravi answers; every step is in the audit log."""
    page = page_with_and_without_js
    ravi = UserFactory.create(handle="ravi", email="ravi@example.org")
    maya = UserFactory.create(handle="maya_r", email="maya@example.org")
    lena = UserFactory.create(handle="lena_sle", email="lena@example.org")
    community = make_community(ravi, "Type 1 together", members=[maya, lena])
    thread = make_thread(lena, community, "Keto reversed my type 1", "I barely need insulin now.")

    log_in_as(page, "maya@example.org")
    page.goto(thread.get_absolute_url())
    page.get_by_role("link", name="Report this post").first.click()
    page.get_by_label("Misinformation or dangerous advice").check()
    assert_accessible(page)
    page.get_by_role("button", name="Send report").click()

    page.context.clear_cookies()
    log_in_as(page, "ravi@example.org")
    page.goto(f"/moderation/{community.slug}/")
    expect(page.get_by_text("Keto reversed my type 1").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Decide on report 1").click()
    decide_url = page.url

    page.get_by_role("link", name="Warn, mute or remove the author").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("@lena_sle")
    assert_accessible(page)
    page.locator("#warn-title ~ form").get_by_label("Reason").fill("Please share sources with medical claims.")
    page.get_by_role("button", name="Send the warning").click()
    expect(page.get_by_text("Please share sources with medical claims.").first).to_be_visible()

    page.goto(decide_url)
    page.get_by_label("Add a label above the post").check()
    page.get_by_label("Reason").fill("Type 1 cannot be reversed; see the source.")
    page.get_by_label("Disputed: see sources").check()
    page.get_by_label("Source 1 (for a disputed label)").fill("https://www.niddk.nih.gov/type-1-diabetes")
    assert_accessible(page)
    page.get_by_role("button", name="Decide").click()

    page.goto(thread.get_absolute_url())
    expect(page.get_by_text("Disputed: see sources").first).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    log_in_as(page, "lena@example.org")
    page.goto("/notifications/")
    expect(page.get_by_text("Please share sources with medical claims.").first).to_be_visible()  # told why
    expect(page.get_by_text("Type 1 cannot be reversed; see the source.").first).to_be_visible()
    expect(page.get_by_text("maya_r")).to_have_count(0)  # the reporter is never named
    assert_accessible(page)
    page.goto("/moderation/me/record/")
    assert_accessible(page)
    page.get_by_label("Why should this be looked at again?").first.fill("My endocrinologist lowered my dose.")
    page.get_by_role("button", name="Appeal").first.click()
    expect(page.get_by_text("My endocrinologist lowered my dose.").first).to_be_visible()
    expect(page.get_by_label("Why should this be looked at again?")).to_have_count(1)  # once per decision

    page.context.clear_cookies()
    log_in_as(page, "ravi@example.org")
    page.goto(f"/moderation/{community.slug}/")
    page.get_by_label("Your answer to appeal 1 (the member is told it)").fill("Lowering is not reversing.")
    page.get_by_role("button", name="Uphold appeal 1").click()
    page.goto(f"/moderation/{community.slug}/audit/")
    assert_accessible(page)
    for reason in ("Please share sources with medical claims.", "Type 1 cannot be reversed; see the source."):
        expect(page.get_by_text(reason).first).to_be_visible()
