"""Authors: bylines in the page's own words (كتب:, بقلم, By, Por, Von…), author markup and JSON-LD, names only."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from lxml import html as lhtml

from pipeline.core.text import clean_display, fold_arabic
from pipeline.extract.html.blocks import class_words, element_text
from pipeline.extract.html.datelines import _following
from pipeline.extract.html.meta import _ld_articles

# Byline words in the page's own language: Arabic (كتب, بقلم, إعداد…), English, Spanish/Portuguese
# (Por), German (Von), French (Par), Italian (Di), Dutch (Door), Scandinavian (Av/Af), "Autor", "Text".
_BYLINE_WORDS = (
    r"تصوير وإعداد|إعداد وتصوير|نشر بواسطة|نشرت بواسطة|بواسطة|eingestellt\s+von|gepostet\s+von|publié\s+par|publicado\s+por|كتبت|كتب|بقلم|حاورته|حاورها|حاوره|أجرى الحوار|اجرى الحوار|أجرت الحوار|اجرت الحوار|حوار|إعداد|اعداد|تقرير|متابعة|تحرير|written\s+by|posted\s+by|reported\s+by|by|por|von|"
    r"par|di|door|av|af|autor(?:in|a)?|auteur|author|text|texto|reportage|yazan|muhabir|نویسنده|خبرنگار|מאת"
)
_AUTHOR_PREFIX = re.compile(rf"^\s*(?:{_BYLINE_WORDS})(?:\s*[:：\-–]\s*|\s+)", re.I)
# a byline label after a dateline's place: "أبوظبي - متابعة: NAME", "Paris | Texte : NAME"
_LATE_LABEL = re.compile(rf"[\s\-–—|]\s*(?:{_BYLINE_WORDS})\s*[:：]\s*(?=\S)", re.I)
_BYLINE_START = re.compile(rf"^\s*(?:{_BYLINE_WORDS})(?:\s*[:：\-–]\s*|\s+)(?=\S)", re.I)
_AUTHOR_SPLIT = re.compile(r"\s*(?:،|,|;|\band\b|\bund\b|\by\b|\bet\b|\be\b|&|\s+و(?=\s*[\u0600-\u06ff]))\s*")
# What follows a name in a byline box: a role, an outlet, a follow button ("Jane Doe | Staff Writer").
# ... or the date and reading time run on after it ("بقلم يوسف الحربي·11 سبتمبر 2024", "NAME 03 ديسمبر 2018")
_AUTHOR_TAIL = re.compile(
    r"\s+[|•·–—/]\s+.*$|\s+-\s+.*$|\s*[|•·]\s*\d.*$|\s+\d{1,2}\s+[^\W\d]+\s+\d{4}(?:\D.*)?$"
    r"|\s+(?i:quelle|source|fuente|fonte|المصدر)\s*:.*$"
)
# an academic or professional title before the name: the name is what follows
_NAME_TITLE = re.compile(
    r"^(?:د\.|د\s|الدكتورة?\s|دكتورة?\s|المهندسة?\s|م\.\s|الأستاذة?\s|أ\.\s|dr\.?\s|prof\.?\s)\s*", re.I
)
# "مراسلنا في البحر الميت - NAME": the correspondent's post, then the name
_CORRESPONDENT = re.compile(
    r"^(?:مراسل(?:نا|تنا|ة|ه)?|موفد(?:نا|تنا|ة)?)\s+(?:في|من|ب)\s*[^-–—:]{2,40}[-–—:]\s*(?=\S)"
)
_NOT_A_NAME = re.compile(
    r"\b(?:staff|writer|editor|reporter|correspondent|contributor|columnist|follow|sponsored|updated|"
    r"published|posted\s+on|min(?:ute)?s?\s+read|articles?|artikel|beiträge|posts|view\s+all|more\s+from|newsdesk|commentary\s+by|redaktion|redacción|rédaction|news\s+desk|ph\.?d|officer|head\s+of)\b"
    r"|^(?:le|la|les|on|am|el|the|de|du|sunday|monday|tuesday|wednesday|thursday|friday|saturday"
    r"|dimanche|lundi|mardi|mercredi|jeudi|vendredi|samedi|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس"
    r"|الجمعة|السبت)$"
    r"|مراسل|محرر|تحرير\s+الموقع|^(?:قسم|فريق|وحدة|مكتب|شعبة)\s|^(?:هيئة|أسرة|اسرة)\s+التحرير$|^(?:admin|administrator|editor|staff|guest|unknown|anonymous|anonym|red)$",
    re.I,
)
# Degrees and licences written after a name ("Lauren Doe MS, RDN, LD", "John Roe, MD"): not names
_CREDENTIAL = re.compile(
    r"^(?:MD|M\.D\.|PhD|Ph\.D\.|MS|MSc|MA|MPH|MBA|JD|RN|RD|RDN|LD|LDN|CDN|CDCES|DO|DDS|DVM|NP|PA-C|CPA|CFA|LCSW|FACP|MSN|BSN)$"
)
_DATELINE = re.compile(r"\s*\([^()]*\)\s*")
# an Arabic byline box that opens with the dateline's place: "الشارقة: محمد إبراهيم", "الموصل - نور يونس",
# "بغداد / حيدر الكناني"
_PLACE_FIRST = re.compile(
    r"^(?:[\u0600-\u06ff]+(?:\s[\u0600-\u06ff]+)?\s*[:：]|[\u0600-\u06ff]+\s+[-–—/]\s)\s*(?=[\u0600-\u06ff]+\s+[\u0600-\u06ff])"
)


def clean_author(text: str) -> list[str]:
    """Names from a byline: prefixes (كتب, بقلم, By, Por, Von…) and datelines dropped, co-authors split,
    roles and outlets after the name ("| Staff Writer") left out."""
    text = clean_display(text)
    late = _LATE_LABEL.search(text)
    if late is not None and not _AUTHOR_PREFIX.match(text):
        text = text[late.end() :]
    text = _AUTHOR_PREFIX.sub("", text)
    text = _CORRESPONDENT.sub("", text, count=1)
    text = _PLACE_FIRST.sub("", text, count=1)
    text = _DATELINE.sub(" ", text).strip(" -–—:")
    text = _AUTHOR_TAIL.sub("", text)
    names = []
    for part in _AUTHOR_SPLIT.split(text):
        part = _NAME_TITLE.sub("", _AUTHOR_PREFIX.sub("", part).strip(" -–—:."))
        words = part.split()
        while len(words) > 1 and _CREDENTIAL.match(words[-1]):
            words.pop()  # "Lauren Doe MS"
        part = " ".join(words)
        if _CREDENTIAL.match(part):
            continue  # "RDN" after a comma
        if (
            2 <= len(part) <= 60
            and len(part.split()) <= 6
            and not part.lower().startswith(("http", "www", "@"))
            and "@" not in part
            and "/" not in part
            and not re.search(r"\w\.\w{2,}", part)  # a host name, not a person
            and not re.search(r"\d", part)
            and not _NOT_A_NAME.search(part)
            and not _BYLINE_ONLY.match(part)
        ):
            names.append(part)
    return names


BYLINE_SCAN_MAX = 90  # a byline line under the headline is this short (what follows the name cut there)
_BYLINE_ONLY = re.compile(rf"^(?:{_BYLINE_WORDS})$", re.I)
_AUTHOR_HREF = re.compile(
    r"/(?:author|authors|autor|autoren|auteur|journalist|journalists|writers?|byline|profile|staff|people)s?/",
    re.I,
)
_AUTHOR_CLASS_WORDS = frozenset(
    ["byline", "author", "authors", "writer", "writeby", "reporter", "autor", "auteur", "columnist"]
)
# boxes whose names are other stories' or the site's ("more-opinion": the other columns and their writers)
_SKIP_CLASS_WORDS = frozenset(
    ["comment", "comments", "related", "footer", "sidebar", "widget", "bio", "recommended", "more"]
)


# "post-footer", "widget Blog": the story's own footer, the widget that is the blog's main column
_STORY_WORDS = frozenset(["post", "entry", "article", "story", "blog", "main"])


def _skipped_box(el: lhtml.HtmlElement) -> bool:
    """Comments, related boxes, sidebars and the site's footer; not a story's own footer ("post-footer")
    nor a blog's main widget."""
    words = class_words(el)
    skipped = words & _SKIP_CLASS_WORDS
    if skipped and skipped <= {"footer", "widget"} and words & _STORY_WORDS:
        return False
    return bool(skipped) or (el.tag == "footer" and not words & _STORY_WORDS)


