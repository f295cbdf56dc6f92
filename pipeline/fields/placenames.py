"""Local places named by the noun before them, as local news names them.

- A dam, a falaj or a port keeps its noun in its name ("سد بن خدة", "فلج الحمام",
  "ميناء زوارة"), and so does a town named after a person ("مدينة عيسى", "مدينة زايد") or a
  saint ("قرية الشيخ زين الدين": a village, not a sheikh).
- A district or suburb noun names the place after it: "قضاء الشنافية", "ضاحية النسيم", "حي 500
  مسكن" (a neighbourhood named by its number of dwellings, no quantity).
- A governor's title names his province: "محافظ بلجرشي", "والي الرستاق".
- A direction names a region: "محافظة جنوب الباطنة" (the direction is part of the name); "، غرب
  سلفيت" after a comma or a preposition locates by the town after it.
- A dateline opening a paragraph: "سلفيت - "الأيام":", "الرستاق ـ «الوطن»:", "العين (الاتحاد)":
  the town.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.core.text import fold_arabic
from pipeline.fields.cuepatterns import (
    _verb_shape,
)
from pipeline.fields.gazetteer.match import _covered, _Match
from pipeline.fields.orgs import (
    DIRECTION_WORDS,
    ORG_HEADS,
    PLACE_CUES,
    TOWN_NOT_NAMES,
    _folds,
    _head,
    _verbal_noun,
)
from pipeline.fields.patterns import (
    _verb_or_preposition,
)
from pipeline.fields.words import FIRST_NAMES, NAME_PARTICLES, STOP_WORDS, TITLE_WORDS, Token, _raw_offset

OWN_NOUNS = _folds("سد فلج ميناء")  # the noun is part of the name
DAM = fold_arabic("سد")  # also "filling" (سد العجز): a dam's name here has no article (سد بن خدة)
TOWN_NOUNS = _folds("مدينة قرية بلدة حي")
DISTRICT_NOUNS = _folds("قضاء ضاحية حي محلة")  # محلة: an Iraqi quarter
GOVERNORS = _folds("محافظ والي قائممقام")
LOCATORS = _folds("في من إلى الى قرب")
CARDINALS = _folds("غرب شرق شمال جنوب")
# Streets, bridges and grounds keep their noun in their name ("جسر الحرية", "ملعب الأمير هاشم").
FACILITY_NOUNS = _folds("ملعب ستاد استاد جسر شارع طريق ساحة حديقة كورنيش")
# What a ساحة or a طريق of is when it is no place ("ساحة المعركة", "طريق الحوار").
NOT_FACILITY_NAMES = _folds("المعركة القتال الحرب الصراع المواجهة العمل اللعب النزال الحوار السلام التنمية")
ANY_NOUN = OWN_NOUNS | TOWN_NOUNS | DISTRICT_NOUNS | GOVERNORS | PLACE_CUES | FACILITY_NOUNS
NUMBER_DISTRICT = re.compile(r"\s*\d+\s+(\w+)")
MAX_WORDS = 3
_W = r"[^\s\d\-ـ–:«»\"“”()/]+"
DATELINE = re.compile(
    rf"^\s*({_W}(?:\s{_W})?)\s*"
    r"(?:[-ـ–]\s*[«\"“]?[^«»\"“”\s:]+(?:\s[^«»\"“”\s:]+)?[»\"”]?\s*:"  # سلفيت - "الأيام":
    r"|\(\s*[^()]{2,30}\)\s*(?:[-ـ–:]|$)"  # العين (الاتحاد)
    r"|/[^/]{2,20}/)"  # الدوحة /قنا/
)


def _name_word(tok: Token, first: bool, shape: bool = True) -> bool:
    fold = tok.fold
    if not fold.isalpha() or fold in STOP_WORDS or fold in TITLE_WORDS:
        return False
    nouns = PLACE_CUES | ORG_HEADS | OWN_NOUNS | TOWN_NOUNS | DISTRICT_NOUNS | GOVERNORS
    if _head(tok, nouns) is not None or fold.removeprefix("ال") in nouns:
        return False  # "والي الولاية", "محافظ البنك": a common noun, no name
    if fold.startswith(("لل", "بال", "وال")) or (fold[:1] == "و" and len(fold) > 3 and not first):
        return False
    if fold in FIRST_NAMES:
        return True
    # a verb's shape is no name, but a town after a direction or in a dateline may end in ت (سلفيت)
    return not (_verb_or_preposition(fold) or (shape and _verb_shape(fold)))


def _run(text: str, tokens: Sequence[Token], k: int, found: Sequence[_Match], most: int) -> int:
    """Name words from k on (no punctuation between, nothing found there), at most ``most``."""
    n = 0
    while k + n < len(tokens) and n < most:
        j = k + n
        if n and text[tokens[j - 1].end : tokens[j].start].strip():
            break
        if _covered(found, j) is not None or not _name_word(tokens[j], n == 0):
            break
        if n and tokens[j - 1].fold.startswith("ال") and tokens[j - 1].fold not in NAME_PARTICLES:
            break  # "فلج الحمام بقرية": a definite word ends the name
        n += 1
    return n


def _place(text: str, tokens: Sequence[Token], first: int, last: int, start: int) -> _Match:
    end = tokens[last - 1].end
    return _Match.unlisted(text[start:end], "place", first, last, start, end)


def _noun(tok: Token, nouns: frozenset[str]) -> tuple[str, int] | None:
    """``_head``, and a two-letter noun after one clitic letter ("بحي", "وحي")."""
    head = _head(tok, nouns)
    if head is None and len(tok.fold) == 3 and tok.fold[0] in "وبلف" and tok.fold[1:] in nouns:
        return tok.fold[1:], 1
    return head


def _noun_start(tok: Token, head: tuple[str, int]) -> int:
    return tok.start + _raw_offset(tok.raw, head[1])


HAYY = fold_arabic("حي")
NOT_FACILITY_BEFORE = _folds("عن")  # "عن طريق": by means of
FACILITY_TITLES = _folds("الأمير الأميرة الملك الملكة الشيخ الشيخة الإمام السلطان الرئيس الشهيد")


def _facility_name(text: str, tokens: Sequence[Token], k: int, found: Sequence[_Match]) -> int:
    """Words naming a street, bridge or ground from k: a title and a name ("الأمير هاشم"), a known
    place ("مكة المكرمة"), or one definite word that is no verbal noun ("الحرية", "الجيش")."""
    if k >= len(tokens) or text[tokens[k - 1].end : tokens[k].start].strip():
        return 0
    nxt = tokens[k]
    held = _covered(found, k)
    if held is not None:
        return held.last - k if held.etype == "place" and held.first == k else 0
    if nxt.fold in FACILITY_TITLES:
        n = _run(text, tokens, k + 1, [m for m in found if m.etype != "person"], 2)
        return 1 + n if n else 0
    if not nxt.fold.startswith("ال") or _verbal_noun(nxt.fold[2:]) or not _name_word(nxt, True, shape=False):
        return 0
    return 0 if nxt.fold in NOT_FACILITY_NAMES else 1


def local_places(text: str, tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """Places named by the noun before them (see the module docstring); none inside ``found``."""
    out: list[_Match] = []
    for i in range(len(tokens) - 1):
        tok, k = tokens[i], i + 1
        if tok.fold not in CARDINALS and _noun(tok, ANY_NOUN) is None:
            continue  # no place noun, no direction: nothing to name here
        if _covered(found, i) is not None or _covered(out, i) is not None:
            continue
        if text[tok.end : tokens[k].start].strip():
            continue
        own, town = _noun(tok, OWN_NOUNS), _noun(tok, TOWN_NOUNS)
        district, governor = _noun(tok, DISTRICT_NOUNS), _head(tok, GOVERNORS)
        nxt = tokens[k]
        if district is not None and district[0] == fold_arabic("حي"):
            number = NUMBER_DISTRICT.match(text, tok.end)
            if number is not None:  # "حي 500 مسكن"
                last = next((j for j, t in enumerate(tokens) if t.end == number.end()), None)
                if last is not None:
                    out.append(_place(text, tokens, i, last + 1, _noun_start(tok, district)))
                    continue
        if town is not None and nxt.fold in TITLE_WORDS and _covered(found, k) is None:
            n = _run(text, tokens, k + 1, [m for m in found if m.etype != "person"], MAX_WORDS)
            if n:  # "قرية الشيخ زين الدين": a village named after a saint
                out.append(_place(text, tokens, i, k + 1 + n, _noun_start(tok, town)))
                continue
        if town is not None and town[0] == fold_arabic("مدينة") and nxt.fold in FIRST_NAMES:
            held = _covered(found, k)
            if held is None or (held.etype == "place" and held.last == k + 1):
                out.append(_place(text, tokens, i, k + 1, _noun_start(tok, town)))  # "مدينة عيسى"
                continue
        if own is not None and not (own[0] == DAM and nxt.fold.startswith("ال")):  # "سد العجز": filling
            n = _run(text, tokens, k, found, MAX_WORDS)
            if n == 0 and (held := _covered(found, k)) is not None and held.etype == "place":
                n = held.last - k  # "ميناء زوارة": the port of a known town
            if n:
                out.append(_place(text, tokens, i, k + n, _noun_start(tok, own)))
                continue
        facility = _noun(tok, FACILITY_NOUNS)
        if facility is not None and not (i > 0 and tokens[i - 1].fold in NOT_FACILITY_BEFORE):
            n = _facility_name(text, tokens, k, found)
            if n:  # "ملعب الأمير هاشم", "جسر الحرية", "شارع مكة المكرمة"
                out.append(_place(text, tokens, i, k + n, _noun_start(tok, facility)))
                continue
        hayy = district is not None and district[0] == HAYY
        held = _covered(found, k)
        if (
            hayy
            and district is not None
            and held is not None
            and held.etype == "place"
            and held.first == k
            and held.entry is not None
            and held.entry.subtype != "country"
        ):  # "حي الزهور": a district named like a known place
            out.append(_place(text, tokens, i, held.last, _noun_start(tok, district)))
            continue
        if tok.raw.endswith("ى"):
            governor = None  # "والى أين": الى with a conjunction, no governor
        if (district is not None or governor is not None) and _covered(found, k) is None:
            if nxt.fold.startswith("ال") and _verbal_noun(nxt.fold[2:]):
                continue  # "قضاء العطلة": spending, no district
            if district is not None and not nxt.fold.startswith("ال") and nxt.raw.endswith("ي"):
                continue  # "حي سكني": an adjective, no name
            after = tokens[k + 1].fold if k + 1 < len(tokens) else ""
            if (
                not nxt.fold.startswith("ال")
                and after.startswith("ال")
                and not after.endswith(("ي", "يه"))
                and not text[nxt.end : tokens[k + 1].start].strip()
            ):
                continue  # "قضاء حوائج المواطنين": a noun in construct, no district
            n = _run(text, tokens, k, found, 1 if governor is not None else 2)
            if n and hayy and district is not None:  # "حي الأحباس": the district keeps its noun
                out.append(_place(text, tokens, i, k + n, _noun_start(tok, district)))
                continue
            if n:
                out.append(_place(text, tokens, k, k + n, nxt.start))
                continue
        if (
            _head(tok, PLACE_CUES) is not None
            and nxt.fold in DIRECTION_WORDS
            and k + 1 < len(tokens)
            and _covered(found, k) is None
        ):
            n = _run(text, tokens, k + 1, found, 1)
            if n:  # "محافظة جنوب الباطنة"
                out.append(_place(text, tokens, k, k + 1 + n, nxt.start))
                continue
        if (
            tok.fold in CARDINALS
            and i > 0
            and (text[tokens[i - 1].end : tok.start].strip() in ("،", ",") or tokens[i - 1].fold in LOCATORS)
            and _covered(found, k) is None
            and not nxt.fold.startswith("ال")
            and _name_word(nxt, True, shape=False)
        ):
            out.append(_place(text, tokens, k, k + 1, nxt.start))  # "، غرب سلفيت"
    return out


# Labels that open a story the way a dateline does.
KICKERS = _folds("خاص عاجل تحليل متابعة تقرير حوار فيديو صور بالفيديو بالصور تحقيق رأي مقال")


def dateline_place(text: str, tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """The town of a dateline opening a paragraph: "سلفيت - "الأيام": …"."""
    m = DATELINE.match(text)
    if m is None or not tokens:
        return []
    words = m.group(1).split()
    if fold_arabic(words[0]) in KICKERS:
        return []  # "خاص (الجزيرة نت)", "عاجل - "العربية":": a label, no town
    last = len(words)
    if last > len(tokens) or any(_covered(found, j) is not None for j in range(last)):
        return []
    if not all(_name_word(tokens[j], j == 0, shape=False) for j in range(last)):
        return []
    return [_place(text, tokens, 0, last, tokens[0].start)]


def merge_places(found: Sequence[_Match], places: Sequence[_Match]) -> list[_Match]:
    """``found`` without what the places cover (a town inside "ميناء زوارة"), plus the places."""
    kept = [m for m in found if not any(p.first <= m.first and m.last <= p.last for p in places)]
    return sorted(kept + list(places), key=lambda m: m.start)


SHORT_NOUNS = _folds("قرية بلدة مدينة محافظة قضاء ناحية ضاحية حي فلج سد ميناء مخيم ولاية نهر")


def _cue_of(tokens: Sequence[Token], m: _Match) -> str | None:
    """The place noun a place was named with: its own first word ("فلج الحمام") or the word before."""
    for k in (m.first, m.first - 1):
        if 0 <= k < len(tokens):
            noun = _noun(tokens[k], SHORT_NOUNS)
            if noun is not None and (k == m.first - 1 or m.last - m.first > 1):
                return noun[0]
    return None


def place_short_forms(per_paragraph: Sequence[tuple[str, Sequence[Token], list[_Match]]]) -> None:
    """ "القرية", "الفلج", "المحافظة" alone after a place named with that noun ("قرية دير استيا",
    "فلج الحمام", "محافظة سلفيت"): a mention of the last such place named before it. A definite
    word after the noun makes another name ("المدينة المنورة") and is left alone."""
    named: list[tuple[int, int, str, _Match]] = []
    for p, (_, tokens, matches) in enumerate(per_paragraph):
        for m in matches:
            if m.etype == "place" and m.method != "short_form":
                cue = _cue_of(tokens, m)
                if cue is not None:
                    named.append((p, m.first, cue, m))
    if not named:
        return
    for p, (text, tokens, matches) in enumerate(per_paragraph):
        added: list[_Match] = []
        for k, tok in enumerate(tokens):
            if _covered(matches, k) is not None:
                continue
            word = tok.fold
            stripped = 0
            for prefix in ("وال", "بال", "فال", "ال", "لل"):
                if word.startswith(prefix):
                    stripped = len(prefix) - 2 if prefix.endswith("ال") else 1  # keep ال in the surface
                    word = word[len(prefix) :]
                    break
            else:
                continue
            before = [n for n in named if n[2] == word and (n[0], n[1]) < (p, k)]
            if not before:
                continue
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            if nxt is not None and not text[tok.end : nxt.start].strip() and nxt.fold.startswith("ال"):
                continue  # "المدينة المنورة", "المحافظة الجديدة"
            place = before[-1][3]
            start = tok.start + _raw_offset(tok.raw, stripped)
            added.append(
                _Match(place.entry, place.name, "place", place.ident, k, k + 1, start, tok.end, "short_form")
            )
        matches.extend(added)
        matches.sort(key=lambda m: m.start)


MUNICIPALITY = _folds("بلدية")


def municipality_towns(
    text: str, tokens: Sequence[Token], found: Sequence[_Match]
) -> dict[tuple[str, ...], str]:
    """Folded names -> names of the towns this paragraph names a municipality of ("بلدية الوكرة"):
    the town is a place wherever the article names it alone ("في الوكرة")."""
    out: dict[tuple[str, ...], str] = {}
    for k in range(len(tokens) - 1):
        tok, nxt = tokens[k], tokens[k + 1]
        if _head(tok, MUNICIPALITY) is None or text[tok.end : nxt.start].strip():
            continue
        held = _covered(found, k + 1)
        if held is not None or not _name_word(nxt, True) or nxt.fold in TOWN_NOT_NAMES:
            continue
        after = tokens[k + 2] if k + 2 < len(tokens) else None
        if after is not None and not text[nxt.end : after.start].strip() and after.fold.startswith("ال"):
            continue  # "بلدية الوكرة الجديدة"? an adjective may follow: learn nothing
        if len(nxt.fold) >= MIN_TOWN_LETTERS and not nxt.raw.startswith(tuple("وبلفك")):  # "بلدية ببنين"
            out[(nxt.fold,)] = nxt.raw
    return out


MIN_TOWN_LETTERS = 4


def agency_markers(text: str, found: Sequence[_Match]) -> list[_Match]:
    """``found`` without the places read in an agency's marker after a dateline: "/قنا/" is the
    Qatar News Agency, not the Egyptian governorate of Qena."""
    return [
        m
        for m in found
        if not (
            m.etype == "place"
            and text[: m.start].rstrip().endswith("/")
            and text[m.end :].lstrip().startswith("/")
        )
    ]
