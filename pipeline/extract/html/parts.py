"""Generic finders of an article's parts around its body, for outlets without a profile.

The standfirst (by class, or the unlinked sentence right under the headline), the captions of the
article's own pictures near the headline, the JSON-LD articleBody cut back into paragraphs, and the
tidying of the body's edges (a heading left with no text after it).
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lhtml

from pipeline.core.text import clean_display
from pipeline.extract.html.blocks import RawBlock, WalkContext, caption_block, classify_paragraph, walk
from pipeline.extract.html.pagetext import PageText
from pipeline.extract.html.vocab import (
    BYLINE_LINE,
    BYLINE_WORDS,
    CAPTION_WORDS,
    LEAD_WORDS,
    NEGATIVE_WORDS,
    RELATED_WORDS,
    class_words,
)

LEAD_MIN, LEAD_MAX = 20, 600
STANDFIRST_MIN = 40  # an unclassed standfirst under the headline is at least a short sentence
STANDFIRST_STEPS = 3  # elements after the headline looked at
CAPTION_MAX = 400
# a paragraph boundary lost when a CMS joined paragraphs without a space: "…in 2019.The next…"
_GLUED = re.compile(
    r"(?<=[a-z\u00e0-\u024f\u0600-\u06ff0-9]{2}[.!?؟])(?=[\"“«]?[A-Z\u00c0-\u00de\u0600-\u06ff])"
)


def _inside(el: lhtml.HtmlElement, roots: list[lhtml.HtmlElement]) -> bool:
    ids = {id(root) for root in roots}
    return id(el) in ids or any(id(a) in ids for a in el.iterancestors())


def _standfirst_after_headline(
    root: lhtml.HtmlElement, body: list[lhtml.HtmlElement], page: PageText
) -> str | None:
    """The first unlinked sentence-long <p>/<h2>/<div> among the few elements following the <h1>."""
    h1 = next(root.iter("h1"), None)
    if h1 is None:
        return None
    node: lhtml.HtmlElement | None = h1
    for _ in range(STANDFIRST_STEPS):
        node = node.getnext() if node is not None else None
        while node is not None and not isinstance(node.tag, str):
            node = node.getnext()
        if node is None or node.tag not in {"p", "h2", "div"} or _inside(node, body):
            return None
        words = page.class_words(node)
        if words & (NEGATIVE_WORDS | BYLINE_WORDS | CAPTION_WORDS | RELATED_WORDS):
            continue
        if node.tag == "div" and any(
            isinstance(c.tag, str) and c.tag not in {"span", "b", "i", "em", "strong"} for c in node
        ):
            continue
        text = page.text(node)
        if (
            STANDFIRST_MIN <= len(text) <= LEAD_MAX
            and node.find(".//a") is None
            and not BYLINE_LINE.match(text)
            and classify_paragraph(text, WalkContext(page=page)) is not None
        ):
            return text
    return None


def generic_lead(root: lhtml.HtmlElement, body: list[lhtml.HtmlElement], page: PageText) -> str | None:
    """A standfirst placed before the body, outside it: by class (lead/standfirst/dek…), else under the <h1>."""
    first = body[0]
    for el in root.iter("p", "div", "h2", "h3"):
        if el is first:
            break
        if page.class_words(el) & LEAD_WORDS and not _inside(el, body):
            text = page.text(el)
            if LEAD_MIN <= len(text) <= LEAD_MAX and len(el.findall(".//a")) == 0:
                return text
    return _standfirst_after_headline(root, body, page)


def _article_scope(root: lhtml.HtmlElement, body: list[lhtml.HtmlElement]) -> lhtml.HtmlElement | None:
    """The lowest ancestor of the body that also holds the page's headline (<h1>)."""
    h1 = next(root.iter("h1"), None)
    if h1 is None:
        return None
    above = {id(a) for a in h1.iterancestors()}
    for ancestor in body[0].iterancestors():
        if id(ancestor) in above:
            return None if ancestor.tag in {"body", "html"} else ancestor
    return None


def scope_captions(root: lhtml.HtmlElement, body: list[lhtml.HtmlElement]) -> list[RawBlock]:
    """Captions (figcaption or caption-classed) in the article's scope but outside the body, before it."""
    scope = _article_scope(root, body)
    if scope is None:
        return []
    out: list[RawBlock] = []
    first = body[0]
    # caption-like elements before the body in document order (the body's own tag stops the walk)
    for el in scope.iter("figcaption", "span", "div", "p", first.tag):
        if el is first:
            break
        if el.tag == "figcaption" or (el.tag in {"span", "div", "p"} and class_words(el) & CAPTION_WORDS):
            if any(a.tag in {"a", "li"} for a in el.iterancestors()) or el.find(".//a") is not None:
                continue  # a teaser's picture in a list, not the article's
            block = caption_block(el)
            if block is not None and len(block.text) <= CAPTION_MAX:
                out.append(block)
    return out


def ld_paragraphs(text: str, ctx: WalkContext) -> list[str]:
    """Paragraphs of a JSON-LD articleBody: HTML in it parsed, else one per line, glued ones cut apart."""
    half = len(text) // 2
    if len(text) > 400 and text[:half].strip() == text[half:].strip():
        text = text[:half]  # the same text written twice
    if "<" in text and ">" in text:
        try:
            fragment = lhtml.fragment_fromstring(text, create_parent="div")
        except (etree.ParserError, ValueError):
            fragment = None
        if fragment is not None:
            return [b.text for b in walk([fragment], ctx) if b.role == "paragraph"]
    out = []
    for line in text.split("\n"):
        for piece in _GLUED.split(line):
            piece = clean_display(piece)
            block = classify_paragraph(piece, ctx) if piece else None
            if block is not None and block.role == "paragraph":
                out.append(block.text)
    return out


def drop_dangling_headings(raw: list[RawBlock]) -> list[RawBlock]:
    """Without the headings that end the body with no text after them (a dropped list's title)."""
    end = len(raw)
    while end and raw[end - 1].role not in {"paragraph"}:
        end -= 1
    tail = [b for b in raw[end:] if b.role != "heading"]
    return raw[:end] + tail if len(tail) != len(raw) - end else raw


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def text_weight(text: str) -> int:
    """Length of a text for the "is there an article" floor: a CJK character counts as three letters."""
    return len(text) + 2 * len(_CJK.findall(text))


__all__ = ["drop_dangling_headings", "generic_lead", "ld_paragraphs", "scope_captions", "text_weight"]
