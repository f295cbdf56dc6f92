"""Fault catalogue 1-21 (docs FAULTS.md) against a real local HTTP server: outcome row, WARC, run goes on."""

from __future__ import annotations

import codecs
import itertools
import json
import socket
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from pipeline.acquire.crawl import crawl_source, fetch_urls
from pipeline.acquire.fetch import HttpFetcher, is_outcome
from pipeline.acquire.parse import decode
from pipeline.core.settings import Settings, load_settings
from pipeline.core.sources import Source
from tests.http_server import LocalServer, Reply, blackhole, brotli_bomb, gzip_bomb, stream_zeros

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]

PAGE = "<html><head><title>خبر</title></head><body><p>نص الخبر الكامل هنا.</p></body></html>".encode()
CAP = 1_000_000


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        srv.route("/control", Reply(body=PAGE))
        yield srv


@pytest.fixture
def fast_settings(tmp_path: Path) -> Settings:
    return load_settings(
        {},
        data_dir=tmp_path / "data",
        db=tmp_path / "data" / "news.duckdb",
        allow_loopback=True,
        retries=2,
        backoff_factor=0.01,
        per_host_interval=0.0,
        deadline=3.0,
        max_bytes=CAP,
        connect_timeout=0.5,
        read_timeout=1.0,
        max_retry_after=2.0,
        workers=4,
    )


@pytest.fixture
def fetcher(fast_settings: Settings) -> Iterator[HttpFetcher]:
    with HttpFetcher(fast_settings, "run1") as f:
        yield f


def responses(path: Path) -> list[dict[str, Any]]:
    """Response records of a WARC file, read back with warcio."""
    out: list[dict[str, Any]] = []
    if not path.exists():
        return out
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type != "response":
                continue
            out.append(
                {
                    "uri": rec.rec_headers.get_header("WARC-Target-URI"),
                    "status": int(rec.http_headers.get_statuscode()),
                    "truncated": rec.rec_headers.get_header("WARC-Truncated"),
                    "body": rec.content_stream().read(),
                }
            )
    return out


def assert_control_ok(fetcher: HttpFetcher, server: LocalServer) -> None:
    """The same run goes on after the fault: another URL still fetches fine."""
    result = fetcher.fetch(server.url("/control"))
    assert result.record.outcome == "ok"
    assert result.capture is not None and result.capture.body == PAGE


def by_uri(path: Path, uri: str) -> list[dict[str, Any]]:
    return [r for r in responses(path) if r["uri"] == uri]


# 1 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [404, 410])
def test_fault_01_not_found_gone(server: LocalServer, fetcher: HttpFetcher, code: int) -> None:
    server.route("/gone", Reply(status=code, body=b"<html>gone</html>"))
    result = fetcher.fetch(server.url("/gone?utm_source=x"))
    rec = result.record
    assert rec.outcome == f"http_{code}" and is_outcome(rec.outcome)
    assert rec.status_code == code and result.capture is None
    assert server.hits["/gone"] == 1  # no retry
    assert rec.url == server.url("/gone") and rec.original_url == server.url("/gone?utm_source=x")
    saved = by_uri(fetcher.warc_path, server.url("/gone"))
    assert [r["status"] for r in saved] == [code] and saved[0]["body"] == b"<html>gone</html>"
    assert rec.warc_offset is not None and rec.warc_file == str(fetcher.warc_path)
    assert_control_ok(fetcher, server)


# 2 ---------------------------------------------------------------------------------------------


