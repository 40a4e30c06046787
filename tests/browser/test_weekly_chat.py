"""Journey 3, "the weekly chat": Tiffany schedules #LupusChat weekly on Mondays at 21:00 New York
time with topics T1 to T4 written ahead; Maya sets a reminder and adds the chat to her calendar.
When the hour comes, topics appear as Tiffany releases them and answers reach everyone at once;
Maya's connection drops and comes back without missing or repeating anything. Afterwards the
transcript, grouped by topic, has its figures.

It runs against a real server (uvicorn, Channels' in-memory layer, SQLite) in a subprocess,
since the room lives on WebSocket, with Maya's browser behind a TCP proxy the test can cut.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import ACTION_TIMEOUT_MS
from tests.browser.problems import BrowserProblems
from tests.server import ROOT, running_server, server_env
from tests.tcp_proxy import tcp_proxy

pytestmark = pytest.mark.browser

PASSWORD = "a long demo password 2026"
ALONE = {"DATABASE_URL": "", "REDIS_URL": "", "DJANGO_ALLOW_ASYNC_UNSAFE": ""}  # its own SQLite, in-process layer

SET_UP = """
from hearth.accounts.models import User
from hearth.communities import actions
from hearth.communities.models import Membership
tiffany = User.objects.get(handle="tiffany")
lupus = actions.do_create_community(tiffany, actions.CommunityInput(
    name="Living with lupus", description="For anyone living with lupus.", visibility="closed"))
for handle in ("maya_r", "sam_cares"):
    Membership.objects.create(community=lupus, user=User.objects.get(handle=handle))
print(lupus.slug)
"""


def django(var_dir: Path, code: str) -> str:
    """Run Python in the server's Django (its own database), returning what it printed."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=server_env(var_dir, **ALONE),
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout.strip()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    var_dir = tmp_path_factory.mktemp("weekly-chat")
    with running_server(var_dir, port=None, **ALONE) as base:
        for handle in ("tiffany", "maya_r", "sam_cares"):
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "create_member",
                    "--handle",
                    handle,
                    "--email",
                    f"{handle}@example.org",
                    "--password",
                    PASSWORD,
                ],
                cwd=ROOT,
                env=server_env(var_dir, **ALONE),
                check=True,
                capture_output=True,
                timeout=120,
            )
        yield base, var_dir


