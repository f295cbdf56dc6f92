"""Discovery and crawl: feeds, sitemaps, windows, patterns, dedupe, conditional GET, WARC read-back."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.acquire.crawl import crawl_source, parse_when, select_candidates
from pipeline.acquire.fetch import HttpFetcher
from pipeline.acquire.sitemaps import SitemapError, parse_sitemap
from pipeline.acquire.warc import iter_captures
from pipeline.core.models import Candidate
from pipeline.core.settings import Settings, load_settings
from pipeline.core.sources import Source, load_sources
from tests.http_server import LocalServer, Reply

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


@pytest.fixture
def fast_settings(tmp_path: Path) -> Settings:
    return load_settings(
        {},
        data_dir=tmp_path / "data",
        allow_loopback=True,
        retries=1,
        backoff_factor=0.01,
        per_host_interval=0.0,
        deadline=3.0,
        max_bytes=1_000_000,
    )


def _article(server: LocalServer, path: str) -> None:
    server.route(path, Reply(body=server.fixture("article.html", TITLE=path)))


def test_feed_window_patterns_and_dedupe(server: LocalServer, fast_settings: Settings) -> None:
    server.route("/feed.xml", Reply(body=server.fixture("feed_rss.xml", HOSTONLY="127.0.0.1")))
    for path in ("/news/library", "/news/festival", "/news/old", "/video/clip-1"):
        _article(server, path)
    source = Source(
        name="local",
        feeds=(server.url("/feed.xml"),),
        urls=(server.url("/news/library?fbclid=dup"),),  # same article as the feed's utm_ link
        exclude=(r"/video/",),
        rate_limit=0.0,
    )
    since = datetime(2024, 3, 15, tzinfo=UTC)
    until = datetime(2024, 3, 18, tzinfo=UTC)
    results = list(crawl_source(source, fast_settings, "rw", since=since, until=until))
    articles = [r for r in results if r.capture is not None]
    assert sorted(r.record.url for r in articles) == [
        server.url("/news/festival"),
        server.url("/news/library"),
    ]
    assert server.hits["/news/old"] == 0 and server.hits["/video/clip-1"] == 0
    assert server.hits["/news/library"] == 1
    lib = next(r for r in articles if r.record.url == server.url("/news/library"))
    assert "utm_source" in (lib.record.original_url or "")  # original URL kept
    assert all(r.capture is None for r in results if r.record.url.endswith(("/feed.xml", "/robots.txt")))
    assert {r.record.run_id for r in results} == {"rw"}


def test_google_news_sitemap_dates(server: LocalServer, fast_settings: Settings) -> None:
    server.route(
        "/news.xml.gz", Reply(body=gzip.compress(server.fixture("sitemap_news.xml")), content_type=None)
    )
    for path in ("/news/market", "/news/old-report", "/news/undated"):
        _article(server, path)
    source = Source(name="local", sitemaps=(server.url("/news.xml.gz"),), rate_limit=0.0)
    results = list(crawl_source(source, fast_settings, "rs", since=datetime(2024, 3, 1, tzinfo=UTC)))
    fetched = {r.record.url for r in results if r.capture is not None}
    assert fetched == {server.url("/news/market"), server.url("/news/undated")}
    parsed = parse_sitemap(gzip.compress(server.fixture("sitemap_news.xml")), server.base)
    market = parsed.entries[0]
    assert market.published == "2024-03-16T09:15:00+03:00" and market.title == "أسعار الخضار في السوق المركزي"
    assert parsed.entries[1].lastmod == "2023-11-02"


def test_sitemap_refuses_entities_and_garbage() -> None:
    with pytest.raises(SitemapError):
        parse_sitemap(
            b"<!DOCTYPE x [<!ENTITY a 'b'>]><urlset><url><loc>&a;</loc></url></urlset>", "http://h/"
        )
    with pytest.raises(SitemapError):
        parse_sitemap(b"<html><body>not a sitemap</body></html>", "http://h/")
    with pytest.raises(SitemapError):
        parse_sitemap(gzip.compress(b"\0" * 60_000_000), "http://h/")


def test_max_articles_keeps_newest() -> None:
    cands = [
        Candidate(source="s", url=f"https://a.example/{i}", published_hint=f"2024-03-{10 + i:02d}T00:00:00Z")
        for i in range(5)
    ]
    kept = select_candidates(cands, max_articles=2)
    assert [c.url for c in kept] == ["https://a.example/4", "https://a.example/3"]
    assert parse_when("2024-03-16T10:30+03:00") == datetime(2024, 3, 16, 7, 30, tzinfo=UTC)
    assert parse_when("nonsense") is None


def test_conditional_get_and_changed_body(server: LocalServer, fast_settings: Settings) -> None:
    state = {"body": b"<html><body>v1</body></html>"}

    def handler(req: object) -> Reply:
        inm = getattr(req, "headers", {}).get("if-none-match")
        if inm == '"v1"' and state["body"].endswith(b"v1</body></html>"):
            return Reply(status=304, headers={"ETag": '"v1"'})
        return Reply(
            body=state["body"], headers={"ETag": '"v1"', "Last-Modified": "Sat, 16 Mar 2024 10:00:00 GMT"}
        )

    server.route("/cond", handler)
    with HttpFetcher(fast_settings, "c1") as f:
        first = f.fetch(server.url("/cond"))
    assert first.record.outcome == "ok" and first.record.etag == '"v1"'
    assert (fast_settings.data_dir / "validators.json").exists()
    with HttpFetcher(fast_settings, "c2") as f:
        second = f.fetch(server.url("/cond"))
        assert second.record.outcome == "not_modified" and second.capture is None
        state["body"] = b"<html><body>v2 changed</body></html>"
        third = f.fetch(server.url("/cond"))
    assert server.requests[-1].headers.get("if-none-match") == '"v1"'
    assert server.requests[-1].headers.get("if-modified-since") == "Sat, 16 Mar 2024 10:00:00 GMT"
    assert third.record.outcome == "ok" and third.record.body_sha256 != first.record.body_sha256


def test_iter_captures_reads_our_warc(server: LocalServer, fast_settings: Settings) -> None:
    _article(server, "/news/a")
    server.route("/missing", Reply(status=404))
    server.route("/img", Reply(body=b"\x89PNG\r\n\x1a\n", content_type="image/png"))
    with HttpFetcher(fast_settings, "w") as f:
        ok = f.fetch(server.url("/news/a"), source="local")
        f.fetch(server.url("/missing"))
        f.fetch(server.url("/img"))
    captures = list(iter_captures(f.warc_path, "local"))
    assert [c.url for c in captures] == [server.url("/news/a")]
    cap = captures[0]
    assert ok.capture is not None and cap.body == ok.capture.body
    assert cap.fetch is not None and cap.fetch.warc_offset == ok.record.warc_offset
    assert cap.kind == "html" and cap.header("content-type") == "text/html; charset=utf-8"


def test_sources_toml_is_valid_and_offline_by_default() -> None:
    sources = load_sources(ROOT / "sources.toml")
    assert sources[0].name == "sample" and sources[0].kind == "offline" and sources[0].enabled
    web = [s for s in sources if s.kind != "offline"]
    assert all(s.kind == "offline" for s in sources if s.enabled)
    assert len(web) >= 16
    assert all(not s.enabled and not s.verified for s in web)
    assert all(s.feeds or s.sitemaps for s in web)
    profiles = {s.profile for s in web if s.profile}
    assert {
        "youm7",
        "bbc_arabic",
        "cnn_arabic",
        "akhbarelyom_eg",
        "almadenahnews_jo",
        "assabah_tn",
        "lbci_lb",
    } <= profiles
    assert all(u.startswith("https://") for s in web for u in (*s.feeds, *s.sitemaps))
