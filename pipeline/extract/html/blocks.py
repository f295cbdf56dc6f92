"""Walk an article subtree (iteratively, any depth) into ordered text blocks with roles."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lhtml

from pipeline.core.text import clean_display, fold_arabic, match_key
from pipeline.extract.html.datetext import parse_stamp

LOGGER = logging.getLogger(__name__)

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "blockquote",
        "figure",
        "figcaption",
        "pre",
        "address",
        "center",
        "hr",
        "form",
        "fieldset",
        "details",
        "summary",
        "nav",
        "caption",
    ]
)
DROP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "iframe",
        "button",
        "input",
        "select",
        "textarea",
        "option",
        "nav",
        "svg",
        "canvas",
        "video",
        "audio",
        "object",
        "embed",
        "template",
        "head",
        "link",
        "meta",
        "label",
        "ins",
        "map",
        "area",
        "source",
        "picture",
        "dialog",
    ]
)
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])

# class/id words (split on -, _, spaces and camelCase) that mark page furniture inside an article
NEGATIVE_WORDS = frozenset(
    [
        "comment",
        "comments",
        "commentlist",
        "disqus",
        "share",
        "shares",
        "sharing",
        "social",
        "sociallinks",
        "sharethis",
        "addthis",
        "promo",
        "promotion",
        "advert",
        "advertisement",
        "advertising",
        "adv",
        "ads",
        "ad",
        "adsbygoogle",
        "adslot",
        "dfp",
        "banner",
        "sponsor",
        "sponsored",
        "newsletter",
        "subscribe",
        "subscription",
        "signup",
        "popup",
        "modal",
        "cookie",
        "cookies",
        "footer",
        "sidebar",
        "widget",
        "breadcrumb",
        "breadcrumbs",
        "print",
        "toolbar",
        "navbar",
        "menu",
        "outbrain",
        "taboola",
        "rating",
        "hidden",
        "none",
        "hideme",
        "invisible",
        "sronly",
        "tools",
        "pagination",
        "pager",
        "recirc",
        "recommended",
        "trending",
        "mostread",
        "popular",
    ]
)
TAG_WORDS = frozenset(["tags", "tag", "keywords", "topics", "tagcloud", "taglist"])
RELATED_WORDS = frozenset(
    ["related", "relatedlinks", "relatedarticles", "relatednews", "readmore", "readalso"]
)
CAPTION_WORDS = frozenset(
    ["caption", "figcaption", "imgcaption", "imgcap", "uplcaption", "captiontext", "photocaption"]
)
CREDIT_WORDS = frozenset(["credit", "credits", "copyright", "photocredit", "imagecredit", "source"])
BYLINE_WORDS = frozenset(["byline", "author", "authors", "writer", "writeby", "reporter"])
PULL_WORDS = frozenset(["pullquote", "pull", "quote", "highlight"])
LEAD_WORDS = frozenset(
    [
        "lead",
        "standfirst",
        "subtitle",
        "subheadline",
        "summary",
        "excerpt",
        "intro",
        "teaser",
        "dek",
        "ingress",
        "shortdesc",
    ]
)
EMBED_WORDS = frozenset(["twitter", "tweet", "instagram", "facebook", "fb", "tiktok", "embed"])

_NO_WORDS: frozenset[str] = frozenset()
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPLIT = re.compile(r"[\s_\-:.]+")

RELATED_MARKERS = (
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "اقرأ أيضًا",
    "إقرأ أيضا",
    "إقرأ أيضاً",
    "إقرأ أيضًا",
    "اقرا ايضا",
    "اقرأ ايضا",
    "اقرأ/ي",
    "إقرأ/ي",
    "اقرأ المزيد",
    "الموضوعات المتعلقة",
    "موضوعات متعلقة",
    "مواضيع ذات علاقة",
    "مواضيع ذات صلة",
    "مقالات ذات صلة",
    "أخبار ذات صلة",
    "اخبار ذات صلة",
    "روابط ذات صلة",
    "شاهد أيضا",
    "شاهد أيضاً",
    "شاهد ايضا",
    "يمكنك أيضا قراءة",
    "read more",
    "read also",
    "related:",
    "related stories",
    "related articles",
    "see also",
    "also read",
)
_RELATED_KEYS = tuple(match_key(m) for m in RELATED_MARKERS)
# first letters a marker's key can start with (و/ف too: a leading conjunction is dropped when matching)
_RELATED_FIRST = frozenset(k[0] for k in _RELATED_KEYS if k) | {"\u0648", "\u0641"}
_WORD_CHAR = re.compile(r"\w")

# Paragraphs that are page furniture whatever container they sit in.
BOILERPLATE_PATTERNS = re.compile(
    r"(تابعوا|تابعونا|تابع).{0,40}(جوجل نيوز|google news|تطبيق|قناة|واتساب|تليجرام|فيسبوك)"
    r"|ترحب شبكة|الآراء الواردة أدناه|الآراء والتعليقات المنشورة|جميع الحقوق محفوظة"
    r"|فلاش بلاير|برنامج النصوص|اعرض الملف في مشغل|^شاهدmp4$|^مشاركة$|اضف تعليقا|أضف تعليقا|إضافة تعليق"
    r"|^(advertisement|sponsored|share this|share on|click here to|sign up for|subscribe to)\b"
    r"|all rights reserved|^copyright ©|^© \d{4}|your browser does not support|enable javascript"
    r"|^(tweet|share|print|email|whatsapp|facebook|twitter)$",
    re.I,
)
SITE_PREFIX = re.compile(r"^[^\s:]{2,}(?:\s[^\s:]{2,}){0,2}\s*:\s*-\s*")
AGENCY_LINE = re.compile(r"^[\-–—\s]*\(\s*[^()\d]{2,25}\s*\)[\s.]*$")
AGENCY_TAIL = re.compile(r"\s*[\-–—]{1,2}\s*\(\s*[^()\d]{2,25}\s*\)\s*$")
BYLINE_LINE = re.compile(
    r"^(?:كتبت|كتب|بقلم|حوار|إعداد|اعداد|تقرير|متابعة|by)\s*[:：]?\s*(?P<names>[^\d.،,:]{3,60})$", re.I
)
_CREDIT_PAREN = re.compile(r"\s*[\(\[]\s*([A-Za-z][A-Za-z .&/]{1,30}|[\u0600-\u06ff ]{2,25})\s*[\)\]]\s*$")
_CREDIT_COPY = re.compile(r"\s*(?:©|\(c\)|copyright)\s*([^\s©].{0,40})$", re.I)
_CREDIT_NAMED = re.compile(
    r"\s*[-–—|/:]?\s*((?:getty images|afp|reuters|ap photo|ap|epa|anadolu|shutterstock|"
    r"أ ف ب|رويترز|أسوشيتد برس|الأناضول)(?:\s*/\s*[\w .]+)?)\s*$",
    re.I,
)
_LOOSE_CREDIT = {"getty images": "GETTY", "ap photo": "AP"}


_CLASS_WORDS: dict[str, frozenset[str]] = {}  # raw class/id -> words; frozensets are GC-tracked: kept few
_CLASS_WORDS_MAX = 8192


def class_words(el: lhtml.HtmlElement) -> frozenset[str]:
    """Lower-case words of an element's class and id (split on -, _, camelCase)."""
    cls, ident = el.get("class"), el.get("id")
    if ident:
        raw = f"{cls} {ident}" if cls else ident
    elif cls:
        raw = cls
    else:
        return _NO_WORDS
    words = _CLASS_WORDS.get(raw)  # the cache is read inline: this runs for nearly every element
    if words is None:
        words = frozenset(w for w in _SPLIT.split(_CAMEL.sub(" ", raw).lower()) if w)
        if len(_CLASS_WORDS) >= _CLASS_WORDS_MAX:
            _CLASS_WORDS.clear()
        _CLASS_WORDS[raw] = words
    return words


