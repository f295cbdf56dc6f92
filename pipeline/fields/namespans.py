"""Person and place spans corrected over a paragraph's matches: namesakes, patronyms, family names, regions.

A known person's surname used as another person's first name, a relative sharing the surname, a
father named in a patronym (بن …), a family name after a known person (آل مكتوم), a country's region
(الإمارات الشمالية) and an international body's national society (الصليب الأحمر اللبناني).
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.text import fold_arabic
from pipeline.fields.gazetteer.match import _index, _Match, _nisba_entry
from pipeline.fields.orgs import AL_FIRST_NAMES
from pipeline.fields.words import FIRST_NAMES, STOP_WORDS, Token, alias_key


def _first_named(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """A known person's one-word surname that is a common first name ("صالح", "عباس") followed by a
    family name ("النائب صالح العرموطي") is another person's first name: the match is dropped."""
    out: list[_Match] = []
    for m in found:
        nxt = tokens[m.last] if m.last < len(tokens) else None
        if (
            m.etype == "person"
            and m.entry is not None
            and m.last - m.first == 1
            and tokens[m.first].fold in FIRST_NAMES
            and nxt is not None
            and not text[tokens[m.first].end : nxt.start].strip()
            and nxt.fold.startswith("ال")
            and nxt.fold not in STOP_WORDS
            and not any(o.first <= m.last < o.last for o in found)
            and _nisba_entry(nxt.fold[2:], _index().nisba) is None
        ):
            continue
        out.append(m)
    return out


