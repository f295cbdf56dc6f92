"""Names around titles inside a name: a place named after a titled person ("جامع الشيخ عبد الله
الأغا", "قرية طيبة الشيخ عبد الباقي") and السيد/الحاج as a father's name ("محمود السيد عبد الفتاح")."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.text import fold_arabic
from pipeline.fields.gazetteer.match import _covered, _Match
from pipeline.fields.givenruns import NAMED_AFTER, _named_after
from pipeline.fields.words import FIRST_NAMES, Token, _raw_offset, clitic_variants

# Titles of the person a mosque or a village is named after ("جامع الشيخ عبد الله الأغا").
SAINT_TITLES = frozenset(fold_arabic(w) for w in ["الشيخ", "الإمام", "السيد", "الحاج", "الشهيد", "الولي"])
VILLAGE_NOUNS = frozenset(fold_arabic(w) for w in ["قرية", "بلدة"])


def _joined_at(text: str, tokens: Sequence[Token], k: int) -> bool:
    return k > 0 and not text[tokens[k - 1].end : tokens[k].start].strip()


def _merged(
    text: str,
    tokens: Sequence[Token],
    out: list[_Match],
    drop: list[_Match],
    etype: str,
    first: int,
    last: int,
    start: int,
) -> list[_Match]:
    """The matches without those in `drop`, with one match of `etype` over tokens first..last instead."""
    end = tokens[last - 1].end
    kept = [x for x in out if all(x is not d for d in drop)]
    kept.append(_Match.unlisted(text[start:end], etype, first, last, start, end))
    return sorted(kept, key=lambda x: x.start)


def named_after_saints(text: str, tokens: Sequence[Token], matches: Sequence[_Match]) -> list[_Match]:
    """A person after a title after a facility noun or a village's first word is part of a place's
    name ("جامع الشيخ عبد الله الأغا", "قرية طيبة الشيخ عبد الباقي"), no mention of the person."""
    out = sorted(matches, key=lambda m: m.start)
    for m in [m for m in out if m.etype == "person"]:
        t = m.first - 1
        if t < 1 or tokens[t].fold not in SAINT_TITLES or not _joined_at(text, tokens, m.first):
            continue
        if not _joined_at(text, tokens, t) or _covered(out, t) is not None:
            continue
        village = _covered(out, t - 1)
        if _named_after(tokens, t) and village is None:
            first = t - 1
            stripped = next((s for v, s in clitic_variants(tokens[first].fold) if v in NAMED_AFTER), 0)
            start = tokens[first].start + _raw_offset(tokens[first].raw, stripped)
            drop = [m]
        elif (
            village is not None
            and village.etype == "place"
            and village.last == t
            and village.first > 0
            and any(v in VILLAGE_NOUNS for v, _ in clitic_variants(tokens[village.first - 1].fold))
        ):
            first, start, drop = village.first, village.start, [m, village]
        else:
            continue
        out = _merged(text, tokens, out, drop, "place", first, m.last, start)
    return out


INNER_HONORIFICS = frozenset(fold_arabic(w) for w in ["السيد", "الحاج"])


def inner_honorific_names(text: str, tokens: Sequence[Token], matches: Sequence[_Match]) -> list[_Match]:
    """السيد or الحاج between a given name and a name is a father's or grandfather's name, inside one
    name ("محمود السيد عبد الفتاح", "خليل الحاج توفيق"), no honorific of a second person."""
    out = sorted(matches, key=lambda m: m.start)
    for m in [m for m in out if m.etype == "person" and m.entry is None]:
        t = m.first - 1
        if t < 1 or not _joined_at(text, tokens, m.first) or not _joined_at(text, tokens, t):
            continue
        if tokens[t].fold not in INNER_HONORIFICS:
            continue
        before = _covered(out, t) or _covered(out, t - 1)
        if (
            before is not None
            and before.etype == "person"
            and before.entry is None
            and before.last in (t, t + 1)
        ):
            first, start = before.first, before.start
            drop = [m, before]
        elif before is None and tokens[t - 1].fold in FIRST_NAMES:
            first, start, drop = t - 1, tokens[t - 1].start, [m]
        else:
            continue
        out = _merged(text, tokens, out, drop, "person", first, m.last, start)
    return out
