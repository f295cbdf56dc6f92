"""Authors from bylines in the page's own words: Arabic (كتب, بقلم, إعداد), English, Spanish,
Portuguese, German, French; class/rel/itemprop author markup; names only."""

from __future__ import annotations

import pytest
from lxml import html as lhtml

from pipeline.core.models import Document
from pipeline.extract.html import clean_html
from pipeline.extract.html.authors import clean_author, marked_names_over, page_authors

pytestmark = pytest.mark.unit

STORY = " ".join(
    f"<p>الفقرة {i}: قال وزير المالية إن الحكومة ستعرض مشروع الموازنة الجديدة على البرلمان الأسبوع المقبل.</p>"
    for i in range(6)
)
STORY_EN = " ".join(
    f"<p>Paragraph {i}: the council voted on the budget and the new tram line after a long debate.</p>"
    for i in range(6)
)


def _root(body: str) -> lhtml.HtmlElement:
    return lhtml.document_fromstring(f"<html><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("كتب: محمود السيد", ["محمود السيد"]),
        ("كتبت - سارة عبد الله", ["سارة عبد الله"]),
        ("بقلم: ليلى منصور", ["ليلى منصور"]),
        ("إعداد: فريق التحرير الاقتصادي", []),  # a desk, not a person's name
        ("إعداد: قسم الأخبار المحلية", []),
        ("إعداد: د. منى الخطيب", ["منى الخطيب"]),  # the title is not part of the name
        ("مراسلنا في البحر الميت - سامر النعيمي", ["سامر النعيمي"]),
        ("بقلم يوسف الحربي·11 سبتمبر 2024·5 دقائق قراءة", ["يوسف الحربي"]),
        ("بقلم: عبدالله الشمري 03 ديسمبر 2018 - 8:30 ص", ["عبدالله الشمري"]),
        ("أجرت الحوار: لينا عباس", ["لينا عباس"]),
        ("By Dr. Jane Doe", ["Jane Doe"]),
        ("أبوظبي - متابعة: سعيد الكعبي", ["سعيد الكعبي"]),  # the label after the dateline's place
        ("بغداد / حيدر الكناني", ["حيدر الكناني"]),  # the place, a slash, the name
        ("Nadia Samir , Sunday 15 Mar 2015", ["Nadia Samir"]),  # no weekday as a name
        ("Par Carla NAHHAS, le 23 août 2019 à 00h00", ["Carla NAHHAS"]),
        ("كتب بواسطة ف. حميدي", ["ف. حميدي"]),
        ("מאת דנה לוי", ["דנה לוי"]),
        ("Por Juan Pérez y María López", ["Juan Pérez", "María López"]),
        ("Por Ana Sousa e Rui Costa", ["Ana Sousa", "Rui Costa"]),
        ("Von Anna Schmidt und Jonas Weber", ["Anna Schmidt", "Jonas Weber"]),
        ("Par Claire Dubois", ["Claire Dubois"]),
        ("By Jane Doe | Staff Writer", ["Jane Doe"]),
        ("Jane Doe - Senior Correspondent", ["Jane Doe"]),
        ("Staff Writer", []),
        ("By", []),
        ("View all articles by this author", []),
        ("jane@example.com", []),
    ],
)
def test_byline_text_gives_names_only(byline: str, names: list[str]) -> None:
    assert clean_author(byline) == names


def test_class_author_span_with_an_arabic_byline_word() -> None:
    root = _root('<h1>الموازنة الجديدة</h1><span class="author">كتب: محمود السيد</span>')
    assert page_authors(root) == ["محمود السيد"]


def test_the_issue_example_through_the_extractor() -> None:
    page = (
        "<html><head><title>الموازنة الجديدة</title></head><body>"
        '<header><h1>الموازنة الجديدة</h1><span class="author">كتب: محمود السيد</span></header>'
        f"<article>{STORY}</article></body></html>"
    )
    cleaned = clean_html(Document(source="t", kind="html", text=page, url="https://example.com/a/1"))
    assert cleaned.meta.authors == ("محمود السيد",)


def test_rel_author_links_give_every_co_author() -> None:
    root = _root(
        '<div class="meta">By <a rel="author" href="/people/jane">Jane Doe</a> and '
        '<a rel="author" href="/people/john">John Roe</a></div>'
    )
    assert page_authors(root) == ["Jane Doe", "John Roe"]