_HIDDEN_CLASSES = frozenset(
    ["d-none", "hidden", "hideMe", "sr-only", "visually-hidden", "screen-reader-text"]
)


def is_hidden(el: lhtml.HtmlElement, words: frozenset[str]) -> bool:
    """Hidden by attribute, inline style or a utility class (d-none, hidden, sr-only)."""
    keys = el.keys()
    if not keys:
        return False
    if "hidden" in keys or ("aria-hidden" in keys and el.get("aria-hidden") == "true"):
        return True
    style = el.get("style") if "style" in keys else None
    if style:
        compact = style.replace(" ", "").lower()
        if "display:none" in compact or "visibility:hidden" in compact:
            return True
    cls = el.get("class") if "class" in keys else None
    return cls is not None and not _HIDDEN_CLASSES.isdisjoint(cls.split())


def related_marker(text: str) -> int:
    """Length of a "read also" marker at the start of text (0 when there is none)."""
    first = _WORD_CHAR.search(fold_arabic(text[:8]))
    if first is not None and first.group() not in _RELATED_FIRST:
        return 0  # cheap rejection: the text cannot start with any marker
    key = match_key(text[:40])
    for marker, mkey in zip(RELATED_MARKERS, _RELATED_KEYS, strict=True):
        if mkey and key.startswith(mkey):
            # cut after the marker in the displayed text (marker + optional ':' / '-')
            count = len(marker.split())
            found = re.match(rf"\s*(?:\S+\s+){{{count - 1}}}\S+", text)
            end = found.end() if found else len(marker)
            if found and ":" in found.group(0):
                end = found.start() + found.group(0).index(":")
            rest = re.match(r"\s*[:：\-–|]*\s*", text[end:])
            return end + (rest.end() if rest else 0)
    return 0


