"""Walk an article subtree (iteratively, any depth) into ordered text blocks with roles."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lhtml

from pipeline.core.text import clean_display, match_key
from pipeline.extract.html.datetext import parse_stamp
from pipeline.extract.html.furniture import furniture_line
from pipeline.extract.html.pagetext import PageText, element_text
from pipeline.extract.html.pictures import after_caption, caption_like, picture_text, teaser_card
from pipeline.extract.html.vocab import (
    AGENCY_LINE,
    AGENCY_TAIL,
    BIO_WORDS,
    BLOCK_TAGS,
    BYLINE_LABEL,
    BYLINE_LINE,
    BYLINE_WORDS,
    CAPTION_WORDS,
    CLOCK_LINE,
    CREDIT_LABEL_PREFIX,
    CREDIT_WORDS,
    DROP_TAGS,
    EMBED_BOX_WORDS,
    EMBED_WORDS,
    FURNITURE_LINE,
    FURNITURE_LINE_MAX,
    HEADINGS,
    LEAD_STRONG,
    LEAD_WORDS,
    NEGATIVE_WORDS,
    NOT_LEAD_WORDS,
    PROMO_PARAGRAPH_WORDS,
    PULL_WORDS,
    RELATED_WORDS,
    SIGN_OFF,
    SITE_PREFIX,
    TAG_WORDS,
    UPDATED_LINE,
    class_words,
    is_boilerplate,
    is_hidden,
    lead_kind,
    related_marker,
    split_credit,
)

__all__ = [  # the vocabulary and page text are re-exported for the modules that import them from here
    "CAPTION_WORDS",
    "DROP_TAGS",
    "LEAD_WORDS",
    "NEGATIVE_WORDS",
    "PageText",
    "RawBlock",
    "WalkContext",
    "caption_block",
    "caption_like",
    "class_words",
    "classify_paragraph",
    "element_text",
    "is_hidden",
    "related_links",
    "related_marker",
    "settle_leads",
    "walk",
]

LOGGER = logging.getLogger(__name__)
_DIGIT = re.compile(r"\d")
_SPLIT_LABEL = re.compile(r"[\W_]+")
_LABELLED_BOXES = frozenset(["aside", "div", "section", "figure", "form", "ul"])
# a CMS shortcode left unrendered as a whole paragraph: [ami-related id="3469793" url="…" title="…"]
_SHORTCODE = re.compile(
    r"^\[/?[a-z][\w-]*(?=[^\]]*=)(?:\s+[\w-]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s\]]+))?)+\s*/?\]$"
)
# a short label and its colon opening a run that is otherwise one link ("شاهد:", "Video:", "Lesen Sie auch:")
_LINK_LABEL = re.compile(r"^\s*[^\s:：]+(?:\s[^\s:：]+){0,2}\s*[:：]\s*")
LABELLED_LINK_SHARE = 0.9  # the link covers this share of what follows the label
LABELLED_LINK_MAX = 160  # and what follows is a title's length, not a paragraph's
LISTED_LINK_SHARE = 0.9  # a line under a "read also:" label that is one link this long is a teaser
BUTTON_WORDS = 4  # a run of text that is one link of this few words is a button, not a paragraph
STANDFIRST_MIN = 40  # a heading this long right under the <h1>, before any text, is the standfirst
LEAD_OPENING_MAX = 600  # a longer box opening the body is body text, whatever its class
_LEAD_ROLES = frozenset({"lead", "lead_opening"})
BIO_MAX = 800  # an author's biography box is short
_BIO_BOX_WORDS = frozenset(["box", "bio", "biography", "info", "card", "about", "profile"])
# a link to the outlet's subscription or sign-in page (a paywall or membership box links there)
_SUBSCRIBE_HREF = re.compile(r"subscri|/sign-?up|/sign-?in|/login|/register|/join\b|/membership", re.I)
CROSSHEAD_AFTER = 80  # a sub-title box after a paragraph this long (running text, no kicker) is a crosshead
UPDATED_LINE_MAX = 140  # "آخر تحديث: <weekday, date, two clocks and zones>"
PAYWALL_BOX_MAX = 600  # a subscription box is short: a pitch, plans and the buttons
BYLINE_LINE_MAX = 90  # a labelled byline line ("إعداد: فلان | 9 آب 2023") is this short
PROMO_MAX = (
    300  # a promotion paragraph is short  # a credit element beside a caption shows at most this much text
)
EMBED_TEXT_MAX = 300  # an embed box (tweet, player) inside the body shows at most this much text


@dataclass(frozen=True)
class RawBlock:
    """A block before positions are assigned."""

    role: str
    text: str
    credit: str | None = None
    url: str | None = None
    # where the text was read (its innermost block element) and its links' characters: block model input
    el: lhtml.HtmlElement | None = field(default=None, compare=False, repr=False)
    links: int = field(default=0, compare=False, repr=False)


@dataclass
class WalkContext:
    """What the walker knows: roles forced by a profile, the base URL and the title."""

    roles: Mapping[lhtml.HtmlElement, str] = field(default_factory=dict)
    base_url: str | None = None
    title_key: str = ""
    authors: list[str] = field(default_factory=list)
    seen_related: set[str] = field(default_factory=set)
    page: PageText = field(default_factory=PageText)


def _abs(href: str | None, base: str | None) -> str | None:
    if not href or href.startswith(("javascript:", "#", "mailto:")):
        return None
    href = href.strip()
    return urljoin(base, href) if base else href


def related_links(el: lhtml.HtmlElement, ctx: WalkContext) -> list[RawBlock]:
    """One related block per distinct teaser link of a 'read also' box (title attribute wins over '...')."""
    out: list[RawBlock] = []
    for link in el.iter("a"):
        text = ctx.page.text(link)
        title_attr = clean_display(link.get("title") or "")
        longer = title_attr and (not text or text.endswith(("...", "…")) or len(title_attr) > len(text) + 3)
        if longer and (not text or title_attr.startswith(text.rstrip(".… ")[:20])):
            text = title_attr
        if len(text) < 8 or related_marker(text) == len(text):
            continue
        url = _abs(link.get("href"), ctx.base_url)
        key = url or text
        if key in ctx.seen_related:
            continue
        ctx.seen_related.add(key)
        out.append(RawBlock("related", text, url=url))
    return out


def caption_block(el: lhtml.HtmlElement) -> RawBlock | None:
    """A caption (credit split off, or taken from a credit child element)."""
    credit = None
    for child in el.iter():
        if child is not el and isinstance(child.tag, str) and class_words(child) & CREDIT_WORDS:
            credit = CREDIT_LABEL_PREFIX.sub("", element_text(child).strip("()©. ")) or None
            child.drop_tree()
            break
    text = element_text(el)
    if not text:
        return None
    if credit is None:
        text, credit = split_credit(text)
    return RawBlock("caption", text, credit=credit)


def same_as_title(text: str, title_key: str) -> bool:
    """Whether text repeats the title (match keys equal); text far longer than the title is not folded."""
    if not title_key or len(text) > 4 * len(title_key) + 40:
        return False
    return match_key(text) == title_key


def classify_paragraph(text: str, ctx: WalkContext) -> RawBlock | None:
    """Role of a flushed run of text: paragraph, byline, related, or None for furniture."""
    text = SITE_PREFIX.sub("", text, count=1) if ":-" in text[:40] else text
    if text.rstrip().endswith(")"):  # an agency tail "--(بترا)" ends the text with its parenthesis
        text = AGENCY_TAIL.sub("", text)
    if not text or AGENCY_LINE.match(text) or is_boilerplate(text):
        return None
    if len(text) < 40 and (SIGN_OFF.match(text) or CLOCK_LINE.match(text)):
        return None
    if len(text) < UPDATED_LINE_MAX and UPDATED_LINE.match(text) and (len(text) < 70 or _DIGIT.search(text)):
        return None
    if len(text) < FURNITURE_LINE_MAX and FURNITURE_LINE.search(text):
        return None
    if furniture_line(text):
        return None
    if not any(c.isalnum() for c in text):
        return None
    if text[0] == "[" and text[-1] == "]" and _SHORTCODE.match(text):
        return None
    if len(text) < 90 and _DIGIT.search(text) and len(text.split()) <= 12:  # a date line shows digits
        stamp = parse_stamp(text)
        if stamp is not None and (stamp.time is not None or len(text.split()) <= 6):
            return None  # a date line
    marker = related_marker(text)
    if marker:
        rest = text[marker:].strip()
        return RawBlock("related", rest) if len(rest) >= 8 else None
    byline = BYLINE_LINE.match(text)
    if (byline and len(text) < 70) or (len(text) < BYLINE_LINE_MAX and BYLINE_LABEL.match(text)):
        return RawBlock("byline", text)
    if same_as_title(text, ctx.title_key):
        return None
    return RawBlock("paragraph", text)


def walk(roots: Iterable[lhtml.HtmlElement], ctx: WalkContext) -> list[RawBlock]:
    """Blocks of the given subtrees in document order; iterative so any nesting depth is safe."""
    out: list[RawBlock] = []
    buf: list[str] = []
    # inline link inside the current run: (text, href), for 'read also: <a>' paragraphs
    links: list[lhtml.HtmlElement] = []  # texts and hrefs resolved only for a 'related' run
    entered: list[lhtml.HtmlElement] = []  # open block elements: their end closes a run
    current: list[lhtml.HtmlElement] = []  # the root being walked
    # after a "read also:" label standing alone, the lines that are one link each are its teasers
    listing: list[bool] = [False]

    def flush() -> None:
        if not buf:
            return
        text = clean_display("".join(buf))
        buf.clear()
        if not text:
            links.clear()
            return
        block = classify_paragraph(text, ctx)
        if block is None:
            if related_marker(text):
                listing[0] = True  # the label alone: its links follow on their own lines
            links.clear()
            return
        if listing[0] and block.role == "paragraph" and len(links) == 1:
            link_text = ctx.page.text(links[0])
            if len(link_text) >= LISTED_LINK_SHARE * len(block.text):
                block = RawBlock("related", block.text)
        listing[0] = block.role == "related"
        if block is not None and block.role == "related":
            url = None
            for link in links:
                link_text = ctx.page.text(link)
                if link_text and link_text in block.text:
                    url = _abs(link.get("href"), ctx.base_url)
                    break
            key = url or block.text
            if key not in ctx.seen_related:
                ctx.seen_related.add(key)
                out.append(RawBlock("related", block.text, url=url))
        elif block is not None:
            if block.role in {"paragraph", "byline"}:
                linked = sum(len(ctx.page.text(a)) for a in links) if links else 0
                block = RawBlock(
                    block.role, block.text, el=entered[-1] if entered else current[0], links=linked
                )
                if linked >= 0.9 * len(block.text) and len(block.text.split()) <= BUTTON_WORDS:
                    links.clear()
                    return  # a lone short link between paragraphs: a button or a call to action
                label = _LINK_LABEL.match(block.text)
                rest = len(block.text) - label.end() if label else 0
                if label and links and 0 < rest <= LABELLED_LINK_MAX and linked >= LABELLED_LINK_SHARE * rest:
                    # "شاهد: <a>…</a>", "Watch: <a>…</a>": a labelled link to another page
                    url = _abs(links[0].get("href"), ctx.base_url)
                    if (url or block.text) not in ctx.seen_related:
                        ctx.seen_related.add(url or block.text)
                        out.append(RawBlock("related", block.text[label.end() :].strip(), url=url))
                    links.clear()
                    return
            out.append(block)
        links.clear()

    roots = list(roots)
    several = len(roots) > 1
    for root in roots:
        entered.clear()
        current[:] = [root]
        walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
        for event, el in walker:
            if event != "start":  # the end of an element (or a comment/PI): then its tail
                if event == "end" and entered and entered[-1] is el:
                    flush()
                    entered.pop()
                if el is not root and el.tail:
                    buf.append(el.tail)
                continue
            tag = el.tag
            forced = ctx.roles.get(el)
            if forced is not None and el is not root:
                walker.skip_subtree()
                flush()
                _emit_forced(el, forced, ctx, out)
                continue
            if tag in DROP_TAGS:
                walker.skip_subtree()
                continue
            if tag == "br":
                walker.skip_subtree()
                flush()
                continue
            if tag == "form" and len(ctx.page.text(el)) < 400:
                walker.skip_subtree()
                continue
            words = ctx.page.class_words(el)
            if el is not root:
                if is_hidden(el, words):
                    walker.skip_subtree()
                    continue
                role = _generic_role(el, tag, words, ctx.page)
                if role is not None:
                    walker.skip_subtree()
                    flush()
                    _emit_forced(el, role, ctx, out)
                    continue
            elif several and tag in {"p", "div"} and _generic_role(el, tag, words, ctx.page) in _LEAD_ROLES:
                # one of the body's parts is its standfirst box (Joomla's introtext beside fulltext)
                walker.skip_subtree()
                _emit_forced(el, "lead_opening", ctx, out)
                continue
            if tag == "a":
                links.append(el)
            if tag in BLOCK_TAGS:
                flush()
                entered.append(el)
            if el.text:
                buf.append(el.text)
        flush()
    return out


def _link_density(el: lhtml.HtmlElement, text_len: int, page: PageText) -> float:
    if text_len == 0:
        return 0.0
    linked = sum(len(page.text(a)) for a in el.iter("a"))
    return linked / text_len


DATA_CELL_MAX = 25  # every cell of a table of figures is this short
DATA_TITLE_MAX = 60  # a box around such a table shows little more than this besides it


def _data_table(el: lhtml.HtmlElement, page: PageText) -> bool:
    """Whether a table holds only short cells, several rows of them, and figures among them."""
    rows = el.findall(".//tr")
    if len(rows) < 2:
        return False
    digits = False
    for cell in el.iter("td", "th"):
        text = page.text(cell)
        if len(text) > DATA_CELL_MAX:
            return False
        digits = digits or any(c.isdigit() for c in text)
    return digits


INTRO_PARAGRAPH = 80  # a standfirst box holding two paragraphs this long is the story's opening
INTRO_MAX = 1500  # ... when it is short (a longer box with a lead class is left to the rules as it was)


def _intro_box(el: lhtml.HtmlElement, page: PageText) -> bool:
    """Whether a box with a standfirst's class holds two or more paragraphs of running text."""
    if len(page.text(el)) > INTRO_MAX:
        return False
    return sum(1 for p in el.iterchildren("p") if len(page.text(p)) >= INTRO_PARAGRAPH) >= 2


