"""Generic extractor: which story of a feed is the page's, enclosing containers, leads and furniture by role."""

from __future__ import annotations

import pytest

from pipeline.core.models import Block, Document
from pipeline.extract.html import clean_html

pytestmark = pytest.mark.unit

STORY = [
    "The council voted on Tuesday to extend the tram line to the northern suburbs, officials said.",
    "Residents had campaigned for years, arguing that buses were slow, crowded and often late.",
    "Work is expected to start next spring and to last about three years, according to the plan.",
]
OTHER = [
    "The harbour authority announced a new ferry timetable for the winter months on Monday, with fewer crossings.",
    "Passengers will see two fewer crossings a day, and the last boat will leave an hour earlier than before.",
    "The operator blamed the rising price of fuel and a shortage of trained crew members for the change.",
    "Island businesses said the cuts would hurt trade in the quiet season, when every visitor counts.",
    "A consultation on the summer timetable will open in March, the authority said in its statement.",
]


def _page(body: str) -> Document:
    return Document(
        source="t", kind="html", text=f"<html><head><title>T</title></head><body>{body}</body></html>"
    )


def _roles(blocks: tuple[Block, ...], role: str) -> list[str]:
    return [b.text for b in blocks if b.role == role]


def _story(title: str, paragraphs: list[str]) -> str:
    inner = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f'<article class="post"><h1>{title}</h1><div class="story-text">{inner}</div></article>'


def test_a_feed_of_stories_gives_the_first_one_even_when_a_later_one_is_longer() -> None:
    feed = _story("Tram line to be extended", STORY) + _story("Ferry timetable cut", OTHER)
    cleaned = clean_html(_page(f'<div class="feed">{feed}</div>'))
    assert _roles(cleaned.blocks, "paragraph") == STORY


def test_a_dense_box_inside_the_body_does_not_replace_the_body() -> None:
    box = (
        '<div class="product-box"><div class="item-description">'
        "<p>Ferry pass: twelve crossings, one year, any route, any day, adults, children, dogs, bikes, "
        "cars, changes, refunds, upgrades, transfers.</p>"
        "<p>Extras: a seat, a coffee, a paper, the lounge, the deck, the family room, the bike rack, "
        "the car deck, the shop, the cafe, the bar.</p>"
        "</div></div>"
    )
    text = OTHER + STORY
    body = "".join(f"<p>{p}</p>" for p in text[:3]) + box + "".join(f"<p>{p}</p>" for p in text[3:])
    cleaned = clean_html(
        _page(f'<div class="wrap"><h1>Ferry timetable cut</h1><div class="col">{body}</div></div>')
    )
    paragraphs = _roles(cleaned.blocks, "paragraph")
    for sentence in text:
        assert sentence in paragraphs


def test_a_heading_under_the_header_that_holds_the_headline_is_the_standfirst() -> None:
    standfirst = "Fewer boats in winter, the harbour authority says, because fuel and crews cost more."
    body = "".join(f"<p>{p}</p>" for p in OTHER)
    html = f"<article><header><h1>Ferry timetable cut</h1></header><h2>{standfirst}</h2>{body}</article>"
    cleaned = clean_html(_page(html))
    assert _roles(cleaned.blocks, "lead") == [standfirst]
    assert standfirst not in _roles(cleaned.blocks, "heading")


def test_a_weak_lead_class_after_an_earlier_lead_stays_body_text() -> None:
    lead = "Fewer boats in winter, the harbour authority says, because fuel and crews cost more."
    body = f'<div class="description"><p>{OTHER[0]}</p></div>' + "".join(f"<p>{p}</p>" for p in OTHER[1:])
    html = f'<h1>Ferry timetable cut</h1><p class="standfirst">{lead}</p><div class="story">{body}</div>'
    cleaned = clean_html(_page(html))
    assert _roles(cleaned.blocks, "lead") == [lead]
    assert _roles(cleaned.blocks, "paragraph") == OTHER


def test_unrendered_shortcodes_and_labelled_promotions_are_not_body_text() -> None:
    shortcode = '[ami-related id="3469793" url="https://news.example/a/" title="Another story"]'
    promo = (
        '<aside aria-label="newsletter promotion"><p>Our morning email brings you the stories of the day, '
        "every weekday, before you have had your coffee.</p></aside>"
    )
    body = f"<p>{OTHER[0]}</p><p>{shortcode}</p>{promo}" + "".join(f"<p>{p}</p>" for p in OTHER[1:])
    cleaned = clean_html(_page(f'<main><h1>Ferry timetable cut</h1><div class="entry">{body}</div></main>'))
    assert _roles(cleaned.blocks, "paragraph") == OTHER


def test_a_body_split_across_two_layout_rows_is_read_whole_in_order() -> None:
    opening, rest = (
        STORY[:2],
        [*OTHER, STORY[2], "The first trams are due to run on the new line in 2029, the council said."],
    )
    first = "".join(f"<p>{p}</p>" for p in opening)
    second = "".join(f"<p>{p}</p>" for p in rest)
    most_read = "".join(
        f'<li><a href="/s/{i}">Most read story {i} of the day, with a long headline</a></li>'
        for i in range(12)
    )
    html = (
        "<main><h1>Tram line to be extended</h1>"
        f'<div class="row"><div class="col"><div class="story-text">{first}</div></div></div>'
        f'<div class="ad-row"><ul class="most-read">{most_read}</ul></div>'
        f'<div class="row wide"><div class="col"><div class="story-text">{second}</div></div></div></main>'
    )
    cleaned = clean_html(_page(html))
    assert _roles(cleaned.blocks, "paragraph") == opening + rest
