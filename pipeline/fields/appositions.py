"""People named between commas after their role: "وقال المدير العام للمصنع، باتريك لوفيفر، إن".

Local news gives the role first and the name after it as an apposition set off by commas, perhaps
with the person's nationality ("، الفرنسي باتريك لوفيفر،", "، الهندي الأصل أرجون راغافان،") or a
title ("، المهندس …،"). The name words need no lexicon there (foreign names, rare given names): the
role before the first comma and the comma (or a bracket) after the name are the evidence. The
words must have a name's shape: no article but for a given name with it before a particle ("الصحبي
بن رمضان") or a family nisba at the end, no function word, verb, number or adverbial ("، في
تصريح صحفي،", "، مفضلا عدم …،", "، مساء أمس،").
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from pipeline.core.text import fold_arabic
from pipeline.fields.fullnames import _nisba, _plain_word
from pipeline.fields.gazetteer.match import _covered, _index, _Match, _nisba_entry
from pipeline.fields.givenruns import FAMILY_TITLES
from pipeline.fields.nameends import _adverbial
from pipeline.fields.orgs import AL_FIRST_NAMES, _verbal_noun
from pipeline.fields.patterns import PREPOSITIONAL_NOUNS
from pipeline.fields.words import (
    FIRST_NAMES,
    NAME_PARTICLES,
    STOP_WORDS,
    TITLE_WORDS,
    WAW_NAMES,
    Token,
    _strip_conj,
)

COMMAS = ("،", ",")
CLOSERS = ("،", ",", "(", ".")
QUOTE_MARKS = " \t\"'«»“”"
SENTENCE_ENDS = (".", "!", "؟", "?", "")
ROLE_SPAN = 7  # words of a role phrase before the comma ("عضو النقابة الأساسية بالمصنع")
MIN_NAME, MAX_NAME = 2, 4
_ROLE_NOUNS = (
    "عضو عضوة رئيس رئيسة مدير مديرة مسؤول مسؤولة مشرف مشرفة منسق منسقة ممثل ممثلة أمين أمينة "
    "وكيل وكيلة مستشار مستشارة نائب نائبة عميد عميدة قائد مدرب مدربة محامي محامية صاحب صاحبة "
    "زميل زميلة زميله زميلها زميلته زميلتها مؤسس مؤسسة خبير خبيرة أستاذ أستاذة طبيب طبيبة"
)
ROLE_NOUNS = frozenset(fold_arabic(w) for w in _ROLE_NOUNS.split())
ORIGIN = fold_arabic("الأصل")
UMM = fold_arabic("أم")


def _clitic_shaped_name(tok: Token) -> bool:
    """ "باتريك", "لوفيفر": a name that looks like بـ/لـ + a noun, where no preposition's noun fits
    (no verbal noun, no pronoun or feminine ending, no prepositional noun such as بحسب)."""
    fold, raw = tok.fold, tok.raw
    return (
        fold[:1] in "بل"
        and _plain_word("x" + fold[1:], "x" + raw[1:])
        and fold not in PREPOSITIONAL_NOUNS
        and not _verbal_noun(fold[1:])
        and not raw.endswith(("ه", "ها", "هم", "ة", "ات"))
    )


def _role_word(fold: str) -> bool:
    bare = _strip_conj(fold)
    return (
        bare in TITLE_WORDS
        or bare in ROLE_NOUNS
        or (bare.startswith("ال") and bare[2:] in ROLE_NOUNS)
        or (fold[:1] == "ل" and fold[1:] in ROLE_NOUNS)
    )


def _after_role(text: str, tokens: Sequence[Token], c: int) -> bool:
    """A role word opens the phrase that ends at the comma before token c (no punctuation inside)."""
    for j in range(c - 1, max(-1, c - 1 - ROLE_SPAN), -1):
        if j < c - 1 and text[tokens[j].end : tokens[j + 1].start].strip(QUOTE_MARKS):
            return False  # punctuation inside: no role phrase (quote marks around a name are fine)
        if _role_word(tokens[j].fold):
            return True
    return False


def _nationality(fold: str) -> bool:
    """ "الفرنسي", "الهندي": a country's adjective with the article."""
    return (
        fold.startswith("ال")
        and fold.endswith(("ي", "يه"))
        and (
            _nisba_entry(fold[2:], _index().nisba) is not None
            or _nisba_entry(fold, _index().nisba) is not None
        )
    )