def _titled_data_table(el: lhtml.HtmlElement, page: PageText) -> bool:
    """Whether a box holds a table of figures and little else (its title)."""
    table = next((c for c in el if c.tag == "table"), None)
    if table is None or not _data_table(table, page):
        return False
    return len(page.text(el)) - len(page.text(table)) <= DATA_TITLE_MAX


def _generic_role(el: lhtml.HtmlElement, tag: str, words: frozenset[str], page: PageText) -> str | None:
    """Role of an element inside the article container from its tag, class words and text."""
    if tag == "a":
        return "drop" if teaser_card(el, page) else None
    picture = picture_text(el, tag, words, page)
    if picture is not None:
        return "caption" if picture == "caption" else "drop"
    if tag in {"span", "div", "p", "small"} and words & CREDIT_WORDS and after_caption(el, page):
        return "credit"  # a picture's credit right after its caption (see _emit_forced)
    if tag == "p" and words & PROMO_PARAGRAPH_WORDS and len(page.text(el)) < PROMO_MAX:
        return "drop"  # a newsletter, follow-us or sponsor paragraph between the paragraphs
    if tag == "table" and _data_table(el, page):
        return "drop"  # a table of figures (statistics, standings, rates): not running text
    if tag in {"div", "section"} and _titled_data_table(el, page):
        return "drop"  # the same under its title
    if tag in _LABELLED_BOXES:
        label = el.get("aria-label")
        if label and not NEGATIVE_WORDS.isdisjoint(_SPLIT_LABEL.split(label.lower())):
            return "drop"  # aria-label="newsletter promotion", "advertisement", "share"
    if tag in {"p", "div", "h2", "h3", "h4", "section"}:
        kind = lead_kind(words) or (1 if el.get("itemprop") == "description" else 0)
        if kind and words.isdisjoint(NOT_LEAD_WORDS) and el.find(".//h1") is None:
            # (a wrapper of the headline is not its standfirst, nor is an author's bio)
            return "lead" if kind == LEAD_STRONG else "lead_opening"
    if tag in HEADINGS:
        return "heading"
    if tag == "figure" and words & PULL_WORDS and el.find(".//img") is None:
        return "pull_quote"  # a pull quote block (wp-block-pullquote): a figure around the quotation
    if tag in {"blockquote", "aside"}:
        if words & EMBED_WORDS:
            return "drop"
        if words & PULL_WORDS:
            return "pull_quote"
        if tag == "aside":
            return "drop"  # a box beside the story's text (a timeline, a fact box, a sidebar)
        return None
    if (
        tag in {"div", "section", "figure"}
        and words & EMBED_BOX_WORDS
        and next(el.iter("iframe", "video", "embed", "object", "blockquote"), None) is not None
        and len(page.text(el)) < EMBED_TEXT_MAX
    ):
        return "embed"  # an embedded post or player and its title (its caption kept)
    if tag in {"div", "section", "aside", "ul", "ol", "table", "span"}:
        if words & RELATED_WORDS:
            return "related"
        if words & TAG_WORDS:
            return "drop"
        if words & BYLINE_WORDS and len(page.text(el)) < 120:
            return "byline"
        if words & BIO_WORDS and len(page.text(el)) < BIO_MAX:
            return "drop"  # a biography box (of the writer or of the person interviewed): not the story
        if words & BYLINE_WORDS and words & _BIO_BOX_WORDS and len(page.text(el)) < BIO_MAX:
            return "drop"  # an "about the author" box: the writer's biography, not the story
        if words & NEGATIVE_WORDS:
            return "drop"
        if tag != "span" and len(page.text(el)) < 600 and el.find(".//input[@type='email']") is not None:
            return "drop"  # a newsletter or sign-up box: an e-mail field and a short pitch
        if tag != "span" and _paywall_box(el, page):
            return "drop"  # a paywall or membership box: a short pitch with subscribe and sign-in links
        if tag != "span":
            text = page.text(el)
            if text and related_marker(text) and el.find(".//a") is not None:
                # a 'read also' box: marker heading + teaser links
                body_len = len(text) - related_marker(text)
                if _link_density(el, max(body_len, 1), page) > 0.6:
                    return "related"
            if (
                text
                and len(text) < 2000
                and len(el.findall(".//a")) >= 3
                and _link_density(el, len(text), page) > 0.75
            ):
                return "drop"
    return None


