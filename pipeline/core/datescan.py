"""Absolute dates over tokens: Gregorian and Hijri day/month/year expressions, resolved to ISO values."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, replace

from pipeline.core.datewords import (
    _GREG,
    _GREG_MARKERS,
    _HIJRI,
    _HIJRI_MARKERS,
    _MAX_MONTH_WORDS,
    _MONTH_TRIGGERS,
    _MONTHS,
    _NEXT_WORDS,
    _PAST_WORDS,
    _QUALIFIERS,
    _SEPARATORS,
    _SINCE_WORDS,
    _YEAR_PREPOSITIONS,
    _YEAR_WORDS,
    LOGGER,
    MAX_YEAR,
    MIN_MENTION_YEAR,
    MIN_YEAR,
    _Month,
    _strip_clitics,
    _Tok,
)
from pipeline.core.text import memo

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
                direction = "nearest"
                if year is None:  # "فاتح شتنبر المقبل", "12 سبتمبر الماضي": the year is the next or the last
                    direction, j = _direction_after(toks, j)
                return _Abs(i, j, calendar, year, _ordered_months(months), day, "day", direction=direction)
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
    # a lone month name: only with a trigger, never a Hijri month without a year, and an ambiguous word
    # ("آب" is also "father") only with الماضي/المقبل after it ("آب الماضي")
    direction, after = _direction_after(toks, j)
    if months[0].calendar == _HIJRI or (
        len(months) == 1 and months[0].needs_anchor and direction == "nearest"
    ):
        return None
    if months[0].english and not original[toks[i].start : toks[i].start + 1].isupper():
        return None
    j = after
    triggered = len(months) == 2 or clitic or direction != "nearest" or _word_in(toks, i - 1, _MONTH_TRIGGERS)
    if not triggered:
        return None
    return _Abs(i, j, _GREG, None, _ordered_months(months), None, "month", direction=direction)


def _direction_after(toks: list[_Tok], j: int) -> tuple[str, int]:
    """ "الماضي" / "المقبل" at token j: ("before" / "after", the index after it), else ("nearest", j).

    "آذار الماضي" said in March is last year's."""
    if j < len(toks) and toks[j].kind == "word":
        if toks[j].text in _PAST_WORDS:
            return "before", j + 1
        if toks[j].text in _NEXT_WORDS:
            return "after", j + 1
    return "nearest", j


def _year_only_at(toks: list[_Tok], i: int) -> _Abs | None:
    """'عام 1929', 'سنة 1966', 'منذ 2011', 'in 2020' (and 'عام 1445 هـ')."""
    if i + 1 >= len(toks) or toks[i + 1].kind != "num":
        return None  # cheap exit: the year is the next token
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
