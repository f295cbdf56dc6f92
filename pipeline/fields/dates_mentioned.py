"""Dates mentioned in body text: absolute and relative expressions resolved against the publication date."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.core.datescan import _Abs, _iso, _month_heads, _resolve, _scan_absolute, _skip_sep, _word_in
from pipeline.core.datewords import (
    _BARE_WEEKDAYS,
    _GREG,
    _MAX_REL_WORDS,
    _NEXT_WORDS,
    _PAST_WORDS,
    _QUALIFIERS,
    _REL_FIRST_WORDS,
    _REL_PHRASES,
    _TODAY_NOT_AFTER,
    _TODAY_NOT_BEFORE,
    _WEEKDAY_LEADS,
    _WEEKDAYS,
    _YEAR_WORDS,
    MIN_MENTION_YEAR,
    _fold_map,
    _strip_clitics,
    _Tok,
    _tokens,
)
from pipeline.core.text import fold_arabic
from pipeline.fields.datesense import (
    _PREVIOUS_WORDS,
    _SEASONS,
    OF,
    coordinated_months,
    coordinated_years,
    first_day_as_number,
    is_era,
    numeric_date_after,
    previous_year,
    qualified_year,
)


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


# --------------------------------------------------------------------------- find_dates


# Words before a weekday ("ليل الخميس", "منتصف ليل الجمعة") beside the shared ones (يوم، مساء، صباح …).
_LEADS = _WEEKDAY_LEADS | frozenset(fold_arabic(w) for w in ("ليل", "منتصف"))
# Between a weekday and the full date that anchors it: "يوم الأربعاء الموافق 15 مايو 2024".
_ANCHOR_WORDS = frozenset(fold_arabic(w) for w in ("الموافق", "الموافقة", "المصادف", "المصادفة"))
# After "في 1989": a year, unless a counted noun follows ("في 2000 منزل").
_AFTER_YEAR = frozenset(
    fold_arabic(w)
    for w in (
        "و",
        "وهو",
        "وهي",
        "حيث",
        "نحو",
        "من",
        "إلى",
        "الى",
        "على",
        "عن",
        "عندما",
        "حين",
        "بعد",
        "قبل",
        "ثم",
        "أي",
    )
)
# Words that make the year after them a date the way "في" does: "خلال 2026", "بحلول 2030", "أفق 2028".
_YEAR_LEADS = frozenset(fold_arabic(w) for w in ("في", "خلال", "بحلول", "منذ", "حتى", "أفق", "افق", "مطلع"))
_FIRSTS = _REL_FIRST_WORDS | _LEADS
_BEFORE = fold_arabic("قبل")
_NOW = fold_arabic("الآن")
_YEAR_PARTS = frozenset(fold_arabic(w) for w in ("الربع", "النصف", "الثلث", "الثلاثي", "الفصل", "السداسي"))
_YEAR_KINDS = frozenset(
    fold_arabic(w)
    for w in ("المالي", "المالية", "الدراسي", "الدراسية", "الأكاديمي", "الأكاديمية", "الجامعي", "الجامعية")
)


def _week_value(monday: datetime.date) -> str:
    """A week as its ISO week ('2024-W11'): the precision the text has, never a month."""
    year, week, _ = monday.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _anchor_end(toks: list[_Tok], b: int) -> int:
    """Token index after a separator and "الموافق" between a weekday and its date."""
    j = _skip_sep(toks, b)
    if j < len(toks) and toks[j].kind == "punct" and toks[j].text == "(":
        j = _skip_sep(toks, j + 1)  # "اليوم الثلاثاء (10 حزيران 2025)"
    while (
        j < len(toks)
        and toks[j].kind == "word"
        and any(f in _ANCHOR_WORDS for f in _strip_clitics(toks[j].text))
    ):
        j = _skip_sep(toks, j + 1)
    return j


def _corresponding(
    toks: list[_Tok], paragraph: str, spans: list[tuple[int, int, DateMention | None]]
) -> list[tuple[int, int, DateMention | None]]:
    """A date and the date "الموافق" it (another calendar) are one mention, with the second's value."""
    out: list[tuple[int, int, DateMention | None]] = []
    for a, b, date in sorted(spans, key=lambda x: x[0]):
        if out and date is not None and date.precision == "day":
            pa, pb, prev = out[-1]
            between = {f for t in toks[pb:a] if t.kind == "word" for f in _strip_clitics(t.text)}
            if (
                prev is not None
                and prev.precision == "day"
                and between & _ANCHOR_WORDS
                and _anchor_end(toks, pb) == a
            ):
                out[-1] = (pa, b, replace(date, text=paragraph[prev.start : date.end], start=prev.start))
                continue
        out.append((a, b, date))
    return out


