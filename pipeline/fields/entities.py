"""Named entities in article text: gazetteer matches, patterns, and resolution over the whole article."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from pipeline.fields.gazetteer.match import _gazetteer_matches, _index
from pipeline.fields.patterns import _pattern_media, _pattern_person
from pipeline.fields.words import Token, clitic_variants, tokenize

__all__ = ["Token", "clitic_variants", "entity_names", "find_entities", "tokenize"]

LOGGER = logging.getLogger(__name__)


def find_entities(
    paragraphs: Sequence[str], *, nisba_as_country: bool = False
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Entities (ordered by first mention) and their mentions over a list of paragraphs.

    Offsets are character offsets into each paragraph as given; a leading clitic (و، ب، ل...) is
    not part of the mention.
    """
    mentions: list[dict[str, Any]] = []
    for p, text in enumerate(paragraphs):
        tokens = tokenize(text)
        found = _gazetteer_matches(text, tokens, nisba_as_country)
        media = _pattern_media(text, tokens, found)
        found_all = sorted(found + media, key=lambda m: m.start)
        people = _pattern_person(text, tokens, found_all)
        for m in sorted(found_all + people, key=lambda m: m.start):
            mentions.append(
                {
                    "entity_id": m.ident,
                    "name": m.name,
                    "type": m.etype,
                    "paragraph": p,
                    "start": m.start,
                    "end": m.end,
                    "surface": text[m.start : m.end],
                    "method": m.method,
                }
            )
    entities: dict[str, dict[str, Any]] = {}
    for mention in mentions:
        ent = entities.get(mention["entity_id"])
        if ent is None:
            entities[mention["entity_id"]] = {
                "name": mention["name"],
                "type": mention["type"],
                "id": mention["entity_id"],
                "mentions": 1,
            }
        else:
            ent["mentions"] += 1
    return list(entities.values()), mentions


def entity_names(entity_id: str) -> tuple[str, ...]:
    """Canonical name and aliases of a gazetteer id (empty for pattern ids)."""
    entry = _index().by_id.get(entity_id)
    if entry is None:
        return ()
    return (entry.canonical, *entry.aliases, *entry.context_aliases)
