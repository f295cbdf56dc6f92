"""Publication dates of HTML pages: date lines in any language, revision lines, ambiguous numeric
dates, the headline's date line against meta data, UTC stamps, and htmldate where we find nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from lxml import html as lhtml

from pipeline.extract.html.datelines import published_part
from pipeline.extract.html.datetext import month_number, parse_stamp, url_date
from pipeline.extract.html.meta import json_ld, meta_values, page_dates, reconcile_dates

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Veröffentlicht am 30. Juli 2019 um 09:35", "2019-07-30"),
        ("5. März 2020", "2020-03-05"),
        ("Publicado el 5 de marzo de 2020, 10:30", "2020-03-05"),
        ("Publié le 12 décembre 2019", "2019-12-12"),
        ("Atualizado em 3 de setembro de 2021", "2021-09-03"),
        ("12 dicembre 2019", "2019-12-12"),
        ("3 ноября 2023", "2023-11-03"),
        ("5 בנובמבר 2023", "2023-11-05"),
        ("Mar. 5, 2020", "2020-03-05"),
        ("2020年3月5日 10時", "2020-03-05"),
        ("2023년 11월 7일", "2023-11-07"),
        ("2023. 11. 7. 15:00", "2023-11-07"),
        ("06/13/2019", "2019-06-13"),
        ("١٥ كانون الثاني ٢٠٢٤", "2024-01-15"),
    ],
)
def test_date_lines_in_many_languages(text: str, date: str) -> None:
    stamp = parse_stamp(text)
    assert stamp is not None, text
    assert stamp.date.isoformat() == date


def test_time_after_a_named_date_is_kept() -> None:
    stamp = parse_stamp("5 de marzo de 2020, 10:30")
    assert stamp is not None and stamp.time is not None
    assert (stamp.time.hour, stamp.time.minute) == (10, 30)


def test_month_names_come_from_the_cldr_table() -> None:
    assert month_number("März") == 3
    assert month_number("octubre") == 10
    assert month_number("Οκτωβρίου") == 10
    assert month_number("house") is None


def test_month_table_is_what_the_generator_writes() -> None:
    pytest.importorskip("babel", reason="babel (dev dependency) generates the table")
    from scripts.month_names import TABLE, month_table

    assert json.loads(TABLE.read_text(encoding="utf-8")) == month_table()


def test_slashed_numeric_date_keeps_the_month_first_reading() -> None:
    stamp = parse_stamp("11/8/2023 10:46 PM")
    assert stamp is not None
    assert stamp.date.isoformat() == "2023-08-11"
    assert stamp.alt is not None and stamp.alt.isoformat() == "2023-11-08"
    dotted = parse_stamp("01.11.2023")  # dots: day first, no other reading
    assert dotted is not None and dotted.alt is None


def test_the_reading_the_page_data_agrees_with_wins() -> None:
    _, day, _ = reconcile_dates(["2023-11-08"], [], "11/8/2023 10:46 PM", None, None, None)
    assert day == "2023-11-08"
    _, day, _ = reconcile_dates([], [], "11/8/2023 10:46 PM", None, None, None)
    assert day == "2023-08-11"  # nothing to agree with: day first, as most of the world writes


@pytest.mark.parametrize(
    ("line", "part"),
    [
        ("Published 5 May 2020, updated 6 May 2020", "Published 5 May 2020, "),
        ("Updated June 13, 2019", None),
        ("Aktualisiert am 28.01.2020, 15:49", None),
        ("آخر تحديث: 12 مارس 2024", None),
        ("© 2019 Example Media", None),
        ("12 comments on 3 May 2020", None),
        ("Erstellt am: 01.11.2023", "Erstellt am: 01.11.2023"),
        ("الأربعاء 28 آب 2013، آخر تحديث 14:00 (GMT+0400)", None),  # the date is the revision's
        ("Aktuelle Zeit: 14.10.2020, 13:05", None),  # a forum's clock
        ("It is currently Wed Oct 14, 2020 1:05 pm", None),
    ],
)
def test_revision_copyright_and_comment_lines(line: str, part: str | None) -> None:
    assert published_part(line) == part


SENTENCES = " ".join(
    f"<p>Paragraph {i} of a story about the city council, the budget and the new tram line.</p>"
    for i in range(6)
)


def _dates(
    body: str, head: str = "", url: str | None = None, with_html: bool = True
) -> tuple[str | None, ...]:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    root = lhtml.document_fromstring(page)
    return page_dates(
        root, meta_values(root), json_ld(root), None, (None, None), url, None, page if with_html else None
    )


def test_the_date_line_under_the_headline_wins_over_meta() -> None:
    head = '<meta property="article:published_time" content="2021-01-01T11:00:00Z">'
    body = f"<h1>Streaming services compared</h1><div>01.04.2023, 12:00 Uhr</div>{SENTENCES}"
    _, day, _ = _dates(body, head)
    assert day == "2023-04-01"


def test_a_revision_line_under_the_headline_leaves_the_meta_date() -> None:
    head = '<meta property="article:published_time" content="2019-10-15T16:59:59Z">'
    body = f"<h1>Dead skin cells</h1><div>Updated Mar 12, 2020</div>{SENTENCES}"
    _, day, _ = _dates(body, head)
    assert day == "2019-10-15"


def test_a_utc_stamp_with_no_known_zone_keeps_its_own_date() -> None:
    head = '<meta property="article:published_time" content="2023-11-09T03:28:35Z">'
    published, day, _ = _dates(f"<h1>Debate night</h1>{SENTENCES}", head)
    assert day == "2023-11-09"
    assert published == "2023-11-09T03:28:35+00:00"


def test_the_shown_wall_clock_gets_its_offset_from_the_meta_instant() -> None:
    head = '<meta property="article:published_time" content="2023-11-09T03:28:35+00:00">'
    body = f"<h1>Debate night</h1><p>Nov. 8, 2023, 10:28 p.m.</p>{SENTENCES}"
    published, day, _ = _dates(body, head)
    assert day == "2023-11-08"
    assert published == "2023-11-08T22:28:00-05:00"


def test_htmldate_answers_only_where_the_page_gave_us_nothing() -> None:
    pytest.importorskip("htmldate")
    body = (
        "<h1>Club news</h1><div class='meta'>Written by the board</div>"
        f"{SENTENCES}<footer><p>Dieser Beitrag wurde am 14.03.2021 vom Vorstand des Vereins geschrieben "
        "und an alle Mitglieder verschickt.</p></footer>"
    )
    assert _dates(body, with_html=False)[1] is None
    assert _dates(body)[1] == "2021-03-14"


def test_url_date_is_used_when_the_page_shows_none() -> None:
    _, day, _ = _dates(f"<h1>Tram line</h1>{SENTENCES}", url="https://example.org/2020/04/28/tram-line/")
    assert day == "2020-04-28"


def test_a_named_meta_or_itemprop_date_beats_a_generic_date_meta() -> None:
    head = '<meta name="date" content="2022-01-21T15:38:44+01:00">'
    body = f'<h1>Winter walks</h1>{SENTENCES}<span itemprop="datePublished" content="2022-01-27"></span>'
    _, day, _ = _dates(body, head)
    assert day == "2022-01-27"


def test_a_date_inside_a_paragraph_under_the_headline_is_not_a_date_line() -> None:
    head = '<meta property="article:published_time" content="2021-11-12T13:00:00">'
    quote = "<p>Deus caritas est, 25. Dezember 2005: <i>Gott ist die Liebe</i>" + " und wer bleibt." * 8
    _, day, _ = _dates(f"<h1>Der Tag</h1>{quote}</p>{SENTENCES}", head)
    assert day == "2021-11-12"


def test_a_date_found_anywhere_on_the_page_defers_to_htmldate(monkeypatch: pytest.MonkeyPatch) -> None:
    body = (
        f"<h1>Fall in love with black</h1><article>{SENTENCES * 8}</article>"  # far from the headline
        "<aside><div class='date'>14/06/2019</div></aside>"
    )
    assert _dates(body, with_html=False)[1] == "2019-06-14"  # nothing else: the sidebar's date
    monkeypatch.setattr("pipeline.extract.html.meta.fallback_date", lambda html, url: "2017-08-08")
    assert _dates(body)[1] == "2017-08-08"
    head = '<meta property="article:published_time" content="2016-09-27T10:00:00Z">'
    assert _dates(body, head)[1] == "2016-09-27"  # the page's own data: htmldate not asked


def test_a_date_line_after_a_line_break_inside_its_element() -> None:
    head = '<meta property="article:published_time" content="2022-01-21T10:00:00+01:00">'
    body = f"<h1>Augusta</h1><p><br> 1. Februar 2022, Daniel Keller</p>{SENTENCES}"
    _, day, _ = _dates(body, head)
    assert day == "2022-02-01"


def test_the_url_and_the_page_data_agreeing_beat_a_stray_line_under_the_headline() -> None:
    head = '<meta property="article:published_time" content="2019-08-03T11:31:46+00:00">'
    body = f"<h1>A blog</h1><div>09.07.2019</div>{SENTENCES}"
    _, day, _ = _dates(body, head, url="https://blog.example.org/2019/08/03/office/")
    assert day == "2019-08-03"
    _, day, _ = _dates(body, head)
    assert day == "2019-07-09"  # no URL date to agree with: the line the readers see


def test_an_impossible_meta_date_gives_no_date_and_no_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pipeline.extract.html.meta.fallback_date", lambda html, url: "2024-02-01")
    head = '<meta property="article:published_time" content="2024-02-31T10:00:00+03:00">'
    assert _dates(f"<h1>Tram line</h1>{SENTENCES}", head)[:2] == (None, None)
    assert _dates(f"<h1>Tram line</h1>{SENTENCES}")[1] == "2024-02-01"  # no date at all: htmldate's


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("۸ اردیبهشت ۱۳۹۹", "2020-04-27"),  # Solar Hijri month name, Persian digits
        ("يكشنبه ۷ ارديبهشت ۱۳۹۹ ساعت ۱۰:۲۰", "2020-04-26"),  # Arabic yeh/kaf spellings
        ("1399/02/09 - 15:20", "2020-04-28"),
    ],
)
def test_persian_calendar_dates_become_gregorian_days(text: str, date: str) -> None:
    stamp = parse_stamp(text)
    assert stamp is not None and stamp.date.isoformat() == date


def test_a_lunar_hijri_numeric_date_is_not_read_as_a_persian_one() -> None:
    assert parse_stamp("1441/09/01") is None


def test_a_revision_element_under_the_headline_is_not_the_date_line() -> None:
    body = (
        '<h1>Shop template</h1><time itemprop="dateModified">2018-08-29 14:15:57</time>'
        f"<span>22.06.2018 10:20</span>{SENTENCES}"
    )
    assert _dates(body, with_html=False)[1] == "2018-06-22"


def test_a_quotation_with_a_date_under_the_headline_is_not_a_date_line() -> None:
    head = '<meta property="article:published_time" content="2021-11-12T13:00:00">'
    body = f"<h1>Der Tag</h1><p>„Deus caritas est“ 5/6, 25. Dezember 2005:</p>{SENTENCES}"
    assert _dates(body, head)[1] == "2021-11-12"


def test_a_line_later_than_the_pages_last_revision_is_an_event_not_the_publication() -> None:
    head = (
        '<meta property="article:published_time" content="2019-11-27T15:21:21+01:00">'
        '<meta property="article:modified_time" content="2019-11-27T15:30:55+01:00">'
    )
    body = f"<h1>Whisky tasting</h1><div>Termin: 21.02.2020, 19 Uhr</div>{SENTENCES}"
    assert _dates(body, head)[1] == "2019-11-27"


def test_a_date_line_just_above_the_headline() -> None:
    body = f"<div><p>02.02.2022 10:16 Uhr - Bundesliga</p><h1>Mehr Vertrauen</h1></div>{SENTENCES}"
    assert _dates(body, with_html=False)[1] == "2022-02-02"
    caption = "<p>Laurence Bloch, directrice de la radio, 27 juin 2019</p><h1>Porte</h1>"
    assert _dates(f"<div>{caption}</div>{SENTENCES}", with_html=False)[1] is None


def test_a_published_on_line_anywhere_in_the_article() -> None:
    footer = "<p>Letzte Änderung: 31.10.2023 - 14:49:39<br>Erschienen am: 01.11.2023<br>Lesungen: 61</p>"
    assert _dates(f"<h1>Rezension</h1>{SENTENCES}{footer}", with_html=False)[1] == "2023-11-01"
    assert _dates(f"<h1>기사</h1>{SENTENCES}<p>입력 2020.04.28 15:20</p>", with_html=False)[1] == "2020-04-28"


def test_the_readers_day_beside_a_utc_stamp_of_the_same_instant() -> None:
    head = '<meta property="article:published_time" content="2021-11-04T23:00Z">'

    def dates(article: str, aside: str = "") -> tuple[str | None, ...]:
        page = f"<html><head>{head}</head><body><h1>Wahlen</h1>{SENTENCES * 8}{article}{aside}</body></html>"
        root = lhtml.document_fromstring(page)
        scope = next(root.iter("article"))
        return page_dates(root, meta_values(root), json_ld(root), scope, (None, None), None, None, None)

    article = f"<article>{SENTENCES}<span class='date'>5. November 2021</span></article>"
    published, day, _ = dates(article)
    assert day == "2021-11-05"
    assert published == "2021-11-04T23:00:00+00:00"  # the instant itself is not moved
    assert dates(article.replace("5. November", "9. November"))[1] == "2021-11-04"  # not this instant
    sidebar = "<aside><span class='date'>5. November 2021</span></aside>"
    assert dates(f"<article>{SENTENCES}</article>", sidebar)[1] == "2021-11-04"  # not the article's


def test_an_updated_ago_tail_leaves_the_date_line() -> None:
    assert published_part("January 19, 2020 / 12:25 PM / Updated 8 hours ago") == (
        "January 19, 2020 / 12:25 PM / "
    )


def test_the_canonical_url_gives_the_date_of_a_redirected_page() -> None:
    head = '<link rel="canonical" href="https://news.example.org/2020/04/28/tram-line/">'
    day = _dates(
        f"<h1>Tram line</h1>{SENTENCES}", head, url="https://feeds.example.org/~r/x/123", with_html=False
    )
    assert day[1] == "2020-04-28"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("פורסם: 28.04.20 , 15:20", "2020-04-28"),  # a two-digit year with a time after it
        ("28/04/20 - 15:20", "2020-04-28"),
        ("令和2年4月28日", "2020-04-28"),  # Japanese era years
        ("平成31年4月1日", "2019-04-01"),
        ("Von Deutscher Tennis Bund 4. 2. 2022.", "2022-02-04"),
    ],
)
def test_rarer_numeric_dates(text: str, date: str) -> None:
    stamp = parse_stamp(text)
    assert stamp is not None and stamp.date.isoformat() == date


@pytest.mark.parametrize("text", ["28.04.20", "version 1.2.10", "Tel. 12.34.56 10:00"])
def test_a_two_digit_year_without_a_time_is_no_date(text: str) -> None:
    assert parse_stamp(text) is None


def test_a_short_us_date_keeps_the_month_first_reading_the_data_agrees_with() -> None:
    stamp = parse_stamp("11/08/23 5:19pm")
    assert stamp is not None and stamp.alt is not None and stamp.alt.isoformat() == "2023-11-08"
    head = '<meta property="article:published_time" content="2023-11-08T22:19:12+00:00">'
    assert _dates(f"<h1>Louvre</h1><div>11/08/23 5:19pm</div>{SENTENCES}", head)[1] == "2023-11-08"


@pytest.mark.parametrize(
    "url",
    [
        "http://news.example.cn/world/2020-04/28/c_1125917.htm",
        "http://news.example.cn/n1/2020/0428/c1001-31690999.html",
        "https://news.example.org/20200428.htm",
    ],
)
def test_more_url_date_forms(url: str) -> None:
    assert url_date(url) == dt.date(2020, 4, 28)


def test_a_date_element_named_in_another_language_or_ending_in_date() -> None:
    for cls in ("fecha", "datum", "news-single-timedata", "postdate", "data"):
        body = f"<h1>Noticia</h1>{SENTENCES * 8}<span class='{cls}'>28/04/2020</span>"
        assert _dates(body, with_html=False)[1] == "2020-04-28", cls


def test_an_opinion_article_in_json_ld_gives_its_date() -> None:
    ld = {"@type": "OpinionNewsArticle", "datePublished": "2020-04-28T10:00:00+02:00"}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    assert _dates(f"<h1>Column</h1>{SENTENCES}", head, with_html=False)[1] == "2020-04-28"


def test_the_first_date_line_when_htmldate_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pipeline.extract.html.meta.fallback_date", lambda html, url: None)
    body = f"<h1>기사</h1>{SENTENCES * 8}<p>2020년 4월 28일</p>"
    assert _dates(body)[1] == "2020-04-28"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("28 अप्रैल 2020", "2020-04-28"),  # Indic vowel signs inside the month name
        ("२८ अप्रैल २०२०", "2020-04-28"),  # and the script's own digits
        ("১৩ এপ্রিল ২০২০", "2020-04-13"),
        ("28 აპრილი 2020", "2020-04-28"),
        ("28. април 2020.", "2020-04-28"),
        ("28 Ebrill 2020", "2020-04-28"),
        ("ngày 28 tháng 04, 2020 15:20", "2020-04-28"),
    ],
)
def test_dates_of_more_languages(text: str, date: str) -> None:
    stamp = parse_stamp(text)
    assert stamp is not None and stamp.date.isoformat() == date


def test_polish_and_czech_month_names_stay_unambiguous() -> None:
    assert month_number("listopada") == 11  # Croatian (listopad = October) is not in the table
    assert month_number("srpna") == 8


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("2020년 4월 28일 오후 3:20", "15:20"),
        ("2020年4月28日 午後3:20", "15:20"),
        ("2020.04.28 오전 12:05", "00:05"),
    ],
)
def test_east_asian_am_pm_before_the_time(text: str, clock: str) -> None:
    stamp = parse_stamp(text)
    assert stamp is not None and stamp.time is not None and stamp.time.strftime("%H:%M") == clock


def test_the_articles_json_ld_date_before_its_web_pages() -> None:
    graph = {
        "@graph": [
            {"@type": "WebPage", "datePublished": "2015-01-01T00:00:00+00:00"},
            {"@type": "ImageObject", "datePublished": "2010-05-05T10:00:00+00:00"},
            {"@type": "NewsArticle", "datePublished": "2020-04-28T10:00:00+02:00"},
        ]
    }
    head = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    assert _dates(f"<h1>Story</h1>{SENTENCES}", head, with_html=False)[1] == "2020-04-28"


def test_the_date_of_a_json_ld_block_json_cannot_read() -> None:
    broken = (
        '{"@type": "NewsArticle", "headline": "Two\nlines", "datePublished": "2020-04-28T10:00:00+02:00"}'
    )
    head = f'<script type="application/ld+json">{broken}</script>'
    assert _dates(f"<h1>Story</h1>{SENTENCES}", head, with_html=False)[1] == "2020-04-28"


@pytest.mark.parametrize(
    ("value", "day"),
    [("20200428", "2020-04-28"), ("20200428T232000Z", "2020-04-28"), ("1588080000", "2020-04-28")],
)
def test_compact_and_unix_time_meta_values(value: str, day: str) -> None:
    head = (
        f'<meta name="pubdate" content="{value}"><meta property="article:published_time" content="{value}">'
    )
    assert _dates(f"<h1>Story</h1>{SENTENCES}", head, with_html=False)[1] == day


def test_a_time_element_marked_updated_is_the_revision() -> None:
    body = (
        f"<h1>Story</h1>{SENTENCES * 8}<time class='updated' datetime='2021-03-02T10:00:00+01:00'></time>"
        "<time class='entry-date published updated' datetime='2020-04-28T10:00:00+02:00'></time>"
    )
    _, day, modified = _dates(body, with_html=False)
    assert day == "2020-04-28"
    assert modified is not None and modified.startswith("2021-03-02")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("28 เมษายน 2563", "2020-04-28"),
        ("วันอังคารที่ 28 เมษายน พ.ศ. 2563", "2020-04-28"),
        ("28 เม.ย. 2563", "2020-04-28"),
    ],
)
def test_thai_dates_with_buddhist_era_years(text: str, date: str) -> None:
    stamp = parse_stamp(text)
    assert stamp is not None and stamp.date.isoformat() == date
