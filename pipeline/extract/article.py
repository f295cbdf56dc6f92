"""Article assembly: cleaned blocks -> one Article (the JSON contract) with repeats flagged and ids."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import Any
from urllib.parse import urljoin, urlsplit

from pipeline.core.models import Article, Block, Cleaned, PageMeta
from pipeline.core.text import content_hash, match_key, stable_id
from pipeline.extract.dedupe import doubled_words, flag_repeats
from pipeline.extract.html.language import detect_language

LOGGER = logging.getLogger(__name__)

_BODY_ROLES = {"paragraph", "heading"}


def _text_dump_roles(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """In a plain-text dump a body line that repeats another body line is a pull quote."""
    return tuple(
        b.with_(role="pull_quote") if b.role == "paragraph" and b.dup_reason == "contained" else b
        for b in blocks
    )


def _instant(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def check_dates(meta: PageMeta, now: dt.datetime | None = None) -> tuple[PageMeta, list[dict[str, Any]]]:
    """Reject impossible publication dates with a recorded reason (never silently kept).

    A publication date more than a day in the future is dropped; a modification time before
    the publication time is dropped (pages often stamp a stale or template value).
    """
    now = now or dt.datetime.now(dt.UTC)
    issues: list[dict[str, Any]] = []
    published = _instant(meta.published)
    if published is not None and published > now + dt.timedelta(days=1):
        issues.append(
            {
                "kind": "rejected_date",
                "field": "published",
                "text": meta.published,
                "reason": "publication date in the future",
            }
        )
        meta = dataclasses.replace(meta, published=None, published_local_date=None)
        published = None
    modified = _instant(meta.modified)
    if modified is not None and published is not None and modified < published:
        issues.append(
            {
                "kind": "rejected_date",
                "field": "modified",
                "text": meta.modified,
                "reason": "modified before published",
            }
        )
        meta = dataclasses.replace(meta, modified=None)
    elif modified is not None and modified > now + dt.timedelta(days=1):
        issues.append(
            {
                "kind": "rejected_date",
                "field": "modified",
                "text": meta.modified,
                "reason": "modification date in the future",
            }
        )
        meta = dataclasses.replace(meta, modified=None)
    return meta, issues


def assemble_article(
    cleaned: Cleaned,
    *,
    source: str,
    kind: str,
    url: str | None = None,
    input_name: str | None = None,
) -> Article:
    """Flag repeats, split roles into the JSON fields, compute ids (structured fields: pipeline.fields)."""
    blocks = flag_repeats(cleaned.blocks)
    if kind == "text":
        blocks = _text_dump_roles(blocks)
    meta, date_issues = check_dates(cleaned.meta)

    body: list[str] = []
    body_index: dict[int, int] = {}
    for block in blocks:
        if block.role in _BODY_ROLES and not block.is_duplicate:
            body_index[block.position] = len(body)
            body.append(f"## {block.text}" if block.role == "heading" else block.text)

    lead_block = next((b for b in blocks if b.role == "lead"), None)
    captions: list[dict[str, Any]] = []
    seen_captions: set[str] = set()
    for b in blocks:
        if b.role == "caption" and match_key(b.text) not in seen_captions:
            seen_captions.add(match_key(b.text))
            captions.append({"text": b.text, "credit": b.credit})
    pull_quotes = [b.text for b in blocks if b.role == "pull_quote"]
    base = meta.canonical_url or url  # related links given relative are resolved against the page
    base = base if base and urlsplit(base).scheme else None
    related = [
        {"title": b.text, "url": urljoin(base, b.url) if base and b.url else b.url}
        for b in blocks
        if b.role == "related"
    ]
    duplicates = [
        {
            "role": b.role,
            "text": b.text,
            "duplicate_of": [body_index[p] for p in b.duplicate_of if p in body_index],
            "duplicate_of_blocks": list(b.duplicate_of),
            "reason": b.dup_reason,
        }
        for b in blocks
        if b.is_duplicate
    ]
    issues: list[dict[str, Any]] = list(date_issues)
    for i, para in enumerate(body):
        issues.extend(doubled_words(para, i))

    canonical = meta.canonical_url or url
    chash = content_hash([meta.title or "", lead_block.text if lead_block else "", *body])
    article_id = stable_id("url", canonical) if canonical else stable_id("content", chash)
    language = meta.language or detect_language(" ".join(body or [b.text for b in blocks]))
    return Article(
        article_id=article_id,
        content_hash=chash,
        source=source,
        url=url,
        canonical_url=canonical,
        language=language,
        title=meta.title,
        published=meta.published,
        published_local_date=meta.published_local_date,
        modified=meta.modified,
        authors=tuple(meta.authors),
        section=meta.section,
        tags=tuple(meta.tags),
        lead=lead_block.text if lead_block else None,
        body=tuple(body),
        captions=tuple(captions),
        pull_quotes=tuple(pull_quotes),
        related=tuple(related),
        duplicates=tuple(duplicates),
        blocks=blocks,
        input=input_name,
        text_issues=tuple(issues),
        images=tuple(meta.images),
    )
