"""Pages keep their text (issue 18) and the learned block classifier behaves (issue 14).

The fixture pages under tests/fixtures/html/ (en_text_in_body, en_div_no_p, en_hidden_reveal,
en_ld_glued, en_furniture, ja_news, zh_news) are checked field by field by test_html_golden.py;
the tests here check the pieces and the two real pages of ../shared/corpus/encoding/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lhtml

from pipeline.acquire.parse import decode
from pipeline.core.models import Document
from pipeline.extract.html import blockmodel, clean_html, parse_html
from pipeline.extract.html.blocks import RawBlock, WalkContext
from pipeline.extract.html.generic import find_container, reveal_hidden
from pipeline.extract.html.parts import drop_dangling_headings, ld_paragraphs, text_weight

pytestmark = pytest.mark.unit


def _body(html: str) -> list[str]:
    cleaned = clean_html(Document(source="t", kind="html", text=html, url=None))
    return [b.text for b in cleaned.blocks if b.role in {"paragraph", "heading"}]


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["chromium_iso-8859-6_no_decl.html", "chromium_windows-1256_no_decl.html"])
def test_encoding_pages_keep_their_body(corpus_dir: Path, name: str) -> None:
    path = corpus_dir / "encoding" / name
    if not path.exists():
        pytest.skip(f"{path} not in this corpus")
    text = decode(path.read_bytes())[0]
    body = _body(text)
    assert body, "text written straight into <body> must give a body"
    assert "كتائب" in body[0] and "\ufffd" not in "".join(body)


def test_text_in_body_without_blocks_is_the_container() -> None:
    words = "The council met on Tuesday and agreed to repair the old bridge before the winter rains. " * 2
    root = parse_html(f"<html><body>{words}<br><br>{words}</body></html>")
    assert root is not None
    found = find_container(root)
    assert [el.tag for el in found] == ["body"]


def test_short_text_in_body_is_not_an_article() -> None:
    assert _body("<html><body>Page not found.</body></html>") == []


def test_reveal_hidden_only_unhides_long_text() -> None:
    long_text = "A paragraph of the article that the page's script reveals after loading. " * 4
    root = lhtml.fromstring(
        f"<div><div id='a' hidden><p>{long_text}</p></div><div id='b' hidden><p>Sign up</p></div></div>"
    )
    assert reveal_hidden(root) is True
    assert root.get_element_by_id("a").get("hidden") is None
    assert root.get_element_by_id("b").get("hidden") is not None
    assert reveal_hidden(root) is False  # nothing long is hidden any more


def test_hidden_promo_is_not_revealed_when_the_page_has_an_article() -> None:
    para = (
        "<p>" + "The harbour authority said the new timetable would start on the first of May. " * 3 + "</p>"
    )
    html = (
        f"<html><body><article>{para * 3}</article>"
        f"<div hidden><p>{'Our sponsors and partners offer discounts on travel insurance this week. ' * 4}</p></div>"
        "</body></html>"
    )
    body = _body(html)
    assert len(body) == 3 and not any("sponsors" in p for p in body)


def test_ld_paragraphs_cut_glued_paragraphs_apart() -> None:
    glued = "The first paragraph ends here in 2019.The second one starts with a capital.And a third one."
    assert ld_paragraphs(glued, WalkContext()) == [
        "The first paragraph ends here in 2019.",
        "The second one starts with a capital.",
        "And a third one.",
    ]


def test_ld_paragraphs_keep_abbreviations_and_numbers() -> None:
    text = "Dr. Smith of the U.S. Army said 3.5 percent of the budget went to St. Mary's hospital."
    assert ld_paragraphs(text, WalkContext()) == [text]


def test_ld_body_written_twice_is_read_once() -> None:
    story = "The museum opened a new wing on Saturday, with three rooms of maps and prints. " * 4
    assert ld_paragraphs(story + story, WalkContext()) == ld_paragraphs(story, WalkContext())


def test_dangling_heading_at_the_end_is_dropped() -> None:
    raw = [
        RawBlock("paragraph", "Text."),
        RawBlock("heading", "More on this story"),
        RawBlock("caption", "c"),
    ]
    assert [b.role for b in drop_dangling_headings(raw)] == ["paragraph", "caption"]
    kept = [RawBlock("heading", "Background"), RawBlock("paragraph", "Text.")]
    assert drop_dangling_headings(kept) == kept


def test_cjk_text_weighs_more_than_its_length() -> None:
    assert text_weight("市园林局昨天宣布") == 3 * 8
    assert text_weight("park") == 4


def test_model_ships_and_matches_the_features() -> None:
    model = blockmodel.load_model()
    assert model is not None, "block_model.json missing or written for other features"
    assert model["features"] == list(blockmodel.NAMES)
    assert len(model["weights"]) == len(model["mean"]) == len(model["scale"]) == len(blockmodel.NAMES)
    assert 0.0 < model["threshold"] < 1.0
    assert blockmodel.MODEL_FILE.stat().st_size < 300_000
    assert "dev" in model["trained_on"]


def test_model_scores_running_text_above_a_call_to_action() -> None:
    model = blockmodel.load_model()
    assert model is not None
    root = lhtml.fromstring(
        "<div class='article-body'>"
        "<p>The regional council approved the budget on Monday, after a debate that lasted late into "
        "the night, and the new tram line will be built over the next four years.</p>"
        "<div class='newsletter-promo'><a href='/join'>Sign up for our newsletter</a></div>"
        "<p>Opposition members said the cost estimates were too optimistic, and asked for an independent "
        "review before the first contracts are signed.</p></div>"
    )
    body, promo, last = root[0], root[1], root[2]
    blocks = [
        RawBlock("paragraph", body.text_content(), el=body),
        RawBlock("paragraph", promo.text_content(), el=promo, links=len(promo.text_content())),
        RawBlock("paragraph", last.text_content(), el=last),
    ]
    vectors = blockmodel.block_features(blocks, [root])
    assert all(len(v) == len(blockmodel.NAMES) for v in vectors)
    running, cta, running2 = blockmodel.probabilities(vectors, model)
    assert running > 0.5 and running2 > 0.5
    assert cta < min(running, running2)


def test_without_a_model_the_rules_blocks_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blockmodel, "load_model", lambda *args: None)
    raw = [RawBlock("paragraph", "Sign up", el=lhtml.fromstring("<p>Sign up</p>"), links=7)]
    assert blockmodel.filter_blocks(raw, []) == raw
