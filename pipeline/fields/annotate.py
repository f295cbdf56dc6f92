"""Structured fields added to an assembled Article: entities and mentions, dates mentioned, quantities, quotes.

Every mention, date, quantity and quote carries the `role` of the block it came from and whether
that block repeats another (`is_duplicate`). Entities are looked for in every text block (body,
lead, captions without their credits, pull quotes, related teasers); an entity's `mentions` count
the non-duplicate body only, as the analytics queries do by default, and `other_mentions` counts
the rest by role ("lead (repeat)": in a lead repeating the body). Dates, quantities and quotes
come from the non-duplicate body.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from pipeline.core.models import Article, Block
from pipeline.fields.dates_mentioned import find_dates
from pipeline.fields.entities import find_entities
from pipeline.fields.quantities import find_quantities
from pipeline.fields.quotes import find_quotes

BODY_ROLES = frozenset({"paragraph", "heading"})
TEXT_ROLES = frozenset({"paragraph", "heading", "lead", "caption", "pull_quote", "related"})
# A date in a URL path: /2013/08/03/, /2024/5/13/, /2013/middle_east/8/3/ (year, then month and day).
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(?:[a-z_-]+/)?(\d{1,2})/(\d{1,2})(?:/|$)")


class _Text(NamedTuple):
    position: int
    body_index: int | None
    role: str
    is_duplicate: bool
    text: str


def _texts(blocks: Sequence[Block], body_index: dict[int, int]) -> list[_Text]:
    """Every block whose text names things, with its role (a caption's credit is left out)."""
    return [
        _Text(b.position, body_index.get(b.position), b.role, b.is_duplicate, b.text)
        for b in blocks
        if b.role in TEXT_ROLES and b.text
    ]


def url_date(url: str | None) -> dt.date | None:
    """The publication date written in an article URL's path, if any."""
    if not url:
        return None
    match = _URL_DATE.search(urlsplit(url).path)
    if match is None:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def reference_date(published_local_date: str | None, canonical_url: str | None) -> dt.date | None:
    """The date relative expressions are resolved against: the local publication date, else the URL's.

    A publication date on 1 January of the year the URL's full date is in is a year-only reading
    ("/2013/middle_east/8/3/" read as 2013): the URL's day is the better reference.
    """
    in_url = url_date(canonical_url)
    if published_local_date:
        try:
            published = dt.date.fromisoformat(published_local_date[:10])
        except ValueError:
            return in_url
        if in_url is not None and published == dt.date(in_url.year, 1, 1):
            return in_url
        return published
    return in_url


def _structured_fields(body: list[str], ref: dt.date | None, texts: list[_Text]) -> dict[str, Any]:
    """Entities, mentions, dates mentioned, quantities and quotes, each traceable to its block."""
    paragraphs = [p[3:] if p.startswith("## ") else p for p in body]
    body_roles = ["heading" if p.startswith("## ") else "paragraph" for p in body]
    counted = [t.body_index is not None and not t.is_duplicate for t in texts]
    entities, raw_mentions = find_entities(
        [t.text for t in texts], day=ref.isoformat() if ref else None, counted=counted
    )
    mentions = []
    for m in raw_mentions:
        t = texts[m["paragraph"]]
        mentions.append(
            {
                **m,
                "paragraph": t.body_index,
                "position": t.position,
                "role": t.role,
                "is_duplicate": t.is_duplicate,
            }
        )
    body_mentions = [m for m in mentions if m["paragraph"] is not None]
    elsewhere: dict[str, dict[str, int]] = {}
    for m in mentions:
        if m["paragraph"] is None:
            by_role = elsewhere.setdefault(m["entity_id"], {})
            key = f"{m['role']} (repeat)" if m["is_duplicate"] else m["role"]
            by_role[key] = by_role.get(key, 0) + 1
    entities = [{**e, "other_mentions": elsewhere[e["id"]]} if e["id"] in elsewhere else e for e in entities]

    def tagged(item: dict[str, Any]) -> dict[str, Any]:
        return {**item, "role": body_roles[item["paragraph"]], "is_duplicate": False}

    dates = [
        tagged(
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
        )
        for d in find_dates(paragraphs, ref)
    ]
    return {
        "entities": tuple(entities),
        "mentions": tuple(mentions),
        "dates_mentioned": tuple(dates),
        "quantities": tuple(tagged(q) for q in find_quantities(paragraphs)),
        "quotes": tuple(tagged(q) for q in find_quotes(paragraphs, body_mentions)),
    }


def _absolute_related(article: Article) -> tuple[dict[str, Any], ...]:
    """Related links resolved against the canonical URL when the page gave them relative."""
    base = article.canonical_url or article.url
    if not base or not urlsplit(base).scheme:
        return article.related
    return tuple({**r, "url": urljoin(base, r["url"])} if r.get("url") else r for r in article.related)


def add_fields(article: Article) -> Article:
    """The article with its structured fields, each traceable to its block (none without a body)."""
    article = dataclasses.replace(article, related=_absolute_related(article))
    if not article.body:
        return article
    body_index: dict[int, int] = {}
    for block in article.blocks:
        if block.role in BODY_ROLES and not block.is_duplicate:
            body_index[block.position] = len(body_index)
    ref = reference_date(article.published_local_date, article.canonical_url)
    structured = _structured_fields(list(article.body), ref, _texts(article.blocks, body_index))
    return dataclasses.replace(article, **structured)
