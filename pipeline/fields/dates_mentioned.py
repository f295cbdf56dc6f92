"""Dates mentioned in body text: absolute and relative expressions resolved against the publication date."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.core.datescan import _iso, _resolve, _scan_absolute, _skip_sep, _word_in
from pipeline.core.datewords import (
    _BARE_WEEKDAYS,
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
    MIN_MENTION_YEAR,
    _fold_map,
    _strip_clitics,
    _Tok,
    _tokens,
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
