"""Sitemaps: urlset, sitemapindex and Google News sitemaps parsed safely (no entities, no network)."""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

from pipeline.acquire.urls import canonicalize, is_fetchable_scheme

LOGGER = logging.getLogger(__name__)

MAX_SITEMAP_BYTES = 50_000_000  # the sitemaps.org limit for one uncompressed file
MAX_URLS = 50_000
MAX_DEPTH = 3  # index -> index -> urlset
MAX_SITEMAPS = 200  # sitemap files fetched per source and run
MAX_LINK = 4_096
MAX_TITLE = 1_000


class SitemapError(ValueError):
    """The body is not a sitemap that may be parsed (bad XML, entities, too large)."""


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    original_url: str
    lastmod: str | None = None
    published: str | None = None  # Google News <news:publication_date>
    title: str | None = None  # Google News <news:title>


@dataclass(frozen=True)
class ParsedSitemap:
    kind: str  # urlset | sitemapindex
    entries: tuple[SitemapEntry, ...] = ()
    sitemaps: tuple[str, ...] = ()  # child sitemaps of an index (canonical)
    rejected: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


def gunzip_capped(body: bytes, cap: int = MAX_SITEMAP_BYTES) -> bytes:
    """Decompress a gzip body, refusing output beyond ``cap`` bytes."""
    dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = dec.decompress(body, cap + 1)
    except zlib.error as exc:
        raise SitemapError(f"bad gzip data: {exc}") from exc
    if len(out) > cap or dec.unconsumed_tail:
        raise SitemapError(f"gzip sitemap larger than {cap} bytes once decompressed")
    return out


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        recover=False,
        remove_comments=True,
        remove_pis=True,
    )


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(el: etree._Element, name: str) -> str | None:
    for child in el.iter():
        if child is not el and _local(child.tag) == name:
            text = (child.text or "").strip()
            return text or None
    return None


def parse_sitemap(body: bytes, base_url: str) -> ParsedSitemap:
    """Parse a (possibly gzip) sitemap; raises SitemapError for bodies refused outright."""
    if body[:2] == b"\x1f\x8b":
        body = gunzip_capped(body)
    if len(body) > MAX_SITEMAP_BYTES:
        raise SitemapError(f"sitemap larger than {MAX_SITEMAP_BYTES} bytes")
    head = body[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise SitemapError("sitemap with a DOCTYPE/ENTITY declaration refused (entity expansion, XXE)")
    try:
        root = etree.fromstring(body.lstrip(), parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"not well-formed XML: {exc}") from exc
    if root is None:
        raise SitemapError("empty XML document")
    kind = _local(root.tag)
    problems: list[str] = []
    entries: list[SitemapEntry] = []
    children: list[str] = []
    rejected: list[str] = []
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(f"root element <{kind}> is neither <urlset> nor <sitemapindex>")
    item = "url" if kind == "urlset" else "sitemap"
    count = 0
    for el in root:
        if _local(el.tag) != item:
            continue
        count += 1
        if count > MAX_URLS:
            problems.append(f"only the first {MAX_URLS} <{item}> kept")
            break
        loc = _child_text(el, "loc")
        if not loc:
            problems.append(f"<{item}> without <loc> skipped")
            continue
        link = urljoin(base_url, loc[:MAX_LINK])
        if not is_fetchable_scheme(link):
            rejected.append(link)
            problems.append(f"non-http(s) location dropped: {link[:100]}")
            continue
        if kind == "sitemapindex":
            children.append(canonicalize(link))
            continue
        title = _child_text(el, "title")
        entries.append(
            SitemapEntry(
                url=canonicalize(link),
                original_url=link,
                lastmod=_child_text(el, "lastmod"),
                published=_child_text(el, "publication_date"),
                title=title[:MAX_TITLE] if title else None,
            )
        )
    for problem in problems:
        LOGGER.warning("sitemap %s: %s", base_url, problem)
    return ParsedSitemap(
        kind=kind,
        entries=tuple(entries),
        sitemaps=tuple(children),
        rejected=tuple(rejected),
        problems=tuple(problems),
    )
