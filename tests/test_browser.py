"""The published HTML as a person sees it: headless Chromium opens each report from disk."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from chokepoints.build import BuildResult

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    return page, errors, requests


def test_every_chart_is_drawn_offline_without_errors(browser, built_reports: BuildResult):
    for briefing in built_reports.briefings:
        page, errors, requests = _open(browser, briefing.html_path)
        page.wait_for_function(
            f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {briefing.charts}",
            timeout=30_000)
        plots = page.locator(".js-plotly-plot")
        assert plots.count() == briefing.charts
        for index in range(briefing.charts):
            plot = plots.nth(index)
            box = plot.bounding_box()
            assert box and box["width"] > 300 and box["height"] > 200
            # Drawn marks: points, bars or boxes inside the plot's SVG.
            marks = plot.locator(".point, .bars path, .boxes path, .hm image").count()
            assert marks > 0, f"chart {index + 1} of {briefing.html_path.name} drew no marks"
            assert (plot.locator(".gtitle").text_content() or "").strip()
        assert errors == [], errors
        assert all(url.startswith(("file:", "data:", "blob:")) for url in requests), requests
        page.close()


def test_no_code_is_visible(browser, built_reports: BuildResult):
    for briefing in built_reports.briefings:
        page, _, _ = _open(browser, briefing.html_path)
        assert page.locator(".jp-CodeCell .jp-InputArea:visible").count() == 0
        text = page.locator("body").inner_text()
        assert "from chokepoints import" not in text
        assert "charts.setup_notebook()" not in text
        page.close()


def test_index_links_open_their_briefings(browser, built_reports: BuildResult):
    page, errors, _ = _open(browser, built_reports.out_dir / "index.html")
    links = page.locator("a")
    assert links.count() >= len(built_reports.briefings)
    for briefing in built_reports.briefings:
        page.goto((built_reports.out_dir / "index.html").as_uri())
        page.get_by_role("link", name=briefing.title).click()
        page.wait_for_load_state("load")
        assert page.url.endswith(briefing.html_path.name)
        assert page.locator("h1").first.inner_text() == briefing.title
    assert errors == []
    page.close()


SCREENSHOT_DIR = Path(__file__).resolve().parent.parent / "build" / "screenshots"


def test_a_screenshot_of_the_overview_is_saved(browser, built_reports: BuildResult):
    overview = next(b for b in built_reports.briefings if b.notebook.startswith("00_"))
    page, _, _ = _open(browser, overview.html_path)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOT_DIR / "overview.png"
    page.screenshot(path=str(target), full_page=True)
    page.close()
    assert target.stat().st_size > 50_000


def test_the_top_index_lists_the_build_and_its_links_open(browser, built_reports: BuildResult):
    page, errors, _ = _open(browser, built_reports.reports_dir / "index.html")
    hrefs = page.eval_on_selector_all("a", "links => links.map(a => a.href)")
    assert hrefs
    for href in hrefs:
        response = page.request.get(href) if not href.startswith("file:") else None
        assert response is None
        target = Path(href.removeprefix("file://").split("#")[0])
        assert target.is_file(), href
    assert errors == []
    page.close()


HOSTILE = ("Tokyo protested on Tuesday. <script>window.__pwned = 1; alert('x')</script> "
           "Officials said “<img src=x onerror=\"window.__pwned = 2\">” was unacceptable. "
           "Read <a href=\"javascript:window.__pwned = 3\">more</a> about the ban today. "
           "Analysts warn that supply chains may suffer.\n")


def test_a_hostile_article_executes_nothing(browser, tmp_path: Path, make_corpus):
    from datetime import date

    from chokepoints.build import build_reports

    corpus = make_corpus(
        rows=[{"id": "evil", "published": "2026-01-07", "perspective": "other",
               "title": "<script>window.__pwned=4</script>Ban", "outlet": "<b onmouseover="
               "\"window.__pwned=5\">Evil Outlet</b>"},
              {"id": "plain", "published": "2026-01-06", "perspective": "japan"}],
        files={"evil.txt": HOSTILE, "plain.txt": "Japan said the ban was regrettable. "
                                                 "China said the controls were lawful.\n"})
    result = build_reports(corpus_dir=corpus, out_dir=tmp_path / "reports",
                           as_of=date(2026, 1, 31), parameters={"min_sentences": 1})
    for briefing in result.briefings:
        page, errors, requests = _open(browser, briefing.html_path)
        dialogs: list[str] = []
        page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
        page.wait_for_timeout(300)
        # Hover and click everything that shows the hostile outlet's name.
        page.evaluate("""() => { for (const el of document.querySelectorAll('*')) {
            if ((el.textContent || '').includes('Evil Outlet')) {
              el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
            } } }""")
        assert page.evaluate("window.__pwned") is None, briefing.file
        assert dialogs == []
        assert page.locator("a[href^='javascript:']").count() == 0
        assert page.locator("img[onerror], [onmouseover]").count() == 0
        assert errors == [], errors
        assert all(url.startswith(("file:", "data:", "blob:")) for url in requests)
        page.close()
