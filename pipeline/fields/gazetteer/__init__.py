"""Curated gazetteer of places, organisations, people and media, shipped as TSV data files."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from importlib import resources

LOGGER = logging.getLogger(__name__)

FILES = ("countries.tsv", "places.tsv", "organizations.tsv", "people.tsv", "media.tsv")
TYPES = frozenset({"person", "organization", "place", "media"})
COLUMNS = 6


@dataclass(frozen=True)
class Entry:
    """One gazetteer entity: id (Wikidata Q-id or "nf:<slug>"), type, canonical name and aliases.

    An alias written with a leading "?" in the TSV is a common word too; it is kept in
    `context_aliases` and matched only in context (after a title, beside another entity, or when
    the entity is named in full in the same article). A name written "name@FROM:UNTIL" (ISO dates,
    either side may be empty) is that entity's name only for articles published in that range:
    "جبهة النصرة@2017-01-28:" is not a name of هيئة تحرير الشام in a 2013 article.
    """

    id: str
    type: str
    canonical: str
    aliases: tuple[str, ...]
    context_aliases: tuple[str, ...]
    country: str
    subtype: str
    source: str
    ranges: tuple[tuple[str, str, str], ...] = ()  # (name, from, until), "" for an open side

    def valid(self, name: str, day: str | None) -> bool:
        """True when `name` names this entity in an article of ISO date `day` (any date when None)."""
        if day is None:
            return True
        for alias, since, until in self.ranges:
            if alias == name and ((since and day < since) or (until and day > until)):
                return False
        return True


def _split_range(name: str) -> tuple[str, tuple[str, str] | None]:
    if "@" not in name:
        return name, None
    bare, _, span = name.partition("@")
    since, _, until = span.partition(":")
    return bare.strip(), (since.strip(), until.strip())


def parse_line(line: str, source: str) -> Entry | None:
    """One TSV line to an Entry (None for comments and blank lines); ValueError when malformed."""
    if not line.strip() or line.startswith("#"):
        return None
    cols = line.rstrip("\n").split("\t")
    if len(cols) != COLUMNS:
        raise ValueError(f"{source}: expected {COLUMNS} columns, got {len(cols)}: {line!r}")
    ident, etype, canonical, aliases, country, subtype = (c.strip() for c in cols)
    if etype not in TYPES:
        raise ValueError(f"{source}: unknown type {etype!r} in {line!r}")
    if not ident or not canonical:
        raise ValueError(f"{source}: id and canonical name are required: {line!r}")
    plain: list[str] = []
    context: list[str] = []
    ranges: list[tuple[str, str, str]] = []
    canonical, span = _split_range(canonical)
    if span:
        ranges.append((canonical, *span))
    for alias in (a.strip() for a in aliases.split("|")):
        alias, span = _split_range(alias)
        bare = alias[1:].strip() if alias.startswith("?") else alias
        if span and bare:
            ranges.append((bare, *span))
        if alias.startswith("?"):
            context.append(bare)
        elif alias:
            plain.append(alias)
    return Entry(
        ident, etype, canonical, tuple(plain), tuple(context), country, subtype, source, tuple(ranges)
    )


@functools.lru_cache(maxsize=1)
def load_entries() -> tuple[Entry, ...]:
    """All gazetteer entries, read once per process (immutable)."""
    entries: list[Entry] = []
    package = resources.files(__name__)
    for name in FILES:
        text = package.joinpath(name).read_text(encoding="utf-8")
        for line in text.splitlines():
            entry = parse_line(line, name)
            if entry is not None:
                entries.append(entry)
    LOGGER.debug("gazetteer: %d entries", len(entries))
    return tuple(entries)
