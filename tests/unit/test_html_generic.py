"""Generic extractor on unseen layouts: split containers, modal furniture, JSON-LD body, date fallbacks."""

from __future__ import annotations

import json

import pytest

from pipeline.core.models import Block, Document
from pipeline.extract.html import clean_html
from pipeline.extract.html.meta import reconcile_dates

pytestmark = pytest.mark.unit

SENTENCES = [
    "The council voted on Tuesday to extend the tram line to the northern suburbs, officials said.",
    "Residents had campaigned for years, arguing that buses were slow, crowded and often late.",
    "Work is expected to start next spring and to last about three years, according to the plan.",
    "The cost, estimated at 40 million pounds, will be shared between the city and the region.",
    "Opponents said the money would be better spent on repairing roads, schools and bridges.",
]


def _paragraphs(blocks: tuple[Block, ...]) -> list[str]:
    return [b.text for b in blocks if b.role == "paragraph"]


def _page(body: str, head: str = "") -> Document:
    html = f"<html><head><title>Tram line to be extended</title>{head}</head><body>{body}</body></html>"
    return Document(source="t", kind="html", text=html)


def test_paragraphs_each_in_their_own_wrapper_are_all_kept() -> None:
    wrapped = "".join(
        f'<div class="rich-component"><div class="rich-container"><p>{s}</p></div></div>' for s in SENTENCES
    )
    sidebar = '<div class="promo-box"><p>Sign in to read more of our most popular stories today.</p></div>'
    cleaned = clean_html(_page(f"<main><article><h1>Tram line</h1>{wrapped}</article>{sidebar}</main>"))
    assert _paragraphs(cleaned.blocks) == SENTENCES


def test_cookie_or_privacy_modal_text_is_not_the_article() -> None:
    modal = "".join(
        f"<p>We and our partners use cookies and similar technologies to measure audiences {i}, "
        "personalise content, store preferences, and show relevant offers on this site.</p>"
        for i in range(8)
    )
    article = "".join(f"<p>{s}</p>" for s in SENTENCES)
    body = (
        f'<div class="privacy-modal"><div class="content-box">{modal}</div></div><article>{article}</article>'
    )
    paragraphs = _paragraphs(clean_html(_page(body)).blocks)
    assert paragraphs == SENTENCES


def test_json_ld_article_body_replaces_a_far_shorter_generic_body() -> None:
    data = {"@type": "NewsArticle", "headline": "Tram line", "articleBody": "\n".join(SENTENCES)}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    body = f"<article><p>{SENTENCES[0]}</p><p>{SENTENCES[1]}</p></article>"
    assert _paragraphs(clean_html(_page(body, head)).blocks) == SENTENCES


def test_json_ld_article_body_is_ignored_when_the_page_body_is_complete() -> None:
    data = {"@type": "NewsArticle", "articleBody": SENTENCES[0] + " " + SENTENCES[1]}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    body = "<article>" + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</article>"
    assert _paragraphs(clean_html(_page(body, head)).blocks) == SENTENCES


def test_date_line_right_after_the_headline_is_used_without_meta() -> None:
    article = "".join(f"<p>{s}</p>" for s in SENTENCES)
    body = f'<h1>Tram line</h1><div class="article-info">Dec 20, 2023</div><article>{article}</article>'
    assert clean_html(_page(body)).meta.published_local_date == "2023-12-20"


def test_utc_value_with_a_local_twin_gives_the_publisher_local_date() -> None:
    published, day, _ = reconcile_dates(
        ["2023-12-24T01:06:51+00:00", "2023-12-23T17:06:51-08:00"], [], None, None, None, None
    )
    assert day == "2023-12-23"
    assert published == "2023-12-23T17:06:51-08:00"


def test_naive_local_twin_of_a_utc_value_gives_the_local_date() -> None:
    _, day, _ = reconcile_dates(["2023-12-02T00:46:23Z", "2023-12-01T19:46:23"], [], None, None, None, None)
    assert day == "2023-12-01"


def test_unrelated_second_value_does_not_move_the_date() -> None:
    _, day, _ = reconcile_dates(["2023-12-02T00:46:23Z", "2023-11-17T15:29:33"], [], None, None, None, None)
    assert day == "2023-12-02"


def _numbered(count: int) -> list[str]:
    return [f"Part {i + 1}: {SENTENCES[i % len(SENTENCES)]}" for i in range(count)]


def test_paragraphs_written_as_spans_in_their_own_wrappers_are_all_kept() -> None:
    texts = _numbered(8)
    items = "".join(
        f'<div class="item item-{i}"><span class="item-text">{t}</span></div>' for i, t in enumerate(texts)
    )
    menu = '<div class="menu"><a href="/a">Home</a> <a href="/b">World</a> <a href="/c">Sport</a></div>'
    cleaned = clean_html(_page(f'{menu}<div class="wrap"><div class="items">{items}</div></div>'))
    assert _paragraphs(cleaned.blocks) == texts


def test_article_split_into_wrapped_sections_is_kept_whole() -> None:
    texts = _numbered(12)
    sections = "".join(
        f'<div><div class="section-{k}">'
        + "".join(f"<p>{t}</p>" for t in texts[k * 4 : k * 4 + 4])
        + "</div></div>"
        for k in range(3)
    )
    cleaned = clean_html(_page(f'<div id="page"><div class="columns">{sections}</div></div>'))
    assert _paragraphs(cleaned.blocks) == texts


def test_marked_article_container_is_not_widened_to_teasers_beside_it() -> None:
    texts = _numbered(5)
    teaser = (
        "Another story from elsewhere on the site that readers of this page might also want to open "
        "and read today instead"
    )
    cards = "".join(f'<div class="card"><p>{teaser} {i}</p></div>' for i in range(8))
    article = '<article class="post">' + "".join(f"<p>{t}</p>" for t in texts) + "</article>"
    cleaned = clean_html(_page(f'<div class="page">{article}<div class="more-stories">{cards}</div></div>'))
    assert _paragraphs(cleaned.blocks) == texts