def test_fault_02_server_errors_then_ok(server: LocalServer, fetcher: HttpFetcher) -> None:
    server.route("/flaky", Reply(status=500), Reply(status=502), Reply(body=PAGE))
    server.route(
        "/busy", Reply(status=503, headers={"Retry-After": "1"}), Reply(status=504), Reply(body=PAGE)
    )
    result = fetcher.fetch(server.url("/flaky"))
    assert result.record.outcome == "ok" and result.record.attempt == 3
    assert server.hits["/flaky"] == 3
    result = fetcher.fetch(server.url("/busy"))
    assert result.record.outcome == "ok" and server.hits["/busy"] == 3
    first, second, _ = server.times("/busy")
    assert second - first >= 0.9  # Retry-After: 1 honoured
    assert [r["status"] for r in by_uri(fetcher.warc_path, server.url("/flaky"))] == [500, 502, 200]
    assert [r["status"] for r in by_uri(fetcher.warc_path, server.url("/busy"))] == [503, 504, 200]
    assert_control_ok(fetcher, server)


def test_fault_02_retries_exhausted_and_retry_after_capped(server: LocalServer, fetcher: HttpFetcher) -> None:
    server.route("/down", Reply(status=503, headers={"Retry-After": "3600"}))
    started = time.monotonic()
    result = fetcher.fetch(server.url("/down"))
    assert result.record.outcome == "http_503"
    assert server.hits["/down"] == 3  # 1 + retries
    assert time.monotonic() - started < 6  # capped at max_retry_after (2 s) per wait
    assert len(by_uri(fetcher.warc_path, server.url("/down"))) == 3
    assert_control_ok(fetcher, server)


# 3 ---------------------------------------------------------------------------------------------


def test_fault_03_429_backs_off_one_host_only(fast_settings: Settings) -> None:
    with LocalServer("127.0.0.1") as slow, LocalServer("127.0.0.2") as other:
        slow.route("/a", Reply(status=429, headers={"Retry-After": "1"}), Reply(body=PAGE))
        urls = [slow.url("/a")]
        for i in range(5):
            other.route(f"/p{i}", Reply(body=PAGE))
            urls.append(other.url(f"/p{i}"))
        results = list(fetch_urls(urls, "test", fast_settings, "run429"))
    articles = {r.record.url: r.record for r in results if not r.record.url.endswith("/robots.txt")}
    assert all(rec.outcome == "ok" for rec in articles.values())
    assert articles[slow.url("/a")].attempt == 2
    retry_at = slow.times("/a")[1]
    assert retry_at - slow.times("/a")[0] >= 0.9
    assert max(other.times(f"/p{i}")[0] for i in range(5)) < retry_at  # the other host went on meanwhile


# 4 ---------------------------------------------------------------------------------------------


def test_fault_04_connect_timeout(server: LocalServer, fetcher: HttpFetcher) -> None:
    with blackhole() as port:
        url = f"http://127.0.0.1:{port}/x"
        started = time.monotonic()
        result = fetcher.fetch(url)
    assert result.record.outcome == "timeout"
    assert time.monotonic() - started < 5
    assert by_uri(fetcher.warc_path, url) == []  # nothing was received
    assert_control_ok(fetcher, server)


def test_fault_04_read_timeout(server: LocalServer, fetcher: HttpFetcher) -> None:
    server.route("/sleepy", Reply(body=PAGE, delay=2.5))
    result = fetcher.fetch(server.url("/sleepy"))
    assert result.record.outcome == "timeout" and result.capture is None
    assert result.record.elapsed_ms < 2500
    assert_control_ok(fetcher, server)


# 5 ---------------------------------------------------------------------------------------------


def test_fault_05_slow_drip_hits_deadline(server: LocalServer, fetcher: HttpFetcher) -> None:
    server.route("/drip", Reply(body=b"<html>" + b"x" * 500 + b"</html>", drip=0.2))
    started = time.monotonic()
    result = fetcher.fetch(server.url("/drip"))
    elapsed = time.monotonic() - started
    assert result.record.outcome == "deadline" and result.capture is None
    assert 2.5 <= elapsed < 5.0  # deadline is 3 s
    saved = by_uri(fetcher.warc_path, server.url("/drip"))
    assert len(saved) == 1 and saved[0]["truncated"] == "time"
    assert 0 < len(saved[0]["body"]) == result.record.bytes < 100
    assert saved[0]["body"].startswith(b"<html>x")
    assert_control_ok(fetcher, server)


