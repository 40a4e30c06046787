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
    expected_refused_addresses: set[str] = field(default_factory=set)

    def expect_failed_load(self, url: str) -> None:
        """A test that opens a missing page on purpose: chromium logs its 404 as a console error."""
        self.expected_failed_loads.add(url)

    def expect_refused_connections(self, address: str) -> None:
        """A test that cuts a connection on purpose ("127.0.0.1:8001"): while nothing listens there,
        chromium logs as a console error each refused WebSocket reconnection and each refused poll."""
        self.expected_refused_addresses.add(address)

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
        if message.text.endswith("net::ERR_CONNECTION_REFUSED") and any(
            message.text.startswith(f"WebSocket connection to 'ws://{address}/")
            or (message.text.startswith("Failed to load resource") and url.startswith(f"http://{address}/"))
            for address in self.expected_refused_addresses
        ):
            return
        self.seen.append(f"console error at {url or (message.page and message.page.url)}: {message.text}")

    def _on_web_error(self, error: WebError) -> None:
        page_url = error.page.url if error.page else "?"
        self.seen.append(f"uncaught error at {page_url}: {error.error}")
