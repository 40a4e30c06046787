"""What the browser complained about during a test: console errors and uncaught script errors.

A Content-Security-Policy violation is reported as a console error, so watching the console is how
the suite notices a template that adds an inline script or style.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import BrowserContext, ConsoleMessage, WebError


@dataclass
class BrowserProblems:
    """Console errors and uncaught script errors seen during one test; any left over fail it."""

    seen: list[str] = field(default_factory=list)
    expected_failed_loads: set[str] = field(default_factory=set)

    def expect_failed_load(self, url: str) -> None:
        """A test that opens a missing page on purpose: chromium logs its 404 as a console error."""
        self.expected_failed_loads.add(url)

    def watch(self, context: BrowserContext) -> None:
        # Listening on the context rather than one page also covers pages opened later.
        context.on("console", self._on_console)
        context.on("weberror", self._on_web_error)  # the context-wide form of a page's "pageerror"

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and url in self.expected_failed_loads:
            return
        self.seen.append(f"console error at {url or (message.page and message.page.url)}: {message.text}")

    def _on_web_error(self, error: WebError) -> None:
        page_url = error.page.url if error.page else "?"
        self.seen.append(f"uncaught error at {page_url}: {error.error}")
