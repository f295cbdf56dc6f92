"""Places listed after a plural place noun: "مراكز ملوى وسمالوط وبنى مزار", "محليات الفاو والقلابات الشرقية".

A plural of a place noun (مراكز، محليات، قرى، بلدات، مدن …) followed by words joined by و names
each of those words as a place, as a singular place noun names the word after it (patterns.py).
Two items at least make the list: "مدن كثيرة" names nothing. A place noun after the plural is
skipped ("قرى قضاءي سميل وزاخو"); an item already found (a gazetteer place) stays as it is; an item
may carry a direction adjective ("القلابات الشرقية").

A place learned so once in an article (after a place noun or in such a list) is that place wherever
else the article names it, with a clitic too ("دوار أولاد حمو" … "جمعية أولاد حمو للتنمية").
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.fields.cuepatterns import (
    _pattern_place,
    _place_word_ok,
)
from pipeline.fields.gazetteer.match import _covered, _Match
from pipeline.fields.orgs import GENERIC_COMPLEMENTS, PLACE_CUES, _folds, _head
from pipeline.fields.words import FIRST_NAMES, STOP_WORDS, Token, _raw_offset, clitic_variants

PLURAL_PLACE_CUES = _folds(
    "مراكز محليات قرى بلدات مدن محافظات أقضية قضاءي قضاءا ولايات دواوير أحياء ألوية بلديات"
)
PLACE_ADJ = _folds("الشرقية الغربية الشمالية الجنوبية الكبرى الصغرى الجديدة القديمة العليا السفلى")
NOT_ITEMS = (
    GENERIC_COMPLEMENTS
    | PLURAL_PLACE_CUES
    | PLACE_CUES
    | _folds(
        "العالم الدول البلدان الريف البادية الصحراء الساحل الداخل الخارج الحضر الأرياف المخيمات الجنوب الشمال الشرق الغرب الوسط الأخرى المجاورة كثيرة عديدة عدة مختلفة متفرقة أخرى مجاورة متعددة"
    )
)
# Words after a list's last item that are no second word of its name ("وبيتونيا فجر اليوم").
AFTER_LIST = _folds("فجر صباح مساء ظهر عصر ليل ليلة أمس يوم منذ خلال حيث بعد قبل")
MIN_ITEMS = 2
MAX_ITEM_TOKENS = 2


def _item(text: str, tokens: Sequence[Token], k: int, first: bool, found: Sequence[_Match]) -> int:
    """Tokens of the list item at k (0 when none): one word, or two (a name of two words, a word
    and a direction adjective). Items after the first start with و."""
    tok = tokens[k]
    fold = tok.fold
    if not first:
        if not fold.startswith("و") or len(fold) < 3:
            return 0
        fold = fold[1:]
    covered = _covered(found, k)
    if covered is not None:
        return max(1, covered.last - k)  # a found place of two words ("الضفة الغربية") is one item
    item = tok if first else Token(tok.start + 1, tok.end, tok.raw[1:], fold)
    if fold in NOT_ITEMS or not _place_word_ok(item):
        return 0
    nxt = k + 1
    if nxt < len(tokens) and not text[tok.end : tokens[nxt].start].strip() and _covered(found, nxt) is None:
        two = tokens[nxt].fold
        if two in AFTER_LIST:
            return 1
        if two in PLACE_ADJ or (
            not fold.startswith("ال") and _place_word_ok(tokens[nxt]) and not two.startswith(("ال", "و"))
        ):
            return MAX_ITEM_TOKENS
    return 1


def find_listed_places(text: str, tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """Places named in a list after a plural place noun."""
    out: list[_Match] = []
    n = len(tokens)
    i = 0
    while i < n:
        if _head(tokens[i], PLURAL_PLACE_CUES) is None or _covered(found, i) is not None:
            i += 1
            continue
        k = i + 1
        while k < n and (_head(tokens[k], PLURAL_PLACE_CUES) or _head(tokens[k], PLACE_CUES)):
            k += 1
        items: list[tuple[int, int]] = []
        while k < n and (not items or not text[tokens[k - 1].end : tokens[k].start].strip()):
            size = _item(text, tokens, k, not items, found)
            if not size:
                break
            items.append((k, k + size))
            k += size
        if len(items) >= MIN_ITEMS:
            for first, last in items:
                if _covered(found, first) is not None:
                    continue
                start = tokens[first].start + (tokens[first].fold.startswith("و") and first != items[0][0])
                name = text[start : tokens[last - 1].end]
                out.append(_Match.unlisted(name, "place", first, last, start, tokens[last - 1].end))
        i = max(k, i + 1)
    return out


MIN_LEARNED_LETTERS = 4


def learned_places(text: str, tokens: Sequence[Token], found: list[_Match]) -> dict[tuple[str, ...], str]:
    """Folded token tuples -> names of the places this paragraph names by a place noun or a list.

    A name opening with و/ب/ل/ف/ك is not learned: elsewhere that letter may be read as a clitic.
    """
    places = _pattern_place(text, tokens, found)
    places += find_listed_places(text, tokens, sorted(found + places, key=lambda m: m.start))
    out: dict[tuple[str, ...], str] = {}
    for m in places:
        folds = tuple(t.fold for t in tokens[m.first : m.last])
        if folds and m.start > tokens[m.first].start:  # "والرهد": the conjunction is no part of it
            folds = (folds[0][1:], *folds[1:])
        if (
            folds
            and not m.name.startswith(tuple("وبلفك"))
            and (len(folds) > 1 or (len(folds[0]) >= MIN_LEARNED_LETTERS and folds[0] not in STOP_WORDS))
        ):
            out[folds] = m.name
    return out


def add_learned_places(
    text: str, tokens: Sequence[Token], found: list[_Match], learned: dict[tuple[str, ...], str]
) -> list[_Match]:
    """`found` with the article's learned places named in this paragraph (not inside another match)."""
    if not learned:
        return found
    out = list(found)
    for k, tok in enumerate(tokens):
        for variant, stripped in clitic_variants(tok.fold):
            for folds, name in learned.items():
                last = k + len(folds)
                if folds[0] != variant or last > len(tokens):
                    continue
                if any(tokens[j].fold != folds[j - k] for j in range(k + 1, last)):
                    continue
                if any(_covered(out, j) is not None for j in range(k, last)):
                    continue
                if (
                    last == k + 1
                    and folds[0] in FIRST_NAMES
                    and k > 0
                    and tokens[k - 1].fold in FIRST_NAMES
                    and not text[tokens[k - 1].end : tok.start].strip()
                ):
                    continue  # "مدينة عيسى" learned, "جاسم عيسى الدوسري": a father's name
                start = tok.start + _raw_offset(tok.raw, stripped)
                out.append(_Match.unlisted(name, "place", k, last, start, tokens[last - 1].end, "context"))
    return sorted(out, key=lambda m: m.start)
