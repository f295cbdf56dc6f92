"""Generic article-container finder: paragraph text scored up the tree, class/id hints, link density."""

from __future__ import annotations

import logging

from lxml import etree
from lxml import html as lhtml

from pipeline.extract.html.pagetext import PageText
from pipeline.extract.html.vocab import (
    BIO_WORDS,
    CAPTION_WORDS,
    DROP_TAGS,
    LEAD_WORDS,
    NEGATIVE_WORDS,
    class_words,
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
_SKIP_TAGS = (DROP_TAGS | {"figcaption", "header", "footer", "aside"}) - _KEEP_TAGS  # as _skipped says
MIN_PARAGRAPH = 25
MAX_ANCESTORS = 12  # paragraph text counted into this many ancestors (bounded on 10,000-deep pages)
ENCLOSING_SHARE = 0.5  # a candidate scoring this share of the best one and enclosing it ...
ENCLOSING_GAIN = 3.0  # ... with this many times its paragraph text is the article
EXPAND_LEVELS = 6  # how far above the best container the text-mass expansion may climb
EXPAND_GAIN = 1.3
SECTIONS_GAIN = 2.0  # an ancestor holding this many times the paragraph text of the container ...
SECTIONS_SHARE = 0.8  # ... and showing little else (paragraph text / displayed text) is taken
EXPAND_BELOW_PARAGRAPHS = 3  # only a container this thin (or this short) is expanded
EXPAND_BELOW_CHARS = 600.0
HIDDEN_TEXT_MIN = 200  # a hidden element holding this much text may be an article a script reveals
NOSCRIPT_TEXT_MIN = 120  # a <noscript> holding paragraphs of this much text is part of the story
BARE_TEXT_MIN = 100  # text written straight into <body> this long is the article  # an ancestor is taken when it holds this much more paragraph text


def _own_text(el: lhtml.HtmlElement) -> str:
    """Text directly held by an element (its text and children's tails, as in <br>-separated bodies).

    Empty when it is shorter than MIN_PARAGRAPH (the only use is counting paragraph-long runs).
    """
    if len(el):
        parts = [el.text or ""]
        parts.extend(child.tail or "" for child in el)
        raw = "".join(parts)
    else:  # a leaf: its own text only
        raw = el.text or ""
    if len(raw) < MIN_PARAGRAPH:  # collapsing spaces only shortens it: too short to count
        return ""
    return " ".join(raw.split())


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

    def __init__(self, words: dict[lhtml.HtmlElement, frozenset[str]] | None = None) -> None:
        self.score: dict[lhtml.HtmlElement, float] = {}
        self.mass: dict[lhtml.HtmlElement, float] = {}
        self.count: dict[lhtml.HtmlElement, int] = {}
        # paragraph text per (ancestor, paragraph signature): the same kind of paragraph further up
        self.kind: dict[tuple[lhtml.HtmlElement, str], float] = {}
        # class words of every visited element (a PageText's dict when given, so later passes reuse them)
        self.words: dict[lhtml.HtmlElement, frozenset[str]] = {} if words is None else words

    def add(self, el: lhtml.HtmlElement, value: float) -> None:
        if el not in self.score:
            self.score[el] = _weight(el, self.words.get(el) or class_words(el))
        self.score[el] += value


_PARAGRAPH_HOLDERS = frozenset({"div", "td", "span", "section", "article", "blockquote", "font"})


def _path_to(el: lhtml.HtmlElement, scope: lhtml.HtmlElement) -> list[lhtml.HtmlElement]:
    """The last MAX_ANCESTORS + 2 elements of the path from scope down to el (el last)."""
    path = [el]
    node = el
    while node is not scope and len(path) < MAX_ANCESTORS + 2:
        node = node.getparent()
        if node is None:
            break
        path.append(node)
    path.reverse()
    return path


def collect(scope: lhtml.HtmlElement, known: dict[lhtml.HtmlElement, frozenset[str]] | None = None) -> Scores:
    """One pass over the page (lxml's iterwalk): paragraph scores and text mass, furniture skipped.

    Only start events are walked; a paragraph's ancestors are looked up when one is found (a few
    dozen per page), which costs less than tracking the path through every element's end.
    """
    found = Scores(known)
    walker = etree.iterwalk(scope, events=("start",))
    for _event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):
            walker.skip_subtree()
            continue
        words = class_words(el)
        if el is not scope and (tag in _SKIP_TAGS or (words and _skipped(el, tag, words))):
            walker.skip_subtree()
            continue
        found.words[el] = words
        if tag in {"p", "pre"}:
            walker.skip_subtree()  # a paragraph's children are not paragraphs
            text = " ".join(el.text_content().split())
            if len(text) >= MIN_PARAGRAPH:
                path = _path_to(el, scope)
                if not any(a.tag == "a" for a in path[-5:-1]):
                    links = _link_chars(el)
                    kind = f"{tag}.{el.get('class', '')}<{path[-2].tag}.{path[-2].get('class', '')}"
                    _credit(found, path, text, links, 2, kind)
            continue
        if tag in _PARAGRAPH_HOLDERS:
            text = _own_text(el)
            if len(text) >= MIN_PARAGRAPH:
                path = _path_to(el, scope)
                if tag == "div" and not any(isinstance(c.tag, str) and c.tag in _BLOCK_CHILDREN for c in el):
                    # a leaf <div> of running text is a paragraph written without <p> (div-only layouts)
                    walker.skip_subtree()
                    links = _link_chars(el)
                    kind = f"div.{el.get('class', '')}<{path[-2].tag}.{path[-2].get('class', '')}"
                    _credit(found, path, text, links, 2, kind)
                    continue
                _credit(found, path, text, 0, 1, f"{tag}.{el.get('class', '')}")
    return found


