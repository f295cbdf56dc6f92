"""Date vocabulary shared by date parsing and date mentions: month and weekday names, folding with offsets."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import NamedTuple

from pipeline.core.text import fold_arabic, fold_word, memo

LOGGER = logging.getLogger(__name__)

MIN_YEAR = 1900  # parse_date: publication dates
MAX_YEAR = 2100
MIN_MENTION_YEAR = 1000  # find_dates: history is mentioned in the body ("عام 1516")

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
_YEAR_WORDS = _words("عام العام سنة السنة عامي سنتي year")  # عامي/سنتي: the dual, "عامي 2026 و2027"
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
    _rel(
        _unit,
        -1,
        f"{_ar} الماضي",
        f"{_ar} المنصرم",
        f"{_ar} الفائت",
        f"{_ar} الفارط",
        f"last {_unit}",
        f"past {_unit}",
    )
    _rel(_unit, 1, f"{_ar} المقبل", f"{_ar} القادم", f"next {_unit}")
_rel("year", 0, "هذه السنة", "السنة الحالية", "السنة الجارية")
_rel("year", -1, "السنة الماضية", "السنة الفارطة", "قبل عام", "قبل سنة")
_rel("year", -2, "قبل عامين", "قبل سنتين")
_rel("year", 1, "السنة المقبلة", "السنة القادمة")
# A season of the year that has passed: the year of the last such season over before the reference day
# (the offset is the season's last month): "الصيف الماضي" said in February is last year's summer.
_rel("past_season", 5, "الربيع الماضي")
_rel("past_season", 8, "الصيف الماضي")
_rel("past_season", 11, "الخريف الماضي")
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
        end = index[e]  # _end, inline: this loop runs for every word of every paragraph
        if index[e - 1] >= end:
            end = index[e - 1] + 1
        out.append(_Tok(kind, text, index[s], end, s, e))
    return out


def _end(index: list[int], fend: int) -> int:
    """Original end offset of a folded span ending at fend, with trailing diacritics ("مساءً")."""
    return max(index[fend], index[fend - 1] + 1)


@memo(50_000)
def _strip_clitics(word: str) -> tuple[str, ...]:
    """The word and its forms without a leading و/ف and ب/ل/ك ("وبشباط" -> "شباط", "للعام" -> "العام")."""
    if not word or word[0] < "\u0600":
        return (word,)  # a Latin word or a number has no Arabic clitic
    forms = [word]
    w = word
    if len(w) > 2 and w[0] in "وف":
        w = w[1:]
        forms.append(w)
    if len(w) > 3 and w.startswith("لل"):
        forms.append("ال" + w[2:])
    elif len(w) > 2 and w[0] in "بلك":
        forms.append(w[1:])
    return tuple(forms)
