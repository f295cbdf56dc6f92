"""Structured fields added to an assembled Article: entities and mentions, dates mentioned, quantities, quotes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from pipeline.core.models import Article, Block
from pipeline.fields.dates_mentioned import find_dates
from pipeline.fields.entities import find_entities
from pipeline.fields.quantities import find_quantities
from pipeline.fields.quotes import find_quotes

_BODY_ROLES = {"paragraph", "heading"}


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


def add_fields(article: Article) -> Article:
    """The article with its structured fields, each traceable to its block (none without a body)."""
    if not article.body:
        return article
    body_index: dict[int, int] = {}
    for block in article.blocks:
        if block.role in _BODY_ROLES and not block.is_duplicate:
            body_index[block.position] = len(body_index)
    structured = _structured_fields(
        list(article.body), article.published_local_date, _entity_texts(article.blocks, body_index)
    )
    return dataclasses.replace(article, **structured)