def split_credit(text: str) -> tuple[str, str | None]:
    """Caption text and its credit: '(GETTY)', '©AFP', 'Getty Images' -> ('…', 'GETTY'|'AFP'|…)."""
    for regex in (_CREDIT_COPY, _CREDIT_PAREN, _CREDIT_NAMED):
        match = regex.search(text)
        if match and match.start() > 0:
            credit = match.group(1).strip(" .")
            lowered = credit.lower()
            latin_credit = re.fullmatch(r"[A-Z][A-Z .&/]+|[A-Z][a-z]+ Images", credit)
            if regex is _CREDIT_PAREN and not latin_credit and not _CREDIT_NAMED.fullmatch(credit):
                continue  # (…) in Arabic is only a credit for known agencies
            if lowered in _LOOSE_CREDIT:
                credit = _LOOSE_CREDIT[lowered]
            elif re.fullmatch(r"[A-Za-z .&/]+", credit):
                credit = credit.split(" images")[0].split(" Images")[0].upper()
            return text[: match.start()].strip(), credit
    return text, None


def element_text(el: lhtml.HtmlElement, sep: str = " ") -> str:
    """Displayed text of a subtree (scripts, hidden parts and form controls skipped), <br> -> sep."""
    parts: list[str] = []
    stack: list[lhtml.HtmlElement | str] = [el]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        if item is not el and item.tail:
            stack.append(item.tail)
        tag = item.tag if isinstance(item.tag, str) else ""
        if not tag or tag in DROP_TAGS or (item is not el and is_hidden(item, frozenset())):
            continue
        if tag == "br":
            parts.append(sep)
            continue
        stack.extend(reversed(list(item)))
        if item.text:
            stack.append(item.text)
        if tag in BLOCK_TAGS:
            parts.append(" ")
    return clean_display("".join(parts))


class PageText:
    """Displayed text of the elements of one page, each subtree walked once and kept by element.

    ``text(el)`` equals ``element_text(el)``: the first request for an element outside the indexed
    parts walks its visible subtree once and records where every visible descendant's text starts and
    ends, so later requests for those descendants (nested containers, links) cost a slice.
    ``link_chars(el)`` is the summed length of the whitespace-collapsed ``text_content`` of the links
    under ``el``, each link measured once. The tree must not be mutated while this object is in use
    (``caption_block`` mutates the tree and does not use it).
    """

    def __init__(self, root: lhtml.HtmlElement | None = None) -> None:
        self.root = root
        # class words of the elements the container scorer visited (generic.collect fills it)
        self.words: dict[lhtml.HtmlElement, frozenset[str]] = {}
        self._fulls: list[str] = []
        self._spans: dict[lhtml.HtmlElement, tuple[int, int, int]] = {}
        self._texts: dict[lhtml.HtmlElement, str] = {}
        self._link_len: dict[lhtml.HtmlElement, int] = {}

    def class_words(self, el: lhtml.HtmlElement) -> frozenset[str]:
        """class_words(el), read from the scorer's pass when it visited el."""
        words = self.words.get(el)
        return class_words(el) if words is None else words

    def index(self, top: lhtml.HtmlElement) -> None:
        """Record the text spans of top and its visible descendants in one walk (lxml's iterwalk)."""
        parts: list[str] = []
        pos = 0
        which = len(self._fulls)
        spans = self._spans
        starts: list[int] = []
        entered: list[lhtml.HtmlElement] = []
        no_words: frozenset[str] = frozenset()
        walker = etree.iterwalk(top, events=("start", "end", "comment", "pi"))
        for event, el in walker:
            if event == "start":
                tag = el.tag
                if tag in DROP_TAGS or (el is not top and is_hidden(el, no_words)):
                    walker.skip_subtree()
                    continue
                entered.append(el)
                starts.append(pos)
                if tag == "br":
                    parts.append(" ")
                    pos += 1
                    walker.skip_subtree()
                    continue
                if tag in BLOCK_TAGS:
                    parts.append(" ")
                    pos += 1
                text = el.text
                if text:
                    parts.append(text)
                    pos += len(text)
                continue
            if event == "end" and entered and entered[-1] is el:
                entered.pop()
                spans[el] = (which, starts.pop(), pos)
            if el is not top:  # after an element, a comment or a PI: its tail
                tail = el.tail
                if tail:
                    parts.append(tail)
                    pos += len(tail)
        self._fulls.append("".join(parts))

    def text(self, el: lhtml.HtmlElement) -> str:
        """element_text(el), computed once per element."""
        cached = self._texts.get(el)
        if cached is not None:
            return cached
        span = self._spans.get(el)
        if span is None:
            self.index(el)
            span = self._spans.get(el)
        # no span: a dropped tag (element_text gives its empty text)
        text = element_text(el) if span is None else clean_display(self._fulls[span[0]][span[1] : span[2]])
        self._texts[el] = text
        return text

    def link_chars(self, el: lhtml.HtmlElement) -> int:
        """Characters of link text (text_content, whitespace collapsed) under el, el included."""
        total = 0
        known = self._link_len
        for a in el.iter("a"):
            size = known.get(a)
            if size is None:
                size = known[a] = len(" ".join(a.text_content().split()))
            total += size
        return total


