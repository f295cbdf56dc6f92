"""Dates: parse Arabic/English date lines and meta values, and find the dates mentioned in body text."""

from __future__ import annotations

import datetime
import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.core.text import fold_arabic, fold_word, memo

LOGGER = logging.getLogger(__name__)

MIN_YEAR = 1900  # parse_date: publication dates
MAX_YEAR = 2100
MIN_MENTION_YEAR = 1000  # find_dates: history is mentioned in the body ("عام 1516")


@dataclass(frozen=True)
class ParsedDate:
    """One parsed date/time expression; Hijri input is already converted to Gregorian."""

    year: int
    month: int | None
    day: int | None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    utc_offset_minutes: int | None = None
    text: str = ""
    calendar: str = "gregorian"
    precision: str = "day"
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a body paragraph, resolved to an ISO value."""

    text: str
    value: str
    precision: str
    paragraph: int
    start: int
    end: int
    inferred_year: bool = False
    alternatives: tuple[str, ...] = ()
    relative: bool = False


# --------------------------------------------------------------------------- vocabulary (folded forms)

_GREG = "g"
_HIJRI = "h"


@dataclass(frozen=True)
class _Month:
    calendar: str
    number: int
    standard: bool  # Egyptian/Gulf or English name: wins a conflicting pair
    needs_anchor: bool  # ambiguous word: a month only next to a day number, a year or a paired name
    english: bool = False


def _names(
    words: str, calendar: str, standard: bool, anchor: bool = False, english: bool = False
) -> dict[str, _Month]:
    """Map 'name1 name2|variant ...' (one group per month, in order) to _Month entries."""
    out: dict[str, _Month] = {}
    for number, group in enumerate(words.split(), start=1):
        for name in group.split("|"):
            if name != "-":
                out[fold_arabic(name.replace("_", " "))] = _Month(calendar, number, standard, anchor, english)
    return out


def _words(spaced: str) -> frozenset[str]:
    """Folded forms of space-separated words."""
    return frozenset(fold_arabic(w) for w in spaced.split())


_MONTHS: dict[str, _Month] = {}
# Levantine/Iraqi, Maghrebi and Moroccan names (non-standard side of a pair).
_MONTHS |= _names(
    "كانون_الثاني|كانون_ثاني شباط آذار|اذار نيسان أيار|ايار|مايس حزيران تموز - أيلول|ايلول "
    "تشرين_الأول|تشرين_اول|تشرين_الاول تشرين_الثاني|تشرين_ثاني كانون_الأول|كانون_اول|كانون_الاول",
    _GREG,
    standard=False,
)
_MONTHS |= _names("- - - - - - - آب", _GREG, standard=False, anchor=True)
_MONTHS |= _names(
    "جانفي فيفري - أفريل|افريل ماي جوان جويلية|جويليه|يوليوز أوت|غشت شتنبر - نونبر دجنبر",
    _GREG,
    standard=False,
)
# Egyptian/Gulf names with spelling variants (standard side of a pair).
_MONTHS |= _names(
    "يناير فبراير|فبرایر|ڤبراير مارس أبريل|إبريل|ابريل|ابرايل مايو يونيو|يونيه|يونية "
    "يوليو|يوليه|يولية أغسطس|اغسطس|أغسطوس|اغسطوس|آغسطس سبتمبر|سيبتمبر أكتوبر|اكتوبر|أوكتوبر "
    "نوفمبر|نوڤمبر ديسمبر|دیسمبر|دسمبر",
    _GREG,
    standard=True,
)
_MONTHS |= _names(
    "january february march april may june july august september october november december",
    _GREG,
    standard=True,
    english=True,
)
_MONTHS |= _names(
    "jan feb mar apr - jun jul aug sep|sept oct nov dec", _GREG, standard=True, anchor=True, english=True
)
_MONTHS |= _names(
    "محرم صفر ربيع_الأول|ربيع_اول ربيع_الآخر|ربيع_الثاني|ربيع_ثاني "
    "جمادى_الأولى|جمادى_الأول|جمادى_اولى جمادى_الآخرة|جمادى_الثانية|جمادى_الآخر|جمادى_الثاني "
    "رجب شعبان رمضان شوال ذو_القعدة|ذي_القعدة ذو_الحجة|ذي_الحجة",
    _HIJRI,
    standard=False,
    anchor=True,
)
_MAX_MONTH_WORDS = max(len(k.split()) for k in _MONTHS)

_WEEKDAYS: dict[str, int] = {
    fold_arabic(w): i
    for i, group in enumerate(
        [
            "الإثنين|الاثنين|monday",
            "الثلاثاء|الثلاثا|tuesday",
            "الأربعاء|الاربعاء|wednesday",
            "الخميس|thursday",
            "الجمعة|friday",
            "السبت|saturday",
            "الأحد|الاحد|sunday",
        ]
    )
    for w in group.split("|")
}
_BARE_WEEKDAYS = {w: i for w, i in _WEEKDAYS.items() if w.startswith("ال")}

# Words before a month name that make a lone month name a date ("في آذار", "since March").
_MONTH_TRIGGERS = _words(
    "في خلال منذ شهر مطلع أوائل اوائل أواخر منتصف بداية نهاية أواسط مستهل حتى قبل بعد إلى الى من مع "
    "طوال أول آخر in since until by early late mid during of before after from to last next this"
)
_QUALIFIERS: dict[str, int | None] = {
    # qualifier -> month of the year it points to for year expressions ("مطلع العام" -> January)
    fold_arabic("مطلع"): 1,
    fold_arabic("أوائل"): 1,
    fold_arabic("بداية"): 1,
    fold_arabic("مستهل"): 1,
    fold_arabic("أواخر"): 12,
    fold_arabic("نهاية"): 12,
    fold_arabic("منتصف"): None,
    fold_arabic("أواسط"): None,
    "early": 1,
    "late": 12,
    "mid": None,
}
_YEAR_WORDS = _words("عام العام سنة السنة year")
_YEAR_PREPOSITIONS = _words("منذ حتى in since until")
_PAST_WORDS = _words("الماضي الماضية المنصرم المنصرمة الفائت الفائتة")
_NEXT_WORDS = _words("المقبل المقبلة القادم القادمة")
_SINCE_WORDS = _words("منذ since")
_HIJRI_MARKERS = _words("هـ ه هجري هجرية ah")
_GREG_MARKERS = _words("م ميلادي ميلادية")
_SEPARATORS = frozenset("-/.,،|")

# Relative phrases: folded words -> (unit, offset). Units: day, week, month, year, anaphor.
_REL_PHRASES: dict[tuple[str, ...], tuple[str, int]] = {}


def _rel(unit: str, offset: int, *phrases: str) -> None:
    for phrase in phrases:
        _REL_PHRASES[tuple(fold_arabic(phrase).split())] = (unit, offset)


_rel("day", -1, "أمس", "الأمس", "البارحة", "yesterday")
_rel("day", -2, "أمس الأول", "أول أمس")
_rel("day", 0, "اليوم", "today")
_rel("day", 1, "غدا", "يوم غد", "tomorrow")
_rel("day", 2, "بعد غد")
for _unit, _ar, _ar_fem in (("week", "الأسبوع", False), ("month", "الشهر", False), ("year", "العام", False)):
    _rel(_unit, 0, f"هذا {_ar}", f"{_ar} الحالي", f"{_ar} الجاري", f"this {_unit}")
    _rel(_unit, -1, f"{_ar} الماضي", f"{_ar} المنصرم", f"{_ar} الفائت", f"last {_unit}", f"past {_unit}")
    _rel(_unit, 1, f"{_ar} المقبل", f"{_ar} القادم", f"next {_unit}")
_rel("year", 0, "هذه السنة", "السنة الحالية", "السنة الجارية")
_rel("year", -1, "السنة الماضية")
_rel("year", 1, "السنة المقبلة", "السنة القادمة")
_rel("jay", 0, "العام الجاي")  # colloquial "coming year", mostly a typo for "الجاري": both readings kept
_rel("anaphor", 0, "منذ ذلك الحين", "منذ ذلك الوقت", "منذ ذلك التاريخ", "since then")
_MAX_REL_WORDS = max(len(k) for k in _REL_PHRASES)
_REL_FIRST_WORDS = frozenset(k[0] for k in _REL_PHRASES)

_TODAY_NOT_AFTER = _words(
    "التالي السابق نفسه ذاته الأول الثاني الثالث الأخير السابع الوطني العالمي الدولي الذي"
)
_TODAY_NOT_BEFORE = _words("ذلك نفس ذات روسيا مصر أخبار المصري عرب الجزائر تونس الشرق فلسطين")
_WEEKDAY_LEADS = _words("يوم مساء صباح ليلة فجر ظهر عصر on")

_REL_FIRST_WORDS = _REL_FIRST_WORDS | _WEEKDAY_LEADS | frozenset(_BARE_WEEKDAYS)

_TOKEN_RE = re.compile(r"\d+|[^\W\d_]+|\S")
_TIME_RE = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d{1,9})?)?(?![\d:])"
    r"(?:\s*(?P<ap>صباحا|صباح|ص|مساءا|مساء|م|ظهرا|عصرا|ليلا|فجرا|a\.?m\.?|p\.?m\.?)(?![^\W\d_]))?"
    r"(?:\s*\(?\s*(?:(?P<gmt>gmt|utc|توقيت\s+غرينتش|بتوقيت\s+غرينتش|غرينتش|جرينتش|بتوقيت\s+جرينتش)"
    r"(?:\s*(?P<gs>[+-])\s*(?P<gh>\d{1,2})(?::?(?P<gm>\d{2}))?)?"
    r"|(?P<z>z)(?![^\W\d_])|(?P<os>[+-])(?P<oh>\d{2}):?(?P<om>\d{2})"
    r"|(?P<abbr>[a-z]{2,4})(?![^\W\d_]))\s*\)?)?"
)
_AM = frozenset(("ص", "صباح", "صباحا", "فجرا", "am", "a.m.", "a.m", "am."))
_ZONE_ABBR: dict[str, int | str] = {
    "et": "America/New_York",
    "ct": "America/Chicago",
    "mt": "America/Denver",
    "pt": "America/Los_Angeles",
    "est": -300,
    "edt": -240,
    "cst": -360,
    "cdt": -300,
    "mst": -420,
    "mdt": -360,
    "pst": -480,
    "pdt": -420,
    "bst": 60,
    "cet": 60,
    "cest": 120,
    "eet": 120,
    "eest": 180,
}


# --------------------------------------------------------------------------- folding with offsets


class _Tok(NamedTuple):  # a tuple: far cheaper to make than a frozen dataclass
    kind: str  # num | word | punct
    text: str  # folded
    start: int  # offsets in the original text
    end: int
    fstart: int  # offsets in the folded text
    fend: int


class _CharFolds(dict[int, str]):
    """Code point -> fold_word of the character, filled on first use (a str.translate table)."""

    def __missing__(self, code: int) -> str:
        folded = fold_word(chr(code))
        self[code] = folded
        return folded


_CHAR_FOLDS = _CharFolds()


def _fold_map(text: str) -> tuple[str, list[int]]:
    """Folded text and, for every folded character, the index of the original character."""
    folded = text.translate(_CHAR_FOLDS)  # per character, in C once each character is known
    if all(len(_CHAR_FOLDS[ord(ch)]) == 1 for ch in set(text)):
        return folded, list(range(len(text) + 1))  # one character for one: offsets are the same
    parts: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = _CHAR_FOLDS[ord(ch)]
        parts.append(folded)
        if len(folded) == 1:
            index.append(i)
        else:
            index.extend([i] * len(folded))
    index.append(len(text))
    return "".join(parts), index


def _tokens(folded: str, index: list[int]) -> list[_Tok]:
    out = []
    for m in _TOKEN_RE.finditer(folded):
        s, e = m.span()
        text = m.group()
        kind = "num" if text[0].isdigit() else ("word" if text[0].isalpha() else "punct")
        out.append(_Tok(kind, text, index[s], _end(index, e), s, e))
    return out


def _end(index: list[int], fend: int) -> int:
    """Original end offset of a folded span ending at fend, with trailing diacritics ("مساءً")."""
    return max(index[fend], index[fend - 1] + 1)


def _strip_clitics(word: str) -> list[str]:
    """The word and its forms without a leading و/ف and ب/ل/ك ("وبشباط" -> "شباط", "للعام" -> "العام")."""
    forms = [word]
    w = word
    if len(w) > 2 and w[0] in "وف":
        w = w[1:]
        forms.append(w)
    if len(w) > 3 and w.startswith("لل"):
        forms.append("ال" + w[2:])
    elif len(w) > 2 and w[0] in "بلك":
        forms.append(w[1:])
    return forms


# --------------------------------------------------------------------------- absolute dates over tokens


@dataclass(frozen=True)
class _Abs:
    start: int  # token indexes [start, end)
    end: int
    calendar: str
    year: int | None
    months: tuple[int, ...]  # value month first, then the conflicting alternative if any
    day: int | None
    precision: str  # day | month | year
    year_start_month: int | None = None  # qualifier on a year-only mention ("مطلع عام 2020")
    direction: str = "nearest"  # for year inference, see _infer_year


@memo(100_000)
def _month_forms(word: str) -> tuple[str, ...]:
    """The clitic-stripped forms of a word that can start a month name (usually none)."""
    return tuple(f for f in _strip_clitics(word) if f in _month_heads())


@functools.lru_cache(maxsize=1)
def _month_heads() -> frozenset[str]:
    return frozenset(key.split(" ")[0] for key in _MONTHS)


def _month_at(toks: list[_Tok], i: int) -> tuple[_Month, int, bool] | None:
    """Month name starting at token i: (month, next index, had a ب/ل clitic)."""
    if i >= len(toks) or toks[i].kind != "word":
        return None
    for form in _month_forms(toks[i].text):
        clitic = form != toks[i].text
        for n in range(_MAX_MONTH_WORDS, 0, -1):
            if n > 1:
                if i + n - 1 >= len(toks) or any(t.kind != "word" for t in toks[i + 1 : i + n]):
                    continue
                key = " ".join([form, *(t.text for t in toks[i + 1 : i + n])])
            else:
                key = form
            month = _MONTHS.get(key)
            if month is None or (clitic and month.needs_anchor):
                continue
            j = i + n
            if month.english and len(key) <= 4 and j < len(toks) and toks[j].text == ".":
                j += 1
            head = toks[i].text[: len(toks[i].text) - len(form)]
            return month, j, any(c in "بلك" for c in head)  # "بشباط": the clitic works like "في"
    return None


def _num(toks: list[_Tok], i: int, lo: int, hi: int, width: tuple[int, ...] = (1, 2)) -> int | None:
    if i < len(toks) and toks[i].kind == "num" and len(toks[i].text) in width:
        value = int(toks[i].text)
        if lo <= value <= hi:
            return value
    return None


def _skip_sep(toks: list[_Tok], i: int) -> int:
    return i + 1 if i < len(toks) and toks[i].text in _SEPARATORS else i


def _word_in(toks: list[_Tok], i: int, words: frozenset[str]) -> bool:
    return i < len(toks) and toks[i].kind == "word" and any(f in words for f in _strip_clitics(toks[i].text))


def _month_pair(toks: list[_Tok], i: int) -> tuple[list[_Month], int, bool] | None:
    """A month name, optionally paired ("كانون الثاني/يناير", "نيسان (أبريل)")."""
    first = _month_at(toks, i)
    if first is None:
        return None
    month, j, clitic = first
    months = [month]
    if j < len(toks) and toks[j].text in "/(":
        second = _month_at(toks, j + 1)
        if second is not None and second[0].calendar == month.calendar:
            months.append(second[0])
            j = second[1]
            if j < len(toks) and toks[j].text == ")":
                j += 1
    return months, j, clitic


def _ordered_months(months: list[_Month]) -> tuple[int, ...]:
    """Value month first: in a conflicting pair the standard name wins, else the second one."""
    if len(months) == 1 or months[0].number == months[1].number:
        return (months[0].number,)
    if months[0].standard and not months[1].standard:
        return (months[0].number, months[1].number)
    return (months[1].number, months[0].number)


def _year_after(toks: list[_Tok], j: int) -> tuple[int | None, int]:
    """An optional year after a month: [sep] [عام|سنة] YYYY."""
    k = _skip_sep(toks, j)
    if _word_in(toks, k, _YEAR_WORDS):
        k += 1
    year = _num(toks, k, MIN_MENTION_YEAR, MAX_YEAR, (4,))
    if year is None:
        return None, j
    return year, k + 1


def _calendar_marker(toks: list[_Tok], j: int, calendar: str) -> tuple[str, int]:
    if j < len(toks) and toks[j].text in _HIJRI_MARKERS:
        return _HIJRI, j + 1
    if j < len(toks) and toks[j].text in _GREG_MARKERS and calendar == _GREG and toks[j].kind == "word":
        # "2024 م" (ميلادي): only consumed when no time follows, else "م" is PM
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if nxt is None or nxt.kind != "num":
            return calendar, j + 1
    return calendar, j


def _abs_at(toks: list[_Tok], i: int, original: str) -> _Abs | None:
    """The longest absolute date expression starting at token i."""
    tok = toks[i]
    if tok.kind == "num":
        # numeric dates: 2024/03/16, 16/03/2024, 16.03.2024, 2024-03 (no spaces inside)
        if (
            i + 4 < len(toks)
            and toks[i + 1].text in "-/."
            and toks[i + 3].text == toks[i + 1].text
            and toks[i + 2].kind == "num"
            and toks[i + 4].kind == "num"
            and all(toks[k].fend == toks[k + 1].fstart for k in range(i, i + 4))
            and not (
                i + 5 < len(toks)
                and toks[i + 5].text in "-/."
                and toks[i + 4].fend == toks[i + 5].fstart
                and i + 6 < len(toks)
                and toks[i + 6].kind == "num"
            )
        ):
            a, b, c = toks[i].text, toks[i + 2].text, toks[i + 4].text
            if len(a) == 4 and len(b) <= 2 and len(c) <= 2:
                return _Abs(i, i + 5, _GREG, int(a), (int(b),), int(c), "day")
            if len(a) <= 2 and len(b) <= 2 and len(c) == 4:
                dd, mm = int(a), int(b)
                if mm > 12 >= dd:  # US order when day-first is impossible
                    dd, mm = mm, dd
                return _Abs(i, i + 5, _GREG, int(c), (mm,), dd, "day")
        day = _num(toks, i, 1, 31)
        if day is not None:
            # D [sep] [من] [شهر] MONTH [/MONTH] [[sep] [عام] YYYY] [هـ]
            j = i + 1
            if j < len(toks) and toks[j].kind == "word" and toks[j].text in ("st", "nd", "rd", "th"):
                j += 1
            j = _skip_sep(toks, j)
            if _word_in(toks, j, frozenset(("من", "of"))):
                j += 1
            if _word_in(toks, j, frozenset(("شهر",))):
                j += 1
            pair = _month_pair(toks, j)
            if pair is not None:
                months, j, _ = pair
                year, j = _year_after(toks, j)
                calendar, j = _calendar_marker(toks, j, months[0].calendar)
                if calendar == _HIJRI and year is None:
                    return None
                return _Abs(i, j, calendar, year, _ordered_months(months), day, "day")
        return None
    pair = _month_pair(toks, i)
    if pair is None:
        return None
    months, j, clitic = pair
    # MONTH D, YYYY (English, or any name when the year is written)
    mday = _num(toks, j, 1, 31)
    if mday is not None:
        k = j + 1
        if k < len(toks) and toks[k].text in ("st", "nd", "rd", "th"):
            k += 1
        if not (k < len(toks) and toks[k].text == ":"):  # "March 10:30" is a time
            year, k2 = _year_after(toks, k)
            if months[0].english or year is not None:
                return _Abs(i, k2, months[0].calendar, year, _ordered_months(months), mday, "day")
    year, k = _year_after(toks, j)
    calendar, k = _calendar_marker(toks, k, months[0].calendar)
    if year is not None:
        return _Abs(i, k, calendar, year, _ordered_months(months), None, "month")
    # a lone month name: only with a trigger, never an ambiguous word or a Hijri month without a year
    if months[0].calendar == _HIJRI or (len(months) == 1 and months[0].needs_anchor):
        return None
    if months[0].english and not original[toks[i].start : toks[i].start + 1].isupper():
        return None
    direction = "nearest"
    if j < len(toks) and toks[j].kind == "word":
        if toks[j].text in _PAST_WORDS:  # "آذار الماضي" said in March is last year's
            direction, j = "before", j + 1
        elif toks[j].text in _NEXT_WORDS:
            direction, j = "after", j + 1
    triggered = len(months) == 2 or clitic or direction != "nearest" or _word_in(toks, i - 1, _MONTH_TRIGGERS)
    if not triggered:
        return None
    return _Abs(i, j, _GREG, None, _ordered_months(months), None, "month", direction=direction)


def _year_only_at(toks: list[_Tok], i: int) -> _Abs | None:
    """'عام 1929', 'سنة 1966', 'منذ 2011', 'in 2020' (and 'عام 1445 هـ')."""
    if not _word_in(toks, i, _YEAR_WORDS | _YEAR_PREPOSITIONS):
        return None
    keyword = _word_in(toks, i, _YEAR_WORDS)
    year = _num(toks, i + 1, MIN_MENTION_YEAR if keyword else MIN_YEAR, MAX_YEAR, (4,))
    if year is None:
        return None
    j = i + 2
    if (
        j + 1 < len(toks)
        and toks[j].text in "-/."
        and toks[j + 1].kind == "num"
        and toks[j].fstart == toks[i + 1].fend
    ):
        return None  # the start of a numeric date
    calendar, j = _calendar_marker(toks, j, _GREG)
    return _Abs(i if keyword else i + 1, j, calendar, year, (), None, "year")


def _scan_absolute(toks: list[_Tok], original: str) -> list[_Abs]:
    found: list[_Abs] = []
    i = 0
    while i < len(toks):
        hit = _abs_at(toks, i, original) or _year_only_at(toks, i)
        if hit is None:
            i += 1
            continue
        # a qualifier before a month or year mention ("أوائل شباط", "مطلع عام 2020") joins its text
        start = hit.start
        if hit.precision in ("month", "year") and hit.day is None and start > 0:
            for form in _strip_clitics(toks[start - 1].text):
                if (
                    form in _QUALIFIERS
                    and toks[start - 1].kind == "word"
                    and (not found or found[-1].end < start)
                ):
                    start -= 1
                    if hit.precision == "year" and _QUALIFIERS[form] is not None:
                        hit = replace(hit, precision="month", year_start_month=_QUALIFIERS[form])
                    break
        if hit.year is None and start > 0 and _word_in(toks, start - 1, _SINCE_WORDS):
            hit = replace(hit, direction="past")
        found.append(replace(hit, start=start))
        i = hit.end
    return found


# --------------------------------------------------------------------------- conversions


def _valid(year: int, month: int, day: int | None, lo: int) -> bool:
    if not lo <= year <= MAX_YEAR or not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _hijri_to_greg(year: int, month: int, day: int) -> datetime.date | None:
    try:
        from hijridate import Hijri
    except ImportError:  # pragma: no cover - hijridate is a declared dependency
        LOGGER.warning("hijridate is not installed; Hijri date %d-%d-%d skipped", year, month, day)
        return None
    try:
        g = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return datetime.date(g.year, g.month, g.day)


def _greg_to_hijri_year(day: datetime.date) -> int | None:
    try:
        from hijridate import Gregorian
    except ImportError:  # pragma: no cover
        return None
    try:
        return int(Gregorian(day.year, day.month, day.day).to_hijri().year)
    except (ValueError, OverflowError):
        return None


def _iso(year: int, month: int | None, day: int | None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _infer_year(month: int, day: int | None, ref: datetime.date, direction: str) -> int | None:
    """The year that puts (month, day) nearest to ref, a future reading counting double.

    direction: nearest | past (not after ref, "منذ") | before / after (strictly, "الماضي" / "المقبل").
    """
    best: tuple[int, int] | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        if day is None:
            diff = (year * 12 + month) - (ref.year * 12 + ref.month)
        else:
            if not _valid(year, month, day, MIN_MENTION_YEAR):
                continue
            diff = (datetime.date(year, month, day) - ref).days
        if direction == "past" and diff > 0:
            continue
        if (direction == "before" and diff >= 0) or (direction == "after" and diff <= 0):
            continue
        key = diff * 2 + 1 if diff > 0 else -diff  # news mostly looks back: a future reading counts double
        if best is None or key < best[0]:
            best = (key, year)
    return None if best is None else best[1]


def _resolve(hit: _Abs, ref: datetime.date | None, lo: int) -> tuple[list[str], str, bool, str] | None:
    """(values: value first then alternatives, precision, inferred_year, calendar) for an absolute hit."""
    if hit.precision == "year":
        assert hit.year is not None
        if hit.calendar == _HIJRI:
            first = _hijri_to_greg(hit.year, 1, 1)
            last = _hijri_to_greg(hit.year, 12, 29)
            if first is None or last is None:
                return None
            spanned = [str(first.year)] + ([str(last.year)] if last.year != first.year else [])
            return spanned, "year", False, _HIJRI
        return ([str(hit.year)], "year", False, _GREG) if lo <= hit.year <= MAX_YEAR else None
    if hit.year_start_month is not None and not hit.months:
        assert hit.year is not None
        return [_iso(hit.year, hit.year_start_month, None)], "month", False, _GREG
    values: list[str] = []
    inferred = False
    for month in hit.months:
        if hit.calendar == _HIJRI:
            if hit.year is None:
                return None
            g = _hijri_to_greg(hit.year, month, hit.day or 1)
            if g is None or not lo <= g.year <= MAX_YEAR:
                return None
            values.append(_iso(g.year, g.month, g.day if hit.day else None))
            continue
        year = hit.year
        if year is None:
            if ref is None:
                return None
            year = _infer_year(month, hit.day, ref, hit.direction)
            inferred = True
            if year is None:
                return None
        if not _valid(year, month, hit.day, lo):
            if not values:
                return None
            continue
        values.append(_iso(year, month, hit.day))
    return values, hit.precision, inferred, hit.calendar


# --------------------------------------------------------------------------- parse_date


def _parse_time(
    folded: str, index: list[int], date_span: tuple[int, int]
) -> tuple[re.Match[str], int] | None:
    """The time closest after the date (else the last one before it), with its original end offset."""
    after: re.Match[str] | None = None
    before: re.Match[str] | None = None
    for m in _TIME_RE.finditer(folded):
        if int(m.group("h")) > 23 or int(m.group("mi")) > 59 or int(m.group("s") or 0) > 59:
            continue
        o_start = index[m.start()]
        if o_start >= date_span[1] and after is None:
            after = m
        elif index[m.end() - 1] < date_span[0]:
            before = m
        if after is not None:
            break
    chosen = after or before
    if chosen is None:
        return None
    end = chosen.end()
    if chosen.group("abbr") and chosen.group("abbr") not in _ZONE_ABBR:
        end = chosen.start("abbr")
    return chosen, _end(index, max(end, chosen.start() + 1))


def _offset(m: re.Match[str], day: datetime.date) -> int | None:
    if m.group("gmt"):
        if m.group("gs"):
            minutes = int(m.group("gh")) * 60 + int(m.group("gm") or 0)
            return minutes if m.group("gs") == "+" else -minutes
        return 0
    if m.group("z"):
        return 0
    if m.group("os"):
        minutes = int(m.group("oh")) * 60 + int(m.group("om"))
        return minutes if m.group("os") == "+" else -minutes
    abbr = m.group("abbr")
    zone = _ZONE_ABBR.get(abbr) if abbr else None
    if isinstance(zone, int):
        return zone
    if isinstance(zone, str):
        off = datetime.datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(zone)).utcoffset()
        return None if off is None else int(off.total_seconds() // 60)
    return None


def _hour(m: re.Match[str]) -> int:
    hour = int(m.group("h"))
    marker = (m.group("ap") or "").replace(" ", "")
    if not marker:
        return hour
    if marker in _AM:
        return 0 if hour == 12 else hour
    if marker == "ليلا" and hour <= 4:
        return hour
    return hour + 12 if hour < 12 else hour


def parse_date(text: str) -> ParsedDate | None:
    """Parse one date/time expression (meta value or visible date line); None if there is no valid date."""
    if not isinstance(text, str) or not text.strip():
        return None
    text = text[:2000]
    folded, index = _fold_map(text)
    toks = _tokens(folded, index)
    best: tuple[tuple[int, int, int], _Abs, list[str], str] | None = None
    for hit in _scan_absolute(toks, text):
        if hit.year is None:
            continue
        resolved = _resolve(hit, None, MIN_YEAR)
        if resolved is None:
            continue
        values, precision, _, calendar = resolved
        rank = (int(calendar != _GREG), {"day": 0, "month": 1, "year": 2}[precision], hit.start)
        if best is None or rank < best[0]:
            best = (rank, hit, values, calendar)
    if best is None:
        return None
    _, hit, values, calendar = best
    parts = [int(x) for x in values[0].split("-")]
    year, month, day = parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None
    start, end = toks[hit.start].start, toks[hit.end - 1].end
    result = ParsedDate(
        year=year,
        month=month,
        day=day,
        text=text[start:end],
        calendar="hijri" if calendar == _HIJRI else "gregorian",
        precision={1: "year", 2: "month", 3: "day"}[len(parts)],
        alternatives=tuple(values[1:]),
    )
    if day is None or month is None:
        return result
    found = _parse_time(folded, index, (start, end))
    if found is None:
        return result
    m, t_end = found
    t_start = index[m.start()]
    return replace(
        result,
        hour=_hour(m),
        minute=int(m.group("mi")),
        second=int(m.group("s")) if m.group("s") else None,
        utc_offset_minutes=_offset(m, datetime.date(year, month, day)),
        text=text[min(start, t_start) : max(end, t_end)],
        precision="second" if m.group("s") else "minute",
    )


# --------------------------------------------------------------------------- to_iso / local_date


def _zone(tz: str | None) -> ZoneInfo | None:
    if not tz:
        return None
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        LOGGER.warning("unknown time zone %r", tz)
        return None


def _aware(p: ParsedDate, tz: str | None) -> datetime.datetime | None:
    """The datetime with its written offset, else the offset of zone tz at that date; None if naive."""
    if p.month is None or p.day is None or p.hour is None:
        return None
    naive = datetime.datetime(p.year, p.month, p.day, p.hour, p.minute or 0, p.second or 0)
    if p.utc_offset_minutes is not None:
        return naive.replace(tzinfo=datetime.timezone(datetime.timedelta(minutes=p.utc_offset_minutes)))
    zone = _zone(tz)
    if zone is None:
        return None
    offset = naive.replace(tzinfo=zone).utcoffset()
    if offset is None:  # pragma: no cover - ZoneInfo always answers
        return None
    return naive.replace(tzinfo=datetime.timezone(offset))


def to_iso(p: ParsedDate, tz: str | None) -> str | None:
    """ISO 8601: 'YYYY-MM-DDTHH:MM:SS+HH:MM' with a time (naive without an offset or zone), else the date."""
    if p.month is None:
        return f"{p.year:04d}"
    if p.day is None:
        return f"{p.year:04d}-{p.month:02d}"
    if p.hour is None:
        return f"{p.year:04d}-{p.month:02d}-{p.day:02d}"
    aware = _aware(p, tz)
    if aware is None:
        naive = datetime.datetime(p.year, p.month, p.day, p.hour, p.minute or 0, p.second or 0)
        return naive.isoformat()
    return aware.isoformat()


def local_date(p: ParsedDate, tz: str | None) -> str | None:
    """The calendar date a reader in zone tz saw (explicit offsets converted to tz; naive values kept)."""
    if p.month is None or p.day is None:
        return None
    if p.hour is not None and p.utc_offset_minutes is not None:
        zone = _zone(tz)
        aware = _aware(p, tz)
        if zone is not None and aware is not None:
            return aware.astimezone(zone).date().isoformat()
    return datetime.date(p.year, p.month, p.day).isoformat()


# --------------------------------------------------------------------------- find_dates


def _week_value(monday: datetime.date) -> str:
    """A week as 'YYYY-MM' when it lies in one month, else its ISO week start date."""
    sunday = monday + datetime.timedelta(days=6)
    if (monday.year, monday.month) == (sunday.year, sunday.month):
        return _iso(monday.year, monday.month, None)
    return monday.isoformat()


def _shift_month(day: datetime.date, months: int) -> tuple[int, int]:
    total = day.year * 12 + day.month - 1 + months
    return total // 12, total % 12 + 1


def _relative_at(toks: list[_Tok], i: int, ref: datetime.date) -> tuple[int, int, list[str], str] | None:
    """A relative expression at token i: (start, end, values, precision)."""
    if toks[i].kind != "word":
        return None
    firsts = _strip_clitics(toks[i].text)
    if not any(f in _REL_FIRST_WORDS for f in firsts):
        return None
    for n in range(_MAX_REL_WORDS, 0, -1):
        if i + n > len(toks) or any(t.kind != "word" for t in toks[i : i + n]):
            continue
        for first in firsts:
            key = (first, *(t.text for t in toks[i + 1 : i + n]))
            if key not in _REL_PHRASES:
                continue
            unit, offset = _REL_PHRASES[key]
            if key == ("اليوم",) and (
                _word_in(toks, i + 1, _TODAY_NOT_AFTER) or (i > 0 and toks[i - 1].text in _TODAY_NOT_BEFORE)
            ):
                return None
            start = i
            qualifier = None
            if unit in ("year", "jay", "month") and i > 0 and toks[i - 1].kind == "word":
                for form in _strip_clitics(toks[i - 1].text):
                    if form in _QUALIFIERS:
                        start, qualifier = i - 1, form
                        break
            if unit == "day":
                return start, i + n, [(ref + datetime.timedelta(days=offset)).isoformat()], "day"
            if unit == "week":
                monday = ref - datetime.timedelta(days=ref.weekday()) + datetime.timedelta(weeks=offset)
                return start, i + n, [_week_value(monday)], "week"
            if unit == "month":
                y, m = _shift_month(ref, offset)
                return start, i + n, [_iso(y, m, None)], "month"
            if unit == "anaphor":
                return start, i + n, [], "anaphor"
            years = [ref.year + offset] + ([ref.year + 1] if unit == "jay" else [])
            month = _QUALIFIERS.get(qualifier) if qualifier else None
            if month is not None:
                return start, i + n, [_iso(y, month, None) for y in years], "month"
            return start, i + n, [str(y) for y in years], "year"
    # weekdays: "يوم الخميس", "الخميس الماضي", "on Thursday"
    wd: int | None = None
    start, j = i, i
    if _word_in(toks, i, _WEEKDAY_LEADS) and i + 1 < len(toks) and toks[i + 1].text in _WEEKDAYS:
        wd, j = _WEEKDAYS[toks[i + 1].text], i + 2
    elif toks[i].text in _BARE_WEEKDAYS and _word_in(toks, i + 1, _PAST_WORDS | _NEXT_WORDS):
        wd, j = _BARE_WEEKDAYS[toks[i].text], i + 1
    if wd is None:
        return None
    back = (ref.weekday() - wd) % 7
    if j < len(toks) and toks[j].text in _PAST_WORDS:
        j += 1
        back = back or 7
    elif j < len(toks) and toks[j].text in _NEXT_WORDS:
        j += 1
        back = -((wd - ref.weekday()) % 7 or 7)
    return start, j, [(ref - datetime.timedelta(days=back)).isoformat()], "day"


def find_dates(paragraphs: Sequence[str], ref: datetime.date | None) -> list[DateMention]:
    """Every date expression in the paragraphs, in order, resolved against the publication date ref."""
    mentions: list[DateMention] = []
    for number, paragraph in enumerate(paragraphs):
        if not paragraph:
            continue
        folded, index = _fold_map(paragraph)
        toks = _tokens(folded, index)
        spans: list[tuple[int, int, DateMention | None]] = []  # token spans; None = anaphor
        absolute = _scan_absolute(toks, paragraph)
        abs_starts = {hit.start for hit in absolute}
        for hit in absolute:
            resolved = _resolve(hit, ref, MIN_MENTION_YEAR)
            if resolved is None:
                continue
            values, precision, inferred, _ = resolved
            s, e = toks[hit.start].start, toks[hit.end - 1].end
            spans.append(
                (
                    hit.start,
                    hit.end,
                    DateMention(
                        paragraph[s:e], values[0], precision, number, s, e, inferred, tuple(values[1:])
                    ),
                )
            )
        if ref is not None:
            covered = {k for a, b, _ in spans for k in range(a, b)}
            i = 0
            while i < len(toks):
                rel = _relative_at(toks, i, ref)
                if rel is None:
                    i += 1
                    continue
                a, b, values, precision = rel
                overlaps = any(k in covered for k in range(a, b))
                followed = _skip_sep(toks, b) in abs_starts  # "يوم الخميس 10 يناير": the date says it
                if not overlaps and not followed:
                    s, e = toks[a].start, toks[b - 1].end
                    if precision == "anaphor":
                        spans.append((a, b, DateMention(paragraph[s:e], "", "anaphor", number, s, e)))
                    else:
                        spans.append(
                            (
                                a,
                                b,
                                DateMention(
                                    paragraph[s:e],
                                    values[0],
                                    precision,
                                    number,
                                    s,
                                    e,
                                    alternatives=tuple(values[1:]),
                                    relative=True,
                                ),
                            )
                        )
                i = b
        for _, _, mention in sorted(spans, key=lambda x: x[0]):
            if mention is None:
                continue
            if mention.precision == "anaphor":
                previous = next((m for m in reversed(mentions) if m.precision != "week"), None)
                if previous is None:
                    continue
                mention = replace(mention, value=previous.value, precision=previous.precision, relative=True)
            mentions.append(mention)
    return mentions
