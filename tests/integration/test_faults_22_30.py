"""Fault catalogue 22-30 (docs FAULTS.md) for real: local HTTP server, real DuckDB file, nothing lost.

Cases 25-27 (SIGKILL, two loads, disk full) live in test_crash.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.settings import Settings, load_settings
from pipeline.core.sources import Source
from pipeline.run import driver as ingest
from pipeline.store.db import connect
from tests.http_server import LocalServer, Reply

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]

BODY = (
    "<p>افتتحت البلدية صباح اليوم الجسر الجديد فوق النهر بعد عامين من أعمال البناء المتواصلة في المدينة.</p>"
    "<p>وقال رئيس البلدية إن الجسر سيخفف الازدحام المروري في وسط المدينة بشكل كبير خلال ساعات الذروة.</p>"
    "<p>وأضاف أن كلفة المشروع بلغت نحو عشرين مليون دولار مولتها الحكومة والبلدية مناصفة.</p>"
)


def page(title: str, head: str = "", body: str = BODY) -> bytes:
    return (
        f"<html lang='ar'><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


@pytest.fixture
def web(tmp_path: Path) -> Settings:
    data = tmp_path / "data"
    return load_settings(
        {},
        data_dir=data,
        db=data / "news.duckdb",
        allow_loopback=True,
        retries=0,
        per_host_interval=0.0,
        deadline=5.0,
        connect_timeout=1.0,
        read_timeout=2.0,
    )


def rows(settings: Settings, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = connect(settings.db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def table_contents(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, minus the columns that record when a load happened."""
    skip = {"loaded_at", "finished_at", "started_at", "updated_at", "applied_at", "fetched_at", "elapsed_ms"}
    con = connect(settings.db, read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1"
            ).fetchall()
        ]
        out = {}
        for table in tables:
            cols = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if r[0] not in skip
            ]
            if table == "runs":  # a run row describes its last load (counts of new/unchanged): keys only
                cols = ["run_id", "status", "sources"]
            quoted = ", ".join(f'"{c}"' for c in cols)
            out[table] = sorted(con.execute(f'SELECT {quoted} FROM "{table}"').fetchall(), key=repr)
        return out
    finally:
        con.close()


def assert_every_url_has_outcome(settings: Settings, urls: list[str]) -> None:
    found = rows(settings, "SELECT coalesce(original_url, url), url, outcome FROM fetches")
    seen = {r[0] for r in found} | {r[1] for r in found}
    missing = [u for u in urls if u not in seen]
    assert not missing, f"discovered URLs with no fetch row: {missing}"
    assert all(r[2] for r in found)


def test_fault_22_tracking_parameters_and_fragments(server: LocalServer, web: Settings) -> None:
    server.route("/news/bridge", Reply(body=page("افتتاح الجسر الجديد")))
    base = server.url("/news/bridge")
    variants = [
        base,
        base + "?utm_source=tw&utm_medium=social",
        base + "?fbclid=AbC123",
        base + "?gclid=xyz#comments",
        base + "#top",
    ]
    ingest.run(web, sources=[], inputs=variants, run_id="r22")
    articles = rows(web, "SELECT article_id, canonical_url FROM articles")
    assert len(articles) == 1  # one article
    assert "utm_" not in articles[0][1] and "#" not in articles[0][1]
    originals = {r[0] for r in rows(web, "SELECT original_url FROM fetches WHERE original_url IS NOT NULL")}
    aliases = {r[0] for r in rows(web, "SELECT url FROM article_urls")}
    assert base in originals | aliases
    lost = [v for v in variants if v not in originals and v not in aliases]
    assert not lost, f"every original URL is kept in fetches (or as an alias): lost {lost}"
    outcomes = sorted(r[0] for r in rows(web, "SELECT outcome FROM fetches WHERE url LIKE '%/news/bridge'"))
    assert outcomes == ["duplicate_url"] * 4 + ["ok"]  # fetched once; the variants recorded


