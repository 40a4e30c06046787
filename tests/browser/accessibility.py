"""Checking the page in the browser with axe-core against WCAG 2.2 AA (PRODUCT.md, "Works for everyone").

axe is a script, and a browser with scripts off runs no timers, so `axe.run` would wait forever
there (Playwright's `evaluate` has no timeout). A page seen without JavaScript is therefore
checked as a copy: its HTML, as that browser parsed it, is loaded into a scratch page that may
run scripts but is refused the site's own, and axe runs there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TypedDict

from playwright.sync_api import Page, Route

AXE_FILE = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Moderate and minor findings are often judgement calls; serious and critical ones block people.
BLOCKING_IMPACTS = {"serious", "critical"}

_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""


class Violation(TypedDict):
    id: str
    impact: str | None
    help: str
    targets: list[str]


@cache
def _axe_source() -> str:
    return AXE_FILE.read_text(encoding="utf-8")


def _some(targets: list[str], shown: int = 5) -> str:
    more = f" and {len(targets) - shown} more" if len(targets) > shown else ""
    return ", ".join(targets[:shown]) + more


def assert_accessible(page: Page) -> None:
    """Fail listing every serious or critical WCAG 2.2 AA violation axe finds on the current page."""
    # After a click the new page may still be fetching its stylesheet; contrast needs the styles.
    page.wait_for_load_state("load")
    # The CSS media feature answers synchronously, so asking does not need the timers axe needs.
    if page.evaluate("() => matchMedia('(scripting: none)').matches"):
        with _copy_that_runs_axe(page) as copy:
            violations = _run_axe(copy)
    else:
        violations = _run_axe(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(f"- {v['id']} ({v['impact']}): {v['help']} at {_some(v['targets'])}" for v in blocking)
    assert not blocking, f"Accessibility violations on {page.url}:\n{report}"


def _run_axe(page: Page) -> list[Violation]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol: a <script> tag would be refused by the page's
        # Content-Security-Policy, which is exactly as strict as it should be.
        page.evaluate(_axe_source())
    violations: list[Violation] = page.evaluate(_RUN_AXE, WCAG_TAGS)
    return violations


@contextmanager
def _copy_that_runs_axe(page: Page) -> Iterator[Page]:
    """The page as its scriptless browser shows it, in a context where axe's timers run.

    The HTML is taken from the page itself rather than fetched again, so the answer to a form
    post (a preview, a form with errors) is checked as it was shown. Stylesheets still come from
    the server, since contrast depends on them; the site's scripts are refused, so nothing they
    would add to the page is checked in place of what a reader without JavaScript gets.
    """
    url, html = page.url, page.content()
    browser = page.context.browser
    assert browser is not None, "a page opened by the test fixtures always has a browser"
    # Contrast is checked in the colours the reader sees, so a dark page stays dark in the copy.
    dark = page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
    context = browser.new_context(viewport=page.viewport_size, locale="en-GB", color_scheme="dark" if dark else "light")
    try:
        copy = context.new_page()

        def serve(route: Route) -> None:
            if route.request.resource_type == "document":
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
            elif route.request.resource_type == "script":
                route.abort()
            else:
                route.continue_()

        copy.route("**/*", serve)
        copy.goto(url, wait_until="load")
        yield copy
    finally:
        context.close()
