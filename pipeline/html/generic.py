"""Generic article-container finder: paragraph text scored up the tree, class/id hints, link density."""

from __future__ import annotations

import logging
import re

from lxml import html as lhtml

from pipeline.html.blocks import (
    CAPTION_WORDS,
    DROP_TAGS,
    NEGATIVE_WORDS,
    class_words,
    element_text,
    is_hidden,
)

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
# furniture whose whole subtree is skipped while scoring (unless the element also looks like content)
SKIP_WORDS = frozenset(
    [
        "comment",
        "comments",
        "commentlist",
        "disqus",
        "modal",
        "popup",
        "cookie",
        "cookies",
        "privacy",
        "consent",
        "gdpr",
        "newsletter",
        "outbrain",
        "taboola",
        "caption",
        "figcaption",
        "sronly",
    ]
)
_KEEP_TAGS = frozenset(["body", "article", "main", "html"])
_COMMA = re.compile(r"[,،]")
MIN_PARAGRAPH = 25
MAX_ANCESTORS = 12  # paragraph text counted into this many ancestors (bounded on 10,000-deep pages)
EXPAND_LEVELS = 6  # how far above the best container the text-mass expansion may climb
EXPAND_GAIN = 1.3
EXPAND_BELOW_PARAGRAPHS = 3  # only a container this thin (or this short) is expanded
EXPAND_BELOW_CHARS = 600.0  # an ancestor is taken when it holds this much more paragraph text


def _own_text(el: lhtml.HtmlElement) -> str:
    """Text directly held by an element (its text and its children's tails), as for <br>-separated bodies."""
    parts = [el.text or ""]
    parts.extend(child.tail or "" for child in el)
    return " ".join("".join(parts).split())


def _weight(el: lhtml.HtmlElement, words: frozenset[str]) -> float:
    if el.get("itemprop") == "articleBody":
        return 60.0
    score = 0.0
    if words & POSITIVE_WORDS:
        score += 25.0
    if words & STRONG_NEGATIVE or words & CAPTION_WORDS or el.tag in {"figure", "figcaption"}:
        score -= 25.0
    if el.tag in {"article", "main"}:
        score += 10.0
    return score


def _skipped(el: lhtml.HtmlElement, tag: str, words: frozenset[str]) -> bool:
    """Furniture subtrees left out of scoring: dropped tags, hidden parts, comment/ad/modal boxes."""
    if tag in DROP_TAGS or tag in {"figcaption", "header", "footer", "aside"}:
        return tag not in _KEEP_TAGS
    if not words:
        return False
    if is_hidden(el, words):
        return True
    return bool(words & SKIP_WORDS) and not (words & POSITIVE_WORDS) and tag not in _KEEP_TAGS


def _link_chars(el: lhtml.HtmlElement) -> int:
    return sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))


_BLOCK_CHILDREN = frozenset(
    {"div", "p", "section", "article", "ul", "ol", "table", "h1", "h2", "h3", "figure"}
)


class Scores:
    """Per-element paragraph scores (readability style) and paragraph text mass of every ancestor."""

    def __init__(self) -> None:
        self.score: dict[lhtml.HtmlElement, float] = {}
        self.mass: dict[lhtml.HtmlElement, float] = {}
        self.count: dict[lhtml.HtmlElement, int] = {}
        # paragraph text per (ancestor, paragraph signature): the same kind of paragraph further up
        self.kind: dict[tuple[lhtml.HtmlElement, str], float] = {}
        self.words: dict[lhtml.HtmlElement, frozenset[str]] = {}

    def add(self, el: lhtml.HtmlElement, value: float) -> None:
        if el not in self.score:
            self.score[el] = _weight(el, self.words.get(el) or class_words(el))
        self.score[el] += value


