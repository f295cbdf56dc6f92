"""Gazetteer matching over tokens: longest alias first, Arabic clitics, nisba adjectives, عمان (Oman/Amman)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.core.text import fold_arabic
from pipeline.fields.gazetteer import Entry, load_entries
from pipeline.fields.words import (
    CUE_WORDS,
    JORDAN_WORDS,
    Token,
    _is_one_of,
    _joined,
    _raw_offset,
    alias_key,
    clitic_variants,
    slug,
)

OMAN_ID = "Q842"
AMMAN_ID = "Q3805"
SHADDA = "\u0651"
DAMMA = "\u064f"


@dataclass(frozen=True)
class _Alias:
    rest: tuple[str, ...]
    entry: Entry
    context_only: bool
    name: str


@dataclass(frozen=True)
class _Index:
    by_first: dict[str, tuple[_Alias, ...]]
    nisba: dict[str, Entry]
    by_id: dict[str, Entry]


def nisba_forms(name: str) -> set[str]:
    """Folded nisba (relational adjective) stems of a one-word country name: ايران -> ايراني."""
    base = fold_arabic(name)
    bases = {base}
    if base.startswith("ال") and len(base) > 4:
        bases.add(base[2:])
    stems: set[str] = set()
    for b in bases:
        stems.add(b)
        if b.endswith(("يا", "يه")):
            stems.add(b[:-2])
        if b.endswith(("ا", "ه")):
            stems.add(b[:-1])
    return {s + "ي" for s in stems if len(s) >= 2}


NISBA_SUFFIXES = ("", "ه", "ون", "ين", "ان", "تان", "تين", "ات")


_ABD = fold_arabic("عبد")
_ALLAH = fold_arabic("الله")


def _spellings(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A name's word sequence and its other spelling of compound names: "عبد الله" is written
    "عبدالله" (and "نصر الله" "نصرالله", "عبد الرحمن" "عبدالرحمن") by many outlets, and back."""
    joined: list[str] = []
    k = 0
    while k < len(key):
        if k + 1 < len(key) and (key[k] == _ABD or key[k + 1] == _ALLAH):
            joined.append(key[k] + key[k + 1])
            k += 2
        else:
            joined.append(key[k])
            k += 1
    split: list[str] = []
    for word in key:
        if word.startswith(_ABD + "ال") and len(word) > 5:
            split += [_ABD, word[3:]]
        elif word.endswith(_ALLAH) and len(word) > 5 and not word.startswith("ال"):
            split += [word[:-4], _ALLAH]
        else:
            split.append(word)
    return list(dict.fromkeys([key, tuple(joined), tuple(split)]))


@functools.lru_cache(maxsize=1)
def _index() -> _Index:
    """The gazetteer as a first-word index, built once per process (immutable data)."""
    by_first: dict[str, list[_Alias]] = {}
    nisba: dict[str, Entry] = {}
    by_id: dict[str, Entry] = {}
    for entry in load_entries():
        by_id[entry.id] = entry
        names = [(entry.canonical, entry.canonical in entry.context_aliases)]
        names += [(a, False) for a in entry.aliases]
        names += [(a, True) for a in entry.context_aliases]
        seen: set[tuple[str, ...]] = set()
        for name, context_only in names:
            for key in _spellings(alias_key(name)):
                if not key or key in seen:
                    continue
                seen.add(key)
                by_first.setdefault(key[0], []).append(_Alias(key[1:], entry, context_only, name))
        if entry.subtype == "country":
            for name in (entry.canonical, *entry.aliases):
                if len(alias_key(name)) == 1:
                    for form in nisba_forms(name):
                        nisba.setdefault(form, entry)
    frozen = {k: tuple(sorted(v, key=lambda a: -len(a.rest))) for k, v in by_first.items()}
    return _Index(frozen, nisba, by_id)