def test_itemprop_author_reads_the_nested_name_not_the_role() -> None:
    root = _root(
        '<div itemprop="author" itemscope><span itemprop="name">Lucía Fernández</span>'
        "<span>Redactora de Economía</span></div>"
    )
    assert page_authors(root) == ["Lucía Fernández"]


def test_author_link_inside_a_byline_box_leaves_the_outlet_out() -> None:
    root = _root(
        '<div class="byline"><a href="/staff/jim-walsh/">Jim Walsh</a> <span>Cherry Hill Courier</span></div>'
    )
    assert page_authors(root) == ["Jim Walsh"]


def test_comment_authors_are_not_the_article_author() -> None:
    root = _root(
        '<h1>Tram line</h1><div class="comments"><span class="author">Troll42</span></div>'
        "<p>Von Anna Schmidt</p>"
    )
    assert page_authors(root) == ["Anna Schmidt"]


def test_a_byline_line_under_the_headline_in_spanish() -> None:
    root = _root(f"<h1>El nuevo tranvía</h1><p>Por Juan Pérez</p>{STORY_EN}")
    assert page_authors(root) == ["Juan Pérez"]


def test_no_byline_no_author() -> None:
    root = _root(f"<h1>Tram line</h1>{STORY_EN}")
    assert page_authors(root) == []


def test_a_byline_under_a_layout_class_of_body_is_read() -> None:
    """<body class="right-sidebar"> (WordPress themes) describes the layout, not a sidebar box."""
    html = (
        '<html><body class="single right-sidebar"><article><h1>Le tracé de la ligne</h1>'
        '<div class="entry-meta"><span class="byline">par <span class="author vcard" itemprop="author">'
        '<span itemprop="name">Youssef Alami</span></span></span></div>'
        f"<div class='entry-content'>{STORY_EN}</div></article></body></html>"
    )
    assert page_authors(lhtml.document_fromstring(html)) == ["Youssef Alami"]


def test_a_first_paragraph_place_dash_name_is_the_byline_when_the_name_is_a_persons() -> None:
    page = "<html><body><article><h1>عنوان</h1><div class='c'><p><b>أمزميز – عبد الرحيم أيت باها</b></p>{}</div></article></body></html>"
    cleaned = clean_html(
        Document(source="t", kind="html", text=page.format(STORY), url="https://example-news.test/a")
    )
    assert cleaned.meta.authors == ("عبد الرحيم أيت باها",)
    assert all("أمزميز" not in b.text for b in cleaned.blocks if b.role == "paragraph")
    agency = page.format(STORY).replace("أمزميز – عبد الرحيم أيت باها", "القاهرة - أ ش أ")
    cleaned = clean_html(Document(source="t", kind="html", text=agency, url="https://example-news.test/a"))
    assert not cleaned.meta.authors


def test_degrees_after_a_name_are_no_names() -> None:
    assert clean_author("By Lauren Doe MS, RDN, LD") == ["Lauren Doe"]
    assert clean_author("John Roe, MD and Mia Poe") == ["John Roe", "Mia Poe"]


def test_the_publishers_name_in_a_byline_box_is_no_author() -> None:
    root = _root(
        '<h1>Wi-Fi update</h1><div class="byline"><span class="by">By </span><span itemprop="name">'
        'Ella Mont</span><span itemprop="publisher" itemscope><span itemprop="name">Techworld</span>'
        f"</span></div>{STORY_EN}"
    )
    assert page_authors(root) == ["Ella Mont"]


def test_a_byline_running_on_into_the_outlet_is_cut_at_the_marked_name() -> None:
    """A byline block reads "Kay Doe Springfield Herald & Gazette" (the name and the outlet in two spans
    without a separator); the page marks "Kay Doe" as its author: the outlet goes."""
    line = clean_author("Kay Doe Springfield Herald & Gazette")
    assert line == ["Kay Doe Springfield Herald", "Gazette"]
    assert marked_names_over(line, lambda: ["Springfield Herald", "Kay Doe"]) == ["Kay Doe"]
    assert marked_names_over(["Jeff RoeESPN"], lambda: ["Jeff Roe"]) == ["Jeff Roe"]
    # co-authors the page does not mark stay; a line the marks do not explain is kept as it is
    assert marked_names_over(["Ana Lee", "Bo Kim"], lambda: ["Ana Lee"]) == ["Ana Lee", "Bo Kim"]
    assert marked_names_over(["Ana Lee"], list) == ["Ana Lee"]