def _name_words(text: str, tokens: Sequence[Token], k: int) -> int:
    """Name words from k up to a comma or a bracket, 0 when the words have no name's shape."""
    n = 0
    while k + n < len(tokens) and n <= MAX_NAME:
        j = k + n
        if n and text[tokens[j - 1].end : tokens[j].start].strip():
            break
        tok = tokens[j]
        fold = tok.fold
        if _adverbial(fold) or fold in STOP_WORDS:
            return 0
        if fold[:1] == "و" and fold not in FIRST_NAMES and fold not in WAW_NAMES:
            return 0  # "، وهو تاجر،": a clause, no name
        if (fold in NAME_PARTICLES and n) or (fold == UMM and n == 0):
            n += 1  # "بن رمضان", "أم الخير"
            continue
        if fold.startswith("ال"):
            prev = tokens[j - 1].fold if n else ""
            nxt = tokens[j + 1].fold if j + 1 < len(tokens) else ""
            if n == 0 and (fold in AL_FIRST_NAMES or nxt in NAME_PARTICLES):
                n += 1  # "الصحبي بن رمضان", "الحسين بوعزة"
                continue
            if prev in NAME_PARTICLES or prev == UMM or (n >= 1 and _nisba(fold)):
                n += 1
                continue
            if (
                n >= 1
                and fold in FAMILY_TITLES
                and j + 1 < len(tokens)
                and _plain_word(nxt, tokens[j + 1].raw)
            ):
                n += 1  # "، المحامي طارق السيد حلمي،": السيد as a father's name inside the chain
                continue
            return 0
        if not _plain_word(fold, tok.raw) and not _clitic_shaped_name(tok):
            return 0
        n += 1
    if not MIN_NAME <= n <= MAX_NAME:
        return 0
    if k + n >= len(tokens):  # the name closes the paragraph: "، رامي جريس حدادين."
        return n if text[tokens[-1].end :].strip()[:1] in SENTENCE_ENDS else 0
    gap = text[tokens[k + n - 1].end : tokens[k + n].start].strip()
    if gap[:1] not in CLOSERS or tokens[k + n - 1].fold in NAME_PARTICLES:
        return 0
    return n


def find_role_appositions(text: str, tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """Persons named between commas after a role phrase (see the module docstring)."""
    out: list[_Match] = []
    if "،" not in text and "," not in text:
        return out
    starts = [t.start for t in tokens]
    after_comma = sorted(
        {bisect_right(starts, at) for at, ch in enumerate(text) if ch in COMMAS}
    )  # the tokens right after a comma
    for c in after_comma:
        if not 1 <= c < len(tokens) - 2:
            continue
        if text[tokens[c - 1].end : tokens[c].start].strip() not in COMMAS:
            continue
        if not _after_role(text, tokens, c) and _strip_conj(tokens[c].fold) not in TITLE_WORDS:
            continue  # a role before the comma, or a title right after it ("، المحامي X Y،")
        before = _covered(found, c - 1)
        if before is not None and before.etype == "person":
            continue  # "أما شقيقه الهادي بن عمر، وهو تاجر،": the person is named before the comma
        k = c
        while k < len(tokens) and (
            _strip_conj(tokens[k].fold) in TITLE_WORDS or _nationality(tokens[k].fold)
        ):
            k += 1  # "، الفرنسي …", "، المهندس …"
            if k < len(tokens) and tokens[k].fold == ORIGIN:
                k += 1  # "، الهندي الأصل …"
        if k > c and text[tokens[k - 1].end : tokens[k].start].strip():
            continue
        n = _name_words(text, tokens, k)
        if not n:
            continue
        held = [_covered(found, j) for j in range(k, k + n)]
        if any(m is not None and (m.etype != "person" or m.first < k or m.last > k + n) for m in held):
            continue
        if any(m is not None for m in held) and all(
            m is not None and m.first == k and m.last == k + n for m in held
        ):
            continue  # already found whole
        start, end = tokens[k].start, tokens[k + n - 1].end
        out.append(_Match.unlisted(text[start:end], "person", k, k + n, start, end))
    return out