def _oman_or_amman(text: str, tokens: Sequence[Token], i: int, by_id: dict[str, Entry]) -> tuple[Entry, bool]:
    """Decide plain "عمان": shadda -> Amman, damma -> Oman, Jordan words nearby -> Amman, else Oman.

    The flag is True when nothing here decided (Oman by default): the article may still say Jordan.
    """
    raw = tokens[i].raw
    if SHADDA in raw:
        return by_id[AMMAN_ID], False
    if DAMMA in raw:
        return by_id[OMAN_ID], False
    window = tokens[max(0, i - 8) : i + 9]
    if any(_is_one_of(t.fold, JORDAN_WORDS) for t in window):
        return by_id[AMMAN_ID], False
    return by_id[OMAN_ID], True


@dataclass
class _Match:
    entry: Entry | None
    name: str
    etype: str
    ident: str
    first: int
    last: int  # exclusive token index
    start: int
    end: int
    method: str
    ambiguous: bool = False  # عمان read as Oman for want of a clue: the article may say otherwise

    @classmethod
    def unlisted(
        cls, name: str, etype: str, first: int, last: int, start: int, end: int, method: str = "pattern"
    ) -> _Match:
        """A name found by its shape or context, not in the gazetteer: its id is ``nf:`` + its slug."""
        return cls(None, name, etype, "nf:" + slug(name), first, last, start, end, method)


def _has_context(tokens: Sequence[Token], i: int, text: str, found: Sequence[_Match]) -> bool:
    """A context-only alias is accepted after a cue word or right after another entity (a list)."""
    if i == 0:
        return False
    prev = tokens[i - 1]
    if _is_one_of(prev.fold, CUE_WORDS):
        return True
    return bool(found) and found[-1].last == i and not text[prev.end : tokens[i].start].strip(" ،,")


TOWN_CUES = frozenset(fold_arabic(w) for w in ("بلدة", "قرية", "مدينة", "بلدات", "قرى", "مخيم", "حي"))


def _town_cue_before_country(tokens: Sequence[Token], i: int, entry: Entry) -> bool:
    """ "بلدة ببنين": a town word before a country's name that is also a word names a town, not it."""
    return entry.subtype == "country" and i > 0 and _is_one_of(tokens[i - 1].fold, TOWN_CUES)


def _first_word_variants(word: str) -> tuple[tuple[str, int], ...]:
    """clitic_variants, and a three-letter word read as و/ف + a two-letter first word of a longer
    name (marked -1 letters stripped): "وتل" of "وتل أبيب", "وأم" of "وأم درمان"."""
    variants = clitic_variants(word)
    if len(word) == 3 and word[0] in "وف":
        return (*variants, (word[1:], -1))
    return variants


def _same_entry_length(text: str, tokens: Sequence[Token], k: int, entry: Entry, index: _Index) -> int:
    """Tokens of the longest name of `entry` starting at token k: "الشيخ مشعل الأحمد" matched as a
    titled alias goes on with the full name "مشعل الأحمد الجابر الصباح" one word later."""
    if entry.type != "person" or k >= len(tokens):
        return 0
    best = 0
    for alias in index.by_first.get(tokens[k].fold, ()):
        length = len(alias.rest) + 1
        if alias.entry.id != entry.id or length <= best or k + length > len(tokens):
            continue
        if all(tokens[k + 1 + n].fold == w for n, w in enumerate(alias.rest)) and _joined(
            text, tokens, k, k + length
        ):
            best = length
    return best


