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
from pipeline.extract.html.blocks import (
    RawBlock,
    WalkContext,
    caption_block,
    caption_like,
    classify_paragraph,
    walk,
)
from pipeline.extract.html.pagetext import PageText
from pipeline.extract.html.vocab import (
    BYLINE_LINE,
    BYLINE_WORDS,
    CAPTION_WORDS,
    CREDIT_WORDS,
    LABELLED_LINE,
    LEAD_STRONG,
    NEGATIVE_WORDS,
    NOT_LEAD_WORDS,
    RELATED_WORDS,
    lead_kind,
)

LEAD_MIN, LEAD_MAX = 20, 600
STANDFIRST_MIN = 40  # an unclassed standfirst under the headline is at least a short sentence
STANDFIRST_STEPS = 3  # elements after the headline looked at
STANDFIRST_CLIMBS = 2  # wrappers the headline may close before its standfirst (<header><h1></header><p>)
TABLE_CLIMBS = 4  # a headline without <h1> may sit deeper: <tr><td><font><b>headline</b></font></td></tr>
_INLINE = frozenset({"span", "b", "i", "em", "strong"})
BOLD_LEAD_AFTER = 2  # an all-bold first paragraph is the lead when this many paragraphs follow
CAPTION_MAX = 400
# a paragraph boundary lost when a CMS joined paragraphs without a space: "…in 2019.The next…"
_GLUED = re.compile(
    r"(?<=[a-z\u00e0-\u024f\u0600-\u06ff0-9]{2}[.!?؟])(?=[\"“«]?[A-Z\u00c0-\u00de\u0600-\u06ff])"
)


def _inside(el: lhtml.HtmlElement, roots: list[lhtml.HtmlElement]) -> bool:
    ids = {id(root) for root in roots}
    return id(el) in ids or any(id(a) in ids for a in el.iterancestors())


def _standfirst_after_headline(
    root: lhtml.HtmlElement, body: list[lhtml.HtmlElement], page: PageText, h1: lhtml.HtmlElement | None
) -> tuple[str, lhtml.HtmlElement] | None:
    """The first unlinked sentence-long <p>/<h2>/<div> among the few elements following the headline
    (an <h1>; or, on a page without one, the element showing the title: then a table row of inline
    text after the headline's row counts too, as in table layouts)."""
    if h1 is None:
        return None
    tabled = h1.tag != "h1"
    node: lhtml.HtmlElement | None = h1
    climbs = 0
    for _ in range(STANDFIRST_STEPS):
        here = node
        node = node.getnext() if node is not None else None
        while node is not None and not isinstance(node.tag, str):
            node = node.getnext()
        while (
            node is None
            and here is not None
            and climbs < (TABLE_CLIMBS if tabled else STANDFIRST_CLIMBS)
            and here.getparent() is not None
        ):
            # the headline closes its wrapper (<header><h1></header>): go on after the wrapper
            here = here.getparent()
            if here.tag in {"body", "html", "article", "main"} or (tabled and here.tag in {"table", "tbody"}):
                break
            climbs += 1
            node = here.getnext()
            while node is not None and not isinstance(node.tag, str):
                node = node.getnext()
        if node is None or (
            _inside(node, body) and not _apart_from_text(node, h1) and not _the_description(root, node, page)
        ):
            return None
        if node.tag not in {"p", "h2", "h3", "div"} and not (tabled and node.tag in {"tr", "td", "font"}):
            return None
        words = page.class_words(node)
        if words & (NEGATIVE_WORDS | BYLINE_WORDS | CAPTION_WORDS | RELATED_WORDS):
            continue
        inline = _INLINE | {"td", "font"} if tabled else _INLINE
        if node.tag in {"div", "tr", "td"} and any(
            isinstance(c.tag, str) and c.tag not in inline for c in node.iterdescendants()
        ):
            continue
        text = page.text(node)
        if (
            STANDFIRST_MIN <= len(text) <= LEAD_MAX
            and node.find(".//a") is None
            and not BYLINE_LINE.match(text)
            and not LABELLED_LINE.match(text)  # "كتب: NAME - DATE - قرئ 1203 مرة"
            and classify_paragraph(text, WalkContext(page=page)) is not None
        ):
            return text, node
    return None


def _the_description(root: lhtml.HtmlElement, node: lhtml.HtmlElement, page: PageText) -> bool:
    """Whether a <p> under the headline is, word for word, the page's meta description: an unclassed
    standfirst inside the story's container (a description cut from the first paragraph is shorter
    than it, or ends in "…")."""
    if node.tag != "p":
        return False
    text = " ".join(page.text(node).split())
    if not STANDFIRST_MIN <= len(text) <= LEAD_MAX:
        return False
    values = root.xpath("//meta[@name='description']/@content|//meta[@property='og:description']/@content")
    return any(" ".join(str(v).split()) == text for v in values)


