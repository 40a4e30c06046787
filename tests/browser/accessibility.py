"""Checking the page in the browser with axe-core against WCAG 2.2 AA (PRODUCT.md, "Works for everyone")."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TypedDict

from playwright.sync_api import Page

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
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol: a <script> tag would be refused by the page's
        # Content-Security-Policy, which is exactly as strict as it should be.
        page.evaluate(_axe_source())
    violations: list[Violation] = page.evaluate(_RUN_AXE, WCAG_TAGS)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(f"- {v['id']} ({v['impact']}): {v['help']} at {_some(v['targets'])}" for v in blocking)
    assert not blocking, f"Accessibility violations on {page.url}:\n{report}"
