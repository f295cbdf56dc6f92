"""Feeds: RSS/Atom discovery with feedparser, made safe (no DOCTYPE/entities) and bounded."""

from __future__ import annotations

import calendar
import io
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import lxml.html
from lxml import etree

from pipeline.acquire.urls import canonicalize, is_fetchable_scheme

LOGGER = logging.getLogger(__name__)

MAX_TITLE = 1_000
MAX_LINK = 4_096
MAX_ENTRIES = 5_000
MAX_FEED_BYTES = 20_000_000
_DOCTYPE = re.compile(rb"<!DOCTYPE\b(?:[^\[>]*)(?:\[.*?\]\s*)?>", re.I | re.S)
_ENTITY_DECL = re.compile(rb"<!ENTITY\b", re.I)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml")


@dataclass(frozen=True)
class FeedEntry:
    """One feed item: canonical link plus the hints a feed gives."""

    url: str
    original_url: str
    published: str | None = None  # ISO 8601 UTC
    title: str | None = None


@dataclass(frozen=True)
class ParsedFeed:
    """What a feed body yielded, with every problem met on the way."""

    entries: tuple[FeedEntry, ...] = ()
    rejected: tuple[str, ...] = ()  # links with a non-http(s) scheme (never fetched)
    problems: tuple[str, ...] = ()
    is_html: bool = False
    alternates: tuple[str, ...] = ()  # feed links found in an HTML page (autodiscovery)
    title: str | None = None


def strip_doctype(body: bytes) -> tuple[bytes, bool]:
    """Remove DOCTYPE (with any internal subset) and stray ENTITY declarations."""
    stripped = _DOCTYPE.sub(b"", body, count=1)
    changed = stripped != body
    if _ENTITY_DECL.search(stripped[:65536]):
        stripped = re.sub(rb"<!ENTITY\b[^>]*>", b"", stripped)
        changed = True
    return stripped, changed


def looks_like_html(body: bytes, content_type: str | None = None) -> bool:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return False
    if content_type and content_type.split(";", 1)[0].strip().lower() == "text/html":
        return True
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def find_feed_links(body: bytes, base_url: str) -> list[str]:
    """Feed URLs announced by an HTML page (``<link rel="alternate" type="application/rss+xml">``)."""
    try:
        doc = lxml.html.fromstring(body[:2_000_000])
    except (etree.ParserError, ValueError):
        return []
    found: list[str] = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in _FEED_TYPES and href:
            url = urljoin(base_url, href[:MAX_LINK])
            if is_fetchable_scheme(url) and url not in found:
                found.append(url)
    return found


def _cap(text: Any, limit: int) -> str | None:
    if not isinstance(text, str):
        return None
    text = " ".join(text[: limit * 2].split())
    return text[:limit] or None


def _iso(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # feedparser maps a missing updated_parsed to published_parsed with a DeprecationWarning:
        # only read keys the entry really has
        if key not in entry.keys():  # noqa: SIM118 - FeedParserDict `in` applies the legacy key mapping
            continue
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC).isoformat()
            except (TypeError, ValueError, OverflowError):
                continue
    return None


def _recover(body: bytes) -> list[tuple[str, str | None, str | None]]:
    """Links of items in a broken feed, read with lxml's recovering parser (entities off)."""
    try:
        body.decode("utf-8")
        encoding: str | None = "utf-8"  # a wrong declaration on UTF-8 bytes is common
    except UnicodeDecodeError:
        encoding = None
    parser = etree.XMLParser(
        recover=True,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        encoding=encoding,
    )
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    found: list[tuple[str, str | None, str | None]] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or etree.QName(el).localname not in ("link", "guid"):
            continue
        href = el.get("href") or (el.text or "")
        href = href.strip()
        if not href or not href.lower().startswith(("http://", "https://", "/")):
            continue
        parent = el.getparent()
        title: str | None = None
        when: str | None = None
        if parent is not None:
            for sib in parent:
                if not isinstance(sib.tag, str):
                    continue
                name = etree.QName(sib).localname.lower()
                if name == "title" and title is None:
                    title = (sib.text or "").strip() or None
                elif name in ("pubdate", "published", "updated") and when is None:
                    when = (sib.text or "").strip() or None
        found.append((href, title, when))
    return found[:MAX_ENTRIES]


def _iso_text(value: str | None) -> str | None:
    if not value:
        return None
    parsed = feedparser.datetimes._parse_date(value)
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
    except (TypeError, ValueError, OverflowError):
        return None


def parse_feed(
    body: bytes, base_url: str, *, content_type: str | None = None, max_entries: int = MAX_ENTRIES
) -> ParsedFeed:
    """Entries of an RSS/Atom body; malformed feeds give what can be recovered (problems listed)."""
    problems: list[str] = []
    if len(body) > MAX_FEED_BYTES:
        problems.append(f"feed truncated to {MAX_FEED_BYTES} bytes")
        body = body[:MAX_FEED_BYTES]
    if not body.strip():
        return ParsedFeed(problems=("empty feed body",))
    if looks_like_html(body, content_type):
        alternates = find_feed_links(body, base_url)
        return ParsedFeed(
            problems=(
                "feed URL returned an HTML page"
                + (f"; {len(alternates)} feed link(s) found" if alternates else ""),
            ),
            is_html=True,
            alternates=tuple(alternates),
        )
    body, changed = strip_doctype(body)
    if changed:
        problems.append("DOCTYPE/ENTITY declarations removed (entities are never expanded)")
    headers = {"content-location": base_url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(
        io.BytesIO(body), response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    malformed = exc is not None and type(exc).__name__ != "NonXMLContentType"
    if malformed:
        problems.append(f"malformed feed (recovered what could be): {type(exc).__name__}: {str(exc)[:200]}")
    entries: list[FeedEntry] = []
    rejected: list[str] = []
    seen: set[str] = set()
    for entry in parsed.get("entries", [])[:max_entries]:
        link = entry.get("link")
        if not isinstance(link, str) or not link.strip():
            links = [lk.get("href") for lk in entry.get("links", []) if isinstance(lk, dict)]
            link = next((h for h in links if isinstance(h, str) and h.strip()), None)
        if not link:
            problems.append("entry without a link skipped")
            continue
        link = urljoin(base_url, link.strip()[:MAX_LINK])
        if not is_fetchable_scheme(link):
            problems.append(f"non-http(s) link dropped: {link[:100]}")
            rejected.append(link)
            continue
        canon = canonicalize(link)
        if canon in seen:
            continue
        seen.add(canon)
        entries.append(
            FeedEntry(
                url=canon, original_url=link, published=_iso(entry), title=_cap(entry.get("title"), MAX_TITLE)
            )
        )
    if malformed:
        for link, title, when in _recover(body):
            link = urljoin(base_url, link[:MAX_LINK])
            if not is_fetchable_scheme(link) or canonicalize(link) in seen:
                continue
            seen.add(canonicalize(link))
            entries.append(FeedEntry(canonicalize(link), link, _iso_text(when), _cap(title, MAX_TITLE)))
            problems.append(f"entry recovered by the lenient XML parser: {link[:100]}")
    if len(parsed.get("entries", [])) > max_entries:
        problems.append(f"only the first {max_entries} entries kept")
    if not entries and not rejected and not parsed.get("version"):
        problems.append("not a recognisable RSS/Atom feed")
    feed_title = _cap(parsed.get("feed", {}).get("title"), MAX_TITLE)
    for problem in problems:
        LOGGER.warning("feed %s: %s", base_url, problem)
    return ParsedFeed(
        entries=tuple(entries), rejected=tuple(rejected), problems=tuple(problems), title=feed_title
    )
