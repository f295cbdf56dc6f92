"""Fuzzing the hostile-input paths: HTML -> article, feeds, sitemaps; XML bombs; deep nesting; huge attributes."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.acquire.feeds import parse_feed
from pipeline.acquire.sitemaps import SitemapError, parse_sitemap
from pipeline.core.models import Document, InputError
from pipeline.extract.html import clean_html
from pipeline.run.document import build_article

pytestmark = [pytest.mark.unit, pytest.mark.timeout(120)]

PER_CASE = dt.timedelta(seconds=2)  # per-page time bound
FUZZ = settings(max_examples=60, deadline=PER_CASE, suppress_health_check=[HealthCheck.too_slow])

TAGS = [
    "div",
    "p",
    "span",
    "article",
    "section",
    "h1",
    "h2",
    "figure",
    "figcaption",
    "blockquote",
    "a",
    "ul",
    "li",
    "table",
    "td",
    "script",
    "style",
    "header",
    "footer",
    "nav",
    "aside",
    "time",
    "br",
    "img",
    "b",
    "main",
]
ATTRS = st.sampled_from(
    [
        'class="article-body"',
        'class="related"',
        'id="content"',
        'itemprop="articleBody"',
        "hidden",
        'style="display:none"',
        'href="/x"',
        'datetime="2024-05-15T10:00:00+03:00"',
        'role="main"',
        'dir="rtl"',
        'class="caption credit"',
        'lang="ar"',
        'src="/a.jpg"',
    ]
)
TEXT = st.text(
    st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.sampled_from(list(" .،\n<>&\"'؛")),
        st.characters(codec="utf-8"),
    ),
    max_size=80,
)


@st.composite
def html_tree(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        if draw(st.booleans()):
            parts.append(draw(TEXT))
        else:
            tag = draw(st.sampled_from(TAGS))
            attrs = " ".join(draw(st.lists(ATTRS, max_size=3)))
            close = "" if draw(st.integers(0, 9)) == 0 else f"</{tag}>"  # sometimes unclosed
            parts.append(f"<{tag} {attrs}>{draw(html_tree(depth + 1))}{close}")
    return "".join(parts)


def _article(html: str) -> None:
    doc = Document(source="fuzz", kind="html", text=html, url="http://example.com/news/1")
    try:
        cleaned = clean_html(doc, url=doc.url)
        article = build_article(cleaned, source="fuzz", kind="html", url=doc.url)
    except InputError:
        return
    assert all(isinstance(p, str) for p in article.body)


@FUZZ
@given(html_tree(), st.sampled_from(["", "<title>خبر</title>", '<meta property="og:title" content="عنوان">']))
def test_fuzz_html_to_article(body: str, head: str) -> None:
    _article(f"<html><head>{head}</head><body>{body}</body></html>")


@FUZZ
@given(st.binary(max_size=2000))
def test_fuzz_random_bytes_feed_and_sitemap(body: bytes) -> None:
    parse_feed(body, "http://example.com/feed")
    with contextlib.suppress(SitemapError, InputError):
        parse_sitemap(body, "http://example.com/sitemap.xml")


XML_ITEMS = st.lists(
    st.sampled_from(
        [
            "<item>",
            "</item>",
            "<title>",
            "</title>",
            "<link>http://example.com/a</link>",
            "<pubDate>Wed, 15 May 2024 10:00:00 +0300</pubDate>",
            "<pubDate>غدا</pubDate>",
            "<url>",
            "</url>",
            "<loc>http://example.com/b</loc>",
            "<loc>file:///etc/passwd</loc>",
            "<lastmod>2024-13-45</lastmod>",
            "خبر",
            "&amp;",
            "&bogus;",
            "<![CDATA[x]]>",
            "<!-- c -->",
            "<news:news>",
            "</news:news>",
            "\x00",
            "\ufffd",
        ]
    ),
    max_size=30,
).map("".join)


@FUZZ
@given(XML_ITEMS, st.sampled_from(["rss", "urlset", "sitemapindex", "feed"]))
def test_fuzz_xml_feed_and_sitemap(inner: str, root: str) -> None:
    body = (
        f'<?xml version="1.0" encoding="utf-8"?><{root} xmlns:news="http://www.google.com/schemas/'
        f'sitemap-news/0.9"><channel>{inner}</channel></{root}>'
    ).encode("utf-8", "surrogatepass")
    feed = parse_feed(body, "http://example.com/feed")
    assert all(e.url.startswith(("http://", "https://")) for e in feed.entries)
    try:
        sitemap = parse_sitemap(body, "http://example.com/sitemap.xml")
    except SitemapError:
        return
    assert not any("passwd" in e.url for e in sitemap.entries if e.url.startswith("file:"))


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + "]>{root}"
)
QUADRATIC = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "' + "A" * 50_000 + '">]>{root}'
XXE_FILE = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>{root}'
XXE_NET = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:9/evil">]>{root}'
FEED_ROOT = "<rss><channel><title>&{ent};</title><item><title>&{ent};</title><link>http://e.com/a</link></item></channel></rss>"
MAP_ROOT = "<urlset><url><loc>http://e.com/&{ent};</loc></url></urlset>"


@pytest.mark.parametrize(
    ("name", "template", "entity"),
    [
        ("billion_laughs", BILLION_LAUGHS, "lol9"),
        ("quadratic", QUADRATIC, "a" + ";&a" * 2000),
        ("xxe_file", XXE_FILE, "x"),
        ("xxe_network", XXE_NET, "x"),
    ],
)
def test_xml_bombs_not_expanded_nothing_read(name: str, template: str, entity: str) -> None:
    passwd = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]
    for root in (FEED_ROOT, MAP_ROOT):
        body = template.replace("{root}", root.replace("{ent}", entity)).encode()
        started = time.perf_counter()
        feed = parse_feed(body, "http://e.com/feed")
        texts = " ".join(f"{e.title} {e.url}" for e in feed.entries)
        try:
            sitemap = parse_sitemap(body, "http://e.com/sitemap.xml")
            texts += " ".join(e.url for e in sitemap.entries)
        except SitemapError:
            pass
        elapsed = time.perf_counter() - started
        assert elapsed < 2.0, f"{name}: {elapsed:.2f} s"
        assert "lollollol" not in texts and "AAAAAAAAAA" not in texts  # no expansion
        assert passwd not in texts and "root:" not in texts  # no file read
        assert len(texts) < 10_000


def test_deeply_nested_html_no_recursion_error() -> None:
    depth = 10_000
    html = (
        "<html><body>"
        + "<div>" * depth
        + "<p>نص عميق جدا في الصفحة.</p>"
        + "</div>" * depth
        + "</body></html>"
    )
    started = time.perf_counter()
    _article(html)
    assert time.perf_counter() - started < 10.0


def test_fifty_megabyte_attribute_bounded_time() -> None:
    html = (
        '<html><head><title>خبر</title></head><body><article><p data-x="' + "x" * 50_000_000 + '">'
        "افتتحت البلدية الجسر الجديد فوق النهر بعد عامين من البناء.</p></article></body></html>"
    )
    started = time.perf_counter()
    _article(html)
    assert time.perf_counter() - started < 15.0