def _namesakes(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """A gazetteer surname right after another first name is a relative, not the person the
    gazetteer knows: "ماهر الأسد" is not بشار الأسد, "إريك ترامب" is not دونالد ترامب."""
    out: list[_Match] = []
    for m in found:
        if m.etype != "person" or m.entry is None or m.last - m.first != 1 or m.first == 0:
            out.append(m)
            continue
        canonical = alias_key(m.entry.canonical)
        prev = tokens[m.first - 1]
        if (
            len(canonical) < 2
            or tokens[m.first].fold != canonical[-1]
            or prev.fold not in FIRST_NAMES
            or prev.fold == canonical[0]
            or text[prev.end : tokens[m.first].start].strip()
            or any(o.first <= m.first - 1 < o.last for o in found)
            or (m.first >= 2 and tokens[m.first - 2].fold in PATRONYM_WORDS)  # "بدر بن حمد البوسعيدي"
        ):
            out.append(m)
            continue
        surface = text[prev.start : m.end]
        out.append(_Match.unlisted(surface, "person", m.first - 1, m.last, prev.start, m.end))
    return out


PATRONYM_WORDS = frozenset(fold_arabic(w) for w in ("بن", "ابن", "بنت"))
# Ordinals and common adjectives ending like a nisba after a known name ("عبد الله الثاني").
NOT_FAMILY_NISBAS = frozenset(
    fold_arabic(w) for w in ("الثاني", "الحالي", "الماضي", "السابق", "الراحل", "التالي", "الحقيقي")
)
MIN_FAMILY_NISBA = 5


def longer_namesakes(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """A known person's full name followed by a family nisba names someone else named after him:
    "جمال عبد الناصر العمري" is not جمال عبد الناصر (a country's adjective, "السوري", is no family)."""
    out: list[_Match] = []
    for m in found:
        k = m.last
        nxt = tokens[k].fold if k < len(tokens) else ""
        if (
            m.etype == "person"
            and m.entry is not None
            and m.last - m.first >= 2
            and nxt.startswith("ال")
            and nxt.endswith("ي")
            and len(nxt) >= MIN_FAMILY_NISBA
            and nxt not in NOT_FAMILY_NISBAS
            and not text[tokens[k - 1].end : tokens[k].start].strip()
            and _nisba_entry(nxt[2:], _index().nisba) is None
            and not any(o.first <= k < o.last for o in found)
        ):
            end = tokens[k].end
            out.append(_Match.unlisted(text[m.start : end], "person", m.first, k + 1, m.start, end))
            continue
        out.append(m)
    return out


def _known_full_names(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """A known person's surname matched alone after the rest of the name ("بدر بن حمد البوسعيدي" with
    البوسعيدي known as بدر البوسعيدي): one mention of the known person from the first name."""
    out = list(found)
    for m in found:
        if m.etype != "person" or m.entry is None or m.last - m.first != 1 or m not in out:
            continue
        first_word = alias_key(m.entry.canonical)[0]
        for start in range(m.first - 1, max(-1, m.first - 5), -1):
            if text[tokens[start].end : tokens[start + 1].start].strip():
                break
            if tokens[start].fold != first_word:
                continue
            inside = [o for o in out if o is not m and start <= o.first and o.last <= m.first]
            if any(o.etype != "person" or o.entry is not None for o in inside):
                break
            out = [o for o in out if o not in inside]
            m.first, m.start = start, tokens[start].start
            break
    return sorted(out, key=lambda o: o.start)


def _patronyms(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """A known person after "بن/بنت" is a father named in a patronym: "الحسين بن عبدالله الثاني"
    is the crown prince, not the king; the whole name (with the name before بن) is one person."""
    out = list(found)
    for m in found:
        if m.etype != "person" or m.entry is None or m.first < 2 or m not in out:
            continue
        ben = m.first - 1
        if tokens[ben].fold not in PATRONYM_WORDS or text[tokens[ben].end : tokens[m.first].start].strip():
            continue
        if text[tokens[ben - 1].end : tokens[ben].start].strip():
            continue
        before = next((o for o in out if o.first <= ben - 1 < o.last and o is not m), None)
        if before is not None and (before.etype != "person" or before.entry is not None):
            continue
        first = before.first if before is not None else ben - 1
        if before is None and (
            tokens[first].fold not in FIRST_NAMES and tokens[first].fold not in AL_FIRST_NAMES
        ):
            continue
        surface = text[tokens[first].start : m.end]
        start = before.start if before is not None else tokens[first].start
        out = [o for o in out if o is not m and o is not before]
        out.append(_Match.unlisted(surface, "person", first, m.last, start, m.end))
    return _known_full_names(text, tokens, _family_tails(text, tokens, sorted(out, key=lambda o: o.start)))


FAMILY = fold_arabic("آل")


def _family_tails(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """ "الشيخ محمد بن راشد آل مكتوم": the family name after a person is part of their name."""
    out: list[_Match] = []
    skip: set[int] = set()
    for n, m in enumerate(found):
        if n in skip:
            continue
        k = m.last
        if (
            m.etype == "person"
            and k + 1 < len(tokens)
            and tokens[k].fold == FAMILY
            and not text[tokens[k - 1].end : tokens[k].start].strip()
            and not text[tokens[k].end : tokens[k + 1].start].strip()
        ):
            tail = next((j for j, o in enumerate(found) if o.first == k and o.etype == "person"), None)
            if tail is None and any(o.first <= k + 1 < o.last for o in found):
                out.append(m)
                continue
            last = found[tail].last if tail is not None and found[tail].entry is None else k + 2
            if tail is not None:
                skip.add(tail)
            m.last, m.end = last, tokens[last - 1].end
        while (
            m.etype == "person"
            and m.entry is not None
            and m.last + 1 < len(tokens)
            and tokens[m.last].fold in PATRONYM_WORDS
            and not text[tokens[m.last - 1].end : tokens[m.last].start].strip()
            and not text[tokens[m.last].end : tokens[m.last + 1].start].strip()
        ):  # "الأمير فيصل بن فرحان بن عبدالله": the father's name goes with the known person
            nxt = m.last + 1
            held = next((j for j, o in enumerate(found) if o.first <= nxt < o.last and o is not m), None)
            if held is not None and (found[held].etype != "person" or found[held].first != nxt):
                break
            end = found[held].last if held is not None else nxt + 1
            if held is None and not (tokens[nxt].fold.isalpha() and tokens[nxt].fold not in STOP_WORDS):
                break
            if held is not None:
                skip.add(held)
            m.last, m.end = end, tokens[end - 1].end
        out.append(m)
    return out


# Direction adjectives after a country that name a region of it ("الإمارات الشمالية").
REGION_ADJECTIVES = frozenset(
    fold_arabic(w) for w in ("الشمالية", "الجنوبية", "الشرقية", "الغربية", "الوسطى", "الشمالي", "الجنوبي")
)


def _regions(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """A country followed by a direction adjective is a region of it, a place of its own; an
    international organisation followed by a country's adjective is its national society
    ("الصليب الأحمر اللبناني" is not the ICRC)."""
    out: list[_Match] = []
    for m in found:
        k = m.last
        if (
            m.etype == "organization"
            and m.entry is not None
            and not m.entry.country
            and k < len(tokens)
            and tokens[k].fold.startswith("ال")
            and _nisba_entry(tokens[k].fold[2:], _index().nisba) is not None
            and not text[tokens[k - 1].end : tokens[k].start].strip()
            and not any(o.first == k for o in found)
        ):
            surface = text[m.start : tokens[k].end]
            out.append(_Match.unlisted(surface, "organization", m.first, k + 1, m.start, tokens[k].end))
            continue
        if (
            m.etype == "place"
            and m.entry is not None
            and m.entry.subtype == "country"
            and k < len(tokens)
            and tokens[k].fold in REGION_ADJECTIVES
            and not text[tokens[k - 1].end : tokens[k].start].strip()
            and not any(o.first == k for o in found)
        ):
            surface = text[m.start : tokens[k].end]
            m = _Match.unlisted(surface, "place", m.first, k + 1, m.start, tokens[k].end)
        out.append(m)
    return out
