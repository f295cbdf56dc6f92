"""Robustness and unit tests of the HTML clean stage: deep nesting, huge scripts, dates, credits, profiles."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from lxml import html as lhtml

from pipeline.core.models import Document
from pipeline.extract.html import clean_html, parse_html
from pipeline.extract.html.authors import clean_author
from pipeline.extract.html.blocks import PageText, element_text, split_credit
from pipeline.extract.html.datetext import parse_stamp, url_date
from pipeline.extract.html.language import detect_language
from pipeline.extract.html.meta import reconcile_dates
from pipeline.extract.html.profiles import ProfileError, load_profiles, parse_profiles
from pipeline.extract.html.title import strip_site_name

pytestmark = pytest.mark.unit

PARA = (
    "<p>هذه فقرة طويلة من نص المقال تكفي لكي يعدها المستخرج فقرة حقيقية"
    " من متن الخبر وليست عنصرا من عناصر الصفحة.</p>"
)


def _doc(html: str) -> Document:
    return Document(source="t", kind="html", text=html)


def test_ten_thousand_levels_of_nesting_do_not_crash_and_stay_fast() -> None:
    html = (
        "<html><head><title>عنوان الصفحة العميقة</title></head><body>"
        + "<div>" * 10_000
        + PARA
        + "</div>" * 10_000
    )
    start = time.perf_counter()
    cleaned = clean_html(_doc(html))
    assert time.perf_counter() - start < 5.0
    assert cleaned.meta.title == "عنوان الصفحة العميقة"


def test_huge_inline_script_is_ignored() -> None:
    script = "<script>var data = '" + ("x" * 5_000_000) + "';</script>"
    html = f"<html><head><title>خبر</title>{script}</head><body><article>{PARA * 3}</article></body></html>"
    start = time.perf_counter()
    cleaned = clean_html(_doc(html))
    assert time.perf_counter() - start < 10.0
    body = [b.text for b in cleaned.blocks if b.role == "paragraph"]
    assert len(body) == 3
    assert all("xxxx" not in text for text in body)


def test_empty_and_broken_pages_give_empty_results() -> None:
    assert clean_html(_doc("")).blocks == ()
    broken = clean_html(_doc("<html><body><div><p>نص غير مكتمل <b>بلا إغلاق"))
    assert all(b.role != "caption" for b in broken.blocks)


@pytest.mark.parametrize(
    ("text", "date", "hour"),
    [
        ("الأربعاء، 07 أكتوبر 2020 - 12:09 م", "2020-10-07", 12),
        ("تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", "2020-04-24", 21),
        ("الإثنين، 13 مايو 2024 06:00 ص", "2024-05-13", 6),
        ("الجمعة 8 فيفري 2019", "2019-02-08", None),
        ("١٥ كانون الثاني ٢٠٢٤", "2024-01-15", None),
    ],
)
def test_display_dates(text: str, date: str, hour: int | None) -> None:
    stamp = parse_stamp(text)
    assert stamp is not None and stamp.date.isoformat() == date
    assert (stamp.time.hour if stamp.time else None) == hour


def test_url_date_with_a_section_between_year_and_month() -> None:
    assert (
        str(url_date("http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html")) == "2013-08-03"
    )
    assert url_date("https://example.com/news/12345") is None


def test_meta_utc_that_is_really_local_time_follows_the_display() -> None:
    published, day, modified = reconcile_dates(
        ["2024-05-13T06:00:00Z"],
        ["2024-05-13T06:00:00Z"],
        "الإثنين، 13 مايو 2024 06:00 ص",
        None,
        None,
        "Africa/Cairo",
    )
    assert published == "2024-05-13T06:00:00+03:00"
    assert day == "2024-05-13"
    assert modified == "2024-05-13T06:00:00+03:00"


def test_display_wins_over_meta_an_hour_off() -> None:
    published, _, _ = reconcile_dates(
        ["2026-01-08T11:42:50Z"], [], "2026-01-08 | 12:42", None, None, "Asia/Beirut"
    )
    assert published == "2026-01-08T12:42:00+02:00"


def test_modified_before_published_is_dropped() -> None:
    _, _, modified = reconcile_dates(
        ["2024-03-16T10:30:00+03:00"], ["2024-03-15T10:30:00+03:00"], None, None, None, "Asia/Riyadh"
    )
    assert modified is None


def test_utc_meta_converted_to_outlet_local_date_across_midnight() -> None:
    published, day, _ = reconcile_dates(["2023-06-30T22:30:00Z"], [], None, None, None, "Asia/Amman")
    assert published == "2023-07-01T01:30:00+03:00"
    assert day == "2023-07-01"


@pytest.mark.parametrize(
    ("caption", "text", "credit"),
    [
        ("أجرت إيران محادثات سرية (GETTY)", "أجرت إيران محادثات سرية", "GETTY"),
        ("متظاهرون في الساحة ©AFP", "متظاهرون في الساحة", "AFP"),
        ("A street in the rain Getty Images", "A street in the rain", "GETTY"),
        ("صورة أرشيفية للوزير", "صورة أرشيفية للوزير", None),
    ],
)
def test_caption_credits(caption: str, text: str, credit: str | None) -> None:
    assert split_credit(caption) == (text, credit)


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("كتب سيد الخلفاوى", ["سيد الخلفاوى"]),
        ("كتبت نورهان نبيل", ["نورهان نبيل"]),
        ("بقلم سامي الحلبي و ليلى منصور", ["سامي الحلبي", "ليلى منصور"]),
        ("حوار: آسيا العتروس", ["آسيا العتروس"]),
        ("(أبوظبي - البيان)", []),
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ],
)
def test_author_cleaning(byline: str, names: list[str]) -> None:
    assert clean_author(byline) == names


def test_site_name_affixes() -> None:
    assert (
        strip_site_name("خبر مهم عن الاقتصاد - اليوم السابع", sites=["اليوم السابع"]) == "خبر مهم عن الاقتصاد"
    )
    assert strip_site_name("Headline of the day | BBC Arabic", hosts=["bbc"]) == "Headline of the day"
    assert strip_site_name("Headline of the day | BBC Arabic") == "Headline of the day | BBC Arabic"


def test_language_from_text_not_from_attribute() -> None:
    assert detect_language("هذا نص عربي قصير يكفي لمعرفة لغة الصفحة من الحروف") == "ar"
    assert detect_language("The minister said that the plan was ready for the vote in the parliament") == "en"
    assert (
        detect_language("Le ministre a dit que le projet est prêt pour le vote des députés dans la salle")
        == "fr"
    )
    assert detect_language("123 456") is None


def test_bundled_profiles_load_and_are_versioned() -> None:
    profiles = load_profiles()
    for name in (
        "youm7",
        "bbc_arabic",
        "cnn_arabic",
        "akhbarelyom_eg",
        "almadenahnews_jo",
        "assabah_tn",
        "lbci_lb",
    ):
        assert profiles[name][0].version >= 1
        assert profiles[name][0].body


def test_bad_profiles_are_rejected() -> None:
    with pytest.raises(ProfileError):
        parse_profiles({"x": {"versions": [{"version": 1, "body": "//div[@"}]}})
    with pytest.raises(ProfileError):
        parse_profiles({"x": {"versions": [{"body": "//div"}]}})
    with pytest.raises(ProfileError):
        parse_profiles({"x": {"versions": [{"version": 1, "colour": "//div"}]}})


def test_newest_matching_profile_version_wins(tmp_path: Path) -> None:
    parsed = parse_profiles(
        {
            "x": {
                "versions": [
                    {"version": 1, "body": "//div[@id='old']"},
                    {"version": 2, "match": "//main", "body": "//main"},
                ]
            }
        }
    )
    assert [p.version for p in parsed["x"]] == [2, 1]


def test_unknown_profile_falls_back_to_generic() -> None:
    html = f"<html><head><title>عنوان</title></head><body><article>{PARA * 2}</article></body></html>"
    cleaned = clean_html(_doc(html), profile="no_such_outlet")
    assert len([b for b in cleaned.blocks if b.role == "paragraph"]) == 2


TRICKY = (
    "<html><head><title>t</title><script>var x = 1;</script></head><body>"
    '<div id="a">Lead text<!-- a comment -->after the comment<br>next line'
    "<p>One <b>bold</b> and <a href='/x'>a  link</a>.</p><script>hidden()</script>tail of script"
    '<span style="display: none">not shown</span> shown <div hidden>gone<p>deep</p></div>'
    "<ul><li>first</li><li>second<br/>line</li></ul><table><tr><td>cell</td><td>two</td></tr></table>"
    '<nav><a href="/n">menu link</a></nav><span class="sr-only">reader only</span>&amp; end</div>'
    "</body></html>"
)


@pytest.mark.parametrize("parse", ["page", "fragment"])
def test_page_text_matches_element_text_for_every_element(parse: str) -> None:
    if parse == "page":
        root = parse_html(TRICKY)
    else:  # a fragment keeps its comments (as JSON-LD bodies parsed on their own do)
        root = lhtml.fragment_fromstring(TRICKY.split("<body>")[1].split("</body>", maxsplit=1)[0])
    assert root is not None
    page = PageText(root)
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    for el in reversed(elements):  # inner ones first, then their ancestors from the same index
        assert page.text(el) == element_text(el), el.tag
    fresh = PageText(root)
    for el in elements:  # outer ones first: inner ones are slices of the outer walk
        assert fresh.text(el) == element_text(el), el.tag
        direct = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
        assert fresh.link_chars(el) == direct
