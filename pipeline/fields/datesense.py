"""Which relative date words are dates: "اليوم" as the report's day or as "nowadays", and "نهاية العام".

"اليوم" names the day of the report in news ("أعلنت الوزارة اليوم أن", "اليوم الخميس"), but an era
in commentary and interviews: after a noun in construct ("عالم اليوم", "سودان اليوم"), in a nominal
sentence whose subject it follows ("والنتيجة اليوم أن", "هل الجنوب اليوم في وضع أفضل"), in an
existential clause ("هناك اليوم اعترافات"), as a sentence-initial contrast with the past ("واليوم فإن
…", "واليوم نعيش …") and in a comparison ("كاليوم"). A qualifier before a bare year word ("نهاية
العام", "مطلع السنة") points into the current year.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from pipeline.core.datescan import _Abs, _month_at
from pipeline.core.datewords import _QUALIFIERS, _WEEKDAYS, _strip_clitics, _Tok
from pipeline.core.text import fold_arabic

# Nouns of people and eras, and country names written without their article (سودان اليوم, جزائر
# الأمس) which only occur bare in a construct: "X اليوم" is X of our time.
_NOWADAYS_WORDS = (
    "عالم العالم شباب الشباب جيل أجيال أطفال نساء إنسان الإنسان مجتمع عصر زمن واقع عرب إعلام "
    "سودان جزائر عراق يمن مغرب أردن كويت "
    "عالمنا مجتمعنا شبابنا واقعنا عصرنا زمننا أطفالنا أبناءنا"  # our world/society of today
)
_NOWADAYS_NOUNS = frozenset(fold_arabic(w) for w in _NOWADAYS_WORDS.split())
TODAY = fold_arabic("اليوم")
YESTERDAY = fold_arabic("الأمس")
# Clause boundaries: sentence ends, commas, the markers of an interview's questions and answers.
_CLAUSE_MARKS = frozenset(".،,؟?!:;؛*-")
_EXISTENTIAL = frozenset(fold_arabic(w) for w in ("هناك", "هنالك", "ثمة"))
# Words that open a question or a clause before its subject ("هل الجنوب اليوم …", "أما X").
_OPENERS = frozenset(fold_arabic(w) for w in ("و", "ف", "هل", "أما", "لكن", "ولكن", "بل", "إذ", "نعم"))
# After a sentence-initial "واليوم": a nominal clause or a first-person present ("واليوم نعيش").
# After a clause-opening "واليوم": a contrast with the past ("واليوم فإن", "واليوم صار عندنا …").
_CONTRAST_NEXT = frozenset(
    fold_arabic(w)
    for w in (
        "فإن",
        "فإنّ",
        "إن",
        "نحن",
        "هناك",
        "ثمة",
        "لم",
        "لا",
        "صار",
        "صارت",
        "أصبح",
        "أصبحت",
        "بات",
        "باتت",
    )
)
_IN_WORD = fold_arabic("في")
_OUTLET_NOUNS = frozenset(
    fold_arabic(w) for w in ("موقع", "لموقع", "صحيفة", "لصحيفة", "جريدة", "لجريدة", "قناة", "لقناة", "برنامج")
)
_COUNT_WORDS = frozenset(fold_arabic(w) for w in ("مرة", "مرتين", "مرات"))


def _count_before(toks: list[_Tok], j: int) -> bool:
    """A number or "مرة/مرات" in the few tokens before j ("ثلاث مرات في اليوم")."""
    return any(t.kind == "num" or t.text in _COUNT_WORDS for t in toks[max(0, j - 5) : j])


# After "X اليوم" when X opens a clause: the predicate of a nominal sentence.
_PREDICATE_NEXT = frozenset(
    fold_arabic(w) for w in ("أن", "إن", "أنه", "أنها", "هو", "هي", "في", "ليس", "ليست", "أمام", "بين")
)
_YEAR_WORDS = frozenset(fold_arabic(w) for w in ("العام", "السنة"))
_MONTH_WORD_DEF = fold_arabic("الشهر")
_SEASONS = frozenset(fold_arabic(w) for w in ("صيف", "شتاء", "ربيع", "خريف"))
# "العام السابق", "السنة السابقة": the year before the report's.
_PREVIOUS_WORDS = frozenset(fold_arabic(w) for w in ("السابق", "السابقة"))
_PREVIOUS_YEAR = frozenset(
    {(fold_arabic("العام"), fold_arabic("السابق")), (fold_arabic("السنة"), fold_arabic("السابقة"))}
)
# After "اليوم": a day as a unit ("اليوم الواحد", "اليوم الكامل"), not the day of the report.
_A_DAY = frozenset(fold_arabic(w) for w in ("الواحد", "الكامل", "بأكمله", "كله"))


def nowadays_noun(folded: str) -> bool:
    """A noun that makes a following "اليوم"/"الأمس" an era ("عالم اليوم", "وشباب اليوم")."""
    word = folded[1:] if folded[:1] in ("و", "ف", "ب", "ل") and folded[1:] in _NOWADAYS_NOUNS else folded
    return word in _NOWADAYS_NOUNS


def _clause_start(toks: list[_Tok], i: int) -> int:
    """Index of the first token of the clause holding token i."""
    k = i
    while k > 0 and not (toks[k - 1].kind == "punct" and toks[k - 1].text in _CLAUSE_MARKS):
        k -= 1
    return k


# Verbs of the افتعل shape on a root starting with ل look definite: "التقينا اليوم" is a verb.
_AL_VERB_WORDS = "التقى التقت التقينا التقوا التقيت التزم التزمت التزمنا التحق التحقت التمس التفت"
_AL_VERBS = frozenset(fold_arabic(w) for w in _AL_VERB_WORDS.split())


def _definite(word: str) -> bool:
    return any(f.startswith("ال") and len(f) > 3 and f not in _AL_VERBS for f in _strip_clitics(word)[:2])


def _first_person_present(word: str) -> bool:
    """ "نعيش", "نشهد", "نواجه": a verb of "we" in the present (a noun seldom starts with ن + 3 letters)."""
    return len(word) >= 4 and word[0] == "ن" and word[1] not in "اوي"


def is_era(toks: list[_Tok], i: int) -> bool:
    """True when "اليوم"/"الأمس" at token i means nowadays/the past era, not a day."""
    word = toks[i].text
    forms = _strip_clitics(word)
    if TODAY not in forms and YESTERDAY not in forms:
        return False
    if i > 0 and nowadays_noun(toks[i - 1].text):
        return True  # "عالم اليوم", "شباب اليوم", "سودان اليوم", "جزائر الأمس"
    if (
        i > 1
        and toks[i - 1].kind == "word"
        and _definite(toks[i - 1].text)
        and nowadays_noun(toks[i - 2].text)
    ):
        return True  # "شباب الجنوب اليوم", "أطفال المخيمات اليوم": the noun's complement between
    if word.startswith(("ك", "وك")):
        return True  # "كاليوم", "كالأمس": like today, a comparison
    if word == TODAY and i > 0 and toks[i - 1].text == _IN_WORD and _count_before(toks, i - 1):
        return True  # "6 آلاف طن في اليوم", "10 ساعات فقط في اليوم": a rate, per day
    if TODAY not in forms:
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is not None and nxt.kind == "word" and nxt.text in _WEEKDAYS:
        return False  # "اليوم الخميس": the report's day
    if nxt is not None and nxt.kind == "word" and nxt.text in _A_DAY:
        return True  # "أجر اليوم الواحد": a day's wage, not the report's day
    if (
        nxt is not None
        and nxt.kind == "num"
        and (
            i + 2 >= len(toks)
            or toks[i + 2].kind != "word"
            or (i > 0 and (toks[i - 1].kind == "punct" or toks[i - 1].text in _OUTLET_NOUNS))
        )
    ):
        return True  # "«اليوم 24»": a name; not "أعلنت الوزارة اليوم 5 إصابات" (a count follows)
    start = _clause_start(toks, i)
    words = [t for t in toks[start:i] if t.kind == "word"]
    while words and words[0].text in _OPENERS:
        words = words[1:]
    if words and any(f in _EXISTENTIAL for f in _strip_clitics(words[0].text)[:2]):
        return True  # "هناك اختلال في التوازنات اليوم", "وهناك اليوم اعترافات"
    if not words or word.startswith(("و", "ف")):  # "اليوم"/"واليوم" opens a clause
        if nxt is None or nxt.kind != "word":
            return False
        return (word.startswith(("و", "ف")) and nxt.text in _CONTRAST_NEXT) or _first_person_present(nxt.text)
    next_is_predicate = nxt is not None and nxt.kind == "word" and nxt.text in _PREDICATE_NEXT
    if len(words) <= 2 and _definite(words[0].text) and all(_definite(w.text) for w in words):
        return True  # "هل الجنوب اليوم", "والنتيجة اليوم أن": the subject of a nominal sentence
    prev = toks[i - 1]
    # "… والواضح اليوم أن": a definite word with its own conjunction opens a nominal clause
    return prev.kind == "word" and prev.text.startswith(("وال", "فال")) and next_is_predicate


def numeric_date_after(toks: list[_Tok], k: int) -> bool:
    """Whether the number at token k opens a numeric date ("2026-05-12", "2026/5"): a separator glued
    to it and a number after ("2026." ending a sentence is a year)."""
    return (
        k + 2 < len(toks)
        and toks[k + 1].text in "-/."
        and toks[k + 1].fstart == toks[k].fend
        and toks[k + 2].kind == "num"
    )


def qualified_year(toks: list[_Tok], i: int, ref: datetime.date) -> tuple[int, int, list[str], str] | None:
    """ "نهاية العام", "مطلع السنة": (start, end, values, precision) in the reference year, or None.

    "نهاية العام الماضي" and "العام الحالي" are relative phrases of their own; an adjective after the
    year word ("نهاية العام الدراسي", "العام المالي") is another year, and "العام" alone is too often
    the adjective "general" to be a date without the qualifier.
    """
    if toks[i].kind != "word" or i + 1 >= len(toks):
        return None
    nxt = toks[i + 1]
    if nxt.kind == "word" and nxt.text not in _YEAR_WORDS and nxt.text != _MONTH_WORD_DEF:
        return None  # cheap exit: most words are followed by neither a year word nor a year
    year = toks[i + 1]
    season = next((f for f in _strip_clitics(toks[i].text) if f in _SEASONS), None)
    if season is not None and year.kind == "num" and len(year.text) == 4 and 1900 <= int(year.text) <= 2100:
        return i, i + 2, [year.text], "year"  # "صيف 2026"
    qualifier = next((f for f in _strip_clitics(toks[i].text) if f in _QUALIFIERS), None)
    if qualifier is None:
        return None
    month = _QUALIFIERS[qualifier]
    if year.kind == "num" and len(year.text) == 4 and 1900 <= int(year.text) <= 2100:
        if numeric_date_after(toks, i + 1):
            return None  # the start of a numeric date ("نهاية 2026." ends a sentence)
        y = int(year.text)  # "نهاية 2027"
        return (
            (i, i + 2, [f"{y:04d}-{month:02d}", str(y)], "month") if month else (i, i + 2, [str(y)], "year")
        )
    if year.kind == "word" and year.text == _MONTH_WORD_DEF:
        after = toks[i + 2] if i + 2 < len(toks) else None
        if after is not None and after.kind == "word" and _definite(after.text):
            return None  # "نهاية الشهر الجاري" is a phrase of its own
        return i, i + 2, [f"{ref.year:04d}-{ref.month:02d}"], "month"  # "بداية الشهر"
    if year.kind != "word" or year.text not in _YEAR_WORDS:
        return None
    after = toks[i + 2] if i + 2 < len(toks) else None
    if after is not None and (after.kind == "num" or (after.kind == "word" and _definite(after.text))):
        return None
    if month is None:
        return i, i + 2, [str(ref.year)], "year"
    return i, i + 2, [f"{ref.year:04d}-{month:02d}", str(ref.year)], "month"


# "فاتح يوليوز" (Maghreb) and "أول أبريل" (Egypt): the first day of the month.
FIRST_DAY_WORDS = frozenset(fold_arabic(w) for w in ("فاتح", "أول", "مستهل", "غرة"))


FIRST_ORDINAL = fold_arabic("الأول")
OF = fold_arabic("من")
MONTH_DUAL = fold_arabic("شهري")
MONTH_WORD = fold_arabic("شهر")


def first_day_as_number(toks: list[_Tok]) -> list[_Tok]:
    """The tokens with "فاتح"/"أول" before a month name read as the number 1 ("فاتح يوليوز" = 1 July),
    and the dual "شهري" before month names read as "شهر" ("خلال شهري يناير وفبراير")."""
    out = list(toks)
    for i, tok in enumerate(toks):
        if (
            i > 0
            and tok.kind == "word"
            and tok.text[:1] == "و"
            and _month_at(toks, i) is not None
            and _month_at(toks, i - 1) is not None
        ):  # "يناير وفبراير": the conjunction is not part of the second month's mention
            out[i] = tok._replace(text=tok.text[1:], start=tok.start + 1, fstart=tok.fstart + 1)
            continue
        if tok.kind == "word" and tok.text.endswith(MONTH_DUAL) and _month_at(toks, i + 1) is not None:
            cut = len(tok.text) - len(MONTH_DUAL)
            if cut <= 1:  # "شهري", "وشهري"
                out[i] = tok._replace(text=tok.text[:-1])
            continue
        if (
            tok.kind == "word"
            and any(f == FIRST_ORDINAL for f in _strip_clitics(tok.text))
            and i + 1 < len(toks)
            and toks[i + 1].text == OF
            and _month_at(toks, i + 2) is not None
        ):  # "الأول من يناير": the first day (the "من" is read as in "15 من يناير")
            cut = len(tok.text) - len(FIRST_ORDINAL)
            out[i] = _Tok("num", "1", tok.start + cut, tok.end, tok.fstart + cut, tok.fend)
            continue
        if tok.kind != "word" or not any(f in FIRST_DAY_WORDS for f in _strip_clitics(tok.text)[:2]):
            continue
        if _month_at(toks, i + 1) is None:
            continue
        stripped = next(f for f in _strip_clitics(tok.text) if f in FIRST_DAY_WORDS)
        cut = len(tok.text) - len(stripped)  # a conjunction stays outside the number: "وفاتح"
        out[i] = _Tok("num", "1", tok.start + cut, tok.end, tok.fstart + cut, tok.fend)
    return out


def coordinated_months(toks: list[_Tok], hits: list[_Abs]) -> list[_Abs]:
    """The hits with month names joined by و to a month found ("شهري يناير وفبراير", "في مارس وأبريل
    2023"): the coordinated month is a mention too, and a year written after the last one is the
    year of them all."""
    by_start = {h.start: h for h in hits}
    taken = {k for h in hits for k in range(h.start, h.end)}
    added: list[_Abs] = []
    dated: dict[int, int] = {}
    for hit in hits:
        chain = [hit]
        j = hit.end
        while hit.precision == "month" and hit.day is None and j < len(toks) and toks[j].kind == "word":
            if not _after_wa(toks, j):
                break
            if j in by_start:  # "وأبريل 2023" found on its own (its year anchors it)
                chain.append(by_start[j])
                j = by_start[j].end
                continue
            found = _month_at(toks, j)
            if j in taken or found is None or found[0].calendar != hit.calendar or found[0].needs_anchor:
                break
            month, nxt, _ = found
            new = _Abs(
                j, nxt, hit.calendar, hit.year, (month.number,), None, "month", direction=hit.direction
            )
            added.append(new)
            chain.append(new)
            j = nxt
        year = chain[-1].year
        if len(chain) > 1 and year is not None:
            dated.update({id(link): year for link in chain[:-1] if link.year is None})
    out = [replace(h, year=dated[id(h)]) if id(h) in dated else h for h in hits + added]
    return sorted(out, key=lambda h: h.start)


def coordinated_years(toks: list[_Tok], hits: list[_Abs]) -> list[_Abs]:
    """A year joined by و to a year mention ("خلال عامي 2026 و2027", "عام 2019 و2020") is one too."""
    taken = {k for h in hits for k in range(h.start, h.end)}
    added = []
    for hit in hits:
        j = hit.end
        if (
            hit.precision == "year"
            and j + 1 < len(toks)
            and toks[j].text == "و"
            and toks[j].fend == toks[j + 1].fstart  # "و2027", not "و 2027 طالبا"
            and toks[j + 1].kind == "num"
            and len(toks[j + 1].text) == 4
            and 1900 <= int(toks[j + 1].text) <= 2100
            and j + 1 not in taken
            and not numeric_date_after(toks, j + 1)
        ):
            added.append(_Abs(j + 1, j + 2, hit.calendar, int(toks[j + 1].text), (), None, "year"))
    return sorted(hits + added, key=lambda h: h.start) if added else hits


def _after_wa(toks: list[_Tok], j: int) -> bool:
    """Token j follows a و: its own ("وفبراير"), one cut off by first_day_as_number, or a separate one."""
    if toks[j].text[:1] == "و" or toks[j - 1].text == "و":
        return True
    return toks[j - 1].kind != "punct" and toks[j].fstart - toks[j - 1].fend == 2


def previous_year(toks: list[_Tok], i: int, ref: datetime.date) -> tuple[int, int, list[str], str] | None:
    """ "العام السابق", "السنة السابقة": the year before the reference date's."""
    if i + 1 >= len(toks) or toks[i].kind != "word" or toks[i + 1].text not in _PREVIOUS_WORDS:
        return None
    if not any((f, toks[i + 1].text) in _PREVIOUS_YEAR for f in _strip_clitics(toks[i].text)):
        return None
    return i, i + 2, [str(ref.year - 1)], "year"