def _credit(  # one call site per paragraph shape
    found: Scores, path: list[lhtml.HtmlElement], text: str, links: int, holder_offset: int, kind: str
) -> None:
    if links > 0.5 * len(text):
        return
    value = 1.0 + text.count(",") + text.count("،") + min(len(text) / 100.0, 3.0)  # Latin and Arabic commas
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
    root: lhtml.HtmlElement, found: Scores | None = None, page: PageText | None = None
) -> list[tuple[float, lhtml.HtmlElement]]:
    """Candidate containers with their scores, best first."""
    found = found or collect(root)
    page = page or PageText(root)
    ranked: list[tuple[float, lhtml.HtmlElement]] = []
    top = [el for el, _score in sorted(found.score.items(), key=lambda kv: -kv[1])[:12]]
    # outermost candidates first: one walk then gives the nested ones their text too
    for el in sorted(top, key=lambda e: sum(1 for _ in e.iterancestors())):
        page.text(el)
    for el in top:
        score = found.score[el]
        text = page.text(el)
        if not text:
            continue
        density = min(page.link_chars(el) / len(text), 1.0)
        short = 0.5 if len(text) < 200 else 1.0
        ranked.append((score * (1.0 - density) * short, el))
    ranked.sort(key=lambda pair: -pair[0])
    return ranked


def _skippable(el: lhtml.HtmlElement) -> bool:
    if not isinstance(el.tag, str) or el.tag in DROP_TAGS:
        return True
    words = class_words(el)
    return is_hidden(el, words) or bool(words & STRONG_NEGATIVE) or bool(words & BIO_WORDS)


def _main_kind(best: lhtml.HtmlElement, found: Scores) -> str | None:
    """The paragraph signature holding most of the best container's text."""
    kinds = {kind: mass for (el, kind), mass in found.kind.items() if el is best}
    return max(kinds, key=lambda k: kinds[k]) if kinds else None


def _feed_article(el: lhtml.HtmlElement) -> lhtml.HtmlElement | None:
    """The <article> holding el when it is one of several sibling <article>s (an endless feed of stories)."""
    art = el if el.tag == "article" else next(el.iterancestors("article"), None)
    while art is not None:
        parent = art.getparent()
        if parent is not None and any(c.tag == "article" and c is not art for c in parent):
            return art
        art = next(art.iterancestors("article"), None)
    return None


def _own_story(best: lhtml.HtmlElement, ranked: list[tuple[float, lhtml.HtmlElement]]) -> lhtml.HtmlElement:
    """In a feed of sibling <article>s, the best candidate of the first one (the page's own story).

    Pages that load the next stories below the first (endless scrolling) repeat the same markup; the
    longest story may score best, but the page is about the first.
    """
    art = _feed_article(best)
    if art is None:
        return best
    parent = art.getparent()
    first = next(c for c in parent if c.tag == "article")
    if first is art:
        return best
    for _score, el in ranked:
        if el is first or any(a is first for a in el.iterancestors("article")):
            return el
    return best