def collect(scope: lhtml.HtmlElement) -> Scores:
    """One iterative pass over the page: paragraph scores and text mass, furniture subtrees skipped."""
    found = Scores()
    path: list[lhtml.HtmlElement] = []
    stack: list[tuple[int, lhtml.HtmlElement]] = [(0, scope)]
    while stack:
        depth, el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str):
            continue
        del path[depth:]
        words = class_words(el)
        if el is not scope and _skipped(el, tag, words):
            continue
        found.words[el] = words
        path.append(el)
        if tag in {"p", "pre"}:
            text = " ".join(el.text_content().split())
            if len(text) >= MIN_PARAGRAPH and not any(a.tag == "a" for a in path[-5:-1]):
                links = _link_chars(el)
                kind = f"{tag}.{el.get('class', '')}<{path[-2].tag}.{path[-2].get('class', '')}"
                _credit(found, path, text, links, 2, kind)
            continue  # a paragraph's children are not paragraphs
        if tag in {"div", "td", "span", "section", "article", "blockquote", "li"}:
            text = _own_text(el)
            if len(text) >= MIN_PARAGRAPH and tag != "li":
                if tag == "div" and not any(isinstance(c.tag, str) and c.tag in _BLOCK_CHILDREN for c in el):
                    # a leaf <div> of running text is a paragraph written without <p> (div-only layouts)
                    links = _link_chars(el)
                    kind = f"div.{el.get('class', '')}<{path[-2].tag}.{path[-2].get('class', '')}"
                    _credit(found, path, text, links, 2, kind)
                    continue
                _credit(found, path, text, 0, 1, f"{tag}.{el.get('class', '')}")
        stack.extend((depth + 1, child) for child in reversed(el))
    return found


def _credit(  # one call site per paragraph shape
    found: Scores, path: list[lhtml.HtmlElement], text: str, links: int, holder_offset: int, kind: str
) -> None:
    if links > 0.5 * len(text):
        return
    value = 1.0 + len(_COMMA.findall(text)) + min(len(text) / 100.0, 3.0)
    if len(path) >= holder_offset:
        found.add(path[-holder_offset], value)
    if len(path) > holder_offset:
        found.add(path[-holder_offset - 1], value / 2)
    chars = float(len(text) - links)
    for ancestor in path[-MAX_ANCESTORS - 1 : -1]:
        found.mass[ancestor] = found.mass.get(ancestor, 0.0) + chars
        found.count[ancestor] = found.count.get(ancestor, 0) + 1
        found.kind[ancestor, kind] = found.kind.get((ancestor, kind), 0.0) + chars


def score_candidates(
    root: lhtml.HtmlElement, found: Scores | None = None
) -> list[tuple[float, lhtml.HtmlElement]]:
    """Candidate containers with their scores, best first."""
    found = found or collect(root)
    ranked: list[tuple[float, lhtml.HtmlElement]] = []
    for el, score in sorted(found.score.items(), key=lambda kv: -kv[1])[:12]:
        text = element_text(el)
        if not text:
            continue
        density = min(_link_chars(el) / len(text), 1.0)
        short = 0.5 if len(text) < 200 else 1.0
        ranked.append((score * (1.0 - density) * short, el))
    ranked.sort(key=lambda pair: -pair[0])
    return ranked


def _skippable(el: lhtml.HtmlElement) -> bool:
    if not isinstance(el.tag, str) or el.tag in DROP_TAGS:
        return True
    words = class_words(el)
    return is_hidden(el, words) or bool(words & STRONG_NEGATIVE)


def _main_kind(best: lhtml.HtmlElement, found: Scores) -> str | None:
    """The paragraph signature holding most of the best container's text."""
    kinds = {kind: mass for (el, kind), mass in found.kind.items() if el is best}
    return max(kinds, key=lambda k: kinds[k]) if kinds else None


def _expand(best: lhtml.HtmlElement, found: Scores) -> lhtml.HtmlElement:
    """Climb from the best container to an ancestor holding clearly more paragraphs of the same kind."""
    kind = _main_kind(best, found)
    if kind is None:
        return best
    chosen = best
    el = best
    for _ in range(EXPAND_LEVELS):
        parent = el.getparent()
        if parent is None or parent.tag in {"body", "html"} or parent not in found.words:
            break
        el = parent
        if found.kind.get((el, kind), 0.0) >= EXPAND_GAIN * found.kind.get((chosen, kind), 0.0):
            chosen = el
    return chosen


def find_container(root: lhtml.HtmlElement) -> list[lhtml.HtmlElement]:
    """The article's body subtrees (the best-scored container plus paragraph-rich siblings)."""
    body = root.find("body")
    scope = body if body is not None else root
    found = collect(scope)
    ranked = score_candidates(scope, found)
    if not ranked or ranked[0][0] < 3.0:
        return []
    best_score, best = ranked[0]
    best = _expand(best, found)
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