@dataclass(frozen=True)
class RawBlock:
    """A block before positions are assigned."""

    role: str
    text: str
    credit: str | None = None
    url: str | None = None


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
            credit = element_text(child).strip("()©. ") or None
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
    if not text or AGENCY_LINE.match(text) or BOILERPLATE_PATTERNS.search(text[:120]):
        return None
    if not any(c.isalnum() for c in text):
        return None
    if len(text) < 90 and len(text.split()) <= 12:
        stamp = parse_stamp(text)
        if stamp is not None and (stamp.time is not None or len(text.split()) <= 6):
            return None  # a date line
    marker = related_marker(text)
    if marker:
        rest = text[marker:].strip()
        return RawBlock("related", rest) if len(rest) >= 8 else None
    byline = BYLINE_LINE.match(text)
    if byline and len(text) < 70:
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

    def flush() -> None:
        if not buf:
            return
        text = clean_display("".join(buf))
        buf.clear()
        if not text:
            links.clear()
            return
        block = classify_paragraph(text, ctx)
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
            out.append(block)
        links.clear()

    for root in roots:
        entered: list[lhtml.HtmlElement] = []  # open block elements: their end closes a run
        walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
        for event, el in walker:
            if event != "start":  # the end of an element (or a comment/PI): then its tail
                if event == "end" and entered and entered[-1] is el:
                    entered.pop()
                    flush()
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


def _generic_role(el: lhtml.HtmlElement, tag: str, words: frozenset[str], page: PageText) -> str | None:
    """Role of an element inside the article container from its tag, class words and text."""
    if tag == "figcaption" or words & CAPTION_WORDS:
        return "caption"
    if words & LEAD_WORDS and tag in {"p", "div", "h2", "h3", "h4", "section"}:
        return "lead"
    if tag in HEADINGS:
        return "heading"
    if tag in {"blockquote", "aside"}:
        if words & EMBED_WORDS:
            return "drop"
        if words & PULL_WORDS or tag == "aside":
            return "pull_quote" if tag == "blockquote" or words & PULL_WORDS else None
        return None
    if tag in {"div", "section", "aside", "ul", "ol", "table", "span"}:
        if words & RELATED_WORDS:
            return "related"
        if words & TAG_WORDS:
            return "drop"
        if words & BYLINE_WORDS and len(page.text(el)) < 120:
            return "byline"
        if words & NEGATIVE_WORDS:
            return "drop"
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


def _emit_forced(el: lhtml.HtmlElement, role: str, ctx: WalkContext, out: list[RawBlock]) -> None:
    if role in {"drop", "tags", "boilerplate"}:
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
        if marker:
            return
        if el.tag == "h1":
            return
        out.append(RawBlock("heading", text))
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