_AUTHORISH = re.compile(r"author|byline|writ|reporter|autor|auteur|columnist", re.I)  # the same words below
_NOT_BYLINE_TAGS = frozenset(["meta", "link", "script", "style", "body", "html"])


def _byline_elements(root: lhtml.HtmlElement) -> Iterator[lhtml.HtmlElement]:
    """Elements that mark a byline: rel=author, itemprop=author, class/id author/byline words."""
    # libxml2 hands over the attribute values (a walk over every element costs milliseconds on a big
    # page); a regex on each short value keeps the few that mention an author, in document order
    seen: set[lhtml.HtmlElement] = set()
    for value in root.xpath(".//@class|.//@id|.//@rel|.//@itemprop"):
        if value.isascii():  # _AUTHORISH on lower-cased ASCII as plain substring tests: several times faster
            low = value.lower()
            if not (
                "author" in low
                or "byline" in low
                or "writ" in low
                or "reporter" in low
                or "autor" in low
                or "auteur" in low
                or "columnist" in low
            ):
                continue
        elif not _AUTHORISH.search(value):
            continue
        el = value.getparent()
        if el is None or el in seen or not isinstance(el.tag, str) or el.tag in _NOT_BYLINE_TAGS:
            continue
        seen.add(el)
        rel, prop = el.get("rel"), el.get("itemprop")
        if ("author" in (rel or "").lower().split() or (prop or "").lower() == "author") or class_words(
            el
        ) & _AUTHOR_CLASS_WORDS:
            yield el