def _enclosing_candidate(
    best: lhtml.HtmlElement, ranked: list[tuple[float, lhtml.HtmlElement]], found: Scores
) -> lhtml.HtmlElement:
    """A near-best candidate enclosing the best one and holding several times its paragraph text.

    A box of a few dense paragraphs inside the article (a product blurb, a fact box) can outscore
    the article body it sits in; the body then is the candidate around it with far more text.
    """
    best_score = ranked[0][0]
    mass = found.mass.get(best, 0.0)
    for score, el in ranked[1:]:
        if score < ENCLOSING_SHARE * best_score:
            break
        if found.mass.get(el, 0.0) >= ENCLOSING_GAIN * mass and any(a is el for a in best.iterancestors()):
            return el
    return best


def _stops_climb(el: lhtml.HtmlElement) -> bool:
    """Whether the climb must not leave el: an <article> beside other <article>s (another story)."""
    if el.tag != "article":
        return False
    parent = el.getparent()
    return parent is not None and any(c.tag == "article" and c is not el for c in parent)


def _expand(best: lhtml.HtmlElement, found: Scores, page: PageText) -> lhtml.HtmlElement:
    """Climb from the best container to an ancestor holding clearly more paragraphs of the same kind.

    When the best element is itself one paragraph (a <span>/<div> run of text scored on its own),
    its siblings of the same kind sit under a common ancestor further up: the climb then follows
    that paragraph kind and may go up to MAX_ANCESTORS levels.
    """
    kind = _main_kind(best, found)
    levels = EXPAND_LEVELS
    if kind is None:
        kind = f"{best.tag}.{best.get('class', '')}"
        levels = MAX_ANCESTORS
    chosen = best
    el = best
    for _ in range(levels):
        parent = el.getparent()
        if parent is None or parent.tag in {"body", "html"} or parent not in found.words or _stops_climb(el):
            break
        el = parent
        mass = found.kind.get((el, kind), 0.0)
        if mass > 0.0 and mass >= EXPAND_GAIN * found.kind.get((chosen, kind), 0.0):
            chosen = el
    return _expand_sections(chosen, found, page)


def _expand_sections(chosen: lhtml.HtmlElement, found: Scores, page: PageText) -> lhtml.HtmlElement:
    """Climb to an ancestor holding several times the paragraph text when that text is nearly all it shows.

    Articles split into sections (one wrapper per section or list item, each with its own class) have
    no single paragraph kind; an ancestor whose displayed text is almost all paragraph text (no menus,
    teasers or link lists) and holds far more of it is the whole article. A container the page marks
    as the article (<article>, <main>, itemprop=articleBody) is trusted as it is.
    """
    if chosen.tag in {"article", "main"} or chosen.get("itemprop") == "articleBody":
        return chosen
    el = chosen
    for _ in range(EXPAND_LEVELS):
        parent = el.getparent()
        if parent is None or parent.tag in {"body", "html"} or parent not in found.words or _stops_climb(el):
            break
        el = parent
        mass = found.mass.get(el, 0.0)
        if mass < SECTIONS_GAIN * found.mass.get(chosen, 0.0):
            continue
        if mass >= SECTIONS_SHARE * len(page.text(el)):  # the text is looked at only now (it costs a walk)
            chosen = el
    return chosen


def reveal_hidden(scope: lhtml.HtmlElement) -> bool:
    """Remove the ``hidden`` attribute from elements holding article-long text (a script reveals them).

    Only the attribute a script toggles is removed, never ``display:none`` or utility classes, and
    only on elements whose text is at least HIDDEN_TEXT_MIN long; True when something was revealed.
    """
    revealed = False
    for el in scope.xpath(".//*[@hidden]"):
        if len(" ".join(el.text_content().split())) >= HIDDEN_TEXT_MIN:
            del el.attrib["hidden"]
            revealed = True
    return revealed


def open_noscript(scope: lhtml.HtmlElement) -> bool:
    """Read ``<noscript>`` parts that hold paragraphs of text as ordinary blocks.

    A lazy-loading page puts the rest of the story there for readers without scripts (what the
    script would load); a ``<noscript>`` holding only a picture or a tracking pixel stays dropped.
    True when one was opened.
    """
    opened = False
    for el in list(scope.iter("noscript")):
        if el.find(".//p") is not None and len(" ".join(el.text_content().split())) >= NOSCRIPT_TEXT_MIN:
            el.tag = "div"
            opened = True
    return opened


