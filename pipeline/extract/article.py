"""Extract: cleaned blocks -> one Article (the JSON contract) with structured fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

from pipeline.core.models import Article, Block, Cleaned, Document, PageMeta
from pipeline.core.text import content_hash, match_key, stable_id
from pipeline.extract.clean import clean
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


def _entity_texts(blocks: Sequence[Block], body_index: dict[int, int]) -> list[tuple[int, int | None, str]]:
    """(block position, body index, text) of every block whose text names things.

    Entities are counted across the whole article (body, lead, captions with their credits,
    pull quotes, related teasers); dates, quantities and quotes come from the body only.
    """
    texts: list[tuple[int, int | None, str]] = []
    for b in blocks:
        if b.role in _BODY_ROLES and not b.is_duplicate:
            texts.append((b.position, body_index[b.position], b.text))
        elif b.role in {"lead", "caption", "pull_quote", "related"}:
            text = f"{b.text} ({b.credit})" if b.credit else b.text
            texts.append((b.position, None, text))
    return texts


def _structured_fields(
    body: list[str], published_local_date: str | None, entity_texts: list[tuple[int, int | None, str]]
) -> dict[str, Any]:
    """Entities, mentions, dates mentioned, quantities and quotes, each traceable to its block."""
    from pipeline.core.dates import find_dates
    from pipeline.fields.entities import find_entities
    from pipeline.fields.quantities import find_quantities
    from pipeline.fields.quotes import find_quotes

    paragraphs = [p[3:] if p.startswith("## ") else p for p in body]
    ref: dt.date | None = None
    if published_local_date:
        try:
            ref = dt.date.fromisoformat(published_local_date[:10])
        except ValueError:
            ref = None
    entities, raw_mentions = find_entities([t for _, _, t in entity_texts])
    mentions = []
    for m in raw_mentions:
        position, body_i, _ = entity_texts[m["paragraph"]]
        mentions.append({**m, "paragraph": body_i, "position": position})
    body_mentions = [m for m in mentions if m["paragraph"] is not None]
    dates = [
        {
            "text": d.text,
            "value": d.value,
            "precision": d.precision,
            "alternatives": list(d.alternatives),
            "inferred_year": d.inferred_year,
            "relative": d.relative,
            "paragraph": d.paragraph,
            "start": d.start,
            "end": d.end,
        }
        for d in find_dates(paragraphs, ref)
    ]
    return {
        "entities": tuple(entities),
        "mentions": tuple(mentions),
        "dates_mentioned": tuple(dates),
        "quantities": tuple(find_quantities(paragraphs)),
        "quotes": tuple(find_quotes(paragraphs, body_mentions)),
    }


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


def build_article(
    cleaned: Cleaned,
    *,
    source: str,
    kind: str,
    url: str | None = None,
    input_name: str | None = None,
    fields: bool = True,
) -> Article:
    """Flag repeats, split roles into the JSON fields, compute ids and structured fields."""
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
    related = [{"title": b.text, "url": b.url} for b in blocks if b.role == "related"]
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
    structured = (
        _structured_fields(body, meta.published_local_date, _entity_texts(blocks, body_index))
        if fields and body
        else {}
    )
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
        **structured,
    )


def extract_document(
    doc: Document,
    *,
    source_name: str | None = None,
    profile: str | None = None,
    timezone: str | None = None,
    fields: bool = True,
) -> Article:
    """Clean a decoded document and build its Article."""
    cleaned = clean(doc, profile=profile, timezone=timezone)
    return build_article(
        cleaned,
        source=source_name or doc.source,
        kind=doc.kind,
        url=doc.url,
        input_name=doc.path or doc.url,
        fields=fields,
    )
