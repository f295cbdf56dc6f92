"""HTML clean stage: a decoded page -> ordered blocks with roles plus page metadata."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lhtml

from pipeline.core.models import Block, Cleaned, Document, PageMeta
from pipeline.core.text import clean_display, match_key
from pipeline.extract.html import blockmodel
from pipeline.extract.html.authors import (
    clean_author,
    dateline_byline,
    ld_authors,
    marked_names_over,
    page_authors,
)
from pipeline.extract.html.blocks import (
    PageText,
    RawBlock,
    WalkContext,
    caption_block,
    related_links,
    settle_leads,
    walk,
)
from pipeline.extract.html.furniture import tail_furniture
from pipeline.extract.html.generic import find_container
from pipeline.extract.html.headline import find_headline, shown_title
from pipeline.extract.html.language import declared_language, detect_language
from pipeline.extract.html.meta import (
    canonical_url,
    json_ld,
    ld_article_body,
    meta_values,
    page_dates,
)
from pipeline.extract.html.parts import (
    bold_lead,
    drop_dangling_headings,
    drop_kickers,
    generic_lead,
    intro_paragraphs,
    ld_paragraphs,
    scope_captions,
    text_weight,
)
from pipeline.extract.html.profiles import Profile, choose_profile, select
from pipeline.extract.html.title import pick_title

LOGGER = logging.getLogger(__name__)

__all__ = ["clean_html", "parse_html"]

MIN_BODY_CHARS = 120
LD_BODY_MIN_CHARS = 400  # JSON-LD articleBody replaces a generic body this long and ...
LD_BODY_GAIN = 1.5  # ... this many times longer than the extracted text
# huge_tree: a text node or inline script over 10 MB is kept (without it libxml2 stops there and the
# page silently loses its body); the page size is capped before parsing (NEWSFLOW_MAX_BYTES)
_PARSER_OPTIONS: dict[str, Any] = {"remove_comments": True, "remove_pis": True, "huge_tree": True}
_CLASS_LOOKUP = etree.ElementDefaultClassLookup(
    element=lhtml.HtmlElement,
    comment=lhtml.HtmlComment,
    pi=lhtml.HtmlProcessingInstruction,
    entity=lhtml.HtmlEntity,
)


def parse_html(text: str) -> lhtml.HtmlElement | None:
    """lxml tree of a page (recovering from broken markup); None for an empty or unparseable page."""
    if not text or not text.strip():
        return None
    if text.startswith("<?xml"):
        text = text.split("?>", 1)[-1]
    source: str | bytes = text
    options = _PARSER_OPTIONS
    try:  # libxml2 reads UTF-8 bytes faster than a str (the encoding is given: <meta charset> is moot)
        source = text.encode("utf-8")
        options = options | {"encoding": "utf-8"}
    except UnicodeEncodeError:  # lone surrogates: let lxml take the str
        pass
    parser = lhtml.HTMLParser(**options)
    # plain HtmlElement proxies from a C-level lookup: lxml.html's default lookup is a Python call
    # per proxy (it picks form-control classes that nothing here uses)
    parser.set_element_class_lookup(_CLASS_LOOKUP)
    try:
        root = lhtml.document_fromstring(source, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        LOGGER.warning("unparseable HTML: %s", exc)
        return None
    return root


def _texts(found: list[Any], page: PageText) -> list[str]:
    out = []
    for item in found:
        text = page.text(item) if isinstance(item, lhtml.HtmlElement) else clean_display(str(item))
        if text:
            out.append(text)
    return out


def _link_texts(found: list[Any], page: PageText) -> list[str]:
    """Visible link texts of the selected elements (or their own texts when they hold no links)."""
    out: list[str] = []
    for item in found:
        if not isinstance(item, lhtml.HtmlElement):
            text = clean_display(str(item))
            if text:
                out.append(text)
            continue
        links = [a for a in item.iter("a") if page.text(a)]
        for link in links or [item]:
            text = page.text(link)
            if text and text not in out:
                out.append(text)
    return out


def _inside(el: lhtml.HtmlElement, roots: list[lhtml.HtmlElement]) -> bool:
    ids = {id(root) for root in roots}
    return id(el) in ids or any(id(a) in ids for a in el.iterancestors())


def _role_map(root: lhtml.HtmlElement, profile: Profile | None) -> dict[lhtml.HtmlElement, str]:
    roles: dict[lhtml.HtmlElement, str] = {}
    if profile is None:
        return roles
    for role, exprs in (
        ("drop", profile.drop),
        ("drop", profile.tags),
        ("drop", profile.date),
        ("drop", profile.modified),
        ("byline", profile.byline),
        ("byline", profile.authors),
        ("lead", profile.lead),
        ("caption", profile.captions),
        ("related", profile.related),
    ):
        for el in select(root, exprs):
            if isinstance(el, lhtml.HtmlElement):
                roles[el] = role
    return roles


def _body_roots(root: lhtml.HtmlElement, profile: Profile | None, page: PageText) -> list[lhtml.HtmlElement]:
    if profile is not None and profile.body:
        found = [el for el in select(root, profile.body) if isinstance(el, lhtml.HtmlElement)]
        if found:
            return found
    return find_container(root, page)


_TAG_BOX_WORDS = frozenset({"tags", "tag", "keywords", "taglist", "topics"})


def _tags(root: lhtml.HtmlElement, profile: Profile | None, section: str | None, page: PageText) -> list[str]:
    if profile is not None and profile.tags:
        found = _link_texts(select(root, profile.tags), page)
    else:
        found = []
        for el in root.iter("a"):
            rel = el.get("rel")  # most links have none
            if rel and "tag" in rel.lower().split():
                found.append(page.text(el))
        if not found:
            for el in root.iter("ul", "div", "p", "span", "nav"):
                words = page.class_words(el)
                if words and not words.isdisjoint(_TAG_BOX_WORDS) and el.find(".//a") is not None:
                    found = _link_texts([el], page)
                    break
    tags: list[str] = []
    for tag in found:
        tag = tag.strip(" ,،#")
        if tag and tag not in tags and tag != section and len(tag) <= 60 and ":" not in tag[-2:]:
            tags.append(tag)
    return tags


def _images(root: lhtml.HtmlElement, body: list[lhtml.HtmlElement], base: str | None) -> list[dict[str, Any]]:
    images: list[dict[str, Any]] = []
    seen: set[str] = set()
    for container in body:
        for img in container.iter("img"):
            src = img.get("data-src") or img.get("src")
            if not src or src.startswith("data:"):
                continue
            src = urljoin(base, src) if base else src
            if src in seen:
                continue
            seen.add(src)
            caption = None
            figure = next((a for a in img.iterancestors("figure")), None)
            if figure is not None:
                cap = figure.find(".//figcaption")
                if cap is not None:
                    block = caption_block(cap)
                    caption = block.text if block else None
            images.append(
                {
                    "src": src,
                    "caption": caption,
                    "credit": None,
                    "alt": clean_display(img.get("alt") or "") or None,
                }
            )
    return images


def clean_html(
    doc: Document, *, profile: str | None = None, timezone: str | None = None, url: str | None = None
) -> Cleaned:
    """Blocks with roles and page metadata of one decoded HTML page (profile selectors, then generic)."""
    root = parse_html(doc.text)
    if root is None:
        return Cleaned(blocks=(), meta=PageMeta())
    base = url or doc.url
    metas = meta_values(root)
    ld = json_ld(root)
    chosen = choose_profile(root, profile)
    page = PageText(root)
    title = pick_title(
        root, metas, _texts(select(root, chosen.title), page) if chosen else None, ld=ld, url=base
    )
    headline = find_headline(root, title) if chosen is None else None
    title = shown_title(headline, title)
    roles = _role_map(root, chosen)
    body_roots = _body_roots(root, chosen, page)
    ctx = WalkContext(roles=roles, base_url=base, title_key=match_key(title) if title else "", page=page)

    raw: list[RawBlock] = []
    if chosen is not None:
        for el in select(root, chosen.lead):
            if isinstance(el, lhtml.HtmlElement) and not _inside(el, body_roots):
                text = page.text(el)
                if text:
                    raw.append(RawBlock("lead", text))
        for el in select(root, chosen.captions):
            if isinstance(el, lhtml.HtmlElement) and not _inside(el, body_roots):
                block = caption_block(el)
                if block is not None:
                    raw.append(block)
    if chosen is None and body_roots:
        found_lead = generic_lead(root, body_roots, page, headline)
        opening = intro_paragraphs(found_lead[1], page) if found_lead is not None else []
        if opening:  # an intro box of several paragraphs opens the body; it is no standfirst
            raw.extend(RawBlock("paragraph", text) for text in opening)
        elif found_lead is not None:
            raw.append(RawBlock("lead", found_lead[0]))
            if _inside(found_lead[1], body_roots):  # a standfirst inside the container: not read again
                roles[found_lead[1]] = "drop"
                body_roots = [b for b in body_roots if b is not found_lead[1]]  # nor as a part of its own
        raw.extend(scope_captions(root, body_roots, page, headline))
    raw.extend(walk(body_roots, ctx))
    raw = settle_leads(raw)
    if chosen is None:  # the learned block classifier drops the container's furniture
        raw = drop_dangling_headings(blockmodel.filter_blocks(raw, body_roots))
        raw = drop_kickers(raw, body_roots, headline)
        raw = dateline_byline(raw)
        if not any(b.role == "lead" for b in raw):
            raw = bold_lead(raw)
    body_chars = sum(text_weight(b.text) for b in raw if b.role in {"paragraph", "heading"})
    if chosen is None:
        ld_body = ld_article_body(ld)
        if len(ld_body) >= LD_BODY_MIN_CHARS and len(ld_body) > LD_BODY_GAIN * body_chars:
            # the chosen container is far shorter than the page's own articleBody: trust the latter
            raw = [b for b in raw if b.role not in {"paragraph", "heading", "byline"}]
            raw.extend(RawBlock("paragraph", line) for line in ld_paragraphs(ld_body, ctx))
            body_chars = sum(text_weight(b.text) for b in raw if b.role == "paragraph")
    if body_chars < MIN_BODY_CHARS:
        # no article here (home page, 404 template): nothing guessed
        raw = [b for b in raw if b.role not in {"paragraph", "heading", "byline"}]
    if chosen is not None:
        for el in select(root, chosen.related):
            if isinstance(el, lhtml.HtmlElement) and not _inside(el, body_roots):
                raw.extend(related_links(el, ctx))

    section = None
    if chosen is not None and chosen.section:
        section = next(iter(_texts(select(root, chosen.section), page)), None)
    if section is None:
        section = next(iter(metas.get("article:section", [])), None)
    authors: list[str] = []
    if chosen is not None and chosen.authors:
        for text in _texts(select(root, chosen.authors), page):
            authors.extend(clean_author(text))
    if not authors and (chosen is None or not chosen.authors):
        for block in raw:
            if block.role == "byline":
                line = clean_author(block.text)
                authors.extend(marked_names_over(line, lambda: ld_authors(ld) + page_authors(root, headline)))
    if not authors and (chosen is None or not chosen.authors):
        authors = ld_authors(ld)
    if not authors and (chosen is None or not chosen.authors):
        authors = page_authors(root, headline)
    if not authors and (chosen is None or not chosen.authors):
        for value in metas.get("author", []) + metas.get("article:author", []):
            if not value.startswith("http"):
                authors.extend(clean_author(value))
    authors = list(dict.fromkeys(authors))
    if chosen is None:  # the writer's biography, a label left with nothing after it: not the story
        raw = tail_furniture(raw, authors)

    shown_pub = shown_mod = None
    if chosen is not None:
        shown_pub = next(iter(_texts(select(root, chosen.date), page)), None)
        shown_mod = next(iter(_texts(select(root, chosen.modified), page)), None)
    scope = None
    if body_roots:
        scope = next(body_roots[0].iterancestors("article"), None)
        if scope is None:
            parent = body_roots[0].getparent()
            scope = parent.getparent() if parent is not None else None
    published, local_date, modified = page_dates(
        root, metas, ld, scope, (shown_pub, shown_mod), base, timezone, doc.text
    )
    body_text = " ".join(b.text for b in raw if b.role in {"paragraph", "heading", "lead"})
    blocks = tuple(
        Block(role=b.role, text=b.text, position=i, credit=b.credit, url=b.url) for i, b in enumerate(raw)
    )
    images = _images(root, body_roots, base)
    description = next(iter(metas.get("og:description", []) + metas.get("description", [])), None)
    meta = PageMeta(
        title=title,
        canonical_url=canonical_url(root, metas, base),
        published=published,
        published_local_date=local_date,
        modified=modified,
        authors=tuple(authors),
        section=clean_display(section) if section else None,
        tags=tuple(_tags(root, chosen, section, page)),
        language=detect_language(body_text or title or "", hint=declared_language(root, metas)),
        description=clean_display(description) if description else None,
        images=tuple(images),
    )
    return Cleaned(blocks=blocks, meta=meta)