def _apart_from_text(node: lhtml.HtmlElement, h1: lhtml.HtmlElement) -> bool:
    """Whether a <p> right under the headline, inside the body's container, stands apart from the
    running text: a sibling of the headline whose own siblings hold no other paragraph (the text
    runs in another wrapper), as an unclassed standfirst does."""
    if node.tag != "p" or node.getparent() is not h1.getparent():
        return False
    return not any(
        sib.tag == "p" and len(sib.text_content().strip()) >= STANDFIRST_MIN for sib in node.itersiblings()
    )


def _first_text_part(body: list[lhtml.HtmlElement], page: PageText) -> lhtml.HtmlElement:
    """The first body part holding running text: a short part before it (a meta line of date,
    author and section read as a sibling of the body) does not end the search for the standfirst
    and the captions above the body."""
    return next((el for el in body if len(page.text(el)) >= LEAD_MAX), body[0])


def generic_lead(
    root: lhtml.HtmlElement,
    body: list[lhtml.HtmlElement],
    page: PageText,
    headline: lhtml.HtmlElement | None,
) -> tuple[str, lhtml.HtmlElement] | None:
    """A standfirst and its element: before the body, outside it, by class (lead/standfirst/dek…), else under the
    headline (its <h1>, or the element showing the title: see headline.find_headline; None for none)."""
    first = _first_text_part(body, page)
    h1 = headline
    after_h1 = False  # a weaker class (description, brief, sub-title) counts only under the headline
    # class words the body's container shares with it name the page's kind ("print-intro" beside
    # "print-content" on a print version), not a share or print button
    shared = page.class_words(first)
    # the body's own tag is walked too, so that the walk stops at the body (an <article>, a <section>)
    tags = {"p", "div", "h2", "h3", "h1", first.tag} | (
        {h1.tag} if h1 is not None and isinstance(h1.tag, str) else set()
    )
    for el in root.iter(*tags):
        if el is first:
            break
        if el is h1:
            after_h1 = True
            continue
        words = page.class_words(el)
        kind = lead_kind(words)
        if not kind and after_h1 and el.get("itemprop") == "description":
            kind = LEAD_STRONG
        if kind and not (words - shared).isdisjoint(NOT_LEAD_WORDS):
            continue  # an author's bio, a share box: not the standfirst whatever else its class says
        if (
            (kind == LEAD_STRONG or (kind and after_h1))
            and not _inside(el, body)
            and el.find(".//h1") is None
        ):
            text = page.text(el)
            if LEAD_MIN <= len(text) <= LEAD_MAX and el.find(".//a") is None and "©" not in text:
                return _without_label(el, text, page), el
    return _standfirst_after_headline(root, body, page, h1)


INTRO_PARAGRAPH = 80  # a standfirst box holding two paragraphs this long is the story's opening


def intro_paragraphs(el: lhtml.HtmlElement, page: PageText) -> list[str]:
    """The paragraphs of a box found as the standfirst when it holds two or more paragraphs of running
    text (an intro box opening the story, not a standfirst); empty for a one-sentence standfirst."""
    texts = [page.text(p) for p in el.iterchildren("p")]
    long = [t for t in texts if len(t) >= INTRO_PARAGRAPH]
    return [t for t in texts if t] if len(long) >= 2 else []


def _without_label(el: lhtml.HtmlElement, text: str, page: PageText) -> str:
    """A standfirst box's text without its one-word label heading ("ملخص", "Summary")."""
    first = next((c for c in el if isinstance(c.tag, str)), None)
    if first is None or not (len(el) > 1 or (first.tail or "").strip()):
        return text  # no label, or a lone bold run that is the whole standfirst
    if first.tag in {"h2", "h3", "h4", "h5", "span", "strong", "b"}:
        label = page.text(first)
        if label and len(label.split()) <= 2 and text.startswith(label) and len(text) > len(label) + LEAD_MIN:
            return text[len(label) :].lstrip(" :：-–")
    return text


def bold_lead(raw: list[RawBlock]) -> list[RawBlock]:
    """The body's first paragraph as the lead when it is all bold and plain paragraphs follow it."""
    index = next((i for i, b in enumerate(raw) if b.role in {"paragraph", "heading", "lead"}), None)
    if index is None or raw[index].role != "paragraph":
        return raw
    block = raw[index]
    el = block.el
    if el is None or el.tag != "p" or not LEAD_MIN * 2 <= len(block.text) <= LEAD_MAX or block.links:
        return raw
    children = [c for c in el if isinstance(c.tag, str) and c.tag != "br"]
    if (
        len(children) != 1
        or children[0].tag not in {"strong", "b"}
        or (el.text or "").strip()
        or (children[0].tail or "").strip()
    ):
        return raw
    if sum(1 for b in raw[index + 1 :] if b.role == "paragraph") < BOLD_LEAD_AFTER:
        return raw
    return [*raw[:index], RawBlock("lead", block.text), *raw[index + 1 :]]


def _article_scope(
    root: lhtml.HtmlElement, body: list[lhtml.HtmlElement], h1: lhtml.HtmlElement | None
) -> lhtml.HtmlElement | None:
    """The lowest ancestor of the body that also holds the page's headline (<h1>)."""
    if h1 is None:
        return None
    above = {id(a) for a in h1.iterancestors()}
    for ancestor in body[0].iterancestors():
        if id(ancestor) in above:
            return None if ancestor.tag in {"body", "html"} else ancestor
    return None