def _part_of_year(toks: list[_Tok], i: int) -> bool:
    """ "الربع الأول من 2027", "النصف الثاني من 2025" (a part of the year: the year is the date) and
    "السنة المالية 2026", "العام الدراسي 2025" (a kind of year) before the year at i + 1."""
    if i >= 2 and toks[i].text == OF and any(f in _YEAR_PARTS for f in _strip_clitics(toks[i - 2].text)):
        return True
    return (
        i >= 1
        and toks[i].text in _YEAR_KINDS
        and any(f in _YEAR_WORDS for f in _strip_clitics(toks[i - 1].text))
    )


def _year_after_in(toks: list[_Tok], i: int) -> bool:
    """ "في 1989" (and "وفي 2024 نحو", "خلال 2026", "بحلول 2030"): a year, the way عام 1989 is."""
    if toks[i].kind != "word" or i + 1 >= len(toks) or toks[i + 1].kind != "num":
        return False
    part = _part_of_year(toks, i)
    if not part and not any(f in _YEAR_LEADS for f in _strip_clitics(toks[i].text)):
        return False
    year = toks[i + 1]
    if year.kind != "num" or len(year.text) != 4 or not 1900 <= int(year.text) <= 2100:
        return False
    if numeric_date_after(toks, i + 1):
        return False  # the start of a numeric date ("2028." ends a sentence)
    if part:
        return True  # after "السنة المالية" or "الربع الأول من" the number is a year whatever follows
    nxt = toks[i + 2] if i + 2 < len(toks) else None
    return nxt is None or nxt.kind != "word" or any(f in _AFTER_YEAR for f in _strip_clitics(nxt.text))


_NOWADAYS_KEYS = frozenset({("اليوم",), (fold_arabic("الأمس"),)})


def _shift_month(day: datetime.date, months: int) -> tuple[int, int]:
    total = day.year * 12 + day.month - 1 + months
    return total // 12, total % 12 + 1


def _before_what(toks: list[_Tok], j: int) -> bool:
    """ "قبل عام من الانتخابات": "من" names what the year is before (not "من الآن")."""
    return toks[j].text == OF and not (j + 1 < len(toks) and toks[j + 1].text == _NOW)


def _relative_at(toks: list[_Tok], i: int, ref: datetime.date) -> tuple[int, int, list[str], str] | None:
    """A relative expression at token i: (start, end, values, precision)."""
    if toks[i].kind != "word":
        return None
    firsts = _strip_clitics(toks[i].text)
    if not any(f in _FIRSTS for f in firsts):
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
            if key in _NOWADAYS_KEYS and is_era(toks, i):
                return None  # "عالم اليوم", "والنتيجة اليوم أن", "هناك اليوم": an era, not a day
            if (
                key[0] == _BEFORE
                and i + n < len(toks)
                and (toks[i + n].kind == "num" or _before_what(toks, i + n))
            ):
                return None  # "قبل عام من الانتخابات", "قبل عام 2011": before something else, not ago
            start = i
            qualifier = None
            if unit in ("year", "jay", "month") and i > 0 and toks[i - 1].kind == "word":
                for form in _strip_clitics(toks[i - 1].text):
                    if form in _QUALIFIERS:
                        start, qualifier = i - 1, form
                        break
            if unit == "day":
                end = i + n
                if key == ("اليوم",) and end < len(toks) and toks[end].text in _WEEKDAYS:
                    end += 1  # "اليوم الأربعاء (الموافق …)": one mention with its weekday
                return start, end, [(ref + datetime.timedelta(days=offset)).isoformat()], "day"
            if unit == "week":
                monday = ref - datetime.timedelta(days=ref.weekday()) + datetime.timedelta(weeks=offset)
                return start, i + n, [_week_value(monday)], "week"
            if unit == "month":
                y, m = _shift_month(ref, offset)
                return start, i + n, [_iso(y, m, None)], "month"
            if unit == "anaphor":
                return start, i + n, [], "anaphor"
            if unit == "past_season":  # the offset is the season's last month
                return start, i + n, [str(ref.year if ref.month > offset else ref.year - 1)], "year"
            years = [ref.year + offset] + ([ref.year + 1] if unit == "jay" else [])
            month = _QUALIFIERS.get(qualifier) if qualifier else None
            if month is not None:
                return start, i + n, [_iso(y, month, None) for y in years], "month"
            return start, i + n, [str(y) for y in years], "year"
    # weekdays: "يوم الخميس", "الخميس الماضي", "on Thursday"
    wd: int | None = None
    start, j = i, i
    if _word_in(toks, i, _LEADS) and i + 1 < len(toks) and toks[i + 1].text in _WEEKDAYS:
        wd, j = _WEEKDAYS[toks[i + 1].text], i + 2
    elif toks[i].text in _BARE_WEEKDAYS and _word_in(toks, i + 1, _PAST_WORDS | _NEXT_WORDS):
        wd, j = _BARE_WEEKDAYS[toks[i].text], i + 1
    elif (
        toks[i].text in _BARE_WEEKDAYS
        and 0 < i < len(toks) - 1
        and toks[i - 1].text in ("،", ",")
        and toks[i + 1].text in ("،", ",")
    ):
        wd, j = _BARE_WEEKDAYS[toks[i].text], i + 1  # "أعلن الوزير، الأربعاء، أن": the news day
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


