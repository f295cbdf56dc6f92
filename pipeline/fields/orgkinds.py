"""Organisations named by a kind and a town or a sector: a ministry's directorate of a sector (مديرية صحة
X), a club named by its town (فريق X, نادي X), a country's army (الجيش السوداني)."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from pipeline.core.text import fold_arabic
from pipeline.fields.gazetteer.match import _covered, _index, _Match, _nisba_entry
from pipeline.fields.orgs import _folds, _head
from pipeline.fields.words import Token, _raw_offset, _strip_conj, clitic_variants

ARMY_HEADS = _folds("الجيش جيش")
# "مدير صحة إربد", "مدير تربية دمشق": a directorate named by its sector and its governorate.
DIRECTOR_WORDS = _folds("مدير مديرة")
SECTOR_NOUNS = _folds("صحة تربية زراعة أوقاف شرطة")


def sector_directorates(text: str, tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """ "مدير صحة إربد": the sector noun and the place after مدير name the directorate."""
    out: list[_Match] = []
    for k in range(1, len(tokens) - 1):
        if tokens[k].fold not in SECTOR_NOUNS or _strip_conj(tokens[k - 1].fold) not in DIRECTOR_WORDS:
            continue
        place = _covered(found, k + 1)
        if place is None or place.etype != "place" or place.first != k + 1 or _covered(found, k) is not None:
            continue
        if (
            text[tokens[k - 1].end : tokens[k].start].strip()
            or text[tokens[k].end : tokens[k + 1].start].strip()
        ):
            continue
        end = tokens[place.last - 1].end
        name = text[tokens[k].start : end]
        out.append(_Match.unlisted(name, "organization", k, place.last, tokens[k].start, end))
    return out


# Sports clubs named by a word and their town's adjective: "الملعب القابسي", "الترجي الجرجيسي".
CLUB_HEADS = _folds(
    "الملعب الترجي النجم الشبيبة النادي الأولمبي المستقبل الاتحاد الهلال الأهلي الرجاء الوداد"
)


@functools.cache
def _town_nisbas() -> frozenset[str]:
    """Adjectives of the gazetteer's towns: قابس -> قابسي, جرجيس -> جرجيسي (no article)."""
    out: set[str] = set()
    for entry in _index().by_id.values():
        if entry.type != "place" or entry.subtype == "country":
            continue
        stem = fold_arabic(entry.canonical)
        stem = stem[2:] if stem.startswith("ال") else stem
        if " " not in stem and len(stem) >= 3 and stem[-1] not in "اهي":
            out.add(stem + "ي")
    return frozenset(out)


TEAM = fold_arabic("فريق")


def _team_of_town(text: str, tokens: Sequence[Token], k: int, found: Sequence[_Match]) -> _Match | None:
    """ "فريق أبها", "فريق الزمالك": a team named by its town (a place, no country) is its club."""
    fold = tokens[k].fold
    if not (fold == TEAM or (fold[:1] in "وف" and fold[1:] == TEAM)):
        return None  # (فريق opens with ف: no conjunction is stripped from it alone)
    if text[tokens[k].end : tokens[k + 1].start].strip():
        return None
    place = _covered(found, k + 1)
    if place is None or place.etype != "place" or place.first != k + 1 or place.entry is None:
        return None
    if place.entry.subtype == "country" or place.start != tokens[k + 1].start:
        return None
    start = tokens[k].start + (0 if fold == TEAM else _raw_offset(tokens[k].raw, 1))
    return _Match.unlisted(text[start : place.end], "organization", k, place.last, start, place.end)


def town_clubs(text: str, tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """A club word and a town's adjective: "الملعب القابسي" (not "الملعب البلدي"); a team and its town."""
    out: list[_Match] = []
    for k in range(len(tokens) - 1):
        team = _team_of_town(text, tokens, k, found)
        if team is not None and _covered(found, k) is None:
            out.append(team)
            continue
        head, nxt = _head(tokens[k], CLUB_HEADS), tokens[k + 1]
        if head is None or _covered(found, k) is not None or _covered(found, k + 1) is not None:
            continue
        if text[tokens[k].end : nxt.start].strip() or nxt.fold[2:] not in _town_nisbas():
            continue
        if not nxt.fold.startswith("ال"):
            continue
        start = tokens[k].start + _raw_offset(tokens[k].raw, head[1])
        name = ("ا" if _strip_conj(tokens[k].fold).startswith("لل") else "") + text[start : nxt.end]
        out.append(_Match.unlisted(name, "organization", k, k + 2, start, nxt.end))
    return out


def national_armies(text: str, tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """ "الجيش" + a country's adjective is that country's army, named in the gazetteer or not
    ("للجيش الليبي", "الجيش التشادي")."""
    out: list[_Match] = []
    for k in range(len(tokens) - 1):
        head, nxt = _head(tokens[k], ARMY_HEADS), tokens[k + 1]
        if head is None or _covered(found, k) is not None or _covered(found, k + 1) is not None:
            continue
        if text[tokens[k].end : nxt.start].strip() or not nxt.fold.startswith("ال"):
            continue
        country = _nisba_entry(nxt.fold[2:], _index().nisba)
        if country is None or country.subtype != "country":
            continue
        start = tokens[k].start + _raw_offset(tokens[k].raw, head[1])
        name = ("ا" if _strip_conj(tokens[k].fold).startswith("لل") else "") + text[start : nxt.end]
        out.append(_Match.unlisted(name, "organization", k, k + 2, start, nxt.end))
    return out


CLUB_WORDS = _folds("نادي فريق")
CLUB_PAIR = 2
MIN_CLUB_WORD = 3


def club_short_forms(per_paragraph: Sequence[tuple[str, Sequence[Token], list[_Match]]]) -> None:
    """A club named once as "نادي X" is X alone anywhere in the story ("نادي الوحدة" … "الوحدة يسعى",
    "لاعبي الوحدة", "نادي سموحة" … "على حساب سموحة"); X followed by an ال adjective is another
    phrase ("الوحدة الوطنية")."""
    clubs: dict[str, _Match] = {}
    for _, tokens, matches in per_paragraph:
        for m in matches:
            if m.etype != "organization" or m.last - m.first != CLUB_PAIR or m.entry is not None:
                continue
            if _head(tokens[m.first], CLUB_WORDS) is None:
                continue
            key = tokens[m.first + 1].fold
            if key.isalpha() and len(key) > MIN_CLUB_WORD and not key.startswith("لل"):
                clubs.setdefault(key, m)
    if not clubs:
        return
    for text, tokens, matches in per_paragraph:
        added: list[_Match] = []
        for k, tok in enumerate(tokens):
            if _covered(matches, k) is not None:
                continue
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            if nxt is not None and not text[tok.end : nxt.start].strip() and nxt.fold.startswith("ال"):
                continue  # "الوحدة الوطنية"
            for variant, stripped in clitic_variants(tok.fold):
                club = clubs.get(variant)
                if club is None:
                    continue
                start = tok.start + _raw_offset(tok.raw, stripped)
                added.append(
                    _Match(
                        club.entry, club.name, club.etype, club.ident, k, k + 1, start, tok.end, "short_form"
                    )
                )
                break
        matches.extend(added)
        matches.sort(key=lambda m: m.start)