def _top(el: lhtml.HtmlElement, body: lhtml.HtmlElement) -> lhtml.HtmlElement | None:
    """The child of <body> that holds el (el itself when it is one)."""
    node: lhtml.HtmlElement | None = el
    while node is not None:
        parent = node.getparent()
        if parent is body:
            return node
        node = parent
    return None


def _captions_between(
    root: lhtml.HtmlElement, first: lhtml.HtmlElement, page: PageText, h1: lhtml.HtmlElement | None
) -> list[lhtml.HtmlElement]:
    """Captions after the headline and before the body when the two share no wrapper below <body>
    (a hero section holding the headline and the main picture, the text in another part of the page)."""
    body = root.find("body")
    if h1 is None or body is None:
        return []
    top_h1, top_first = _top(h1, body), _top(first, body)
    if top_h1 is None or top_first is None or top_h1 is top_first:
        return []
    found: list[lhtml.HtmlElement] = []
    started = False
    section: lhtml.HtmlElement | None = top_h1
    while section is not None:
        for el in section.iter(h1.tag, "figcaption", "span", "div", "p", "td", first.tag):
            if el is first:
                return found
            if el is h1:
                started = True
            elif started and caption_like(el, el.tag, page.class_words(el), page):
                found.append(el)
        if section is top_first:
            break
        section = section.getnext()
    return found if section is top_first else []


def _captions_after(
    scope: lhtml.HtmlElement, body: list[lhtml.HtmlElement], page: PageText
) -> list[lhtml.HtmlElement]:
    """Captions of the pictures after the body in the article's scope (a photo album under the
    story): figcaptions and picture-text classes whose wrapper shows a picture."""
    last = body[-1]
    after = False
    out: list[lhtml.HtmlElement] = []
    for el in scope.iter("figcaption", "span", "div", "p", last.tag):
        if el is last:
            after = True
            continue
        if not after or any(a is last for a in el.iterancestors()):
            continue
        parent = el.getparent()
        if parent is None or parent.find(".//img") is None:
            continue
        if caption_like(el, el.tag, page.class_words(el), page):
            out.append(el)
    return out


def scope_captions(
    root: lhtml.HtmlElement,
    body: list[lhtml.HtmlElement],
    page: PageText,
    headline: lhtml.HtmlElement | None,
) -> list[RawBlock]:
    """Captions in the article's scope but outside the body: before it, and those of a photo album
    after it (figcaptions between the headline and the body when the two share no wrapper)."""
    h1 = headline
    scope = _article_scope(root, body, h1)
    first = _first_text_part(body, page)
    found: list[lhtml.HtmlElement] = []
    if scope is not None:
        # caption-like elements before the body in document order (the body's own tag stops the walk)
        for el in scope.iter("figcaption", "span", "div", "p", "td", first.tag):
            if el is first:
                break
            if caption_like(el, el.tag, page.class_words(el), page):
                found.append(el)
        found.extend(_captions_after(scope, body, page))
    else:
        found = _captions_between(root, first, page, h1)
    kept: list[lhtml.HtmlElement] = []
    for el in found:  # all looked at before caption_block takes a credit out of the tree
        if any(a.tag in {"a", "li"} for a in el.iterancestors()) or el.find(".//a") is not None:
            continue  # a teaser's picture in a list, not the article's
        if h1 is not None and (el is h1 or h1 in el.iterancestors() or el in h1.iterancestors()):
            continue  # the headline (a title class naming a picture's text) is no caption
        if page.class_words(el) & CREDIT_WORDS and any(a in kept for a in el.iterancestors()):
            continue  # the credit of a caption already taken (caption_block reads it there)
        kept.append(el)
    out: list[RawBlock] = []
    for el in kept:
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


KICKER_WORDS = 4  # a paragraph this short above the headline, inside the body's container, is a label


def drop_kickers(
    raw: list[RawBlock], body: list[lhtml.HtmlElement], headline: lhtml.HtmlElement | None
) -> list[RawBlock]:
    """Without the short labels above the headline when the container holds the headline too (a
    "LIVE" badge, a kicker, a section name, a kicker heading such as a Persian روتیتر): the story
    starts under its headline."""
    if headline is None or not any(root is headline or root in headline.iterancestors() for root in body):
        return raw
    above: set[lhtml.HtmlElement] = set()
    for root in body:
        for el in root.iter():
            if el is headline:
                break
            above.add(el)
        else:
            continue
        break
    return [
        b
        for b in raw
        if not (
            b.el in above
            and ((b.role == "paragraph" and len(b.text.split()) <= KICKER_WORDS) or b.role == "heading")
        )
    ]


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def text_weight(text: str) -> int:
    """Length of a text for the "is there an article" floor: a CJK character counts as three letters."""
    return len(text) + 2 * len(_CJK.findall(text))


__all__ = [
    "bold_lead",
    "drop_dangling_headings",
    "drop_kickers",
    "generic_lead",
    "intro_paragraphs",
    "ld_paragraphs",
    "scope_captions",
    "text_weight",
]
