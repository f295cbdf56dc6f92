"""Walk an article subtree (iteratively, any depth) into ordered text blocks with roles."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import html as lhtml

from pipeline.html.datetext import parse_stamp
from pipeline.text import clean_display, match_key

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


def class_words(el: lhtml.HtmlElement) -> frozenset[str]:
    """Lower-case words of an element's class and id (split on -, _, camelCase)."""
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return frozenset()
    return _words_of(f"{cls or ''} {ident or ''}")


@functools.lru_cache(maxsize=50_000)
def _words_of(raw: str) -> frozenset[str]:
    raw = _CAMEL.sub(" ", raw)
    return frozenset(w for w in _SPLIT.split(raw.lower()) if w)


def is_hidden(el: lhtml.HtmlElement, words: frozenset[str]) -> bool:
    """Hidden by attribute, inline style or a utility class (d-none, hidden, sr-only)."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    if style:
        compact = style.replace(" ", "").lower()
        if "display:none" in compact or "visibility:hidden" in compact:
            return True
    cls = el.get("class", "")
    return bool(cls) and bool(
        {"d-none", "hidden", "hideMe", "sr-only", "visually-hidden", "screen-reader-text"} & set(cls.split())
    )


def related_marker(text: str) -> int:
    """Length of a "read also" marker at the start of text (0 when there is none)."""
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


def _abs(href: str | None, base: str | None) -> str | None:
    if not href or href.startswith(("javascript:", "#", "mailto:")):
        return None
    href = href.strip()
    return urljoin(base, href) if base else href


def related_links(el: lhtml.HtmlElement, ctx: WalkContext) -> list[RawBlock]:
    """One related block per distinct teaser link of a 'read also' box (title attribute wins over '...')."""
    out: list[RawBlock] = []
    for link in el.iter("a"):
        text = element_text(link)
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


def classify_paragraph(text: str, ctx: WalkContext) -> RawBlock | None:
    """Role of a flushed run of text: paragraph, byline, related, or None for furniture."""
    text = SITE_PREFIX.sub("", text, count=1) if ":-" in text[:40] else text
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
    if ctx.title_key and match_key(text) == ctx.title_key:
        return None
    return RawBlock("paragraph", text)


def walk(roots: Iterable[lhtml.HtmlElement], ctx: WalkContext) -> list[RawBlock]:
    """Blocks of the given subtrees in document order; iterative so any nesting depth is safe."""
    out: list[RawBlock] = []
    buf: list[str] = []
    # inline link inside the current run: (text, href), for 'read also: <a>' paragraphs
    links: list[tuple[str, str | None]] = []

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
            for link_text, href in links:
                if link_text and link_text in block.text:
                    url = href
                    break
            key = url or block.text
            if key not in ctx.seen_related:
                ctx.seen_related.add(key)
                out.append(RawBlock("related", block.text, url=url))
        elif block is not None:
            out.append(block)
        links.clear()

    for root in roots:
        stack: list[tuple[int, lhtml.HtmlElement | str]] = [(0, root)]
        while stack:
            kind, item = stack.pop()
            if isinstance(item, str):
                if kind == 1:
                    buf.append(item)
                else:  # exit marker of a block element
                    flush()
                continue
            el = item
            if el is not root and el.tail:
                stack.append((1, el.tail))
            tag = el.tag if isinstance(el.tag, str) else ""
            if not tag:
                continue
            forced = ctx.roles.get(el)
            if forced is not None and el is not root:
                flush()
                _emit_forced(el, forced, ctx, out)
                continue
            if tag in DROP_TAGS:
                continue
            if tag == "br":
                flush()
                continue
            if tag == "form" and len(element_text(el)) < 400:
                continue
            words = class_words(el)
            if el is not root:
                if is_hidden(el, words):
                    continue
                role = _generic_role(el, tag, words)
                if role is not None:
                    flush()
                    _emit_forced(el, role, ctx, out)
                    continue
            if tag == "a":
                links.append((element_text(el), _abs(el.get("href"), ctx.base_url)))
            if tag in BLOCK_TAGS:
                flush()
                stack.append((0, "exit"))
            stack.extend((0, child) for child in reversed(list(el)))
            if el.text:
                stack.append((1, el.text))
        flush()
    return out


def _link_density(el: lhtml.HtmlElement, text_len: int) -> float:
    if text_len == 0:
        return 0.0
    linked = sum(len(element_text(a)) for a in el.iter("a"))
    return linked / text_len


def _generic_role(el: lhtml.HtmlElement, tag: str, words: frozenset[str]) -> str | None:
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
        if words & BYLINE_WORDS and len(element_text(el)) < 120:
            return "byline"
        if words & NEGATIVE_WORDS:
            return "drop"
        if tag != "span":
            text = element_text(el)
            if text and related_marker(text) and el.find(".//a") is not None:
                # a 'read also' box: marker heading + teaser links
                body_len = len(text) - related_marker(text)
                if _link_density(el, max(body_len, 1)) > 0.6:
                    return "related"
            if (
                text
                and len(text) < 2000
                and len(el.findall(".//a")) >= 3
                and _link_density(el, len(text)) > 0.75
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
        text = element_text(el)
        if text:
            out.append(RawBlock("byline", text))
        return
    if role == "heading":
        text = element_text(el)
        if not text or (ctx.title_key and match_key(text) == ctx.title_key):
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
            element_text(el, sep="\x00").split("\x00") if role == "pull_quote" else [element_text(el)]
        ):
            line = clean_display(line)
            if line:
                out.append(RawBlock(role, line))
        return
    if role == "body":
        out.extend(walk([el], ctx))
        return
    LOGGER.debug("unknown forced role %s", role)