def _paywall_box(el: lhtml.HtmlElement, page: PageText) -> bool:
    """A short box whose links go to the outlet's subscription and sign-in pages (two of them at
    least, or one with a sign-in line): the pitch, the plans and the buttons of a paywall."""
    text = page.text(el)
    if not text or len(text) >= PAYWALL_BOX_MAX:
        return False
    hits = sum(1 for a in el.iter("a") if _SUBSCRIBE_HREF.search(a.get("href") or ""))
    return hits >= 2


def settle_leads(raw: list[RawBlock]) -> list[RawBlock]:
    """The body's opening box under a weaker lead class: the lead, or a paragraph after an earlier lead."""
    if not any(b.role == "lead_opening" for b in raw):
        return raw
    out: list[RawBlock] = []
    lead = False
    for b in raw:
        if b.role == "lead_opening":
            b = RawBlock("paragraph" if lead else "lead", b.text, el=b.el if lead else None)
        lead = lead or b.role == "lead"
        out.append(b)
    return out


def _emit_forced(el: lhtml.HtmlElement, role: str, ctx: WalkContext, out: list[RawBlock]) -> None:
    if role in {"drop", "tags", "boilerplate"}:
        return
    if role == "credit":  # the credit of the caption just read; elsewhere the element reads as text
        text = ctx.page.text(el)
        last = out[-1] if out else None
        if last is not None and last.role == "caption" and last.credit is None and text:
            out[-1] = RawBlock("caption", last.text, credit=CREDIT_LABEL_PREFIX.sub("", text.strip("()©. ")))
        elif last is None or last.role != "caption":
            out.extend(walk([el], ctx))
        return
    if role == "embed":  # a player's caption under it is the article's; the rest of the box is not
        for inner in el.iterdescendants("figcaption", "div", "p", "span"):
            if caption_like(inner, inner.tag, ctx.page.class_words(inner), ctx.page):
                block = caption_block(inner)
                if block is not None:
                    out.append(block)
                break
        return
    if role == "related":
        out.extend(related_links(el, ctx))
        return
    if role == "caption":
        block = caption_block(el)
        if block is not None:
            out.append(block)
        return
    if role == "byline":
        text = ctx.page.text(el)
        if text:
            out.append(RawBlock("byline", text))
        return
    if role == "heading":
        text = ctx.page.text(el)
        if not text or same_as_title(text, ctx.title_key):
            return
        marker = related_marker(text)
        if marker or furniture_line(text):
            return
        if el.tag == "h1":
            return
        if len(text) >= STANDFIRST_MIN and not any(b.role in {"paragraph", "lead"} for b in out):
            above = el.getprevious()
            while above is not None and not isinstance(above.tag, str):
                above = above.getprevious()
            if above is not None and (above.tag == "h1" or above.find(".//h1") is not None):
                # a sentence under the headline (or under the header holding it): the standfirst
                out.append(RawBlock("lead", text))
                return
        out.append(RawBlock("heading", text, el=el))
        return
    if role == "lead_opening":  # a standfirst's weaker class: the lead only where it opens the body
        text = ctx.page.text(el)
        if (
            not text
            or len(text) > LEAD_OPENING_MAX
            or any(b.role in {"paragraph", "lead", "heading"} for b in out)
        ):
            out.extend(walk([el], ctx))
        else:  # settle_leads makes it the lead, or a paragraph when the page has a lead already
            out.append(RawBlock("lead_opening", text, el=el))
        return
    if (
        role == "lead"
        and (el.tag in HEADINGS or next(el.iter("h2", "h3", "h4", "h5", "h6"), None) is not None)
        and any(b.role == "paragraph" and len(b.text) >= CROSSHEAD_AFTER for b in out)
    ):
        # a crosshead in a box of a sub-title class, inside the story (walking the box would find the
        # same class again inside it, with no paragraph before it)
        text = ctx.page.text(el)
        if text:
            out.append(RawBlock("heading", text, el=el))
        return
    if role == "lead" and _intro_box(el, ctx.page):  # several paragraphs: the story's opening
        out.extend(walk([el], ctx))
        return
    if role in {"lead", "pull_quote"}:
        for line in (
            element_text(el, sep="\x00").split("\x00") if role == "pull_quote" else [ctx.page.text(el)]
        ):
            line = clean_display(line)
            if line:
                out.append(RawBlock(role, line))
        return
    if role == "body":
        out.extend(walk([el], ctx))
        return
    LOGGER.debug("unknown forced role %s", role)
