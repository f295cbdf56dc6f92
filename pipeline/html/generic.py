"""Generic article-container finder: paragraph text scored up the tree, class/id hints, link density."""

from __future__ import annotations

import logging
import re

from lxml import html as lhtml

from pipeline.html.blocks import DROP_TAGS, NEGATIVE_WORDS, class_words, element_text, is_hidden

LOGGER = logging.getLogger(__name__)

POSITIVE_WORDS = frozenset(
    [
        "article",
        "articlebody",
        "article-body",
        "content",
        "entry",
        "entrycontent",
        "story",
        "storybody",
        "body",
        "post",
        "postbody",
        "text",
        "bodytext",
        "main",
        "news",
        "newsbody",
        "detail",
        "details",
        "maincontent",
        "field",
        "item",
        "single",
        "blog",
        "paragraph",
        "longdesc",
        "richtext",
        "prose",
    ]
)
STRONG_NEGATIVE = NEGATIVE_WORDS | frozenset(
    ["related", "tags", "author", "byline", "header", "masthead", "nav"]
)
_COMMA = re.compile(r"[,،]")
MIN_PARAGRAPH = 25


def _own_text(el: lhtml.HtmlElement) -> str:
    """Text directly held by an element (its text and its children's tails), as for <br>-separated bodies."""
    parts = [el.text or ""]
    parts.extend(child.tail or "" for child in el)
    return " ".join("".join(parts).split())


def _weight(el: lhtml.HtmlElement) -> float:
    words = class_words(el)
    if el.get("itemprop") == "articleBody":
        return 60.0
    score = 0.0
    if words & POSITIVE_WORDS:
        score += 25.0
    if words & STRONG_NEGATIVE:
        score -= 25.0
    if el.tag in {"article", "main"}:
        score += 10.0
    return score


def score_candidates(root: lhtml.HtmlElement) -> list[tuple[float, lhtml.HtmlElement]]:
    """Candidate containers with their scores, best first."""
    scores: dict[lhtml.HtmlElement, float] = {}

    def add(el: lhtml.HtmlElement | None, value: float) -> None:
        if el is None or not isinstance(el.tag, str):
            return
        if el not in scores:
            scores[el] = _weight(el)
        scores[el] += value

    for el in root.iter("p", "pre", "div", "td", "span", "section", "article"):
        tag = el.tag
        if tag in {"p", "pre"}:
            text = " ".join(el.text_content().split())
            holder = el.getparent()
        else:
            text = _own_text(el)
            holder = el
        if len(text) < MIN_PARAGRAPH:
            continue
        value = 1.0 + len(_COMMA.findall(text)) + min(len(text) / 100.0, 3.0)
        add(holder, value)
        if holder is not None:
            add(holder.getparent(), value / 2)
    ranked: list[tuple[float, lhtml.HtmlElement]] = []
    for el, score in sorted(scores.items(), key=lambda kv: -kv[1])[:12]:
        text = element_text(el)
        if not text:
            continue
        links = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
        density = min(links / len(text), 1.0)
        ranked.append((score * (1.0 - density), el))
    ranked.sort(key=lambda pair: -pair[0])
    return ranked


def _skippable(el: lhtml.HtmlElement) -> bool:
    if not isinstance(el.tag, str) or el.tag in DROP_TAGS:
        return True
    words = class_words(el)
    return is_hidden(el, words) or bool(words & STRONG_NEGATIVE)


def find_container(root: lhtml.HtmlElement) -> list[lhtml.HtmlElement]:
    """The article's body subtrees (the best-scored container plus paragraph-rich siblings)."""
    body = root.find("body")
    scope = body if body is not None else root
    ranked = score_candidates(scope)
    if not ranked or ranked[0][0] < 3.0:
        return []
    best_score, best = ranked[0]
    parent = best.getparent()
    if parent is None:
        return [best]
    siblings: list[lhtml.HtmlElement] = []
    scored = {el: s for s, el in ranked}
    for sib in parent:
        if sib is best:
            siblings.append(sib)
            continue
        if _skippable(sib):
            continue
        if scored.get(sib, 0.0) >= max(0.2 * best_score, 10.0):
            siblings.append(sib)
        elif sib.tag == "p":
            text = element_text(sib)
            if len(text) > 80 and sum(len(element_text(a)) for a in sib.iter("a")) < 0.25 * len(text):
                siblings.append(sib)
    return siblings
