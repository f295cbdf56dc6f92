"""Date strings as pages show them (ISO 8601, Arabic display lines, URL paths) -> naive/aware datetimes."""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.text import to_ascii_digits

LOGGER = logging.getLogger(__name__)

# Month names of every system used by Arabic outlets (Egyptian/Gulf, Levantine, Maghrebi) and English.
_MONTHS: dict[str, int] = {}
_MONTH_TABLE = (
    ("كانون الثاني", 1),
    ("كانون الأول", 12),
    ("كانون الاول", 12),
    ("تشرين الثاني", 11),
    ("تشرين الأول", 10),
    ("تشرين الاول", 10),
    ("يناير", 1),
    ("جانفي", 1),
    ("فبراير", 2),
    ("شباط", 2),
    ("فيفري", 2),
    ("مارس", 3),
    ("آذار", 3),
    ("اذار", 3),
    ("أبريل", 4),
    ("ابريل", 4),
    ("إبريل", 4),
    ("نيسان", 4),
    ("أفريل", 4),
    ("افريل", 4),
    ("مايو", 5),
    ("أيار", 5),
    ("ايار", 5),
    ("ماي", 5),
    ("يونيو", 6),
    ("يونية", 6),
    ("حزيران", 6),
    ("جوان", 6),
    ("يوليو", 7),
    ("يولية", 7),
    ("تموز", 7),
    ("جويلية", 7),
    ("أغسطس", 8),
    ("اغسطس", 8),
    ("آب", 8),
    ("أوت", 8),
    ("اوت", 8),
    ("سبتمبر", 9),
    ("أيلول", 9),
    ("ايلول", 9),
    ("أكتوبر", 10),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sept", 9),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
)
_MONTHS.update(dict(_MONTH_TABLE))
_MONTH_RE = "|".join(re.escape(name) for name, _ in sorted(_MONTH_TABLE, key=lambda m: -len(m[0])))
_SEP = r"[\s,،/\-]*"
# "07 أكتوبر 2020", "24 نيسان / أبريل 2020", "8 فيفري 2019", "March 5, 2024"
_DMY = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?{_SEP}(?P<m>{_MONTH_RE})(?:{_SEP}(?:{_MONTH_RE}))?\.?{_SEP}(\d{{4}})",
    re.I,
)
_MDY = re.compile(rf"\b(?P<m>{_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.I)
_ISOISH = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s|]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|GMT|UTC)?)?",
    re.I,
)
_DMY_NUM = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
# "28. 4. 2020" (Czech, Slovak); "28.04.20, 15:20" (a two-digit year, only when a time follows it)
_SPACED_DMY = re.compile(r"(?<![\d.])(\d{1,2})\.\s(\d{1,2})\.\s((?:19|20)\d\d)(?!\d)")
_SHORT_DMY = re.compile(
    r"(?<![\d./-])(\d{1,2})([./])(\d{1,2})\2(\d\d)(?![\d./])(?=\s*[,|\-–]?\s*\d{1,2}:\d\d)"
)
# Japanese era years: 令和2年4月28日 (Reiwa 1 = 2019), 平成31年 (Heisei 1 = 1989); 元 is year one
_ERA = re.compile(r"(令和|平成)\s*(元|\d{1,2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ERA_START = {"令和": 2018, "平成": 1988}
# Vietnamese: "28 tháng 4 năm 2020", "ngày 28 tháng 04, 2020"
_VI = re.compile(r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm|,)?\s+((?:19|20)\d\d)(?!\d)", re.I)
_TIME = re.compile(
    r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(ص|م|صباحا|صباحاً|مساء|مساءً|مساءا|a\.?m\.?|p\.?m\.?)?"
    r"(?:\s*\(?(?:GMT|UTC)\s*([+-]\d{1,2}):?(\d{2})?\)?)?",
    re.I,
)
_PM = ("م", "مساء", "مساءً", "مساءا", "pm", "p.m.", "p.m")
_AM = ("ص", "صباحا", "صباحاً", "am", "a.m.", "a.m")
_EAST_ASIAN_HALF = {"오전": "am", "오후": "pm", "午前": "am", "午後": "pm", "上午": "am", "下午": "pm"}
# Month names of other languages (CLDR, through scripts/month_names.py): "5. März 2020", "5 de marzo de
# 2020", "le 5 mars 2020", "5 ottobre 2020", "Mar. 5, 2020"; the name is looked up, not put in a regex.
# A word's letters, with the vowel signs of Indic scripts (not letters to the re module: "अप्रैल").
_L = r"(?:[^\W\d_]|[\u0900-\u0dff])"
_WORD_DMY = re.compile(
    rf"(?<![\d.])(\d{{1,2}})(?:\.|º|ª|er|st|nd|rd|th)?\s*(?:de\s+|of\s+)?({_L}{{3,}})\.?,?\s*"
    r"(?:de\s+|del\s+|du\s+)?((?:19|20)\d\d)(?!\d)"
)
_WORD_MDY = re.compile(
    rf"(?<!{_L})({_L}{{3,}})\.?\s+(\d{{1,2}})(?:st|nd|rd|th|\.)?,?\s+((?:19|20)\d\d)(?!\d)"
)
# East Asian dates: 2020年3月5日, 2020년 3월 5일, 2023. 11. 7.
_CJK = re.compile(r"((?:19|20)\d\d)\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_DOTTED_YMD = re.compile(r"(?<!\d)((?:19|20)\d\d)\.\s(\d{1,2})\.\s(\d{1,2})\.(?!\d)")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
_MONTH_TABLE_FILE = Path(__file__).with_name("month_names.json")
# Solar Hijri (Jalali) dates of Persian pages: "۹ اردیبهشت ۱۳۹۹", "1399/02/09" (years 1370-1420 only,
# so that a lunar Hijri year, 1425 and later for these decades, is never read as one).
_JALALI_NAMED = re.compile(r"(?<!\d)(\d{1,2})\s*([^\W\d_]{2,})\s*(1[34]\d\d)(?!\d)")
_JALALI_NUM = re.compile(r"(?<!\d)(13[7-9]\d|14[0-2]\d)[/.-](\d{1,2})[/.-](\d{1,2})(?!\d)")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(?:[a-z_\-]+/)?(\d{1,2})/(\d{1,2})(?:/|$)", re.I)
_URL_DATE8 = re.compile(r"/((?:19|20)\d\d)-?(\d\d)-?(\d\d)(?:/|[-_]|\.s?html?)", re.I)
# /2020-04/28/c_139.htm, /2020/0428/c1002-31.html
_URL_DATE_SPLIT = re.compile(r"/((?:19|20)\d\d)(?:-(\d\d)/|/(\d\d))(\d\d)/")


@dataclass(frozen=True)
class Stamp:
    """A date (and maybe a time) read from a page; ``tz`` is None when the text carried no offset."""

    date: dt.date
    time: dt.time | None = None
    tz: dt.tzinfo | None = None
    alt: dt.date | None = None  # the month-first reading of an ambiguous numeric date (11/8/2023)

    def naive(self) -> dt.datetime | None:
        if self.time is None:
            return None
        return dt.datetime.combine(self.date, self.time)


def _tz(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    if text.upper() in {"Z", "GMT", "UTC"}:
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 14 or minutes > 59:
        return None
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not 1990 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _time_after(text: str, start: int) -> tuple[dt.time | None, dt.tzinfo | None]:
    match = _TIME.search(text, start)
    if not match:
        return None, None
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    marker = (match.group(4) or "").lower()
    before = text[max(start, match.start() - 3) : match.start()].strip()
    if not marker and before in _EAST_ASIAN_HALF:  # "오후 3:20", "午後3:20", "下午3:20"
        marker = _EAST_ASIAN_HALF[before]
    if marker in _PM and hour < 12:
        hour += 12
    elif marker in _AM and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None, None
    tz = None
    if match.group(5):
        sign = -1 if match.group(5)[0] == "-" else 1
        tz = dt.timezone(
            sign * dt.timedelta(hours=abs(int(match.group(5))), minutes=int(match.group(6) or 0))
        )
    return dt.time(hour, minute, second), tz


@functools.lru_cache(maxsize=1)
def _world_months() -> dict[str, int]:
    table: dict[str, int] = json.loads(_MONTH_TABLE_FILE.read_text(encoding="utf-8"))
    return table


def month_number(word: str) -> int | None:
    """The month a name means in any language of the table ("März", "marzo", "Οκτωβρίου", "בנובמבר")."""
    key = word.lower().strip(".")
    number = _MONTHS.get(key) or _world_months().get(key)
    if number is None and len(key) > 3 and key[0] in "בלו":  # Hebrew prepositions written onto the name
        number = _world_months().get(key[1:])
    return number


def _named(text: str) -> tuple[dt.date, int] | None:
    """The first date written with a month name of any language: (date, end offset)."""
    found: list[tuple[int, dt.date, int]] = []
    for match in _WORD_DMY.finditer(text):
        month = month_number(match.group(2))
        day = _safe_date(int(match.group(3)), month, int(match.group(1))) if month else None
        if day:
            found.append((match.start(), day, match.end()))
            break
    for match in _WORD_MDY.finditer(text):
        month = month_number(match.group(1))
        day = _safe_date(int(match.group(3)), month, int(match.group(2))) if month else None
        if day:
            found.append((match.start(), day, match.end()))
            break
    if not found:
        return None
    _, day, end = min(found, key=lambda f: f[0])
    return day, end


@functools.lru_cache(maxsize=1)
def _jalali_months() -> dict[str, int]:
    try:
        import jdatetime
    except ImportError:  # pragma: no cover - a declared dependency
        return {}
    return {_persian_letters(name): i for i, name in enumerate(jdatetime.date.j_months_fa, start=1)}


def _persian_letters(text: str) -> str:
    """Arabic yeh/kaf as the Persian letters, without zero-width joiners (spellings of one name)."""
    return text.replace("ي", "ی").replace("ك", "ک").replace("\u200c", "")


def _jalali(year: int, month: int, day: int) -> dt.date | None:
    try:
        import jdatetime
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        found = jdatetime.date(year, month, day).togregorian()
    except (ValueError, OverflowError):
        return None
    return _safe_date(found.year, found.month, found.day)


@functools.lru_cache(maxsize=1)
def _thai_months() -> tuple[re.Pattern[str], dict[str, int]]:
    """Thai month names from CLDR (wide "เมษายน" and abbreviated "เม.ย."), as one pattern."""
    from babel import Locale

    months = Locale.parse("th").months["format"]
    names = {name: int(n) for width in ("wide", "abbreviated") for n, name in months[width].items()}
    alternation = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    era = r"(?:พ\.\s?ศ\.|ค\.\s?ศ\.)?"  # "พ.ศ. 2563" (Buddhist era), "ค.ศ. 2020"
    return re.compile(rf"(?<!\d)(\d{{1,2}})\s*({alternation})\s*{era}\s*(\d{{4}})(?!\d)"), names


def _thai_stamp(text: str) -> Stamp | None:
    """A Thai date; a Buddhist-era year (2563) is the Gregorian year plus 543."""
    if not any("\u0e00" <= c <= "\u0e7f" for c in text):
        return None
    pattern, names = _thai_months()
    match = pattern.search(text)
    if match is None:
        return None
    year = int(match.group(3))
    year = year - 543 if 2400 <= year <= 2700 else year
    day = _safe_date(year, names[match.group(2)], int(match.group(1)))
    if day is None:
        return None
    time, tz = _time_after(text, match.end())
    return Stamp(day, time, tz)


def _jalali_stamp(text: str) -> Stamp | None:
    """A Persian calendar date (month name or numeric), converted to the Gregorian day."""
    letters = _persian_letters(text)
    for match in _JALALI_NAMED.finditer(letters):
        month = _jalali_months().get(match.group(2))
        day = _jalali(int(match.group(3)), month, int(match.group(1))) if month else None
        if day:
            time, tz = _time_after(letters, match.end())
            return Stamp(day, time, tz)
    numeric = _JALALI_NUM.search(text)
    if numeric:
        day = _jalali(int(numeric.group(1)), int(numeric.group(2)), int(numeric.group(3)))
        if day:
            time, tz = _time_after(text, numeric.end())
            return Stamp(day, time, tz)
    return None


def parse_stamp(text: str | None) -> Stamp | None:
    """Read one date (with time and offset when shown) from ISO 8601 or a display line."""
    if not text:
        return None
    text = to_ascii_digits(" ".join(text.split()))
    if not text.isascii():  # the digits of other scripts too: "२८ अप्रैल २०२०"
        text = _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)
    match = _ISOISH.search(text)
    if match:
        day = _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if day:
            if match.group(4) is None:
                time, tz = _time_after(text, match.end())
                return Stamp(day, time, tz)
            hour, minute, second = int(match.group(4)), int(match.group(5)), int(match.group(6) or 0)
            if hour < 24 and minute < 60 and second < 60:
                return Stamp(day, dt.time(hour, minute, second), _tz(match.group(7)))
            return Stamp(day)
    lowered = text.lower()
    for regex, order in ((_DMY, "dmy"), (_MDY, "mdy")):
        match = regex.search(lowered)
        if not match:
            continue
        month = _MONTHS.get(match.group("m").lower())
        if not month:
            continue
        if order == "dmy":
            day = _safe_date(int(match.group(3)), month, int(match.group(1)))
        else:
            day = _safe_date(int(match.group(3)), month, int(match.group(2)))
        if day:
            time, tz = _time_after(lowered, match.end())
            return Stamp(day, time, tz)
    named = _named(text)
    if named:
        time, tz = _time_after(text, named[1])
        return Stamp(named[0], time, tz)
    for regex in (_CJK, _DOTTED_YMD):
        match = regex.search(text)
        if match:
            day = _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if day:
                time, tz = _time_after(text, match.end())
                return Stamp(day, time, tz)
    jalali = _jalali_stamp(text) or _thai_stamp(text)
    if jalali is not None:
        return jalali
    match = _DMY_NUM.search(text)
    if match:
        first, second = int(match.group(1)), int(match.group(2))
        day = _safe_date(int(match.group(3)), second, first)
        slashed = "/" in match.group(0)  # month-first dates are written with slashes (11/8/2023)
        alt = _safe_date(int(match.group(3)), first, second) if slashed and first != second else None
        if day is None:  # 06/13/2019: month first
            day, alt = alt, None
        if day:
            time, tz = _time_after(text, match.end())
            return Stamp(day, time, tz, alt)
    return _rare_numeric(text)


def _rare_numeric(text: str) -> Stamp | None:
    """Day-first dates with spaces or a two-digit year, and Japanese era dates."""
    match = _SPACED_DMY.search(text)
    if match:
        day = _safe_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if day:
            time, tz = _time_after(text, match.end())
            return Stamp(day, time, tz)
    match = _SHORT_DMY.search(text)
    if match:
        first, second, year = int(match.group(1)), int(match.group(3)), 2000 + int(match.group(4))
        day = _safe_date(year, second, first)
        # with slashes the month-first reading (11/08/23) is kept as the alternative, as above
        alt = _safe_date(year, first, second) if match.group(2) == "/" and first != second else None
        if day is None:
            day, alt = alt, None
        if day:
            time, tz = _time_after(text, match.end())
            return Stamp(day, time, tz, alt)
    match = _VI.search(text)
    if match:
        day = _safe_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if day:
            time, tz = _time_after(text, match.end())
            return Stamp(day, time, tz)
    match = _ERA.search(text)
    if match:
        year = _ERA_START[match.group(1)] + (1 if match.group(2) == "元" else int(match.group(2)))
        day = _safe_date(year, int(match.group(3)), int(match.group(4)))
        if day:
            time, tz = _time_after(text, match.end())
            return Stamp(day, time, tz)
    return None


def url_date(url: str | None) -> dt.date | None:
    """The date in a URL path such as /2013/middle_east/8/3/ or /2024/05/13/ or /20240513-."""
    if not url:
        return None
    for regex in (_URL_DATE, _URL_DATE8):
        match = regex.search(url)
        if match:
            day = _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if day:
                return day
    match = _URL_DATE_SPLIT.search(url)
    if match:
        return _safe_date(int(match.group(1)), int(match.group(2) or match.group(3)), int(match.group(4)))
    return None
