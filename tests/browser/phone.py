"""Measuring a page as a phone shows it: its length, the tap targets smaller than 44x44 CSS
pixels, and what the first screen holds.

A tap target is a link, a button, a form control or a <summary>; a control wrapped in its
<label> is tapped through the label, so the label's box is what is measured. Counted only
when shown (not inside a closed <details>, not visually hidden). A link inside a sentence
(an inline <a> whose block has other words) is WCAG 2.5.8's inline exception: reported
apart, so a page can be held to none of them too.
"""

from __future__ import annotations

from typing import Any, TypedDict

from playwright.sync_api import Page, ViewportSize

PHONE: ViewportSize = {"width": 390, "height": 844}
# WCAG 2.5.5 (AAA) and Apple's and Google's guidance: 44 CSS pixels a side.
TAP_SIZE = 44

TAP_TARGETS_JS = """(size) => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  const shown = (el) => {
    if (el.closest("details:not([open]) > :not(summary)")) return false;
    if (!el.checkVisibility({visibilityProperty: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && r.right > 0;
  };
  const inline = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === "inline") block = block.parentElement;
    const words = (block ? block.textContent : "").replace(el.textContent, "").trim();
    return words.length > 0;
  };
  const name = (el) => {
    const text = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim();
    return `${el.tagName.toLowerCase()} "${text.replace(/\\s+/g, " ").slice(0, 60)}"`;
  };
  const seen = new Set();
  const small = [], inlineLinks = [], offscreen = [];
  let count = 0, bare = 0;
  for (const control of document.querySelectorAll(selector)) {
    const box = control.getBoundingClientRect();
    if (shown(control) && (box.width < size - 0.5 || box.height < size - 0.5)) bare += 1;
    const target = control.closest("label") || control;
    if (seen.has(target) || !shown(target)) continue;
    seen.add(target);
    count += 1;
    const r = target.getBoundingClientRect();
    if (r.left < 0 || r.right > document.documentElement.clientWidth) offscreen.push(name(target));
    if (r.width >= size - 0.5 && r.height >= size - 0.5) continue;
    const found = `${name(target)} ${Math.round(r.width)}x${Math.round(r.height)}`;
    (inline(target) ? inlineLinks : small).push(found);
  }
  return {count, small, inline: inlineLinks, bare, offscreen};
}"""


class TapTargets(TypedDict):
    count: int
    small: list[str]
    inline: list[str]
    # Controls under 44 px measured by themselves, not by their label: the count.
    bare: int
    # Tap targets that run off the side of the screen.
    offscreen: list[str]


def tap_targets(page: Page) -> TapTargets:
    """Every shown tap target on the page: how many, and those under 44x44 px."""
    found: TapTargets = page.evaluate(TAP_TARGETS_JS, TAP_SIZE)
    return found


def open_every_fold(page: Page) -> None:
    """Open every <details>, so that what is folded away is measured too."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


def page_length(page: Page) -> int:
    length: int = page.evaluate("() => document.documentElement.scrollHeight")
    return length


def top_of(page: Page, selector: str) -> float | None:
    """Where the first element matching `selector` starts, from the top of the page."""
    top: Any = page.evaluate(
        """(selector) => {
          const el = document.querySelector(selector);
          if (!el) return null;
          return el.getBoundingClientRect().top + window.scrollY;
        }""",
        selector,
    )
    return None if top is None else float(top)


def bottom_of(page: Page, selector: str) -> float | None:
    """Where the first element matching `selector` ends, from the top of the page."""
    bottom: Any = page.evaluate(
        """(selector) => {
          const el = document.querySelector(selector);
          if (!el) return null;
          return el.getBoundingClientRect().bottom + window.scrollY;
        }""",
        selector,
    )
    return None if bottom is None else float(bottom)


def unfold(page: Page, title: str) -> None:
    """Tap a folded section's heading open, as a person would (left open if it is open)."""
    summary = page.locator("details > summary", has_text=title).first
    if summary.locator("xpath=..").get_attribute("open") is None:
        summary.click()
