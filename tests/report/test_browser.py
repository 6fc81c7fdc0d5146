"""The HTML decision brief in a real browser: headless Chromium driven by Playwright.

What a reader meets: no console errors; on a 390 px phone nothing wider than the screen
(wide tables and charts scroll in their own box); at 1280x800 the summary in the first
screen; printed to PDF (A4 and Letter), numbered pages. Screenshots of the desktop and
phone views are written next to the PDF in the test's temporary folder.

The browser is Debian's ``chromium`` (``.ci/run`` installs it); Playwright's Python
package drives it through ``executable_path``, so nothing is downloaded. Where no such
browser can be had, every test here is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

OVERFLOW = """() => {
  const vw = document.documentElement.clientWidth;
  const contained = (el) => {  // a clipping ancestor that itself fits on the screen
    for (let a = el.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      const b = a.getBoundingClientRect();
      if ((o === 'auto' || o === 'scroll' || o === 'hidden') && b.right <= vw + 1 && b.left >= -1)
        return true;
    }
    return false;
  };
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || (r.right <= vw + 1 && r.left >= -1)) continue;
    if (!contained(el)) {
      bad.push(`${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className} ` +
               `${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, vw, bad: bad.slice(0, 10)};
}"""
"""Elements reaching beyond the viewport that no scrolling box of theirs contains."""


def _chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


@pytest.fixture(scope="module")
def brief_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled scenario's HTML report, as `diversify report` writes it."""
    from diversify.cli import portfolio, robustness
    from diversify.engine.scoring import score
    from diversify.io.loader import bundled_scenario, load_scenario
    from diversify.report.evidence import evidence_rows
    from diversify.report.html import render_html

    data = load_scenario(bundled_scenario())
    result = score(data)
    plan, shocks = portfolio.report_sections(data)
    bundle = replace(
        robustness.report_bundle(data, result),
        portfolio=plan,
        stress=shocks,
        evidence=evidence_rows(data),
    )
    path = tmp_path_factory.mktemp("brief") / "brief.html"
    path.write_text(render_html(bundle), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A persistent Chromium context with a fresh profile, or a skip saying why not."""
    executable = _chromium()
    if executable is None:
        pytest.skip("no chromium browser on this machine (.ci/run installs Debian's chromium)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("Playwright's Python package is not installed (pip install -e '.[dev]')")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        try:
            context = p.chromium.launch_persistent_context(
                str(profile),
                executable_path=executable,
                args=CHROMIUM_ARGS,
                headless=True,
                viewport={"width": 1280, "height": 800},
            )
        except Error as err:
            pytest.skip(f"chromium at {executable} would not start: {err.message.splitlines()[0]}")
        yield context
        context.close()


@pytest.fixture
def page(browser: Any, brief_html: Path) -> Iterator[Any]:
    page = browser.new_page()
    page.errors = []  # console errors and uncaught exceptions, collected as they happen
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(brief_html.as_uri())
    yield page
    page.close()


def test_no_console_errors(page: Any) -> None:
    """Nothing blocked by the page's own Content-Security-Policy, nothing missing."""
    page.wait_for_load_state("load")
    assert page.errors == []
    assert page.locator("svg.chart").count() >= 6


def test_summary_is_in_the_first_screen_on_a_desktop(page: Any, brief_html: Path) -> None:
    box = page.locator("#summary").bounding_box()
    assert box is not None and box["y"] < 200  # starts right under the title
    first_row = page.locator("table.summary tbody tr").first.bounding_box()
    assert first_row is not None and first_row["y"] + first_row["height"] <= 800
    assert page.locator(".findings li").first.is_visible()
    page.screenshot(path=str(brief_html.with_name("desktop.png")))


def test_nothing_is_wider_than_a_390_px_phone(page: Any, brief_html: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    found = page.evaluate(OVERFLOW)
    assert found["scrollWidth"] <= found["vw"], found
    assert found["bad"] == []
    # the summary reads as one block per capability, not a table running off the screen
    cell = page.locator("table.summary td.rec").first.bounding_box()
    assert cell is not None and cell["x"] + cell["width"] <= 390
    page.screenshot(path=str(brief_html.with_name("phone.png")))
    page.screenshot(path=str(brief_html.with_name("phone-full.png")), full_page=True)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_prints_to_pdf_with_page_numbers(page: Any, brief_html: Path, paper: str) -> None:
    from pypdf import PdfReader

    pdf = brief_html.with_name(f"brief-{paper}.pdf")
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format=paper, print_background=True)
    reader = PdfReader(pdf)
    n = len(reader.pages)
    assert n > 2
    assert f"Page 1 of {n}" in reader.pages[0].extract_text()
    assert f"Page {n} of {n}" in reader.pages[-1].extract_text()
    # the summary is the first page, on its own
    first = reader.pages[0].extract_text()
    assert "Summary: what to buy, how sure, at what cost" in first
    assert "Weights" not in first.split("Summary: what to buy")[0]


def test_robust_portfolio_and_supply_shocks_read_on_screen_and_on_a_phone(
    page: Any, brief_html: Path
) -> None:
    """The two sections issue 13 adds: their charts drawn; the shocks table fits a 1280 px
    screen with its long last column wrapped (it used to need a horizontal scroll), and on
    a 390 px phone reads as one block per shock, each figure with its column's name;
    nothing wider than the screen."""
    for section, chart in (("#robust-portfolio", "#chart-core"), ("#stress", "#chart-lost")):
        page.locator(section).scroll_into_view_if_needed()
        assert page.locator(section).is_visible()
        box = page.locator(chart).bounding_box()
        assert box is not None and box["width"] > 400 and box["height"] > 100
    assert page.locator("table.stress-table tbody tr").count() == 36  # 12 sources x 3
    table = page.locator("table.stress-table")
    fits = "t => [t.scrollWidth, t.parentElement.clientWidth, t.parentElement.scrollWidth]"
    width, room, scrolled = table.evaluate(fits)
    assert width <= room and scrolled <= room  # no horizontal scroll at 1280 px
    changes = table.locator("tbody tr").first.locator("td").last.bounding_box()
    assert changes is not None and changes["x"] + changes["width"] <= 1280
    assert changes["height"] > 30  # the long list of changes wraps
    page.locator("#stress").screenshot(path=str(brief_html.with_name("stress-desktop.png")))
    page.set_viewport_size({"width": 390, "height": 844})
    found = page.evaluate(OVERFLOW)
    assert found["bad"] == [] and found["scrollWidth"] <= 390
    width, room, scrolled = table.evaluate(fits)
    assert width <= room <= 390 and scrolled <= room
    first = table.locator("tbody tr").first
    row = first.bounding_box()
    assert row is not None and row["x"] >= 0 and row["x"] + row["width"] <= 390
    label = "c => getComputedStyle(c, '::before').content"
    assert first.locator("td").last.evaluate(label) == '"what the re-planned programme changes: "'
    assert first.locator("td").first.evaluate(label) == '"options hit: "'
    table.locator("tbody tr").nth(3).screenshot(path=str(brief_html.with_name("stress-phone.png")))
    page.locator("#robust-portfolio").screenshot(path=str(brief_html.with_name("robust-phone.png")))


def test_printed_summary_keeps_the_programme_charts_on_its_page(
    page: Any, brief_html: Path
) -> None:
    """The summary (now with how sure the programme is) still prints as page 1, and each new
    section starts a page."""
    from pypdf import PdfReader

    pdf = brief_html.with_name("brief-sections.pdf")
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", print_background=True)
    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    assert "How sure is the programme" in pages[0]
    assert "How often each choice is in the best portfolio" in pages[0]
    assert "Share of programme spend by supplier bloc" in pages[0]
    for heading in ("How sure is the portfolio?", "Supply shocks: the programme if a source"):
        (where,) = [i for i, text in enumerate(pages) if heading in text]
        body = pages[where].split("diversify decision brief", 1)[-1]  # after the footer
        assert body.lstrip().startswith(heading), pages[where][:200]


COVERED = """(sel) => {
  const out = [];
  for (const svg of document.querySelectorAll(sel)) {
    if (svg.getBoundingClientRect().width === 0) continue;  // the other version is shown
    const vb = svg.viewBox.baseVal;
    const bars = [...svg.querySelectorAll('rect')].filter(r => r.getAttribute('fill') !== '#ffffff')
      .map(r => [r.getBBox(), r.querySelector('title')?.textContent]);
    for (const t of svg.querySelectorAll('text')) {
      const b = t.getBBox();
      const words = t.textContent.replace(t.querySelector('title')?.textContent ?? '', '');
      if (b.x < vb.x - 0.5 || b.x + b.width > vb.x + vb.width + 0.5)
        out.push(`${svg.id}: "${words}" leaves the chart`);
      for (const [r, tip] of bars) {
        if (b.x < r.x + r.width - 0.5 && r.x < b.x + b.width - 0.5 &&
            b.y < r.y + r.height - 0.5 && r.y < b.y + b.height - 0.5)
          out.push(`${svg.id}: "${words}" over the bar of ${tip}`);
      }
    }
  }
  return out;
}"""
"""Text in a chart drawn over one of its bars, or past its edge, as the browser sets it."""

BAR_CHARTS = ("weights", "confidence", "core", "blocs", "portfolio-blocs", "lost", "spend")
"""The bar charts of the page (``chart-core`` covers ``chart-core-chosen``), each with its
phone version (``…-narrow``)."""


@pytest.mark.parametrize("width", [1280, 390])
def test_no_chart_text_covers_a_bar_in_the_browser(page: Any, brief_html: Path,
                                                   width: int) -> None:  # fmt: skip
    """With the browser's own font metrics: no value, label or tick of a bar chart sits on
    a bar (a value box over a 100% bar made it look half as long) or runs off the chart,
    on a desktop and, with the phone versions of the charts, on a 390 px phone."""
    page.set_viewport_size({"width": width, "height": 900})
    shown = page.evaluate(
        "() => [...document.querySelectorAll('svg.chart')].filter(s => "
        "s.getBoundingClientRect().width > 0).map(s => s.id)"
    )
    for chart in ("chart-confidence", "chart-core-chosen", "chart-core", "chart-lost"):
        assert (chart if width > 600 else f"{chart}-narrow") in shown
    bar_charts = ", ".join(f"svg[id^=chart-{c}]" for c in BAR_CHARTS)
    assert page.evaluate(COVERED, bar_charts) == []
    page.locator("#summary figure").first.screenshot(
        path=str(brief_html.with_name(f"summary-chart-{width}.png"))
    )
