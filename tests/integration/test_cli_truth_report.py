"""The report read in headless Chromium, the Parquet export and the duckdb CLI (issue 18):
URLs decoded and left-to-right beside Arabic, a real time axis with years, one colour per outlet in
every chart, top entities over the whole window; export carries the tables to join names; the
README's `duckdb -readonly data/news.duckdb` works from the project's own environment."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
from pathlib import Path

import duckdb
import pytest

from tests.e2e.browser import ARGS, CHROMIUM
from tests.integration.cli_truth_helpers import newsflow, run_main

pytestmark = pytest.mark.integration

# outlet_a: six stories over half a year, Arabic slugs percent-encoded in the URLs (as outlets send them)
A_DAYS = ("2023-11-03", "2023-12-20", "2024-01-05", "2024-03-16", "2024-03-17", "2024-05-14")
# outlet_b: three stories, none on outlet_a's last day, about other people and places
B_DAYS = ("2023-12-20", "2024-03-16", "2024-05-01")


def _dumps(folder: Path) -> Path:
    folder.mkdir()
    a = []
    for i, day in enumerate(A_DAYS):
        slug = urllib.parse.quote(f"الحوثيين-خبر-{i}")
        a.append(
            {
                "url": f"https://news-a.example.org/{day[:4]}/{day[5:7]}/{slug}",
                "title": f"خبر رقم {i} عن الحوثيين في صنعاء",
                "published": f"{day}T10:00:00+03:00",
                "text": f"قالت وزارة الخارجية الأمريكية إن الحوثيين في اليمن هاجموا سفينة رقم {i}.\n\n"
                f"وأضاف المتحدث باسم الأمم المتحدة أن الوضع في صنعاء صعب للغاية في اليوم {i}.",
            }
        )
    b = [
        {
            "url": f"https://news-b.example.org/x/{i}?q={urllib.parse.quote('غزة')}",
            "title": f"تقرير {i} من بيروت",
            "published": day,
            "text": f"أعلن حزب الله في لبنان اليوم اليوم بيانا جديدا رقم {i}.\n\n"
            f"وقال رئيس الوزراء في بيروت إن المحادثات مستمرة منذ {i} أيام.",
        }
        for i, day in enumerate(B_DAYS)
    ]
    for name, rows in (("a.jsonl", a), ("b.jsonl", b)):
        (folder / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    sources = folder / "sources.toml"
    sources.write_text(
        "".join(
            f'[[source]]\nname = "outlet_{x}"\nkind = "offline"\npaths = ["{folder / (x + ".jsonl")}"]\n'
            'language = "ar"\ntimezone = "Asia/Beirut"\nenabled = true\nverified = true\n\n'
            for x in "ab"
        ),
        "utf-8",
    )
    return sources


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("report")
    sources = _dumps(base / "in")
    path = base / "news.duckdb"
    done = newsflow("ingest", "--sources", str(sources), "--db", str(path), "-q")
    assert done.returncode == 0, done.stderr
    return path


@pytest.mark.timeout(240)
def test_report_in_chromium(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "report.html"
    code, _, err = run_main(capsys, "report", "--db", str(db), "--out", str(out))
    assert code == 0, err
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(out.as_uri())
            page.wait_for_load_state("load")
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)

            # URLs: decoded, and laid out left to right even with an Arabic slug
            cells = page.locator("table.latest td.url")
            assert cells.count() == len(A_DAYS) + len(B_DAYS)
            texts = [cells.nth(i).inner_text() for i in range(cells.count())]
            assert all("%" not in t for t in texts), texts
            assert any("الحوثيين-خبر-5" in t for t in texts) and any("?q=غزة" in t for t in texts)
            layout = page.evaluate(
                """() => Array.from(document.querySelectorAll('table.latest td.url a')).map(a => {
                    const text = a.firstChild, r = document.createRange();
                    r.setStart(text, 0); r.setEnd(text, 5);
                    const head = r.getBoundingClientRect();
                    const at = text.data.indexOf('.org/'); r.setStart(text, at); r.setEnd(text, at + 5);
                    const host = r.getBoundingClientRect();
                    return [getComputedStyle(a.parentElement).direction, head.left, host.left, a.href];
                })"""
            )
            for direction, head_left, host_left, href in layout:
                assert direction == "ltr"
                assert head_left < host_left  # "https" is left of the host: the URL reads left to right
                assert href.startswith("https://news-")

            # the date axis: a time scale (gaps are proportional to days) with the years written
            years = page.locator("svg.time-axis text.tick-year").all_text_contents()
            assert years[:2] == ["2023", "2024"], years
            xs = page.evaluate(
                """() => Object.fromEntries(Array.from(document.querySelectorAll('svg.time-axis rect.bar'))
                    .map(r => [r.dataset.date, r.getBoundingClientRect().left]))"""
            )
            nov3, dec20, mar16, mar17 = (
                xs[d] for d in ("2023-11-03", "2023-12-20", "2024-03-16", "2024-03-17")
            )
            assert (dec20 - nov3) / (mar17 - mar16) == pytest.approx(47, rel=0.1)

            # one colour per outlet, the same in every chart and legend, and two different colours
            fills = page.evaluate(
                """() => Array.from(document.querySelectorAll('[data-outlet]'))
                    .map(e => [e.dataset.outlet, getComputedStyle(e)[e.tagName === 'rect' ? 'fill' : 'backgroundColor']])"""
            )
            per_outlet: dict[str, set[str]] = {}
            for outlet, colour in fills:
                per_outlet.setdefault(outlet, set()).add(colour)
            assert set(per_outlet) == {"outlet_a", "outlet_b"}
            assert all(len(c) == 1 for c in per_outlet.values()), per_outlet
            assert per_outlet["outlet_a"] != per_outlet["outlet_b"]
            charts_with_outlets = page.evaluate(
                "() => Array.from(document.querySelectorAll('figure.chart')).filter(f => f.querySelector('rect[data-outlet]')).length"
            )
            assert charts_with_outlets >= 3

            # top entities over the whole window: outlet_b's people and places, absent on the last day
            caption = page.locator("figure.chart figcaption", has_text="Top entities").inner_text()
            assert "2023-11-03" in caption and "2024-05-14" in caption
            entities = page.locator("table.entities tbody tr td:first-child").all_inner_texts()
            assert "حزب الله" in entities and "أنصار الله" in entities, entities
        finally:
            browser.close()
    assert (tmp_path / "report.png").stat().st_size > 20_000


def test_export_has_the_tables_to_join_names(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "exports"
    code, stdout, err = run_main(capsys, "export", "--db", str(db), "--to", str(out))
    assert code == 0, err
    for table in ("entities", "text_issues", "article_clusters", "mentions"):
        assert table in stdout
    con = duckdb.connect()
    try:
        names = con.execute(
            f"""
            SELECT e.name, count(*) FROM read_parquet('{out}/mentions/**/*.parquet', hive_partitioning = true) m
            JOIN read_parquet('{out}/entities/*.parquet') e USING (entity_id)
            WHERE m.source = 'outlet_b' GROUP BY 1
            """
        ).fetchall()
        assert "حزب الله" in {n for n, _ in names}
        issues = con.execute(
            f"SELECT count(*) FROM read_parquet('{out}/text_issues/**/*.parquet')"
        ).fetchone()
        assert issues is not None
    finally:
        con.close()
    # the same rows as the database
    src = duckdb.connect(str(db), read_only=True)
    try:
        expected = src.execute("SELECT count(*) FROM entities").fetchone()
        clusters = src.execute("SELECT count(*) FROM article_clusters").fetchone()
    finally:
        src.close()
    assert f"entities         | {expected[0] if expected else 0} " in stdout
    assert f"article_clusters | {clusters[0] if clusters else 0} " in stdout


def test_clusters_reach_the_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    story = {
        "title": "افتتاح خط السكك الحديدية بين المدينتين",
        "published": "2024-05-15",
        "text": "افتتح وزير النقل اليوم خط السكك الحديدية الجديد بين المدينتين الساحليتين بعد أربع سنوات من العمل.\n\n"
        "ويبلغ طول الخط مئة وعشرين كيلومترا ويختصر زمن الرحلة إلى أقل من ساعة واحدة.",
    }
    rows = [dict(story, url=f"https://outlet-{i}.example.org/rail") for i in range(2)]
    (folder / "copies.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8"
    )
    db = tmp_path / "news.duckdb"
    code, _, err = run_main(capsys, "ingest", str(folder), "--db", str(db), "-q")
    assert code == 0, err
    out = tmp_path / "exports"
    code, _, err = run_main(capsys, "export", "--db", str(db), "--to", str(out))
    assert code == 0, err
    con = duckdb.connect()
    try:
        found = con.execute(
            f"SELECT count(*), count(DISTINCT cluster_id) FROM read_parquet('{out}/article_clusters/**/*.parquet')"
        ).fetchone()
    finally:
        con.close()
    assert found == (2, 1)


def test_duckdb_cli_opens_the_database_read_only(db: Path) -> None:
    cli = Path(sys.executable).parent / "duckdb"
    assert cli.exists(), "the duckdb-cli package puts duckdb beside python in the project's environment"
    version = subprocess.run([str(cli), "--version"], capture_output=True, text=True, timeout=60, check=True)
    assert duckdb.__version__ in version.stdout  # the same DuckDB as the library that wrote the file
    ok = subprocess.run(
        [str(cli), "-readonly", str(db), "-c", "describe articles", "-c", "select count(*) from articles"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "article_id" in ok.stdout and "9" in ok.stdout
    write = subprocess.run(
        [str(cli), "-readonly", str(db), "-c", "delete from articles"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "read-only" in (write.stdout + write.stderr)
