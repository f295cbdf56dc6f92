"""Dates: parse Arabic/English date lines and meta values into dates with zones (publication dates)."""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.core.datescan import _Abs, _resolve, _scan_absolute
from pipeline.core.datewords import (
    _AM,
    _GREG,
    _HIJRI,
    _TIME_RE,
    _ZONE_ABBR,
    MIN_YEAR,
    _end,
    _fold_map,
    _tokens,
)

LOGGER = logging.getLogger(__name__)


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