def open_context(browser: Browser, base: str, problems: BrowserProblems) -> tuple[BrowserContext, Page]:
    context = browser.new_context(base_url=base, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    problems.watch(context)
    return context, context.new_page()


def log_in(page: Page, handle: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(f"{handle}@example.org")
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page).not_to_have_url("/accounts/login/")


def next_monday() -> date:
    today = datetime.now(tz=UTC).date()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def test_the_weekly_chat(
    playwright_browser: Browser, server: tuple[str, Path], browser_problems: BrowserProblems
) -> None:
    base, var_dir = server
    slug = django(var_dir, SET_UP).splitlines()[-1]
    tiffany_context, tiffany = open_context(playwright_browser, base, browser_problems)
    port = int(base.rsplit(":", 1)[1])
    with tcp_proxy("127.0.0.1", port) as proxy:
        maya_base = f"http://127.0.0.1:{proxy.port}"
        # While the proxy is cut, Maya's page reconnects and then polls; how many attempts the cut
        # lasts depends on the machine's speed, and chromium logs each refused one as an error.
        browser_problems.expect_refused_connections(f"127.0.0.1:{proxy.port}")
        maya_context, maya = open_context(playwright_browser, maya_base, browser_problems)
        try:
            weekly_chat(tiffany, maya, proxy, var_dir, slug)
        finally:
            maya_context.close()
            tiffany_context.close()
    if browser_problems.seen:
        pytest.fail("The browser reported problems:\n" + "\n".join(browser_problems.seen), pytrace=False)


def weekly_chat(tiffany: Page, maya: Page, proxy: object, var_dir: Path, slug: str) -> None:
    monday = next_monday()

    # Tiffany schedules the chat and writes T1 to T4 ahead.
    log_in(tiffany, "tiffany")
    tiffany.goto(f"/c/{slug}/chats/")
    assert_accessible(tiffany)
    tiffany.get_by_role("link", name="Schedule a chat").click()
    schedule(tiffany, monday)
    expect(tiffany.get_by_text("Every Monday at 21:00 (America/New_York)").first).to_be_visible()
    assert_accessible(tiffany)
    room_url = f"/c/{slug}/chats/lupuschat/{monday.isoformat()}/"
    tiffany.goto(room_url)
    tiffany.get_by_role("link", name="Write the topics").click()
    tiffany.get_by_label("Topics, one a line").fill(
        "What helped you most in your first year?\n"
        "How do you explain a flare at work?\n"
        "What do you ask your rheumatologist?\n"
        "What brought you joy this week?"
    )
    assert_accessible(tiffany)
    tiffany.get_by_role("button", name="Save the topics").click()

    # Maya asks for a reminder and adds the chat to her calendar.
    log_in(maya, "maya_r")
    maya.goto(f"/c/{slug}/chats/lupuschat/")
    assert_accessible(maya)
    maya.get_by_role("button", name="Remind me").click()
    expect(maya.get_by_text("You will be reminded", exact=False).first).to_be_visible()
    maya.get_by_role("link", name="get it on your calendar page").click()
    maya.get_by_role("button", name="Create my private address").click()
    assert_accessible(maya)
    maya.goto(f"/c/{slug}/chats/lupuschat/")
    feed = maya.get_by_role("link", name="Add to your calendar").first.get_attribute("href")
    assert feed is not None
    calendar = icalendar.Calendar.from_ical(maya.request.get(feed).body())
    events = list(calendar.walk("VEVENT"))
    assert [str(event["SUMMARY"]) for event in events] == ["#LupusChat: Monday #LupusChat"]
    assert events[0].decoded("RRULE")["FREQ"] == ["WEEKLY"]

    # Monday evening: the reminder comes 30 minutes before, then the room opens.
    django(
        var_dir,
        "from datetime import timedelta; from django.utils import timezone; "
        "from hearth.chats.models import LiveChat; from hearth.chats import reminders; "
        f"LiveChat.objects.filter(series__slug='lupuschat', date='{monday.isoformat()}')"
        ".update(starts_at=timezone.now() + timedelta(minutes=20), ends_at=timezone.now() + timedelta(minutes=80)); "
        "reminders.send_due_reminders()",
    )
    maya.goto("/notifications/")
    expect(maya.get_by_text("#LupusChat", exact=False).first).to_be_visible()
    django(
        var_dir,
        "from datetime import timedelta; from django.utils import timezone; "
        "from hearth.chats.models import LiveChat; "
        f"LiveChat.objects.filter(series__slug='lupuschat', date='{monday.isoformat()}')"
        ".update(starts_at=timezone.now() - timedelta(minutes=1), ends_at=timezone.now() + timedelta(minutes=59))",
    )
    tiffany.goto(room_url)
    maya.goto(room_url)
    expect(maya.get_by_text("Live now")).to_be_visible()
    expect(maya.locator("#chat-connection")).to_have_text("Live: new messages appear as they are sent.")

    # Topics appear as Tiffany releases them; answers reach everyone.
    tiffany.get_by_role("button", name="Release T1").click()
    expect(maya.locator("#chat-topics [aria-current=true]")).to_contain_text("T1")
    maya.get_by_role("textbox", name="Message").fill("Finding this community, honestly.")
    maya.get_by_role("button", name="Send").click()
    expect(tiffany.locator("#chat-messages li").filter(has_text="Finding this community")).to_contain_text("A1")
    # A message that arrived live can be reported at once, by all but its author.
    arrived = tiffany.locator("#chat-messages li").filter(has_text="Finding this community")
    expect(arrived.get_by_role("link", name="Report message 1")).to_have_count(1)
    expect(maya.locator("#chat-messages li .chat-message__report")).to_have_count(0)
    assert_accessible(maya)

    # Maya's connection drops; the room goes on; it comes back with nothing missed or repeated.
    proxy.cut()  # type: ignore[attr-defined]
    expect(maya.locator("#chat-connection.is-trouble")).to_be_visible()
    tiffany.get_by_role("textbox", name="Message").fill("While you were away: pacing helps.")
    tiffany.get_by_role("button", name="Send").click()
    tiffany.get_by_role("button", name="Release T2").click()
    tiffany.get_by_role("textbox", name="Message").fill("T2 is up!")
    tiffany.get_by_role("button", name="Send").click()
    expect(tiffany.locator("#chat-messages li")).to_have_count(3)
    proxy.restore()  # type: ignore[attr-defined]
    expect(maya.locator("#chat-messages li")).to_have_count(3, timeout=30_000)
    expect(maya.locator("#chat-messages li").filter(has_text="pacing helps")).to_have_count(1)
    expect(maya.locator("#chat-topics [aria-current=true]")).to_contain_text("T2")
    seqs = maya.locator("#chat-messages li").evaluate_all("items => items.map(item => item.dataset.seq)")
    assert seqs == ["1", "2", "3"]

    # Tiffany ends the chat; the transcript, grouped by topic, has its figures.
    tiffany.get_by_text("End the chat early").click()
    tiffany.get_by_role("button", name="End the chat now").click()
    expect(maya.get_by_text("This chat has ended").first).to_be_visible()
    maya.get_by_role("link", name="Read the transcript").first.click()
    expect(maya.get_by_role("heading", name="T1", exact=False).first).to_be_visible()
    expect(maya.get_by_text("Finding this community")).to_be_visible()
    assert_accessible(maya)
    transcript = json.loads(maya.request.get(maya.url.rstrip("/") + ".json").text())
    assert transcript["figures"]["messages"] == 3


def schedule(page: Page, monday: date) -> None:
    page.get_by_label("Title").fill("Monday #LupusChat")
    page.get_by_label("Tag").fill("LupusChat")
    page.get_by_label("Time zone").select_option("America/New_York")
    page.get_by_label("First date").fill(monday.isoformat())
    page.get_by_label("Start time").fill("21:00")
    page.get_by_label("Length (minutes)").fill("60")
    page.get_by_label("Weekly, on the same weekday").check()
    page.get_by_role("button", name="Schedule the chat").click()