def _names_in(el: lhtml.HtmlElement) -> list[str]:
    """The names one byline element carries: its itemprop=name, author links, else its own text."""
    names: list[str] = []
    # the publisher's own name may sit in the byline box too (itemprop=publisher): not an author
    marked = el.xpath(".//*[@itemprop='name'][not(ancestor::*[@itemprop='publisher'])]")
    links = [
        a
        for a in el.iter("a")
        if "author" in (a.get("rel") or "") or _AUTHOR_HREF.search(a.get("href") or "")
    ]
    for node in marked or links:
        value = node.get("content") or element_text(node)
        if value:
            names.extend(clean_author(value))
    if names:
        return names
    value = el.get("content") if el.tag == "meta" else element_text(el)
    if value and len(value) < 120:
        return clean_author(value)
    return []


def page_authors(root: lhtml.HtmlElement, headline: lhtml.HtmlElement | None = None) -> list[str]:
    """Names from the page's byline: the first element marked as one (rel/itemprop/class author), not in
    comments, related boxes or footers; else a short line under the headline that starts with a byline
    word in the page's own language ("كتب: …", "Por …", "Von …")."""
    for el in _byline_elements(root):
        # (<body>'s classes describe the page's layout, "right-sidebar" on every WordPress page: no box)
        if any(_skipped_box(a) for a in el.iterancestors() if a.tag not in {"body", "html"}):
            continue
        if class_words(el) & _SKIP_CLASS_WORDS:
            continue
        names = _names_in(el)
        parent = el.getparent()
        if names and parent is not None and (el.get("rel") or el.get("itemprop")):
            # co-authors: the other marked elements beside this one ("By <a rel=author>…</a> and <a…>")
            for other in _byline_elements(parent):
                if other is not el and other.getparent() is parent:
                    names.extend(_names_in(other))
        if names:
            return list(dict.fromkeys(names))
    h1 = headline if headline is not None else next(root.iter("h1"), None)
    if h1 is None:
        return []
    for seen, el in enumerate(_following(h1)):
        if seen >= 40:
            break
        text = " ".join((el.text or "").split())
        first = next((c for c in el if isinstance(c.tag, str)), None)
        if first is not None and _BYLINE_ONLY.match(
            text.rstrip(" -–—:：")
        ):  # "Par <span>NAME</span>", "كتب - <a>NAME</a>"
            text = f"{text} {' '.join(element_text(first).split())}"  # the word and the name after it
        if 4 <= len(text) < BYLINE_SCAN_MAX and _BYLINE_START.match(text):
            names = clean_author(text)
            if names:
                return names
    return []


def marked_names_over(names: list[str], marked: Callable[[], list[str]]) -> list[str]:
    """A byline line's names, where one runs on past a name the page marks as its author (JSON-LD,
    rel/itemprop author) cut to that name, and what followed it on the line (the outlet) dropped:
    "Kayla Doe USA TODAY" where the page marks "Kayla Doe", "Jeff RoeESPN" glued to a logo's text,
    "Sam Doe Worcester Telegram & Gazette"."""
    known: list[str] | None = None
    for i, name in enumerate(names):
        if known is None:
            known = marked()
        low = name.lower()
        cut = next((k for k in known if low != k.lower() and low.startswith(k.lower())), None)
        if cut is not None:
            return list(dict.fromkeys([*names[:i], cut]))
    return names


def ld_authors(ld: list[dict[str, Any]]) -> list[str]:
    """Person names from JSON-LD article objects (organisations skipped)."""
    names: list[str] = []
    for obj in _ld_articles(ld):
        author = obj.get("author")
        items = author if isinstance(author, list) else [author]
        for item in items:
            if isinstance(item, dict) and str(item.get("@type", "Person")).lower() == "person":
                name = item.get("name")
                if isinstance(name, str):
                    names.extend(clean_author(name))
            elif isinstance(item, str) and not item.startswith("http"):
                names.extend(clean_author(item))
    return names


# the first paragraph "PLACE – NAME" ("أمزميز – عبد الرحيم أيت باها", "الكويت - يوسف العنزي"): a byline
_DATELINE_NAME = re.compile(
    r"^[\u0600-\u06ff]+(?:\s[\u0600-\u06ff]+)?\s+[-–—]\s+(?P<name>[\u0600-\u06ff]+(?:\s[\u0600-\u06ff]+){1,3})$"
)


def dateline_byline(raw: list[Any]) -> list[Any]:
    """The blocks with a first paragraph "PLACE – NAME" read as the byline when NAME has a person's
    shape: two to four words, none a letter alone (an agency's initials, "القاهرة - أ ش أ"), the first
    without the article (an agency or a desk, "بيروت - الوكالة الوطنية"), no outlet or desk word."""
    first = next((i for i, b in enumerate(raw) if b.role == "paragraph"), None)
    if first is None:
        return raw
    found = _DATELINE_NAME.match(raw[first].text)
    if found is None:
        return raw
    words = found.group("name").split()
    if any(len(w) < 2 for w in words) or fold_arabic(words[0]).startswith("ال"):
        return raw
    if _NOT_A_NAME.search(found.group("name")) or not clean_author(found.group("name")):
        return raw
    out = list(raw)
    out[first] = replace(raw[first], role="byline")
    return out