def _gazetteer_matches(
    text: str, tokens: Sequence[Token], nisba_as_country: bool, day: str | None = None
) -> tuple[list[_Match], list[_Match]]:
    """Longest gazetteer matches of a paragraph, and the context-only ones still waiting for context.

    `day` (the article's ISO date) drops names that were not the entity's name then. A context-only
    alias without a cue here ("الأسد" alone) is returned as pending: the article-level resolution
    accepts it when the entity is named in full elsewhere in the article.
    """
    index = _index()
    found: list[_Match] = []
    pending: list[_Match] = []
    i = 0
    n = len(tokens)
    while i < n:
        best: tuple[int, int, _Alias] | None = None  # (length, stripped letters, alias)
        ties: list[_Alias] = []
        waiting: tuple[int, int, _Alias] | None = None
        for variant, mark in _first_word_variants(tokens[i].fold):
            stripped = max(mark, 1) if mark < 0 else mark
            for alias in index.by_first.get(variant, ()):
                if mark < 0 and not alias.rest:  # a two-letter first word after و: only a longer name
                    continue
                length = len(alias.rest) + 1
                if i + length > n or (best is not None and length < best[0]):
                    continue
                if any(tokens[i + 1 + k].fold != w for k, w in enumerate(alias.rest)):
                    continue
                if not _joined(text, tokens, i, i + length):
                    continue
                if not alias.entry.valid(alias.name, day):
                    continue
                if alias.context_only and (
                    not _has_context(tokens, i, text, found)
                    or _town_cue_before_country(tokens, i, alias.entry)
                ):
                    if waiting is None:
                        waiting = (length, stripped, alias)
                    continue
                if best is None or length > best[0]:
                    best = (length, stripped, alias)
                    ties = [alias]
                elif length == best[0] and stripped == best[1] and alias.entry.id != best[2].entry.id:
                    ties.append(alias)
        if best is None and waiting is not None:
            length, stripped, alias = waiting
            start = tokens[i].start + _raw_offset(tokens[i].raw, stripped)
            entry = alias.entry
            pending.append(
                _Match(
                    entry,
                    entry.canonical,
                    entry.type,
                    entry.id,
                    i,
                    i + length,
                    start,
                    tokens[i + length - 1].end,
                    "context",
                )
            )
        if best is not None:
            length, stripped, alias = best
            entry = alias.entry
            length = max(length, 1 + _same_entry_length(text, tokens, i + 1, entry, index))
            ambiguous = False
            if {a.entry.id for a in ties} >= {OMAN_ID, AMMAN_ID} or (
                entry.id in (OMAN_ID, AMMAN_ID) and length == 1
            ):
                entry, ambiguous = _oman_or_amman(text, tokens, i, index.by_id)
            start = tokens[i].start + _raw_offset(tokens[i].raw, stripped)
            last = i + length
            found.append(
                _Match(
                    entry,
                    entry.canonical,
                    entry.type,
                    entry.id,
                    i,
                    last,
                    start,
                    tokens[last - 1].end,
                    "gazetteer",
                    ambiguous,
                )
            )
            i = last
            continue
        if nisba_as_country:
            for variant, stripped in clitic_variants(tokens[i].fold):
                bare = variant[2:] if variant.startswith("ال") else variant
                nisba = _nisba_entry(bare, index.nisba)
                if nisba is not None:
                    start = tokens[i].start + _raw_offset(tokens[i].raw, stripped)
                    found.append(
                        _Match(
                            nisba,
                            nisba.canonical,
                            nisba.type,
                            nisba.id,
                            i,
                            i + 1,
                            start,
                            tokens[i].end,
                            "gazetteer",
                        )
                    )
                    break
        i += 1
    return found, pending


def _nisba_entry(word: str, table: dict[str, Entry]) -> Entry | None:
    for suffix in NISBA_SUFFIXES:
        if suffix and not word.endswith(suffix):
            continue
        stem = word[: len(word) - len(suffix)] if suffix else word
        if stem in table:
            return table[stem]
    return None


def _covered(found: Sequence[_Match], k: int) -> _Match | None:
    """The match covering token k, if any."""
    for m in found:
        if m.first <= k < m.last:
            return m
    return None


def _covered_span(found: Sequence[_Match], offset: int) -> _Match | None:
    """The match covering character offset `offset`, if any."""
    for m in found:
        if m.start <= offset < m.end:
            return m
    return None
