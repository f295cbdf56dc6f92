"""Typed records passed between the pipeline stages (plain frozen dataclasses)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# Block roles (see docs: DESIGN.md, "clean").
ROLES = (
    "title",
    "lead",
    "paragraph",
    "heading",
    "caption",
    "pull_quote",
    "related",
    "byline",
    "boilerplate",
)


def header_value(headers: Iterable[tuple[str, str]], name: str) -> str | None:
    """The first value of a header in (name, value) pairs, matched case-insensitively."""
    lname = name.lower()
    for key, value in headers:
        if key.lower() == lname:
            return value
    return None


@dataclass(frozen=True)
class Candidate:
    """One thing to ingest: a URL to fetch or a local file to read."""

    source: str
    url: str | None = None  # canonical URL when known
    path: str | None = None  # local file (HTML, text dump, JSONL, WARC)
    original_url: str | None = None  # URL as discovered, before canonicalisation
    origin: str = "file"  # file | url | feed | sitemap | warc | dump
    published_hint: str | None = None  # from a feed/sitemap, ISO 8601
    title_hint: str | None = None


@dataclass(frozen=True)
class FetchRecord:
    """One request attempt and its outcome (one row of the ``fetches`` table)."""

    url: str
    outcome: str
    source: str = ""
    final_url: str | None = None
    original_url: str | None = None
    status_code: int | None = None
    bytes: int = 0
    content_type: str | None = None
    charset: str | None = None
    elapsed_ms: int = 0
    warc_file: str | None = None
    warc_offset: int | None = None
    error: str | None = None
    fetched_at: str | None = None  # ISO 8601 UTC
    run_id: str | None = None
    attempt: int = 1
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None


@dataclass(frozen=True)
class Capture:
    """Raw bytes received for one input, with the headers that came with them."""

    source: str
    body: bytes
    url: str | None = None
    final_url: str | None = None
    path: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    kind: str = "html"  # html | text
    fetch: FetchRecord | None = None

    def header(self, name: str) -> str | None:
        return header_value(self.headers, name)


@dataclass(frozen=True)
class Document:
    """Decoded text of one input plus what was learnt while decoding it."""

    source: str
    kind: str  # html | text
    text: str
    url: str | None = None
    path: str | None = None
    charset: str | None = None
    charset_source: str | None = None  # bom | header | meta | detected | default
    replacements: int = 0  # U+FFFD introduced while decoding


@dataclass(frozen=True)
class Block:
    """One block of an article with its role.

    ``position`` is the block's index in document order; ``duplicate_of`` holds
    the positions of the blocks this one repeats (empty when it is original).
    """

    role: str
    text: str
    position: int
    credit: str | None = None
    url: str | None = None
    duplicate_of: tuple[int, ...] = ()
    dup_reason: str | None = None

    @property
    def is_duplicate(self) -> bool:
        return bool(self.duplicate_of)

    def with_(self, **changes: Any) -> Block:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class PageMeta:
    """Article-level metadata found in a page (all optional: NULL, never guessed)."""

    title: str | None = None
    canonical_url: str | None = None
    published: str | None = None  # ISO 8601 with offset, or a bare date
    published_local_date: str | None = None  # YYYY-MM-DD as a reader saw it
    modified: str | None = None
    authors: tuple[str, ...] = ()
    section: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None
    description: str | None = None
    images: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Cleaned:
    """Output of the clean stage: ordered blocks with roles plus page metadata."""

    blocks: tuple[Block, ...]
    meta: PageMeta = field(default_factory=PageMeta)


@dataclass(frozen=True)
class Article:
    """One extracted article: the JSON contract of DESIGN.md plus ids and blocks."""

    article_id: str
    content_hash: str
    source: str
    url: str | None
    canonical_url: str | None
    language: str | None
    title: str | None
    published: str | None
    published_local_date: str | None
    modified: str | None
    authors: tuple[str, ...]
    section: str | None
    tags: tuple[str, ...]
    lead: str | None
    body: tuple[str, ...]
    captions: tuple[dict[str, Any], ...]
    pull_quotes: tuple[str, ...]
    related: tuple[dict[str, Any], ...]
    duplicates: tuple[dict[str, Any], ...]
    blocks: tuple[Block, ...]
    input: str | None = None
    text_issues: tuple[dict[str, Any], ...] = ()
    entities: tuple[dict[str, Any], ...] = ()
    mentions: tuple[dict[str, Any], ...] = ()
    dates_mentioned: tuple[dict[str, Any], ...] = ()
    quantities: tuple[dict[str, Any], ...] = ()
    quotes: tuple[dict[str, Any], ...] = ()
    images: tuple[dict[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The article JSON of DESIGN.md (``newsflow extract --format json``)."""
        return {
            "url": self.url,
            "canonical_url": self.canonical_url,
            "source": self.source,
            "language": self.language,
            "title": self.title,
            "published": self.published,
            "published_local_date": self.published_local_date,
            "modified": self.modified,
            "authors": list(self.authors),
            "section": self.section,
            "tags": list(self.tags),
            "lead": self.lead,
            "body": list(self.body),
            "captions": [dict(c) for c in self.captions],
            "pull_quotes": list(self.pull_quotes),
            "related": [dict(r) for r in self.related],
            "duplicates": [dict(d) for d in self.duplicates],
            "text_issues": [dict(t) for t in self.text_issues],
            "entities": [dict(e) for e in self.entities],
            "dates_mentioned": [dict(d) for d in self.dates_mentioned],
            "quantities": [dict(q) for q in self.quantities],
            "quotes": [dict(q) for q in self.quotes],
            "article_id": self.article_id,
        }


class InputError(Exception):
    """Bad input: names the input and the problem; recorded, never fatal for a run."""

    def __init__(self, where: str, problem: str, outcome: str = "bad_input") -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem
        self.outcome = outcome