def test_fault_23_same_article_at_two_urls_and_republished(server: LocalServer, web: Settings) -> None:
    story = page("افتتاح الجسر الجديد")
    server.route("/news/bridge", Reply(body=story))
    server.route("/archive/2024/bridge.html", Reply(body=story))
    urls = [server.url("/news/bridge"), server.url("/archive/2024/bridge.html")]
    with LocalServer("127.0.0.2") as other:  # another outlet republishing it
        other.route("/world/bridge", Reply(body=page("البلدية تفتتح الجسر", body=BODY)))
        urls.append(other.url("/world/bridge"))
        ingest.run(web, sources=[], inputs=urls, run_id="r23")
    assert_every_url_has_outcome(web, urls)
    articles = rows(web, "SELECT article_id, url, body_text FROM articles")
    assert len(articles) == 3  # both rows kept (no article is dropped as a duplicate)
    assert len({a[2] for a in articles}) == 1
    clusters = rows(web, "SELECT cluster_id, article_id FROM article_clusters")
    assert clusters, "the load clusters the same story across URLs and outlets"
    by_cluster = {c for c, a in clusters if a in {x[0] for x in articles}}
    assert len(by_cluster) == 1  # one cluster linking all three


def test_fault_24_same_run_twice_and_backfill_are_idempotent(
    server: LocalServer, web: Settings, tmp_path: Path
) -> None:
    for i in range(3):
        server.route(f"/n/{i}", Reply(body=page(f"خبر رقم {i}", body=BODY.replace("الجسر", f"الجسر {i}"))))
    server.route("/n/gone", Reply(status=410))
    urls = [server.url(f"/n/{i}") for i in range(3)] + [server.url("/n/gone")]
    ingest.run(web, sources=[], inputs=urls, run_id="day-2024-05-15")
    first = table_contents(web)
    ingest.run(web, sources=[], inputs=urls, run_id="day-2024-05-15")  # the same DAG run again
    second = table_contents(web)
    for table in first:
        if table != "fetches":
            assert second[table] == first[table], table
    assert_every_url_has_outcome(web, urls)
    fetch_rows_doubled = len(second["fetches"]) != len(first["fetches"])
    # a backfill over a day that is already loaded: new run and fetch rows, articles untouched
    again = ingest.run(web, sources=[], inputs=urls, run_id="backfill-2024-05-15")
    assert again["load"]["articles_new"] == 0 and again["load"]["articles_unchanged"] == 3
    later = table_contents(web)
    for table in ("articles", "paragraphs", "mentions", "quantities", "article_urls", "entities"):
        assert later[table] == first[table], table
    assert len(first["articles"]) == 3
    # offline dumps too: a text-dump day loaded twice is identical
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    (dumps / "a.txt").write_text(
        "15-مايو-2024\n\n" + BODY.replace("<p>", "").replace("</p>", "\n\n"), encoding="utf-8"
    )
    src = Source(name="dumps", kind="offline", paths=(str(dumps),))
    ingest.run(web, sources=[src], run_id="dumps-1")
    once = table_contents(web)
    ingest.run(web, sources=[src], run_id="dumps-1")
    assert table_contents(web) == once  # offline inputs: fully identical, fetch rows included
    assert not fetch_rows_doubled, "re-running a run replaces its fetch rows"


def test_fault_28_dates_offsets_and_impossible_values(server: LocalServer, web: Settings) -> None:
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=400)).strftime("%Y-%m-%dT%H:%M:%S")
    cases = {
        # no offset given: the outlet's local time (Asia/Beirut, +03:00 in summer)
        "/d/naive": '<meta property="article:published_time" content="2024-07-10T23:30:00">',
        # an explicit offset is kept: 23:30+03:00 is still the 10th for the reader
        "/d/offset": '<meta property="article:published_time" content="2024-07-10T23:30:00+03:00">',
        # modified before published: the modified time is not trusted
        "/d/modified": '<meta property="article:published_time" content="2024-07-10T10:00:00+03:00">'
        '<meta property="article:modified_time" content="2024-07-01T10:00:00+03:00">',
        # a date in the future: rejected, not stored
        "/d/future": f'<meta property="article:published_time" content="{future}+03:00">',
        # an impossible date: rejected, not stored
        "/d/impossible": '<meta property="article:published_time" content="2024-02-31T10:00:00+03:00">',
    }
    for path, head in cases.items():
        server.route(path, Reply(body=page(f"خبر {path[3:]}", head=head)))
    source = Source(
        name="beirut", timezone="Asia/Beirut", rate_limit=0.0, urls=tuple(server.url(p) for p in cases)
    )
    ingest.run(web, sources=[source], source_names=["beirut"], run_id="r28")
    assert_every_url_has_outcome(web, [server.url(p) for p in cases])
    got = {
        r[0].rsplit("/", 1)[1]: r[1:]
        for r in rows(
            web, "SELECT url, published, published_at, published_local_date, modified FROM articles"
        )
    }
    assert set(got) == {p.rsplit("/", 1)[1] for p in cases}  # every page still loaded
    naive = got["naive"]
    assert naive[0] is not None and naive[0].endswith("+03:00"), naive
    assert naive[1] is not None and naive[1].astimezone(dt.UTC).hour == 20  # stored in UTC
    assert naive[2] == dt.date(2024, 7, 10)
    offset = got["offset"]
    assert offset[2] == dt.date(2024, 7, 10) and offset[1].astimezone(dt.UTC).hour == 20
    assert got["impossible"][0] is None and got["impossible"][1] is None
    problems = []
    if got["future"][0] is not None:
        problems.append(f"future date stored: {got['future'][0]}")
    if got["modified"][3] is not None and got["modified"][3] < got["modified"][0]:
        problems.append(f"modified before published kept: {got['modified']}")
    assert not problems, problems
    issues = rows(web, "SELECT field, reason FROM text_issues WHERE kind = 'rejected_date' ORDER BY field")
    assert ("published", "publication date in the future") in issues
    assert got["modified"][3] is None  # the stale modified stamp is not kept