def test_fault_05_header_drip_hits_deadline(fast_settings: Settings) -> None:
    """A server that never finishes its headers (one byte per 0.3 s) cannot hold a worker."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    port = listener.getsockname()[1]
    import threading

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(4096)
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"y" * 100:
                try:
                    conn.send(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.3)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    settings = fast_settings.replace(respect_robots=False)
    with HttpFetcher(settings, "drip") as f:
        started = time.monotonic()
        result = f.fetch(f"http://127.0.0.1:{port}/x")
    listener.close()
    assert result.record.outcome == "deadline"
    assert time.monotonic() - started < 5.0


# 6 / 7 -----------------------------------------------------------------------------------------


def _peak_during(func: Any) -> tuple[Any, int]:
    tracemalloc.start()
    try:
        value = func()
        return value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_fault_06_fifty_megabyte_body(server: LocalServer, fetcher: HttpFetcher) -> None:
    server.route("/huge", Reply(body=stream_zeros(50_000_000), length=50_000_000))
    result, peak = _peak_during(lambda: fetcher.fetch(server.url("/huge")))
    assert result.record.outcome == "too_large" and result.capture is None
    assert result.record.bytes == CAP
    assert peak < 12 * CAP  # bounded by the cap, not by the 50 MB body
    saved = by_uri(fetcher.warc_path, server.url("/huge"))
    assert len(saved) == 1 and saved[0]["truncated"] == "length" and len(saved[0]["body"]) == CAP
    assert_control_ok(fetcher, server)


@pytest.mark.parametrize(("encoding", "bomb"), [("gzip", gzip_bomb), ("br", brotli_bomb)])
def test_fault_07_decompression_bomb(
    server: LocalServer, fetcher: HttpFetcher, encoding: str, bomb: Any
) -> None:
    payload = bomb(30_000_000)
    assert len(payload) < 100_000  # small on the wire
    server.route("/bomb", Reply(body=payload, headers={"Content-Encoding": encoding}))
    result, peak = _peak_during(lambda: fetcher.fetch(server.url("/bomb")))
    assert result.record.outcome == "too_large"
    assert result.record.bytes == CAP  # counted after decompression
    assert peak < 12 * CAP
    saved = by_uri(fetcher.warc_path, server.url("/bomb"))
    assert len(saved) == 1 and saved[0]["truncated"] == "length" and len(saved[0]["body"]) == CAP
    assert_control_ok(fetcher, server)


def test_fault_07_gzip_page_is_decoded(server: LocalServer, fetcher: HttpFetcher) -> None:
    import gzip

    server.route("/gz", Reply(body=gzip.compress(PAGE), headers={"Content-Encoding": "gzip"}))
    result = fetcher.fetch(server.url("/gz"))
    assert result.record.outcome == "ok" and result.capture is not None and result.capture.body == PAGE
    assert by_uri(fetcher.warc_path, server.url("/gz"))[0]["body"] == PAGE


# 8 / 9 / 10 ------------------------------------------------------------------------------------

ARABIC = (
    "<html><head><title>الطقس</title></head>"
    "<body><p>أمطار غزيرة متوقعة على المرتفعات الغربية اليوم.</p></body></html>"
)


def test_fault_08_header_charset_beats_meta(server: LocalServer, fetcher: HttpFetcher) -> None:
    body = ARABIC.replace("<head>", '<head><meta charset="utf-8">').encode("cp1256")
    server.route("/hdr", Reply(body=body, content_type="text/html; charset=windows-1256"))
    server.route(
        "/bom", Reply(body=b"\xef\xbb\xbf" + ARABIC.encode(), content_type="text/html; charset=windows-1256")
    )
    rec = fetcher.fetch(server.url("/hdr")).record
    assert rec.outcome == "ok" and rec.charset == "cp1256"
    assert fetcher.fetch(server.url("/bom")).record.charset == "utf-8"  # BOM wins over the header
    assert by_uri(fetcher.warc_path, server.url("/hdr"))[0]["body"] == body  # raw bytes archived
    assert_control_ok(fetcher, server)


@pytest.mark.parametrize(("codec", "expected"), [("cp1256", "cp1256"), ("iso8859_6", "iso8859_6")])
def test_fault_09_undeclared_arabic_single_byte(
    server: LocalServer, fetcher: HttpFetcher, codec: str, expected: str
) -> None:
    body = ARABIC.encode(codec)
    server.route("/legacy", Reply(body=body, content_type="text/html"))
    result = fetcher.fetch(server.url("/legacy"))
    assert result.record.outcome == "ok" and result.record.charset is not None
    assert codecs.lookup(result.record.charset).name == codecs.lookup(expected).name
    assert result.capture is not None
    text, *_ = decode(result.capture.body, result.capture.header("content-type"))
    assert "أمطار غزيرة" in text
    assert_control_ok(fetcher, server)


def test_fault_10_invalid_utf8_kept_raw(server: LocalServer, fetcher: HttpFetcher) -> None:
    body = ARABIC.encode() + b"\xff\xfe\xc3(" + "نهاية".encode()
    server.route("/bad", Reply(body=body, content_type="text/html; charset=utf-8"))
    result = fetcher.fetch(server.url("/bad"))
    assert result.record.outcome == "ok" and result.capture is not None
    assert result.capture.body == body
    assert by_uri(fetcher.warc_path, server.url("/bad"))[0]["body"] == body
    _text, _codec, _how, replaced = decode(result.capture.body, result.capture.header("content-type"))
    assert replaced >= 3
    assert_control_ok(fetcher, server)


# 11 / 12 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [b"", b"  \n\t \r\n "])
def test_fault_11_empty_body(server: LocalServer, fetcher: HttpFetcher, body: bytes) -> None:
    server.route("/empty", Reply(body=body))
    result = fetcher.fetch(server.url("/empty"))
    assert result.record.outcome == "empty" and result.capture is None
    saved = by_uri(fetcher.warc_path, server.url("/empty"))
    assert len(saved) == 1 and saved[0]["body"] == body
    assert_control_ok(fetcher, server)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/pdf", b"%PDF-1.7\n%binary\n" + b"\x00" * 200),
        ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
        ("application/json", b'{"title": "not a page"}'),
        ("text/html", b"%PDF-1.4 disguised as html" + b"\x00" * 50),
    ],
)
def test_fault_12_not_html(server: LocalServer, fetcher: HttpFetcher, content_type: str, body: bytes) -> None:
    server.route("/doc", Reply(body=body, content_type=content_type))
    result = fetcher.fetch(server.url("/doc"))
    assert result.record.outcome == "not_html" and result.capture is None
    assert result.record.content_type == content_type
    assert by_uri(fetcher.warc_path, server.url("/doc"))[0]["body"] == body
    assert_control_ok(fetcher, server)


# 13 (feed returns HTML) and 16/18/19 live with the crawl: same run, several URLs -----------------


def _source(server: LocalServer, **kw: Any) -> Source:
    return Source(name="local", rate_limit=0.0, timezone="Asia/Beirut", **kw)


def _article(server: LocalServer, path: str, title: str = "خبر محلي") -> None:
    server.route(path, Reply(body=server.fixture("article.html", TITLE=title)))


def test_fault_13_feed_url_returns_html(server: LocalServer, fast_settings: Settings) -> None:
    server.route("/home", Reply(body=server.fixture("page_with_feed_link.html")))
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>أ</title><link>{server.base}/news/a</link></item></channel></rss>"
    )
    server.route("/feeds/real.xml", Reply(body=feed.encode(), content_type="application/rss+xml"))
    _article(server, "/news/a")
    results = list(crawl_source(_source(server, feeds=(server.url("/home"),)), fast_settings, "r13"))
    recs = {r.record.url: r.record for r in results}
    home = recs[server.url("/home")]
    assert home.outcome == "feed_error" and "HTML page" in (home.error or "")
    assert "autodiscovery" in (home.error or "")
    assert recs[server.url("/feeds/real.xml")].outcome == "ok"
    assert recs[server.url("/news/a")].outcome == "ok"
    (warc,) = fast_settings.warc_dir.glob("r13-w0-*.warc.gz")  # one file per run, worker and attempt
    assert warc == Path(home.warc_file or "")
    assert len(by_uri(warc, server.url("/home"))) == 1


# 14 / 15 ---------------------------------------------------------------------------------------


def test_fault_14_redirect_loop(server: LocalServer, fetcher: HttpFetcher, fast_settings: Settings) -> None:
    server.route("/loop", Reply(status=302, headers={"Location": "/loop"}))
    server.route("/ping", Reply(status=301, headers={"Location": "/pong"}))
    server.route("/pong", Reply(status=301, headers={"Location": "/ping"}))
    rec = fetcher.fetch(server.url("/loop")).record
    assert rec.outcome == "too_many_redirects"
    assert server.hits["/loop"] == fast_settings.max_redirects + 1
    assert len(by_uri(fetcher.warc_path, server.url("/loop"))) == fast_settings.max_redirects + 1
    assert fetcher.fetch(server.url("/ping")).record.outcome == "too_many_redirects"
    assert_control_ok(fetcher, server)


def test_fault_14_redirect_followed(server: LocalServer, fetcher: HttpFetcher) -> None:
    server.route("/old", Reply(status=301, headers={"Location": "/control?utm_campaign=z"}))
    result = fetcher.fetch(server.url("/old"))
    assert result.record.outcome == "ok" and result.record.final_url == server.url("/control")
    assert result.record.url == server.url("/old")


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]:{port}/control",
        "http://0.0.0.0:{port}/control",
        "http://[fd00:ec2::254]/latest",
        "http://100.100.100.200/",
        "http://192.168.0.1/",
        "http://[::]:{port}/control",
    ],
)
def test_fault_15_redirect_to_internal_address(
    server: LocalServer, fetcher: HttpFetcher, target: str
) -> None:
    server.route("/jump", Reply(status=302, headers={"Location": target.format(port=server.port)}))
    hits_before = server.hits["/control"]
    rec = fetcher.fetch(server.url("/jump")).record
    assert rec.outcome == "blocked_address", rec
    assert server.hits["/control"] == hits_before  # never reached
    assert rec.warc_offset is not None  # points at the archived redirect
    assert [r["status"] for r in by_uri(fetcher.warc_path, server.url("/jump"))] == [302]
    assert_control_ok(fetcher, server)


def test_fault_15_loopback_blocked_by_default(server: LocalServer, fast_settings: Settings) -> None:
    with HttpFetcher(fast_settings.replace(allow_loopback=False), "r15") as strict:
        rec = strict.fetch(server.url("/control")).record
    assert rec.outcome == "blocked_address" and "loopback" in (rec.error or "")
    assert server.hits["/control"] == 0 and server.hits["/robots.txt"] == 0


def test_fault_15_dns_rebinding_caught_at_connect(fast_settings: Settings) -> None:
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[tuple[int, str]]:
        calls.append(host)
        return [(socket.AF_INET, "93.184.216.34" if len(calls) == 1 else "10.0.0.5")]

    settings = fast_settings.replace(allow_loopback=False, respect_robots=False)
    with HttpFetcher(settings, "rebind") as f:
        f.resolver = rebinding
        rec = f.fetch("http://rebind.invalid/x").record
    assert rec.outcome == "blocked_address" and "10.0.0.5" in (rec.error or "")
    assert len(calls) == 2  # checked before, and again at connect time


def test_fault_15_feed_link_to_internal_address(server: LocalServer, fast_settings: Settings) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>meta</title><link>http://169.254.169.254/latest/meta-data/</link></item>"
        f"<item><title>ok</title><link>{server.base}/news/ok</link></item></channel></rss>"
    )
    server.route("/feed.xml", Reply(body=feed.encode(), content_type="application/rss+xml"))
    _article(server, "/news/ok")
    results = list(crawl_source(_source(server, feeds=(server.url("/feed.xml"),)), fast_settings, "r15f"))
    outcomes = {r.record.url: r.record.outcome for r in results}
    assert outcomes["http://169.254.169.254/latest/meta-data/"] == "blocked_address"
    assert outcomes[server.url("/news/ok")] == "ok"


# 16 / 17 / 18 ----------------------------------------------------------------------------------


def test_fault_16_non_http_links_in_feed(server: LocalServer, fast_settings: Settings) -> None:
    server.route(
        "/feed.xml",
        Reply(body=server.fixture("feed_rss.xml", HOSTONLY="127.0.0.1"), content_type="application/rss+xml"),
    )
    for path in ("/news/library", "/news/festival", "/news/old", "/video/clip-1"):
        _article(server, path)
    results = list(crawl_source(_source(server, feeds=(server.url("/feed.xml"),)), fast_settings, "r16"))
    blocked = sorted(r.record.url.split(":", 1)[0] for r in results if r.record.outcome == "blocked_scheme")
    assert blocked == ["data", "file", "ftp"]
    assert all(r.record.warc_offset is None for r in results if r.record.outcome == "blocked_scheme")
    ok = {r.record.url for r in results if r.record.outcome == "ok" and r.capture is not None}
    assert server.url("/news/library") in ok and server.url("/news/festival") in ok
    feed_rec = next(r.record for r in results if r.record.url == server.url("/feed.xml"))
    assert "non-http(s) link dropped" in (feed_rec.error or "")


def test_fault_17_robots_disallow_and_crawl_delay(server: LocalServer, fetcher: HttpFetcher) -> None:
    server.route(
        "/robots.txt",
        Reply(body=b"User-agent: *\nDisallow: /private/\nCrawl-delay: 0.4\n", content_type="text/plain"),
    )
    server.route("/private/secret", Reply(body=PAGE))
    server.route("/pub1", Reply(body=PAGE))
    server.route("/pub2", Reply(body=PAGE))
    rec = fetcher.fetch(server.url("/private/secret")).record
    assert rec.outcome == "robots_disallowed" and server.hits["/private/secret"] == 0
    assert fetcher.fetch(server.url("/pub1")).record.outcome == "ok"
    assert fetcher.fetch(server.url("/pub2")).record.outcome == "ok"
    times = sorted(server.times("/robots.txt") + server.times("/pub1") + server.times("/pub2"))
    assert all(b - a >= 0.35 for a, b in itertools.pairwise(times))  # crawl-delay honoured
    side = fetcher.pop_side_records()
    assert [r.url for r in side] == [server.url("/robots.txt")] and side[0].outcome == "ok"
    assert server.hits["/robots.txt"] == 1  # cached per host
    assert len(by_uri(fetcher.warc_path, server.url("/robots.txt"))) == 1


def test_fault_18_malformed_rss(server: LocalServer, fast_settings: Settings) -> None:
    server.route(
        "/bad.xml", Reply(body=server.fixture("feed_malformed.xml"), content_type="application/rss+xml")
    )
    for path in ("/news/first", "/news/second", "/news/third"):
        _article(server, path)
    results = list(crawl_source(_source(server, feeds=(server.url("/bad.xml"),)), fast_settings, "r18"))
    feed_rec = next(r.record for r in results if r.record.url == server.url("/bad.xml"))
    assert feed_rec.outcome == "ok" and "malformed feed" in (feed_rec.error or "")
    fetched = {r.record.url for r in results if r.record.outcome == "ok" and r.capture is not None}
    assert {server.url("/news/first"), server.url("/news/second")} <= fetched


# 19 / 20 / 21 ----------------------------------------------------------------------------------


def test_fault_19_billion_laughs_and_xxe(server: LocalServer, fast_settings: Settings) -> None:
    server.route(
        "/laughs.xml",
        Reply(body=server.fixture("feed_billion_laughs.xml"), content_type="application/rss+xml"),
    )
    server.route(
        "/sitemap.xml", Reply(body=server.fixture("sitemap_xxe.xml"), content_type="application/xml")
    )
    _article(server, "/news/laughs")
    source = _source(server, feeds=(server.url("/laughs.xml"),), sitemaps=(server.url("/sitemap.xml"),))
    started = time.monotonic()
    results, peak = _peak_during(lambda: list(crawl_source(source, fast_settings, "r19")))
    assert time.monotonic() - started < 10
    assert peak < 20_000_000
    recs = {r.record.url: r.record for r in results}
    assert "DOCTYPE" in (recs[server.url("/laughs.xml")].error or "")
    assert recs[server.url("/sitemap.xml")].outcome == "sitemap_error"
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else "\0"
    for rec in recs.values():
        assert "lollollol" not in rec.url and (hostname not in rec.url or hostname in server.base)
    assert recs[server.url("/news/laughs")].outcome == "ok"


def test_fault_20_huge_fields_and_deep_nesting(server: LocalServer, fast_settings: Settings) -> None:
    huge = "عنوان " * 15_000  # the feed stays under the 1 MB cap; the fields are still huge
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>{huge}</title><author>{'ك' * 200_000}</author>"
        f"<link>{server.base}/news/deep</link></item>"
        "</channel></rss>"
    )
    server.route("/huge.xml", Reply(body=feed.encode(), content_type="application/rss+xml"))
    deep = ("<div>" * 10_000) + "<p>عمق</p>" + ("</div>" * 10_000)
    server.route("/news/deep", Reply(body=f"<html><body>{deep}</body></html>".encode()))
    started = time.monotonic()
    from pipeline.acquire.feeds import MAX_TITLE, parse_feed

    results = list(crawl_source(_source(server, feeds=(server.url("/huge.xml"),)), fast_settings, "r20"))
    assert time.monotonic() - started < 15
    article = next(r for r in results if r.record.url == server.url("/news/deep"))
    assert article.record.outcome == "ok" and article.capture is not None
    parsed = parse_feed(feed.encode(), server.url("/huge.xml"))
    assert parsed.entries and len(parsed.entries[0].title or "") <= MAX_TITLE


def test_fault_21_sitemap_index_lists_itself(server: LocalServer, fast_settings: Settings) -> None:
    import gzip

    server.route(
        "/sitemap_index.xml", Reply(body=server.fixture("sitemap_index_self.xml"), content_type="text/xml")
    )
    deeper = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{server.base}/deeper/2.xml</loc></sitemap></sitemapindex>"
    )
    for i in range(1, 8):
        server.route(
            f"/deeper/{i}.xml",
            Reply(body=deeper.replace("/2.xml", f"/{i + 1}.xml").encode(), content_type="text/xml"),
        )
    server.route(
        "/sitemap_news.xml.gz",
        Reply(body=gzip.compress(server.fixture("sitemap_news.xml")), content_type="application/x-gzip"),
    )
    for path in ("/news/market", "/news/old-report", "/news/undated"):
        _article(server, path)
    started = time.monotonic()
    results = list(
        crawl_source(_source(server, sitemaps=(server.url("/sitemap_index.xml"),)), fast_settings, "r21")
    )
    assert time.monotonic() - started < 15
    assert server.hits["/sitemap_index.xml"] == 1
    assert server.hits["/deeper/4.xml"] == 0  # depth cap
    fetched = {r.record.url for r in results if r.capture is not None}
    assert {server.url("/news/market"), server.url("/news/undated")} <= fetched
    assert json.dumps([r.record.outcome for r in results]).count("sitemap_error") == 0