@functools.lru_cache(maxsize=1)
def _date_words() -> frozenset[str]:
    """Every word a date expression without digits needs (as one of its clitic forms): a month name's
    first word, a relative phrase's first word, a weekday, a season, a qualifier, "السابق"."""
    return (
        frozenset(key[0] for key in _REL_PHRASES)
        | frozenset(_WEEKDAYS)
        | frozenset(_BARE_WEEKDAYS)
        | frozenset(_QUALIFIERS)
        | _SEASONS
        | _PREVIOUS_WORDS
        | _month_heads()
    )


def _may_hold_date(toks: list[_Tok]) -> bool:
    """False when no token is a number or a date word: no scanner below can find a date there."""
    words = _date_words()
    return any(t.kind == "num" or any(f in words for f in _strip_clitics(t.text)) for t in toks)


def find_dates(paragraphs: Sequence[str], ref: datetime.date | None) -> list[DateMention]:
    """Every date expression in the paragraphs, in order, resolved against the publication date ref."""
    mentions: list[DateMention] = []
    for number, paragraph in enumerate(paragraphs):
        if not paragraph:
            continue
        folded, index = _fold_map(paragraph)
        toks = _tokens(folded, index)
        if not _may_hold_date(toks):
            continue  # most paragraphs of English text: no number, no month, no "today"
        toks = first_day_as_number(toks)
        spans: list[tuple[int, int, DateMention | None]] = []  # token spans; None = anaphor
        absolute = _scan_absolute(toks, paragraph)
        absolute += [
            _Abs(i + 1, i + 2, _GREG, int(toks[i + 1].text), (), None, "year")
            for i in range(len(toks))
            if _year_after_in(toks, i) and not any(h.start <= i + 1 < h.end for h in absolute)
        ]
        absolute = coordinated_years(toks, coordinated_months(toks, absolute))
        absolute.sort(key=lambda h: h.start)
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
        spans = _corresponding(toks, paragraph, spans)  # "3 ربيع الآخر 1447هـ الموافق 25 سبتمبر 2025م"
        if ref is not None:
            covered = {k for a, b, _ in spans for k in range(a, b)}
            i = 0
            while i < len(toks):
                rel = (
                    _relative_at(toks, i, ref) or qualified_year(toks, i, ref) or previous_year(toks, i, ref)
                )
                if rel is None:
                    i += 1
                    continue
                a, b, values, precision = rel
                overlaps = any(k in covered for k in range(a, b))
                anchor = _anchor_end(toks, b)
                followed = anchor in abs_starts  # "يوم الخميس 10 يناير", "الموافق 15 مايو": the date says it
                if followed and not overlaps and precision == "day":
                    # one mention from the weekday to the end of the date that anchors it
                    for n, (sa, sb, date) in enumerate(spans):
                        if sa == anchor and date is not None and date.precision == "day":
                            s = toks[a].start
                            spans[n] = (a, sb, replace(date, text=paragraph[s : date.end], start=s))
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
