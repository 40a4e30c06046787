"""Browser fixtures: one chromium for this folder, a fresh context per test, and a mailbox on disk.

Every page a test opens is watched: a console error or an uncaught script error fails the test.
That is how a Content-Security-Policy violation (the site allows no inline script or style)
shows up, so a template that breaks the policy breaks the build.

Every browser test also has a time limit, so a wait that never ends fails the test instead of
holding up the run.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import override_settings
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from tests.browser.mailbox import Mailbox
from tests.browser.problems import BrowserProblems
from tests.plain_http import PLAIN_HTTP

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # No calls home from the browser either: tests never touch the network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Short enough that a missing element fails fast, long enough for a loaded CI machine.
ACTION_TIMEOUT_MS = 10_000
# A whole journey takes well under a minute even on a busy machine. Playwright bounds every wait
# for an element or a page, but not `page.evaluate`: a script that never finishes (axe in a
# browser with scripts off did) would otherwise hold the run for ever.
TEST_TIME_LIMIT_S = 120


@pytest.fixture(autouse=True)
def _time_limit() -> Iterator[None]:
    """Fail a browser test, set-up and tear-down included, that runs past TEST_TIME_LIMIT_S.

    pytest-timeout is not a dependency, so this is its "signal" method in small: SIGALRM
    interrupts the main thread, and Playwright raises the failure in the test's own frame while
    its connection to the browser stays usable for the tests that follow.
    """
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def fail(signum: int, frame: FrameType | None) -> None:
        pytest.fail(f"The browser test took longer than {TEST_TIME_LIMIT_S} s", pytrace=True)

    previous = signal.signal(signal.SIGALRM, fail)
    signal.setitimer(signal.ITIMER_REAL, TEST_TIME_LIMIT_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Scoped to this folder rather than the whole session, with the reason in the docstring.
@pytest.fixture(scope="package")
def playwright_browser() -> Iterator[Browser]:
    """One chromium for every browser test; a missing chromium fails them unless skipping is asked for.

    Playwright's sync API keeps an asyncio event loop running in the main thread for as long as
    the browser lives, so Django takes every test body (and the database flush after it) for
    async code and refuses ORM calls with SynchronousOnlyOperation. The test code is plain
    synchronous code and the live server answers from its own thread, so the check is switched
    off with DJANGO_ALLOW_ASYNC_UNSAFE, but only while the browser lives: set for the whole
    session, the variable leaks into subprocesses that later tests start, and `manage.py check
    --deploy` rightly refuses it (async.E001).
    """
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        message = f"chromium not found (looked on PATH and at {executable}); install Debian's chromium package"
        if os.environ.get("HEARTH_SKIP_BROWSER") == "1":
            pytest.skip(message)
        # Failing rather than skipping: a silently skipped browser suite looks like a green one.
        pytest.fail(f"{message}, or set HEARTH_SKIP_BROWSER=1 to skip the browser tests", pytrace=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright: Playwright = sync_playwright().start()
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception:
            playwright.stop()
            raise
        yield browser
        browser.close()
        playwright.stop()


def _no_static_handler(application: WSGIHandler) -> WSGIHandler:
    """Wraps nothing: requests for static files reach Django's stack, where WhiteNoise answers."""
    return application


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """pytest-django's live server, started while plain HTTP is in force.

    Django's SecurityMiddleware reads SECURE_SSL_REDIRECT and HSTS once, when the server thread
    builds its handler at start-up. The root `_plain_http` fixture changes settings per test,
    which is too late for a server shared by the whole session: it would redirect the browser
    to https:// and the page would never load.

    Static files are left to WhiteNoise, as in production: pytest-django's default handler looks
    files up with the finders, which do not know the hashed names the pages link to.
    """
    address = request.config.getvalue("liveserver") or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(address, start=False)
    # django-stubs types this as a handler class; any callable taking the application will do.
    server.thread.static_handler = _no_static_handler  # type: ignore[assignment]
    with override_settings(**PLAIN_HTTP):
        server.start()
    yield server
    server.stop()


@pytest.fixture
def browser_problems() -> BrowserProblems:
    return BrowserProblems()


def _open_page(
    browser: Browser, live_server: LiveServer, problems: BrowserProblems, *, javascript: bool
) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript, locale="en-GB")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    problems.watch(context)
    page = context.new_page()
    yield page
    context.close()
    if problems.seen:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems.seen), pytrace=False)


@pytest.fixture
def page(
    playwright_browser: Browser, live_server: LiveServer, transactional_db: None, browser_problems: BrowserProblems
) -> Iterator[Page]:
    """A fresh browser context (no cookies) on the live server, with JavaScript on."""
    yield from _open_page(playwright_browser, live_server, browser_problems, javascript=True)


@pytest.fixture
def page_without_js(
    playwright_browser: Browser, live_server: LiveServer, transactional_db: None, browser_problems: BrowserProblems
) -> Iterator[Page]:
    """As `page`, for the people whose browser runs no scripts: every page must still work."""
    yield from _open_page(playwright_browser, live_server, browser_problems, javascript=False)


@pytest.fixture(params=[True, False], ids=["with-javascript", "without-javascript"])
def page_with_and_without_js(
    request: pytest.FixtureRequest,
    playwright_browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    browser_problems: BrowserProblems,
) -> Iterator[Page]:
    """`page`, then `page_without_js`: a journey taking this runs twice, once for each browser."""
    yield from _open_page(playwright_browser, live_server, browser_problems, javascript=request.param)


@pytest.fixture
def mailbox(settings: Settings, tmp_path: Path) -> Mailbox:
    """Mail sent by the live server lands as .eml files in a folder this test owns."""
    settings.EMAIL_BACKEND = "hearth.lib.mail.EmlFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    return Mailbox(Path(settings.EMAIL_FILE_PATH))