@pytest.mark.parametrize("tag", ["p", "div"])
def test_fault_29_unknown_layout_generic_extractor(server: LocalServer, web: Settings, tag: str) -> None:
    soup = (
        "<html><head><title>مشروع المياه الجديد | موقع مجهول</title></head><body>"
        "<div class='x1'><div class='hdr'><a href='/'>الرئيسية</a> <a href='/s'>سياسة</a></div>"
        "<div class='zq9'><div class='t7'><span>مشروع المياه الجديد</span></div>"
        "<div class='c3'>"
        + BODY.replace("<p>", f"<{tag} class='pp'>").replace("</p>", f"</{tag}>")
        + "</div></div>"
        "<div class='ftr'>جميع الحقوق محفوظة</div></div></body></html>"
    ).encode()
    server.route("/weird/1", Reply(body=soup))
    ingest.run(web, sources=[], inputs=[server.url("/weird/1")], run_id="r29")
    got = rows(web, "SELECT title, body_text, authors, section, published, modified FROM articles")
    assert len(got) == 1
    title, body, authors, section, published, modified = got[0]
    assert title and "مشروع المياه الجديد" in title
    assert "الجسر الجديد" in body and "كلفة المشروع" in body
    assert "جميع الحقوق محفوظة" not in body
    # missing fields are NULL/empty, not guessed
    assert authors == [] and section is None and published is None and modified is None


def test_fault_30_text_dump_without_url_or_title(corpus_dir: Path, web: Settings, tmp_path: Path) -> None:
    seed = corpus_dir / "seed" / "article.txt"
    copy = tmp_path / "elsewhere" / "renamed.txt"
    copy.parent.mkdir()
    copy.write_bytes(seed.read_bytes())
    ingest.run(web, sources=[], inputs=[str(seed)], run_id="r30a")
    first = rows(web, "SELECT article_id, url, n_paragraphs FROM articles")
    ingest.run(web, sources=[], inputs=[str(copy)], run_id="r30b")
    both = rows(web, "SELECT article_id, url, title, n_paragraphs FROM articles")
    assert len(first) == 1 and first[0][1] is None and first[0][2] > 5
    assert len(both) == 1 and both[0][0] == first[0][0]  # stable content-based id, same from any path
    outcomes = rows(web, "SELECT url, outcome FROM fetches ORDER BY url")
    assert {Path(u).name for u, _ in outcomes} == {"article.txt", "renamed.txt"}
    assert all(o == "ok" for _, o in outcomes)


def test_fault_30_empty_and_odd_dumps_do_not_crash(web: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "spaces.txt").write_text("   \n\n  \t\n", encoding="utf-8")
    (folder / "one_line.txt").write_text("خبر قصير بلا عنوان ولا رابط ولا تاريخ.", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("café résumé naïve\n\nsecond paragraph here".encode("latin-1"))
    summary = ingest.run(web, sources=[], inputs=[str(folder)], run_id="r30c")
    fetched = rows(web, "SELECT url, outcome FROM fetches")
    assert len(fetched) == 4  # every input has an outcome
    outcome = {Path(u).name: o for u, o in fetched}
    assert outcome["empty.txt"] == "empty" and outcome["spaces.txt"] == "empty"
    assert summary["outcomes"].get("ok", 0) == len(rows(web, "SELECT 1 FROM articles"))
