"""Titles: a site's name is dropped from og:title / <title> only when the page says it is the site's name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.core.models import Document
from pipeline.extract.html import clean_html, parse_html
from pipeline.extract.html.meta import json_ld, meta_values
from pipeline.extract.html.title import host_names, pick_title, site_names, strip_site_name

pytestmark = pytest.mark.unit

TITLES = Path(__file__).resolve().parents[1] / "fixtures" / "titles"
EXPECTED: dict[str, str] = json.loads((TITLES / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_title_of_each_fixture_page(name: str) -> None:
    doc = Document(source="t", kind="html", text=(TITLES / name).read_text(encoding="utf-8"))
    assert clean_html(doc).meta.title == EXPECTED[name]


def test_a_dash_inside_the_headline_stays_when_nothing_names_the_site() -> None:
    title = "Zwei Rücktritte - und viele offene Fragen"
    assert strip_site_name(title) == title
    assert strip_site_name(title, sites=["Morgenpost Nord"], hosts=["morgenpostnord"]) == title
    assert strip_site_name(f"{title} | Morgenpost Nord", sites=["Morgenpost Nord"]) == title
    assert strip_site_name(f"{title} - morgenpost-nord.example") == title  # a domain names a site


def test_affixes_named_by_site_host_section_or_another_source() -> None:
    assert (
        strip_site_name("خبر مهم عن الاقتصاد - اليوم السابع", sites=["اليوم السابع"]) == "خبر مهم عن الاقتصاد"
    )
    assert strip_site_name("Headline of the day | BBC Arabic", hosts=["bbc"]) == "Headline of the day"
    assert strip_site_name("Politics | Vote delayed again", sections=["politics"]) == "Vote delayed again"
    assert (
        strip_site_name(
            "Vote delayed again after a long night - Courier",
            others=["Vote delayed again after a long night"],
        )
        == "Vote delayed again after a long night"
    )
    # a short source (a logo in an <h1>) is no evidence: the headline is not thrown away for it
    assert (
        strip_site_name("Courier | Vote delayed again", others=["Courier"]) == "Courier | Vote delayed again"
    )


def test_host_names_drop_prefixes_and_public_suffixes() -> None:
    assert host_names(["https://www.dailyexample.co.uk/news/1"]) == ["dailyexample"]
    assert host_names(["https://m.riverton-herald.example/a", None, "not a url"]) == ["rivertonherald"]
    assert host_names(["http://[::1"]) == []


def test_site_names_from_meta_and_json_ld() -> None:
    root = parse_html(
        '<html><head><meta property="og:site_name" content="The Coastal Courier">'
        '<meta name="twitter:site" content="@CoastalCourier">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "publisher": {"name": "Courier Media"}}'
        "</script></head><body><p>x</p></body></html>"
    )
    assert root is not None
    assert site_names(meta_values(root), json_ld(root)) == [
        "thecoastalcourier",
        "coastalcourier",
        "couriermedia",
    ]


def test_the_page_url_names_the_site_when_the_page_does_not() -> None:
    root = parse_html(
        "<html><head><title>Ferry service resumes after storm | Harbour Times</title></head></html>"
    )
    assert root is not None
    metas = meta_values(root)
    assert pick_title(root, metas) == "Ferry service resumes after storm | Harbour Times"
    assert (
        pick_title(root, metas, url="https://www.harbourtimes.example/a/1")
        == "Ferry service resumes after storm"
    )


def test_an_h1_with_a_kicker_gives_way_to_the_title_source_it_ends_with() -> None:
    root = parse_html(
        "<html><head><title>Landslide closes mountain road | Valley News</title>"
        '<meta property="og:title" content="Landslide closes mountain road"></head>'
        "<body><h1><span>Weather</span> Landslide closes mountain road</h1></body></html>"
    )
    assert root is not None
    assert pick_title(root, meta_values(root)) == "Landslide closes mountain road"


def test_an_h1_that_extends_the_title_source_is_the_headline() -> None:
    root = parse_html(
        '<html><head><meta property="og:title" content="Mayor resigns"></head>'
        "<body><h1>Mayor resigns after two years in office</h1></body></html>"
    )
    assert root is not None
    assert pick_title(root, meta_values(root)) == "Mayor resigns after two years in office"