def reveal_toggled(scope: lhtml.HtmlElement) -> bool:
    """Un-hide ``hidden`` elements a button on the page opens (``aria-controls`` names their id).

    "Read the transcript", "show the whole story": the reader gets that text with one click, so it
    is part of the page's text whatever the visible part holds (menus a button opens are link
    lists and score as such). True when something was revealed.
    """
    controlled = scope.xpath(".//*[@aria-controls]/@aria-controls")
    if not controlled:
        return False
    ids = {i for value in controlled for i in str(value).split()}
    revealed = False
    for el in scope.xpath(".//*[@hidden][@id]"):
        if el.get("id") in ids and len(" ".join(el.text_content().split())) >= HIDDEN_TEXT_MIN:
            del el.attrib["hidden"]
            revealed = True
    return revealed


def _text_in_scope(scope: lhtml.HtmlElement) -> bool:
    """Whether running text is written straight into the scope (<body> text with <br>, no blocks)."""
    parts = [scope.text or ""]
    parts.extend(child.tail or "" for child in scope if child.tag not in DROP_TAGS)
    return len(" ".join("".join(parts).split())) >= BARE_TEXT_MIN


def find_container(
    root: lhtml.HtmlElement, page: PageText | None = None, reveal: bool = True
) -> list[lhtml.HtmlElement]:
    """The article's body subtrees (the best-scored container plus paragraph-rich siblings).

    A page whose visible part holds no article but whose ``hidden`` elements do (revealed by a
    script) is read with those revealed; text written straight into <body> is the body.
    """
    body = root.find("body")
    scope = body if body is not None else root
    page = page or PageText(root)
    if reveal and (open_noscript(scope) | reveal_toggled(scope)):
        page.forget()
    found = collect(scope, page.words)
    ranked = score_candidates(scope, found, page)
    if not ranked or ranked[0][0] < 3.0 or len(page.text(ranked[0][1])) < HIDDEN_TEXT_MIN:
        if reveal and reveal_hidden(scope):
            page.forget()
            return find_container(root, page, reveal=False)
        if not ranked or ranked[0][0] < 3.0:
            return [scope] if _text_in_scope(scope) else []
    best_score, best = ranked[0]
    best = _expand(_own_story(_enclosing_candidate(best, ranked, found), ranked), found, page)
    parent = best.getparent()
    if parent is None:
        return [best]
    siblings: list[lhtml.HtmlElement] = []
    scored = {el: s for s, el in ranked}
    for sib in parent:
        if sib is best:
            siblings.append(sib)
            continue
        if _skippable(sib) or (sib.tag == "article" and best.tag == "article"):
            continue  # furniture, or the next story of a feed
        if scored.get(sib, 0.0) >= max(0.2 * best_score, 10.0):
            siblings.append(sib)
        elif sib.tag == "p" and not class_words(sib) & (LEAD_WORDS | CAPTION_WORDS):
            # a standfirst or caption paragraph beside the body is not running text (the lead and
            # caption finders pick it up by its class)
            text = page.text(sib)
            if len(text) > 80 and sum(len(page.text(a)) for a in sib.iter("a")) < 0.25 * len(text):
                siblings.append(sib)
    if len(siblings) == 1:
        twins = _twins(best, ranked, best_score)
        if twins:
            return _in_document_order(root, best.tag, [best, *twins])
    return siblings


def _twins(
    best: lhtml.HtmlElement, ranked: list[tuple[float, lhtml.HtmlElement]], best_score: float
) -> list[lhtml.HtmlElement]:
    """Other parts of a body split across the page's layout: candidates of the very same tag and
    class as the body (div.story-text in two rows), outside it, scoring well, in the same story."""
    cls = best.get("class")
    if not cls:
        return []
    story = _feed_article(best)
    inside = {id(a) for a in best.iterancestors()}
    out = []
    for score, el in ranked:
        if el is best or el.tag != best.tag or el.get("class") != cls or score < max(0.2 * best_score, 10.0):
            continue
        if id(el) in inside or any(a is best for a in el.iterancestors()):
            continue
        if story is not None and not any(a is story for a in el.iterancestors()):
            continue  # another story of a feed
        if _feed_article(el) is not None and story is None:
            continue
        out.append(el)
    return out


def _in_document_order(
    root: lhtml.HtmlElement, tag: str, els: list[lhtml.HtmlElement]
) -> list[lhtml.HtmlElement]:
    wanted = {id(el) for el in els}
    return [el for el in root.iter(tag) if id(el) in wanted]
