"""parse_date, to_iso and local_date: Arabic and English date lines, meta values, times and zones."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.dates import ParsedDate, local_date, parse_date, to_iso

pytestmark = pytest.mark.unit


def _ymd(text: str) -> tuple[int, int | None, int | None]:
    p = parse_date(text)
    assert p is not None, text
    return p.year, p.month, p.day


# Every month system: (name, month number); each is tested as "14 <name> 2023".
MONTH_NAMES = [
    # Egyptian/Gulf
    ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("أبريل", 4), ("مايو", 5), ("يونيو", 6),
    ("يوليو", 7), ("أغسطس", 8), ("سبتمبر", 9), ("أكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12),
    # Levantine/Iraqi
    ("كانون الثاني", 1), ("شباط", 2), ("آذار", 3), ("نيسان", 4), ("أيار", 5), ("حزيران", 6),
    ("تموز", 7), ("آب", 8), ("أيلول", 9), ("تشرين الأول", 10), ("تشرين الثاني", 11), ("كانون الأول", 12),
    # Algerian/Tunisian
    ("جانفي", 1), ("فيفري", 2), ("أفريل", 4), ("ماي", 5), ("جوان", 6), ("جويلية", 7), ("أوت", 8),
    # Moroccan
    ("يوليوز", 7), ("غشت", 8), ("شتنبر", 9), ("نونبر", 11), ("دجنبر", 12),
    # spelling variants, hamza-less and Persian-letter forms
    ("إبريل", 4), ("ابريل", 4), ("يونيه", 6), ("يونية", 6), ("يوليه", 7), ("يولية", 7),
    ("اغسطس", 8), ("أغسطوس", 8), ("دیسمبر", 12), ("فبرایر", 2), ("اذار", 3), ("ايلول", 9),
    ("كانون ثاني", 1), ("تشرين اول", 10),
    # English
    ("January", 1), ("Feb", 2), ("Sept", 9), ("Sept.", 9), ("December", 12),
]  # fmt: skip


@pytest.mark.parametrize(("name", "month"), MONTH_NAMES)
def test_month_names_in_every_system(name: str, month: int) -> None:
    assert _ymd(f"14 {name} 2023") == (2023, month, 14)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الخميسُ ١٤ أَكْتُوبَر ٢٠٢١", (2021, 10, 14)),  # diacritics + Arabic-Indic digits
        ("۱۴ آبان؟ لا: ۱۴ مارس ۲۰۲۲", (2022, 3, 14)),  # Persian digits; unknown word ignored
        ("2024/03/16", (2024, 3, 16)),
        ("16/03/2024", (2024, 3, 16)),
        ("16.03.2024", (2024, 3, 16)),
        ("16-3-2024", (2024, 3, 16)),
        ("03/25/2024", (2024, 3, 25)),  # day-first impossible: month/day
        ("05/04/2024", (2024, 4, 5)),  # ambiguous: day-first as Arab outlets write
        ("16-مارس-2024", (2024, 3, 16)),
        ("16 ـ مارس ـ 2024", (2024, 3, 16)),  # tatweel as a separator
        ("16 من شهر مارس عام 2024", (2024, 3, 16)),
        ("في 9 فبراير، 2023", (2023, 2, 9)),
        ("March 16, 2024", (2024, 3, 16)),
        ("16 March 2024", (2024, 3, 16)),
        ("Sept. 3rd, 2019", (2019, 9, 3)),
        ("السبت 1 حزيران 2019", (2019, 6, 1)),
        ("الاحد 2 حزيران 2019", (2019, 6, 2)),
        ("الإثنين/الاثنين 3 حزيران 2019", (2019, 6, 3)),
    ],
)
def test_day_month_year_forms(text: str, expected: tuple[int, int, int]) -> None:
    assert _ymd(text) == expected


def test_paired_month_names() -> None:
    assert _ymd("7 يناير/ كانون الثاني، 2013") == (2013, 1, 7)
    assert _ymd("24 نيسان / أبريل 2020") == (2020, 4, 24)
    assert _ymd("3 آب/اغسطس 2015") == (2015, 8, 3)
    assert _ymd("11 كانون الثاني/يناير 2024") == (2024, 1, 11)
    assert _ymd("5 حزيران (يونيو) 1967") == (1967, 6, 5)
    p = parse_date("2 تشرين الأول/نوفمبر 2023")  # conflicting pair: the standard name wins
    assert p is not None
    assert (p.month, p.day, p.alternatives) == (11, 2, ("2023-10-02",))
    q = parse_date("2 نوفمبر/تشرين الأول 2023")
    assert q is not None
    assert (q.month, q.alternatives) == (11, ("2023-10-02",))


def test_month_precision_and_year_only() -> None:
    p = parse_date("نيسان 2020")
    assert p is not None
    assert (p.year, p.month, p.day, p.precision) == (2020, 4, None, "month")
    assert to_iso(p, "Asia/Amman") == "2020-04"
    assert local_date(p, "Asia/Amman") is None
    y = parse_date("عام 1966")
    assert y is not None
    assert (y.year, y.month, y.precision) == (1966, None, "year")
    assert to_iso(y, None) == "1966"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "لا تاريخ هنا",
        "31 فبراير 2024",
        "13/13/2024",
        "2024-13-01",
        "30 February 2023",
        "5 مارس 1850",
        "5 مارس 2150",
        "رجب طيب أردوغان",
        "آب",
        "صفر",
        "44 غارة جوية",
        "الساعة 10:30",
        "10 آب",  # no year: a date line needs one
    ],
)
def test_no_date_or_impossible(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "hour", "minute"),
    [
        ("3 مايو 2024 12:09 م", 12, 9),
        ("3 مايو 2024 09:22 مساءً", 21, 22),
        ("3 مايو 2024 09:22 مساء", 21, 22),
        ("3 مايو 2024 09:22 ص", 9, 22),
        ("3 مايو 2024 08:05 صباحًا", 8, 5),
        ("3 مايو 2024 12:30 ص", 0, 30),
        ("3 مايو 2024 23:45", 23, 45),
        ("3 مايو 2024 الساعة 10:30", 10, 30),
        ("3 مايو 2024 - ١٠:٣٠ م", 22, 30),
        ("May 3, 2024 4:05 PM", 16, 5),
        ("May 3, 2024 12:15 a.m.", 0, 15),
    ],
)
def test_times(text: str, hour: int, minute: int) -> None:
    p = parse_date(text)
    assert p is not None
    assert (p.year, p.month, p.day, p.hour, p.minute) == (2024, 5, 3, hour, minute)
    assert p.precision == "minute"


def test_iso_and_rfc822_with_offsets() -> None:
    p = parse_date("2024-03-16T10:30:00+03:00")
    assert p is not None
    assert (p.hour, p.minute, p.second, p.utc_offset_minutes, p.precision) == (10, 30, 0, 180, "second")
    assert to_iso(p, "Europe/London") == "2024-03-16T10:30:00+03:00"  # written offset wins
    z = parse_date("2024-03-16T22:30:00Z")
    assert z is not None
    assert z.utc_offset_minutes == 0
    assert to_iso(z, None) == "2024-03-16T22:30:00+00:00"
    r = parse_date("Sat, 16 Mar 2024 10:30:00 +0300")
    assert r is not None
    assert to_iso(r, None) == "2024-03-16T10:30:00+03:00"
    m = parse_date("Sat, 16 Mar 2024 10:30:00 -0530")
    assert m is not None
    assert m.utc_offset_minutes == -330
    frac = parse_date("2024-03-16T10:30:00.123456+01:00")
    assert frac is not None
    assert (frac.second, frac.utc_offset_minutes) == (0, 60)
    g = parse_date("الأربعاء 28 آب 2013، آخر تحديث 14:00 (GMT+0400)")
    assert g is not None
    assert g.utc_offset_minutes == 240


def test_english_update_line_with_us_zone() -> None:
    p = parse_date("Updated 10:30 AM ET, Sat March 16, 2024")
    assert p is not None
    assert (p.year, p.month, p.day, p.hour, p.minute) == (2024, 3, 16, 10, 30)
    assert p.utc_offset_minutes == -240  # New York switched to EDT on 2024-03-10
    w = parse_date("Updated 10:30 AM ET, Fri March 1, 2024")
    assert w is not None
    assert w.utc_offset_minutes == -300


def test_to_iso_uses_zone_offset_at_that_date() -> None:
    summer = parse_date("10 مايو 2024 09:00")
    winter = parse_date("7 أكتوبر 2020 09:00")
    amman = parse_date("24 نيسان 2020 21:22")
    assert summer is not None and winter is not None and amman is not None
    assert to_iso(summer, "Africa/Cairo") == "2024-05-10T09:00:00+03:00"  # DST re-introduced in 2023
    assert to_iso(winter, "Africa/Cairo") == "2020-10-07T09:00:00+02:00"  # no DST in 2020
    assert to_iso(amman, "Asia/Amman") == "2020-04-24T21:22:00+03:00"
    assert to_iso(amman, None) == "2020-04-24T21:22:00"  # no offset known: naive
    assert to_iso(amman, "Not/AZone") == "2020-04-24T21:22:00"
    day = parse_date("10 مايو 2024")
    assert day is not None
    assert to_iso(day, "Africa/Cairo") == "2024-05-10"


def test_local_date_converts_explicit_offsets_only() -> None:
    p = parse_date("2013-01-07T23:30:00Z")
    assert p is not None
    assert local_date(p, "Asia/Riyadh") == "2013-01-08"
    assert local_date(p, "America/New_York") == "2013-01-07"
    assert local_date(p, None) == "2013-01-07"
    naive = parse_date("7 يناير 2013 23:30")
    assert naive is not None
    assert local_date(naive, "Asia/Riyadh") == "2013-01-07"  # naive: already local


def test_hijri_dates() -> None:
    p = parse_date("5 رمضان 1445 هـ")
    assert p is not None
    assert (p.year, p.month, p.day, p.calendar) == (2024, 3, 15, "hijri")
    both = parse_date("الجمعة 5 رمضان 1445 هـ الموافق 15 مارس 2024")
    assert both is not None
    assert (both.calendar, both.text) == ("gregorian", "15 مارس 2024")
    assert _ymd("1 محرم 1446") == (2024, 7, 7)
    assert _ymd("10 ذو الحجة 1444 هـ") == (2023, 6, 28)
    assert _ymd("١٢ ربيع الأول ١٤٤٥") == (2023, 9, 27)
    assert parse_date("رمضان") is None


def test_weekday_contradiction_keeps_the_date() -> None:
    assert _ymd("الأحد 16 مارس 2024") == (2024, 3, 16)  # 16 March 2024 was a Saturday


def test_text_is_the_matched_span() -> None:
    p = parse_date("تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً")
    assert p is not None
    assert p.text == "24 نيسان / أبريل 2020 09:22 مساءً"


# Visible date strings quoted in the "published_evidence" fields of
# ../shared/corpus/arabic/<outlet>/*.gold.json (written here as literals), with the gold field they show
# (two pages only show a last-update stamp, which gold records as "modified").
CORPUS_DISPLAY = [
    ("akhbarelyom_eg", "الأربعاء، 07 أكتوبر 2020 - 12:09 م", "Africa/Cairo", "published"),
    ("almadenahnews_jo", "تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", "Asia/Amman", "published"),
    ("assabah_tn", "الجمعة 8 فيفري 2019", "Africa/Tunis", "published"),
    ("bbc_arabic", "آخر تحديث: الاثنين، 7 يناير/ كانون الثاني، 2013، 14:27 GMT", "Europe/London", "modified"),
    ("cnn_arabic", "الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)", "Asia/Dubai", "modified"),
    ("lbci_lb", "2026-01-08 | 12:42", "Asia/Beirut", "published"),
    ("youm7", "الإثنين، 13 مايو 2024 06:00 ص", "Africa/Cairo", "published"),
]


def _same_instant(ours: str | None, gold: str) -> bool:
    if ours is None:
        return False
    if "T" not in gold:
        return ours == gold
    a, b = datetime.datetime.fromisoformat(ours), datetime.datetime.fromisoformat(gold)
    # gold keeps the seconds of machine stamps; visible stamps stop at the minute
    return a.utcoffset() == b.utcoffset() and a == b.replace(second=0)


@pytest.mark.corpus
@pytest.mark.parametrize(("outlet", "display", "tz", "field"), CORPUS_DISPLAY)
def test_corpus_visible_dates(corpus_dir: Path, outlet: str, display: str, tz: str, field: str) -> None:
    (gold_path,) = sorted((corpus_dir / "arabic" / outlet).glob("*.gold.json"))
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert display in gold["published_evidence"]  # the literal really is the page's display string
    p = parse_date(display)
    assert p is not None
    assert _same_instant(to_iso(p, tz), gold[field])
    if field == "published":
        assert local_date(p, tz) == gold["published_local_date"]
    else:
        assert local_date(p, tz) == gold[field][:10]


@settings(max_examples=200, deadline=200, database=None)
@given(st.text(max_size=80))
def test_parse_date_never_raises_on_arbitrary_text(text: str) -> None:
    _check_valid(parse_date(text))


DATE_ALPHABET = st.sampled_from(
    ["1", "2", "3", "9", "0", "٢", "١", "۳", "/", "-", ".", ":", " ", "،", "مارس", "شباط", "رمضان", "هـ", "م",
     "ص", "تشرين الأول", "/نوفمبر", "GMT+03", "Z", "T", "+0300", "March", "pm", "31", "2024", "1445", "29"]
)  # fmt: skip


@settings(max_examples=200, deadline=200, database=None)
@given(st.lists(DATE_ALPHABET, max_size=14).map("".join))
def test_parse_date_on_date_like_noise(text: str) -> None:
    _check_valid(parse_date(text))


def _check_valid(p: ParsedDate | None) -> None:
    if p is None:
        return
    assert 1900 <= p.year <= 2100
    datetime.date(p.year, p.month or 1, p.day or 1)  # raises if invalid
    if p.hour is not None:
        assert 0 <= p.hour < 24 and p.minute is not None and 0 <= p.minute < 60
    assert p.precision in {"day", "month", "year", "minute", "second"}
    assert to_iso(p, "Africa/Cairo") is not None
