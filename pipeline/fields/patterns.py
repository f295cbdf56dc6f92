"""Entities found by pattern: people after a title or before an apposition, media after صحيفة/وكالة/قناة."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.fields.gazetteer.match import _index, _Match, _nisba_entry
from pipeline.fields.words import (
    APPOSITION_HEADS,
    MAX_NAME_TOKENS,
    MEDIA_CUES,
    NAME_PARTICLES,
    STOP_WORDS,
    TITLE_WORDS,
    WAW_NAMES,
    Token,
    _is_one_of,
    slug,
)


def _name_token_ok(tok: Token, prev: Token | None) -> bool:
    """Could `tok` be part of a person/media name (after `prev`, the name token before it)?

    An "ال" word is allowed after a name particle (عبد الله) or as a family name after a first
    name (محمد الحسيني), but not when it is a country adjective (الإيراني) or a stop word.
    """
    fold = tok.fold
    if fold in STOP_WORDS or not any(c.isalpha() for c in fold) or tok.raw == "على":
        return False
    if fold.startswith(("لل", "بال", "وال", "كال", "فال", "بالا")):
        return False  # a preposition + article: "للسماح", "بالأمس"
    if prev is not None and fold.startswith("فا") and len(fold) > 3 and fold[1:] not in NAME_PARTICLES:
        return False  # "فأعرب", "فإن" after a name
    if fold.startswith("ال"):
        if prev is None:
            return False
        if prev.fold not in NAME_PARTICLES and (
            prev.fold.startswith("ال") or _nisba_entry(fold[2:], _index().nisba) is not None
        ):
            return False
    return not (fold[0] == "و" and fold not in WAW_NAMES and len(fold) > 2)


def _covered(found: Sequence[_Match], k: int) -> _Match | None:
    for m in found:
        if m.first <= k < m.last:
            return m
    return None


def _forward_name(text: str, tokens: Sequence[Token], k: int, found: Sequence[_Match]) -> int:
    """Number of name tokens starting at k (0 when there is no name there)."""
    count = 0
    while count < MAX_NAME_TOKENS and k + count < len(tokens):
        j = k + count
        if _covered(found, j) is not None:
            break
        if count and text[tokens[j - 1].end : tokens[j].start].strip():
            break
        if not _name_token_ok(tokens[j], tokens[j - 1] if count else None):
            break
        count += 1
    return count


def _pattern_person(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """Persons introduced by a title/role, or named before an apposition ("X Y، نائب وزير ...")."""
    out: list[_Match] = []
    taken: set[int] = set()

    def add(first: int, last: int) -> None:
        if any(k in taken for k in range(first, last)):
            return
        surface = text[tokens[first].start : tokens[last - 1].end]
        out.append(
            _Match(
                None,
                surface,
                "person",
                "nf:" + slug(surface),
                first,
                last,
                tokens[first].start,
                tokens[last - 1].end,
                "pattern",
            )
        )
        taken.update(range(first, last))

    for i, tok in enumerate(tokens):
        if _is_one_of(tok.fold, TITLE_WORDS) and _covered(found, i) is None:
            k = i + 1
            skipped = 0
            # Complements of the title: "وزير الخارجية الإيراني", "المتحدث باسم الجيش", a country or org.
            while k < len(tokens) and skipped < 4 and not text[tokens[k - 1].end : tokens[k].start].strip():
                covered = _covered(found, k)
                fold = tokens[k].fold
                construct = (
                    k == i + 1
                    and not tok.fold.startswith("ال")
                    and k + 1 < len(tokens)
                    and tokens[k + 1].fold.startswith("ال")
                    and not fold.startswith("ال")
                    and covered is None
                )
                if covered is not None and covered.etype in ("place", "organization"):
                    k = covered.last
                elif construct:
                    k += 1  # idafa complement: "رئيس مجلس النواب", "قائد قوات ..."
                elif fold.startswith("ال") or fold in ("باسم", "لشوون", "شوون") or fold in TITLE_WORDS:
                    k += 1
                else:
                    break
                skipped += 1
            if k < len(tokens) and not text[tokens[k - 1].end : tokens[k].start].strip():
                count = _forward_name(text, tokens, k, found)
                after = k + count
                if count >= 2 or (
                    count == 1
                    and (
                        after >= len(tokens)
                        or text[tokens[after - 1].end : tokens[after].start].strip()
                        or tokens[after].fold in STOP_WORDS
                        or tokens[after].raw == "على"
                    )
                ):
                    add(k, k + count)
        if _is_one_of(tok.fold, APPOSITION_HEADS) and i >= 2:
            gap = text[tokens[i - 1].end : tok.start]
            if gap.strip() not in ("،", ","):
                continue
            first = i
            while first > 0 and i - first < MAX_NAME_TOKENS:
                prev = tokens[first - 1]
                if _covered(found, first - 1) is not None or (
                    first < i and text[prev.end : tokens[first].start].strip()
                ):
                    break
                before = tokens[first - 2] if first >= 2 else None
                if not _name_token_ok(prev, before):
                    break
                first -= 1
            if i - first >= 2:
                add(first, i)
    return out


_QUOTED = re.compile(r"\s*[\"“«]([^\"”»]{2,60})[\"”»]")


def _pattern_media(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """Media named after صحيفة/وكالة/قناة..., quoted ("صحيفة "نيويورك تايمز"") or not."""
    out: list[_Match] = []
    for i, tok in enumerate(tokens):
        if not _is_one_of(tok.fold, MEDIA_CUES):
            continue
        if i + 1 < len(tokens) and _covered(found, i + 1) is not None:
            continue
        quoted = _QUOTED.match(text, tok.end)
        if quoted:
            name = quoted.group(1).strip()
            if name and _covered_span(found, quoted.start(1)) is None:
                out.append(
                    _Match(
                        None,
                        name,
                        "media",
                        "nf:" + slug(name),
                        i + 1,
                        i + 1,
                        quoted.start(1),
                        quoted.end(1),
                        "pattern",
                    )
                )
            continue
        if i + 1 >= len(tokens) or text[tok.end : tokens[i + 1].start].strip():
            continue
        count = _forward_name(text, tokens, i + 1, found)
        if count:
            last = i + 1 + count
            name = text[tokens[i + 1].start : tokens[last - 1].end]
            out.append(
                _Match(
                    None,
                    name,
                    "media",
                    "nf:" + slug(name),
                    i + 1,
                    last,
                    tokens[i + 1].start,
                    tokens[last - 1].end,
                    "pattern",
                )
            )
    return out


def _covered_span(found: Sequence[_Match], offset: int) -> _Match | None:
    for m in found:
        if m.start <= offset < m.end:
            return m
    return None
