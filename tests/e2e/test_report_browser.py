"""The HTML report in headless Chromium: charts render (SVG bars with size), tables fill, Arabic is RTL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.core.settings import load_settings
from pipeline.core.sources import Source
from pipeline.run import driver as ingest
from pipeline.store.db import connect
from pipeline.store.search import update_search_index
from tests.e2e.browser import ARGS, CHROMIUM

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "store"


@pytest.mark.timeout(180)
def test_report_renders_in_chromium(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    data = tmp_path / "data"
    settings = load_settings({}, db=data / "news.duckdb", data_dir=data)
    sources = [
        Source(name="outlet_a", kind="offline", paths=(str(FIXTURES / "outlet_a"),)),
        Source(name="outlet_b", kind="offline", paths=(str(FIXTURES / "outlet_b"),)),
    ]
    ingest.run(settings, sources=sources, run_id="report-e2e")
    con = connect(settings.db)
    try:
        update_search_index(con)
    finally:
        con.close()
    out = tmp_path / "report.html"
    assert main(["report", "--db", str(settings.db), "--out", str(out)]) == 0

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            requests: list[str] = []
            page.on("request", lambda req: requests.append(req.url))
            page.goto(out.as_uri())
            page.wait_for_load_state("load")
            charts = page.locator("figure.chart svg")
            assert charts.count() >= 5
            bars = page.locator("svg rect.bar")
            assert bars.count() >= 10
            sizes = page.evaluate(
                "() => Array.from(document.querySelectorAll('svg rect.bar'))"
                ".map(r => { const b = r.getBoundingClientRect(); return [b.width, b.height]; })"
            )
            # zero shares draw zero-width bars; most bars must have a real size
            assert sum(1 for w, h in sizes if w > 0 and h > 0) >= 8
            # the stacked chart has one bar per (day, outlet): four in the fixture set, all visible
            first = page.locator("figure.chart").first.locator("rect.bar")
            assert first.count() == 4
            heights = [first.nth(i).bounding_box() for i in range(4)]
            assert all(b is not None and b["height"] > 5 and b["width"] > 5 for b in heights)
            rows = page.locator("table.latest tbody tr")
            assert rows.count() == 5
            rtl = page.locator('table.latest td[dir="rtl"]')
            assert rtl.count() >= 1
            assert (
                page.evaluate(
                    "() => getComputedStyle(document.querySelector('table.latest td[dir=rtl]')).direction"
                )
                == "rtl"
            )
            assert all(url.startswith("file:") for url in requests), requests  # nothing fetched from outside
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
        finally:
            browser.close()
    shutil.copy(shot, tmp_path / "report-kept.png")
